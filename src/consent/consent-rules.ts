import type { LawfulBasis } from './lawful-basis.js';
import type { Purpose } from './purpose.js';

/**
 * One row of the append-only consent log. Nothing is ever updated: the current state of a
 * subject's consent to a purpose is whatever the events up to a moment add up to.
 */
export interface ConsentEvent {
  type: 'grant' | 'withdraw';
  /** The subject's pseudonym. */
  subject: string;
  purpose: string;
  at: Date;
  /** Only on grants; absent or null means the grant lasts until withdrawn. */
  expiresAt?: Date | null;
  recordId: string;
  /**
   * Append order (the table's sequence), which breaks ties between events with the same `at`.
   * Without it, the order of the array is taken as the append order.
   */
  seq?: number;
}

export type ConsentStatus = 'active' | 'withdrawn' | 'expired' | 'missing';

export type ConsentState =
  | { status: 'missing'; since: null }
  | { status: 'active'; since: Date; grantRecordId: string; expiresAt: Date | null }
  | { status: 'expired'; since: Date; grantRecordId: string }
  | { status: 'withdrawn'; since: Date; withdrawRecordId: string };

/**
 * The state given only the subject's latest event for `purpose`, as calls read it: at `now`, or at
 * the event's own time when that is later (the database stamps events with its clock, which may be
 * ahead of this instance's), so that a consent just recorded holds at once.
 */
export function latestConsentState(latest: ConsentEvent | null, purpose: string, now: Date): ConsentState {
  const at = latest && latest.at.getTime() > now.getTime() ? latest.at : now;
  return consentState(latest ? [latest] : [], purpose, at);
}

/**
 * The state of one subject's consent to `purpose` at the instant `at`. Events after `at` are
 * ignored, so the same function answers "now" and "at the time of that call". The latest event
 * wins: a grant after a withdrawal re-activates, a withdrawal after a grant ends it, and a grant
 * is expired from its `expiresAt` onwards (the boundary instant itself is expired).
 */
export function consentState(events: readonly ConsentEvent[], purpose: string, at: Date): ConsentState {
  const relevant = events
    .map((event, index) => ({ event, order: event.seq ?? index }))
    .filter(({ event }) => event.purpose === purpose && event.at.getTime() <= at.getTime());
  const subjects = new Set(relevant.map(({ event }) => event.subject));
  if (subjects.size > 1) throw new Error(`consentState was given events of ${subjects.size} subjects for ${purpose}`);
  const sequenced = relevant.filter(({ event }) => event.seq !== undefined).length;
  if (sequenced !== 0 && sequenced !== relevant.length) {
    throw new Error('consentState needs a seq on every event or on none: the two orders cannot be mixed');
  }

  relevant.sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.order - b.order);
  const last = relevant.at(-1)?.event;
  if (!last) return { status: 'missing', since: null };
  if (last.type === 'withdraw') return { status: 'withdrawn', since: last.at, withdrawRecordId: last.recordId };

  const expiresAt = last.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= at.getTime()) {
    // A grant that expired before it was made was never active; it has been expired since it was made.
    const since = expiresAt.getTime() < last.at.getTime() ? last.at : expiresAt;
    return { status: 'expired', since, grantRecordId: last.recordId };
  }
  return { status: 'active', since: last.at, grantRecordId: last.recordId, expiresAt };
}

export type ConsentDenialCode = 'CONSENT_MISSING' | 'CONSENT_WITHDRAWN' | 'CONSENT_EXPIRED';

/** The rule a denial names, so that a 403 and its audit record say what stopped the call. */
export const CONSENT_RULE = 'gdpr-art-6-1-a-active-consent';

export type ConsentDecision =
  | { ok: true; purpose: string; basis: LawfulBasis; grantRecordId?: string }
  | { ok: false; purpose: string; code: ConsentDenialCode; rule: typeof CONSENT_RULE; since: Date | null };

/**
 * The `consent` stage's decision. A purpose on consent passes only with an active consent;
 * a purpose on any other basis passes whatever the consent log says, and the decision records
 * its basis so that the audit trail shows why no consent was needed.
 */
export function checkConsent(purpose: Pick<Purpose, 'id' | 'lawfulBasis'>, state: ConsentState): ConsentDecision {
  if (purpose.lawfulBasis !== 'consent') return { ok: true, purpose: purpose.id, basis: purpose.lawfulBasis };
  switch (state.status) {
    case 'active':
      return { ok: true, purpose: purpose.id, basis: 'consent', grantRecordId: state.grantRecordId };
    case 'missing':
      return deny(purpose.id, 'CONSENT_MISSING', null);
    case 'withdrawn':
      return deny(purpose.id, 'CONSENT_WITHDRAWN', state.since);
    case 'expired':
      return deny(purpose.id, 'CONSENT_EXPIRED', state.since);
    default:
      return unreachable(state);
  }
}

function deny(purpose: string, code: ConsentDenialCode, since: Date | null): ConsentDecision {
  return { ok: false, purpose, code, rule: CONSENT_RULE, since };
}

function unreachable(state: never): never {
  throw new Error(`Unknown consent state ${JSON.stringify(state)}`);
}
