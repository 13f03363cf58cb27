import { emptyCounts, type Counts } from './cells.js';
import { chooseReference, compare, compareGroups, mostFavoured, spreadOf, type GroupStats } from './comparisons.js';
import type { Exclusion } from './eligibility.js';
import { ratesOf } from './rates.js';

const stats = (name: string, c: Partial<Counts>, exclusions: Exclusion['families'][] = []): GroupStats => {
  const counts = { ...emptyCounts(), ...c };
  return {
    attributes: { g: name },
    counts,
    rates: ratesOf(counts, 0.95),
    exclusions: exclusions.map((families) => ({ grouping: ['g'], group: { g: name }, rule: 'min-size', value: 0, limit: 30, families, reason: `${name} is too small` })),
  };
};

// Hand-computed confusion matrices: A has TPR 0.8, FPR 0.2; B has TPR 0.6, FPR 0.1; C has TPR 0.9, FPR 0.5.
const A = stats('A', { n: 100, selected: 50, tp: 40, fp: 10, tn: 40, fn: 10 });
const B = stats('B', { n: 100, selected: 35, tp: 30, fp: 5, tn: 45, fn: 20 });
const C = stats('C', { n: 100, selected: 70, tp: 45, fp: 25, tn: 25, fn: 5 });

describe('mostFavoured', () => {
  it('picks the highest eligible rate, the larger group on ties', () => {
    expect(mostFavoured([A, B, C], 'selectionRate', 'selection')).toBe(C);
    expect(mostFavoured([A, B, stats('C', { n: 100, selected: 70 }, [['selection']])], 'selectionRate', 'selection')).toBe(A);
    const small = stats('S', { n: 10, selected: 5 });
    expect(mostFavoured([small, A], 'selectionRate', 'selection')).toBe(A);
    expect(mostFavoured([A, small], 'selectionRate', 'selection')).toBe(A);
    expect(mostFavoured([stats('E', { n: 0, selected: 0 })], 'selectionRate', 'selection')).toBeNull();
  });
});

describe('compare', () => {
  it.each([
    ['impactRatio', B, A, 0.7],
    ['demographicParityDifference', B, A, -0.15],
    ['demographicParityRatio', C, A, 1.4],
    ['equalOpportunityDifference', B, A, -0.2],
    ['falsePositiveRateDifference', B, A, -0.1],
    ['predictiveParityDifference', B, A, 30 / 35 - 0.8],
    // max(|0.6 − 0.8|, |0.1 − 0.2|) = 0.2 and max(|0.9 − 0.8|, |0.5 − 0.2|) = 0.3.
    ['equalizedOddsDifference', B, A, 0.2],
    ['equalizedOddsDifference', C, A, 0.3],
  ] as const)('%s of %o against %o is %p', (metric, g, ref, expected) => {
    const c = compare(metric, ['g'], g, ref, 0.05);
    expect(c.value).toBeCloseTo(expected, 12);
    expect(c.eligible).toBe(true);
  });

  it('tests the difference of the compared rate and gives its Newcombe interval', () => {
    const c = compare('equalOpportunityDifference', ['g'], B, A, 0.05);
    // 30/50 vs 40/50: pooled 0.7, se = √(0.21 · 0.04) = 0.091652, z = −0.2 / se = −2.1822.
    expect(c.test).toMatchObject({ method: 'two-proportion-z', statistic: expect.closeTo(-2.1822, 4) });
    expect(c.test!.pValue).toBeCloseTo(0.0291, 4);
    expect(c.significant).toBe(true);
    expect(c.interval!.lower).toBeLessThan(-0.2);
    expect(c.interval!.upper).toBeGreaterThan(-0.2);
    expect(c.rates).toEqual({ tpr: { group: 0.6, reference: 0.8 } });
  });

  it('Bonferroni-corrects the smaller of the TPR and FPR p-values for equalized odds', () => {
    const c = compare('equalizedOddsDifference', ['g'], C, A, 0.05);
    const test = c.test as { method: string; pValue: number; components: Record<string, { pValue: number }> };
    expect(test.method).toBe('bonferroni');
    expect(test.pValue).toBeCloseTo(Math.min(1, 2 * Math.min(test.components.tpr.pValue, test.components.fpr.pValue)), 15);
    expect(c.interval).toBeNull();
  });

  it('uses the exact test for small groups', () => {
    const small = stats('S', { n: 8, selected: 1 });
    expect(compare('impactRatio', ['g'], small, A, 0.05).test!.method).toBe('fisher-exact');
  });

  it('has no ratio against a zero rate and no rate without a denominator', () => {
    const none = stats('N', { n: 40, selected: 0 });
    expect(compare('demographicParityRatio', ['g'], A, none, 0.05).value).toBeNull();
    const unlabeled = stats('U', { n: 40, selected: 10 });
    const c = compare('equalOpportunityDifference', ['g'], unlabeled, A, 0.05);
    expect(c.value).toBeNull();
    expect(c.test).toBeNull();
    expect(c.significant).toBeNull();
  });

  it('has no equalized odds for a group without actual positives: its FPR gap alone is not the metric', () => {
    // D has FPR 0.45 against A's 0.2 but no TPR at all.
    const D = stats('D', { n: 100, selected: 45, tp: 0, fp: 45, tn: 55, fn: 0 });
    const c = compare('equalizedOddsDifference', ['g'], D, A, 0.05);
    expect(c).toMatchObject({ value: null, test: null, significant: null });
    expect(c.rates).toEqual({ tpr: { group: null, reference: 0.8 }, fpr: { group: 0.45, reference: 0.2 } });
    expect(compare('falsePositiveRateDifference', ['g'], D, A, 0.05).value).toBeCloseTo(0.25, 12);
  });

  it('marks comparisons involving an excluded group, with the reason', () => {
    const small = stats('S', { n: 10, selected: 1 }, [['selection', 'scoring', 'label']]);
    expect(compare('impactRatio', ['g'], small, A, 0.05)).toMatchObject({ eligible: false, reason: 'S is too small' });
    const unlabeledRef = stats('R', { n: 100, selected: 60, tp: 1, fp: 0, tn: 0, fn: 0 }, [['label']]);
    expect(compare('equalOpportunityDifference', ['g'], A, unlabeledRef, 0.05)).toMatchObject({ eligible: false, reason: 'reference group g=R is excluded: R is too small' });
    expect(compare('impactRatio', ['g'], A, unlabeledRef, 0.05).eligible).toBe(true);
  });
});

