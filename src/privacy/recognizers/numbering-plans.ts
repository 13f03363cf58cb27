import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';

/**
 * Phone number validation with the numbering plans of libphonenumber-js ("max" metadata), following
 * its `parsePhoneNumberFromString(…).isValid()` / `.isPossible()` step for step, with every pattern
 * compiled once. libphonenumber-js builds a new RegExp from the (often kilobyte-long) plan patterns
 * on every check, which made it the analyzer's single largest cost; `numbering-plans.spec.ts` holds
 * this module to libphonenumber-js's own verdicts.
 */

export interface NumberCheck {
  /** Within the plan's number ranges for some number type (libphonenumber's `isValid`). */
  valid: boolean;
  /** Of a length the plan allows (libphonenumber's `isPossible`). */
  possible: boolean;
}

interface TypePlan {
  pattern: RegExp;
  lengths?: readonly number[];
}

interface Plan {
  callingCode: string;
  /** Anchored at the start: the international dialling prefix. */
  idd?: RegExp;
  /** Anchored at both ends. */
  nationalNumber: RegExp;
  possibleLengths?: readonly number[];
  /** Anchored at the start: what a national prefix (and carrier code) looks like when parsing. */
  prefixForParsing?: RegExp;
  transformRule?: string;
  /** Anchored at the start: the leading digits that tell this region from others sharing its calling code. */
  leadingDigits?: RegExp;
  /** The number types' patterns (fixed line, mobile, toll free …); undefined when the plan lists none. */
  types?: readonly TypePlan[];
}

const MIN_LENGTH_FOR_NSN = 2;
const MAX_LENGTH_FOR_NSN = 17;
const MAX_LENGTH_COUNTRY_CODE = 3;
const MAX_INPUT_LENGTH = 250;
const TYPE_NAMES = [
  'FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL',
] as const;

/** The parts of libphonenumber-js's Metadata class used here (its type declarations omit some). */
interface Plans {
  selectNumberingPlan(regionOrCallingCode: string): void;
  numberingPlan: unknown;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  hasCallingCode(callingCode: string): boolean | undefined;
}

const META = new Metadata(metadata) as unknown as Plans;
const plans = new Map<string, Plan>();

