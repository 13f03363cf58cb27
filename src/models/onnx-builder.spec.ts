import { onnx } from './onnx-proto.js';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnxSignature } from './model-schema.js';
import { buildOnnx, logisticOnnx, mlpOnnx, softmaxOnnx } from './onnx-builder.js';
import { matrix } from './training/matrix.js';
import { predictMlp, type MlpModel } from './training/mlp.js';
import { mulberry32, normal } from './training/prng.js';
import { predictSoftmax, type SoftmaxModel } from './training/softmax.js';

const rng = mulberry32(5);
const randoms = (n: number) => Float64Array.from({ length: n }, () => normal(rng));

async function run(bytes: Uint8Array, x: Float32Array, rows: number, width: number) {
  const session = await InferenceSession.create(bytes);
  const out = await session.run({ input: new Tensor('float32', x, [rows, width]) });
  return { session, name: session.outputNames[0], data: out[session.outputNames[0]].data as Float32Array, dims: out[session.outputNames[0]].dims };
}

describe('onnx builder', () => {
  it('computes sigmoid(bias + w·x) as `score` for a logistic model', async () => {
    const bytes = logisticOnnx('toy@1.0.0', { weights: Float64Array.from([0.5, -1]), bias: 0.25 });
    const { name, data, dims } = await run(bytes, Float32Array.from([1, 2, 0, 0]), 2, 2);
    expect(name).toBe('score');
    expect(dims).toEqual([2, 1]);
    expect(data[0]).toBeCloseTo(1 / (1 + Math.exp(1.25)), 6);
    expect(data[1]).toBeCloseTo(1 / (1 + Math.exp(-0.25)), 6);
  });

  it('writes IR 8, opset 13, and a symbolic batch dimension', async () => {
    const bytes = logisticOnnx('toy@1.0.0', { weights: Float64Array.from([1, 2, 3]), bias: 0 });
    const model = onnx.ModelProto.decode(bytes);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    expect(model.graph?.input?.[0].type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 3]);
    const session = await InferenceSession.create(bytes);
    expect(session.inputMetadata.map((m) => ({ name: m.name, ...(m.isTensor ? { type: m.type, shape: m.shape } : {}) }))).toEqual([
      { name: 'input', type: 'float32', shape: ['N', 3] },
    ]);
    const declared = onnxSignature(3, { kind: 'binary', labels: ['no', 'yes'], threshold: 0.5, scoreName: 'p' });
    expect(declared.outputs.map((o) => o.name)).toEqual(session.outputNames);
  });

  it('matches the TypeScript MLP to 1e-6 for any batch size', async () => {
    const model: MlpModel = { inputs: 4, hidden: 5, w1: randoms(20), b1: randoms(5), w2: randoms(5), b2: 0.1 };
    const bytes = mlpOnnx('mlp@1.0.0', model);
    for (const rows of [1, 7]) {
      const x = Float32Array.from(randoms(rows * 4));
      const { data, dims } = await run(bytes, x, rows, 4);
      expect(dims).toEqual([rows, 1]);
      const want = predictMlp(model, matrix(x, 4));
      want.forEach((p, i) => expect(Math.abs(data[i] - p)).toBeLessThan(1e-6));
    }
  });

  it('matches the TypeScript softmax model and answers `probabilities` that sum to 1', async () => {
    const model: SoftmaxModel = { inputs: 6, classes: 3, weights: randoms(18), biases: randoms(3) };
    const x = Float32Array.from(randoms(30));
    const { name, data, dims } = await run(softmaxOnnx('router@1.0.0', model), x, 5, 6);
    expect(name).toBe('probabilities');
    expect(dims).toEqual([5, 3]);
    const want = predictSoftmax(model, matrix(x, 6));
    want.forEach((p, i) => expect(Math.abs(data[i] - p)).toBeLessThan(1e-6));
    for (let r = 0; r < 5; r++) expect(data[r * 3] + data[r * 3 + 1] + data[r * 3 + 2]).toBeCloseTo(1, 6);
  });

  it('gives the same bytes for the same weights', () => {
    const model = { weights: Float64Array.from([0.1, 0.2]), bias: -0.3 };
    expect(Buffer.from(logisticOnnx('a@1.0.0', model)).equals(Buffer.from(logisticOnnx('a@1.0.0', model)))).toBe(true);
  });

  it.each([
    [{ inputs: 2, outputs: 1, weights: [1], bias: [0], activation: 'none' as const }, /weights/],
    [{ inputs: 2, outputs: 1, weights: [1, 2], bias: [0, 1], activation: 'none' as const }, /bias/],
    [{ inputs: 1, outputs: 2, weights: [1, 2], bias: [0, 1], activation: 'none' as const }, /sigmoid head/],
  ])('refuses an inconsistent layer %#', (layer, message) => {
    expect(() => buildOnnx({ name: 'bad', head: 'sigmoid', layers: [layer] })).toThrow(message);
  });
});
