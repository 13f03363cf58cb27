import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

async function superuser(sql: string, params: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('retention', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const call = async (subjectId: string, attributes: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key))
      .send({ purpose: 'credit-scoring', subject: { id: subjectId, attributes }, inputs: example, context: { jurisdiction: 'US' }, explain: false });
    expect(res.status).toBe(200);
    return res.body.requestId as string;
  };
  const exists = async (table: string, column: string, value: string) => (await superuser(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [value])).rowCount === 1;

  it('deletes records older than their purpose’s retention and expired protected attributes, keeps the rest, and audits the counts', async () => {
    const subjectId = unique('old');
    const granted = await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'credit-scoring' });
    await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'fairness-monitoring' });
    const old = await call(subjectId, { sex: 'female' });
    const justInside = await call(subjectId);
    const fresh = await call(subjectId);
    // credit-scoring keeps payloads 730 days.
    await superuser(`UPDATE inference_records SET created_at = now() - interval '731 days' WHERE request_id = $1`, [old]);
    await superuser(`UPDATE inference_records SET created_at = now() - interval '729 days' WHERE request_id = $1`, [justInside]);
    await superuser(`UPDATE protected_attributes SET expires_at = now() - interval '1 second' WHERE subject = $1`, [granted.body.content.subjectPseudonym]);

    expect((await t.http.post('/v1/admin/retention/run').set(bearer(tenant.key))).status).toBe(403);
    const res = await t.http.post('/v1/admin/retention/run').set(bearer(t.adminKey));
    expect(res.status).toBe(200);
    expect(res.body.inferenceRecords).toBeGreaterThanOrEqual(1);
    expect(res.body.byPurpose['credit-scoring']).toBeGreaterThanOrEqual(1);
    expect(res.body.protectedAttributes).toBeGreaterThanOrEqual(1);

    expect(await exists('inference_records', 'request_id', old)).toBe(false);
    expect(await exists('inference_records', 'request_id', justInside)).toBe(true);
    expect(await exists('inference_records', 'request_id', fresh)).toBe(true);
    expect(await exists('protected_attributes', 'subject', granted.body.content.subjectPseudonym)).toBe(false);

    const events = (await t.http.get('/v1/audit/events?chain=platform&action=retention.purge&limit=500').set(bearer(t.adminKey))).body.events;
    expect(events[events.length - 1]).toEqual(expect.objectContaining({ tenantId: null, details: expect.objectContaining({ inferenceRecords: res.body.inferenceRecords, protectedAttributes: res.body.protectedAttributes }) }));
  });

  it('keeps an expired record while a human review of it is still open', async () => {
    const subjectId = unique('reviewed');
    await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'credit-scoring' });
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...example, annualIncome: 15000 + i * 2500 }));
    const scored = (await t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: subjectId }, inputs: batch, context: { jurisdiction: 'US' }, explain: false })).body.outputs;
    const uncertain = batch[scored.findIndex((o: { approvalProbability: number }) => o.approvalProbability >= 0.4 && o.approvalProbability <= 0.6)];
    const reviewed = await t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: subjectId }, inputs: uncertain, context: { jurisdiction: 'DE' }, explain: false });
    expect(reviewed.body.review).toBeDefined();
    await superuser(`UPDATE inference_records SET created_at = now() - interval '800 days' WHERE request_id = $1`, [reviewed.body.requestId]);

    await t.http.post('/v1/admin/retention/run').set(bearer(t.adminKey));
    expect(await exists('inference_records', 'request_id', reviewed.body.requestId)).toBe(true);

    const reviewer = await t.key('tenant', { tenantId: tenant.id, scopes: ['reviewer'] });
    await t.http.post(`/v1/reviews/${reviewed.body.review.id}/decision`).set(bearer(reviewer)).send({ action: 'confirm', reason: 'Checked by hand' });
    await t.http.post('/v1/admin/retention/run').set(bearer(t.adminKey));
    expect(await exists('inference_records', 'request_id', reviewed.body.requestId)).toBe(false);
    expect(await exists('reviews', 'id', reviewed.body.review.id)).toBe(false);
  });
});
