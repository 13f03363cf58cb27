import type { FieldProblem } from '../common/validation.js';
import type { ConsentState } from './consent-rules.js';
import { retentionEndsAt } from './deadlines.js';
import type { LawfulBasis } from './lawful-basis.js';
import type { Purpose } from './purpose.js';

/**
 * Protected attributes (sex, age band, ethnicity, …) are special-category data. They are kept only
 * for fairness monitoring (EU AI Act Art. 10(5)), apart from everything else, and only while the
 * subject has consented to that purpose or the tenant has declared another lawful basis for it.
 */
export type AttributeValue = string | number | boolean;
export type ProtectedAttributes = Record<string, AttributeValue>;

const MAX_VALUE_LENGTH = 100;

/** The subject attributes whose names are on the protected list, with null values left out. */
export function pickProtected(attributes: Readonly<Record<string, unknown>> | undefined, names: readonly string[]): ProtectedAttributes {
  const picked: ProtectedAttributes = {};
  for (const name of names) {
    const value = attributes?.[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') picked[name] = value;
  }
  return picked;
}

/** What is wrong with attributes sent to be stored: unknown names, non-scalar or oversized values. */
export function protectedAttributeProblems(attributes: Readonly<Record<string, unknown>>, names: readonly string[]): FieldProblem[] {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return [{ field: 'attributes', rule: 'notEmpty', message: 'name at least one protected attribute' }];
  return entries.flatMap(([name, value]): FieldProblem[] => {
    const field = `attributes.${name}`;
    if (!names.includes(name)) return [{ field, rule: 'protectedAttribute', message: `is not a protected attribute (${names.join(', ')})` }];
    if (typeof value === 'string') {
      return value.trim() === '' || value.length > MAX_VALUE_LENGTH
        ? [{ field, rule: 'length', message: `must be 1 to ${MAX_VALUE_LENGTH} characters` }]
        : [];
    }
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return [];
    return [{ field, rule: 'scalar', message: 'must be a string, a finite number or a boolean' }];
  });
}

/**
 * What is wrong with the protected attributes among the subject attributes sent with a governed call
 * (null meaning not given): the same rules as for attributes stored on their own, with the call's
 * field names.
 */
export function subjectAttributeProblems(attributes: Readonly<Record<string, unknown>> | undefined, names: readonly string[]): FieldProblem[] {
  const sent = Object.fromEntries(Object.entries(attributes ?? {}).filter(([name, value]) => names.includes(name) && value !== null));
  if (Object.keys(sent).length === 0) return [];
  return protectedAttributeProblems(sent, names).map((p) => ({ ...p, field: `subject.${p.field}` }));
}

export type FairnessBasis =
  | { ok: true; basis: LawfulBasis; expiresAt: Date | null }
  | { ok: false; code: 'CONSENT_MISSING' | 'CONSENT_WITHDRAWN' | 'CONSENT_EXPIRED' };

/**
 * Whether protected attributes may be stored now: a basis the tenant declared wins; otherwise the
 * purpose's own basis, which for consent needs the subject's active consent (whose expiry then
 * bounds how long the attributes are kept).
 */
export function fairnessBasis(purpose: Pick<Purpose, 'lawfulBasis'>, declared: LawfulBasis | null, state: ConsentState): FairnessBasis {
  const basis = fairnessBasisInForce(purpose, declared);
  if (basis !== 'consent') return { ok: true, basis, expiresAt: null };
  switch (state.status) {
    case 'active':
      return { ok: true, basis: 'consent', expiresAt: state.expiresAt };
    case 'missing':
      return { ok: false, code: 'CONSENT_MISSING' };
    case 'withdrawn':
      return { ok: false, code: 'CONSENT_WITHDRAWN' };
    case 'expired':
      return { ok: false, code: 'CONSENT_EXPIRED' };
  }
}

/** The basis protected attributes are kept on: the one the tenant declared, or else the purpose's own. */
export function fairnessBasisInForce(purpose: Pick<Purpose, 'lawfulBasis'>, declared: LawfulBasis | null): LawfulBasis {
  return declared && declared !== 'consent' ? declared : purpose.lawfulBasis;
}

/** Kept until the purpose's retention ends or the consent they rest on expires, whichever is first. */
export function protectedAttributesExpiry(recordedAt: Date, retentionDays: number, consentExpiresAt: Date | null): Date {
  const retention = retentionEndsAt(recordedAt, retentionDays);
  return consentExpiresAt && consentExpiresAt.getTime() < retention.getTime() ? consentExpiresAt : retention;
}
