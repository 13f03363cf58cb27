/**
 * Evaluation metrics for the model cards. Scores are P(positive); labels are 0/1 unless stated.
 */

export function accuracy(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if ((scores[i] >= threshold ? 1 : 0) === labels[i]) hits++;
  return labels.length === 0 ? NaN : hits / labels.length;
}

/** Mean negative log-likelihood, with probabilities clamped to [1e-15, 1 − 1e-15]. */
export function logLoss(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(scores[i], 1e-15), 1 - 1e-15);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic; tied scores share their mean rank. */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        rankSumPositive += meanRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface GroupRate {
  group: string;
  count: number;
  /** Share of the group predicted positive (score ≥ threshold). */
  selectionRate: number;
  /** Share of the group whose true label is positive. */
  baseRate: number;
  accuracy: number;
  /** Share of the group's true positives predicted positive. */
  truePositiveRate: number;
}

/** Selection rate, base rate, accuracy and TPR per group, groups in sorted order. */
export function groupRates(groups: ArrayLike<string>, labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): GroupRate[] {
  const acc = new Map<string, { n: number; sel: number; pos: number; hit: number; tp: number }>();
  for (let i = 0; i < groups.length; i++) {
    const a = acc.get(groups[i]) ?? { n: 0, sel: 0, pos: 0, hit: 0, tp: 0 };
    const predicted = scores[i] >= threshold ? 1 : 0;
    a.n++;
    a.sel += predicted;
    a.pos += labels[i];
    a.hit += predicted === labels[i] ? 1 : 0;
    a.tp += predicted * labels[i];
    acc.set(groups[i], a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, a]) => ({
      group,
      count: a.n,
      selectionRate: a.sel / a.n,
      baseRate: a.pos / a.n,
      accuracy: a.hit / a.n,
      truePositiveRate: a.pos === 0 ? NaN : a.tp / a.pos,
    }));
}

/** Disparate impact: lowest group selection rate over the highest (1 = parity; < 0.8 fails the four-fifths rule). */
export function impactRatio(rates: readonly GroupRate[]): number {
  const s = rates.map((r) => r.selectionRate);
  const max = Math.max(...s);
  return max === 0 ? NaN : Math.min(...s) / max;
}

/** Share of rows whose arg-max class equals the label; `probabilities` is row-major [rows][classes]. */
export function multiclassAccuracy(labels: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): number {
  let hits = 0;
  for (let r = 0; r < labels.length; r++) if (argMax(probabilities, r * classes, classes) === labels[r]) hits++;
  return hits / labels.length;
}

/** Unweighted mean over classes of F1 = 2·precision·recall / (precision + recall). */
export function macroF1(labels: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): number {
  const tp = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  const actual = new Float64Array(classes);
  for (let r = 0; r < labels.length; r++) {
    const k = argMax(probabilities, r * classes, classes);
    predicted[k]++;
    actual[labels[r]]++;
    if (k === labels[r]) tp[k]++;
  }
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += predicted[k] + actual[k] === 0 ? 0 : (2 * tp[k]) / (predicted[k] + actual[k]);
  return sum / classes;
}

export function argMax(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** Rounds a metric for a model card, so that cards stay readable and stable. */
export const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
