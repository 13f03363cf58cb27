import {
  compareProportions,
  differenceInterval,
  fisherExactTest,
  logFactorial,
  normalCdf,
  normalQuantile,
  twoProportionZTest,
  wilsonInterval,
  zForConfidence,
} from './statistics.js';

const relativelyClose = (actual: number, expected: number, tolerance: number): void => {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
};

describe('normalCdf', () => {
  // Reference values: Φ(x) = erfc(−x/√2)/2 from a correctly rounded erfc.
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [0.3, 0.6179114221889526],
    [-3, 0.0013498980316300933],
    [6, 0.9999999990134123],
  ])('Φ(%p) = %p to 1e-14', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-14);
  });

  it.each([
    [-5, 2.866515718791933e-7],
    [-8, 6.22096057427174e-16],
    [-10, 7.61985302416047e-24],
    [-20, 2.7536241186061556e-89],
  ])('keeps relative accuracy in the lower tail: Φ(%p) = %p', (x, expected) => {
    relativelyClose(normalCdf(x), expected, 1e-8);
  });

  it.each([-6.5, -2.2, -0.7, 0.01, 1.3, 4.4])('is symmetric at %p', (x) => {
    expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15);
  });

  it('is 0 and 1 far out and NaN for NaN', () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [0.01, -2.3263478740408408],
  ])('Φ⁻¹(%p) = %p', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-12);
  });

  it.each([1e-9, 0.001, 0.2, 0.7, 0.9999])('inverts normalCdf at %p', (p) => {
    relativelyClose(normalCdf(normalQuantile(p)), p, 1e-9);
  });

  it('maps the ends to infinities and refuses the rest', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => zForConfidence(1)).toThrow(RangeError);
  });
});

describe('logFactorial', () => {
  it.each([
    [0, 0],
    [1, 0],
    [5, Math.log(120)],
    [10, Math.log(3628800)],
    [1000, 5912.128178488163],
  ])('ln(%p!) = %p', (n, expected) => {
    expect(Math.abs(logFactorial(n) - expected)).toBeLessThan(1e-9);
  });

  it('joins the summed table and the Stirling series smoothly', () => {
    expect(Math.abs(logFactorial(256) - logFactorial(255) - Math.log(256))).toBeLessThan(1e-10);
    expect(Math.abs(logFactorial(257) - logFactorial(256) - Math.log(257))).toBeLessThan(1e-10);
  });

  it('refuses non-integers', () => expect(() => logFactorial(2.5)).toThrow(RangeError));
});

describe('wilsonInterval', () => {
  // Hand-computed: centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
  it.each([
    [0, 10, 0.95, 0, 0.2775],
    [5, 10, 0.95, 0.2366, 0.7634],
    [81, 263, 0.95, 0.2553, 0.3662],
    [10, 10, 0.95, 0.7225, 1],
    [5, 10, 0.9, 0.2693, 0.7307],
    [1, 1, 0.99, 0.131, 1],
  ])('%p of %p at %p is [%p, %p]', (x, n, confidence, lower, upper) => {
    const ci = wilsonInterval(x, n, confidence)!;
    expect(ci.value).toBeCloseTo(x / n, 12);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it('has no interval for an empty sample and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });
});

describe('differenceInterval', () => {
  it("reproduces Newcombe's (1998) method 10 for 56/70 − 48/80: 0.0524 to 0.3339", () => {
    const d = differenceInterval(wilsonInterval(56, 70)!, wilsonInterval(48, 80)!);
    expect(d.value).toBeCloseTo(0.2, 12);
    expect(d.lower).toBeCloseTo(0.0524, 4);
    expect(d.upper).toBeCloseTo(0.3339, 4);
  });
});

describe('twoProportionZTest', () => {
  it.each([
    // Physicians' Health Study (Agresti, Categorical Data Analysis): heart attacks 189/11034 on placebo, 104/11037 on aspirin; X² = 25.01.
    [189, 11034, 104, 11037, 5.0014, 5.692e-7],
    // By hand: pooled p = 70/300, se = √(p(1−p)(1/100 + 1/200)) = 0.051801, z = 0.1/se.
    [30, 100, 40, 200, 1.9305, 0.05355],
    [40, 200, 30, 100, -1.9305, 0.05355],
    [0, 50, 0, 80, 0, 1],
  ])('%p/%p vs %p/%p: z = %p, p = %p', (x1, n1, x2, n2, z, p) => {
    const t = twoProportionZTest(x1, n1, x2, n2);
    expect(t.method).toBe('two-proportion-z');
    expect(t.statistic).toBeCloseTo(z, 4);
    relativelyClose(t.pValue, p, 1e-3);
  });

  it('refuses an empty sample', () => expect(() => twoProportionZTest(0, 0, 1, 2)).toThrow(RangeError));
});

describe('fisherExactTest', () => {
  it.each([
    // Fisher's lady tasting tea: 3 of 4 cups right each way; p = 17/35.
    [3, 1, 1, 3, 0.4857],
    [1, 3, 3, 1, 0.4857],
    // Wikipedia's study-by-sex example.
    [1, 9, 11, 3, 0.002759],
    [1, 9, 5, 7, 0.1619],
    [0, 0, 3, 4, 1],
    [10, 0, 0, 10, 1.0825e-5],
  ])('[[%p, %p], [%p, %p]] has two-sided p = %p', (a, b, c, d, p) => {
    const t = fisherExactTest(a, b, c, d);
    expect(t.method).toBe('fisher-exact');
    relativelyClose(t.pValue, p, 1e-3);
  });

  it('is the same for the transposed table', () => {
    expect(fisherExactTest(2, 7, 8, 2).pValue).toBeCloseTo(fisherExactTest(2, 8, 7, 2).pValue, 14);
  });

  it('stays exact with a million rows in one margin', () => {
    // The observed table is the least likely of the four with these margins: p = 1 / C(1e6 + 3, 3).
    const t = fisherExactTest(0, 3, 1_000_000, 0);
    relativelyClose(t.pValue, 6 / ((1e6 + 1) * (1e6 + 2) * (1e6 + 3)), 1e-9);
  });
});

describe('compareProportions', () => {
  it.each([
    [30, 100, 40, 200, 'two-proportion-z'],
    [1, 10, 5, 12, 'fisher-exact'],
    // 200 vs 10 with 4 successes: an expected count of 0.19 calls for the exact test.
    [3, 200, 1, 10, 'fisher-exact'],
    [5, 20, 5, 20, 'two-proportion-z'],
  ])('%p/%p vs %p/%p uses %s', (x1, n1, x2, n2, method) => {
    expect(compareProportions(x1, n1, x2, n2)!.method).toBe(method);
  });

  it('has nothing to test with an empty sample', () => expect(compareProportions(0, 0, 3, 5)).toBeNull());
});
