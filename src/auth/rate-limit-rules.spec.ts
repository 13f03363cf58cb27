import { decide, windowOf } from './rate-limit-rules.js';

describe('rate limit rules', () => {
  it.each([
    [0, 0, 60_000],
    [59_999, 0, 1],
    [60_000, 1, 60_000],
    [90_500, 1, 29_500],
  ])('at %i ms the window is %i, resetting in %i ms', (now, id, resetMs) => {
    expect(windowOf(now)).toEqual({ id, resetMs });
  });

  it.each([
    [1, 3, 30_000, { allowed: true, limit: 3, remaining: 2, retryAfterSeconds: 30 }],
    [3, 3, 30_000, { allowed: true, limit: 3, remaining: 0, retryAfterSeconds: 30 }],
    [4, 3, 1, { allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 }],
    [9, 3, 29_001, { allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 30 }],
  ])('count %i of limit %i', (count, limit, resetMs, expected) => {
    expect(decide(count, limit, resetMs)).toEqual(expected);
  });
});