interface RawPlan {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/** The plan of a region ("GB") or, for a calling code ("44"), of the region it belongs to first. */
function planFor(regionOrCallingCode: string): Plan {
  let plan = plans.get(regionOrCallingCode);
  if (plan) return plan;
  const selector = new Metadata(metadata) as unknown as Plans;
  selector.selectNumberingPlan(regionOrCallingCode);
  const raw = selector.numberingPlan as RawPlan;
  const idd = raw.IDDPrefix();
  const prefix = raw.nationalPrefixForParsing();
  const leading = raw.leadingDigits();
  plan = {
    callingCode: raw.callingCode(),
    idd: idd ? new RegExp(`^(?:${idd})`) : undefined,
    nationalNumber: new RegExp(`^(?:${raw.nationalNumberPattern()})$`),
    possibleLengths: raw.possibleLengths(),
    prefixForParsing: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    transformRule: raw.nationalPrefixTransformRule(),
    leadingDigits: leading ? new RegExp(`^(?:${leading})`) : undefined,
    types: raw.hasTypes()
      ? TYPE_NAMES.flatMap((name) => {
          const type = raw.type(name);
          const pattern = type?.pattern();
          return type && pattern ? [{ pattern: new RegExp(`^(?:${pattern})$`), lengths: type.possibleLengths() }] : [];
        })
      : undefined,
  };
  plans.set(regionOrCallingCode, plan);
  return plan;
}

type Length = 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH';

function checkLength(length: number, lengths: readonly number[] | undefined): Length {
  if (!lengths) return 'IS_POSSIBLE';
  if (lengths[0] === length) return 'IS_POSSIBLE';
  if (lengths[0] > length) return 'TOO_SHORT';
  if (lengths[lengths.length - 1] < length) return 'TOO_LONG';
  return lengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** Regions sharing a calling code ("1": US, CA, …), or undefined for a calling code of no region. */
function regionsOf(callingCode: string): readonly string[] | undefined {
  return META.getCountryCodesForCallingCode(callingCode);
}

function hasType(national: string, plan: Plan): boolean {
  if (!plan.nationalNumber.test(national)) return false;
  for (const type of plan.types ?? []) {
    const lengths = type.lengths ?? plan.possibleLengths;
    if (lengths && !lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/** Which region of a shared calling code a national number belongs to. */
function regionByCallingCode(callingCode: string, national: string): string | undefined {
  const regions = regionsOf(callingCode);
  if (!regions) return undefined;
  if (regions.length === 1) return regions[0];
  for (const region of regions) {
    const plan = planFor(region);
    if (plan.leadingDigits) {
      if (national && plan.leadingDigits.test(national)) return region;
    } else if (plan.types && hasType(national, plan)) {
      return region;
    }
  }
  return undefined;
}

/** The national significant number: the national prefix (and carrier code) taken off when the plan says so. */
function nationalSignificant(number: string, plan: Plan): string {
  if (!number || !plan.prefixForParsing) return number;
  const m = plan.prefixForParsing.exec(number);
  if (!m) return number;
  const groups = m.length - 1;
  const captured = groups > 0 && !!m[groups];
  const national = plan.transformRule && captured ? number.replace(plan.prefixForParsing, plan.transformRule) : number.slice(m[0].length);
  if (national === number) return number;
  if (plan.nationalNumber.test(number) && !plan.nationalNumber.test(national)) return number;
  if (plan.possibleLengths) {
    const region = regionByCallingCode(plan.callingCode, national);
    const length = checkLength(national.length, region ? planFor(region).possibleLengths : plan.possibleLengths);
    if (length === 'TOO_SHORT' || length === 'INVALID_LENGTH') return number;
  }
  return national;
}

/** "+" and the digits of a dialable string, as libphonenumber reads it. */
function digitsOf(raw: string): string {
  let out = '';
  let started = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += raw[i];
      started = true;
    } else if (c === 43 && !started) {
      // Only a plus in front counts: it is where the number starts.
      out = '+';
      started = true;
    }
  }
  return out;
}

/** libphonenumber's test for something worth parsing, for input of digits and dialling punctuation. */
function viable(raw: string, number: string): boolean {
  const digits = number[0] === '+' ? number.length - 1 : number.length;
  return digits >= 3 || (digits === 2 && /^\s*\d\d\s*$/.test(raw) && !raw.includes('+'));
}

/**
 * Checks a written phone number ("+44 20 7946 0958", "(555) 123-4567") against the numbering plans:
 * international when it starts with "+", otherwise as dialled within `region`. Undefined when it is
 * not a phone number at all (no plan, a national number without a region, too short or too long).
 * Input is digits with `+`, spaces, `.`, `-`, `/` and brackets, as the phone recognizer proposes.
 */
export function checkNumber(raw: string, region?: CountryCode): NumberCheck | undefined {
  if (raw.length > MAX_INPUT_LENGTH) return undefined;
  let number = digitsOf(raw);
  if (!viable(raw, number)) return undefined;
  let callingCode: string | undefined;
  let country: string | undefined;

  if (number[0] !== '+') {
    if (!region) return undefined;
    const home = planFor(region);
    // Dialled with the region's international prefix ("00 44 …" in Europe, "011 44 …" in the US).
    const idd = home.idd?.exec(number);
    const rest = idd ? number.slice(idd[0].length) : number;
    if (idd && rest !== '' && rest[0] !== '0' && rest !== number) {
      number = `+${rest}`;
    } else {
      // The region's calling code written without a plus ("4420 7946 0958").
      if (number.startsWith(home.callingCode)) {
        const shorter = number.slice(home.callingCode.length);
        const shorterNational = nationalSignificant(shorter, home);
        const national = nationalSignificant(number, home);
        if (
          (!home.nationalNumber.test(national) && home.nationalNumber.test(shorterNational)) ||
          checkLength(national.length, home.possibleLengths) === 'TOO_LONG'
        ) {
          callingCode = home.callingCode;
          number = shorter;
        }
      }
      if (callingCode === undefined) {
        country = region;
        callingCode = home.callingCode;
      }
    }
  }
  if (number[0] === '+') {
    if (number[1] === '0') return undefined;
    for (let i = 2; i - 1 <= MAX_LENGTH_COUNTRY_CODE && i <= number.length; i++) {
      const code = number.slice(1, i);
      if (META.hasCallingCode(code)) {
        callingCode = code;
        number = number.slice(i);
        break;
      }
    }
    if (number[0] === '+') return undefined;
  }
  if (!number || callingCode === undefined) return undefined;

  const national = nationalSignificant(number, country ? planFor(country) : planFor(callingCode));
  country = regionByCallingCode(callingCode, national) ?? country;
  if (national.length < MIN_LENGTH_FOR_NSN || national.length > MAX_LENGTH_FOR_NSN) return undefined;

  const plan = planFor(country ?? callingCode);
  const valid = plan.types ? hasType(national, plan) : plan.nationalNumber.test(national);
  const possible = plan.possibleLengths ? checkLength(national.length, plan.possibleLengths) === 'IS_POSSIBLE' : true;
  return { valid, possible };
}
