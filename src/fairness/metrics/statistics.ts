/**
 * The statistics bias audits rest on: the normal distribution, Wilson score intervals for
 * proportions, Newcombe's interval for a difference of proportions, and the two tests used to
 * decide whether two proportions differ (pooled two-proportion z, Fisher's exact test).
 */

/** An estimated proportion with its confidence interval. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}

export type TestMethod = 'two-proportion-z' | 'fisher-exact';

export interface TestResult {
  method: TestMethod;
  /** z for the z-test; null for Fisher's test, which has no single statistic. */
  statistic: number | null;
  /** Two-sided. */
  pValue: number;
}

/**
 * Standard normal CDF, Φ(x), by Hart's double-precision algorithm 5666 as given by West (2005),
 * "Better approximations to cumulative normal functions". Absolute error is near machine precision,
 * and the lower tail is computed directly, so small p-values keep their relative accuracy.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = (e * num) / den;
    } else {
      const cf = a + 1 / (a + 2 / (a + 3 / (a + 4 / (a + 0.65))));
      tail = e / cf / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

const poly = (coefficients: number[], x: number): number => coefficients.reduce((acc, c) => acc * x + c, 0);

/**
 * Inverse of Φ: Acklam's rational approximation (relative error 1.15e-9) refined by one Halley
 * step against `normalCdf`, which brings it to full double precision.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  }
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(ACKLAM_A, r) * q) / (poly(ACKLAM_B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** The two-sided critical value z for a confidence level, e.g. 0.95 → 1.959964. */
export function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2);
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIALS: Float64Array = (() => {
  const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  for (let i = 2; i < LOG_FACTORIAL_TABLE_SIZE; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
})();

/**
 * ln(n!). Summed exactly below 256; above it, Stirling's series, whose first omitted term
 * (≈ n⁻⁹/1188) is far below double precision there. Counts can reach millions, so no table
 * of that size is built.
 */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
  if (n < LOG_FACTORIAL_TABLE_SIZE) return LOG_FACTORIALS[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

/** Wilson score interval for x successes in n trials; null when n is 0. */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Estimate | null {
  assertCounts(x, n);
  if (n === 0) return null;
  const z = zForConfidence(confidence);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return {
    value: p,
    lower: x === 0 ? 0 : Math.max(0, centre - half),
    upper: x === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Newcombe's hybrid score interval (his method 10) for p1 − p2, built from the two Wilson
 * intervals; unlike the Wald interval it stays inside [−1, 1] and behaves at 0 and n.
 */
export function differenceInterval(a: Estimate, b: Estimate): Estimate {
  const d = a.value - b.value;
  return {
    value: d,
    lower: d - Math.sqrt((a.value - a.lower) ** 2 + (b.upper - b.value) ** 2),
    upper: d + Math.sqrt((a.upper - a.value) ** 2 + (b.value - b.lower) ** 2),
  };
}

/** Pooled two-proportion z-test of x1/n1 against x2/n2, two-sided. */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TestResult {
  assertCounts(x1, n1);
  assertCounts(x2, n2);
  if (n1 === 0 || n2 === 0) throw new RangeError('twoProportionZTest needs two non-empty samples');
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // se is 0 only when both samples are all successes or all failures: the proportions agree.
  const z = se === 0 ? 0 : (x1 / n1 - x2 / n2) / se;
  return { method: 'two-proportion-z', statistic: z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]], two-sided in the usual sense (R's
 * fisher.test): the summed probability of every table with the same margins that is no more
 * likely than the one observed, with a relative tolerance of 1e-7 for ties.
 */
export function fisherExactTest(a: number, b: number, c: number, d: number): TestResult {
  for (const v of [a, b, c, d]) assertCounts(v, v);
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const n = row1 + row2;
  const constant = logFactorial(row1) + logFactorial(row2) + logFactorial(col1) + logFactorial(n - col1) - logFactorial(n);
  const logP = (x: number): number =>
    constant - logFactorial(x) - logFactorial(row1 - x) - logFactorial(col1 - x) - logFactorial(row2 - col1 + x);
  const observed = logP(a);
  const cutoff = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = Math.max(0, col1 - row2); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    if (lp <= cutoff) p += Math.exp(lp);
  }
  return { method: 'fisher-exact', statistic: null, pValue: Math.min(1, p) };
}

/**
 * Tests x1/n1 against x2/n2: the z-test when every expected cell of the 2×2 table is at least 5
 * (Cochran's rule), Fisher's exact test otherwise. Null when either sample is empty.
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  assertCounts(x1, n1);
  assertCounts(x2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const n = n1 + n2;
  const successes = x1 + x2;
  const minExpected = (Math.min(n1, n2) * Math.min(successes, n - successes)) / n;
  return minExpected < 5 ? fisherExactTest(x1, n1 - x1, x2, n2 - x2) : twoProportionZTest(x1, n1, x2, n2);
}

function assertCounts(x: number, n: number): void {
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(n) || x < 0 || x > n) {
    throw new RangeError(`expected counts 0 ≤ x ≤ n, got x=${x}, n=${n}`);
  }
}
