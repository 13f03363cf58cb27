import { KNOWN_LICENSES } from './license-catalog.js';
import { checkLicense, termsFor, validateLicense, type LicenseTerms, type LicenseUse } from './license-rules.js';
import { COUNTRY_CODES, EU_MEMBER_STATES, territoryOf, withinTerritories } from './territories.js';

const now = new Date('2026-11-22T12:00:00Z');
const use = (over: Partial<LicenseUse> = {}): LicenseUse => ({ purpose: 'credit-scoring', jurisdiction: 'DE', commercial: true, now, ...over });

const rail: LicenseTerms = {
  spdxId: 'OpenRAIL-M',
  commercialUse: true,
  forbiddenPurposes: ['medical-advice', 'law-enforcement'],
  territories: ['EU', 'CH'],
  attribution: 'Contains the Acme base model © Acme Labs',
  expiresAt: new Date('2027-01-01T00:00:00Z'),
};

describe('checkLicense', () => {
  it.each([
    ['allowed', rail, use(), { ok: true, attribution: 'Contains the Acme base model © Acme Labs' }],
    ['a forbidden purpose', rail, use({ purpose: 'medical-advice' }), { code: 'LICENSE_PURPOSE_FORBIDDEN', rule: 'forbiddenPurposes:medical-advice' }],
    ['a purpose outside the allow-list', { commercialUse: true, allowedPurposes: ['fraud-prevention'] }, use(), { code: 'LICENSE_PURPOSE_FORBIDDEN', rule: 'allowedPurposes' }],
    ['a purpose on the allow-list', { commercialUse: true, allowedPurposes: ['credit-scoring'] }, use(), { ok: true, attribution: null }],
    ['outside the territories', rail, use({ jurisdiction: 'US' }), { code: 'LICENSE_TERRITORY', rule: 'territories' }],
    ['a listed non-EU country', rail, use({ jurisdiction: 'CH' }), { ok: true }],
    ['an EU outermost region', rail, use({ jurisdiction: 're' }), { ok: true }],
    ['the EU as a whole when it is granted', rail, use({ jurisdiction: 'EU' }), { ok: true }],
    ['the EU as a whole when only part is granted', { commercialUse: true, territories: ['FR', 'DE'] }, use({ jurisdiction: 'EU' }), { code: 'LICENSE_TERRITORY' }],
    ['an unknown jurisdiction under territories', rail, use({ jurisdiction: null }), { code: 'LICENSE_TERRITORY', message: expect.stringMatching(/unknown/) }],
    ['a made-up jurisdiction', rail, use({ jurisdiction: 'UK' }), { code: 'LICENSE_TERRITORY', message: expect.stringMatching(/unknown/) }],
    ['an unknown jurisdiction with no territories', { commercialUse: true }, use({ jurisdiction: undefined }), { ok: true }],
    ['expired', rail, use({ now: new Date('2027-01-01T00:00:00Z') }), { code: 'LICENSE_EXPIRED', rule: 'expiresAt' }],
    ['a moment before expiry', rail, use({ now: new Date('2026-12-31T23:59:59.999Z') }), { ok: true }],
    ['commercial use of a non-commercial licence', termsFor('CC-BY-NC-4.0'), use(), { code: 'LICENSE_NON_COMMERCIAL', rule: 'commercialUse', message: expect.stringMatching(/CC-BY-NC-4.0/) }],
    ['non-commercial use of a non-commercial licence', termsFor('CC-BY-NC-4.0'), use({ commercial: false }), { ok: true }],
  ])('%s', (_name, terms, request, expected) => {
    const decision: Record<string, unknown> = expected;
    expect(checkLicense(terms as LicenseTerms, request)).toMatchObject(decision.ok === true ? decision : { ok: false, ...decision });
  });

  it('reports the first failing term in a fixed order: expiry, territory, commercial use, purpose', () => {
    const strict: LicenseTerms = { ...rail, commercialUse: false, spdxId: null };
    const everythingWrong = use({ purpose: 'medical-advice', jurisdiction: 'US', now: new Date('2030-01-01T00:00:00Z') });
    expect(checkLicense(strict, everythingWrong)).toMatchObject({ code: 'LICENSE_EXPIRED' });
    expect(checkLicense({ ...strict, expiresAt: null }, everythingWrong)).toMatchObject({ code: 'LICENSE_TERRITORY' });
    expect(checkLicense({ ...strict, expiresAt: null, territories: null }, everythingWrong)).toMatchObject({ code: 'LICENSE_NON_COMMERCIAL' });
    expect(checkLicense({ ...strict, expiresAt: null, territories: null, commercialUse: true }, everythingWrong)).toMatchObject({
      code: 'LICENSE_PURPOSE_FORBIDDEN',
    });
  });
});

