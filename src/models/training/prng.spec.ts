import { bernoulli, intBetween, mulberry32, normal, permutation, trainTestSplit, weighted } from './prng.js';

describe('seeded randomness', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('gives the published first outputs of mulberry32', () => {
    // First outputs of the reference C implementation for seed 0 (as uint32).
    const rng = mulberry32(0);
    expect(Array.from({ length: 3 }, () => Math.round(rng.next() * 4294967296))).toEqual([1144304738, 1416247, 958946056]);
  });

  it('draws normals with mean 0 and deviation 1', () => {
    const rng = mulberry32(3);
    const xs = Array.from({ length: 20_000 }, () => normal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it.each([
    [[['a', 1], ['b', 3]] as const, 'b', 0.75],
    [[['a', 1], ['b', 0]] as const, 'a', 1],
  ])('picks by weight from %p', (choices, item, share) => {
    const rng = mulberry32(8);
    const hits = Array.from({ length: 10_000 }, () => weighted(rng, choices)).filter((c) => c === item).length;
    expect(Math.abs(hits / 10_000 - share)).toBeLessThan(0.02);
  });

  it('keeps integers, coins and permutations in range', () => {
    const rng = mulberry32(4);
    const ints = Array.from({ length: 1000 }, () => intBetween(rng, 3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(Array.from({ length: 100 }, () => bernoulli(rng, 0)).some(Boolean)).toBe(false);
    expect([...permutation(rng, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('splits rows into disjoint train and test parts', () => {
    const { train, test } = trainTestSplit(100, 0.25, 1);
    expect(test).toHaveLength(25);
    expect(train).toHaveLength(75);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
