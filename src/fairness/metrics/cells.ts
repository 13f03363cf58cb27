import { canonicalJson } from '../../common/canonical-json.js';
import { DomainError } from '../../common/errors.js';

/**
 * A bias audit reads aggregated counts, never rows: one cell per combination of protected
 * attribute values, exactly what a SQL GROUP BY over those attributes returns. Every metric is
 * a function of these counts, so marginals and intersections are sums of cells and an audit over
 * a million records costs what a few dozen cells cost.
 *
 * The contract for whatever produces cells (the Postgres aggregation, `aggregateRows`, the CSV
 * mapping), one object per distinct attribute tuple:
 *
 *   attributes        { [name]: string | null }  the GROUP BY key; null, '' and 'unknown'
 *                     (any case, trimmed) mean the value is unknown
 *   n                 count(*)
 *   selected          count(*) FILTER (WHERE selected)      -- prediction is the favourable outcome
 *   tp, fp, tn, fn    count(*) FILTER (WHERE selected AND label), (selected AND NOT label),
 *                     (NOT selected AND NOT label), (NOT selected AND label); rows without a label
 *                     are in none of them. Omit all four when the source has no labels.
 *   scored            count(score); defaults to n when scoreAboveMedian is given without it
 *   scoreAboveMedian  count(*) FILTER (WHERE score > m), m the median score of the whole sample
 *                     (percentile_cont(0.5) over every scored row, unknown categories included)
 *   calibration       per bin of B equal-width bins over [0, 1] (the last one closed), for rows
 *                     with a label and a score in [0, 1]:
 *                     { lo, hi, n: count(*), meanScore: avg(score), positives: count(*) FILTER (WHERE label) }
 *                     bin k (0-based) = least(width_bucket(score, 0, 1, B), B) - 1; empty bins may be left out
 *   brierSum          sum((score - label::int)^2) over the same rows as the calibration bins
 *
 * All counts are JavaScript numbers (cast count(*) to int or convert pg's bigint strings).
 */

export type AttributeValue = string | null;
export type Attributes = Record<string, AttributeValue>;
/** A group's attribute values, all known. */
export type GroupKey = Record<string, string>;

export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  positives: number;
}

export interface Cell {
  attributes: Attributes;
  n: number;
  selected: number;
  tp?: number;
  fp?: number;
  tn?: number;
  fn?: number;
  scored?: number;
  scoreAboveMedian?: number;
  calibration?: CalibrationBin[];
  brierSum?: number;
}

/** A cell's counts with every optional part filled in; what groups and totals are made of. */
export interface Counts {
  n: number;
  selected: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  scored: number;
  scoreAboveMedian: number;
  calibration: CalibrationBin[];
  brierSum: number;
}

export interface Group {
  attributes: GroupKey;
  counts: Counts;
}

export const labeledOf = (c: Counts): number => c.tp + c.fp + c.tn + c.fn;

export function isUnknown(value: AttributeValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  const v = value.trim().toLowerCase();
  return v === '' || v === 'unknown';
}

export const emptyCounts = (): Counts => ({
  n: 0,
  selected: 0,
  tp: 0,
  fp: 0,
  tn: 0,
  fn: 0,
  scored: 0,
  scoreAboveMedian: 0,
  calibration: [],
  brierSum: 0,
});

export function countsOf(cell: Cell): Counts {
  return {
    n: cell.n,
    selected: cell.selected,
    tp: cell.tp ?? 0,
    fp: cell.fp ?? 0,
    tn: cell.tn ?? 0,
    fn: cell.fn ?? 0,
    scored: cell.scored ?? (cell.scoreAboveMedian === undefined ? 0 : cell.n),
    scoreAboveMedian: cell.scoreAboveMedian ?? 0,
    calibration: cell.calibration ?? [],
    brierSum: cell.brierSum ?? 0,
  };
}

/** Sums two sets of counts; calibration bins are matched by their bounds and their means weighted by n. */
export function addCounts(a: Counts, b: Counts): Counts {
  const bins = new Map<string, CalibrationBin>();
  for (const bin of [...a.calibration, ...b.calibration]) {
    const key = `${bin.lo}:${bin.hi}`;
    const seen = bins.get(key);
    if (!seen) {
      bins.set(key, { ...bin });
      continue;
    }
    const n = seen.n + bin.n;
    bins.set(key, {
      lo: bin.lo,
      hi: bin.hi,
      n,
      meanScore: n === 0 ? 0 : (seen.meanScore * seen.n + bin.meanScore * bin.n) / n,
      positives: seen.positives + bin.positives,
    });
  }
  return {
    n: a.n + b.n,
    selected: a.selected + b.selected,
    tp: a.tp + b.tp,
    fp: a.fp + b.fp,
    tn: a.tn + b.tn,
    fn: a.fn + b.fn,
    scored: a.scored + b.scored,
    scoreAboveMedian: a.scoreAboveMedian + b.scoreAboveMedian,
    calibration: [...bins.values()].sort((x, y) => x.lo - y.lo),
    brierSum: a.brierSum + b.brierSum,
  };
}

export const totalOf = (cells: readonly Cell[]): Counts => cells.map(countsOf).reduce(addCounts, emptyCounts());

/**
 * Groups cells by the values of `attributes`, summing the rest: grouping the same cells by a
 * subset of their attributes gives the marginals. Cells with any of these attributes unknown
 * are summed into `unknown` instead of a group.
 */
