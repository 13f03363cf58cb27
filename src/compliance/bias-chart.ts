import type { AuditReport } from '../fairness/audit-report.js';
import { describeGroup } from '../fairness/metrics/eligibility.js';
import type { ChartBar, RateChart } from './document-model.js';

const DEFAULT_THRESHOLD = 0.8;

/**
 * The charts of a stored bias audit: one per audited grouping (by default one per attribute),
 * a bar per group with its selection rate and Wilson interval, its impact ratio and verdict, and
 * the line at threshold × the most favoured group's rate that the impact ratio is judged against.
 * Everything comes from the stored report; nothing is recomputed.
 */
export function auditCharts(report: AuditReport, title: (grouping: string[]) => string, groupings: string[][] = report.config.attributes.map((a) => [a])): RateChart[] {
  const threshold = report.config.thresholds.impactRatio ?? DEFAULT_THRESHOLD;
  return groupings
    .map((grouping) => {
      const key = grouping.join('+');
      const sameGrouping = (g: string[]) => g.join('+') === key;
      const ratios = report.comparisons.filter((c) => c.metric === 'impactRatio' && sameGrouping(c.grouping));
      // Impact ratios compare every group with the most favoured one, which is 1 against itself.
      const favoured = ratios.find((c) => c.eligible)?.reference;
      const bars: ChartBar[] = report.groups
        .filter((g) => sameGrouping(g.grouping) && g.selectionRate !== null)
        .map((g) => {
          const id = describeGroup(g.attributes);
          const comparison = ratios.find((c) => describeGroup(c.group) === id);
          const verdict = report.verdicts.find((v) => v.metric === 'impactRatio' && sameGrouping(v.grouping) && describeGroup(v.group) === id);
          const isFavoured = favoured !== undefined && describeGroup(favoured) === id;
          const judged = comparison?.eligible === true && comparison.value !== null;
          return {
            label: grouping.map((a) => g.attributes[a]).join(' × '),
            n: g.n,
            value: g.selectionRate!.value,
            lower: g.selectionRate!.lower,
            upper: g.selectionRate!.upper,
            impactRatio: isFavoured ? 1 : judged ? comparison.value : null,
            pass: isFavoured ? true : judged ? (verdict?.pass ?? null) : null,
          };
        });
      const reference = ratios.find((c) => c.eligible)?.rates.selectionRate?.reference ?? null;
      return { title: title(grouping), rateLabel: 'selection rate', confidence: report.config.confidence, threshold, reference, bars };
    })
    .filter((chart) => chart.bars.length > 0);
}
