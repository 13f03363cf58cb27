import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('consent: protected attributes, the access export and the record of processing', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const as = (key: string) => ({
    get: (url: string) => t.http.get(url).set(bearer(key)),
    post: (url: string, body: Record<string, unknown>) => t.http.post(url).set(bearer(key)).send(body),
    put: (url: string, body: Record<string, unknown>) => t.http.put(url).set(bearer(key)).send(body),
  });
  const api = () => as(tenant.key);
  const attributesOf = (subjectId: string) => `/v1/subjects/${encodeURIComponent(subjectId)}/protected-attributes`;
  const credit = (subjectId: string, attributes: Record<string, unknown> = {}, key = tenant.key) =>
    as(key).post('/v1/models/credit-approval/infer', { purpose: 'credit-scoring', subject: { id: subjectId, attributes }, inputs: example, context: { jurisdiction: 'US' }, explain: false });
  const events = async (action: string, key = tenant.key) => (await as(key).get(`/v1/audit/events?action=${action}&limit=500`)).body.events;

  it('keeps protected attributes sent through the API only with consent to fairness-monitoring, and logs every read', async () => {
    const subjectId = unique('ann');
    const refused = await api().put(attributesOf(subjectId), { attributes: { sex: 'female' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual(expect.objectContaining({ code: 'CONSENT_MISSING', details: expect.objectContaining({ rule: 'gdpr-art-6-1-a-active-consent', purpose: 'fairness-monitoring' }) }));

    const granted = await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
    expect(granted.body.content).toEqual(expect.objectContaining({ consentType: 'explicit', sensitive: true }));
    const unknown = await api().put(attributesOf(subjectId), { attributes: { sex: 'female', income: 40000 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'attributes.income', rule: 'protectedAttribute' }));

    const stored = await api().put(attributesOf(subjectId), { attributes: { sex: 'female', ageBand: '35-44' } });
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ subjectPseudonym: granted.body.content.subjectPseudonym, attributes: ['ageBand', 'sex'], basis: 'consent', expiresAt: expect.any(String) });
    expect(JSON.stringify(stored.body)).not.toContain('female');

    const read = await api().get(attributesOf(subjectId));
    expect(read.body).toEqual(expect.objectContaining({ attributes: { sex: 'female', ageBand: '35-44' }, basis: 'consent', source: 'api' }));
    const [last] = (await events('protected-attributes.read')).slice(-1);
    expect(last).toEqual(expect.objectContaining({ resource: { type: 'subject', id: granted.body.content.subjectPseudonym }, details: expect.objectContaining({ attributes: 2, reason: 'api' }) }));
    expect(JSON.stringify(last)).not.toContain('female');

    // Withdrawing the consent removes them at once.
    const withdrawn = await api().post('/v1/consents/withdraw', { subjectId, purpose: 'fairness-monitoring' });
    expect(withdrawn.body.protectedAttributesRemoved).toBe(1);
    expect((await api().get(attributesOf(subjectId))).status).toBe(404);
  });

  it('keeps protected attributes no longer than a newer, shorter grant of the consent they rest on', async () => {
    const subjectId = unique('bea');
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring', expiresAt: inDays(300) });
    const stored = await api().put(attributesOf(subjectId), { attributes: { sex: 'female' } });
    expect(stored.status).toBe(200);
    const shorter = inDays(10);
    expect((await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring', expiresAt: shorter })).status).toBe(201);
    expect((await api().get(attributesOf(subjectId))).body.expiresAt).toBe(shorter);
    // A later, longer grant does not extend what was kept under the shorter one.
    await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring', expiresAt: inDays(200) });
    expect((await api().get(attributesOf(subjectId))).body.expiresAt).toBe(shorter);
  });

  it('serves no protected attributes past their expiry, and a later write starts afresh instead of bringing them back', async () => {
    const own = await t.tenant();
    const subjectId = unique('ida');
    const specialCategory = async () =>
      (await as(own.key).get(`/v1/tenants/${own.id}/record-of-processing`)).body.dataCategories.find((c: { category: string }) => c.category.startsWith('special categories'));
    const expiresAt = new Date(Date.now() + 1500);
    await as(own.key).post('/v1/consents', { subjectId, purpose: 'fairness-monitoring', expiresAt: expiresAt.toISOString() });
    expect((await as(own.key).put(attributesOf(subjectId), { attributes: { sex: 'female' } })).body.expiresAt).toBe(expiresAt.toISOString());
    expect((await as(own.key).get(attributesOf(subjectId))).status).toBe(200);
    expect(await specialCategory()).toEqual(expect.objectContaining({ attributes: ['sex'], subjects: 1 }));

    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    expect((await as(own.key).get(attributesOf(subjectId))).status).toBe(404);
    expect((await as(own.key).get(`/v1/subjects/${encodeURIComponent(subjectId)}/export`)).body.protectedAttributes).toBeNull();
    expect(await specialCategory()).toBeUndefined();

    // The expired row is replaced, not merged into: `sex` stays gone.
    await as(own.key).post('/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
    const written = await as(own.key).put(attributesOf(subjectId), { attributes: { disability: false } });
    expect(written.body.attributes).toEqual(['disability']);
    expect((await as(own.key).get(attributesOf(subjectId))).body.attributes).toEqual({ disability: false });
  });

  it('keeps attributes carried over from an earlier write no longer than that write allowed', async () => {
    const subjectId = unique('jon');
    await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await api().put(attributesOf(subjectId), { attributes: { sex: 'male' }, expiresAt: tomorrow });
    const added = await api().put(attributesOf(subjectId), { attributes: { ageBand: '25-34' } });
    expect(added.body).toEqual(expect.objectContaining({ attributes: ['ageBand', 'sex'], expiresAt: tomorrow }));
    expect((await api().get(attributesOf(subjectId))).body).toEqual(expect.objectContaining({ attributes: { sex: 'male', ageBand: '25-34' }, expiresAt: tomorrow }));

    // Sent again in full, they are kept for the whole retention again.
    const renewed = await api().put(attributesOf(subjectId), { attributes: { sex: 'male', ageBand: '25-34' } });
    expect(new Date(renewed.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 30 * 86_400_000);
  });

  it('keeps protected attributes named in a governed call only when the subject consented to fairness monitoring', async () => {
    const consenting = unique('ben');
    const notConsenting = unique('cem');
    for (const subjectId of [consenting, notConsenting]) await api().post('/v1/consents', { subjectId, purpose: 'credit-scoring' });
    await api().post('/v1/consents', { subjectId: consenting, purpose: 'fairness-monitoring' });

    const kept = await credit(consenting, { sex: 'male', ageBand: '25-34', tier: 'gold' });
    expect(kept.status).toBe(200);
    const notKept = await credit(notConsenting, { sex: 'female' });
    expect(notKept.status).toBe(200);

    expect((await api().get(attributesOf(consenting))).body).toEqual(expect.objectContaining({ attributes: { sex: 'male', ageBand: '25-34' }, source: 'inference' }));
    expect((await api().get(attributesOf(notConsenting))).status).toBe(404);
    const calls = (await events('inference.infer')).filter((e: { details: { requestId: string } }) => [kept.body.requestId, notKept.body.requestId].includes(e.details.requestId));
    expect(calls.map((e: { details: Record<string, unknown> }) => e.details.protectedAttributes)).toEqual(['kept', 'not-kept']);
    expect(JSON.stringify(calls)).not.toMatch(/"male"|"female"|25-34/);

    // A later call adds to what is kept rather than replacing it.
    await credit(consenting, { ethnicity: 'prefer-not-to-say' });
    expect((await api().get(attributesOf(consenting))).body.attributes).toEqual({ sex: 'male', ageBand: '25-34', ethnicity: 'prefer-not-to-say' });
  });

  it('keeps protected attributes from many concurrent calls for one subject (upserts sharing an audit batch)', async () => {
    const subjectId = unique('hal');
    for (const purpose of ['credit-scoring', 'fairness-monitoring']) await api().post('/v1/consents', { subjectId, purpose });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => credit(subjectId, { sex: i % 2 ? 'female' : 'male', ageBand: '45-54' })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await api().get(attributesOf(subjectId))).body.attributes).toEqual({ sex: expect.stringMatching(/^(fe)?male$/), ageBand: '45-54' });
  });

  it('lets a tenant declare another basis for fairness monitoring, audited, and return to consent', async () => {
    const other = await t.tenant();
    const subjectId = unique('dan');
    expect((await as(other.key).put('/v1/consents/fairness-monitoring-basis', { lawfulBasis: 'legal_obligation' })).status).toBe(400);
    const declared = await as(other.key).put('/v1/consents/fairness-monitoring-basis', { lawfulBasis: 'legal_obligation', justification: 'EU AI Act Art. 10(5) with GDPR Art. 9(2)(g)' });
    expect(declared.body).toEqual(expect.objectContaining({ lawfulBasis: 'legal_obligation', source: 'declared' }));
    const stored = await as(other.key).put(attributesOf(subjectId), { attributes: { disability: true } });
    expect(stored.body).toEqual(expect.objectContaining({ basis: 'legal_obligation' }));
    expect((await events('protected-attributes.basis', other.key)).length).toBe(1);

    await as(other.key).put('/v1/consents/fairness-monitoring-basis', { lawfulBasis: 'consent' });
    expect((await as(other.key).get('/v1/consents/fairness-monitoring-basis')).body).toEqual({ lawfulBasis: 'consent', source: 'purpose' });
    expect((await as(other.key).put(attributesOf(subjectId), { attributes: { disability: true } })).status).toBe(403);
  });

  it('deletes, with the declaration that ends it, what was kept on a basis no longer declared, and keeps what active consent holds', async () => {
    const other = await t.tenant();
    const consenting = unique('kim');
    const never = unique('lou');
    const declare = (body: Record<string, unknown>) => as(other.key).put('/v1/consents/fairness-monitoring-basis', body);
    const justification = 'EU AI Act Art. 10(5) with GDPR Art. 9(2)(g)';
    const removedBy = async () => (await events('protected-attributes.basis', other.key)).slice(-1)[0].details.protectedAttributesRemoved;
    await as(other.key).post('/v1/consents', { subjectId: consenting, purpose: 'fairness-monitoring' });
    expect((await as(other.key).put(attributesOf(consenting), { attributes: { sex: 'female' } })).body.basis).toBe('consent');

    await declare({ lawfulBasis: 'legal_obligation', justification });
    expect(await removedBy()).toBe(0);
    expect((await as(other.key).put(attributesOf(never), { attributes: { disability: true } })).body.basis).toBe('legal_obligation');

    // Another declared basis: what rested on the one before goes; what rests on active consent stays.
    await declare({ lawfulBasis: 'public_task', justification });
    expect(await removedBy()).toBe(1);
    expect((await as(other.key).get(attributesOf(never))).status).toBe(404);
    expect((await as(other.key).get(attributesOf(consenting))).body).toEqual(expect.objectContaining({ attributes: { sex: 'female' }, basis: 'consent' }));

    // Back to consent: the subject who never consented keeps nothing.
    expect((await as(other.key).put(attributesOf(never), { attributes: { disability: true } })).body.basis).toBe('public_task');
    await declare({ lawfulBasis: 'consent' });
    expect(await removedBy()).toBe(1);
    expect((await as(other.key).get(attributesOf(never))).status).toBe(404);
    expect((await as(other.key).get(attributesOf(consenting))).status).toBe(200);
  });

  it('logs no subject id from a URL that misses the route, however it is misspelled', async () => {
    const subjectId = unique('kim');
    const id = encodeURIComponent(subjectId);
    const misspelled = [
      [`/v1//subjects/${id}/export`, 404],
      [`/V1/subjects/${id}/export`, 404],
      [`/v1/consents;subjectId=${id}`, 404],
      [`/v1/consents?subjectId[]=${id}`, 400],
      [`/v1/consents?;subjectId=${id}`, 400],
    ] as const;
    for (const [url, status] of misspelled) expect([url, (await api().get(url)).status]).toEqual([url, status]);
    expect(t.logs()).toContain('/v1//subjects/[subject]/export');
    expect(t.logs()).not.toContain(subjectId);
  });

  it('exports everything held on a subject, with pseudonyms only, and audits the export', async () => {
    const subjectId = unique('eve@example.com');
    const granted = await api().post('/v1/consents', { subjectId, purpose: 'credit-scoring' });
    await api().post('/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
    const call = await credit(subjectId, { sex: 'female' });
    const pseudonym = granted.body.content.subjectPseudonym;

    const res = await api().get(`/v1/subjects/${encodeURIComponent(subjectId)}/export`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        schemaVersion: 'warden.subject-export/1',
        subjectPseudonym: pseudonym,
        controller: expect.objectContaining({ id: tenant.id }),
        protectedAttributes: expect.objectContaining({ attributes: { sex: 'female' }, basis: 'consent' }),
        reviews: [],
      }),
    );
    expect(res.body.consent.state).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: 'credit-scoring', status: 'active' }), expect.objectContaining({ purpose: 'fairness-monitoring', status: 'active' })]));
    expect(res.body.consent.events).toHaveLength(2);
    expect(res.body.consent.receipts.map((r: { receipt: string }) => r.receipt)).toContain(granted.body.receipt);
    expect(res.body.inferenceRecords).toEqual([expect.objectContaining({ requestId: call.body.requestId, purpose: 'credit-scoring', decision: 'allow', outputs: expect.any(Array), context: expect.any(Array) })]);
    expect(res.body.auditEvents.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['consent.grant', 'inference.infer']));
    expect(JSON.stringify(res.body)).not.toContain(subjectId);
    await api().get(`/v1/consents?subjectId=${encodeURIComponent(subjectId)}`);
    const logs = t.logs();
    expect(logs).toContain('/v1/subjects/[subject]/export');
    expect(logs).toContain('/v1/consents?subjectId=[subject]');
    for (const spelling of [subjectId, encodeURIComponent(subjectId)]) expect(logs).not.toContain(spelling);

    const exported = (await events('subject.export')).slice(-1)[0];
    expect(exported.details).toEqual(expect.objectContaining({ subject: pseudonym, consentEvents: 2, inferenceRecords: 1, protectedAttributes: 1 }));
    expect((await events('protected-attributes.read')).slice(-1)[0].details).toEqual(expect.objectContaining({ subject: pseudonym, reason: 'export' }));
    expect((await as(t.adminKey).get(`/v1/subjects/${encodeURIComponent(subjectId)}/export`)).status).toBe(403);
    expect((await as(await t.key('regulator')).get(`/v1/subjects/${encodeURIComponent(subjectId)}/export`)).status).toBe(403);
  });

  it('answers the record of processing to the tenant itself, admins and regulators, and to no other tenant', async () => {
    const subjectId = unique('fay');
    await api().post('/v1/consents', { subjectId, purpose: 'credit-scoring' });
    await credit(subjectId);
    await credit(unique('gus'));
    const url = `/v1/tenants/${tenant.id}/record-of-processing`;
    const record = await api().get(url);
    expect(record.status).toBe(200);
    expect(record.body).toEqual(expect.objectContaining({ schemaVersion: 'warden.record-of-processing/1', controller: expect.objectContaining({ id: tenant.id }) }));
    const credit_ = record.body.purposes.find((p: { id: string }) => p.id === 'credit-scoring');
    expect(credit_).toEqual(expect.objectContaining({ lawfulBasis: 'consent', lawfulBasisArticle: 'GDPR Art. 6(1)(a)', retentionDays: 730, models: ['credit-approval@1.0.0'] }));
    expect(credit_.allowedCalls).toBeGreaterThanOrEqual(1);
    expect(credit_.deniedCalls).toBeGreaterThanOrEqual(1);
    const inputs = record.body.dataCategories.find((c: { model?: string }) => c.model === 'credit-approval@1.0.0');
    expect(inputs.features.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['annualIncome', 'postcodeRegion']));
    expect(record.body.securityMeasures.length).toBeGreaterThan(3);
    expect(record.body.recipients.length).toBeGreaterThan(0);

    expect((await as(t.adminKey).get(url)).status).toBe(200);
    expect((await as(await t.key('regulator')).get(url)).status).toBe(200);
    const other = await t.tenant();
    expect((await as(other.key).get(url)).status).toBe(404);
  });
});
