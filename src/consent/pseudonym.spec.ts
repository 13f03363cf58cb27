import { createHmac } from 'node:crypto';
import { isPseudonym, normaliseSubjectId, pseudonym } from './pseudonym.js';

const tenantA = Buffer.alloc(32, 0xa1);
const tenantB = Buffer.alloc(32, 0xb2);

describe('pseudonym', () => {
  it('is psn_ + base64url(HMAC-SHA256(secret, label ‖ id))', () => {
    const expected = createHmac('sha256', tenantA).update('warden.subject-pseudonym.v1\u0000customer-42').digest('base64url');
    expect(pseudonym(tenantA, 'customer-42')).toBe(`psn_${expected}`);
  });

  it('is stable for the same tenant and id', () => {
    expect(pseudonym(tenantA, 'customer-42')).toBe(pseudonym(Buffer.from(tenantA), 'customer-42'));
  });

  it('separates tenants: the same id under two secrets gives unrelated pseudonyms', () => {
    expect(pseudonym(tenantA, 'customer-42')).not.toBe(pseudonym(tenantB, 'customer-42'));
  });

  it('separates subjects', () => {
    expect(pseudonym(tenantA, 'customer-42')).not.toBe(pseudonym(tenantA, 'customer-43'));
  });

  it.each([
    ['  customer-42\n', 'customer-42'],
    ['\u00a0customer-42\u2003', 'customer-42'],
    ['Jose\u0301', 'Jos\u00e9'],
    ['\u212b', '\u00c5'],
  ])('normalises %p like %p', (raw, canonical) => {
    expect(normaliseSubjectId(raw)).toBe(canonical);
    expect(pseudonym(tenantA, raw)).toBe(pseudonym(tenantA, canonical));
  });

  it.each([
    ['Customer-42', 'customer-42'],
    ['customer 42', 'customer42'],
  ])('keeps %p and %p apart (no case folding, inner spaces kept)', (a, b) => {
    expect(pseudonym(tenantA, a)).not.toBe(pseudonym(tenantA, b));
  });

  it.each([
    ['an empty id', tenantA, ''],
    ['a blank id', tenantA, ' \t '],
    ['a lone surrogate', tenantA, 'x\ud800'],
    ['a short secret', Buffer.alloc(31, 1), 'customer-42'],
  ])('refuses %s', (_what, secret, id) => {
    expect(() => pseudonym(secret, id)).toThrow(RangeError);
  });

  it('accepts a paired surrogate (an emoji) as part of an id', () => {
    expect(isPseudonym(pseudonym(tenantA, 'user-\u{1F600}'))).toBe(true);
  });

  it.each([
    [pseudonym(tenantA, 'x'), true],
    ['customer-42', false],
    ['psn_short', false],
    [`psn_${'A'.repeat(42)}=`, false],
    [42, false],
  ])('isPseudonym(%p) is %p', (value, expected) => {
    expect(isPseudonym(value)).toBe(expected);
  });
});
