import { DomainError } from '../common/errors.js';
import { formatCsv, type CsvValue } from './csv.js';
import { groupCells, totalOf, validateCells, type Cell, type GroupKey } from './metrics/cells.js';
import { RATES } from './metrics/rates.js';

/**
 * The summary of results NYC Local Law 144 asks employers to publish (DCWP rules, 6 RCNY
 * § 5-301): for sex, for race/ethnicity and for every intersection of the two, the number of
 * applicants, the selection rate (binary decisions, § 5-301(b)) or scoring rate (share scored above
 * the sample median, § 5-301(c)), and the impact ratio against the category with the highest rate;
 * the number left out because their category is unknown; and, per § 5-301(d), categories under 2 %
 * of the data left out of impact ratios with the reason, their count and rate still shown.
 */
export type Ll144Rate = 'selection' | 'scoring';

export interface Ll144Options {
  rate: Ll144Rate;
  /** The attribute holding sex; default 'sex'. */
  sex?: string;
  /** The attribute holding race/ethnicity; default 'race'. */
  raceEthnicity?: string;
  /** Categories under this share of the data get no impact ratio; 0 keeps them all. Default 0.02. */
  minShare?: number;
  source: { kind: 'historical' | 'test'; description: string };
  period: { from: string; to: string };
  /** The sample median the scoring rates are counted against, for the record. */
  scoreMedian?: number | null;
}

export interface Ll144Row {
  category: GroupKey;
  applicants: number;
  rate: number | null;
  impactRatio: number | null;
  excluded?: string;
}

export interface Ll144Summary {
  rate: Ll144Rate;
  source: Ll144Options['source'];
  period: Ll144Options['period'];
  scoreMedian?: number | null;
  /** Everyone the tool assessed (or scored, for scoring rates), unknown categories included. */
  applicants: number;
  /** Individuals not in each table's calculations because their category there is unknown. */
  unknown: { sex: number; raceEthnicity: number; intersectional: number };
  sex: Ll144Row[];
  raceEthnicity: Ll144Row[];
  intersectional: Ll144Row[];
}

function table(cells: readonly Cell[], attributes: string[], rate: Ll144Rate, total: number, minShare: number): { rows: Ll144Row[]; unknown: number } {
  const measure = RATES[rate === 'selection' ? 'selectionRate' : 'scoringRate'];
  const { groups, unknown } = groupCells(cells, attributes);
  const rows: Ll144Row[] = groups.map((g) => {
    const [x, n] = measure(g.counts);
    const row: Ll144Row = { category: g.attributes, applicants: n, rate: n === 0 ? null : x / n, impactRatio: null };
    const share = total === 0 ? 0 : n / total;
    if (share < minShare) {
      row.excluded =
        `${n} of ${total} applicants (${(100 * share).toFixed(2)} %) is under ${(100 * minShare).toFixed(2)} % of the data, ` +
        'so the category is left out of impact ratios (6 RCNY § 5-301(d))';
    }
    return row;
  });
  const best = Math.max(0, ...rows.filter((r) => !r.excluded && r.rate !== null).map((r) => r.rate!));
  for (const r of rows) {
    if (!r.excluded && r.rate !== null && best > 0) r.impactRatio = r.rate / best;
  }
  return { rows, unknown: measure(unknown)[1] };
}

/**
 * The two attributes a summary crosses, from what was asked and what an audit holds: sex
 * (default `sex`) and race/ethnicity (default `race`, else `ethnicity`, never the sex attribute).
 * A string saying what is wrong when both name one attribute, which would cross it with itself.
 */
export function ll144Attributes(asked: { sex?: string; raceEthnicity?: string }, attributes: readonly string[]): { sex: string; raceEthnicity: string } | string {
  const sex = asked.sex ?? 'sex';
  if (asked.raceEthnicity === sex) return `must name an attribute other than the sex attribute "${sex}"`;
  const raceEthnicity = asked.raceEthnicity ?? ['race', 'ethnicity'].find((a) => a !== sex && attributes.includes(a)) ?? (sex === 'race' ? 'ethnicity' : 'race');
  return { sex, raceEthnicity };
}

export function ll144Summary(cells: readonly Cell[], options: Ll144Options): Ll144Summary {
  validateCells(cells);
  const sex = options.sex ?? 'sex';
  const race = options.raceEthnicity ?? 'race';
  const minShare = options.minShare ?? 0.02;
  if (!(minShare >= 0 && minShare < 1)) throw new DomainError('VALIDATION_FAILED', `minShare must lie in [0, 1), got ${minShare}`, { field: 'minShare' });
  const measure = RATES[options.rate === 'selection' ? 'selectionRate' : 'scoringRate'];
  const applicants = measure(totalOf(cells))[1];
  const bySex = table(cells, [sex], options.rate, applicants, minShare);
  const byRace = table(cells, [race], options.rate, applicants, minShare);
  const both = table(cells, [sex, race], options.rate, applicants, minShare);
  return {
    rate: options.rate,
    source: options.source,
    period: options.period,
    ...(options.scoreMedian === undefined ? {} : { scoreMedian: options.scoreMedian }),
    applicants,
    unknown: { sex: bySex.unknown, raceEthnicity: byRace.unknown, intersectional: both.unknown },
    sex: bySex.rows,
    raceEthnicity: byRace.rows,
    intersectional: both.rows,
  };
}

/** The summary as one CSV table: a row per category of each table, then the unknown counts. */
export function ll144Csv(summary: Ll144Summary, options: Pick<Ll144Options, 'sex' | 'raceEthnicity'> = {}): string {
  const sex = options.sex ?? 'sex';
  const race = options.raceEthnicity ?? 'race';
  const rateColumn = summary.rate === 'selection' ? 'selectionRate' : 'scoringRate';
  const rows: CsvValue[][] = [['table', 'sex', 'raceEthnicity', 'applicants', rateColumn, 'impactRatio', 'note']];
  const tables: [string, Ll144Row[], number][] = [
    ['sex', summary.sex, summary.unknown.sex],
    ['raceEthnicity', summary.raceEthnicity, summary.unknown.raceEthnicity],
    ['intersectional', summary.intersectional, summary.unknown.intersectional],
  ];
  for (const [name, entries, unknown] of tables) {
    for (const r of entries) rows.push([name, r.category[sex], r.category[race], r.applicants, r.rate, r.impactRatio, r.excluded]);
    rows.push([name, null, null, unknown, null, null, 'unknown category: not included in the calculations']);
  }
  return formatCsv(rows, { escapeFormulas: true });
}
