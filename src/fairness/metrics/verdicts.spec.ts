import type { Comparison } from './comparisons.js';
import { DEFAULT_THRESHOLDS } from './config.js';
import { passes, verdictsOf } from './verdicts.js';

describe('passes', () => {
  it.each([
    ['ratio', 0.8, 0.8, true],
    ['ratio', 0.7999, 0.8, false],
    ['ratio', 4 / 5, 0.8, true],
    ['ratio', 1.3, 0.8, true],
    ['difference', 0.1, 0.1, true],
    ['difference', -0.1, 0.1, true],
    ['difference', 0.4 - 0.3, 0.1, true],
    ['difference', 0.1001, 0.1, false],
    ['difference', -0.15, 0.1, false],
  ] as const)('%s %p against %p → %p', (kind, value, threshold, expected) => {
    expect(passes(kind, value, threshold)).toBe(expected);
  });
});

const comparison = (over: Partial<Comparison>): Comparison => ({
  metric: 'impactRatio',
  grouping: ['sex'],
  group: { sex: 'F' },
  reference: { sex: 'M' },
  value: 0.5,
  rates: { selectionRate: { group: 0.2, reference: 0.4 } },
  interval: null,
  test: { method: 'two-proportion-z', statistic: -3, pValue: 0.0027 },
  significant: true,
  eligible: true,
  ...over,
});

describe('verdictsOf', () => {
  it('judges each eligible comparison against its threshold and carries the significance', () => {
    const [v] = verdictsOf([comparison({})], DEFAULT_THRESHOLDS, 0.05);
    expect(v).toMatchObject({ metric: 'impactRatio', group: { sex: 'F' }, reference: { sex: 'M' }, value: 0.5, threshold: 0.8, pass: false, significant: true, pValue: 0.0027 });
    expect(v.reason).toBe(
      'impact ratio (selection rate) of sex=F against sex=M: 0.5000 < 0.8 (four-fifths rule, 29 CFR 1607.4(D)); selectionRate 0.2000 vs 0.4000; statistically significant at α = 0.05 (two-proportion z-test, p = 0.00270)',
    );
  });

  it('says when a breach is not statistically significant', () => {
    const [v] = verdictsOf(
      [comparison({ metric: 'demographicParityDifference', value: -0.2, test: { method: 'fisher-exact', statistic: null, pValue: 0.31 }, significant: false })],
      DEFAULT_THRESHOLDS,
      0.05,
    );
    expect(v.pass).toBe(false);
    expect(v.significant).toBe(false);
    expect(v.reason).toContain("|-0.2000| > 0.1");
    expect(v.reason).toContain("not statistically significant at α = 0.05 (Fisher's exact test, p = 0.310)");
  });

  it('gives no verdict to excluded groups or to metrics without a threshold', () => {
    const out = verdictsOf([comparison({ eligible: false, reason: 'too small' }), comparison({ metric: 'demographicParityRatio' })], DEFAULT_THRESHOLDS, 0.05);
    expect(out).toEqual([]);
  });

  it('uses configured thresholds', () => {
    const [v] = verdictsOf([comparison({ value: 0.85 })], { ...DEFAULT_THRESHOLDS, impactRatio: 0.9 }, 0.05);
    expect(v.pass).toBe(false);
  });

  it('cannot pass or fail a metric that has no value', () => {
    const [v] = verdictsOf([comparison({ metric: 'equalOpportunityDifference', value: null, rates: { tpr: { group: null, reference: 0.8 } }, test: null, significant: null })], DEFAULT_THRESHOLDS, 0.05);
    expect(v).toMatchObject({ pass: null, significant: null, pValue: null });
    expect(v.reason).toBe('equal opportunity difference (TPR) of sex=F against sex=M cannot be computed: tpr n/a vs 0.8000');
  });

  it('reports p-values below double precision as such', () => {
    const [v] = verdictsOf([comparison({ test: { method: 'two-proportion-z', statistic: -40, pValue: 0 } })], DEFAULT_THRESHOLDS, 0.05);
    expect(v.reason).toContain('p < 1e-299');
  });
});
