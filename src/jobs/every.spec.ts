import { jest } from '@jest/globals';
import { every, MAX_TIMER_MS } from './jobs.service.js';

const DAY = 86_400_000;

describe('every', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits an interval longer than a timer holds, and runs once at its end', () => {
    expect(30 * DAY).toBeGreaterThan(MAX_TIMER_MS);
    let runs = 0;
    const stop = every(30 * DAY, () => runs++);
    jest.advanceTimersByTime(29 * DAY);
    expect(runs).toBe(0);
    jest.advanceTimersByTime(DAY);
    expect(runs).toBe(1);
    jest.advanceTimersByTime(30 * DAY);
    expect(runs).toBe(2);
    stop();
    jest.advanceTimersByTime(60 * DAY);
    expect(runs).toBe(2);
  });

  it('runs short intervals on time', () => {
    let runs = 0;
    const stop = every(1000, () => runs++);
    jest.advanceTimersByTime(10_500);
    expect(runs).toBe(10);
    stop();
  });
});
