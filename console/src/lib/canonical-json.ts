/**
 * Canonical JSON exactly as Warden signs it (src/common/canonical-json.ts): keys sorted by UTF-16
 * code units, no white space, numbers and strings as JSON.stringify writes them. The console
 * re-encodes a checkpoint with it to check the signature in the browser.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot encode ${value} canonically`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${Array.from(value, (v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`Cannot encode a ${typeof value} canonically`);
  }
}
