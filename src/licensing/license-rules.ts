import { invalid } from './money.js';
import { knownLicense } from './license-catalog.js';
import { COUNTRY_CODES, EU, isTerritory, withinTerritories } from './territories.js';

/**
 * The terms a model version is offered under. `spdxId` names a published licence (an SPDX id,
 * a name from `KNOWN_LICENSES`, or `LicenseRef-…` for custom terms); the enforceable terms are
 * always spelled out here, because an SPDX id alone does not say which purposes are forbidden.
 */
export interface LicenseTerms {
  spdxId?: string | null;
  commercialUse: boolean;
  /** When present, the only purposes allowed; absent or null means any purpose not forbidden. */
  allowedPurposes?: readonly string[] | null;
  /** OpenRAIL-style use restrictions: purposes the model must never serve. */
  forbiddenPurposes?: readonly string[];
  /** ISO 3166-1 alpha-2 codes and `EU`; absent or null means worldwide. */
  territories?: readonly string[] | null;
  attribution?: string | null;
  expiresAt?: Date | null;
}

export interface LicenseUse {
  purpose: string;
  /** Where the request is served from, as an alpha-2 code (or `EU`); unknown when absent. */
  jurisdiction?: string | null;
  commercial: boolean;
  now: Date;
}

export type LicenseCode = 'LICENSE_PURPOSE_FORBIDDEN' | 'LICENSE_TERRITORY' | 'LICENSE_EXPIRED' | 'LICENSE_NON_COMMERCIAL';

export interface LicenseViolation {
  ok: false;
  code: LicenseCode;
  message: string;
  /** The term that refused, e.g. `forbiddenPurposes:medical-advice`. */
  rule: string;
}

export type LicenseDecision = { ok: true; attribution: string | null } | LicenseViolation;

const SPDX_ID = /^(?:LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.+-]*)$/;

/**
 * Problems with new licence terms; empty when valid. With `now`, an expiry that is not after it is
 * one: a licence registered already expired would refuse every call made under it.
 */
export function validateLicense(terms: LicenseTerms, now?: Date): string[] {
  const problems: string[] = [];
  const spdxId = terms.spdxId ?? null;
  if (spdxId !== null && (typeof spdxId !== 'string' || !SPDX_ID.test(spdxId))) {
    problems.push(`spdxId ${String(spdxId)} is neither an SPDX identifier nor LicenseRef-…`);
  }
  if (typeof terms.commercialUse !== 'boolean') problems.push('commercialUse must be true or false');
  const known = knownLicense(spdxId);
  if (known && typeof terms.commercialUse === 'boolean' && known.commercialUse !== terms.commercialUse) {
    problems.push(`${known.id} ${known.commercialUse ? 'allows' : 'does not allow'} commercial use; commercialUse must be ${known.commercialUse}`);
  }
  if (known?.useRestrictions && (terms.forbiddenPurposes ?? []).length === 0) {
    problems.push(`${known.id} restricts uses: list them as forbiddenPurposes`);
  }
  problems.push(...purposeProblems('allowedPurposes', terms.allowedPurposes ?? []));
  problems.push(...purposeProblems('forbiddenPurposes', terms.forbiddenPurposes ?? []));
  const forbidden = new Set(terms.forbiddenPurposes ?? []);
  for (const purpose of terms.allowedPurposes ?? []) {
    if (forbidden.has(purpose)) problems.push(`${purpose} is both allowed and forbidden`);
  }
  if (terms.allowedPurposes && terms.allowedPurposes.length === 0) {
    problems.push('allowedPurposes is empty, which would allow nothing; leave it out to allow any purpose not forbidden');
  }
  const territories = new Set<string>();
  for (const code of terms.territories ?? []) {
    if (!isTerritory(code)) problems.push(`territory ${String(code)} is not an ISO 3166-1 alpha-2 code or EU`);
    else if (territories.has(code)) problems.push(`territory ${code} is listed twice`);
    territories.add(code);
  }
  if (terms.territories && terms.territories.length === 0) problems.push('territories is empty; leave it out for worldwide');
  if (terms.expiresAt != null && !(terms.expiresAt instanceof Date && Number.isFinite(terms.expiresAt.getTime()))) {
    problems.push('expiresAt must be a valid date');
  } else if (terms.expiresAt != null && now && terms.expiresAt.getTime() <= now.getTime()) {
    problems.push(`expiresAt ${terms.expiresAt.toISOString()} is not in the future`);
  }
  if (terms.attribution != null && (typeof terms.attribution !== 'string' || terms.attribution.trim() === '')) {
    problems.push('attribution must be non-empty text when given');
  }
  return problems;
}

