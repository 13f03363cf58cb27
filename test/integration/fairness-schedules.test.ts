import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { ConsequencesService } from '../../src/fairness/consequences.service.js';
import { SchedulesService } from '../../src/fairness/schedules.service.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { describeWithRedis } from '../support/redis.js';

/**
 * Scheduled audits and what a breach does. Traffic with a built-in disparity is seeded straight into
 * Postgres a minute before each run (men approved at 0.9, women at 0.5: impact ratio 0.56), so a
 * schedule over the last ten minutes finds it.
 */
const modelsDir = path.resolve(process.cwd(), 'models');
const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.json'), 'utf8'));
const onnx = readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.onnx'));
const psn = (name: string) => `psn_${createHash('sha256').update(name).digest('base64url')}`;

async function seedDisparity(db: pg.Client, tenantId: string, model: string): Promise<void> {
  const tag = randomUUID();
  for (const [sex, approvals] of [['male', 45], ['female', 25]] as const) {
    for (let i = 0; i < 50; i++) {
      const subject = psn(`${tag}-${sex}-${i}`);
      const score = i < approvals ? 0.8 : 0.2;
      await db.query(
        `INSERT INTO protected_attributes (tenant_id, subject, attributes, basis, source, recorded_at, expires_at) VALUES ($1, $2, $3, 'consent', 'api', now(), now() + interval '1 day')`,
        [tenantId, subject, JSON.stringify({ sex })],
      );
      await db.query(
        `INSERT INTO inference_records (request_id, tenant_id, created_at, model, version, purpose, subject, decision, stage, rows, context, outputs, latency_ms, audit_chain, audit_seq)
         VALUES ($1, $2, now() - interval '1 minute', $3, '1.0.0', 'credit-scoring', $4, 'allow', 'complete', 1, '[]', $5, 1, $6, 1)`,
        [randomUUID(), tenantId, model, subject, JSON.stringify([{ label: score >= 0.5 ? 'approved' : 'declined', score, scoreName: 'approvalProbability' }]), `tenant:${tenantId}`],
      );
    }
  }
}

const schedule = (over: Record<string, unknown> = {}) => ({ everyMs: 3_600_000, window: 'PT10M', attributes: ['sex'], favorable: 'approved', consequence: 'notify', ...over });

async function until<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function registerProbe(t: TestApp, name: string): Promise<void> {
  const registered = await t.http
    .post('/v1/admin/models')
    .set(bearer(t.adminKey))
    .field('manifest', JSON.stringify({ ...manifest, name, sha256: undefined, rightsHolders: [{ name: 'Warden tests', role: 'author' }] }))
    .attach('onnx', onnx, 'model.onnx');
  if (registered.status !== 201) throw new Error(`registering ${name} failed: ${JSON.stringify(registered.body)}`);
  await t.http.post(`/v1/admin/models/${name}/versions/1.0.0/status`).set(bearer(t.adminKey)).send({ status: 'active', reason: 'probe for bias audit tests' });
}