describe('validateLicense', () => {
  it.each([
    [rail, []],
    [{ spdxId: 'LicenseRef-Acme-Model-1.0', commercialUse: false }, []],
    [{ spdxId: 'MIT OR Apache', commercialUse: true }, [/neither an SPDX identifier/]],
    [{ spdxId: 'CC-BY-NC-4.0', commercialUse: true }, [/does not allow commercial use; commercialUse must be false/]],
    [{ spdxId: 'OpenRAIL-M', commercialUse: true }, [/restricts uses: list them as forbiddenPurposes/]],
    [{ spdxId: 'cc-by-nc-4.0', commercialUse: true }, [/CC-BY-NC-4.0 does not allow commercial use; commercialUse must be false/]],
    [{ spdxId: 'openrail-m', commercialUse: true }, [/OpenRAIL-M restricts uses/]],
    [{ spdxId: 'LicenseRef-OpenRAIL-M', commercialUse: true }, [/OpenRAIL-M restricts uses/]],
    [{ spdxId: 'LicenseRef-MIT', commercialUse: false }, []],
    [{ commercialUse: 'yes' }, [/commercialUse must be true or false/]],
    [{ commercialUse: true, allowedPurposes: ['a', 'b'], forbiddenPurposes: ['b', ' c', 'c', 'c'] }, [/c" is not a purpose/, /c is listed twice/, /b is both allowed and forbidden/]],
    [{ commercialUse: true, allowedPurposes: [] }, [/allowedPurposes is empty/]],
    [{ commercialUse: true, territories: ['DE', 'UK', 'de'] }, [/territory UK/, /territory de/]],
    [{ commercialUse: true, territories: [] }, [/territories is empty/]],
    [{ commercialUse: true, territories: ['US', 'EU', 'US', 'EU'] }, [/territory US is listed twice/, /territory EU is listed twice/]],
    [{ commercialUse: true, expiresAt: new Date('nope') }, [/expiresAt must be a valid date/]],
    [{ commercialUse: true, attribution: '  ' }, [/attribution must be non-empty/]],
  ])('%j has problems %p', (terms, expected) => {
    const problems = validateLicense(terms as LicenseTerms);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
  });

  it.each([
    ['an expiry already past', '2026-11-22T11:59:59Z', [/expiresAt 2026-11-22T11:59:59.000Z is not in the future/]],
    ['an expiry at this very instant', '2026-11-22T12:00:00Z', [/not in the future/]],
    ['an expiry still to come', '2026-11-22T12:00:01Z', []],
  ])('refuses %s when told the time', (_, expiresAt, expected) => {
    const problems = validateLicense({ commercialUse: true, expiresAt: new Date(expiresAt) }, new Date('2026-11-22T12:00:00Z'));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
  });
});

describe('licence catalog and territories', () => {
  it.each([
    ['MIT', true],
    ['Apache-2.0', true],
    ['CC-BY-4.0', true],
    ['CC-BY-NC-4.0', false],
    ['CC-BY-NC-SA-4.0', false],
    ['OpenRAIL-M', true],
  ])('%s allows commercial use: %p', (id, commercial) => {
    expect(KNOWN_LICENSES.get(id)?.commercialUse).toBe(commercial);
    expect(termsFor(id).commercialUse).toBe(commercial);
  });

  it('marks the RAIL family as use-restricted and off the SPDX list', () => {
    const rails = [...KNOWN_LICENSES.values()].filter((l) => l.useRestrictions);
    expect(rails.map((l) => l.id)).toEqual(['OpenRAIL-M', 'CreativeML-OpenRAIL-M', 'BigScience-OpenRAIL-M', 'BigScience-BLOOM-RAIL-1.0']);
    expect(rails.every((l) => !l.spdxListed)).toBe(true);
    expect(() => termsFor('WTFPL')).toThrow(/not a catalogued licence/);
  });

  it('knows the 249 ISO 3166-1 alpha-2 codes and the 27 EU member states', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(EU_MEMBER_STATES.every((c) => COUNTRY_CODES.has(c))).toBe(true);
    const names = new Intl.DisplayNames('en', { type: 'region' });
    expect([...COUNTRY_CODES].filter((c) => names.of(c) === c)).toEqual([]);
  });

  it.each([
    ['FR', ['EU'], true],
    ['AX', ['EU'], true],
    ['NO', ['EU'], false],
    ['GB', ['EU', 'GB'], true],
    ['EU', EU_MEMBER_STATES, false],
    ['EU', ['EU'], true],
    ['XK', ['XK'], false],
  ])('%s is within %j: %p', (jurisdiction, territories, expected) => {
    expect(withinTerritories(jurisdiction, territories)).toBe(expected);
  });

  it.each([
    ['DE', 'DE'],
    ['EU', 'EU'],
    ['US-CA', 'US'],
    ['FR-75', 'FR'],
    ['us-pr', 'PR'],
    ['US-VI', 'VI'],
    ['NL-AW', 'AW'],
    ['NL-BQ2', 'BQ'],
    ['FR-971', 'GP'],
    ['FR-PF', 'PF'],
    ['FI-01', 'AX'],
    ['CN-HK', 'HK'],
    ['NO-21', 'SJ'],
  ])('the jurisdiction %s is judged as %s', (jurisdiction, territory) => {
    expect(territoryOf(jurisdiction)).toBe(territory);
    expect(territory === 'EU' || COUNTRY_CODES.has(territory)).toBe(true);
  });
});
