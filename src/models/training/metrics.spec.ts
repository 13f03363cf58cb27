import { accuracy, auc, groupRates, impactRatio, logLoss, macroF1, multiclassAccuracy } from './metrics.js';

describe('metrics', () => {
  it.each([
    [[1, 0, 1, 0], [0.9, 0.1, 0.8, 0.3], 1],
    [[1, 0, 1, 0], [0.1, 0.9, 0.2, 0.8], 0],
    [[1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5], 0.5],
    // Pairs (positive, negative): 0.8 beats both, 0.4 ties 0.4 (½) and beats 0.2, 0.1 beats none.
    [[1, 1, 0, 0, 1], [0.8, 0.4, 0.4, 0.2, 0.1], 3.5 / 6],
  ])('AUC of labels %p with scores %p is %p', (labels, scores, want) => {
    expect(auc(labels, scores)).toBeCloseTo(want, 12);
  });

  it.each([
    [[1, 0], [0.6, 0.4], 0.5, 1],
    [[1, 0], [0.6, 0.4], 0.7, 0.5],
    [[1, 1, 0], [0.5, 0.49, 0.2], 0.5, 2 / 3],
  ])('accuracy of %p with %p at threshold %p is %p', (labels, scores, threshold, want) => {
    expect(accuracy(labels, scores, threshold)).toBeCloseTo(want, 12);
  });

  it('computes the log-loss and keeps it finite at 0 and 1', () => {
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
  });

  it('computes selection rates per group and the four-fifths ratio', () => {
    const groups = ['f', 'f', 'f', 'f', 'm', 'm', 'm', 'm'];
    const labels = [1, 1, 0, 0, 1, 1, 0, 0];
    const scores = [0.9, 0.2, 0.1, 0.1, 0.9, 0.8, 0.7, 0.1];
    const rates = groupRates(groups, labels, scores);
    expect(rates).toEqual([
      { group: 'f', count: 4, selectionRate: 0.25, baseRate: 0.5, accuracy: 0.75, truePositiveRate: 0.5 },
      { group: 'm', count: 4, selectionRate: 0.75, baseRate: 0.5, accuracy: 0.75, truePositiveRate: 1 },
    ]);
    expect(impactRatio(rates)).toBeCloseTo(1 / 3, 12);
  });

  it('scores multiclass predictions by arg-max', () => {
    const p = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1];
    expect(multiclassAccuracy([0, 1, 2, 1], p, 3)).toBe(0.75);
    // Per class F1: class 0: 2·1/(2+1) = 2/3; class 1: 2·1/(1+2) = 2/3; class 2: 1.
    expect(macroF1([0, 1, 2, 1], p, 3)).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
  });
});
