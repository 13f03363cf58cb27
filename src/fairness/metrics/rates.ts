import { labeledOf, type Counts } from './cells.js';
import { wilsonInterval, type Estimate } from './statistics.js';

export type RateName = 'selectionRate' | 'scoringRate' | 'baseRate' | 'tpr' | 'fpr' | 'fnr' | 'precision';

/** Each rate as successes over trials of a group's counts. */
export const RATES: Record<RateName, (c: Counts) => [successes: number, trials: number]> = {
  /** P(selected): the share given the favourable outcome. */
  selectionRate: (c) => [c.selected, c.n],
  /** LL144 scoring rate: the share scored above the sample median. */
  scoringRate: (c) => [c.scoreAboveMedian, c.scored],
  /** P(label) among labeled rows: the prevalence of the favourable true outcome. */
  baseRate: (c) => [c.tp + c.fn, labeledOf(c)],
  /** True positive rate (recall): P(selected | label). */
  tpr: (c) => [c.tp, c.tp + c.fn],
  /** False positive rate: P(selected | not label). */
  fpr: (c) => [c.fp, c.fp + c.tn],
  /** False negative rate: P(not selected | label) = 1 − TPR. */
  fnr: (c) => [c.fn, c.tp + c.fn],
  /** Precision (positive predictive value): P(label | selected), among labeled rows. */
  precision: (c) => [c.tp, c.tp + c.fp],
};

export const RATE_NAMES = Object.keys(RATES) as RateName[];

export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  /** The observed share of favourable labels in the bin, with its Wilson interval. */
  observed: Estimate;
}

export interface Calibration {
  n: number;
  bins: ReliabilityBin[];
  /** Mean of (score − label)² over the binned rows. */
  brierScore: number;
  /** Σ (n_bin / n) · |meanScore − observed|: the mean gap between predicted and observed. */
  expectedCalibrationError: number;
}

export type Rates = Record<RateName, Estimate | null>;

/** Every rate of a group with its Wilson interval; a rate whose denominator is 0 is null. */
export function ratesOf(c: Counts, confidence: number): Rates {
  return Object.fromEntries(RATE_NAMES.map((name) => [name, wilsonInterval(...RATES[name](c), confidence)])) as Rates;
}

/** Reliability bins and Brier score; null when no row has both a label and a probability score. */
export function calibrationOf(c: Counts, confidence: number): Calibration | null {
  const bins = c.calibration.filter((b) => b.n > 0);
  const n = bins.reduce((s, b) => s + b.n, 0);
  if (n === 0) return null;
  const reliability = bins.map((b) => ({
    lo: b.lo,
    hi: b.hi,
    n: b.n,
    meanScore: b.meanScore,
    observed: wilsonInterval(b.positives, b.n, confidence)!,
  }));
  return {
    n,
    bins: reliability,
    brierScore: c.brierSum / n,
    expectedCalibrationError: reliability.reduce((s, b) => s + (b.n / n) * Math.abs(b.meanScore - b.observed.value), 0),
  };
}
