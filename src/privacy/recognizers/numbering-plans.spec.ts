import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, Metadata, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';
import { samplePii } from '../../../bench/pii-corpus.js';
import { checkNumber } from './numbering-plans.js';

/** libphonenumber-js's own verdict, the reference `checkNumber` must match exactly. */
function reference(raw: string, region?: CountryCode) {
  const number = region ? parsePhoneNumberFromString(raw, region, metadata) : parsePhoneNumberFromString(raw, metadata);
  return number ? { valid: number.isValid(), possible: number.isPossible() } : undefined;
}

// The phone recognizer's regions, regions that share a calling code with them, and some further afield.
const REGIONS: CountryCode[] = [
  'GB', 'DE', 'FR', 'NL', 'IT', 'BE', 'AT', 'CH', 'IE', 'SE', 'FI', 'PL', 'AU', 'US', 'CA', 'ES', 'PT', 'DK', 'NO', 'GR',
  'LU', 'JE', 'GG', 'IM', 'VA', 'SM', 'AX', 'SJ', 'BR', 'AR', 'MX', 'CO', 'IN', 'RU', 'KZ', 'CN', 'JP', 'ZA', 'NG',
];
const runs = { numRuns: 3000, seed: Number(process.env.FC_SEED ?? 20251122) };

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 2, maxLength: 18 });
/** A digit string written as people do: bare, with a plus or a dialling prefix, grouped, bracketed. */
const written = fc
  .tuple(digits, fc.constantFrom('', '+', '0', '00', '011', '+ ', '+44 (0)'), fc.constantFrom('', ' ', '-', '.', '/'), fc.boolean())
  .map(([d, prefix, separator, bracket]) => {
    const grouped = separator ? d.replace(/(\d{3})(?=\d)/g, `$1${separator}`) : d;
    return bracket && d.length > 6 ? `${prefix}(${grouped.slice(0, 3)}) ${grouped.slice(3)}` : `${prefix}${grouped}`;
  });
const region = fc.option(fc.constantFrom(...REGIONS), { nil: undefined });

/** Every region's example mobile number, its national prefix and calling code. */
const ALL_REGIONS = Object.keys(examples) as CountryCode[];
function nationalPrefix(r: CountryCode): string {
  const plans = new Metadata(metadata) as unknown as { selectNumberingPlan(r: string): void; numberingPlan: { nationalPrefix(): string | undefined } };
  plans.selectNumberingPlan(r);
  return plans.numberingPlan.nationalPrefix() ?? '';
}
/** Near misses of real numbers: with and without prefixes, a digit changed, added or dropped. */
const nearRealNumber = fc
  .tuple(fc.constantFrom(...ALL_REGIONS), fc.nat(9), fc.nat(30), fc.constantFrom('national', 'prefixed', 'calling code', 'plus'), fc.constantFrom('same', 'changed', 'longer', 'shorter'))
  .map(([r, digit, at, form, edit]) => {
    let n: string = (examples as Record<string, string>)[r];
    const i = at % n.length;
    if (edit === 'changed') n = n.slice(0, i) + String(digit) + n.slice(i + 1);
    if (edit === 'longer') n = n.slice(0, i) + String(digit) + n.slice(i);
    if (edit === 'shorter') n = n.slice(0, i) + n.slice(i + 1);
    const cc = getCountryCallingCode(r, metadata);
    const raw = form === 'prefixed' ? nationalPrefix(r) + n : form === 'calling code' ? cc + n : form === 'plus' ? `+${cc} ${n}` : n;
    return { raw, region: r };
  });

describe('checkNumber', () => {
  it('agrees with libphonenumber-js on near misses of every region\'s numbers', () => {
    fc.assert(
      fc.property(nearRealNumber, region, ({ raw, region: home }, other) => {
        expect(checkNumber(raw, home)).toEqual(reference(raw, home));
        expect(checkNumber(raw, other)).toEqual(reference(raw, other));
      }),
      { ...runs, numRuns: 6000 },
    );
  });

  it('agrees where national prefixes and carrier codes are taken off (or left on) in every region', () => {
    const afterPrefix = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 4, maxLength: 13 });
    fc.assert(
      fc.property(fc.constantFrom(...ALL_REGIONS), fc.constantFrom('', '0', '1', '8', '9', '90', '01', '06'), afterPrefix, (r, extra, rest) => {
        const raw = nationalPrefix(r) + extra + rest;
        expect(checkNumber(raw, r)).toEqual(reference(raw, r));
      }),
      { ...runs, numRuns: 6000 },
    );
  });

  it('agrees with libphonenumber-js on arbitrary dialable strings in any region', () => {
    fc.assert(
      fc.property(written, region, (raw, r) => {
        expect(checkNumber(raw, r)).toEqual(reference(raw, r));
      }),
      runs,
    );
  });

  it.each(['en', 'en_GB', 'de', 'fr', 'es', 'nl', 'it'])('agrees on real %s numbers, nationally and internationally', (locale) => {
    for (let seed = 1; seed <= 40; seed++) {
      const raw = samplePii('PHONE', seed, locale);
      for (const r of [undefined, ...REGIONS.slice(0, 16)]) expect(checkNumber(raw, r)).toEqual(reference(raw, r));
    }
  });

  it.each<[string, CountryCode | undefined, { valid: boolean; possible: boolean } | undefined]>([
    ['+44 20 7946 0958', undefined, { valid: true, possible: true }],
    ['020 7946 0958', 'GB', { valid: true, possible: true }],
    ['+44 (0)20 7946 0958', undefined, { valid: true, possible: true }],
    ['0044 20 7946 0958', 'DE', { valid: true, possible: true }], // the international prefix of the region
    ['(212) 123-4567', 'US', { valid: false, possible: true }], // no exchange code starts with 1
    ['9000 9004 96', 'BR', { valid: true, possible: true }], // "90" would be a carrier prefix, but the whole is a number
    ['020 7946 0958', undefined, undefined], // national, but no region to read it in
    ['+0 123 456', undefined, undefined],
  ])('%p in %p', (raw, r, expected) => {
    expect(checkNumber(raw, r)).toEqual(expected);
    expect(reference(raw, r)).toEqual(expected);
  });
});
