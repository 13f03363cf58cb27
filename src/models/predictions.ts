import type { OutputSchema } from './model-schema.js';

/** One row's answer as callers see it. */
export type Prediction =
  | { label: string; score: number; scoreName: string }
  | { label: string; probabilities: Record<string, number> };

/** Turns the model's output tensor into labelled predictions, one per input row. */
export function decodeOutputs(output: OutputSchema, tensor: Float32Array, rows: number): Prediction[] {
  const predictions: Prediction[] = [];
  if (output.kind === 'binary') {
    for (let r = 0; r < rows; r++) {
      const score = tensor[r];
      predictions.push({ label: score >= output.threshold ? output.labels[1] : output.labels[0], score, scoreName: output.scoreName });
    }
    return predictions;
  }
  const k = output.labels.length;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) {
      probabilities[output.labels[c]] = tensor[r * k + c];
      if (tensor[r * k + c] > tensor[r * k + best]) best = c;
    }
    predictions.push({ label: output.labels[best], probabilities });
  }
  return predictions;
}

/** The score a policy or a fairness audit reads: P(positive) for binary models, the top probability otherwise. */
export function scoreOf(prediction: Prediction): number {
  return 'score' in prediction ? prediction.score : prediction.probabilities[prediction.label];
}
