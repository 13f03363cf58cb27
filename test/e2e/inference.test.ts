import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseServerTiming } from '../../src/common/server-timing.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = (name: string) => JSON.parse(readFileSync(path.resolve(process.cwd(), `models/${name}@1.0.0.json`), 'utf8')).example;

describe('governed inference', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
    // credit-scoring rests on consent: the subjects these calls name have given it.
    for (const subjectId of ['applicant-1', 'very-unique-subject-9f8e7d']) {
      const granted = await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'credit-scoring' });
      expect(granted.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const infer = (model: string, body: Record<string, unknown>, key = tenant.key) => t.http.post(`/v1/models/${model}/infer`).set(bearer(key)).send(body);
  const credit = (over: Record<string, unknown> = {}) => ({ purpose: 'credit-scoring', subject: { id: 'applicant-1' }, inputs: example('credit-approval'), context: { jurisdiction: 'US' }, ...over });

  it('answers an allowed call with outputs, an explanation that adds up, the decision and an audit receipt', async () => {
    const res = await infer('credit-approval', credit());
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        model: { name: 'credit-approval', version: '1.0.0' },
        outputs: [{ label: expect.stringMatching(/approved|declined/), approvalProbability: expect.any(Number) }],
        obligations: [],
        decision: { policyVersion: expect.any(String), rules: [expect.objectContaining({ id: 'credit-approval-for-credit-scoring', matched: true })] },
        audit: { chain: `tenant:${tenant.id}`, seq: expect.any(Number), leafHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      }),
    );
    const [explanation] = res.body.explanation;
    const logit = explanation.base + explanation.contributions.reduce((s: number, c: { value: number }) => s + c.value, 0);
    const p = res.body.outputs[0].approvalProbability;
    expect(logit).toBeCloseTo(Math.log(p / (1 - p)), 4);
    expect(explanation.contributions.map((c: { feature: string }) => c.feature)).toEqual(expect.arrayContaining(['annualIncome', 'postcodeRegion']));

    const proof = await t.http.get(`/v1/audit/proofs/inclusion?chain=${res.body.audit.chain}&seq=${res.body.audit.seq}&treeSize=${res.body.audit.seq}`).set(bearer(tenant.key));
    expect(proof.body.leafHash).toBe(res.body.audit.leafHash);
  });

  it('denies a forbidden purpose naming the rule, and audits the denial', async () => {
    const res = await infer('credit-approval', credit({ purpose: 'marketing' }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PURPOSE_NOT_ALLOWED');
    expect(res.body.error.details).toEqual(expect.objectContaining({ stage: 'authorise', rule: 'model.allowedPurposes' }));
    const events = await t.http.get(`/v1/audit/events?decision=deny&action=inference.infer`).set(bearer(tenant.key));
    const last = events.body.events[events.body.events.length - 1];
    expect(last).toEqual(expect.objectContaining({ decision: 'deny', reason: 'PURPOSE_NOT_ALLOWED', details: expect.objectContaining({ stage: 'authorise', purpose: 'marketing' }) }));
  });

  it('obliges human review of uncertain high-risk EU decisions and queues a review item', async () => {
    // Search a few applicants for one the model scores in the uncertain band.
    const base = example('credit-approval');
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...base, annualIncome: 15000 + i * 2500 }));
    const scored = (await infer('credit-approval', credit({ inputs: batch, explain: false }))).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const uncertain = batch[scored.findIndex((p: number) => p >= 0.4 && p <= 0.6)];
    expect(uncertain).toBeDefined();
    const res = await infer('credit-approval', credit({ inputs: uncertain, context: { jurisdiction: 'DE' } }));
    expect(res.status).toBe(200);
    expect(res.body.obligations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['human_review', 'notify_subject']));
    expect(res.body.review).toEqual({ id: expect.any(String), status: 'open' });
    // A subdivision of an EU country is in the EU: the same obligations hold.
    const bavaria = await infer('credit-approval', credit({ inputs: uncertain, context: { jurisdiction: 'DE-BY' } }));
    expect(bavaria.body.obligations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['human_review', 'notify_subject']));

    const reviewer = await t.key('tenant', { tenantId: tenant.id, scopes: ['reviewer'] });
    const queue = await t.http.get('/v1/reviews?status=open').set(bearer(reviewer));
    expect(queue.body.map((r: { id: string }) => r.id)).toContain(res.body.review.id);
    expect((await t.http.get('/v1/reviews').set(bearer(tenant.key))).status).toBe(403);
    const decide = (body: object) => t.http.post(`/v1/reviews/${res.body.review.id}/decision`).set(bearer(reviewer)).send(body);
    const notALabel = await decide({ action: 'override', labels: ['billing'], reason: 'Income not verified' });
    expect([notALabel.status, notALabel.body.error.details.fields[0].rule]).toEqual([400, 'isIn']);
    const confirmWithLabels = await decide({ action: 'confirm', labels: ['declined'], reason: 'Looks right' });
    expect([confirmWithLabels.status, confirmWithLabels.body.error.details.fields[0].rule]).toEqual([400, 'absent']);
    const decided = await decide({ action: 'override', labels: ['declined'], reason: 'Income not verified' });
    expect(decided.status).toBe(200);
    expect(decided.body).toEqual(expect.objectContaining({ status: 'overridden', decision: { labels: ['declined'] }, reason: 'Income not verified' }));
    expect((await t.http.post(`/v1/reviews/${res.body.review.id}/decision`).set(bearer(reviewer)).send({ action: 'confirm', reason: 'again' })).status).toBe(409);
    const other = await t.tenant();
    const otherReviewer = await t.key('tenant', { tenantId: other.id, scopes: ['reviewer'] });
    expect((await t.http.post(`/v1/reviews/${res.body.review.id}/decision`).set(bearer(otherReviewer)).send({ action: 'confirm', reason: 'sneaky' })).status).toBe(404);

    // In a batch only the rows a rule sent for review are held, and an override labels just those.
    const clear = batch[scored.findIndex((p: number) => p < 0.2 || p > 0.8)];
    const mixed = await infer('credit-approval', credit({ inputs: [clear, uncertain, clear], context: { jurisdiction: 'DE' }, explain: false }));
    expect(mixed.status).toBe(200);
    expect(mixed.body.obligations.find((o: { name: string }) => o.name === 'human_review').rows).toEqual([1]);
    const held = (await t.http.get('/v1/reviews?status=open').set(bearer(reviewer))).body.find((r: { id: string }) => r.id === mixed.body.review.id);
    expect([held.rows, held.outputs]).toEqual([[1], [expect.objectContaining({ label: mixed.body.outputs[1].label })]]);
    const overridden = await t.http.post(`/v1/reviews/${mixed.body.review.id}/decision`).set(bearer(reviewer)).send({ action: 'override', labels: ['declined'], reason: 'Income not verified' });
    expect(overridden.status).toBe(200);
  });

  it('keeps a review decision’s reason, for the reviewer and for regulators, with the personal data in it replaced', async () => {
    const base = example('credit-approval');
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...base, annualIncome: 15000 + i * 2500 }));
    const scored = (await infer('credit-approval', credit({ inputs: batch, explain: false }))).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const held = await infer('credit-approval', credit({ inputs: batch[scored.findIndex((p: number) => p >= 0.4 && p <= 0.6)], context: { jurisdiction: 'DE' }, explain: false }));
    const reviewer = await t.key('tenant', { tenantId: tenant.id, scopes: ['reviewer'] });
    const personal = ['Jana Novak', '+49 30 1234567', 'DE89370400440532013000'];
    const reason = `Called applicant ${personal[0]} on ${personal[1]}, IBAN ${personal[2]}`;

    const decided = await t.http.post(`/v1/reviews/${held.body.review.id}/decision`).set(bearer(reviewer)).send({ action: 'confirm', reason });
    expect(decided.status).toBe(200);
    expect(decided.body.reason).toMatch(/^Called applicant /);
    const listed = (await t.http.get('/v1/reviews?status=confirmed&limit=500').set(bearer(await t.key('regulator')))).body.find((r: { id: string }) => r.id === held.body.review.id);
    expect(listed.reason).toBe(decided.body.reason);
    const event = (await t.http.get('/v1/audit/events?action=review.confirm&limit=500').set(bearer(tenant.key))).body.events.find((e: { resource: { id: string } }) => e.resource.id === held.body.review.id);
    expect(event).toBeDefined();
    for (const value of personal) for (const stored of [decided.body.reason, listed.reason, JSON.stringify(event)]) expect(stored).not.toContain(value);
  });

  it.each([
    ['an unknown model', 'no-such-model', {}, 404, 'NOT_FOUND'],
    ['an unknown version', 'credit-approval@9.9.9', {}, 404, 'NOT_FOUND'],
    // Text no table can hold is refused before the call is governed, naming the parameter.
    ['a model name holding U+0000', encodeURIComponent('x\u0000y'), {}, 400, 'VALIDATION_FAILED'],
    ['a text input holding U+0000', 'support-router', { purpose: 'customer-support', inputs: { message: 'my wifi \u0000 is broken' } }, 400, 'VALIDATION_FAILED'],
    ['a subject attribute holding half of a surrogate pair', 'credit-approval', { subject: { id: 'applicant-1', attributes: { sex: '\udc00' } } }, 400, 'VALIDATION_FAILED'],
    ['a protected attribute too long to keep', 'credit-approval', { subject: { id: 'applicant-1', attributes: { sex: 'x'.repeat(101) } } }, 400, 'VALIDATION_FAILED'],
    ['an empty protected attribute', 'credit-approval', { subject: { id: 'applicant-1', attributes: { ethnicity: ' ' } } }, 400, 'VALIDATION_FAILED'],
    // Recorded in the refusal's audit event as far as an event can hold it.
    ['a long model name whose 200th character is half of a pair', encodeURIComponent(`${'a'.repeat(199)}😀`), {}, 404, 'NOT_FOUND'],
    ['a feature outside its range', 'credit-approval', { inputs: { ...example('credit-approval'), annualIncome: -1 } }, 400, 'VALIDATION_FAILED'],
    ['an unknown feature', 'credit-approval', { inputs: { ...example('credit-approval'), shoeSize: 42 } }, 400, 'VALIDATION_FAILED'],
    ['a missing purpose', 'credit-approval', { purpose: undefined }, 400, 'VALIDATION_FAILED'],
    ['a batch over the limit', 'credit-approval', { inputs: Array.from({ length: 1001 }, () => example('credit-approval')) }, 413, 'TOO_MANY_ROWS'],
  ])('refuses %s', async (_, model, over, status, code) => {
    const res = await infer(model, credit(over));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('names the feature and rule of bad input', async () => {
    const res = await infer('credit-approval', credit({ inputs: [example('credit-approval'), { ...example('credit-approval'), employmentType: 'astronaut' }] }));
    expect(res.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'inputs[1].employmentType', rule: 'enum' }));
  });

  it('refuses keys that are not tenant keys', async () => {
    expect((await infer('credit-approval', credit(), await t.key('regulator'))).status).toBe(403);
  });

  it('refuses a suspended model with 423 on the next call', async () => {
    const res = await infer('support-router', { purpose: 'customer-support', subject: { id: 's-1' }, inputs: { message: 'My parcel never arrived' } });
    expect(res.status).toBe(200);
    expect(res.body.outputs[0]).toEqual({ label: expect.any(String), probabilities: expect.any(Object) });
    await t.http.post('/v1/admin/models/support-router/versions/1.0.0/status').set(bearer(t.adminKey)).send({ status: 'suspended', reason: 'incident review' });
    try {
      const refused = await infer('support-router', { purpose: 'customer-support', subject: { id: 's-1' }, inputs: { message: 'hello' } });
      expect(refused.status).toBe(423);
      expect(refused.body.error.code).toBe('MODEL_SUSPENDED');
    } finally {
      await t.http.post('/v1/admin/models/support-router/versions/1.0.0/status').set(bearer(t.adminKey)).send({ status: 'active', reason: 'review closed' });
    }
  });

  it('answers without a Server-Timing header unless the deployment asks for one', async () => {
    const res = await infer('credit-approval', credit());
    expect(res.status).toBe(200);
    expect(res.headers['server-timing']).toBeUndefined();
  });

  it('never stores the raw subject id', async () => {
    await infer('credit-approval', credit({ subject: { id: 'very-unique-subject-9f8e7d' } }));
    const events = await t.http.get(`/v1/audit/export?chain=tenant:${tenant.id}`).set(bearer(tenant.key));
    expect(events.text).not.toContain('very-unique-subject-9f8e7d');
    expect(events.text).toContain('psn_');
  });
});

