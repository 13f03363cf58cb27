import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { publicJwk, signJson } from './jws.js';
import { pseudonym } from './pseudonym.js';
import { noticeTextSha256, type Purpose } from './purpose.js';
import {
  buildConsentReceipt, CONSENT_RECEIPT_SCHEMA, CONSENT_RECEIPT_TYP, consentReceiptProblems, signReceipt, verifyReceipt,
  type ConsentReceiptInput,
} from './receipt.js';

const keys = generateKeyPairSync('ed25519');
const kid = publicJwk(keys.publicKey).kid;
const subject = pseudonym(Buffer.alloc(32, 9), 'customer-42');

const marketing: Purpose = {
  id: 'marketing',
  description: 'Personalised offers by e-mail',
  lawfulBasis: 'consent',
  notice: { text: 'We would like to send you offers chosen for you.', version: 'v3' },
  retentionDays: 365,
};

const input: ConsentReceiptInput = {
  receiptId: '0d6f2e4a-5a1b-4c4e-9d5e-1f2a3b4c5d6e',
  recordId: 'a8f5f167-f44f-4964-a6c8-7e1d2c3b4a59',
  subjectPseudonym: subject,
  controller: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Acme Bank', contact: 'Data Protection Officer', email: 'dpo@acme.example' },
  purposes: [marketing],
  consentedAt: new Date('2026-03-05T10:15:00Z'),
  issuedAt: new Date('2026-03-05T10:15:01Z'),
  expiresAt: new Date('2027-03-05T10:15:00Z'),
  collectionMethod: 'web-form',
  jurisdiction: 'EU',
  language: 'en',
  withdrawal: {
    method: 'POST',
    endpoint: 'https://warden.example/v1/consents/withdraw',
    instructions: 'Untick "offers" in your Acme profile, or write to dpo@acme.example; Acme withdraws it in one call.',
  },
};

const receipt = buildConsentReceipt(input);
const jws = signReceipt(receipt, keys.privateKey, kid);
const [headerPart, payloadPart, signaturePart] = jws.split('.');

describe('buildConsentReceipt', () => {
  it('maps the consent record onto the receipt', () => {
    expect(receipt).toEqual({
      schemaVersion: CONSENT_RECEIPT_SCHEMA,
      receiptId: input.receiptId,
      recordId: input.recordId,
      subjectPseudonym: subject,
      controller: input.controller,
      purposes: [{
        id: 'marketing',
        description: 'Personalised offers by e-mail',
        lawfulBasis: 'consent',
        notice: { version: 'v3', textSha256: noticeTextSha256(marketing.notice.text) },
        retentionDays: 365,
      }],
      consentType: 'expressed',
      consentedAt: '2026-03-05T10:15:00.000Z',
      issuedAt: '2026-03-05T10:15:01.000Z',
      expiresAt: '2027-03-05T10:15:00.000Z',
      collectionMethod: 'web-form',
      jurisdiction: 'EU',
      language: 'en',
      sensitive: false,
      withdrawal: input.withdrawal,
    });
    expect(JSON.stringify(receipt)).not.toContain('customer-42');
    expect(JSON.stringify(receipt)).not.toContain(marketing.notice.text);
  });

  it('returns exactly what a verifier parses back: no undefined members', () => {
    const built = buildConsentReceipt({ ...input, policyUrl: undefined, controller: { ...input.controller, url: undefined } });
    expect(Object.keys(built)).not.toContain('policyUrl');
    expect(Object.keys(built.controller)).not.toContain('url');
    expect(JSON.parse(JSON.stringify(built))).toStrictEqual(built);
  });

  it('keeps a grant without expiry, explicit consent, a policy URL and sensitive data', () => {
    const built = buildConsentReceipt({ ...input, expiresAt: null, consentType: 'explicit', sensitive: true, policyUrl: 'https://acme.example/privacy' });
    expect(built).toMatchObject({ expiresAt: null, consentType: 'explicit', sensitive: true, policyUrl: 'https://acme.example/privacy' });
  });

  it.each<[string, Partial<ConsentReceiptInput>, RegExp]>([
    ['a raw subject id', { subjectPseudonym: 'customer-42' }, /never a raw subject id/],
    ['a purpose on another basis', { purposes: [{ ...marketing, lawfulBasis: 'contract' }] }, /rests on contract, not consent/],
    ['no purposes', { purposes: [] }, /at least one purpose/],
    ['a purpose twice', { purposes: [marketing, marketing] }, /repeat/],
    ['an expiry before consent', { expiresAt: new Date('2026-03-05T10:14:59Z') }, /expiresAt must be after consentedAt/],
    ['an expiry at the consent instant', { expiresAt: new Date('2026-03-05T10:15:00Z') }, /expiresAt must be after consentedAt/],
    ['issued before consent', { issuedAt: new Date('2026-03-05T10:00:00Z') }, /issuedAt must not be before/],
    ['a jurisdiction that is a name', { jurisdiction: 'Europe' }, /jurisdiction/],
    ['a language that is a name', { language: 'English' }, /language/],
    ['an unknown collection method', { collectionMethod: 'telepathy' as never }, /collectionMethod/],
    ['a relative withdrawal endpoint', { withdrawal: { ...input.withdrawal, endpoint: '/v1/consents/withdraw' } }, /withdrawal.endpoint/],
    ['no withdrawal instructions', { withdrawal: { ...input.withdrawal, instructions: ' ' } }, /withdrawal.instructions/],
    ['a controller without contact', { controller: { id: 'c', name: 'Acme', contact: '' } }, /controller.contact/],
    ['a non-http policy URL', { policyUrl: 'javascript:alert(1)' }, /policyUrl/],
  ])('refuses %s', (_case, change, problem) => {
    expect(() => buildConsentReceipt({ ...input, ...change })).toThrow(problem);
  });

  it('refuses members the schema does not name, such as a raw subject id', () => {
    expect(consentReceiptProblems({ ...receipt, subjectId: 'customer-42' })).toEqual(['the receipt has an unexpected member "subjectId"']);
    expect(consentReceiptProblems({ ...receipt, purposes: [{ ...receipt.purposes[0], extra: 1 }] })).toEqual(['purposes[0] has an unexpected member "extra"']);
  });

  it.each([null, [], 'receipt', 42])('finds %p is not a receipt', (value) => {
    expect(consentReceiptProblems(value)).not.toEqual([]);
  });
});

