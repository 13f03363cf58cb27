import { labeledOf, type Counts, type Group, type GroupKey } from './cells.js';
import type { Family } from './config.js';

export type ExclusionRule = 'min-size' | 'min-share' | 'min-labeled' | 'min-scored';

/** Why a group's metrics are reported but not judged. */
export interface Exclusion {
  grouping: string[];
  group: GroupKey;
  rule: ExclusionRule;
  value: number;
  limit: number;
  /** The metric families the rule keeps out of verdicts. */
  families: Family[];
  reason: string;
}

const ALL: Family[] = ['selection', 'scoring', 'label'];

const percent = (x: number): string => `${(100 * x).toFixed(2)} %`;

/** Formats a group as `sex=Female, race=Black` for messages. */
export const describeGroup = (group: GroupKey): string =>
  Object.entries(group)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * The rules that keep a group out of verdicts: fewer than `minGroupSize` rows; under `minShare`
 * of all rows (the LL144 rules, 6 RCNY § 5-301(d), let an auditor leave a category under 2 % of
 * the data out of impact ratios); and, for label and scoring metrics, fewer than `minGroupSize`
 * labeled or scored rows — checked only when the audit has labels or scores at all.
 */
export function exclusionsOf(
  grouping: string[],
  group: Group,
  total: Counts,
  limits: { minGroupSize: number; minShare: number },
): Exclusion[] {
  const { counts } = group;
  const out: Exclusion[] = [];
  const add = (rule: ExclusionRule, value: number, limit: number, families: Family[], reason: string): void => {
    out.push({ grouping, group: group.attributes, rule, value, limit, families, reason });
  };
  if (counts.n < limits.minGroupSize) {
    add('min-size', counts.n, limits.minGroupSize, ALL, `${counts.n} rows, below the minimum group size of ${limits.minGroupSize}`);
  }
  const share = total.n === 0 ? 0 : counts.n / total.n;
  if (share < limits.minShare) {
    add(
      'min-share',
      share,
      limits.minShare,
      ALL,
      `${counts.n} of ${total.n} rows (${percent(share)}), under the ${percent(limits.minShare)} of the data ` +
        'below which a category may be left out of impact ratios (LL144 rules, 6 RCNY § 5-301(d))',
    );
  }
  const labeled = labeledOf(counts);
  if (labeledOf(total) > 0 && labeled < limits.minGroupSize) {
    add('min-labeled', labeled, limits.minGroupSize, ['label'], `${labeled} labeled rows, below the minimum group size of ${limits.minGroupSize}`);
  }
  if (total.scored > 0 && counts.scored < limits.minGroupSize) {
    add('min-scored', counts.scored, limits.minGroupSize, ['scoring'], `${counts.scored} scored rows, below the minimum group size of ${limits.minGroupSize}`);
  }
  return out;
}

export const eligibleFor = (exclusions: readonly Exclusion[], family: Family): boolean => !exclusions.some((e) => e.families.includes(family));

export const reasonsFor = (exclusions: readonly Exclusion[], family: Family): string =>
  exclusions
    .filter((e) => e.families.includes(family))
    .map((e) => e.reason)
    .join('; ');