describe('chooseReference', () => {
  it.each([
    [null, 'C'],
    [{ g: 'A' }, 'A'],
    [{ other: 'x' }, 'C'],
  ])('with %o configured picks %s', (configured, expected) => {
    expect(chooseReference(['g'], [A, B, C], configured).group!.attributes.g).toBe(expected);
  });

  it('says why there is none', () => {
    expect(chooseReference(['g'], [A], { g: 'Z' })).toEqual({ group: null, note: 'configured reference g=Z has no rows' });
    expect(chooseReference(['g'], [stats('S', { n: 2, selected: 1 }, [['selection']])], null).note).toBe('no group is eligible to serve as reference');
  });
});

describe('compareGroups', () => {
  it('compares impact ratios with the most favoured group and differences with the reference', () => {
    const out = compareGroups(['g'], [A, B, C], A, ['impactRatio', 'demographicParityDifference'], 0.05);
    expect(out.map((c) => [c.metric, c.group.g, c.reference.g, Number(c.value!.toFixed(4))])).toEqual([
      ['impactRatio', 'A', 'C', 0.7143],
      ['impactRatio', 'B', 'C', 0.5],
      ['demographicParityDifference', 'B', 'A', -0.15],
      ['demographicParityDifference', 'C', 'A', 0.2],
    ]);
  });
});

describe('spreadOf', () => {
  it('takes max − min over eligible groups, as Fairlearn does', () => {
    const s = spreadOf([A, B, C, stats('X', { n: 10, selected: 0, tp: 0, fp: 0, tn: 5, fn: 5 }, [['selection', 'scoring', 'label']])]);
    expect(s.demographicParityDifference).toBeCloseTo(0.35, 12);
    expect(s.demographicParityRatio).toBeCloseTo(0.5, 12);
    expect(s.equalOpportunityDifference).toBeCloseTo(0.3, 12);
    // TPR spread 0.3, FPR spread 0.4.
    expect(s.equalizedOddsDifference).toBeCloseTo(0.4, 12);
    expect(spreadOf([A]).demographicParityDifference).toBeNull();
    // Only A has actual positives: no TPR spread, so no equalized odds either, though the FPR spread is 0.25.
    const noPositives = stats('D', { n: 100, selected: 45, tp: 0, fp: 45, tn: 55, fn: 0 });
    expect(spreadOf([A, noPositives])).toMatchObject({ equalOpportunityDifference: null, equalizedOddsDifference: null });
  });
});
