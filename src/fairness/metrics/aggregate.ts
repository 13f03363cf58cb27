import type { Attributes, CalibrationBin, Cell } from './cells.js';

/** One decision, as the CSV mapping (or a test) sees it. */
export interface AuditRow {
  attributes: Attributes;
  /** The prediction is the favourable outcome. */
  selected: boolean;
  /** The true outcome is the favourable one; null or absent when not (yet) known. */
  label?: boolean | null;
  score?: number | null;
}

export interface Aggregation {
  cells: Cell[];
  /** The sample median score that `scoreAboveMedian` is counted against; null without scores. */
  scoreMedian: number | null;
}

/** Median as Postgres' percentile_cont(0.5): the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The 0-based calibration bin of a score in [0, 1], as least(width_bucket(score, 0, 1, B), B) - 1. */
export const binOf = (score: number, bins: number): number => Math.min(bins - 1, Math.floor(score * bins));

/**
 * Reduces rows to the cells the Postgres aggregation returns (see cells.ts), for tests and small
 * uploads. Label counts are present when any row has a label, score counts when any row has a
 * score, calibration when any labeled row has a score in [0, 1] — in every cell alike, as a SQL
 * GROUP BY would return zeros rather than leave columns out.
 */
export function aggregateRows(rows: readonly AuditRow[], calibrationBins = 10): Aggregation {
  if (!Number.isSafeInteger(calibrationBins) || calibrationBins < 1) throw new RangeError(`calibrationBins must be a positive integer, got ${calibrationBins}`);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))];
  const scores = rows.flatMap((r) => (typeof r.score === 'number' && Number.isFinite(r.score) ? [r.score] : []));
  const scoreMedian = median(scores);
  const hasLabels = rows.some((r) => typeof r.label === 'boolean');
  const hasScores = scores.length > 0;
  const isProbability = (s: number | null | undefined): s is number => typeof s === 'number' && s >= 0 && s <= 1;
  const hasCalibration = rows.some((r) => typeof r.label === 'boolean' && isProbability(r.score));

  interface Acc {
    cell: Cell;
    bins: Map<number, { n: number; scoreSum: number; positives: number }>;
  }
  const accs = new Map<string, Acc>();
  for (const row of rows) {
    const attributes = Object.fromEntries(names.map((a) => [a, row.attributes[a] ?? null]));
    const key = JSON.stringify(names.map((a) => attributes[a]));
    let acc = accs.get(key);
    if (!acc) {
      const cell: Cell = { attributes, n: 0, selected: 0 };
      if (hasLabels) Object.assign(cell, { tp: 0, fp: 0, tn: 0, fn: 0 });
      if (hasScores) Object.assign(cell, { scored: 0, scoreAboveMedian: 0 });
      if (hasCalibration) Object.assign(cell, { brierSum: 0 });
      acc = { cell, bins: new Map() };
      accs.set(key, acc);
    }
    const c = acc.cell;
    c.n++;
    if (row.selected) c.selected++;
    if (typeof row.label === 'boolean') {
      if (row.selected && row.label) c.tp!++;
      else if (row.selected) c.fp!++;
      else if (row.label) c.fn!++;
      else c.tn!++;
    }
    if (typeof row.score === 'number' && Number.isFinite(row.score)) {
      c.scored!++;
      if (row.score > scoreMedian!) c.scoreAboveMedian!++;
    }
    if (typeof row.label === 'boolean' && isProbability(row.score)) {
      const k = binOf(row.score, calibrationBins);
      const bin = acc.bins.get(k) ?? { n: 0, scoreSum: 0, positives: 0 };
      bin.n++;
      bin.scoreSum += row.score;
      if (row.label) bin.positives++;
      acc.bins.set(k, bin);
      c.brierSum! += (row.score - (row.label ? 1 : 0)) ** 2;
    }
  }
  const cells = [...accs.values()].map(({ cell, bins }) => {
    if (!hasCalibration) return cell;
    const calibration: CalibrationBin[] = [...bins.entries()]
      .sort(([a], [b]) => a - b)
      .map(([k, b]) => ({ lo: k / calibrationBins, hi: (k + 1) / calibrationBins, n: b.n, meanScore: b.scoreSum / b.n, positives: b.positives }));
    return { ...cell, calibration };
  });
  return { cells, scoreMedian };
}
