import type { OutputSchema } from './model-schema.js';

/** One row's answer as callers see it. */
export type Prediction =
  | { label: string; score: number; scoreName: string }
  | { label: string; probabilities: Record<string, number> };

/**
 * A row the model gave no number for (NaN or an infinity: values beyond what its 32-bit arithmetic
 * holds), with its index; predictions stop there, as no answer for it can be given.
 */
export class UncomputableRow extends Error {
  constructor(readonly row: number) {
    super(`The model computed no number for row ${row}: its values are beyond what the model's 32-bit arithmetic holds`);
    this.name = 'UncomputableRow';
  }
}

/** Turns the model's output tensor into labelled predictions, one per input row; throws UncomputableRow at a row whose outputs are not all finite. */
export function decodeOutputs(output: OutputSchema, tensor: Float32Array, rows: number): Prediction[] {
  const width = output.kind === 'binary' ? 1 : output.labels.length;
  // A graph answering another shape than it declares would have its values read against the wrong rows.
  if (tensor.length !== rows * width) throw new Error(`The model answered ${rows} rows with ${tensor.length} values, not ${width} a row`);
  const predictions: Prediction[] = new Array(rows);
  if (output.kind === 'binary') {
    const { threshold, scoreName } = output;
    const [negative, positive] = output.labels;
    for (let r = 0; r < rows; r++) {
      const score = tensor[r];
      if (score - score !== 0) throw new UncomputableRow(r);
      predictions[r] = { label: score >= threshold ? positive : negative, score, scoreName };
    }
    return predictions;
  }
  const { labels } = output;
  const k = labels.length;
  for (let r = 0, at = 0; r < rows; r++, at += k) {
    let best = 0;
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) {
      if (tensor[at + c] - tensor[at + c] !== 0) throw new UncomputableRow(r);
      probabilities[labels[c]] = tensor[at + c];
      if (tensor[at + c] > tensor[at + best]) best = c;
    }
    predictions[r] = { label: labels[best], probabilities };
  }
  return predictions;
}

/** The score a policy or a fairness audit reads: P(positive) for binary models, the top probability otherwise. */
export function scoreOf(prediction: Prediction): number {
  return 'score' in prediction ? prediction.score : prediction.probabilities[prediction.label];
}
