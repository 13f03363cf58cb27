import { parseServerTiming, StepTimings } from './server-timing.js';

describe('StepTimings', () => {
  it('records each step under its name, in order, failed ones too', async () => {
    const timings = new StepTimings();
    await timings.time('first', () => 1);
    await timings.time('second', () => new Promise((resolve) => setTimeout(resolve, 5)));
    await expect(timings.time('third', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const parsed = parseServerTiming(timings.header());
    expect([...parsed.keys()]).toEqual(['first', 'second', 'third']);
    expect(parsed.get('second')).toBeGreaterThanOrEqual(4);
    expect(timings.header()).toMatch(/^first;dur=\d+\.\d{2}, second;dur=\d+\.\d{2}, third;dur=\d+\.\d{2}$/);
  });

  it('reads headers from other servers too', () => {
    expect(parseServerTiming('db;dur=53, app;desc="x";dur=47.2, cache;desc="Cache Read", db;dur=1')).toEqual(
      new Map([
        ['db', 54],
        ['app', 47.2],
      ]),
    );
  });
});
