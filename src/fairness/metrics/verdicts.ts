import type { GroupKey } from './cells.js';
import type { Comparison } from './comparisons.js';
import { METRICS, type MetricName, type Thresholds } from './config.js';
import { describeGroup } from './eligibility.js';

export interface Verdict {
  metric: MetricName;
  grouping: string[];
  group: GroupKey;
  reference: GroupKey;
  value: number | null;
  threshold: number;
  /** null when the metric cannot be computed for this group (e.g. it has no actual positives). */
  pass: boolean | null;
  /** Whether the underlying difference is statistically significant at the audit's alpha. */
  significant: boolean | null;
  pValue: number | null;
  reason: string;
}

/**
 * Values are sums and quotients of counts, so a difference that is exactly at its threshold in
 * decimal (0.4 − 0.3 against 0.1) can land a rounding error past it; such values pass.
 */
const TOLERANCE = 1e-12;

export function passes(kind: 'ratio' | 'difference', value: number, threshold: number): boolean {
  return kind === 'ratio' ? value >= threshold - TOLERANCE : Math.abs(value) <= threshold + TOLERANCE;
}

const fmt = (x: number): string => (Math.abs(x) >= 1e-4 || x === 0 ? x.toFixed(4) : x.toExponential(2));

const METHOD_NAMES = { 'two-proportion-z': 'two-proportion z-test', 'fisher-exact': "Fisher's exact test", bonferroni: 'Bonferroni over TPR and FPR tests' };

function significanceText(c: Comparison, alpha: number): string {
  if (!c.test) return 'no significance test possible (a rate has no denominator)';
  // Φ underflows past |z| ≈ 37, where the two-sided p-value is already below 1e-299.
  const p = c.test.pValue === 0 ? 'p < 1e-299' : `p = ${c.test.pValue.toPrecision(3)}`;
  const how = `${METHOD_NAMES[c.test.method]}, ${p}`;
  return `${c.significant ? 'statistically significant' : 'not statistically significant'} at α = ${alpha} (${how})`;
}

function ratesText(c: Comparison): string {
  return Object.entries(c.rates)
    .map(([rate, r]) => `${rate} ${r.group === null ? 'n/a' : fmt(r.group)} vs ${r.reference === null ? 'n/a' : fmt(r.reference)}`)
    .join(', ');
}

/** One verdict per eligible comparison whose metric has a threshold; excluded groups get none. */
export function verdictsOf(comparisons: readonly Comparison[], thresholds: Thresholds, alpha: number): Verdict[] {
  const out: Verdict[] = [];
  for (const c of comparisons) {
    const threshold = thresholds[c.metric];
    if (threshold === null || !c.eligible) continue;
    const { kind, title } = METRICS[c.metric];
    const pass = c.value === null ? null : passes(kind, c.value, threshold);
    const against = `${describeGroup(c.group)} against ${describeGroup(c.reference)}`;
    let reason: string;
    if (pass === null) {
      reason = `${title} of ${against} cannot be computed: ${ratesText(c)}`;
    } else {
      const relation = kind === 'ratio' ? (pass ? '≥' : '<') : pass ? '≤' : '>';
      const shown = kind === 'ratio' ? fmt(c.value!) : `|${fmt(c.value!)}|`;
      const rule = c.metric === 'impactRatio' && !pass ? ' (four-fifths rule, 29 CFR 1607.4(D))' : '';
      reason = `${title} of ${against}: ${shown} ${relation} ${threshold}${rule}; ${ratesText(c)}; ${significanceText(c, alpha)}`;
    }
    out.push({
      metric: c.metric,
      grouping: c.grouping,
      group: c.group,
      reference: c.reference,
      value: c.value,
      threshold,
      pass,
      significant: c.significant,
      pValue: c.test?.pValue ?? null,
      reason,
    });
  }
  return out;
}
