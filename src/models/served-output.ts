import { explainLinear, explainSoftmaxLinear } from './explain.js';
import type { EncodingSpec, ExplanationSpec, OutputSchema } from './model-schema.js';

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
export function servedOutputProblem(
  output: OutputSchema,
  explanation: ExplanationSpec,
  encoding: EncodingSpec,
  encoded: Float32Array,
  rows: number,
  served: Float32Array,
): string | null {
  const k = output.kind === 'binary' ? 1 : output.labels.length;
  if (served.length !== rows * k) return `it answers ${rows} rows with ${served.length} values; the schema needs ${k} a row`;
  for (const value of served) if (!Number.isFinite(value) || value < 0 || value > 1) return `it answers ${value}, not a probability`;
  const expected = explainedProbabilities(explanation, encoding, encoded, rows);
  for (let r = 0; r < rows; r++) {
    const p = served.subarray(r * k, (r + 1) * k);
    if (k > 1 && Math.abs(p.reduce((s, v) => s + v, 0) - 1) > 1e-3) return `its probabilities for row ${r} sum to ${p.reduce((s, v) => s + v, 0)}, not 1`;
    if (!expected) continue;
    if (expected[r].length !== k) return `its explanation covers ${expected[r].length} outputs; the schema has ${k}`;
    for (let c = 0; c < k; c++) {
      if (Math.abs(expected[r][c] - p[c]) > TOLERANCE) return `its explanation's weights give ${expected[r][c].toFixed(6)} for row ${r}, the graph answers ${p[c].toFixed(6)}: the explanation is not of this graph`;
    }
  }
  return null;
}

/** The probabilities an exact explanation's logits give for each encoded row (row × output); null for sampled explanations. */
function explainedProbabilities(spec: ExplanationSpec, encoding: EncodingSpec, encoded: Float32Array, rows: number): number[][] | null {
  switch (spec.kind) {
    case 'linear':
      return explainLinear(spec, encoding, encoded, rows).map((e) => [1 / (1 + Math.exp(-e.output))]);
    case 'linear-softmax': {
      const logits = spec.weights.map((_, c) => explainSoftmaxLinear(spec, encoding, encoded, rows, c).map((e) => e.output));
      return Array.from({ length: rows }, (_, r) => {
        const z = logits.map((byRow) => byRow[r]);
        const top = Math.max(...z);
        const e = z.map((v) => Math.exp(v - top));
        const sum = e.reduce((s, v) => s + v, 0);
        return e.map((v) => v / sum);
      });
    }
    default:
      return null;
  }
}
