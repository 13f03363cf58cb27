import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signJson } from '../../src/consent/jws.js';
import { verifyReceipt } from '../../src/consent/receipt.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('consent: purposes, grants, receipts, withdrawal and the consent stage', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const grant = (body: Record<string, unknown>, key = tenant.key, app = t) => app.http.post('/v1/consents').set(bearer(key)).send(body);
  const withdraw = (body: Record<string, unknown>, key = tenant.key, app = t) => app.http.post('/v1/consents/withdraw').set(bearer(key)).send(body);
  const credit = (subjectId: string, key = tenant.key, app = t) =>
    app.http.post('/v1/models/credit-approval/infer').set(bearer(key)).send({ purpose: 'credit-scoring', subject: { id: subjectId }, inputs: example, context: { jurisdiction: 'US' }, explain: false });
  const lastEvent = async (action: string, key = tenant.key) => {
    const res = await t.http.get(`/v1/audit/events?action=${action}&limit=500`).set(bearer(key));
    return res.body.events[res.body.events.length - 1];
  };

  it('lists the purposes with their lawful basis to every role', async () => {
    const [party] = (await t.http.get('/v1/admin/parties').set(bearer(t.adminKey))).body;
    for (const key of [tenant.key, await t.key('regulator'), await t.key('licensor', { partyId: party.id }), t.adminKey]) {
      const res = await t.http.get('/v1/purposes').set(bearer(key));
      expect(res.status).toBe(200);
      const bases = Object.fromEntries(res.body.map((p: { id: string; lawfulBasis: string }) => [p.id, p.lawfulBasis]));
      expect(bases).toEqual(expect.objectContaining({ 'credit-scoring': 'consent', 'customer-support': 'contract', 'fraud-prevention': 'legitimate_interests', marketing: 'consent', 'fairness-monitoring': 'consent' }));
    }
    expect((await t.http.get('/v1/purposes')).status).toBe(401);
  });

  it('lets only admins define purposes, keeps every version and refuses a silent rewording or a new basis', async () => {
    const id = unique('loyalty').replace(/[^a-z0-9-]/g, '');
    const body = { id, description: 'Loyalty points', lawfulBasis: 'consent', notice: { text: 'We count your points.', version: '1' }, retentionDays: 90 };
    expect((await t.http.post('/v1/admin/purposes').set(bearer(tenant.key)).send(body)).status).toBe(403);
    const created = await t.http.post('/v1/admin/purposes').set(bearer(t.adminKey)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ id, version: 1, requiresConsent: true, lawfulBasisArticle: 'GDPR Art. 6(1)(a)' }));
    expect((await t.http.post('/v1/admin/purposes').set(bearer(t.adminKey)).send(body)).status).toBe(409);

    const put = (over: Record<string, unknown>) => t.http.put(`/v1/admin/purposes/${id}`).set(bearer(t.adminKey)).send({ ...body, id: undefined, reason: 'review', ...over });
    const reworded = await put({ notice: { text: 'We count and share your points.', version: '1' } });
    expect(reworded.status).toBe(409);
    expect(reworded.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'notice.version', rule: 'newVersion' }));
    const rebased = await put({ lawfulBasis: 'legitimate_interests' });
    expect(rebased.status).toBe(409);
    expect(rebased.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'lawfulBasis', rule: 'fixed' }));
    expect((await put({ notice: { text: 'We count and share your points.', version: '2' } })).body.version).toBe(2);
    expect((await put({ notice: { text: 'We count and share your points.', version: '2' } })).body.version).toBe(2);

    const detail = await t.http.get(`/v1/purposes/${id}`).set(bearer(tenant.key));
    expect(detail.body.history.map((v: { notice: { version: string } }) => v.notice.version)).toEqual(['1', '2']);
    expect(await lastEvent('purpose.update', t.adminKey)).toEqual(expect.objectContaining({ resource: { type: 'purpose', id }, details: expect.objectContaining({ version: 2, changed: ['notice'] }) }));
  });

  it('answers a grant with a signed receipt that verifies with the public key and fails when altered', async () => {
    const subjectId = unique('alice@example.com');
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const res = await grant({ subjectId, purpose: 'marketing', expiresAt, collectionMethod: 'web-form', jurisdiction: 'DE', policyUrl: 'https://acme.example/privacy', controller: { email: 'dpo@acme.example' } });
    expect(res.status).toBe(201);
    expect(res.body.state).toEqual(expect.objectContaining({ purpose: 'marketing', status: 'active', expiresAt }));
    const content = res.body.content;
    expect(content).toEqual(
      expect.objectContaining({
        schemaVersion: 'warden.consent-receipt/1',
        subjectPseudonym: expect.stringMatching(/^psn_/),
        controller: { id: tenant.id, name: expect.any(String), contact: 'Data Protection Officer', email: 'dpo@acme.example' },
        purposes: [expect.objectContaining({ id: 'marketing', lawfulBasis: 'consent', notice: { version: '1', textSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }, retentionDays: 365 })],
        collectionMethod: 'web-form',
        jurisdiction: 'DE',
        expiresAt,
        withdrawal: expect.objectContaining({ method: 'POST', endpoint: expect.stringMatching(/\/v1\/consents\/withdraw$/) }),
      }),
    );
    expect(Buffer.from(res.body.receipt.split('.')[1], 'base64url').toString('utf8')).not.toContain(subjectId);

    const verified = await t.http.post('/v1/consents/verify').send({ receipt: res.body.receipt });
    expect(verified.body).toEqual({ valid: true, type: 'consent', kid: expect.any(String), receipt: content });

    // Offline, with nothing but the published key.
    const jwk = (await t.http.get('/v1/consents/public-key')).body;
    expect(jwk).toEqual(expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: verified.body.kid }));
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verifyReceipt(res.body.receipt, key)).toEqual(expect.objectContaining({ valid: true }));

    const [header, payload, signature] = res.body.receipt.split('.');
    const forged = Buffer.from(JSON.stringify({ ...content, expiresAt: null }), 'utf8').toString('base64url');
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    for (const [altered, reason] of [
      [`${header}.${forged}.${signature}`, 'bad-signature'],
      [`${header}.${payload}.${flipped}`, 'bad-signature'],
      [signJson(content, otherKey, { kid: 'someone-else', typ: 'consent-receipt+jws' }), 'wrong-key'],
      [res.body.receipt.slice(0, -1), 'malformed'],
    ]) {
      const checked = await t.http.post('/v1/consents/verify').send({ receipt: altered });
      expect(checked.body).toEqual(expect.objectContaining({ valid: false, reason }));
    }
    expect(await lastEvent('consent.grant')).toEqual(expect.objectContaining({ details: expect.objectContaining({ subject: content.subjectPseudonym, purpose: 'marketing', receiptId: content.receiptId }) }));
  });

  it('refuses a call without consent with CONSENT_MISSING, naming the stage and rule, and audits it', async () => {
    const res = await credit(unique('nobody'));
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'CONSENT_MISSING', details: expect.objectContaining({ stage: 'consent', rule: 'gdpr-art-6-1-a-active-consent', purpose: 'credit-scoring' }) }));
    const event = await lastEvent('inference.infer');
    expect(event).toEqual(expect.objectContaining({ decision: 'deny', reason: 'CONSENT_MISSING', details: expect.objectContaining({ stage: 'consent', rule: 'gdpr-art-6-1-a-active-consent' }) }));
  });

  it('allows a call with active consent, refuses the very next one after a one-call withdrawal, and allows again after a new grant', async () => {
    const subjectId = unique('bob');
    const granted = await grant({ subjectId, purpose: 'credit-scoring' });
    const allowed = await credit(subjectId);
    expect(allowed.status).toBe(200);
    expect(await lastEvent('inference.infer')).toEqual(expect.objectContaining({ decision: 'allow', details: expect.objectContaining({ lawfulBasis: 'consent', consentRecord: granted.body.content.recordId }) }));

    const withdrawn = await withdraw({ subjectId, purpose: 'credit-scoring' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toEqual(expect.objectContaining({ status: 'withdrawn', recordId: withdrawn.body.recordId }));
    const refused = await credit(subjectId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CONSENT_WITHDRAWN');
    expect(refused.body.error.details).toEqual(expect.objectContaining({ stage: 'consent', rule: 'gdpr-art-6-1-a-active-consent', since: withdrawn.body.withdrawnAt }));

    const state = await t.http.get(`/v1/consents?subjectId=${encodeURIComponent(subjectId)}`).set(bearer(tenant.key));
    expect(state.body.purposes.find((p: { purpose: string }) => p.purpose === 'credit-scoring')).toEqual(expect.objectContaining({ status: 'withdrawn' }));
    expect(state.body.events.map((e: { type: string }) => e.type)).toEqual(['grant', 'withdraw']);

    await grant({ subjectId, purpose: 'credit-scoring' });
    expect((await credit(subjectId)).status).toBe(200);
  });

  it('stops the next call on another instance as soon as a withdrawal commits', async () => {
    const other = await startTestApp();
    try {
      const subjectId = unique('carol');
      await grant({ subjectId, purpose: 'credit-scoring' });
      expect((await credit(subjectId, tenant.key, other)).status).toBe(200);
      expect((await withdraw({ subjectId, purpose: 'credit-scoring' })).status).toBe(200);
      const refused = await credit(subjectId, tenant.key, other);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('CONSENT_WITHDRAWN');
      // … and the other way round.
      await grant({ subjectId, purpose: 'credit-scoring' }, tenant.key, other);
      expect((await credit(subjectId)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('refuses calls once consent has expired (CONSENT_EXPIRED)', async () => {
    const subjectId = unique('dave');
    const expiresAt = new Date(Date.now() + 1200);
    await grant({ subjectId, purpose: 'credit-scoring', expiresAt: expiresAt.toISOString() });
    expect((await credit(subjectId)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    const refused = await credit(subjectId);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual(expect.objectContaining({ code: 'CONSENT_EXPIRED', details: expect.objectContaining({ since: expiresAt.toISOString() }) }));
  });

  it('records the basis of calls whose purpose needs no consent', async () => {
    const res = await t.http.post('/v1/models/support-router/infer').set(bearer(tenant.key)).send({ purpose: 'customer-support', subject: { id: unique('erin') }, inputs: { message: 'Where is my parcel?' }, explain: false });
    expect(res.status).toBe(200);
    expect(await lastEvent('inference.infer')).toEqual(expect.objectContaining({ decision: 'allow', details: expect.objectContaining({ purpose: 'customer-support', lawfulBasis: 'contract' }) }));
  });

  it.each([
    ['a purpose that needs no consent', { purpose: 'customer-support' }, 400, 'consentBasis'],
    ['a purpose that does not exist', { purpose: 'astrology' }, 400, 'exists'],
    ['an expiry in the past', { purpose: 'marketing', expiresAt: '2020-01-01T00:00:00.000Z' }, 400, 'future'],
    ['a consent time in the future', { purpose: 'marketing', consentedAt: '2999-01-01T00:00:00.000Z' }, 400, 'notFuture'],
    ['an unknown field', { purpose: 'marketing', subjectName: 'Alice' }, 400, 'whitelistValidation'],
  ])('refuses a grant for %s', async (_, over, status, rule) => {
    const res = await grant({ subjectId: unique('frank'), ...over });
    expect(res.status).toBe(status);
    expect(res.body.error.details.fields.map((f: { rule: string }) => f.rule)).toContain(rule);
  });

  it.each([
    ['policyUrl', { policyUrl: 'http://0x100000000' }],
    ['controller.url', { controller: { url: 'http://0x100000000' } }],
    ['policyUrl', { policyUrl: 'acme.example/privacy' }],
  ])('refuses a grant whose %s is no URL a receipt can carry, naming the field', async (field, over) => {
    const res = await grant({ subjectId: unique('hana'), purpose: 'marketing', ...over });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', requestId: expect.any(String) }));
    expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field, rule: 'isUrl' })]);
  });

  it('takes grants and withdrawals from tenant keys only, each for its own subjects', async () => {
    expect((await grant({ subjectId: 'x', purpose: 'marketing' }, t.adminKey)).status).toBe(403);
    expect((await grant({ subjectId: 'x', purpose: 'marketing' }, await t.key('regulator'))).status).toBe(403);
    const other = await t.tenant();
    const subjectId = unique('grace');
    const mine = await grant({ subjectId, purpose: 'credit-scoring' });
    const theirs = await grant({ subjectId, purpose: 'credit-scoring' }, other.key);
    expect(theirs.body.content.subjectPseudonym).not.toBe(mine.body.content.subjectPseudonym);
    await withdraw({ subjectId, purpose: 'credit-scoring' }, other.key);
    expect((await credit(subjectId)).status).toBe(200);
    expect((await credit(subjectId, other.key)).body.error.code).toBe('CONSENT_WITHDRAWN');
  });
});