describe('governed inference with SERVER_TIMING', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ SERVER_TIMING: 'true' });
    tenant = await t.tenant();
    await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId: 'timed-1', purpose: 'credit-scoring' });
  });
  afterAll(() => t.close());

  const call = (purpose: string) =>
    t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ purpose, subject: { id: 'timed-1' }, inputs: example('credit-approval'), context: { jurisdiction: 'US' } });

  it('says how long each stage of an answered call and its audit append took, in order', async () => {
    const started = performance.now();
    const res = await call('credit-scoring');
    const wall = performance.now() - started;
    expect(res.status).toBe(200);
    const timings = parseServerTiming(res.headers['server-timing']);
    expect([...timings.keys()]).toEqual(['resolve', 'authorise', 'subject', 'consent', 'license', 'validate', 'redact', 'pre-policy', 'infer', 'post-policy', 'reason', 'fairness-review', 'explain', 'meter', 'audit']);
    const durations = [...timings.values()];
    expect(durations.every((ms) => ms >= 0)).toBe(true);
    expect(durations.reduce((a, b) => a + b, 0)).toBeLessThan(wall);
  });

  it('times a refused call up to the stage that refused it, and its audit append', async () => {
    const res = await call('marketing');
    expect(res.status).toBe(403);
    expect([...parseServerTiming(res.headers['server-timing']).keys()]).toEqual(['resolve', 'authorise', 'audit']);
  });
});
