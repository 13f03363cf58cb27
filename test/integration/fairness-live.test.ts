import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { runAudit, type GroupReport } from '../../src/fairness/audit-report.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

/**
 * Live audits over seeded governed traffic, checked against numbers computed by hand. The records,
 * outcomes and consented protected attributes are written straight into Postgres (as the pipeline,
 * the outcomes API and the consent store would), in a window long past so no other traffic falls in it.
 */
const FROM = '2020-03-01T00:00:00.000Z';
const TO = '2020-03-02T00:00:00.000Z';
const AT = '2020-03-01T12:00:00.000Z';

// subject → [scores of its call's rows]; a score ≥ 0.5 is an approval (credit-approval's threshold).
const MEN = [0.9, 0.8, 0.7, 0.6, 0.55, 0.45, 0.4, 0.3, 0.2, 0.1];
const WOMEN = [0.85, 0.65, 0.35, 0.3, 0.25, 0.2, 0.15, 0.12, 0.1, 0.05];
/** One woman's batch call of two rows. */
const BATCH = [0.7, 0.2];
const UNKNOWN = [0.95, 0.05];
// Outcomes: subject index → true label.
const MEN_OUTCOMES: Record<number, string> = { 0: 'approved', 1: 'declined', 5: 'approved', 6: 'declined', 7: 'declined' };
const WOMEN_OUTCOMES: Record<number, string> = { 0: 'approved', 2: 'approved', 3: 'approved', 4: 'declined' };
const BATCH_OUTCOMES = ['declined', 'approved'];

/** The consent store's table of protected attributes; live audits have nothing to join without it. */
async function attributesTablePresent(): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(`SELECT to_regclass('protected_attributes') IS NOT NULL AS present`)).rows[0].present;
  } finally {
    await client.end();
  }
}
const hasAttributes = await attributesTablePresent();
const describeWithAttributes = hasAttributes ? describe : describe.skip;

/** A pseudonym-shaped subject for a seeded person. */
const psn = (name: string) => `psn_${createHash('sha256').update(name).digest('base64url')}`;

const prediction = (score: number) => ({ label: score >= 0.5 ? 'approved' : 'declined', score, scoreName: 'approvalProbability' });