export function groupCells(cells: readonly Cell[], attributes: readonly string[]): { groups: Group[]; unknown: Counts } {
  const groups = new Map<string, Group>();
  let unknown = emptyCounts();
  for (const cell of cells) {
    const values = attributes.map((a) => cell.attributes[a]);
    if (values.some(isUnknown)) {
      unknown = addCounts(unknown, countsOf(cell));
      continue;
    }
    const key = JSON.stringify(values);
    const seen = groups.get(key);
    groups.set(key, {
      attributes: Object.fromEntries(attributes.map((a, i) => [a, values[i] as string])),
      counts: seen ? addCounts(seen.counts, countsOf(cell)) : countsOf(cell),
    });
  }
  const sorted = [...groups.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, g]) => g);
  return { groups: sorted, unknown };
}

/** Every non-empty subset of `attributes`, smallest first, each in the order given. */
export function attributeSubsets(attributes: readonly string[]): string[][] {
  const subsets: string[][] = [];
  for (let mask = 1; mask < 1 << attributes.length; mask++) {
    subsets.push(attributes.filter((_, i) => mask & (1 << i)));
  }
  return subsets.sort((a, b) => a.length - b.length);
}

/** The attribute names the cells carry, in first-seen order. */
export function attributeNames(cells: readonly Cell[]): string[] {
  const names = new Set<string>();
  for (const cell of cells) for (const name of Object.keys(cell.attributes)) names.add(name);
  return [...names];
}

const invalid = (index: number, field: string, why: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `cells[${index}].${field} ${why}`, { cell: index, field });

/** Refuses counts that cannot come from one GROUP BY: negative, fractional or inconsistent. */
export function validateCells(cells: readonly Cell[]): void {
  cells.forEach((cell, i) => {
    const count = (field: keyof Cell, value: unknown, max?: number): void => {
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid(i, field, `must be a non-negative integer, got ${String(value)}`);
      if (max !== undefined && (value as number) > max) throw invalid(i, field, `must not exceed ${max}, got ${String(value)}`);
    };
    if (typeof cell.attributes !== 'object' || cell.attributes === null) throw invalid(i, 'attributes', 'must be an object');
    for (const [name, value] of Object.entries(cell.attributes)) {
      if (value !== null && typeof value !== 'string') throw invalid(i, `attributes.${name}`, 'must be a string or null');
    }
    count('n', cell.n);
    count('selected', cell.selected, cell.n);
    const labels = [cell.tp, cell.fp, cell.tn, cell.fn];
    if (labels.some((v) => v !== undefined)) {
      if (labels.some((v) => v === undefined)) {
        throw new DomainError('VALIDATION_FAILED', `cells[${i}] needs all of tp, fp, tn and fn or none of them`, { cell: i, field: 'tp' });
      }
      count('tp', cell.tp);
      count('fp', cell.fp);
      count('tn', cell.tn);
      count('fn', cell.fn);
      if (cell.tp! + cell.fp! > cell.selected) throw invalid(i, 'tp', `+ fp (${cell.tp! + cell.fp!}) must not exceed selected (${cell.selected})`);
      if (cell.tn! + cell.fn! > cell.n - cell.selected) throw invalid(i, 'tn', `+ fn (${cell.tn! + cell.fn!}) must not exceed n - selected (${cell.n - cell.selected})`);
    }
    if (cell.scored !== undefined) count('scored', cell.scored, cell.n);
    if (cell.scoreAboveMedian !== undefined) count('scoreAboveMedian', cell.scoreAboveMedian, cell.scored ?? cell.n);
    validateCalibration(i, cell);
  });
}

function validateCalibration(i: number, cell: Cell): void {
  const bins = cell.calibration ?? [];
  if (cell.brierSum !== undefined && cell.calibration === undefined) throw invalid(i, 'brierSum', 'needs the calibration bins it was summed over');
  const labeled = (cell.tp ?? 0) + (cell.fp ?? 0) + (cell.tn ?? 0) + (cell.fn ?? 0);
  let binned = 0;
  bins.forEach((bin, b) => {
    const field = `calibration[${b}]`;
    if (!(bin.lo >= 0 && bin.lo < bin.hi && bin.hi <= 1)) throw invalid(i, field, `needs 0 ≤ lo < hi ≤ 1, got [${bin.lo}, ${bin.hi}]`);
    if (!Number.isSafeInteger(bin.n) || bin.n < 0) throw invalid(i, `${field}.n`, 'must be a non-negative integer');
    if (!Number.isSafeInteger(bin.positives) || bin.positives < 0 || bin.positives > bin.n) throw invalid(i, `${field}.positives`, 'must lie in [0, n]');
    if (!(bin.meanScore >= 0 && bin.meanScore <= 1)) throw invalid(i, `${field}.meanScore`, 'must lie in [0, 1]');
    binned += bin.n;
  });
  if (binned > labeled) throw invalid(i, 'calibration', `holds ${binned} rows but the cell has ${labeled} labeled rows`);
  if (cell.brierSum !== undefined && !(cell.brierSum >= 0 && cell.brierSum <= binned)) {
    throw invalid(i, 'brierSum', `must lie in [0, ${binned}], got ${cell.brierSum}`);
  }
}

/** The cells in one order whatever order they came in (by their attribute values, attributes by name). */
export function canonicalCells(cells: readonly Cell[]): Cell[] {
  const keyed = cells.map((c) => ({ key: canonicalJson(Object.keys(c.attributes).sort().map((a) => c.attributes[a])), cell: c }));
  return keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((k) => k.cell);
}
