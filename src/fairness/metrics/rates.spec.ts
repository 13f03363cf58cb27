import { emptyCounts, type Counts } from './cells.js';
import { calibrationOf, ratesOf } from './rates.js';

const counts = (c: Partial<Counts>): Counts => ({ ...emptyCounts(), ...c });

describe('ratesOf', () => {
  // Hand-computed from each confusion matrix: TPR = tp/(tp+fn), FPR = fp/(fp+tn), FNR = fn/(tp+fn),
  // precision = tp/(tp+fp), selection = selected/n, base rate = (tp+fn)/labeled.
  it.each([
    [{ n: 100, selected: 50, tp: 40, fp: 10, tn: 45, fn: 5 }, { selectionRate: 0.5, baseRate: 0.45, tpr: 0.8889, fpr: 0.1818, fnr: 0.1111, precision: 0.8 }],
    [{ n: 20, selected: 4, tp: 3, fp: 1, tn: 9, fn: 7 }, { selectionRate: 0.2, baseRate: 0.5, tpr: 0.3, fpr: 0.1, fnr: 0.7, precision: 0.75 }],
    [{ n: 8, selected: 0, tp: 0, fp: 0, tn: 5, fn: 3 }, { selectionRate: 0, baseRate: 0.375, tpr: 0, fpr: 0, fnr: 1, precision: null }],
    [{ n: 6, selected: 6, tp: 6, fp: 0, tn: 0, fn: 0 }, { selectionRate: 1, baseRate: 1, tpr: 1, fpr: null, fnr: 0, precision: 1 }],
    // Labels for only part of the group: selection uses every row, the rest only labeled ones.
    [{ n: 50, selected: 20, tp: 6, fp: 2, tn: 10, fn: 2 }, { selectionRate: 0.4, baseRate: 0.4, tpr: 0.75, fpr: 0.1667, fnr: 0.25, precision: 0.75 }],
    [{ n: 30, selected: 12 }, { selectionRate: 0.4, baseRate: null, tpr: null, fpr: null, fnr: null, precision: null }],
  ])('%o has rates %o', (c, expected) => {
    const rates = ratesOf(counts(c), 0.95);
    for (const [name, value] of Object.entries(expected)) {
      const r = rates[name as keyof typeof rates];
      if (value === null) expect(r).toBeNull();
      else {
        expect(r!.value).toBeCloseTo(value, 4);
        expect(r!.lower).toBeLessThanOrEqual(r!.value);
        expect(r!.upper).toBeGreaterThanOrEqual(r!.value);
      }
    }
  });

  it('gives every rate its Wilson interval', () => {
    const rates = ratesOf(counts({ n: 10, selected: 5, tp: 0, fp: 5, tn: 5, fn: 0, scored: 263, scoreAboveMedian: 81 }), 0.95);
    expect(rates.selectionRate).toEqual({ value: 0.5, lower: expect.closeTo(0.2366, 4), upper: expect.closeTo(0.7634, 4) });
    expect(rates.scoringRate!.lower).toBeCloseTo(0.2553, 4);
    expect(rates.fpr!.upper).toBeCloseTo(0.7634, 4);
    expect(rates.tpr).toBeNull();
  });

  it('narrows the intervals at a lower confidence', () => {
    const c = counts({ n: 10, selected: 5 });
    expect(ratesOf(c, 0.9).selectionRate!.lower).toBeCloseTo(0.2693, 4);
  });
});

describe('calibrationOf', () => {
  it('computes reliability, Brier score and expected calibration error from the bins', () => {
    // Two bins: 10 rows scored 0.2 on average with 1 positive, 10 rows scored 0.8 with 9 positives.
    // By hand, every score at its bin's mean: observed 0.1 and 0.9; ECE = ½·0.1 + ½·0.1 = 0.1;
    // brierSum = 2 · (9 · 0.2² + 1 · 0.8²) = 2.0, Brier = 2.0 / 20 = 0.1.
    const c = counts({
      calibration: [
        { lo: 0.2, hi: 0.3, n: 10, meanScore: 0.2, positives: 1 },
        { lo: 0.8, hi: 0.9, n: 10, meanScore: 0.8, positives: 9 },
        { lo: 0.5, hi: 0.6, n: 0, meanScore: 0, positives: 0 },
      ],
      brierSum: 2,
    });
    const cal = calibrationOf(c, 0.95)!;
    expect(cal.n).toBe(20);
    expect(cal.bins.map((b) => b.observed.value)).toEqual([0.1, 0.9]);
    expect(cal.brierScore).toBeCloseTo(0.1, 12);
    expect(cal.expectedCalibrationError).toBeCloseTo(0.1, 12);
  });

  it('is null without scored, labeled rows', () => expect(calibrationOf(counts({ n: 5 }), 0.95)).toBeNull());
});