describe('scheduled bias audits and their consequences', () => {
  let t: TestApp;
  let db: pg.Client;
  let tenant: { id: string; key: string };
  const probe = `fairness-probe-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    tenant = await t.tenant();
    await registerProbe(t, probe);
    await seedDisparity(db, tenant.id, probe);
  });
  afterAll(async () => {
    await t.http.delete(`/v1/admin/fairness/schedules/${probe}`).set(bearer(t.adminKey));
    await db.end();
    await t.close();
  });

  const put = (model: string, body: Record<string, unknown>) => t.http.put(`/v1/admin/fairness/schedules/${model}`).set(bearer(t.adminKey)).send(body);
  const runNow = (model: string) => t.http.post(`/v1/admin/fairness/schedules/${model}/run`).set(bearer(t.adminKey));

  it('notify: a breach is an event on the platform chain; the model keeps serving', async () => {
    const set = await put(probe, schedule({ consequence: 'notify', thresholds: { impactRatio: 0.8 } }));
    expect(set.status).toBe(200);
    expect(set.body).toEqual(expect.objectContaining({ model: probe, window: 'PT10M', consequence: 'notify', lastAudit: null }));
    const run = await runNow(probe);
    expect(run.status).toBe(201);
    expect(run.body).toEqual(expect.objectContaining({ trigger: 'schedule', scope: 'platform', status: 'breach', consequence: 'notify', consequenceResult: { notified: true } }));
    const ratio = run.body.comparisons.find((c: { metric: string; group: { sex: string } }) => c.metric === 'impactRatio' && c.group.sex === 'female');
    expect(ratio.value).toBeCloseTo(25 / 45, 12);
    const events = await t.http.get(`/v1/audit/events?chain=platform&action=fairness.breach&resourceId=${run.body.id}`).set(bearer(t.adminKey));
    expect(events.body.events).toEqual([expect.objectContaining({ details: expect.objectContaining({ consequence: 'notify', breaches: run.body.breachCount }) })]);
    const models = await t.http.get(`/v1/models/${probe}`).set(bearer(t.adminKey));
    expect(models.body.activeVersion.status).toBe('active');
    const listed = await t.http.get('/v1/fairness/schedules').set(bearer(await t.key('regulator')));
    expect(listed.body.find((s: { model: string }) => s.model === probe).lastAudit).toEqual(expect.objectContaining({ id: run.body.id, status: 'breach' }));
  });

  it('applies the consequence when the job is retried after its audit was stored but its consequence failed', async () => {
    expect((await put(probe, schedule({ consequence: 'notify', thresholds: { impactRatio: 0.8 } }))).status).toBe(200);
    const schedules = t.app.get(SchedulesService);
    const consequences = t.app.get(ConsequencesService);
    const apply = consequences.apply.bind(consequences);
    let failures = 1;
    consequences.apply = async (audit) => (failures-- > 0 ? Promise.reject(new Error('database away for a moment')) : apply(audit));
    try {
      const jobId = `retried-${Date.now()}`;
      await expect(schedules.runScheduled(probe, jobId)).rejects.toThrow('database away');
      const retried = await schedules.runScheduled(probe, jobId);
      expect(retried).toEqual(expect.objectContaining({ status: 'breach', consequenceResult: { notified: true } }));
      // Once applied, a further retry changes nothing.
      expect(await schedules.runScheduled(probe, jobId)).toBeNull();
      const stored = (await db.query(`SELECT count(*)::int AS n, max(consequence_result::text) AS result FROM bias_audits WHERE job_id = $1`, [jobId])).rows[0];
      expect(stored).toEqual({ n: 1, result: '{"notified": true}' });
    } finally {
      consequences.apply = apply;
    }
  });

  it('runs as a repeatable job through JobsService, once per run, and stops when the schedule is removed', async () => {
    const before = Date.now();
    expect((await put(probe, schedule({ everyMs: 1000 }))).status).toBe(200);
    const scheduled = await until(async () => {
      const res = await t.http.get(`/v1/fairness/audits?model=${probe}`).set(bearer(t.adminKey));
      return res.body.find((a: { requestedBy: string; createdAt: string }) => a.requestedBy === `schedule:${probe}` && Date.parse(a.createdAt) >= before);
    });
    expect(scheduled).toEqual(expect.objectContaining({ trigger: 'schedule', status: 'breach' }));
    expect((await t.http.delete(`/v1/admin/fairness/schedules/${probe}`).set(bearer(t.adminKey))).status).toBe(204);
    expect((await t.http.get(`/v1/fairness/schedules/${probe}`).set(bearer(t.adminKey))).status).toBe(404);
    // Runs already under way finish; no new one starts.
    await t.app.get(JobsService).drain();
    const count = async () => (await t.http.get(`/v1/fairness/audits?model=${probe}`).set(bearer(t.adminKey))).body.length;
    const settled = await count();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await count()).toBe(settled);
  });

  it('suspend: the audited model stops serving (423), and the reason names the audit', async () => {
    expect((await put(probe, schedule({ consequence: 'suspend' }))).status).toBe(200);
    const run = await runNow(probe);
    expect(run.body).toEqual(expect.objectContaining({ status: 'breach', consequenceResult: { suspended: ['1.0.0'] } }));
    const call = await t.http.post(`/v1/models/${probe}/infer`).set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: 'someone' }, inputs: manifest.example });
    expect(call.status).toBe(423);
    expect(call.body.error.code).toBe('MODEL_SUSPENDED');
    expect(call.body.error.message).toContain(run.body.id);
  });

  it('require_review: every call of the model gets a human_review obligation until an admin clears it', async () => {
    const other = await t.tenant();
    await seedDisparity(db, other.id, 'credit-approval');
    expect((await put('credit-approval', schedule({ consequence: 'require_review' }))).status).toBe(200);
    const subjectId = 'fairness-review-subject';
    await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'credit-scoring' });
    const infer = () =>
      t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: subjectId }, inputs: manifest.example, context: { jurisdiction: 'US' }, explain: false });
    try {
      const run = await runNow('credit-approval');
      expect(run.body).toEqual(expect.objectContaining({ status: 'breach', consequenceResult: expect.objectContaining({ reviewRequired: true }) }));
      const held = await infer();
      expect(held.status).toBe(200);
      expect(held.body.obligations).toEqual(expect.arrayContaining([{ name: 'human_review', rules: [`bias-audit:${run.body.id}`] }]));
      expect(held.body.review).toEqual({ id: expect.any(String), status: 'open' });
      const open = await t.http.get('/v1/fairness/review-requirements').set(bearer(await t.key('regulator')));
      expect(open.body).toEqual(expect.arrayContaining([expect.objectContaining({ model: 'credit-approval', auditId: run.body.id, clearedAt: null })]));
      expect((await t.http.post('/v1/admin/fairness/review-requirements/credit-approval/clear').set(bearer(tenant.key)).send({ reason: 'not mine to clear' })).status).toBe(403);
      const cleared = await t.http.post('/v1/admin/fairness/review-requirements/credit-approval/clear').set(bearer(t.adminKey)).send({ reason: 'retrained without the proxies, agreed with jana.novak@example.com' });
      expect(cleared.status).toBe(200);
      // The reason is kept without the personal data in it, as a review decision's is.
      expect(cleared.body).toEqual(expect.objectContaining({ clearedBy: expect.any(String), clearReason: expect.stringMatching(/^retrained without the proxies, agreed with (?!jana)/) }));
      expect(JSON.stringify(cleared.body)).not.toContain('jana.novak');
      const free = await infer();
      expect(free.body.obligations.map((o: { name: string }) => o.name)).not.toContain('human_review');
    } finally {
      await t.http.delete('/v1/admin/fairness/schedules/credit-approval').set(bearer(t.adminKey));
      await t.http.post('/v1/admin/fairness/review-requirements/credit-approval/clear').set(bearer(t.adminKey)).send({ reason: 'test cleanup' });
    }
  });

  it.each([
    ['an unknown model', 'no-such-model', schedule(), 404],
    ['a window that is not a duration', undefined, schedule({ window: '30 days' }), 400],
    ['a label the model does not give', undefined, schedule({ favorable: 'yes' }), 400],
    ['an unknown consequence', undefined, schedule({ consequence: 'shrug' }), 400],
    ['a threshold for no metric', undefined, schedule({ thresholds: { vibes: 1 } }), 400],
  ])('refuses a schedule with %s', async (_, model, body, status) => {
    expect((await put(model ?? probe, body)).status).toBe(status);
  });

  it('is for admins: tenants and regulators cannot set schedules', async () => {
    expect((await t.http.put(`/v1/admin/fairness/schedules/${probe}`).set(bearer(tenant.key)).send(schedule())).status).toBe(403);
    expect((await t.http.put(`/v1/admin/fairness/schedules/${probe}`).set(bearer(await t.key('regulator'))).send(schedule())).status).toBe(403);
    expect((await t.http.get('/v1/fairness/schedules').set(bearer(tenant.key))).status).toBe(403);
  });
});

describeWithRedis('scheduled bias audits on BullMQ', (redisUrl) => {
  let t: TestApp;
  let db: pg.Client;
  const probe = `fairness-bullmq-${process.pid}-${Date.now()}`;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: redisUrl });
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await registerProbe(t, probe);
    await seedDisparity(db, (await t.tenant()).id, probe);
  });
  afterAll(async () => {
    await t.http.delete(`/v1/admin/fairness/schedules/${probe}`).set(bearer(t.adminKey));
    await db.end();
    await t.close();
  });

  it('runs the model’s job scheduler and records each run under its job id', async () => {
    expect((await t.http.put(`/v1/admin/fairness/schedules/${probe}`).set(bearer(t.adminKey)).send(schedule({ everyMs: 1000 }))).status).toBe(200);
    const audit = await until(async () => (await t.http.get(`/v1/fairness/audits?model=${probe}`).set(bearer(t.adminKey))).body[0]);
    expect(audit).toEqual(expect.objectContaining({ trigger: 'schedule', requestedBy: `schedule:${probe}`, status: 'breach' }));
    const jobIds = (await db.query(`SELECT job_id FROM bias_audits WHERE model = $1`, [probe])).rows.map((r) => r.job_id);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(jobIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });
});
