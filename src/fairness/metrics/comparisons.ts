import type { Counts, GroupKey } from './cells.js';
import { METRICS, type Family, type MetricName } from './config.js';
import { describeGroup, eligibleFor, reasonsFor, type Exclusion } from './eligibility.js';
import { RATES, type RateName, type Rates } from './rates.js';
import { compareProportions, differenceInterval, type Estimate, type TestResult } from './statistics.js';

/** A group with everything comparisons need. */
export interface GroupStats {
  attributes: GroupKey;
  counts: Counts;
  rates: Rates;
  exclusions: Exclusion[];
}

/** Equalized odds combines two tests; its p-value is the smaller one, Bonferroni-corrected for two. */
export interface CombinedTest {
  method: 'bonferroni';
  statistic: null;
  pValue: number;
  components: Partial<Record<RateName, TestResult>>;
}

export interface Comparison {
  metric: MetricName;
  grouping: string[];
  group: GroupKey;
  reference: GroupKey;
  value: number | null;
  /** The rates compared, for the group and for the reference. */
  rates: Partial<Record<RateName, { group: number | null; reference: number | null }>>;
  /** Newcombe's interval for single-rate differences; null for ratios and equalized odds. */
  interval: Estimate | null;
  test: TestResult | CombinedTest | null;
  significant: boolean | null;
  /** Whether the comparison may be judged: group and reference both clear the exclusion rules. */
  eligible: boolean;
  reason?: string;
}

/**
 * The group with the highest value of `rate` among those eligible for `family`; ties go to the
 * larger group, then to the first in order, so the choice is deterministic.
 */
export function mostFavoured(groups: readonly GroupStats[], rate: RateName, family: Family): GroupStats | null {
  let best: GroupStats | null = null;
  for (const g of groups) {
    const r = g.rates[rate];
    if (!r || !eligibleFor(g.exclusions, family)) continue;
    const b = best?.rates[rate];
    if (!best || !b || r.value > b.value || (r.value === b.value && RATES[rate](g.counts)[1] > RATES[rate](best.counts)[1])) best = g;
  }
  return best;
}

const sameGroup = (a: GroupKey, b: GroupKey): boolean => describeGroup(a) === describeGroup(b);

function testOf(rate: RateName, g: GroupStats, ref: GroupStats): TestResult | null {
  const [x1, n1] = RATES[rate](g.counts);
  const [x2, n2] = RATES[rate](ref.counts);
  return compareProportions(x1, n1, x2, n2);
}

function valueOf(metric: MetricName, g: GroupStats, ref: GroupStats): number | null {
  const { kind, rates } = METRICS[metric];
  const gaps = rates.flatMap((rate) => {
    const a = g.rates[rate];
    const b = ref.rates[rate];
    return a && b ? [{ a: a.value, b: b.value }] : [];
  });
  // A metric is defined only where every rate it compares is (equalized odds needs both TPR and FPR).
  if (gaps.length < rates.length) return null;
  if (metric === 'equalizedOddsDifference') return Math.max(...gaps.map(({ a, b }) => Math.abs(a - b)));
  const { a, b } = gaps[0];
  if (kind === 'difference') return a - b;
  return b === 0 ? null : a / b;
}

function combinedTestOf(metric: MetricName, g: GroupStats, ref: GroupStats): TestResult | CombinedTest | null {
  const rates = METRICS[metric].rates;
  if (rates.length === 1) return testOf(rates[0], g, ref);
  const components: Partial<Record<RateName, TestResult>> = {};
  for (const rate of rates) {
    const t = testOf(rate, g, ref);
    if (!t) return null;
    components[rate] = t;
  }
  const ps = Object.values(components).map((t) => t.pValue);
  return { method: 'bonferroni', statistic: null, pValue: Math.min(1, ps.length * Math.min(...ps)), components };
}

