import { formatCsv } from './csv.js';
import { canonicalCells, groupCells, labeledOf, totalOf, validateCells, type Cell, type Counts, type Group, type GroupKey } from './metrics/cells.js';
import { chooseReference, compareGroups, spreadOf, type Comparison, type GroupStats, type Spread } from './metrics/comparisons.js';
import { METRIC_NAMES, METRICS, resolveConfig, type AuditConfig, type MetricName, type ResolvedAuditConfig } from './metrics/config.js';
import { describeGroup, eligibleFor, exclusionsOf, type Exclusion } from './metrics/eligibility.js';
import { calibrationOf, ratesOf, type Calibration } from './metrics/rates.js';
import type { Estimate } from './metrics/statistics.js';
import { verdictsOf, type Verdict } from './metrics/verdicts.js';

/** One group's counts and rates, each rate with its Wilson interval (null when undefined). */
export interface GroupReport {
  grouping: string[];
  attributes: GroupKey;
  n: number;
  /** n over all rows of the audit, unknown categories included. */
  share: number;
  selected: number;
  labeled: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  scored: number;
  scoreAboveMedian: number;
  selectionRate: Estimate | null;
  scoringRate: Estimate | null;
  baseRate: Estimate | null;
  tpr: Estimate | null;
  fpr: Estimate | null;
  fnr: Estimate | null;
  precision: Estimate | null;
  calibration: Calibration | null;
  /** Which metric families this group is judged on; see `excluded` for why not. */
  eligible: { selection: boolean; scoring: boolean; label: boolean };
}

export interface GroupingReport {
  grouping: string[];
  groups: number;
  /** Rows left out of this grouping because one of its attributes is unknown. */
  unknown: number;
  /** The reference for difference metrics; impact ratios use each rate's most-favoured group. */
  reference: GroupKey | null;
  referenceNote?: string;
  spread: Spread;
}

export interface UnknownCounts {
  n: number;
  selected: number;
  share: number;
}

export interface AuditReport {
  config: ResolvedAuditConfig;
  total: GroupReport;
  groupings: GroupingReport[];
  groups: GroupReport[];
  comparisons: Comparison[];
  verdicts: Verdict[];
  excluded: Exclusion[];
  unknown: { any: UnknownCounts; byAttribute: Record<string, UnknownCounts> };
  /** Metrics not computed at all, because the data has no labels or no scores. */
  skipped: { metric: MetricName; reason: string }[];
}

function groupReport(grouping: string[], stats: GroupStats, total: Counts, calibration: Calibration | null): GroupReport {
  const c = stats.counts;
  return {
    grouping,
    attributes: stats.attributes,
    n: c.n,
    share: total.n === 0 ? 0 : c.n / total.n,
    selected: c.selected,
    labeled: labeledOf(c),
    tp: c.tp,
    fp: c.fp,
    tn: c.tn,
    fn: c.fn,
    scored: c.scored,
    scoreAboveMedian: c.scoreAboveMedian,
    ...stats.rates,
    calibration,
    eligible: {
      selection: eligibleFor(stats.exclusions, 'selection'),
      scoring: eligibleFor(stats.exclusions, 'scoring'),
      label: eligibleFor(stats.exclusions, 'label'),
    },
  };
}

const unknownCounts = (c: Counts, total: Counts): UnknownCounts => ({ n: c.n, selected: c.selected, share: total.n === 0 ? 0 : c.n / total.n });

/**
 * A bias audit over aggregated cells (see metrics/cells.ts for their contract): every group of
 * every grouping with its rates and intervals, every metric against its reference with a
 * significance test, and a verdict wherever a threshold is set and the group is eligible.
 * Pure and deterministic: the same cells, in any order, and config give the same report.
 */
