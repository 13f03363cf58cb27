import { passedMultiple } from './audit-checkpoints.service.js';

describe('checkpoints by volume', () => {
  it.each([
    [0, 1, 1, true],
    [9_998, 10_003, 10_000, true], // a batch that carries the count over the multiple
    [9_999, 10_000, 10_000, true],
    [10_000, 10_004, 10_000, false],
    [10_004, 19_999, 10_000, false],
    [5, 25, 10, true], // two multiples in one batch: one checkpoint
  ])('from %p to %p, every %p: %p', (before, after, every, expected) => {
    expect(passedMultiple(before, after, every)).toBe(expected);
  });
});