/** One metric for one group against its reference. */
export function compare(metric: MetricName, grouping: string[], g: GroupStats, ref: GroupStats, alpha: number): Comparison {
  const { family, kind, rates } = METRICS[metric];
  const test = combinedTestOf(metric, g, ref);
  const a = g.rates[rates[0]];
  const b = ref.rates[rates[0]];
  const groupOk = eligibleFor(g.exclusions, family);
  const refOk = eligibleFor(ref.exclusions, family);
  const comparison: Comparison = {
    metric,
    grouping,
    group: g.attributes,
    reference: ref.attributes,
    value: valueOf(metric, g, ref),
    rates: Object.fromEntries(rates.map((r) => [r, { group: g.rates[r]?.value ?? null, reference: ref.rates[r]?.value ?? null }])),
    interval: kind === 'difference' && rates.length === 1 && a && b ? differenceInterval(a, b) : null,
    test,
    significant: test ? test.pValue < alpha : null,
    eligible: groupOk && refOk,
  };
  if (!groupOk) comparison.reason = reasonsFor(g.exclusions, family);
  else if (!refOk) comparison.reason = `reference group ${describeGroup(ref.attributes)} is excluded: ${reasonsFor(ref.exclusions, family)}`;
  return comparison;
}

export interface ReferenceChoice {
  group: GroupStats | null;
  note?: string;
}

/** The reference for difference metrics: the configured group if the grouping names one, else the most favoured. */
export function chooseReference(grouping: string[], groups: readonly GroupStats[], configured: Record<string, string> | null): ReferenceChoice {
  if (configured && grouping.every((a) => a in configured)) {
    const wanted = Object.fromEntries(grouping.map((a) => [a, configured[a]]));
    const found = groups.find((g) => sameGroup(g.attributes, wanted));
    return found ? { group: found } : { group: null, note: `configured reference ${describeGroup(wanted)} has no rows` };
  }
  const best = mostFavoured(groups, 'selectionRate', 'selection');
  return best ? { group: best } : { group: null, note: 'no group is eligible to serve as reference' };
}

/**
 * Every metric for every group of one grouping against its reference — the most-favoured group
 * for impact ratios, the grouping's reference for the rest. Families without data are skipped.
 */
export function compareGroups(
  grouping: string[],
  groups: readonly GroupStats[],
  reference: GroupStats | null,
  metrics: readonly MetricName[],
  alpha: number,
): Comparison[] {
  const out: Comparison[] = [];
  for (const metric of metrics) {
    const { against, rates, family } = METRICS[metric];
    const ref = against === 'reference' ? reference : mostFavoured(groups, rates[0], family);
    if (!ref) continue;
    for (const g of groups) {
      if (g !== ref) out.push(compare(metric, grouping, g, ref, alpha));
    }
  }
  return out;
}

export interface Spread {
  /** max − min selection rate over eligible groups (Fairlearn's demographic_parity_difference). */
  demographicParityDifference: number | null;
  /** min / max selection rate over eligible groups. */
  demographicParityRatio: number | null;
  /** max − min TPR over eligible groups. */
  equalOpportunityDifference: number | null;
  /** The larger of the TPR and FPR spreads (Fairlearn's equalized_odds_difference). */
  equalizedOddsDifference: number | null;
}

/** Between-group spreads over the eligible groups of one grouping: one number per metric. */
export function spreadOf(groups: readonly GroupStats[]): Spread {
  const range = (rate: RateName, family: Family): { min: number; max: number } | null => {
    const values = groups.flatMap((g) => (eligibleFor(g.exclusions, family) && g.rates[rate] ? [g.rates[rate]!.value] : []));
    return values.length < 2 ? null : { min: Math.min(...values), max: Math.max(...values) };
  };
  const sel = range('selectionRate', 'selection');
  const tpr = range('tpr', 'label');
  const fpr = range('fpr', 'label');
  return {
    demographicParityDifference: sel ? sel.max - sel.min : null,
    demographicParityRatio: sel && sel.max > 0 ? sel.min / sel.max : null,
    equalOpportunityDifference: tpr ? tpr.max - tpr.min : null,
    equalizedOddsDifference: tpr && fpr ? Math.max(tpr.max - tpr.min, fpr.max - fpr.min) : null,
  };
}
