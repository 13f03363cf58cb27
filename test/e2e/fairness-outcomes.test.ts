import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;

describe('outcomes tenants report after a decision', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  let single: string;
  let batch: string;

  const call = async (key: string, subjectId: string, inputs: unknown) => {
    await t.http.post('/v1/consents').set(bearer(key)).send({ subjectId, purpose: 'credit-scoring' });
    const res = await t.http.post('/v1/models/credit-approval/infer').set(bearer(key)).send({ purpose: 'credit-scoring', subject: { id: subjectId }, inputs, context: { jurisdiction: 'US' }, explain: false });
    if (res.status !== 200) throw new Error(`inference failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.requestId as string;
  };
  const report = (body: Record<string, unknown>, key = tenant.key) => t.http.post('/v1/outcomes').set(bearer(key)).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
    single = await call(tenant.key, 'outcome-subject-1', example);
    batch = await call(tenant.key, 'outcome-subject-2', [example, { ...example, annualIncome: 90000 }, { ...example, debtToIncome: 1.4 }]);
  });
  afterAll(() => t.close());

  it('records one label per row of a call, and audits it on the tenant’s chain without the labels', async () => {
    const res = await report({ requestId: batch, labels: ['approved', 'approved', 'declined'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      requestId: batch,
      model: 'credit-approval',
      version: '1.0.0',
      outcomes: [
        { row: 0, label: 'approved' },
        { row: 1, label: 'approved' },
        { row: 2, label: 'declined' },
      ],
      recorded: 3,
    });
    const events = await t.http.get(`/v1/audit/events?action=outcome.report&resourceId=${batch}`).set(bearer(tenant.key));
    expect(events.body.events).toEqual([
      expect.objectContaining({ chainId: `tenant:${tenant.id}`, details: expect.objectContaining({ rows: [0, 1, 2], recorded: 3, outcomesHash: expect.stringMatching(/^[0-9a-f]{64}$/) }) }),
    ]);
    expect(JSON.stringify(events.body.events)).not.toContain('declined');
  });

  it('records a single row, accepts the same label again, and refuses a different one', async () => {
    expect((await report({ requestId: single, label: 'declined' })).body.recorded).toBe(1);
    const again = await report({ requestId: single, row: 0, label: 'declined' });
    expect(again.status).toBe(201);
    expect(again.body.recorded).toBe(0);
    const changed = await report({ requestId: single, label: 'approved' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('CONFLICT');
  });

  it('answers 404 for an unknown call and for another tenant’s', async () => {
    expect((await report({ requestId: '00000000-0000-4000-8000-000000000000', label: 'approved' })).status).toBe(404);
    const other = await t.tenant();
    const res = await report({ requestId: batch, labels: ['approved', 'approved', 'approved'] }, other.key);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['both labels and label', { labels: ['approved'], label: 'approved' }, 'labels'],
    ['neither', {}, 'labels'],
    ['a label the model does not give', { label: 'maybe' }, 'label'],
    ['a row past the call', { row: 5, label: 'approved' }, 'row'],
    ['a row with labels', { row: 0, labels: ['approved'] }, 'row'],
  ])('refuses %s', async (_, over, field) => {
    const res = await report({ requestId: single, ...over });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].field).toBe(field);
  });

  it('refuses a label count that does not match the call’s rows', async () => {
    const res = await report({ requestId: batch, labels: ['approved'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'labels', rule: 'length' }));
  });

  it('is for tenants: operators have no calls of their own to report on', async () => {
    expect((await report({ requestId: single, label: 'declined' }, await t.key('regulator'))).status).toBe(403);
  });
});
