import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { verifyErasureReceipt } from '../../src/consent/erasure-receipt.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { describeWithRedis } from '../support/redis.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** A superuser connection: sees every row of every tenant, row-level security or not. */
async function superuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface Hit {
  table: string;
  column: string;
  rows: number;
}

/**
 * Every column of every table in the public schema that can hold text (text, varchar, jsonb,
 * json, uuid, arrays), read as text, searched for `needle`. The table list comes from
 * information_schema, so tables added later are searched too.
 */
async function scan(needle: string): Promise<Hit[]> {
  return superuser(async (client) => {
    const { rows: columns } = await client.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
         AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'uuid', 'ARRAY')
       ORDER BY 1, 2`,
    );
    const hits: Hit[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}" WHERE strpos("${column}"::text, $1) > 0`, [needle]);
      if (rows[0].n > 0) hits.push({ table, column, rows: rows[0].n });
    }
    return hits;
  });
}

async function uuidColumnsHolding(id: string): Promise<string[]> {
  return superuser(async (client) => {
    const { rows: columns } = await client.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'uuid'`);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [id]);
      if (rows[0].n > 0) found.push(`${table}.${column}`);
    }
    return found.sort();
  });
}

describe('erasure (GDPR Art. 17)', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const api = {
    get: (url: string, key = tenant.key, app = t) => app.http.get(url).set(bearer(key)),
    post: (url: string, body: Record<string, unknown>, key = tenant.key) => t.http.post(url).set(bearer(key)).send(body),
    put: (url: string, body: Record<string, unknown>) => t.http.put(url).set(bearer(tenant.key)).send(body),
  };
  const credit = (subjectId: string, over: Record<string, unknown> = {}) =>
    api.post('/v1/models/credit-approval/infer', { purpose: 'credit-scoring', subject: { id: subjectId, attributes: { sex: 'female', ageBand: '35-44' } }, inputs: example, context: { jurisdiction: 'US' }, explain: false, ...over });

  async function completed(id: string, app = t): Promise<Record<string, any>> {
    for (let i = 0; i < 100; i++) {
      const res = await api.get(`/v1/subjects/erasures/${id}`, tenant.key, app);
      if (res.body.status === 'completed') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Erasure ${id} did not complete`);
  }

  /** A subject with everything Warden can hold: consents and receipts, records, a review item, an outcome, protected attributes. */
  async function populatedSubject(): Promise<{ subjectId: string; pseudonym: string; requestIds: string[] }> {
    const subjectId = unique('zoe@example.com');
    const granted = await api.post('/v1/consents', { subjectId, purpose: 'credit-scoring' });
    await api.post('/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
    const first = await credit(subjectId);
    expect(first.status).toBe(200);
    expect((await api.post('/v1/outcomes', { requestId: first.body.requestId, label: first.body.outputs[0].label })).status).toBeLessThan(300);
    // An applicant in the uncertain band in the EU is queued for human review.
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...example, annualIncome: 15000 + i * 2500 }));
    const scored = (await credit(subjectId, { inputs: batch })).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const reviewed = await credit(subjectId, { inputs: batch[scored.findIndex((p: number) => p >= 0.4 && p <= 0.6)], context: { jurisdiction: 'DE' } });
    expect(reviewed.body.review).toBeDefined();
    await api.post('/v1/consents/withdraw', { subjectId, purpose: 'credit-scoring' });
    await credit(subjectId);
    const rows = await superuser((c) => c.query(`SELECT request_id FROM inference_records WHERE tenant_id = $1 AND subject = $2`, [tenant.id, granted.body.content.subjectPseudonym]));
    return { subjectId, pseudonym: granted.body.content.subjectPseudonym, requestIds: rows.rows.map((r) => r.request_id) };
  }

  it('removes every row naming the subject, answers with a signed receipt that counts them, and leaves the audit chain verifiable', async () => {
    const { subjectId, pseudonym, requestIds } = await populatedSubject();
    expect(requestIds.length).toBe(4);
    const subjectKey = (await superuser((c) => c.query(`SELECT id FROM data_subjects WHERE pseudonym = $1`, [pseudonym]))).rows[0].id;
    const before = (await scan(pseudonym)).map((h) => h.table);
    expect(before).toEqual(expect.arrayContaining(['audit_events', 'data_subjects', 'inference_records', 'protected_attributes']));

    const requested = await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {});
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual(expect.objectContaining({ id: expect.any(String), status: expect.stringMatching(/pending|completed/), dueBy: expect.any(String) }));
    const done = await completed(requested.body.id);

    const due = new Date(done.receivedAt);
    expect(new Date(done.dueBy).getUTCDate()).toBeGreaterThanOrEqual(Math.min(due.getUTCDate(), 28));
    expect(done.overdue).toBe(false);
    expect(done.content).toEqual(
      expect.objectContaining({
        schemaVersion: 'warden.erasure-receipt/1',
        requestId: requested.body.id,
        subjectPseudonym: pseudonym,
        removed: expect.objectContaining({ inference_records: 4, reviews: 1, outcomes: 1, protected_attributes: 1, consent_receipts: 2, data_subjects: 1 }),
        retained: expect.arrayContaining([expect.objectContaining({ table: 'audit_events' }), expect.objectContaining({ table: 'consent_events' }), expect.objectContaining({ table: 'charges' })]),
      }),
    );
    expect(done.content.totalRemoved).toBe(10);

    // Only the audit log still holds the pseudonym (by design: pseudonyms and hashes, chained).
    const after = await scan(pseudonym);
    expect([...new Set(after.map((h) => h.table))]).toEqual(['audit_events']);
    expect(await scan(subjectId)).toEqual([]);
    // The consent events stay as evidence, but nothing maps them to the pseudonym any more.
    expect(await uuidColumnsHolding(subjectKey)).toEqual(['consent_events.subject_key']);
    for (const requestId of requestIds) expect(await uuidColumnsHolding(requestId)).not.toEqual(expect.arrayContaining(['inference_records.request_id', 'reviews.request_id', 'outcomes.request_id']));

    const verified = await api.get('/v1/audit/verify');
    expect(verified.body).toEqual(expect.objectContaining({ ok: true }));
    const event = (await api.get('/v1/audit/events?action=subject.erasure&limit=500')).body.events.slice(-1)[0];
    expect(event).toEqual(expect.objectContaining({ resource: { type: 'erasure', id: requested.body.id }, details: expect.objectContaining({ subject: pseudonym, totalRemoved: 10 }) }));

    // The receipt verifies with the published key, through the API and offline, and fails when altered.
    const jwk = (await t.http.get('/v1/consents/public-key')).body;
    expect(verifyErasureReceipt(done.receipt, createPublicKey({ key: jwk, format: 'jwk' }))).toEqual(expect.objectContaining({ valid: true }));
    expect((await t.http.post('/v1/consents/verify').send({ receipt: done.receipt })).body).toEqual(expect.objectContaining({ valid: true, type: 'erasure' }));
    const [header, , signature] = done.receipt.split('.');
    const lessRemoved = Buffer.from(JSON.stringify({ ...done.content, removed: { ...done.content.removed, inference_records: 0 }, totalRemoved: 6 })).toString('base64url');
    expect((await t.http.post('/v1/consents/verify').send({ receipt: `${header}.${lessRemoved}.${signature}` })).body).toEqual(expect.objectContaining({ valid: false, reason: 'bad-signature' }));

    // With the mapping gone the subject's consent is gone too: consent-based calls are refused.
    expect((await credit(subjectId)).body.error.code).toBe('CONSENT_MISSING');
    const state = await api.get(`/v1/consents?subjectId=${encodeURIComponent(subjectId)}`);
    expect(state.body.events).toEqual([]);
  });

  it('changes nothing the second time and says so with a receipt of zeros', async () => {
    const { subjectId, pseudonym } = await populatedSubject();
    const first = await completed((await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {})).body.id);
    expect(first.content.totalRemoved).toBeGreaterThan(0);
    // The refused call after the erasure left a record of the refusal (no inputs); erase that too, then check the fixed point.
    await completed((await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {})).body.id);
    const snapshot = await scan(pseudonym);

    const second = await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {});
    expect(second.body.id).not.toBe(first.id);
    const done = await completed(second.body.id);
    expect(done.content.totalRemoved).toBe(0);
    expect(Object.values(done.content.removed).every((n) => n === 0)).toBe(true);
    const after = await scan(pseudonym);
    expect(after.filter((h) => h.table !== 'audit_events')).toEqual(snapshot.filter((h) => h.table !== 'audit_events'));
    expect([...new Set(after.map((h) => h.table))]).toEqual(['audit_events']);
    expect((await api.get('/v1/audit/verify')).body.ok).toBe(true);
  });

  it('answers a request for a subject whose erasure is pending with that pending request', async () => {
    const subjectId = unique('yan');
    const pseudonym = (await api.post('/v1/consents', { subjectId, purpose: 'marketing' })).body.content.subjectPseudonym;
    const pending = await superuser(async (c) => {
      const { rows } = await c.query(
        `INSERT INTO erasure_requests (tenant_id, subject, due_by, requested_by) VALUES ($1, $2, now() + interval '30 days', 'earlier') RETURNING id`,
        [tenant.id, pseudonym],
      );
      return rows[0].id as string;
    });
    const again = await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {});
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(pending);
    expect((await completed(pending)).content.removed).toEqual(expect.objectContaining({ consent_receipts: 1, data_subjects: 1 }));
  });

  it('rolls back an erasure that fails half-way and completes it on a later attempt', async () => {
    const { subjectId, pseudonym } = await populatedSubject();
    await superuser(async (c) => {
      await c.query(`CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
      await c.query(`CREATE TRIGGER test_refuse_delete BEFORE DELETE ON protected_attributes FOR EACH STATEMENT EXECUTE FUNCTION test_refuse_delete()`);
    });
    let id: string;
    try {
      id = (await api.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`, {})).body.id;
      for (let i = 0; i < 50 && (await api.get(`/v1/subjects/erasures/${id}`)).body.attempts < 2; i++) await new Promise((r) => setTimeout(r, 50));
      const pending = (await api.get(`/v1/subjects/erasures/${id}`)).body;
      expect(pending).toEqual(expect.objectContaining({ status: 'pending', subjectPseudonym: pseudonym }));
      expect(pending.attempts).toBeGreaterThanOrEqual(2);
      // The failed attempts deleted records before failing; all of it was rolled back.
      const left = await superuser((c) => c.query(`SELECT count(*)::int AS n FROM inference_records WHERE subject = $1`, [pseudonym]));
      expect(left.rows[0].n).toBe(4);
    } finally {
      await superuser(async (c) => {
        await c.query(`DROP TRIGGER test_refuse_delete ON protected_attributes`);
        await c.query(`DROP FUNCTION test_refuse_delete()`);
      });
    }
    const done = await completed(id!);
    expect(done.content.removed).toEqual(expect.objectContaining({ inference_records: 4, protected_attributes: 1 }));
    expect([...new Set((await scan(pseudonym)).map((h) => h.table))]).toEqual(['audit_events']);
  });

  it('completes, when an instance starts, a request left pending by one that died', async () => {
    const { pseudonym } = await populatedSubject();
    const id = await superuser(async (c) => {
      const { rows } = await c.query(
        `INSERT INTO erasure_requests (tenant_id, subject, received_at, due_by, requested_by) VALUES ($1, $2, now() - interval '10 minutes', now() + interval '30 days', 'gone') RETURNING id`,
        [tenant.id, pseudonym],
      );
      return rows[0].id as string;
    });
    const fresh = await startTestApp();
    try {
      const done = await completed(id, fresh);
      expect(done.content.removed).toEqual(expect.objectContaining({ inference_records: 4, data_subjects: 1 }));
    } finally {
      await fresh.close();
    }
  });

  it('is asked for by tenant keys for their own subjects only', async () => {
    expect((await api.post('/v1/subjects/someone/erasure', {}, t.adminKey)).status).toBe(403);
    expect((await api.post('/v1/subjects/someone/erasure', {}, await t.key('regulator'))).status).toBe(403);
    const mine = (await api.post(`/v1/subjects/${unique('xi')}/erasure`, {})).body.id;
    const other = await t.tenant();
    expect((await api.get(`/v1/subjects/erasures/${mine}`, other.key)).status).toBe(404);
    expect((await api.get(`/v1/subjects/erasures/${mine}`, t.adminKey)).status).toBe(200);
    await completed(mine);
  });
});

describeWithRedis('erasure on BullMQ', (redisUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: redisUrl });
  });
  afterAll(() => t.close());

  it('runs the erasure as a queued job and completes it', async () => {
    const tenant = await t.tenant();
    const subjectId = unique('queued');
    await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'marketing' });
    const requested = await t.http.post(`/v1/subjects/${encodeURIComponent(subjectId)}/erasure`).set(bearer(tenant.key));
    expect(requested.status).toBe(202);
    let done: Record<string, any> = {};
    for (let i = 0; i < 100 && done.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = (await t.http.get(`/v1/subjects/erasures/${requested.body.id}`).set(bearer(tenant.key))).body;
    }
    expect(done.status).toBe('completed');
    expect(done.content.removed).toEqual(expect.objectContaining({ consent_receipts: 1, data_subjects: 1 }));
  });
});
