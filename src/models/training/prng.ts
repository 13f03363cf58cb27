/**
 * Seeded randomness for training and data generation. Everything the project trains is a pure
 * function of its seed, so the same seed always rebuilds the same model bytes.
 */

// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { imul, sqrt, log, cos, floor, PI } = Math;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: a small 32-bit generator with a full 2^32 period; plenty for synthetic data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = imul(t ^ (t >>> 15), t | 1);
      t ^= t + imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Standard normal by Box-Muller (one draw per call; the twin is discarded to keep the stream simple). */
export function normal(rng: Rng, mean = 0, std = 1): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  const v = rng.next();
  return mean + std * sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/** Integer in [min, max]. */
export const intBetween = (rng: Rng, min: number, max: number): number => min + floor(rng.next() * (max - min + 1));

export const bernoulli = (rng: Rng, p: number): boolean => rng.next() < p;

/** Picks an item with probability proportional to its weight. */
export function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [item, w] of choices) {
    u -= w;
    if (u < 0) return item;
  }
  return choices[choices.length - 1][0];
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[floor(rng.next() * items.length)];

/** Fisher-Yates permutation of 0..n-1. */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Splits 0..n-1 into a shuffled train part and a test part holding `testFraction` of the rows. */
export function trainTestSplit(n: number, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const p = permutation(mulberry32(seed), n);
  const nTest = Math.round(n * testFraction);
  return { test: p.slice(0, nTest), train: p.slice(nTest) };
}
