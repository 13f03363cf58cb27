import type { ConsentState } from './consent-rules.js';
import type { LawfulBasis } from './lawful-basis.js';
import { fairnessBasis, fairnessBasisInForce, pickProtected, protectedAttributeProblems, protectedAttributesExpiry, type FairnessBasis } from './protected-attributes.js';

const NAMES = ['sex', 'ageBand', 'ethnicity'];
const at = (iso: string) => new Date(`2026-03-${iso}Z`);

describe('pickProtected', () => {
  it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>]>([
    ['no attributes', undefined, {}],
    ['only listed names', { sex: 'female', income: 40000, ageBand: '35-44' }, { sex: 'female', ageBand: '35-44' }],
    ['scalars of every kind', { sex: 'male', ageBand: 3, ethnicity: false }, { sex: 'male', ageBand: 3, ethnicity: false }],
    ['null and nested values left out', { sex: null, ageBand: { from: 35 }, ethnicity: ['a'] }, {}],
    ['names compared exactly', { Sex: 'female', AGEBAND: '35-44' }, {}],
  ])('%s', (_, attributes, expected) => {
    expect(pickProtected(attributes, NAMES)).toEqual(expected);
  });
});

describe('protectedAttributeProblems', () => {
  it.each<[string, Record<string, unknown>, { field: string; rule: string }[]]>([
    ['sound attributes', { sex: 'female', ageBand: '35-44' }, []],
    ['nothing to store', {}, [{ field: 'attributes', rule: 'notEmpty' }]],
    ['a name not on the list', { sex: 'female', income: 4 }, [{ field: 'attributes.income', rule: 'protectedAttribute' }]],
    ['an empty string', { sex: '  ' }, [{ field: 'attributes.sex', rule: 'length' }]],
    ['a long string', { sex: 'x'.repeat(101) }, [{ field: 'attributes.sex', rule: 'length' }]],
    ['a nested value', { ethnicity: { a: 1 } }, [{ field: 'attributes.ethnicity', rule: 'scalar' }]],
    ['null', { ethnicity: null }, [{ field: 'attributes.ethnicity', rule: 'scalar' }]],
    ['an infinite number', { ageBand: Infinity }, [{ field: 'attributes.ageBand', rule: 'scalar' }]],
  ])('%s', (_, attributes, expected) => {
    expect(protectedAttributeProblems(attributes, NAMES).map(({ field, rule }) => ({ field, rule }))).toEqual(expected);
  });
});

describe('fairnessBasis', () => {
  const active = (expiresAt: Date | null): ConsentState => ({ status: 'active', since: at('01T00:00:00'), grantRecordId: 'g1', expiresAt });
  it.each<[string, LawfulBasis, LawfulBasis | null, ConsentState, FairnessBasis]>([
    ['active consent', 'consent', null, active(null), { ok: true, basis: 'consent', expiresAt: null }],
    ['active consent with an expiry', 'consent', null, active(at('20T00:00:00')), { ok: true, basis: 'consent', expiresAt: at('20T00:00:00') }],
    ['no consent', 'consent', null, { status: 'missing', since: null }, { ok: false, code: 'CONSENT_MISSING' }],
    ['withdrawn consent', 'consent', null, { status: 'withdrawn', since: at('02T00:00:00'), withdrawRecordId: 'w1' }, { ok: false, code: 'CONSENT_WITHDRAWN' }],
    ['expired consent', 'consent', null, { status: 'expired', since: at('02T00:00:00'), grantRecordId: 'g1' }, { ok: false, code: 'CONSENT_EXPIRED' }],
    ['a basis the tenant declared, without consent', 'consent', 'legal_obligation', { status: 'missing', since: null }, { ok: true, basis: 'legal_obligation', expiresAt: null }],
    ['a declared basis wins over a withdrawal', 'consent', 'public_task', { status: 'withdrawn', since: at('02T00:00:00'), withdrawRecordId: 'w1' }, { ok: true, basis: 'public_task', expiresAt: null }],
    ['a purpose defined on another basis', 'legitimate_interests', null, { status: 'missing', since: null }, { ok: true, basis: 'legitimate_interests', expiresAt: null }],
  ])('%s', (_, purposeBasis, declared, state, expected) => {
    expect(fairnessBasis({ lawfulBasis: purposeBasis }, declared, state)).toEqual(expected);
  });
});

describe('fairnessBasisInForce', () => {
  it.each<[string, LawfulBasis, LawfulBasis | null, LawfulBasis]>([
    ['nothing declared', 'consent', null, 'consent'],
    ['a declared basis', 'consent', 'legal_obligation', 'legal_obligation'],
    ['consent declared, which is no declaration', 'consent', 'consent', 'consent'],
    ['a purpose defined on another basis', 'legitimate_interests', null, 'legitimate_interests'],
    ['a declared basis over the purpose’s own', 'legitimate_interests', 'public_task', 'public_task'],
  ])('%s', (_, purposeBasis, declared, expected) => {
    expect(fairnessBasisInForce({ lawfulBasis: purposeBasis }, declared)).toBe(expected);
  });
});

describe('protectedAttributesExpiry', () => {
  it.each<[string, number, Date | null, Date]>([
    ['the retention end', 30, null, at('31T00:00:00')],
    ['a consent that ends first', 30, at('10T00:00:00'), at('10T00:00:00')],
    ['a consent that ends later', 5, at('10T00:00:00'), at('06T00:00:00')],
    ['no retention at all', 0, null, at('01T00:00:00')],
  ])('%s', (_, days, consentExpiry, expected) => {
    expect(protectedAttributesExpiry(at('01T00:00:00'), days, consentExpiry)).toEqual(expected);
  });
});
