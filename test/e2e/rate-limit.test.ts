import { describeWithRedis } from '../support/redis.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

async function spend(app: TestApp, key: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await app.http.get('/v1/admin/tenants').set(bearer(key))).status);
  return statuses;
}

describe('rate limits without Redis (counted in the process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once a key exceeds its limit, and counts keys separately', async () => {
    const key = await t.key('admin');
    const statuses = await spend(t, key, 4);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await t.http.get('/v1/admin/tenants').set(bearer(key));
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(await spend(t, await t.key('admin'), 1)).toEqual([200]);
  });
});

describeWithRedis('rate limits on Redis hold across instances', (redisUrl) => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    one = await startTestApp({ RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: redisUrl });
    two = await startTestApp({ RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: redisUrl });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('counts one key across both instances', async () => {
    const key = await one.key('admin');
    const first = await spend(one, key, 2);
    const second = await spend(two, key, 2);
    const third = await spend(one, key, 1);
    expect([...first, ...second, ...third]).toEqual([200, 200, 200, 200, 429]);
  });
});
