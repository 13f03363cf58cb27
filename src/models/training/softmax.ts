import { Adam } from './adam.js';
import { nonZeroColumns, type Matrix } from './matrix.js';
import { mulberry32, permutation } from './prng.js';

// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { exp, min } = Math;

/**
 * Multinomial logistic regression: P(k | x) = softmax(b + Wᵀx)_k.
 * `weights` is row-major [inputs][classes], the layout of an ONNX MatMul weight.
 */
export interface SoftmaxModel {
  inputs: number;
  classes: number;
  weights: Float64Array;
  biases: Float64Array;
}

export interface SoftmaxOptions {
  seed: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on the weights, added to the mean cross-entropy as l2/2·‖W‖². */
  l2?: number;
}

/** Mini-batch Adam on the cross-entropy, from zero weights; batch order comes from `seed`. */
export function trainSoftmax(x: Matrix, labels: ArrayLike<number>, classes: number, options: SoftmaxOptions): SoftmaxModel {
  const { seed, epochs = 30, batchSize = 64, learningRate = 0.02, l2 = 1e-5 } = options;
  const d = x.cols;
  const rng = mulberry32(seed);
  const nz = nonZeroColumns(x);
  const size = d * classes + classes;
  const params = new Float64Array(size);
  const grad = new Float64Array(size);
  const adam = new Adam(size, learningRate);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(rng, x.rows);
    for (let start = 0; start < x.rows; start += batchSize) {
      const end = min(start + batchSize, x.rows);
      grad.fill(0);
      for (let k = start; k < end; k++) {
        const r = order[k];
        logitsInto(params, d, classes, x.data, r * d, nz[r], p);
        softmaxInPlace(p);
        p[labels[r]] -= 1;
        for (const c of nz[r]) {
          const v = x.data[r * d + c];
          for (let j = 0; j < classes; j++) grad[c * classes + j] += p[j] * v;
        }
        for (let j = 0; j < classes; j++) grad[d * classes + j] += p[j];
      }
      const m = end - start;
      for (let i = 0; i < size; i++) grad[i] /= m;
      for (let i = 0; i < d * classes; i++) grad[i] += l2 * params[i];
      adam.step(params, grad);
    }
  }
  return { inputs: d, classes, weights: params.slice(0, d * classes), biases: params.slice(d * classes) };
}

/** Class probabilities, row-major [rows][classes]. */
export function predictSoftmax(model: SoftmaxModel, x: Matrix): Float64Array {
  const params = new Float64Array(model.weights.length + model.classes);
  params.set(model.weights);
  params.set(model.biases, model.weights.length);
  const nz = nonZeroColumns(x);
  const out = new Float64Array(x.rows * model.classes);
  const p = new Float64Array(model.classes);
  for (let r = 0; r < x.rows; r++) {
    logitsInto(params, model.inputs, model.classes, x.data, r * x.cols, nz[r], p);
    softmaxInPlace(p);
    out.set(p, r * model.classes);
  }
  return out;
}

function logitsInto(params: Float64Array, d: number, classes: number, data: Float32Array, off: number, cols: Int32Array, out: Float64Array): void {
  for (let j = 0; j < classes; j++) out[j] = params[d * classes + j];
  for (const c of cols) {
    const v = data[off + c];
    for (let j = 0; j < classes; j++) out[j] += params[c * classes + j] * v;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let j = 0; j < z.length; j++) {
    z[j] = exp(z[j] - max);
    sum += z[j];
  }
  for (let j = 0; j < z.length; j++) z[j] /= sum;
}
