import { createHash } from 'node:crypto';
import { isLawfulBasis, type LawfulBasis } from './lawful-basis.js';

/** Why data is processed. Consent, when the basis asks for it, is given per purpose. */
export interface Purpose {
  /** A slug such as `credit-scoring`; stable, because consent events and receipts name it. */
  id: string;
  description: string;
  lawfulBasis: LawfulBasis;
  /** The notice shown to the subject; a new wording needs a new version. */
  notice: { text: string; version: string };
  /** How long stored payloads for this purpose are kept, in whole days; 0 keeps none past the request. */
  retentionDays: number;
}

export const PURPOSE_ID_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PURPOSE_ID_MAX = 64;
/** Ten years: a longer retention is almost certainly a unit mistake (seconds, hours) rather than a policy. */
export const MAX_RETENTION_DAYS = 3660;

/** The purpose whose consent (or declared basis) allows protected attributes to be stored (EU AI Act Art. 10(5)). */
export const FAIRNESS_MONITORING_PURPOSE = 'fairness-monitoring';

export function isPurposeId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= PURPOSE_ID_MAX && PURPOSE_ID_SHAPE.test(value);
}

/** Only purposes resting on consent take grants, withdrawals and consent receipts. */
export function requiresConsent(purpose: Pick<Purpose, 'lawfulBasis'>): boolean {
  return purpose.lawfulBasis === 'consent';
}

/**
 * SHA-256 (hex) of the exact UTF-8 bytes of a notice. Not normalised: the hash must prove which
 * bytes the subject was shown, and two spellings that render alike are still two notices.
 */
export function noticeTextSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Everything wrong with a purpose definition, one sentence each; empty when it is sound. */
export function purposeProblems(purpose: Purpose): string[] {
  const problems: string[] = [];
  if (!isPurposeId(purpose.id)) {
    problems.push(`id must be a lower-case slug of at most ${PURPOSE_ID_MAX} characters (e.g. credit-scoring)`);
  }
  if (purpose.description.trim() === '') problems.push('description must not be empty');
  if (!isLawfulBasis(purpose.lawfulBasis)) problems.push(`lawfulBasis ${String(purpose.lawfulBasis)} is not a GDPR Art. 6(1) basis`);
  if (purpose.notice.text.trim() === '') problems.push('notice text must not be empty');
  if (purpose.notice.version.trim() === '') problems.push('notice version must not be empty');
  if (!Number.isInteger(purpose.retentionDays) || purpose.retentionDays < 0 || purpose.retentionDays > MAX_RETENTION_DAYS) {
    problems.push(`retentionDays must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`);
  }
  return problems;
}
