import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

/** The definition, written the plain way: what the encoder must agree with byte for byte. */
function reference(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${Array.from(value, (v) => reference(v === undefined ? null : v)).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(object[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 1, x: 2 }, a: undefined }, '{"z":{"x":2,"y":1}}'],
    [[undefined, 1.5, -0, 1e21], '[null,1.5,0,1e+21]'],
    // eslint-disable-next-line no-sparse-arrays
    [[, 1], '[null,1]'],
    [{ 'é': 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
    ['line\nbreak "quoted" \u2028', '"line\\nbreak \\"quoted\\" \u2028"'],
    [new Date('2026-11-22T00:00:00Z'), '"2026-11-22T00:00:00.000Z"'],
  ])('encodes %p as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('is independent of key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it.each([NaN, Infinity, 10n, () => 1, Symbol('s')])('refuses %p', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('agrees with the plain definition on arbitrary JSON, keys in any order, undefined members included', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
      object: fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 6 }),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });
});
