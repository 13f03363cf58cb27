import { randomBytes } from 'node:crypto';
import { Client, creditCall, drive, tally, tenantWithConsent } from './support/client.js';
import { Ledger } from './support/ledger.js';
import { PrivateRedis, WardenProcess, sleep, until } from './support/processes.js';

const noRedis = PrivateRedis.missing();
const describeWithRedisServer = noRedis ? describe.skip : describe;

/**
 * Redis carries queued work and shared counters, never anything a call needs to be answered. So
 * while it is stopped inference goes on, work enqueued meanwhile is kept by the instance that took
 * it, and it runs once Redis is back. The Redis is a private one without persistence: stopping it
 * also wipes what it held, the worst case a restart can bring.
 */
describeWithRedisServer(`Redis outage${noRedis ? ` [skipped: ${noRedis}]` : ''}`, () => {
  const adminKey = `faults_${randomBytes(16).toString('hex')}`;
  const databaseUrl = process.env.DATABASE_URL!;
  let redis: PrivateRedis;
  let warden: WardenProcess | undefined;
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await Ledger.open(databaseUrl);
    redis = await PrivateRedis.start();
    warden = await WardenProcess.start({ databaseUrl, adminKey, redisUrl: redis.url, redisPrefix: `faults-${randomBytes(4).toString('hex')}` });
  });
  afterAll(async () => {
    await warden?.stop();
    await redis?.stop();
    await ledger?.close();
  });

  it('keeps serving inference, holds work enqueued meanwhile and runs it once Redis is back', async () => {
    const admin = new Client(warden!.url, adminKey);
    const tenant = await tenantWithConsent(admin, 4, 'redis-outage');
    const asTenant = admin.as(tenant.key);
    const erasure = async (subject: string) => (await asTenant.ok('POST', `/v1/subjects/${encodeURIComponent(subject)}/erasure`, undefined)).body as { id: string; status: string };
    const erasureStatus = async (id: string) => (await asTenant.ok('GET', `/v1/subjects/erasures/${id}`)).body.status as string;

    // With Redis up, a queued erasure runs on the BullMQ worker.
    const first = await erasure(tenant.subjects[3]);
    await until('the erasure queued while Redis is up to complete', async () => (await erasureStatus(first.id)) === 'completed');

    await redis.stop();
    await until('Warden to notice Redis is gone', async () => (await admin.get('/health/ready')).body.checks?.redis === 'down', 10_000);
    expect((await admin.get('/health/ready')).body).toEqual({ status: 'degraded', checks: { database: 'up', redis: 'down' } });

    // Inference goes on: every call answered, recorded and charged.
    const during = await drive([{ base: warden!.url, tenant: { ...tenant, subjects: tenant.subjects.slice(0, 3) } }], 4, () => false, 15);
    expect(tally(during)).toEqual({ '200': 60 });
    expect(await ledger.answeredProblems(during)).toEqual([]);

    // Work enqueued now is accepted at once and kept, not run and not dropped.
    const held = await erasure(tenant.subjects[0]);
    expect(held.status).toBe('pending');
    const day = 1 + Math.floor(Math.random() * 3000);
    const from = new Date(Date.UTC(2001, 0, day)).toISOString();
    const to = new Date(Date.UTC(2001, 0, day + 1)).toISOString();
    const settle = await admin.ok('POST', '/v1/admin/settlements', { from, to }, [202]);
    expect(settle.body.status).toBe('queued');
    await sleep(1500);
    expect(await erasureStatus(held.id)).toBe('pending');
    expect((await admin.get(`/v1/admin/settlements/${settle.body.settlementId}`)).status).toBe(404);

    await redis.start();
    await until('the held erasure to run once Redis is back', async () => (await erasureStatus(held.id)) === 'completed', 30_000);
    await until('the held settlement to close once Redis is back', async () => (await admin.get(`/v1/admin/settlements/${settle.body.settlementId}`)).status === 200, 30_000);
    await until('Warden to report Redis up again', async () => (await admin.get('/health/ready')).body.status === 'ok', 10_000);

    // Jobs enqueued after the outage still run, and calls still go through.
    const after = await erasure(tenant.subjects[1]);
    await until('an erasure queued after the outage to complete', async () => (await erasureStatus(after.id)) === 'completed', 30_000);
    expect((await asTenant.post('/v1/models/credit-approval/infer', creditCall(tenant.subjects[2]))).status).toBe(200);

    expect(warden!.alive).toBe(true);
    expect(warden!.log()).not.toMatch(/never took|Unhandled|uncaught/i);
    expect(await ledger.halfWritten([tenant.id])).toEqual([]);
  });
});
