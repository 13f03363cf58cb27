import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeRows } from './encoding.js';
import { antitheticPermutations, enforceEfficiency, explainLinear, explainShapley, explainSoftmaxLinear, type BatchPredictor } from './explain.js';
import type { EncodingSpec } from './model-schema.js';
import { logisticOnnx, mlpOnnx } from './onnx-builder.js';
import { float32Json } from './training/artefact.js';
import { baselineSample, creditDataset } from './training/credit-dataset.js';
import { trainLogistic } from './training/logistic.js';
import { logit, takeRows } from './training/matrix.js';
import { trainMlp } from './training/mlp.js';

const toy: EncodingSpec = {
  version: 1,
  steps: [
    { kind: 'standardize', feature: 'x', mean: 100, std: 50 },
    { kind: 'one-hot', feature: 'c', values: ['a', 'b', 'c'] },
  ],
};

/** A predictor computed in TypeScript, counting its calls. */
function jsPredictor(f: (row: Float32Array) => number): BatchPredictor & { calls: number } {
  const p = async (batch: Float32Array, rows: number) => {
    p.calls++;
    const width = batch.length / rows;
    return Float32Array.from({ length: rows }, (_, r) => f(batch.subarray(r * width, (r + 1) * width)));
  };
  p.calls = 0;
  return p;
}

function ortPredictor(session: InferenceSession, width: number): BatchPredictor {
  return async (batch, rows) => (await session.run({ input: new Tensor('float32', batch, [rows, width]) })).score.data as Float32Array;
}

describe('linear explanations', () => {
  it('credits each feature with w·x over its columns, in logit space', () => {
    const spec = { kind: 'linear' as const, space: 'logit' as const, weights: [2, 0.5, -1, 0], bias: 0.3 };
    const [e] = explainLinear(spec, toy, encodeRows(toy, [{ x: 150, c: 'b' }]), 1);
    expect(e).toEqual({ space: 'logit', base: 0.3, contributions: [{ feature: 'x', value: 2 }, { feature: 'c', value: -1 }], output: expect.closeTo(1.3, 12) });
  });

  it('explains the class it is asked about for a softmax model', () => {
    const spec = { kind: 'linear-softmax' as const, space: 'logit' as const, weights: [[1, 0, 0, 0], [-1, 0, 3, 0]], biases: [0, 0.5] };
    const encoded = encodeRows(toy, [{ x: 200, c: 'b' }, { x: 100, c: 'a' }]);
    const [first, second] = explainSoftmaxLinear(spec, toy, encoded, 2, [1, 0]);
    expect(first.contributions).toEqual([{ feature: 'x', value: -2 }, { feature: 'c', value: 3 }]);
    expect(first.output).toBe(1.5);
    expect(second.output).toBe(0);
  });

  it('refuses weights of the wrong width', () => {
    const spec = { kind: 'linear' as const, space: 'logit' as const, weights: [1, 2], bias: 0 };
    expect(() => explainLinear(spec, toy, encodeRows(toy, [{ x: 1, c: 'a' }]), 1)).toThrow(/2 weights for 4/);
  });
});

describe('sampling Shapley values', () => {
  const baseline = { rows: 2, data: Array.from(encodeRows(toy, [{ x: 50, c: 'a' }, { x: 150, c: 'c' }])) };

  it('are exact for an additive model: a·(x − mean baseline) per feature', async () => {
    const a = [0.5, 0.1, -0.2, 0.3];
    const predictor = jsPredictor((row) => row.reduce((s, v, j) => s + a[j] * v, 0.05));
    const encoded = encodeRows(toy, [{ x: 200, c: 'b' }]);
    const [e] = await explainShapley({ predictor, encoding: toy, baseline, permutations: 4, seed: 1 }, encoded, 1);
    // x: 0.5·(2 − mean(−1, 1)) = 1; c: −0.2 − mean(0.1, 0.3) = −0.4; base: mean(0.05 − 0.5 + 0.1, 0.05 + 0.5 + 0.3) = 0.25.
    expect(e.base).toBeCloseTo(0.25, 6);
    expect(e.contributions.map((c) => c.value)).toEqual([expect.closeTo(1, 6), expect.closeTo(-0.4, 6)]);
  });

  it('split an interaction evenly, as the Shapley value does', async () => {
    // f = [x > 0]·[c = b]: from baseline (x = −1, c = a) to (x = 1, c = b) each feature gets ½.
    const predictor = jsPredictor((row) => (row[0] > 0 && row[2] === 1 ? 1 : 0));
    const oneRow = { rows: 1, data: baseline.data.slice(0, 4) };
    const [e] = await explainShapley({ predictor, encoding: toy, baseline: oneRow, permutations: 2, seed: 9 }, encodeRows(toy, [{ x: 150, c: 'b' }]), 1);
    expect(e.contributions).toEqual([{ feature: 'x', value: 0.5 }, { feature: 'c', value: 0.5 }]);
    expect(e).toMatchObject({ base: 0, output: 1 });
  });

  it('are the same whatever the batch size, and per row whatever else is in the call', async () => {
    const f = (row: Float32Array) => Math.tanh(row[0] * row[1] - row[3]) + row[0] * row[0];
    const rows = encodeRows(toy, [{ x: 20, c: 'b' }, { x: 180, c: 'c' }, { x: 90, c: 'a' }]);
    const small = jsPredictor(f);
    const big = jsPredictor(f);
    const options = { encoding: toy, baseline, permutations: 6, seed: 4 };
    const a = await explainShapley({ ...options, predictor: small, maxBatchRows: 3 }, rows, 3);
    const b = await explainShapley({ ...options, predictor: big }, rows, 3);
    const alone = await explainShapley({ ...options, predictor: jsPredictor(f) }, rows.subarray(4, 8), 1);
    expect(a).toEqual(b);
    expect(alone[0]).toEqual(b[1]);
    expect(big.calls).toBe(2);
    expect(small.calls).toBeGreaterThan(10);
  });
});

