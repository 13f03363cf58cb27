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
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return arrayJson(value);
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      return objectJson(value as Record<string, unknown>);
    default:
      throw new TypeError(`Cannot encode a ${typeof value} canonically`);
  }
}

function arrayJson(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    out += (i ? ',' : '') + (item === undefined ? 'null' : canonicalJson(item));
  }
  return `${out}]`;
}

function objectJson(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  // Most objects are built with their keys in order already; sorting is then skipped.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
