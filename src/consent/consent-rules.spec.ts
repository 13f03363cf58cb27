import { LAWFUL_BASES } from './lawful-basis.js';
import { checkConsent, CONSENT_RULE, consentState, latestConsentState, type ConsentEvent, type ConsentState } from './consent-rules.js';

const subject = 'psn_subject';
const t = (iso: string) => new Date(`2026-03-${iso}Z`);
const grant = (recordId: string, at: string, expiresAt?: string, extra: Partial<ConsentEvent> = {}): ConsentEvent => ({
  type: 'grant', subject, purpose: 'marketing', at: t(at), expiresAt: expiresAt ? t(expiresAt) : undefined, recordId, ...extra,
});
const withdraw = (recordId: string, at: string, extra: Partial<ConsentEvent> = {}): ConsentEvent => ({
  type: 'withdraw', subject, purpose: 'marketing', at: t(at), recordId, ...extra,
});

describe('consentState', () => {
  it.each<[string, ConsentEvent[], string, ConsentState]>([
    ['no events', [], '10T12:00:00', { status: 'missing', since: null }],
    ['a grant', [grant('g1', '01T09:00:00')], '10T12:00:00',
      { status: 'active', since: t('01T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
    ['a grant that is still in the future', [grant('g1', '11T09:00:00')], '10T12:00:00', { status: 'missing', since: null }],
    ['a grant, then a withdrawal', [grant('g1', '01T09:00:00'), withdraw('w1', '05T09:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('05T09:00:00'), withdrawRecordId: 'w1' }],
    ['a withdrawal asked about before it happened', [grant('g1', '01T09:00:00'), withdraw('w1', '05T09:00:00')], '04T12:00:00',
      { status: 'active', since: t('01T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
    ['a withdrawal at the very instant asked about', [grant('g1', '01T09:00:00'), withdraw('w1', '10T12:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('10T12:00:00'), withdrawRecordId: 'w1' }],
    ['a withdrawal without any grant', [withdraw('w1', '05T09:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('05T09:00:00'), withdrawRecordId: 'w1' }],
    ['a re-grant after a withdrawal', [grant('g1', '01T09:00:00'), withdraw('w1', '05T09:00:00'), grant('g2', '07T09:00:00')], '10T12:00:00',
      { status: 'active', since: t('07T09:00:00'), grantRecordId: 'g2', expiresAt: null }],
    ['a grant one millisecond before its expiry', [grant('g1', '01T09:00:00', '10T12:00:00')], '10T11:59:59.999',
      { status: 'active', since: t('01T09:00:00'), grantRecordId: 'g1', expiresAt: t('10T12:00:00') }],
    ['a grant exactly at its expiry', [grant('g1', '01T09:00:00', '10T12:00:00')], '10T12:00:00',
      { status: 'expired', since: t('10T12:00:00'), grantRecordId: 'g1' }],
    ['a grant after its expiry', [grant('g1', '01T09:00:00', '05T00:00:00')], '10T12:00:00',
      { status: 'expired', since: t('05T00:00:00'), grantRecordId: 'g1' }],
    ['an expired grant renewed', [grant('g1', '01T09:00:00', '05T00:00:00'), grant('g2', '06T09:00:00', '20T00:00:00')], '10T12:00:00',
      { status: 'active', since: t('06T09:00:00'), grantRecordId: 'g2', expiresAt: t('20T00:00:00') }],
    ['a grant without expiry replaced by one with a shorter expiry', [grant('g1', '01T09:00:00'), grant('g2', '02T09:00:00', '03T00:00:00')], '10T12:00:00',
      { status: 'expired', since: t('03T00:00:00'), grantRecordId: 'g2' }],
    ['a grant that expired before it was made', [grant('g1', '05T09:00:00', '01T00:00:00')], '10T12:00:00',
      { status: 'expired', since: t('05T09:00:00'), grantRecordId: 'g1' }],
    ['an expired grant, then withdrawn', [grant('g1', '01T09:00:00', '03T00:00:00'), withdraw('w1', '04T09:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('04T09:00:00'), withdrawRecordId: 'w1' }],
    ['events out of order in the array', [grant('g2', '07T09:00:00'), withdraw('w1', '05T09:00:00'), grant('g1', '01T09:00:00')], '10T12:00:00',
      { status: 'active', since: t('07T09:00:00'), grantRecordId: 'g2', expiresAt: null }],
    ['a withdrawal listed before the older grant', [withdraw('w1', '05T09:00:00'), grant('g1', '01T09:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('05T09:00:00'), withdrawRecordId: 'w1' }],
    ['same instant, withdrawal appended last (array order)', [grant('g1', '05T09:00:00'), withdraw('w1', '05T09:00:00')], '10T12:00:00',
      { status: 'withdrawn', since: t('05T09:00:00'), withdrawRecordId: 'w1' }],
    ['same instant, grant appended last (array order)', [withdraw('w1', '05T09:00:00'), grant('g1', '05T09:00:00')], '10T12:00:00',
      { status: 'active', since: t('05T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
    ['same instant, seq says the withdrawal came last', [withdraw('w1', '05T09:00:00', { seq: 8 }), grant('g1', '05T09:00:00', undefined, { seq: 7 })], '10T12:00:00',
      { status: 'withdrawn', since: t('05T09:00:00'), withdrawRecordId: 'w1' }],
    ['same instant, seq says the grant came last', [grant('g1', '05T09:00:00', undefined, { seq: 9 }), withdraw('w1', '05T09:00:00', { seq: 8 })], '10T12:00:00',
      { status: 'active', since: t('05T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
    ['time outranks seq', [grant('g1', '06T09:00:00', undefined, { seq: 1 }), withdraw('w1', '05T09:00:00', { seq: 2 })], '10T12:00:00',
      { status: 'active', since: t('06T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
    ['events for another purpose only', [grant('g1', '01T09:00:00', undefined, { purpose: 'analytics' })], '10T12:00:00',
      { status: 'missing', since: null }],
    ['a withdrawal for another purpose', [grant('g1', '01T09:00:00'), withdraw('w1', '05T09:00:00', { purpose: 'analytics' })], '10T12:00:00',
      { status: 'active', since: t('01T09:00:00'), grantRecordId: 'g1', expiresAt: null }],
  ])('%s', (_case, events, at, expected) => {
    expect(consentState(events, 'marketing', t(at))).toEqual(expected);
  });

  it('does not depend on the order of the array when times differ', () => {
    const events = [grant('g1', '01T09:00:00'), withdraw('w1', '03T09:00:00'), grant('g2', '04T09:00:00', '08T00:00:00'), withdraw('w2', '09T09:00:00')];
    const expected = consentState(events, 'marketing', t('07T00:00:00'));
    expect(expected).toMatchObject({ status: 'active', grantRecordId: 'g2' });
    for (const order of [[3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]]) {
      expect(consentState(order.map((i) => events[i]), 'marketing', t('07T00:00:00'))).toEqual(expected);
    }
  });

  it('refuses events of two subjects for one purpose', () => {
    expect(() => consentState([grant('g1', '01T09:00:00'), grant('g2', '02T09:00:00', undefined, { subject: 'psn_other' })], 'marketing', t('10T00:00:00')))
      .toThrow(/2 subjects/);
  });

  it('refuses a mix of sequenced and unsequenced events', () => {
    expect(() => consentState([grant('g1', '01T09:00:00', undefined, { seq: 1 }), withdraw('w1', '02T09:00:00')], 'marketing', t('10T00:00:00')))
      .toThrow(/seq/);
  });
});

describe('latestConsentState', () => {
  it('holds a consent stamped by a clock ahead of this one, and judges expiry at the later time', () => {
    const now = t('10T12:00:00.000');
    expect(latestConsentState(grant('r1', '10T12:00:00.250'), 'marketing', now)).toMatchObject({ status: 'active', grantRecordId: 'r1' });
    expect(latestConsentState(withdraw('r2', '10T12:00:00.250'), 'marketing', now)).toMatchObject({ status: 'withdrawn' });
    expect(latestConsentState(grant('r3', '10T11:00:00.000', '10T11:30:00.000'), 'marketing', now)).toMatchObject({ status: 'expired' });
    expect(latestConsentState(null, 'marketing', now)).toEqual({ status: 'missing', since: null });
  });
});

describe('checkConsent', () => {
  const active: ConsentState = { status: 'active', since: t('01T00:00:00'), grantRecordId: 'g1', expiresAt: null };
  const withdrawn: ConsentState = { status: 'withdrawn', since: t('05T00:00:00'), withdrawRecordId: 'w1' };
  const expired: ConsentState = { status: 'expired', since: t('06T00:00:00'), grantRecordId: 'g1' };
  const missing: ConsentState = { status: 'missing', since: null };
  const onConsent = { id: 'marketing', lawfulBasis: 'consent' as const };

  it.each([
    ['active', active, { ok: true, purpose: 'marketing', basis: 'consent', grantRecordId: 'g1' }],
    ['missing', missing, { ok: false, purpose: 'marketing', code: 'CONSENT_MISSING', rule: CONSENT_RULE, since: null }],
    ['withdrawn', withdrawn, { ok: false, purpose: 'marketing', code: 'CONSENT_WITHDRAWN', rule: CONSENT_RULE, since: t('05T00:00:00') }],
    ['expired', expired, { ok: false, purpose: 'marketing', code: 'CONSENT_EXPIRED', rule: CONSENT_RULE, since: t('06T00:00:00') }],
  ])('a purpose on consent with consent %s', (_status, state, expected) => {
    expect(checkConsent(onConsent, state)).toEqual(expected);
  });

  const otherBases = LAWFUL_BASES.filter((basis) => basis !== 'consent');
  it.each(otherBases.flatMap((basis) => [missing, withdrawn, expired, active].map((state) => [basis, state.status, state] as const)))(
    'a purpose on %s passes with consent %s and records its basis',
    (lawfulBasis, _status, state) => {
      expect(checkConsent({ id: 'fraud-prevention', lawfulBasis }, state)).toEqual({ ok: true, purpose: 'fraud-prevention', basis: lawfulBasis });
    },
  );

  it('blocks the very next call after a withdrawal recorded in the same millisecond', () => {
    const at = t('05T09:00:00');
    const state = consentState([grant('g1', '01T09:00:00'), withdraw('w1', '05T09:00:00')], 'marketing', at);
    expect(checkConsent(onConsent, state)).toMatchObject({ ok: false, code: 'CONSENT_WITHDRAWN' });
  });
});