describe('efficiency adjustment', () => {
  it.each([
    [[1, 2], [1, 1], 4, [1.5, 2.5]],
    [[1, 2], [0, 3], 4, [1, 3]],
    [[1, 2, 3], [0, 0, 0], 3, [0, 1, 2]],
    [[0.5, -0.5], [2, 2], 0, [0.5, -0.5]],
  ])('moves %p (variances %p) to sum to %p', (values, variances, target, want) => {
    expect(enforceEfficiency(values, variances, target)).toEqual(want);
  });

  it('pairs every sampled permutation with its reverse', () => {
    const orders = antitheticPermutations(5, 3, 42).map((p) => Array.from(p));
    expect(orders).toHaveLength(4);
    expect(orders[1]).toEqual([...orders[0]].reverse());
    expect(orders[3]).toEqual([...orders[2]].reverse());
    for (const p of orders) expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(antitheticPermutations(5, 3, 42).map((p) => Array.from(p))).toEqual(orders);
  });
});

describe('additivity on served models (onnxruntime)', () => {
  const data = creditDataset();
  const x = takeRows(data.xTest, Int32Array.from({ length: 20 }, (_, i) => i * 7));

  it('logistic: base + Σ contributions = logit of the served score', async () => {
    const trained = trainLogistic(data.xTrain, data.train.map((a) => a.approved), { l2: 1e-3 });
    const weights = float32Json(trained.weights);
    const [bias] = float32Json([trained.bias]);
    const session = await InferenceSession.create(logisticOnnx('credit-approval@test', { weights: Float64Array.from(weights), bias }));
    const scores = await ortPredictor(session, x.cols)(x.data, x.rows);
    const explanations = explainLinear({ kind: 'linear', space: 'logit', weights, bias }, data.encoding, x.data, x.rows);
    explanations.forEach((e, r) => {
      expect(e.contributions.map((c) => c.feature)).toEqual(data.encoding.steps.map((s) => s.feature));
      expect(Math.abs(e.base + e.contributions.reduce((s, c) => s + c.value, 0) - e.output)).toBeLessThan(1e-12);
      expect(Math.abs(e.output - logit(scores[r]))).toBeLessThan(1e-4);
      expect(Math.abs(1 / (1 + Math.exp(-e.output)) - scores[r])).toBeLessThan(1e-6);
    });
  });

  it('MLP: base + Σ Shapley values = served score, base = mean served score on the baseline', async () => {
    const model = trainMlp(data.xTrain, data.train.map((a) => a.defaulted), { seed: 3, hidden: 8, epochs: 3 });
    const session = await InferenceSession.create(mlpOnnx('credit-risk@test', model));
    const predictor = ortPredictor(session, x.cols);
    const background = baselineSample(data.xTrain, 16, 2);
    const options = { predictor, encoding: data.encoding, baseline: { rows: background.rows, data: background.data }, permutations: 8, seed: 7 };
    const explanations = await explainShapley(options, x.data, x.rows);
    const served = await predictor(x.data, x.rows);
    const baseScores = await predictor(background.data, background.rows);
    const base = baseScores.reduce((s, v) => s + v, 0) / background.rows;
    explanations.forEach((e, r) => {
      expect(e.base).toBeCloseTo(base, 12);
      expect(e.output).toBe(served[r]);
      expect(Math.abs(e.base + e.contributions.reduce((s, c) => s + c.value, 0) - served[r])).toBeLessThan(1e-12);
      expect(e.contributions.some((c) => Math.abs(c.value) > 1e-4)).toBe(true);
    });
    expect(await explainShapley(options, x.data, x.rows)).toEqual(explanations);
  });
});
