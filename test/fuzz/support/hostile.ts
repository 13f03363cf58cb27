import fc from 'fast-check';
import type { Schema } from './openapi.js';

/** Strings that have broken services before: injections, traversal, Unicode corner cases, numbers in disguise. */
export const NASTY_STRINGS = [
  '',
  ' ',
  "'",
  '"',
  "' OR '1'='1",
  "'; DROP TABLE tenants; --",
  '1; SELECT pg_sleep(5)--',
  "admin'--",
  '" OR ""="',
  '%27%20OR%201%3D1',
  "') UNION SELECT NULL, version() --",
  '$1',
  '\\',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32',
  '....//....//',
  '%2e%2e%2f',
  '%00',
  '\u0000',
  'a\u0000b',
  '%',
  '%zz',
  '\uFEFF',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D',
  'e\u0301\u0301\u0301\u0301',
  '\uD800',
  '\uDFFF\uD800',
  '👩‍👩‍👧‍👦',
  '𝕏𝕐ℤ',
  'ﷺ',
  'İıſK',
  '\r\n\r\nX-Injected: 1',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '0x7fffffff',
  '99999999999999999999999',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30T25:61:61Z',
  '0000-00-00',
  '+275760-09-13T00:00:00.000Z',
  // ISO 8601 in forms a strict ISO check passes but Date cannot read: basic, week, ordinal; and days no calendar has.
  '20270101T000000Z',
  '2027-W01-1T00:00:00Z',
  '2027-001T00:00:00Z',
  '2026-02-30',
  '2025-02-29',
  'P9999999999D',
  'tenant:',
  'tenant:../platform',
  'platform',
  'credit-approval@',
  '@1.0.0',
  'credit-approval@../../1.0.0',
  'credit-approval@9999999999.0.0',
];

/** Hostile text: the list above, arbitrary code points (lone surrogates included), or something very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom('x', 'é', '𝕏', '\u0000', "'", '../', '%'), fc.integer({ min: 1000, max: 300_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length))), weight: 1 },
);

/** A JSON value nested `depth` levels deep, as arrays or objects. */
export function nested(depth: number, asObject: boolean, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

const deepValue = fc.tuple(fc.constantFrom(20, 200, 2000), fc.boolean()).map(([depth, asObject]) => nested(depth, asObject));

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, tilted towards the ones that break things. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 2 },
  { arbitrary: fc.constantFrom(true, false, null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', '', '$where', '$gt'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), weight: 1 },
);

/** Valid-looking values of the ids Warden has, so that some calls get past the first lookup. */
export interface Known {
  uuids: string[];
  strings: string[];
}

const isoDate = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString());

/** A value for `schema`: often the right type (to reach the service behind the validation), sometimes anything at all. */
export function valueFor(schema: Schema, known: Known, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plausible(schema, known, depth), weight: 3 }, { arbitrary: hostileValue, weight: 1 });
}

function plausible(schema: Schema, known: Known, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return hostileValue;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => plausible(s, known, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...known.uuids), fc.uuid());
      if (schema.format === 'date-time' || schema.format === 'date') return fc.oneof(isoDate, isoDate.map((d) => d.slice(0, 10)), hostileString);
      return fc.oneof(fc.constantFrom(...known.strings), hostileString, fc.string({ maxLength: 12 }));
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: Math.ceil(schema.minimum ?? -5), max: Math.max(Math.ceil(schema.minimum ?? -5), Math.floor(Math.min(schema.maximum ?? 1_000_000, 1_000_000))) }), hostileNumber);
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'array':
      return fc.array(schema.items ? plausible(schema.items, known, depth + 1) : hostileValue, { maxLength: 4 });
    case 'object':
    case undefined:
      if (schema.properties) return objectFor(schema, known, depth);
      return fc.dictionary(fc.oneof(fc.constantFrom(...known.strings), hostileString.filter((s) => s.length < 200)), hostileValue, { maxKeys: 4 });
    default:
      return hostileValue;
  }
}

/** An object with some of the schema's properties (each plausible or hostile) and sometimes extra ones. */
export function objectFor(schema: Schema, known: Known, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([name, s]) =>
    fc.option(valueFor(s, known, depth + 1), { freq: required.has(name) ? 8 : 2, nil: undefined }).map((v) => [name, v] as const),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'tenantId', 'id', 'role', 'isAdmin'), hostileValue), weight: 1 },
  );
  return fc.tuple(fc.tuple(...fields), extra).map(([pairs, more]) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of pairs) if (value !== undefined) out[name] = value;
    if (more) Object.defineProperty(out, more[0], { value: more[1], enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/** Bodies that are not JSON, or JSON that is broken, huge or deep beyond reason. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', "{'a':1}", '{"a":NaN}', '{"a":1,}', '\uFEFF{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '"just a string"', '12', 'null', '[]', '{"a":1,"a":2}'),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.tuple(fc.constantFrom(1000, 20_000, 200_000), fc.constantFrom('[', '{"a":')).map(([n, open]) => open.repeat(n) + (open === '[' ? ']'.repeat(n) : `1${'}'.repeat(n)}`)),
  fc.integer({ min: 1_050_000, max: 1_300_000 }).map((n) => JSON.stringify({ name: 'x'.repeat(n) })),
);

/** A value the schema's own examples, enums and defaults make: what a well-behaved client would send. */
export function exampleOf(schema: Schema, known: Known, depth = 0): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return exampleOf(alternatives[0], known, depth + 1);
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? known.uuids[0] : schema.format?.startsWith('date') ? new Date(Date.now() + 86_400_000).toISOString() : known.strings[0];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !schema.items ? [] : [exampleOf(schema.items, known, depth + 1)];
    default:
      if (depth > 4 || !schema.properties) return {};
      return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, exampleOf(v, known, depth + 1)]));
  }
}

/** The example with one field replaced by something hostile, or dropped: gets past most checks to the one under test. */
export function mutatedExample(schema: Schema, known: Known): fc.Arbitrary<unknown> {
  const base = exampleOf(schema, known);
  if (typeof base !== 'object' || base === null || Array.isArray(base) || !Object.keys(base).length) return fc.constant(base);
  const keys = Object.keys(base);
  return fc.oneof(
    fc.constant(base),
    fc.tuple(fc.constantFrom(...keys), hostileValue).map(([key, value]) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))),
  );
}
