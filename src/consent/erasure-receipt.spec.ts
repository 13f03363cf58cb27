import { generateKeyPairSync } from 'node:crypto';
import {
  buildErasureReceipt, ERASURE_RECEIPT_SCHEMA, erasureReceiptProblems, signErasureReceipt, verifyErasureReceipt,
  type ErasureReceiptInput,
} from './erasure-receipt.js';
import { publicJwk, signJson } from './jws.js';
import { pseudonym } from './pseudonym.js';
import { buildConsentReceipt, signReceipt, verifyReceipt } from './receipt.js';

const keys = generateKeyPairSync('ed25519');
const kid = publicJwk(keys.publicKey).kid;
const subject = pseudonym(Buffer.alloc(32, 3), 'customer-42');
const controller = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Acme Bank', contact: 'dpo@acme.example' };

const input: ErasureReceiptInput = {
  receiptId: 'e1',
  requestId: 'req-1',
  subjectPseudonym: subject,
  controller,
  receivedAt: new Date('2026-01-31T09:00:00Z'),
  completedAt: new Date('2026-02-02T14:00:00Z'),
  removed: { protected_attributes: 2, inference_records: 17, data_subjects: 1, outcomes: 0 },
  retained: [
    { table: 'consents', reason: 'Art. 7(1): proof that consent was given; holds only the pseudonym' },
    { table: 'audit_events', reason: 'Tamper-evident log; holds only pseudonyms and hashes' },
  ],
};

describe('erasure receipts', () => {
  const receipt = buildErasureReceipt(input);

  it('counts per table, totals, carries the Art. 12(3) deadline and sorts what was kept', () => {
    expect(receipt).toEqual({
      schemaVersion: ERASURE_RECEIPT_SCHEMA,
      receiptId: 'e1',
      requestId: 'req-1',
      subjectPseudonym: subject,
      controller,
      receivedAt: '2026-01-31T09:00:00.000Z',
      dueBy: '2026-02-28T23:59:59.999Z',
      completedAt: '2026-02-02T14:00:00.000Z',
      removed: { protected_attributes: 2, inference_records: 17, data_subjects: 1, outcomes: 0 },
      totalRemoved: 20,
      retained: [input.retained![1], input.retained![0]],
    });
  });

  it('a repeated erasure yields a receipt of zeros', () => {
    const again = buildErasureReceipt({ ...input, receiptId: 'e2', removed: { protected_attributes: 0, inference_records: 0, data_subjects: 0, outcomes: 0 } });
    expect(again.totalRemoved).toBe(0);
    expect(verifyErasureReceipt(signErasureReceipt(again, keys.privateKey, kid), keys.publicKey)).toMatchObject({ valid: true, receipt: again });
  });

  it.each<[string, Partial<ErasureReceiptInput>, RegExp]>([
    ['a raw subject id', { subjectPseudonym: 'customer-42' }, /never a raw subject id/],
    ['no tables', { removed: {} }, /at least one table/],
    ['a negative count', { removed: { outcomes: -1 } }, /non-negative/],
    ['a fractional count', { removed: { outcomes: 1.5 } }, /non-negative/],
    ['a table name that is not one', { removed: { 'outcomes; drop': 1 } }, /not a table name/],
    ['completion before receipt', { completedAt: new Date('2026-01-30T00:00:00Z') }, /completedAt must not be before/],
    ['a retained table without a reason', { retained: [{ table: 'audit_events', reason: '' }] }, /reason/],
  ])('refuses %s', (_case, change, problem) => {
    expect(() => buildErasureReceipt({ ...input, ...change })).toThrow(problem);
  });

  it.each([
    ['a total that is not the sum', { totalRemoved: 21 }, /sum/],
    ['a deadline that is not the rule', { dueBy: '2026-03-31T23:59:59.999Z' }, /Art. 12\(3\)/],
    ['an unnamed member', { subjectId: 'customer-42' }, /unexpected member "subjectId"/],
  ])('finds %s', (_case, change, problem) => {
    expect(erasureReceiptProblems({ ...receipt, ...change }).join('; ')).toMatch(problem);
  });

  it('signs and verifies like a consent receipt, and fails when altered or checked with another key', () => {
    const jws = signErasureReceipt(receipt, keys.privateKey, kid);
    expect(verifyErasureReceipt(jws, keys.publicKey)).toEqual({ valid: true, kid, receipt });
    const [h, p, s] = jws.split('.');
    const payload = Buffer.from(p, 'base64url');
    for (let i = 0; i < payload.length; i++) {
      const altered = Buffer.from(payload);
      altered[i] ^= 0x01;
      expect(verifyErasureReceipt(`${h}.${altered.toString('base64url')}.${s}`, keys.publicKey).valid).toBe(false);
    }
    expect(verifyErasureReceipt(jws, generateKeyPairSync('ed25519').publicKey)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('cannot be passed off as a consent receipt, nor the other way round', () => {
    const erasure = signErasureReceipt(receipt, keys.privateKey, kid);
    expect(verifyReceipt(erasure, keys.publicKey)).toMatchObject({ valid: false, reason: 'unexpected-type' });
    const consent = signReceipt(
      buildConsentReceipt({
        receiptId: 'r1', recordId: 'g1', subjectPseudonym: subject, controller,
        purposes: [{ id: 'marketing', description: 'Offers', lawfulBasis: 'consent', notice: { text: 'Offers?', version: '1' }, retentionDays: 30 }],
        consentedAt: new Date('2026-01-01T00:00:00Z'), issuedAt: new Date('2026-01-01T00:00:00Z'), collectionMethod: 'api',
        jurisdiction: 'EU', language: 'en',
        withdrawal: { method: 'POST', endpoint: 'https://warden.example/v1/consents/withdraw', instructions: 'Ask Acme.' },
      }),
      keys.privateKey,
      kid,
    );
    expect(verifyErasureReceipt(consent, keys.publicKey)).toMatchObject({ valid: false, reason: 'unexpected-type' });
    // Even with the erasure typ, a consent payload does not pass as an erasure receipt.
    const relabelled = signJson(JSON.parse(Buffer.from(consent.split('.')[1], 'base64url').toString()), keys.privateKey, { kid, typ: 'erasure-receipt+jws' });
    expect(verifyErasureReceipt(relabelled, keys.publicKey)).toMatchObject({ valid: false, reason: 'invalid-payload' });
  });
});