describe('signed consent receipts', () => {
  it('round-trips: the verified receipt is the one signed, with its kid', () => {
    expect(verifyReceipt(jws, keys.publicKey)).toStrictEqual({ valid: true, kid, receipt });
    expect(JSON.parse(Buffer.from(headerPart, 'base64url').toString())).toEqual({ alg: 'EdDSA', kid, typ: CONSENT_RECEIPT_TYP });
  });

  it('verifies with the public key imported from its JWK export', () => {
    const jwk = publicJwk(keys.privateKey);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid });
    expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const imported = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verifyReceipt(jws, imported)).toMatchObject({ valid: true, receipt });
  });

  it('fails when any byte of the payload is altered', () => {
    const payload = Buffer.from(payloadPart, 'base64url');
    for (let i = 0; i < payload.length; i++) {
      const altered = Buffer.from(payload);
      altered[i] ^= 0x01;
      expect(verifyReceipt(`${headerPart}.${altered.toString('base64url')}.${signaturePart}`, keys.publicKey)).toMatchObject({ valid: false });
    }
  });

  it('fails when any character of the encoded payload is altered', () => {
    for (let i = 0; i < payloadPart.length; i++) {
      const altered = payloadPart.slice(0, i) + (payloadPart[i] === 'x' ? 'y' : 'x') + payloadPart.slice(i + 1);
      expect(verifyReceipt(`${headerPart}.${altered}.${signaturePart}`, keys.publicKey).valid).toBe(false);
    }
  });

  it.each([
    ['another kid', { alg: 'EdDSA', kid: 'someone-else', typ: CONSENT_RECEIPT_TYP }, 'bad-signature'],
    ['another typ', { alg: 'EdDSA', kid, typ: 'erasure-receipt+jws' }, 'unexpected-type'],
    ['alg none', { alg: 'none', kid, typ: CONSENT_RECEIPT_TYP }, 'unsupported-algorithm'],
    ['an extra member', { alg: 'EdDSA', kid, typ: CONSENT_RECEIPT_TYP, x5u: 'https://evil.example' }, 'bad-signature'],
    ['the same members re-ordered', { typ: CONSENT_RECEIPT_TYP, kid, alg: 'EdDSA' }, 'bad-signature'],
  ])('fails when the header is altered: %s', (_case, header, reason) => {
    const altered = Buffer.from(JSON.stringify(header)).toString('base64url');
    expect(verifyReceipt(`${altered}.${payloadPart}.${signaturePart}`, keys.publicKey)).toMatchObject({ valid: false, reason });
  });

  it('fails when any byte of the signature is altered', () => {
    const signature = Buffer.from(signaturePart, 'base64url');
    for (let i = 0; i < signature.length; i++) {
      const altered = Buffer.from(signature);
      altered[i] ^= 0x80;
      expect(verifyReceipt(`${headerPart}.${payloadPart}.${altered.toString('base64url')}`, keys.publicKey)).toMatchObject({ valid: false, reason: 'bad-signature' });
    }
  });

  it('fails with another key, and a forgery signed with that key fails with the real one', () => {
    const mallory = generateKeyPairSync('ed25519');
    expect(verifyReceipt(jws, mallory.publicKey)).toMatchObject({ valid: false, reason: 'bad-signature' });
    const forged = signReceipt({ ...receipt, expiresAt: null }, mallory.privateKey, kid);
    expect(verifyReceipt(forged, keys.publicKey)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('refuses a correctly signed payload that is not a sound receipt', () => {
    const unsound = signJson({ ...receipt, subjectPseudonym: 'customer-42' }, keys.privateKey, { kid, typ: CONSENT_RECEIPT_TYP });
    expect(verifyReceipt(unsound, keys.publicKey)).toMatchObject({ valid: false, reason: 'invalid-payload', detail: expect.stringMatching(/raw subject id/) });
  });

  it('will not sign an unsound receipt', () => {
    expect(() => signReceipt({ ...receipt, subjectPseudonym: 'customer-42' }, keys.privateKey, kid)).toThrow(RangeError);
  });
});
