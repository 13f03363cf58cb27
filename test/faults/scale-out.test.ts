import { randomBytes } from 'node:crypto';
import { Client, drive, example, tally, tenantWithConsent, type TenantSetup } from './support/client.js';
import { Ledger } from './support/ledger.js';
import { PrivateRedis, WardenProcess, sleep, until } from './support/processes.js';

const noRedis = PrivateRedis.missing();
const describeWithRedisServer = noRedis ? describe.skip : describe;
const RATE_LIMIT = 300;

/** Waits, if need be, so that a burst of a few seconds falls inside one UTC minute (quota and rate windows). */
async function freshMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await sleep(60_000 - intoMinute + 50);
}

/**
 * Three Warden processes against one Postgres and one Redis, the way Warden scales out: whatever
 * instance a call lands on, there is one audit chain per tenant, one ledger, one quota, one rate
 * limit, one model registry and one pool of workers.
 */
describeWithRedisServer(`scale-out across instances${noRedis ? ` [skipped: ${noRedis}]` : ''}`, () => {
  const adminKey = `faults_${randomBytes(16).toString('hex')}`;
  const databaseUrl = process.env.DATABASE_URL!;
  const prefix = `scale-${randomBytes(4).toString('hex')}`;
  let redis: PrivateRedis;
  let ledger: Ledger;
  const instances: WardenProcess[] = [];
  const admin = () => new Client(instances[0].url, adminKey);

  beforeAll(async () => {
    ledger = await Ledger.open(databaseUrl);
    redis = await PrivateRedis.start();
    // One after another, as a rolling deployment starts them.
    for (let i = 0; i < 3; i++) {
      instances.push(await WardenProcess.start({ databaseUrl, adminKey, redisUrl: redis.url, redisPrefix: prefix, env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), DATABASE_POOL_SIZE: '5' } }));
    }
  });
  afterAll(async () => {
    await Promise.all(instances.map((w) => w.stop()));
    await redis?.stop();
    await ledger?.close();
  });

  it('keeps one gap-free audit chain per tenant and a ledger that reconciles to the micro-unit', async () => {
    const startedAt = new Date(Date.now() - 1000);
    const tenants: TenantSetup[] = [];
    for (let i = 0; i < 3; i++) tenants.push(await tenantWithConsent(admin(), 4, 'scale'));
    await freshMinute();
    const sent = await drive(
      tenants.flatMap((tenant) => instances.map((w) => ({ base: w.url, tenant }))),
      12,
      (so) => so.length >= 540,
    );
    expect(tally(sent)).toEqual({ '200': sent.length });

    const tenantIds = tenants.map((t) => t.id);
    expect(await ledger.answeredProblems(sent)).toEqual([]);
    expect(await ledger.halfWritten(tenantIds)).toEqual([]);
    expect(await ledger.chainProblems([...tenantIds.map((id) => `tenant:${id}`), 'platform'])).toEqual([]);

    for (const tenant of tenants) {
      const mine = sent.filter((s) => s.tenantId === tenant.id);
      // Every instance appended to the tenant's one chain, and no two answers share a place in it.
      for (const w of instances) expect(mine.some((s) => s.instance === w.url)).toBe(true);
      expect(new Set(mine.map((s) => s.receipt!.chain))).toEqual(new Set([`tenant:${tenant.id}`]));
      expect(new Set(mine.map((s) => s.receipt!.seq)).size).toBe(mine.length);
    }

    // Charges, allocations and rollups agree; tiers numbered the calls across instances without a repeat or a gap.
    const revenue = await ledger.revenue(tenantIds);
    expect(revenue.calls).toBe(sent.length);
    expect(revenue.tenantRollupCalls).toBe(sent.length);
    expect(revenue.allocations).toBe(revenue.charges);
    expect(revenue.tenantRollup).toBe(revenue.charges);
    expect(revenue.charges).toBeGreaterThan(0);
    for (const numbers of revenue.callNumbers) expect(numbers).toEqual(numbers.map((_, i) => i + 1));

    // The API's own reconciliation over the run says the same, from any instance.
    const window = `from=${startedAt.toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    for (const w of instances) {
      const rec = await admin().at(w.url).get(`/v1/revenue/reconciliation?${window}`);
      expect(rec.status).toBe(200);
      // The demo models are priced in one currency, so the run's money is all in one row.
      expect(rec.body).toEqual(
        expect.objectContaining({ calls: sent.length, mismatchedCharges: 0, currencies: [expect.objectContaining({ calls: sent.length, charges: revenue.charges, allocations: revenue.charges, difference: 0 })] }),
      );
    }
  });

  it('enforces a per-minute quota and the rate limit across instances, not per instance', async () => {
    const policies = admin();
    const active = (await policies.ok('GET', '/v1/policies/active')).body as { version: number; source: string };
    const source = `${active.source}
  - id: scale-out-burst-quota
    kind: quota
    description: A small per-minute quota, to see it hold across instances.
    scope: [tenant, model]
    per: minute
    limit: 12
`;
    const draft = await policies.ok('POST', '/v1/admin/policies', { source, reason: 'scale-out quota check' });
    await policies.ok('POST', `/v1/admin/policies/${draft.body.version}/activate`, { reason: 'scale-out quota check' });
    try {
      // Every instance has picked up the new policy once a call there is decided under it.
      const probe = await tenantWithConsent(admin(), 1, 'scale-probe');
      for (const w of instances) {
        await until(`instance ${w.url} to use policy ${draft.body.version}`, async () => {
          const res = await new Client(w.url, probe.key).post('/v1/models/support-router/infer', { purpose: 'customer-support', subject: { id: 'probe' }, inputs: example('support-router'), explain: false });
          return res.status === 200 && res.body.decision.policyVersion === String(draft.body.version);
        });
      }

      const tenant = await tenantWithConsent(admin(), 3, 'scale-quota');
      await freshMinute();
      const sent = await drive(instances.map((w) => ({ base: w.url, tenant })), 6, () => false, 6);
      expect(tally(sent)).toEqual({ '200': 12, '429 QUOTA_EXCEEDED': 24 });
      // Each instance refused some: the count is shared, not per instance.
      for (const w of instances) expect(sent.some((s) => s.instance === w.url && s.status === 429)).toBe(true);
    } finally {
      await policies.ok('POST', '/v1/admin/policies/rollback', { reason: 'scale-out quota check done' });
    }

    // RATE_LIMIT_PER_MINUTE counts a key's requests on every instance together.
    await freshMinute();
    const tenant = await tenantWithConsent(admin(), 1, 'scale-rate');
    const statuses: number[] = [];
    const perInstance = instances.map(() => 0);
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < RATE_LIMIT + 60) {
          const i = next++ % instances.length;
          const res = await new Client(instances[i].url, tenant.key).get(`/v1/tenants/${tenant.id}`);
          statuses.push(res.status);
          if (res.status === 200) perInstance[i]++;
          if (res.status === 429) expect(res.body.error.code).toBe('RATE_LIMITED');
        }
      }),
    );
    // The key's one consent call, in the same minute, counted too.
    const used = 1;
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT - used);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 + used);
    // Each instance served its share: no one instance had the key's whole minute to itself.
    for (const served of perInstance) expect(served).toBeGreaterThan(0);
  });

  it('stops a suspended model on every instance within a second', async () => {
    const tenant = await tenantWithConsent(admin(), 1, 'scale-suspend');
    const call = (w: WardenProcess) => new Client(w.url, tenant.key).post('/v1/models/support-router/infer', { purpose: 'customer-support', subject: { id: 'suspend-probe' }, inputs: example('support-router'), explain: false });
    for (const w of instances) expect((await call(w)).status).toBe(200);

    const status = (s: string) => admin().ok('POST', '/v1/admin/models/support-router/versions/1.0.0/status', { status: s, reason: 'scale-out suspension check' });
    await status('suspended');
    const suspendedAt = Date.now();
    try {
      const seenAfter = await Promise.all(
        instances.map(async (w) => {
          await until(`instance ${w.url} to refuse the suspended model`, async () => {
            const res = await call(w);
            return res.status === 423 && res.body.error.code === 'MODEL_SUSPENDED';
          }, 5000, 20);
          return Date.now() - suspendedAt;
        }),
      );
      // The registry poll runs every MODEL_WATCH_INTERVAL_MS (250 ms): a second is the bound the issue sets.
      for (const ms of seenAfter) expect(ms).toBeLessThan(1000);
    } finally {
      await status('active');
    }
    for (const w of instances) await until(`instance ${w.url} to serve the model again`, async () => (await call(w)).status === 200, 5000, 20);
  });

  it('runs queued work once, on whichever instance takes it', async () => {
    const tenant = await tenantWithConsent(admin(), 6, 'scale-jobs');
    // The same subject's erasure asked on every instance at once is one request, run once.
    const asked = await Promise.all(instances.map((w) => new Client(w.url, tenant.key).ok('POST', `/v1/subjects/${tenant.subjects[0]}/erasure`, undefined)));
    expect(new Set(asked.map((a) => a.body.id)).size).toBe(1);
    const others = await Promise.all(tenant.subjects.slice(1).map((s, i) => new Client(instances[i % instances.length].url, tenant.key).ok('POST', `/v1/subjects/${s}/erasure`, undefined)));
    const ids = [asked[0].body.id as string, ...others.map((o) => o.body.id as string)];
    const views: { status: string; attempts: number }[] = await until(
      'every erasure to complete',
      async () => {
        const read = await Promise.all(ids.map(async (id, i) => (await new Client(instances[i % instances.length].url, tenant.key).ok('GET', `/v1/subjects/erasures/${id}`)).body));
        return read.every((v) => v.status === 'completed') ? read : null;
      },
      30_000,
      100,
    );
    expect(views.map((v) => v.attempts)).toEqual(ids.map(() => 1));
  });

  it('keeps every instance alive and quiet about errors', () => {
    for (const w of instances) {
      expect(w.alive).toBe(true);
      expect(w.log()).not.toMatch(/"level":"(error|fatal)"|Unhandled|uncaught/i);
    }
  });
});