describeWithAttributes(`live bias audits over governed traffic${hasAttributes ? '' : ' [skipped: no protected_attributes table yet]'}`, () => {
  let t: TestApp;
  let db: pg.Client;
  let tenant: { id: string; key: string };
  let other: { id: string; key: string };

  async function record(tenantId: string, subject: string | null, scores: number[], options: { at?: string; decision?: 'allow' | 'deny'; labels?: (string | undefined)[] } = {}) {
    const requestId = randomUUID();
    const denied = options.decision === 'deny';
    await db.query(
      `INSERT INTO inference_records (request_id, tenant_id, created_at, model, version, purpose, subject, decision, stage, rows, context, outputs, latency_ms, audit_chain, audit_seq)
       VALUES ($1, $2, $3, 'credit-approval', '1.0.0', 'credit-scoring', $4, $5, $6, $7, '[]', $8, 1, $9, 1)`,
      [requestId, tenantId, options.at ?? AT, subject, denied ? 'deny' : 'allow', denied ? 'authorise' : 'complete', scores.length, denied ? null : JSON.stringify(scores.map(prediction)), `tenant:${tenantId}`],
    );
    for (const [row, label] of (options.labels ?? []).entries()) {
      if (label) await db.query(`INSERT INTO outcomes (tenant_id, request_id, row_index, label, reported_by) VALUES ($1, $2, $3, $4, 'seed')`, [tenantId, requestId, row, label]);
    }
  }

  async function consent(tenantId: string, subject: string, values: Record<string, string>) {
    await db.query(
      `INSERT INTO protected_attributes (tenant_id, subject, attributes, basis, source, recorded_at, expires_at) VALUES ($1, $2, $3, 'consent', 'api', now(), now() + interval '1 day')`,
      [tenantId, subject, JSON.stringify(values)],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
    other = await t.tenant();
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const tag = randomUUID().slice(0, 8);
    for (const [i, score] of MEN.entries()) {
      await consent(tenant.id, psn(`m${i}-${tag}`), { sex: 'male', ethnicity: i < 5 ? 'majority' : 'minority-a' });
      await record(tenant.id, psn(`m${i}-${tag}`), [score], { labels: [MEN_OUTCOMES[i]] });
    }
    for (const [i, score] of WOMEN.entries()) {
      await consent(tenant.id, psn(`f${i}-${tag}`), { sex: 'female', ethnicity: i < 5 ? 'majority' : 'minority-a' });
      await record(tenant.id, psn(`f${i}-${tag}`), [score], { labels: [WOMEN_OUTCOMES[i]] });
    }
    await consent(tenant.id, psn(`fb-${tag}`), { sex: 'female', ethnicity: 'unknown' });
    await record(tenant.id, psn(`fb-${tag}`), BATCH, { labels: BATCH_OUTCOMES });
    // No consent for fairness monitoring: counted, with unknown attributes.
    for (const [i, score] of UNKNOWN.entries()) await record(tenant.id, psn(`u${i}-${tag}`), [score]);
    // Outside the audit: after the window, a refused call, and another tenant's traffic.
    await record(tenant.id, psn(`m0-${tag}`), [0.99], { at: '2020-03-03T00:00:00.000Z' });
    await record(tenant.id, psn(`m1-${tag}`), [], { decision: 'deny' });
    await consent(other.id, psn(`x-${tag}`), { sex: 'female', ethnicity: 'majority' });
    for (let i = 0; i < 5; i++) await record(other.id, psn(`x-${tag}`), [0.99]);
  });
  afterAll(async () => {
    await db?.end();
    await t.close();
  });

  const audit = (key: string, over: Record<string, unknown> = {}) =>
    t.http
      .post('/v1/fairness/audits')
      .set(bearer(key))
      .send({ source: 'live', model: 'credit-approval', version: '1.0.0', from: FROM, to: TO, attributes: ['sex', 'ethnicity'], favorable: 'approved', minGroupSize: 0, minShare: 0, ...over });

  const group = (body: { groups: GroupReport[] }, grouping: string, value: string): GroupReport =>
    body.groups.find((g) => g.grouping.join('+') === grouping && Object.values(g.attributes).join('+') === value)!;

  it('gives the hand-computed counts, rates, scoring rates, label rates and Brier scores', async () => {
    const res = await audit(tenant.key);
    expect(res.status).toBe(201);
    const body = res.body;
    expect(body).toEqual(expect.objectContaining({ source: 'live', scope: 'tenant', tenantId: tenant.id, model: 'credit-approval', version: '1.0.0', status: 'breach' }));
    // 10 men + 12 predictions of women (one batch of two) + 2 without consent.
    expect(body.total).toEqual(expect.objectContaining({ n: 24, selected: 9, labeled: 11, scoreAboveMedian: 12 }));
    expect(body.data).toEqual(expect.objectContaining({ rows: 24, withAttributes: 22, tenants: 1, scoreMedian: 0.325, kind: 'historical' }));
    expect(body.unknown.byAttribute.sex).toEqual({ n: 2, selected: 1, share: 2 / 24 });

    const men = group(body, 'sex', 'male');
    const women = group(body, 'sex', 'female');
    expect(men).toEqual(expect.objectContaining({ n: 10, selected: 5, tp: 1, fp: 1, tn: 2, fn: 1, scored: 10, scoreAboveMedian: 7 }));
    expect(women).toEqual(expect.objectContaining({ n: 12, selected: 3, tp: 1, fp: 1, tn: 1, fn: 3, scored: 12, scoreAboveMedian: 4 }));
    expect(men.selectionRate!.value).toBeCloseTo(0.5, 12);
    expect(women.selectionRate!.value).toBeCloseTo(0.25, 12);
    expect(women.scoringRate!.value).toBeCloseTo(1 / 3, 12);
    expect([men.tpr!.value, women.tpr!.value, men.fpr!.value, women.fpr!.value]).toEqual([0.5, 0.25, 1 / 3, 0.5]);
    // Brier: men (0.1² + 0.8² + 0.55² + 0.4² + 0.3²) / 5; women (0.15² + 0.65² + 0.7² + 0.25² + 0.7² + 0.8²) / 6.
    expect(men.calibration!.brierScore).toBeCloseTo(1.2025 / 5, 10);
    expect(women.calibration!.brierScore).toBeCloseTo(2.1275 / 6, 10);

    const ratio = body.comparisons.find((c: { metric: string; grouping: string[]; group: { sex?: string } }) => c.metric === 'impactRatio' && c.grouping.join() === 'sex' && c.group.sex === 'female');
    expect(ratio.value).toBeCloseTo(0.5, 12);
    const scoring = body.comparisons.find((c: { metric: string; grouping: string[]; group: { sex?: string } }) => c.metric === 'scoringImpactRatio' && c.grouping.join() === 'sex' && c.group.sex === 'female');
    expect(scoring.value).toBeCloseTo(1 / 3 / 0.7, 12);
    expect(body.breaches).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'impactRatio', group: { sex: 'female' }, pass: false })]));
    // The intersection is the sum of its cells: 5 majority women, all with a single call.
    expect(group(body, 'sex+ethnicity', 'female+majority')).toEqual(expect.objectContaining({ n: 5, selected: 2 }));

    // Stored with what reproduces it: the cells and the config give the same report again.
    const stored = await t.http.get(`/v1/fairness/audits/${body.id}`).set(bearer(t.adminKey));
    expect(stored.status).toBe(200);
    const again = runAudit(stored.body.cells, stored.body.config);
    expect(again.verdicts).toEqual(stored.body.verdicts);
    expect(again.groups).toEqual(stored.body.groups);
  });

  it('reads the same cells for the tenant itself and for an admin naming the tenant; an admin sees every tenant by default', async () => {
    const own = await audit(tenant.key);
    const admin = await audit(t.adminKey, { tenantId: tenant.id });
    expect(admin.body.dataHash).toBe(own.body.dataHash);
    const everyone = await audit(t.adminKey);
    expect(everyone.body).toEqual(expect.objectContaining({ scope: 'platform', tenantId: null }));
    expect(everyone.body.total.n).toBe(29);
    expect(everyone.body.data.tenants).toBe(2);
  });

  it('never lets a tenant audit another tenant’s traffic', async () => {
    expect((await audit(other.key, { tenantId: tenant.id })).status).toBe(404);
    const res = await audit(other.key);
    expect(res.status).toBe(201);
    expect(res.body.total).toEqual(expect.objectContaining({ n: 5, selected: 5 }));
    expect((await t.http.get(`/v1/fairness/audits/${res.body.id}`).set(bearer(tenant.key))).status).toBe(404);
    const listed = await t.http.get('/v1/fairness/audits?model=credit-approval').set(bearer(other.key));
    expect(listed.body.every((a: { tenantId: string }) => a.tenantId === other.id)).toBe(true);
  });

  it('logs the reading of protected attributes on the tenant’s chain, as counts and never values', async () => {
    const res = await audit(tenant.key, { attributes: ['sex'] });
    const events = await t.http.get(`/v1/audit/events?action=fairness.attributes_read&resourceId=${res.body.id}`).set(bearer(tenant.key));
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toEqual(expect.objectContaining({ chainId: `tenant:${tenant.id}` }));
    expect(events.body.events[0].details).toEqual(expect.objectContaining({ attributes: ['sex'], predictions: 24, withAttributes: 22 }));
    expect(JSON.stringify(events.body.events[0])).not.toMatch(/female|majority/);
  });

  it('reads scores as P(favourable) whichever label is favourable', async () => {
    const res = await audit(tenant.key, { favorable: 'declined', attributes: ['sex'] });
    const men = group(res.body, 'sex', 'male');
    expect(men).toEqual(expect.objectContaining({ selected: 5, scored: 10 }));
    // 1 − score: the median of the whole sample is 1 − 0.325, men above it are those below 0.325 before.
    expect(res.body.data.scoreMedian).toBeCloseTo(0.675, 12);
    expect(men.scoreAboveMedian).toBe(3);
  });

  it('refuses a threshold for no metric, naming the field', async () => {
    const res = await audit(t.adminKey, { thresholds: { fairness: 0.8 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'thresholds.fairness' }));
  });
});

describe('live bias audit requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const audit = (key: string, over: Record<string, unknown> = {}) =>
    t.http
      .post('/v1/fairness/audits')
      .set(bearer(key))
      .send({ source: 'live', model: 'credit-approval', version: '1.0.0', from: FROM, to: TO, attributes: ['sex', 'ethnicity'], favorable: 'approved', ...over });

  it.each([
    ['an unknown model', { model: 'no-such-model' }, 404, 'NOT_FOUND'],
    ['an unknown version', { version: '9.9.9' }, 404, 'NOT_FOUND'],
    ['a favourable outcome the model cannot give', { favorable: 'maybe' }, 400, 'VALIDATION_FAILED'],
    ['a window that ends before it starts', { from: TO, to: FROM }, 400, 'VALIDATION_FAILED'],
    ['a dataset field', { csv: 'a,b\n1,2\n' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s', async (_, over, status, code) => {
    const res = await audit(t.adminKey, over);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('is not open to regulators, who read audits but do not run them', async () => {
    expect((await audit(await t.key('regulator'))).status).toBe(403);
  });
});
