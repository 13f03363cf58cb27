import type { ExplanationSpec, OutputSchema } from './model-schema.js';

/** How far a served probability may be from the one the declared weights give (float32 arithmetic). */
const TOLERANCE = 1e-4;

/**
 * Why what a graph answered for `rows` encoded rows cannot be what the manifest says it serves, or
 * null: one value per row for a binary model, one per label for the others; scores and
 * probabilities in [0, 1], each row's probabilities summing to 1; and, for an exact (linear)
 * explanation, the probabilities its weights give. A graph whose declared output shape hides
 * another, or whose explanation describes another model, is refused at registration rather than
 * found out in answers.
 */
export function servedOutputProblem(output: OutputSchema, explanation: ExplanationSpec, encoded: Float32Array, rows: number, served: Float32Array): string | null {
  const k = output.kind === 'binary' ? 1 : output.labels.length;
  if (served.length !== rows * k) return `it answers ${rows} rows with ${served.length} values; the schema needs ${k} a row`;
  for (const value of served) if (!Number.isFinite(value) || value < 0 || value > 1) return `it answers ${value}, not a probability`;
  const width = encoded.length / rows;
  for (let r = 0; r < rows; r++) {
    const x = encoded.subarray(r * width, (r + 1) * width);
    const p = served.subarray(r * k, (r + 1) * k);
    if (k > 1 && Math.abs(p.reduce((s, v) => s + v, 0) - 1) > 1e-3) return `its probabilities for row ${r} sum to ${p.reduce((s, v) => s + v, 0)}, not 1`;
    const expected = explained(explanation, x);
    if (!expected) continue;
    if (expected.length !== k) return `its explanation covers ${expected.length} outputs; the schema has ${k}`;
    for (let c = 0; c < k; c++) {
      if (Math.abs(expected[c] - p[c]) > TOLERANCE) return `its explanation's weights give ${expected[c].toFixed(6)} for row ${r}, the graph answers ${p[c].toFixed(6)}: the explanation is not of this graph`;
    }
  }
  return null;
}

/** The probabilities an exact explanation's weights give for one encoded row; null for sampled explanations. */
function explained(spec: ExplanationSpec, x: Float32Array): number[] | null {
  const logit = (weights: readonly number[], bias: number): number => {
    if (weights.length !== x.length) return NaN;
    let z = bias;
    for (let j = 0; j < x.length; j++) z += weights[j] * x[j];
    return z;
  };
  switch (spec.kind) {
    case 'linear':
      return [1 / (1 + Math.exp(-logit(spec.weights, spec.bias)))];
    case 'linear-softmax': {
      const z = spec.weights.map((w, c) => logit(w, spec.biases[c]));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    }
    default:
      return null;
  }
}
