/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no insignificant white space,
 * numbers as JavaScript prints them, strings as JSON.stringify escapes them. `undefined`
 * members are dropped; non-finite numbers, BigInts and other non-JSON values are refused,
 * so that two encoders can never disagree about the bytes that are hashed or signed.
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
      const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`Cannot encode a ${typeof value} canonically`);
  }
}
