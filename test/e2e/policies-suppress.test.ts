import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;

// Output rules that withhold the score from calls about French subjects, the label from calls about
// Italian ones, and refuse calls about Portuguese ones after inference. All three are EU countries,
// so an uncertain decision is also held for human review by the default policy.
const SUPPRESS_RULES = `
  - id: withhold-scores-in-fr
    kind: output
    effect: suppress
    description: Credit scores are not disclosed for French subjects.
    fields: [score]
    when: { model.name: credit-approval, country: FR }
  - id: withhold-labels-in-it
    kind: output
    effect: suppress
    description: Credit decisions are not disclosed for Italian subjects.
    fields: [label]
    when: { model.name: credit-approval, country: IT }
  - id: refuse-answers-in-pt
    kind: output
    effect: deny
    description: Credit decisions about Portuguese subjects are not given.
    when: { model.name: credit-approval, country: PT }
`;

interface Review {
  id: string;
  outputs: Record<string, unknown>[];
  withheld: string[] | null;
}

describe('outputs a policy suppresses stay withheld from the tenant', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  let reviewer: string;
  let before: number | undefined;
  const subjectId = 'suppressed-applicant-1';
  // The scores of the calls that look for an uncertain applicant are answered; they are about someone else.
  const probeId = 'probed-applicant-1';
  const admin = () => bearer(t.adminKey);

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
    reviewer = await t.key('tenant', { tenantId: tenant.id, scopes: ['reviewer'] });
    for (const id of [subjectId, probeId]) expect((await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId: id, purpose: 'credit-scoring' })).status).toBe(201);
    const active = (await t.http.get('/v1/policies/active').set(admin())).body as { version: number; source: string };
    const draft = await t.http.post('/v1/admin/policies').set(admin()).send({ source: `${active.source}${SUPPRESS_RULES}`, reason: 'Withhold outputs by country' });
    expect(draft.status).toBe(201);
    const activated = await t.http.post(`/v1/admin/policies/${draft.body.version}/activate`).set(admin()).send({ reason: 'Test suppression' });
    expect(activated.body.status).toBe('active');
    before = active.version;
  });
  afterAll(async () => {
    if (before !== undefined) expect((await t.http.post('/v1/admin/policies/rollback').set(admin()).send({ reason: 'Test finished' })).body.version).toBe(before);
    await t.close();
  });

  const infer = (inputs: unknown, jurisdiction: string, subject = subjectId) =>
    t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: subject }, inputs, context: { jurisdiction } });

  /** An applicant the model scores between 0.4 and 0.6, whose decision the default policy holds for review in the EU. */
  const uncertainApplicant = async () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...example, annualIncome: 15000 + i * 2500 }));
    const scored = (await infer(batch, 'US', probeId)).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const found = batch[scored.findIndex((p: number) => p >= 0.4 && p <= 0.6)];
    expect(found).toBeDefined();
    return found;
  };

  const find = (list: Review[], id: string) => list.find((r) => r.id === id)!;
  const reviews = async (key: string): Promise<Review[]> => {
    const res = await t.http.get('/v1/reviews?limit=500').set(bearer(key));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('withholds the score and probabilities with a suppressed label, and the explanation with either', async () => {
    const applicant = await uncertainApplicant();
    const noScore = await infer(applicant, 'FR');
    expect(noScore.status).toBe(200);
    expect(noScore.body.outputs).toEqual([{ label: expect.stringMatching(/approved|declined/) }]);
    expect(noScore.body.explanation).toBeUndefined();
    const noLabel = await infer(applicant, 'IT');
    expect(noLabel.status).toBe(200);
    // The score would give the label away: it is at or above the model's threshold exactly when the label is the positive one.
    expect(noLabel.body.outputs).toEqual([{}]);
    expect(noLabel.body.explanation).toBeUndefined();
  });

  it('shows a tenant’s reviewer only what the call answered, admins the whole answer, and has a withheld label decided by an override', async () => {
    const applicant = await uncertainApplicant();
    const noScore = await infer(applicant, 'FR');
    const noLabel = await infer(applicant, 'IT');
    expect([noScore.body.review?.status, noLabel.body.review?.status]).toEqual(['open', 'open']);

    const seen = await reviews(reviewer);
    expect(find(seen, noScore.body.review.id)).toEqual(expect.objectContaining({ outputs: noScore.body.outputs, withheld: ['score'] }));
    expect(find(seen, noLabel.body.review.id)).toEqual(expect.objectContaining({ outputs: [{}], withheld: ['label', 'score'] }));
    for (const key of [t.adminKey, await t.key('regulator')]) {
      const whole = find(await reviews(key), noLabel.body.review.id);
      expect(whole.outputs).toEqual([{ label: expect.any(String), score: expect.any(Number), scoreName: 'approvalProbability' }]);
    }

    const decide = (id: string, body: object, key = reviewer) => t.http.post(`/v1/reviews/${id}/decision`).set(bearer(key)).send(body);
    const unseen = await decide(noLabel.body.review.id, { action: 'confirm', reason: 'Looks right' });
    expect([unseen.status, unseen.body.error.details.fields[0]]).toEqual([400, expect.objectContaining({ field: 'action', rule: 'labelWithheld' })]);
    const overridden = await decide(noLabel.body.review.id, { action: 'override', labels: ['declined'], reason: 'Income not verified' });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toEqual(expect.objectContaining({ status: 'overridden', outputs: [{}], decision: { labels: ['declined'] } }));
    const confirmed = await decide(noScore.body.review.id, { action: 'confirm', reason: 'The label is right' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.outputs).toEqual(noScore.body.outputs);

    // An admin reads the label, so may confirm it.
    const again = await infer(applicant, 'IT');
    expect((await decide(again.body.review.id, { action: 'confirm', reason: 'Checked the label' }, t.adminKey)).status).toBe(200);
  });

  it('gives the tenant’s access export no output the call withheld, in records, their contexts or reviews', async () => {
    const applicant = await uncertainApplicant();
    const noScore = await infer(applicant, 'FR');
    const noLabel = await infer(applicant, 'IT');
    const refused = await infer(applicant, 'PT');
    expect(refused.status).toBe(403);
    const score = find(await reviews(t.adminKey), noLabel.body.review.id).outputs[0].score as number;

    const res = await t.http.get(`/v1/subjects/${subjectId}/export`).set(bearer(tenant.key));
    expect(res.status).toBe(200);
    const records = res.body.inferenceRecords as { requestId: string; decision: string; outputs: Record<string, unknown>[] | null; context: { output?: Record<string, unknown> }[] }[];
    const record = (requestId: string) => records.find((r) => r.requestId === requestId)!;
    expect(record(noScore.body.requestId).outputs).toEqual([{ label: noScore.body.outputs[0].label }]);
    expect(record(noScore.body.requestId).context.map((c) => c.output)).toEqual([{ label: noScore.body.outputs[0].label }]);
    expect(record(noLabel.body.requestId).outputs).toEqual([{}]);
    expect(record(noLabel.body.requestId).context.map((c) => c.output)).toEqual([undefined]);
    const refusal = records.find((r) => r.decision === 'deny' && r.requestId !== noLabel.body.requestId && r.outputs !== null)!;
    expect(refusal.outputs).toEqual([{}]);
    expect(refusal.context.map((c) => c.output)).toEqual([undefined]);
    const held = (res.body.reviews as Review[]).filter((r) => [noScore.body.review.id, noLabel.body.review.id].includes(r.id));
    expect(held.map((r) => r.outputs)).toEqual(expect.arrayContaining([[{ label: noScore.body.outputs[0].label }], [{}]]));
    // Every call here had the same applicant and so the same score, which no part of the export gives.
    expect(JSON.stringify(res.body)).not.toContain(String(score));
  });
});
