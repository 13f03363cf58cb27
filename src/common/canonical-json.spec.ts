import { canonicalJson } from './canonical-json.js';

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
});
