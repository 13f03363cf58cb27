import type { CalibrationBin, Cell } from './metrics/cells.js';

/** One row of the live aggregation query (see live-audit.repository.ts), as pg returns it. */
export interface LiveCellRow {
  /** The attribute values, one column per audited attribute, in order. */
  key: (string | null)[];
  n: number | string;
  selected: number | string;
  tp: number | string;
  fp: number | string;
  tn: number | string;
  fn: number | string;
  scored: number | string;
  score_above_median: number | string;
  brier_sum: number | string | null;
  calibration: { bin: number; n: number; meanScore: number; positives: number }[] | null;
}

/**
 * Floating sums depend on the order Postgres adds rows in (parallel workers, plan changes), so the
 * same records could give cells whose last digits differ, and a different data hash. Twelve
 * significant digits keep every figure an audit reports and make the hash a property of the data.
 */
export const roundFloat = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(12)));

const count = (v: number | string, field: string): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`live aggregation returned ${field} = ${String(v)}`);
  return n;
};

/**
 * The query's rows as cells (metrics/cells.ts). Label counts are kept only when some record in the
 * sample has an outcome, score counts only when some prediction has a score, calibration only when
 * some labeled prediction has one — in every cell alike, as the contract asks.
 */
export function cellsFromRows(rows: readonly LiveCellRow[], attributes: readonly string[], bins: number): Cell[] {
  const parsed = rows.map((r) => ({
    attributes: Object.fromEntries(attributes.map((a, i) => [a, r.key[i] ?? null])),
    n: count(r.n, 'n'),
    selected: count(r.selected, 'selected'),
    tp: count(r.tp, 'tp'),
    fp: count(r.fp, 'fp'),
    tn: count(r.tn, 'tn'),
    fn: count(r.fn, 'fn'),
    scored: count(r.scored, 'scored'),
    scoreAboveMedian: count(r.score_above_median, 'score_above_median'),
    brierSum: roundFloat(Number(r.brier_sum ?? 0)),
    calibration: (r.calibration ?? []).map(
      (b): CalibrationBin => ({ lo: b.bin / bins, hi: (b.bin + 1) / bins, n: count(b.n, 'calibration.n'), meanScore: roundFloat(b.meanScore), positives: count(b.positives, 'calibration.positives') }),
    ),
  }));
  const hasLabels = parsed.some((c) => c.tp + c.fp + c.tn + c.fn > 0);
  const hasScores = parsed.some((c) => c.scored > 0);
  const hasCalibration = parsed.some((c) => c.calibration.length > 0);
  return parsed.map(({ tp, fp, tn, fn, scored, scoreAboveMedian, brierSum, calibration, ...cell }) => ({
    ...cell,
    ...(hasLabels ? { tp, fp, tn, fn } : {}),
    ...(hasScores ? { scored, scoreAboveMedian } : {}),
    ...(hasCalibration ? { calibration, brierSum } : {}),
  }));
}