export function runAudit(given: readonly Cell[], config: AuditConfig = {}): AuditReport {
  validateCells(given);
  // Sums of floating-point scores depend on the order they are added in: the cells' canonical
  // order makes the report the same however they arrive (as stored, or as a query returned them).
  const cells = canonicalCells(given);
  const cfg = resolveConfig(config, cells);
  const total = totalOf(cells);
  const skipped: AuditReport['skipped'] = [];
  const metrics = METRIC_NAMES.filter((m) => {
    const family = METRICS[m].family;
    if (family === 'label' && labeledOf(total) === 0) skipped.push({ metric: m, reason: 'no labeled rows' });
    else if (family === 'scoring' && total.scored === 0) skipped.push({ metric: m, reason: 'no scored rows' });
    else return true;
    return false;
  });

  const statsOf = (grouping: string[], g: Group): GroupStats => ({
    attributes: g.attributes,
    counts: g.counts,
    rates: ratesOf(g.counts, cfg.confidence),
    exclusions: grouping.length === 0 ? [] : exclusionsOf(grouping, g, total, cfg),
  });

  const report: AuditReport = {
    config: cfg,
    total: groupReport([], statsOf([], { attributes: {}, counts: total }), total, calibrationOf(total, cfg.confidence)),
    groupings: [],
    groups: [],
    comparisons: [],
    verdicts: [],
    excluded: [],
    unknown: { any: unknownCounts(groupCells(cells, cfg.attributes).unknown, total), byAttribute: {} },
    skipped,
  };
  for (const attribute of cfg.attributes) {
    report.unknown.byAttribute[attribute] = unknownCounts(groupCells(cells, [attribute]).unknown, total);
  }

  for (const grouping of cfg.groupBy) {
    const { groups, unknown } = groupCells(cells, grouping);
    const stats = groups.map((g) => statsOf(grouping, g));
    const reference = chooseReference(grouping, stats, cfg.reference);
    const comparisons = compareGroups(grouping, stats, reference.group, metrics, cfg.alpha);
    report.groupings.push({
      grouping,
      groups: groups.length,
      unknown: unknown.n,
      reference: reference.group?.attributes ?? null,
      ...(reference.note ? { referenceNote: reference.note } : {}),
      spread: spreadOf(stats),
    });
    report.groups.push(...stats.map((s) => groupReport(grouping, s, total, calibrationOf(s.counts, cfg.confidence))));
    report.comparisons.push(...comparisons);
    report.verdicts.push(...verdictsOf(comparisons, cfg.thresholds, cfg.alpha));
    report.excluded.push(...stats.flatMap((s) => s.exclusions));
  }
  return report;
}

/** The verdicts that failed: what a consequence (notify, review, suspend) acts on. */
export const breachesOf = (report: AuditReport): Verdict[] => report.verdicts.filter((v) => v.pass === false);

const RATE_COLUMNS = ['selectionRate', 'scoringRate', 'baseRate', 'tpr', 'fpr', 'fnr', 'precision'] as const;

/** The report's groups as CSV: one row per group, each rate followed by its interval bounds. */
export function groupsCsv(report: AuditReport): string {
  const attributes = report.config.attributes;
  const header = [
    'grouping',
    ...attributes,
    'n',
    'share',
    'selected',
    'labeled',
    'tp',
    'fp',
    'tn',
    'fn',
    'scored',
    'scoreAboveMedian',
    ...RATE_COLUMNS.flatMap((r) => [r, `${r}Lower`, `${r}Upper`]),
    'brierScore',
    'expectedCalibrationError',
    'eligibleSelection',
    'eligibleScoring',
    'eligibleLabel',
    'excludedBecause',
  ];
  const rows = [report.total, ...report.groups].map((g) => {
    const reasons = report.excluded.filter((e) => e.grouping.join('+') === g.grouping.join('+') && describeGroup(e.group) === describeGroup(g.attributes));
    return [
      g.grouping.length === 0 ? 'all' : g.grouping.join('+'),
      ...attributes.map((a) => g.attributes[a]),
      g.n,
      g.share,
      g.selected,
      g.labeled,
      g.tp,
      g.fp,
      g.tn,
      g.fn,
      g.scored,
      g.scoreAboveMedian,
      ...RATE_COLUMNS.flatMap((r) => [g[r]?.value, g[r]?.lower, g[r]?.upper]),
      g.calibration?.brierScore,
      g.calibration?.expectedCalibrationError,
      g.eligible.selection,
      g.eligible.scoring,
      g.eligible.label,
      reasons.map((e) => e.reason).join('; '),
    ];
  });
  return formatCsv([header, ...rows], { escapeFormulas: true });
}
