import { encodingWidth, featureSlices, type FeatureSlice } from './encoding.js';
import type { EncodingSpec, LinearExplanation, SoftmaxLinearExplanation } from './model-schema.js';
import { mulberry32, permutation } from './training/prng.js';

/**
 * Per-feature explanations of predictions. Every explanation is additive:
 * `base + Σ contributions = output`, where `output` is the logit (linear models) or the served
 * score (Shapley values), so a reader can see how much each named feature moved the answer.
 */

export interface FeatureContribution {
  feature: string;
  value: number;
}

export interface Explanation {
  space: 'logit' | 'probability';
  base: number;
  contributions: FeatureContribution[];
  /** The explained quantity: base + Σ contributions. */
  output: number;
}

/**
 * Exact contributions of a logistic model in logit space: for each feature, Σ w_j·x_j over its
 * encoded columns; base = bias. `encoded` is row-major `rows × width`.
 */
export function explainLinear(spec: LinearExplanation, encoding: EncodingSpec, encoded: Float32Array, rows: number): Explanation[] {
  return explainRows(encoding, encoded, rows, () => ({ weights: spec.weights, bias: spec.bias }));
}

/** Exact contributions to one class logit of a softmax model; `classIndex` per row (or one for all). */
export function explainSoftmaxLinear(
  spec: SoftmaxLinearExplanation,
  encoding: EncodingSpec,
  encoded: Float32Array,
  rows: number,
  classIndex: number | readonly number[],
): Explanation[] {
  return explainRows(encoding, encoded, rows, (r) => {
    const k = typeof classIndex === 'number' ? classIndex : classIndex[r];
    return { weights: spec.weights[k], bias: spec.biases[k] };
  });
}

function explainRows(
  encoding: EncodingSpec,
  encoded: Float32Array,
  rows: number,
  paramsOf: (row: number) => { weights: readonly number[]; bias: number },
): Explanation[] {
  const width = encodingWidth(encoding);
  const slices = featureSlices(encoding);
  return Array.from({ length: rows }, (_, r) => {
    const { weights, bias } = paramsOf(r);
    if (weights.length !== width) throw new Error(`explanation has ${weights.length} weights for ${width} encoded columns`);
    const contributions = slices.map(({ feature, start, end }) => {
      let value = 0;
      for (let j = start; j < end; j++) value += weights[j] * encoded[r * width + j];
      return { feature, value };
    });
    return { space: 'logit', base: bias, contributions, output: contributions.reduce((s, c) => s + c.value, bias) };
  });
}

/** Runs the model on `rows` encoded rows (row-major) and returns one output per row. */
export type BatchPredictor = (batch: Float32Array, rows: number) => Promise<Float32Array>;

export interface ShapleyOptions {
  predictor: BatchPredictor;
  encoding: EncodingSpec;
  /** Encoded background rows drawn from the training data, row-major. */
  baseline: { rows: number; data: ArrayLike<number> };
  /** Permutations per explained row; rounded up to even, as each one is paired with its reverse. */
  permutations: number;
  seed: number;
  /** Largest batch handed to the predictor at once (default 16,384 rows). */
  maxBatchRows?: number;
}

/**
 * Sampling Shapley values (Štrumbelj & Kononenko's permutation method, interventional form)
 * against a baseline sample. For each sampled permutation π — with its reverse, for variance
 * reduction — and each baseline row b, features are switched from b to x in the order of π, and
 * each feature is credited with the change in the prediction when it is switched. Each such chain
 * telescopes to f(x) − f(b), so averaging over all baseline rows gives values that sum to
 * f(x) − mean f(b) = prediction − base; the small floating-point residual is then spread over the
 * features in proportion to the variance of their estimates (the usual efficiency adjustment).
 * The same permutations serve every row of the call, so a row's explanation does not depend on
 * what else was in the request; everything is determined by `seed`.
 */
