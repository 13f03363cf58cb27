import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Db } from '../../src/database/db.js';
import { reconcile, type AllocationRecord, type ChargeRecord } from '../../src/licensing/reconciliation.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const modelsDir = path.resolve(process.cwd(), 'models');
const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.json'), 'utf8'));
const onnx = readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.onnx'));
const redis = process.env.WARDEN_TEST_REDIS_URL;

const TENANTS = 4;
const CALLS_PER_TENANT = 75;
const IN_FLIGHT = 24;
// Tier 1 for a tenant's first 20 calls of the month, tier 2 after.
const PRICE = { currency: 'EUR', tiers: [{ upTo: 20, perCall: 1000, perRow: 0 }, { upTo: null, perCall: 700, perRow: 0 }] };

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`two Warden instances metering the same tenants concurrently${redis ? ' (counters in Redis)' : ' (no Redis: counters per instance)'}`, () => {
  let one: TestApp;
  let two: TestApp;
  let db: Db;
  let version: string;
  let versionId: string;
  let parties: string[];
  let tenants: { id: string; key: string }[];
  let from: Date;
  let to: Date;
  const answered: string[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    const env: Record<string, string> = redis ? { REDIS_URL: redis } : {};
    [one, two] = [await startTestApp(env), await startTestApp(env)];
    db = one.app.get(Db);
    const admin = bearer(one.adminKey);
    version = `0.${Date.now() % 100_000_000}.${process.pid % 1000}`;
    const registered = await one.http
      .post('/v1/admin/models')
      .set(admin)
      .field('manifest', JSON.stringify({ ...manifest, version, sha256: undefined }))
      .attach('onnx', onnx, 'model.onnx');
    expect(registered.status).toBe(201);
    await one.http.post(`/v1/admin/models/credit-approval/versions/${version}/status`).set(admin).send({ status: 'active', reason: 'load test' });
    parties = [];
    for (const kind of ['model-owner', 'data-provider']) {
      parties.push((await one.http.post('/v1/admin/parties').set(admin).send({ name: `load ${kind} ${version}`, kind })).body.id);
    }
    const terms = `/v1/admin/models/credit-approval/versions/${version}`;
    expect((await one.http.put(`${terms}/shares`).set(admin).send({ shares: [{ partyId: parties[0], basisPoints: 6667 }, { partyId: parties[1], basisPoints: 3333 }] })).status).toBe(200);
    // Through the lineage, a tenth goes to the demo model it derives from.
    expect((await one.http.put(`${terms}/lineage`).set(admin).send({ parents: [{ parent: 'credit-approval@1.0.0', kind: 'fine-tune', basisPoints: 1000 }] })).status).toBe(200);
    expect((await one.http.put(`${terms}/price`).set(admin).send(PRICE)).status).toBe(200);
    [{ id: versionId }] = await db.platform(() =>
      db.manager.query(`SELECT v.id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'credit-approval' AND v.version = $1`, [version]),
    );
    // The second instance learns of the version and its price by polling, as in production.
    await until(async () => {
      const res = await two.http.get('/v1/models/credit-approval').set(bearer(two.adminKey));
      return res.body.versions?.some((v: { version: string; price: unknown }) => v.version === version && v.price !== null);
    });

    tenants = [];
    for (let i = 0; i < TENANTS; i++) {
      const tenant = await one.tenant();
      expect((await one.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId: 'applicant', purpose: 'credit-scoring' })).status).toBe(201);
      tenants.push(tenant);
    }

    from = new Date();
    const work = Array.from({ length: TENANTS * CALLS_PER_TENANT }, (_, i) => i);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = work.shift(); i !== undefined; i = work.shift()) {
          const instance = i % 2 ? two : one;
          const res = await instance.http
            .post(`/v1/models/credit-approval@${version}/infer`)
            .set(bearer(tenants[i % TENANTS].key))
            .send({ purpose: 'credit-scoring', subject: { id: 'applicant' }, inputs: manifest.example, context: { jurisdiction: 'FR' }, explain: false });
          statuses.push(res.status);
          if (res.status === 200) answered.push(res.body.requestId);
        }
      }),
    );
    to = new Date(Date.now() + 1);
  }, 120_000);

  afterAll(async () => {
    await one?.http.post(`/v1/admin/models/credit-approval/versions/${version}/status`).set(bearer(one.adminKey)).send({ status: 'retired', reason: 'load test done' });
    await one?.close();
    await two?.close();
  });

  const rows = () =>
    db.platform(async () => ({
      charges: await db.manager.query(`SELECT id, tenant_id, version_id, currency, amount::int AS amount, call_number::int AS call_number, request_id, created_at FROM charges WHERE tenant_id = ANY($1)`, [tenants.map((t) => t.id)]),
      allocations: await db.manager.query(`SELECT charge_id, party_id, version_id, amount::int AS amount FROM revenue_allocations WHERE tenant_id = ANY($1)`, [tenants.map((t) => t.id)]),
    }));

  it('answers every call, charges each answered call once, and every charge reconciles with its allocations', async () => {
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const { charges, allocations } = await rows();
    expect(charges).toHaveLength(TENANTS * CALLS_PER_TENANT);
    expect(charges.map((c: { request_id: string }) => c.request_id).sort()).toEqual([...answered].sort());
    const check = reconcile(
      charges.map((c: Record<string, unknown>): ChargeRecord => ({ chargeId: c.id as string, tenantId: c.tenant_id as string, versionId: c.version_id as string, currency: c.currency as string, amount: c.amount as number, at: c.created_at as Date })),
      allocations.map((a: Record<string, unknown>): AllocationRecord => ({ chargeId: a.charge_id as string, partyId: a.party_id as string, versionId: a.version_id as string, amount: a.amount as number })),
    );
    expect(check.balanced).toBe(true);
    expect(check.mismatchedCharges).toEqual([]);

    const total = charges.reduce((s: number, c: { amount: number }) => s + c.amount, 0);
    const [rollup] = await db.platform(() =>
      db.manager.query(`SELECT sum(calls)::int AS calls, sum(amount)::int AS amount FROM revenue_tenant_daily WHERE tenant_id = ANY($1)`, [tenants.map((t) => t.id)]),
    );
    expect(rollup).toEqual({ calls: TENANTS * CALLS_PER_TENANT, amount: total });
    for (const partyId of parties) {
      const [party] = await db.platform(() => db.manager.query(`SELECT sum(amount)::int AS amount FROM revenue_party_daily WHERE party_id = $1`, [partyId]));
      expect(party.amount).toBe(allocations.filter((a: { party_id: string }) => a.party_id === partyId).reduce((s: number, a: { amount: number }) => s + a.amount, 0));
    }
    const res = await two.http.get(`/v1/revenue/reconciliation?from=${from.toISOString()}&to=${to.toISOString()}`).set(bearer(two.adminKey));
    expect(res.body).toEqual(expect.objectContaining({ mismatchedCharges: 0 }));
    expect(res.body.currencies.every((c: { difference: number }) => c.difference === 0)).toBe(true);
    expect(res.body.calls).toBeGreaterThanOrEqual(TENANTS * CALLS_PER_TENANT);
    expect(new Set(charges.map((c: { version_id: string }) => c.version_id))).toEqual(new Set([versionId]));
  });

  (redis ? it : it.skip)('numbers each tenant’s calls once across both instances, so every tier is priced exactly', async () => {
    const { charges } = await rows();
    for (const tenant of tenants) {
      const numbers = charges.filter((c: { tenant_id: string }) => c.tenant_id === tenant.id).map((c: { call_number: number }) => c.call_number);
      expect(numbers.sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: CALLS_PER_TENANT }, (_, i) => i + 1));
    }
    const expected = TENANTS * (20 * 1000 + (CALLS_PER_TENANT - 20) * 700);
    expect(charges.reduce((s: number, c: { amount: number }) => s + c.amount, 0)).toBe(expected);
  });
});
