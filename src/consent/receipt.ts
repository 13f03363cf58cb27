import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { signJson, verifyJson, type JwsFailure } from './jws.js';
import { isLawfulBasis, type LawfulBasis } from './lawful-basis.js';
import { isPseudonym } from './pseudonym.js';
import { isPurposeId, MAX_RETENTION_DAYS, noticeTextSha256, type Purpose } from './purpose.js';
import { assertSound, check, isAbsoluteUrl, isInstant, isRecord, isText, unexpectedKeys, type Problems } from './shape.js';

/**
 * A consent receipt: the subject's signed copy of one consent record, carrying the fields of
 * ISO/IEC TS 27560 and the Kantara Consent Receipt v1.1 (docs/consent.md maps every field).
 * Instants are ISO 8601 strings in UTC so that the JSON that was signed parses back unchanged.
 */
export const CONSENT_RECEIPT_SCHEMA = 'warden.consent-receipt/1';
export const CONSENT_RECEIPT_TYP = 'consent-receipt+jws';

export const COLLECTION_METHODS = ['api', 'web-form', 'mobile-app', 'paper-form', 'verbal', 'email'] as const;
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

/** `expressed` satisfies GDPR Art. 6(1)(a); `explicit` is the stronger form Art. 9(2)(a) asks for. */
export const CONSENT_TYPES = ['expressed', 'explicit'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export interface Controller {
  /** The tenant's id: the party on whose behalf the data is processed. */
  id: string;
  name: string;
  /** Who or what answers privacy questions (a role, a DPO, a mailbox). */
  contact: string;
  email?: string;
  address?: string;
  url?: string;
}

export interface WithdrawalMethod {
  method: 'POST';
  /** The endpoint the controller calls to record a withdrawal. */
  endpoint: string;
  /** What the subject does: one step, no harder than consenting was (GDPR Art. 7(3)). */
  instructions: string;
}

export interface ReceiptPurpose {
  id: string;
  description: string;
  lawfulBasis: LawfulBasis;
  notice: { version: string; textSha256: string };
  retentionDays: number;
}

export interface ConsentReceipt {
  schemaVersion: typeof CONSENT_RECEIPT_SCHEMA;
  receiptId: string;
  recordId: string;
  subjectPseudonym: string;
  controller: Controller;
  purposes: ReceiptPurpose[];
  consentType: ConsentType;
  consentedAt: string;
  issuedAt: string;
  expiresAt: string | null;
  collectionMethod: CollectionMethod;
  jurisdiction: string;
  language: string;
  policyUrl?: string;
  sensitive: boolean;
  withdrawal: WithdrawalMethod;
}

export interface ConsentReceiptInput {
  receiptId: string;
  /** The id of the grant event this receipt is a copy of. */
  recordId: string;
  subjectPseudonym: string;
  controller: Controller;
  purposes: readonly Purpose[];
  consentType?: ConsentType;
  consentedAt: Date;
  issuedAt: Date;
  expiresAt?: Date | null;
  collectionMethod: CollectionMethod;
  jurisdiction: string;
  language: string;
  policyUrl?: string;
  /** True when the purposes touch special-category data (GDPR Art. 9), e.g. protected attributes. */
  sensitive?: boolean;
  withdrawal: WithdrawalMethod;
}

export function buildConsentReceipt(input: ConsentReceiptInput): ConsentReceipt {
  const receipt: ConsentReceipt = {
    schemaVersion: CONSENT_RECEIPT_SCHEMA,
    receiptId: input.receiptId,
    recordId: input.recordId,
    subjectPseudonym: input.subjectPseudonym,
    controller: { ...input.controller },
    purposes: input.purposes.map((purpose) => ({
      id: purpose.id,
      description: purpose.description,
      lawfulBasis: purpose.lawfulBasis,
      notice: { version: purpose.notice.version, textSha256: noticeTextSha256(purpose.notice.text) },
      retentionDays: purpose.retentionDays,
    })),
    consentType: input.consentType ?? 'expressed',
    consentedAt: input.consentedAt.toISOString(),
    issuedAt: input.issuedAt.toISOString(),
    expiresAt: input.expiresAt ? input.expiresAt.toISOString() : null,
    collectionMethod: input.collectionMethod,
    jurisdiction: input.jurisdiction,
    language: input.language,
    policyUrl: input.policyUrl,
    sensitive: input.sensitive ?? false,
    withdrawal: { ...input.withdrawal },
  };
  assertSound(consentReceiptProblems(receipt));
  // Exactly what a verifier will parse back: undefined members gone, keys in canonical order.
  return JSON.parse(canonicalJson(receipt)) as ConsentReceipt;
}

export function signReceipt(receipt: ConsentReceipt, privateKey: KeyObject, kid: string): string {
  assertSound(consentReceiptProblems(receipt));
  return signJson(receipt, privateKey, { kid, typ: CONSENT_RECEIPT_TYP });
}

export type ReceiptVerification =
  | { valid: true; kid: string; receipt: ConsentReceipt }
  | { valid: false; reason: JwsFailure; detail: string };

export function verifyReceipt(jws: string, publicKey: KeyObject): ReceiptVerification {
  const checked = verifyJson(jws, publicKey, CONSENT_RECEIPT_TYP);
  if (!checked.valid) return checked;
  const problems = consentReceiptProblems(checked.value);
  if (problems.length > 0) return { valid: false, reason: 'invalid-payload', detail: problems.join('; ') };
  return { valid: true, kid: checked.kid, receipt: checked.value as ConsentReceipt };
}

const RECEIPT_KEYS = [
  'schemaVersion', 'receiptId', 'recordId', 'subjectPseudonym', 'controller', 'purposes', 'consentType', 'consentedAt',
  'issuedAt', 'expiresAt', 'collectionMethod', 'jurisdiction', 'language', 'policyUrl', 'sensitive', 'withdrawal',
];
const CONTROLLER_KEYS = ['id', 'name', 'contact', 'email', 'address', 'url'];
const PURPOSE_KEYS = ['id', 'description', 'lawfulBasis', 'notice', 'retentionDays'];
const JURISDICTION = /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Everything that keeps `value` from being a sound consent receipt; empty when it is one. */
export function consentReceiptProblems(value: unknown): Problems {
  if (!isRecord(value)) return ['a consent receipt is a JSON object'];
  const r = value;
  const problems = [
    ...unexpectedKeys(r, RECEIPT_KEYS, 'the receipt'),
    ...check(r.schemaVersion === CONSENT_RECEIPT_SCHEMA, `schemaVersion must be ${CONSENT_RECEIPT_SCHEMA}`),
    ...check(isText(r.receiptId), 'receiptId is required'),
    ...check(isText(r.recordId), 'recordId is required'),
    ...check(isPseudonym(r.subjectPseudonym), 'subjectPseudonym must be a pseudonym (psn_…), never a raw subject id'),
    ...controllerProblems(r.controller, 'controller'),
    ...purposesProblems(r.purposes),
    ...check((CONSENT_TYPES as readonly unknown[]).includes(r.consentType), `consentType must be one of ${CONSENT_TYPES.join(', ')}`),
    ...check(isInstant(r.consentedAt), 'consentedAt must be an ISO 8601 UTC instant'),
    ...check(isInstant(r.issuedAt), 'issuedAt must be an ISO 8601 UTC instant'),
    ...check(r.expiresAt === null || isInstant(r.expiresAt), 'expiresAt must be null or an ISO 8601 UTC instant'),
    ...check(
      (COLLECTION_METHODS as readonly unknown[]).includes(r.collectionMethod),
      `collectionMethod must be one of ${COLLECTION_METHODS.join(', ')}`,
    ),
    ...check(
      typeof r.jurisdiction === 'string' && JURISDICTION.test(r.jurisdiction),
      'jurisdiction must be an ISO 3166 code such as EU, DE or FR-75',
    ),
    ...check(typeof r.language === 'string' && LANGUAGE.test(r.language), 'language must be a BCP 47 tag such as en or de-CH'),
    ...check(r.policyUrl === undefined || isAbsoluteUrl(r.policyUrl), 'policyUrl must be an absolute http(s) URL'),
    ...check(typeof r.sensitive === 'boolean', 'sensitive must be true or false'),
    ...withdrawalProblems(r.withdrawal),
  ];
  if (isInstant(r.consentedAt) && isInstant(r.issuedAt) && r.issuedAt < r.consentedAt) {
    problems.push('issuedAt must not be before consentedAt');
  }
  if (isInstant(r.consentedAt) && isInstant(r.expiresAt) && r.expiresAt <= r.consentedAt) {
    problems.push('expiresAt must be after consentedAt');
  }
  return problems;
}

export function controllerProblems(value: unknown, where: string): Problems {
  if (!isRecord(value)) return [`${where} is required`];
  return [
    ...unexpectedKeys(value, CONTROLLER_KEYS, where),
    ...check(isText(value.id), `${where}.id is required`),
    ...check(isText(value.name), `${where}.name is required`),
    ...check(isText(value.contact), `${where}.contact is required`),
    ...check(value.email === undefined || isText(value.email), `${where}.email must not be empty`),
    ...check(value.address === undefined || isText(value.address), `${where}.address must not be empty`),
    ...check(value.url === undefined || isAbsoluteUrl(value.url), `${where}.url must be an absolute http(s) URL`),
  ];
}

function purposesProblems(value: unknown): Problems {
  if (!Array.isArray(value) || value.length === 0) return ['purposes must list at least one purpose'];
  const ids = value.map((p: unknown) => (isRecord(p) ? p.id : undefined));
  const duplicates = check(new Set(ids).size === ids.length, 'purposes must not repeat a purpose');
  return [...duplicates, ...value.flatMap((purpose: unknown, i) => purposeProblems(purpose, `purposes[${i}]`))];
}

function purposeProblems(value: unknown, where: string): Problems {
  if (!isRecord(value)) return [`${where} must be an object`];
  const notice = value.notice;
  return [
    ...unexpectedKeys(value, PURPOSE_KEYS, where),
    ...check(isPurposeId(value.id), `${where}.id must be a purpose slug`),
    ...check(isText(value.description), `${where}.description is required`),
    ...check(isLawfulBasis(value.lawfulBasis), `${where}.lawfulBasis must be a GDPR Art. 6(1) basis`),
    // A receipt says "you consented": a purpose resting on another basis must not appear to.
    ...check(
      !isLawfulBasis(value.lawfulBasis) || value.lawfulBasis === 'consent',
      `${where} rests on ${String(value.lawfulBasis)}, not consent`,
    ),
    ...check(
      isRecord(notice) &&
        Object.keys(notice).length === 2 &&
        isText(notice.version) &&
        typeof notice.textSha256 === 'string' &&
        SHA256_HEX.test(notice.textSha256),
      `${where}.notice must be { version, textSha256 } with a lower-case hex SHA-256`,
    ),
    ...check(
      typeof value.retentionDays === 'number' &&
        Number.isInteger(value.retentionDays) &&
        value.retentionDays >= 0 &&
        value.retentionDays <= MAX_RETENTION_DAYS,
      `${where}.retentionDays must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`,
    ),
  ];
}

function withdrawalProblems(value: unknown): Problems {
  if (!isRecord(value)) return ['withdrawal is required'];
  return [
    ...unexpectedKeys(value, ['method', 'endpoint', 'instructions'], 'withdrawal'),
    ...check(value.method === 'POST', 'withdrawal.method must be POST'),
    ...check(isAbsoluteUrl(value.endpoint), 'withdrawal.endpoint must be an absolute http(s) URL'),
    ...check(isText(value.instructions), 'withdrawal.instructions are required'),
  ];
}
