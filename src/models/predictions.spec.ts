import type { OutputSchema } from './model-schema.js';
import { decodeOutputs, scoreOf } from './predictions.js';

describe('decodeOutputs', () => {
  it('labels binary scores against the threshold', () => {
    const out = decodeOutputs({ kind: 'binary', labels: ['deny', 'approve'], threshold: 0.6, scoreName: 'approval' }, Float32Array.from([0.59, 0.6, 0.9]), 3);
    expect(out.map((p) => p.label)).toEqual(['deny', 'approve', 'approve']);
    expect(scoreOf(out[2])).toBeCloseTo(0.9, 6);
  });

  it('takes the arg-max class of multiclass probabilities', () => {
    const out = decodeOutputs({ kind: 'multiclass', labels: ['a', 'b', 'c'] }, Float32Array.from([0.2, 0.5, 0.3, 0.7, 0.2, 0.1]), 2);
    expect(out.map((p) => p.label)).toEqual(['b', 'a']);
    expect(out[0]).toEqual({ label: 'b', probabilities: { a: expect.closeTo(0.2, 6), b: expect.closeTo(0.5, 6), c: expect.closeTo(0.3, 6) } });
    expect(scoreOf(out[1])).toBeCloseTo(0.7, 6);
  });

  it('refuses an answer of another shape than one value a row (binary) or one a label', () => {
    expect(() => decodeOutputs({ kind: 'binary', labels: ['deny', 'approve'], threshold: 0.5, scoreName: 'p' }, Float32Array.from([0.1, 0.9, 0.2, 0.8]), 2)).toThrow(/2 rows with 4 values, not 1 a row/);
    expect(() => decodeOutputs({ kind: 'multiclass', labels: ['a', 'b', 'c'] }, Float32Array.from([0.2, 0.5, 0.3]), 2)).toThrow(/not 3 a row/);
  });
});

describe('decodeOutputs on outputs that are not numbers', () => {
  const binary: OutputSchema = { kind: 'binary', labels: ['deny', 'approve'], threshold: 0.5, scoreName: 'approval' };
  const twoClasses: OutputSchema = { kind: 'multiclass', labels: ['a', 'b'] };
  it.each([
    [[0.1, 0.9, 0.5], 1, -1],
    [[0.1, NaN, 0.5], 1, 1],
    [[0.2, 0.8, 0.3, 0.7, Infinity, 0.1], 2, 2],
    [[0.2, 0.8, -Infinity, 0.7], 2, 1],
  ])('finds the first row of %j (%i values a row) the model gave no number: %i', (values, perRow, row) => {
    const decode = () => decodeOutputs(perRow === 1 ? binary : twoClasses, Float32Array.from(values), values.length / perRow);
    if (row === -1) expect(decode).not.toThrow();
    else expect(decode).toThrow(expect.objectContaining({ name: 'UncomputableRow', row }));
  });
});