export async function explainShapley(options: ShapleyOptions, encoded: Float32Array, rows: number): Promise<Explanation[]> {
  const { predictor, encoding, baseline, seed, maxBatchRows = 16384 } = options;
  const width = encodingWidth(encoding);
  const slices = featureSlices(encoding);
  const features = slices.length;
  const nb = baseline.rows;
  if (baseline.data.length !== nb * width) throw new Error(`baseline must hold ${nb} × ${width} values`);
  if (nb === 0 || features === 0 || rows === 0) throw new Error('Shapley values need a baseline, features and rows');
  if (!(options.permutations >= 1)) throw new Error('Shapley values need at least one permutation');

  // One batch for the fixed points of every chain: the baseline rows and the explained rows.
  const background = Float32Array.from(baseline.data);
  const ends = new Float32Array((nb + rows) * width);
  ends.set(background);
  ends.set(encoded.subarray(0, rows * width), nb * width);
  const endPredictions = await predictor(ends, nb + rows);
  const baselinePredictions = endPredictions.subarray(0, nb);
  const base = mean(baselinePredictions);

  const orders = antitheticPermutations(features, options.permutations, seed);
  const chains = orders.length * nb;
  const sums = new Float64Array(rows * features);
  const squares = new Float64Array(rows * features);
  const steps = features - 1;
  const chainsPerBatch = Math.max(1, Math.floor(maxBatchRows / Math.max(steps, 1)));

  // Chains enumerated as (row, order, baseline row); a batch holds whole chains only.
  const total = rows * chains;
  for (let first = 0; first < total; first += chainsPerBatch) {
    const count = Math.min(chainsPerBatch, total - first);
    const batch = new Float32Array(count * steps * width);
    for (let c = 0; c < count; c++) {
      const { row, order, b } = chainAt(first + c, chains, nb);
      const state = background.slice(b * width, (b + 1) * width);
      for (let k = 0; k < steps; k++) {
        copySlice(state, encoded, row * width, slices[orders[order][k]]);
        batch.set(state, (c * steps + k) * width);
      }
    }
    const predictions = steps > 0 ? await predictor(batch, count * steps) : new Float32Array(0);
    for (let c = 0; c < count; c++) {
      const { row, order, b } = chainAt(first + c, chains, nb);
      let previous = baselinePredictions[b];
      for (let k = 0; k < features; k++) {
        const current = k < steps ? predictions[c * steps + k] : endPredictions[nb + row];
        const marginal = current - previous;
        const at = row * features + orders[order][k];
        sums[at] += marginal;
        squares[at] += marginal * marginal;
        previous = current;
      }
    }
  }

  return Array.from({ length: rows }, (_, r) => {
    const prediction = endPredictions[nb + r];
    const values = Array.from({ length: features }, (_, i) => sums[r * features + i] / chains);
    const variances = values.map((v, i) => Math.max(squares[r * features + i] / chains - v * v, 0));
    const adjusted = enforceEfficiency(values, variances, prediction - base);
    return {
      space: 'probability' as const,
      base,
      contributions: slices.map((s, i) => ({ feature: s.feature, value: adjusted[i] })),
      output: prediction,
    };
  });
}

/**
 * Makes `values` sum to `target`, moving each by a share of the residual proportional to its
 * variance (features whose estimate is certain stay put); uniform when no value is uncertain.
 */
export function enforceEfficiency(values: readonly number[], variances: readonly number[], target: number): number[] {
  const residual = target - values.reduce((s, v) => s + v, 0);
  const totalVariance = variances.reduce((s, v) => s + v, 0);
  return values.map((v, i) => v + residual * (totalVariance > 0 ? variances[i] / totalVariance : 1 / values.length));
}

/** `count` (rounded up to even) orders of 0..n-1: each sampled order followed by its reverse. */
export function antitheticPermutations(n: number, count: number, seed: number): Int32Array[] {
  const rng = mulberry32(seed);
  const out: Int32Array[] = [];
  for (let i = 0; i < Math.ceil(count / 2); i++) {
    const p = permutation(rng, n);
    out.push(p, p.slice().reverse());
  }
  return out;
}

function chainAt(index: number, chains: number, nb: number): { row: number; order: number; b: number } {
  const row = Math.floor(index / chains);
  const within = index % chains;
  return { row, order: Math.floor(within / nb), b: within % nb };
}

function copySlice(target: Float32Array, source: Float32Array, offset: number, slice: FeatureSlice): void {
  for (let j = slice.start; j < slice.end; j++) target[j] = source[offset + j];
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