function purposeProblems(field: string, purposes: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const purpose of purposes) {
    if (typeof purpose !== 'string' || purpose.trim() === '' || purpose.trim() !== purpose) {
      problems.push(`${field}: ${JSON.stringify(purpose)} is not a purpose name`);
    } else if (seen.has(purpose)) {
      problems.push(`${field}: ${purpose} is listed twice`);
    }
    seen.add(purpose);
  }
  return problems;
}

export function assertLicense(terms: LicenseTerms): void {
  const problems = validateLicense(terms);
  if (problems.length > 0) throw invalid('license', problems.join('; '), { problems });
}

/**
 * Checks one use against the terms, in a fixed order so that the reason given is stable:
 * expiry, territory, commercial use, forbidden purposes, then the allow-list. Purposes match
 * exactly; jurisdictions are compared upper-cased. An unknown jurisdiction fails a licence
 * that is limited to territories.
 */
export function checkLicense(terms: LicenseTerms, use: LicenseUse): LicenseDecision {
  if (terms.expiresAt && terms.expiresAt.getTime() <= use.now.getTime()) {
    return deny('LICENSE_EXPIRED', 'expiresAt', `The model's licence expired at ${terms.expiresAt.toISOString()}`);
  }
  if (terms.territories) {
    const jurisdiction = use.jurisdiction?.trim().toUpperCase() ?? '';
    if (jurisdiction === '' || !(jurisdiction === EU || COUNTRY_CODES.has(jurisdiction))) {
      return deny('LICENSE_TERRITORY', 'territories', `The model is licensed only in ${terms.territories.join(', ')} and the request's jurisdiction is unknown`);
    }
    if (!withinTerritories(jurisdiction, terms.territories)) {
      return deny('LICENSE_TERRITORY', 'territories', `The model is licensed only in ${terms.territories.join(', ')}, not in ${jurisdiction}`);
    }
  }
  if (use.commercial && !terms.commercialUse) {
    return deny('LICENSE_NON_COMMERCIAL', 'commercialUse', `The model's licence${terms.spdxId ? ` (${terms.spdxId})` : ''} does not allow commercial use`);
  }
  if ((terms.forbiddenPurposes ?? []).includes(use.purpose)) {
    return deny('LICENSE_PURPOSE_FORBIDDEN', `forbiddenPurposes:${use.purpose}`, `The model's licence forbids use for ${use.purpose}`);
  }
  if (terms.allowedPurposes && !terms.allowedPurposes.includes(use.purpose)) {
    return deny('LICENSE_PURPOSE_FORBIDDEN', 'allowedPurposes', `The model's licence allows only ${terms.allowedPurposes.join(', ')}, not ${use.purpose}`);
  }
  return { ok: true, attribution: terms.attribution ?? null };
}

function deny(code: LicenseCode, rule: string, message: string): LicenseViolation {
  return { ok: false, code, rule, message };
}

/** Terms for a catalogued licence; the caller adds use restrictions, territories, expiry. */
export function termsFor(id: string, extra: Omit<LicenseTerms, 'spdxId' | 'commercialUse'> = {}): LicenseTerms {
  const known = knownLicense(id);
  if (!known) throw invalid('spdxId', `${id} is not a catalogued licence; give commercialUse explicitly`);
  return { ...extra, spdxId: id, commercialUse: known.commercialUse };
}
