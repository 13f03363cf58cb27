import { Adam } from './adam.js';
import { sigmoid, type Matrix } from './matrix.js';
import { mulberry32, normal, permutation } from './prng.js';

/**
 * One hidden ReLU layer and a sigmoid output: P(y = 1 | x) = sigmoid(w2 · relu(W1ᵀx + b1) + b2).
 * `w1` is row-major [inputs][hidden], the layout of an ONNX MatMul weight.
 */
export interface MlpModel {
  inputs: number;
  hidden: number;
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: number;
}

export interface MlpOptions {
  seed: number;
  hidden?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on the weights, added to the mean log-loss as l2/2·‖W‖². */
  l2?: number;
}

/** Mini-batch Adam on the log-loss; initialisation and batch order come from `seed` alone. */
export function trainMlp(x: Matrix, y: ArrayLike<number>, options: MlpOptions): MlpModel {
  const { seed, hidden = 16, epochs = 40, batchSize = 64, learningRate = 0.005, l2 = 1e-4 } = options;
  const d = x.cols;
  const rng = mulberry32(seed);
  // Parameters in one vector so one Adam drives them all: [w1 | b1 | w2 | b2].
  const size = d * hidden + hidden + hidden + 1;
  const params = new Float64Array(size);
  for (let i = 0; i < d * hidden; i++) params[i] = normal(rng, 0, Math.sqrt(2 / d));
  for (let i = 0; i < hidden; i++) params[d * hidden + hidden + i] = normal(rng, 0, Math.sqrt(1 / hidden));
  const o1 = d * hidden;
  const o2 = o1 + hidden;
  const ob = o2 + hidden;
  const adam = new Adam(size, learningRate);
  const grad = new Float64Array(size);
  const h = new Float64Array(hidden);

  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(rng, x.rows);
    for (let start = 0; start < x.rows; start += batchSize) {
      const end = Math.min(start + batchSize, x.rows);
      grad.fill(0);
      for (let k = start; k < end; k++) {
        const r = order[k];
        const off = r * d;
        let z = params[ob];
        for (let j = 0; j < hidden; j++) {
          let a = params[o1 + j];
          for (let i = 0; i < d; i++) a += x.data[off + i] * params[i * hidden + j];
          h[j] = a > 0 ? a : 0;
          z += h[j] * params[o2 + j];
        }
        const e = sigmoid(z) - y[r];
        grad[ob] += e;
        for (let j = 0; j < hidden; j++) {
          grad[o2 + j] += e * h[j];
          if (h[j] <= 0) continue;
          const back = e * params[o2 + j];
          grad[o1 + j] += back;
          for (let i = 0; i < d; i++) grad[i * hidden + j] += back * x.data[off + i];
        }
      }
      const m = end - start;
      for (let i = 0; i < size; i++) grad[i] /= m;
      for (let i = 0; i < o1; i++) grad[i] += l2 * params[i];
      for (let i = o2; i < ob; i++) grad[i] += l2 * params[i];
      adam.step(params, grad);
    }
  }
  return {
    inputs: d,
    hidden,
    w1: params.slice(0, o1),
    b1: params.slice(o1, o2),
    w2: params.slice(o2, ob),
    b2: params[ob],
  };
}

/** P(y = 1) per row. */
export function predictMlp(model: MlpModel, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let z = model.b2;
    for (let j = 0; j < model.hidden; j++) {
      let a = model.b1[j];
      for (let i = 0; i < model.inputs; i++) a += x.data[r * x.cols + i] * model.w1[i * model.hidden + j];
      if (a > 0) z += a * model.w2[j];
    }
    out[r] = sigmoid(z);
  }
  return out;
}
