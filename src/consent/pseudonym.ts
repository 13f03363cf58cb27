import { createHmac } from 'node:crypto';

/**
 * Subjects are known to Warden only as `psn_` + base64url(HMAC-SHA256(tenantSecret, label ‖ id)).
 * The secret is per tenant, so one person sent by two tenants gets two unrelated pseudonyms and
 * nobody without a tenant's secret can test a guessed id against the stored ones.
 */
export const PSEUDONYM_PREFIX = 'psn_';
/** Domain separation: the same tenant secret used for anything else can never yield a pseudonym. */
const LABEL = 'warden.subject-pseudonym.v1\u0000';
export const MIN_TENANT_SECRET_BYTES = 32;
const PSEUDONYM_SHAPE = /^psn_[A-Za-z0-9_-]{43}$/;
/** With the `u` flag a paired surrogate is one code point, so this matches only lone halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The form of a subject id that is hashed: surrounding white space (as String.prototype.trim
 * sees it) removed, then Unicode NFC, so that "José" typed with a combining accent and with a
 * precomposed é are one subject. Case is kept: tenants' ids may be case-sensitive.
 */
export function normaliseSubjectId(subjectId: string): string {
  return subjectId.trim().normalize('NFC');
}

export function pseudonym(tenantSecret: Buffer, subjectId: string): string {
  if (tenantSecret.length < MIN_TENANT_SECRET_BYTES) {
    throw new RangeError(`A tenant secret needs at least ${MIN_TENANT_SECRET_BYTES} bytes`);
  }
  const id = normaliseSubjectId(subjectId);
  if (id === '') throw new RangeError('A subject id must not be empty');
  // UTF-8 would turn every lone surrogate into U+FFFD, giving distinct ids one pseudonym.
  if (LONE_SURROGATE.test(id)) throw new RangeError('A subject id must be well-formed Unicode');
  const mac = createHmac('sha256', tenantSecret).update(LABEL, 'utf8').update(id, 'utf8').digest();
  return PSEUDONYM_PREFIX + mac.toString('base64url');
}

/** True for strings shaped like a pseudonym; receipts refuse anything else in the subject field. */
export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && PSEUDONYM_SHAPE.test(value);
}
