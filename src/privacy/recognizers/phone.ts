import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.max.json';
import { type Finding, type Recognizer, type TextStats, firstNumberStart, finding } from '../entities.js';
import { isDigit } from './characters.js';
import { checkNumber } from './numbering-plans.js';

/**
 * Phone numbers under the full numbering plans of libphonenumber-js ("max" metadata: exact number
 * ranges, not just lengths). A cheap pattern proposes digit runs; the numbering plan decides.
 */

// Han, kana and hangul run straight into the numbers written among them (電話は090-…): they do not glue to a number.
const LETTER_OR_DIGIT = /(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}]/u;

function isLetterOrDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER_OR_DIGIT.test(text[i]);
}

/**
 * A colon after a word ("Phone:090…", "Tel:+44…", "電話：…" read as ":") ends a label rather than
 * joining the number to it, as it does in a time (10:30).
 */
const isLabelColon = (text: string, i: number): boolean => text.charCodeAt(i) === 58 && i > 0 && !isDigit(text.charCodeAt(i - 1)) && text.charCodeAt(i - 1) !== 58;

/**
 * A dash after a word, a space or nothing ("call-+49…", "Tel—030…", read with the dash as '-') sets the
 * number at i + 1 off, as a label's colon does; after a digit it joins it to the number before (2019-2020).
 * After a code in capitals ("CS-2024-12345", "INC-…") it joins digits to the code: an identifier, not a
 * number to dial. A "+" is never part of an identifier.
 */
function isLeadingDash(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45) return false;
  if (i === 0 || /\s/.test(text[i - 1])) return true;
  if (!/\p{L}/u.test(text[i - 1])) return false;
  return text.charCodeAt(i + 1) === 43 || !isCapitalsCode(text, i);
}

/** Whether the word ending at `end` is ASCII capitals only, as the prefixes of tickets and part numbers are. */
function isCapitalsCode(text: string, end: number): boolean {
  let k = end;
  while (k > 0 && text.charCodeAt(k - 1) >= 65 && text.charCodeAt(k - 1) <= 90) k--;
  return k < end && (k === 0 || !/\p{L}/u.test(text[k - 1]));
}

/** `+ . , : - / _` before a digit join it to what comes before. */
const isLeftJoiner = (c: number) => c === 43 || c === 46 || c === 44 || c === 58 || c === 45 || c === 47 || c === 95;
/** Space, `.`, `-` or `/` between two digit groups. */
const isSeparator = (c: number) => c === 32 || c === 46 || c === 45 || c === 47;

function countDigits(text: string, start: number, end: number): number {
  let digits = 0;
  for (let k = start; k < end; k++) if (isDigit(text.charCodeAt(k))) digits++;
  return digits;
}

function isGlued(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const next = text[end];
  const c = next.charCodeAt(0);
  const joiner = c === 46 || c === 44 || c === 58 || c === 45 || c === 47;
  return isLetterOrDigit(text, end) || (joiner && end + 1 < text.length && isDigit(text.charCodeAt(end + 1)));
}

/** Where the second digit group of text[start, end) begins, or `start` if there is only one. */
function nextGroupStart(text: string, start: number, end: number): number {
  let k = start;
  while (k < end && !isDigit(text.charCodeAt(k))) k++;
  while (k < end && isDigit(text.charCodeAt(k))) k++;
  while (k < end && !isDigit(text.charCodeAt(k)) && text[k] !== '(') k++;
  return k < end ? k : start;
}

/** The end of the digit group before the last one in text[start, end), or `start` if there is none. */
function lastGroupEnd(text: string, start: number, end: number): number {
  let k = end;
  while (k > start && isDigit(text.charCodeAt(k - 1))) k--;
  while (k > start && !isDigit(text.charCodeAt(k - 1))) k--;
  return k;
}

/**
 * Runs of digits that could be dialled: an optional `+`, digits in groups split by single spaces,
 * dots, dashes or slashes, parenthesised area codes; not glued to letters or to other numbers.
 * A hand-written scanner, several times cheaper than the equivalent regular expression.
 */
export function phoneCandidates(text: string, from = 0): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) && c !== 43 && c !== 40) continue;
    if (i > 0 && (isLetterOrDigit(text, i - 1) || (isLeftJoiner(text.charCodeAt(i - 1)) && !isLabelColon(text, i - 1) && !isLeadingDash(text, i - 1)))) {
      while (i + 1 < n && isDigit(text.charCodeAt(i + 1))) i++;
      continue;
    }
    let j = c === 43 ? i + 1 : i;
    if (c === 43 && text[j] === ' ') j++;
    let end = -1;
    while (j < n) {
      const ch = text.charCodeAt(j);
      if (isDigit(ch)) {
        j++;
        end = j;
      } else if (ch === 40) {
        let k = j + 1;
        while (k < n && isDigit(text.charCodeAt(k)) && k - j <= 4) k++;
        if (k === j + 1 || text[k] !== ')') break;
        j = text[k + 1] === ' ' ? k + 2 : k + 1;
      } else if (end === j && isSeparator(ch) && j + 1 < n && (isDigit(text.charCodeAt(j + 1)) || text.charCodeAt(j + 1) === 40)) {
        j++;
      } else {
        break;
      }
    }
    // Only bracketed groups and no digit after them: no number starts anywhere in what was walked
    // either (each start would walk a part of it), so the scan goes on after it, not one step on.
    if (end < 0) {
      i = Math.max(i, j - 1);
      continue;
    }
    const resume = end - 1;
    // Glued to a word or another number at its end, the run may still hold a number before its last group.
    while (end > i && isGlued(text, end)) end = lastGroupEnd(text, i, end);
    if (end > i && countDigits(text, i, end) >= 7) found.push({ start: i, end });
    i = Math.max(i, resume);
  }
  return found;
}

const DATE_SHAPE = /^(?:\d{1,2}[.\/-]\d{1,2}[.\/-]\d{2,4}|\d{4}[.\/-]\d{1,2}[.\/-]\d{1,2})$/;
const IPV4_SHAPE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// A one-digit group after the first ("10.0.19041") marks a version, not a dialling group.
const DOTTED_SINGLE = /\.\d(?:\.|$)/;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;

// Regions tried for numbers written without a country code, by the shape of their first digits.
const TRUNK_ZERO: readonly CountryCode[] = ['GB', 'DE', 'FR', 'NL', 'IT', 'BE', 'AT', 'CH', 'IE', 'SE', 'FI', 'PL', 'AU'];
const NANP: readonly CountryCode[] = ['US', 'CA'];
const NO_TRUNK: readonly CountryCode[] = ['ES', 'IT', 'PT', 'PL', 'DK', 'NO', 'GR', 'LU'];

// Each region's national significant number lengths and number-type patterns, taken from the same
// metadata: a cheap test that rules out the regions a number cannot be valid in, so that libphonenumber's
// full parse (slow for some plans) runs about once per real phone number rather than once per region.
const NUMBER_TYPES = [
  'FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST',
] as const;

interface PlanShape {
  lengths: ReadonlySet<number>;
  types?: RegExp;
}
const PLANS = new Map<CountryCode, PlanShape>();
{
  const plans = new Metadata(metadata);
  for (const region of new Set([...TRUNK_ZERO, ...NANP, ...NO_TRUNK])) {
    plans.selectNumberingPlan(region);
    const plan = plans.numberingPlan as unknown as
      | { possibleLengths(): number[]; type(t: string): { pattern(): string } | undefined }
      | undefined;
    const patterns = NUMBER_TYPES.map((t) => plan?.type(t)?.pattern()).filter((p): p is string => !!p);
    PLANS.set(region, {
      lengths: new Set(plan?.possibleLengths() ?? []),
      types: patterns.length > 0 ? new RegExp(`^(?:${patterns.join('|')})$`) : undefined,
    });
  }
}

function mayBelongTo(region: CountryCode, digits: string): boolean {
  const plan = PLANS.get(region);
  if (!plan) return true;
  // With or without a one-digit trunk prefix ("0" in Europe, "1" in North America).
  const bare = digits.slice(1);
  const lengthFits = plan.lengths.size === 0 || plan.lengths.has(digits.length) || plan.lengths.has(bare.length);
  if (!lengthFits) return false;
  return !plan.types || plan.types.test(digits) || plan.types.test(bare);
}

export interface PhoneRecognizerOptions {
  /** Regions to try, in order, for national numbers (default: by the first digit, mostly European and North American). */
  regions?: readonly CountryCode[];
}

/** E.164 caps a number at 15 digits with its country code (17 with a 00 prefix); written nationally, 13 with a trunk prefix is the most. */
const maxDigits = (raw: string): number => (raw[0] === '+' || raw.startsWith('00') ? 17 : 13);
/** Digits a run may hold beside a phone number in it ("0 030 1234567", "20 (301) 547-5452"); a longer run is some other number. */
const BESIDE_DIGITS = 4;

/** A date, a US SSN, an IP address or a dotted version number: not a phone number, nor any part of it. */
function otherShape(raw: string): boolean {
  return DATE_SHAPE.test(raw) || SSN_SHAPE.test(raw) || (raw.includes('.') && (IPV4_SHAPE.test(raw) || DOTTED_SINGLE.test(raw)));
}

function nationalRegions(digits: string, configured?: readonly CountryCode[]): readonly CountryCode[] {
  if (configured) return configured;
  if (digits[0] === '0') return TRUNK_ZERO;
  if (digits.length === 10 || (digits.length === 11 && digits[0] === '1')) return NANP;
  return NO_TRUNK;
}

export function createPhoneRecognizer(options: PhoneRecognizerOptions = {}): Recognizer {
  return {
    name: 'phone',
    entities: ['PHONE'],
    // A candidate's digits and separators are one number in the sense of `TextStats.longestNumber`.
    applies: (stats: TextStats) => stats.longestNumber >= 7,
    scan(text: string, out: Finding[], stats?: TextStats) {
      // A candidate has seven digits or more, which all belong to one number; a "+ (" may come before it.
      const from = firstNumberStart(stats, 7, 4);
      if (from < 0) return;
      for (const { start, end } of phoneCandidates(text, from)) {
        // Digits already claimed by a checksummed finding (IBAN, card, SSN, IP) are not re-parsed as a phone.
        if (out.some((f) => f.score >= 0.75 && f.start <= start && f.end >= end)) continue;
        const reading = readCandidate(text, start, end, options.regions);
        if (reading) out.push(finding('PHONE', reading.start, reading.end, reading.score, 'phone'));
      }
    },
  };
}

interface Reading {
  start: number;
  end: number;
  score: number;
}

/** The score of a valid number written in groups for dialling, the most a reading gets. */
const DIALLED = 0.85;

function readingOf(text: string, start: number, end: number, regions?: readonly CountryCode[]): Reading {
  const raw = text.slice(start, end);
  const digits = raw.replace(/\D/g, '');
  const plausible = digits.length >= 7 && digits.length <= maxDigits(raw) && !otherShape(raw);
  return { start, end, score: plausible ? scoreCandidate(raw, digits, regions) : 0 };
}

/**
 * The phone number in the candidate text[start, end), if any. A run of groups may hold a number
 * with another short number beside it ("0151 2345678 05", "0 030 1234567", "20 (301) 547-5452"), so
 * when the whole run is not a number dialled as written, it is also read without up to two of its
 * trailing groups and without its leading group. Where several readings are valid dialled numbers,
 * the finding covers all of them: which of two overlapping numbers was meant is not known, and
 * leaving the rest of either in the text would leave part of a phone number.
 */
function readCandidate(text: string, start: number, end: number, regions?: readonly CountryCode[]): Reading | null {
  const raw = text.slice(start, end);
  // A date, an IP address, or a run far longer than any phone number (an order or account number): none in it.
  if (otherShape(raw) || countDigits(text, start, end) > maxDigits(raw) + BESIDE_DIGITS) return null;
  const whole = readingOf(text, start, end, regions);
  if (whole.score >= DIALLED) return whole;
  const readings = [whole];
  for (let last = end, trimmed = 0; ; trimmed++) {
    const next = nextGroupStart(text, start, last);
    if (next > start) readings.push(readingOf(text, next, last, regions));
    if (trimmed === 2 || !/[ .\-\/]\d+$/.test(text.slice(start, last))) break;
    last = lastGroupEnd(text, start, last);
    readings.push(readingOf(text, start, last, regions));
  }
  // A stray "+" before a national number ("+ 055 0346 4787"): read it without the plus.
  if (text[start] === '+' && readings.every((r) => r.score === 0)) {
    const national = readingOf(text, start + raw.search(/\d/), end, regions);
    if (national.score > 0) readings.push(national);
  }
  const dialled = readings.filter((r) => r.score >= DIALLED);
  if (dialled.length) return { start: Math.min(...dialled.map((r) => r.start)), end: Math.max(...dialled.map((r) => r.end)), score: DIALLED };
  const best = readings.reduce((a, b) => (b.score > a.score ? b : a));
  return best.score > 0 ? best : null;
}

function scoreCandidate(raw: string, digits: string, regions?: readonly CountryCode[]): number {
  const international = raw[0] === '+' || raw.startsWith('00');
  // A number broken into groups is written for people to dial; a bare run is as often an id.
  const grouped = /[ .\-\/()]/.test(raw);
  if (international) {
    const number = checkNumber(raw[0] === '+' ? raw : `+${raw.slice(2)}`);
    if (number?.valid) return DIALLED;
    return number?.possible ? 0.45 : 0;
  }
  let possible = false;
  for (const region of nationalRegions(digits, regions)) {
    if (!mayBelongTo(region, digits)) continue;
    const number = checkNumber(raw, region);
    if (!number) continue;
    // Grouped for dialling, a valid number stays a phone even after "ref"; a bare run needs a word like "call".
    if (number.valid) return grouped ? DIALLED : 0.45;
    possible ||= number.possible;
  }
  return possible ? 0.3 : 0;
}

export const phoneRecognizer = createPhoneRecognizer();

/**
 * Each region's patterns are compiled by V8 on first use: uses them, with the region's example
 * number, so that the start-up warm-up pays for it rather than the first requests (see warm-up.ts).
 */
export function warmUpPhonePlans(): void {
  for (let round = 0; round < 2; round++) {
    for (const region of PLANS.keys()) {
      const national = (examples as Record<string, string>)[region];
      if (!national) continue;
      for (const digits of [national, `0${national}`]) {
        mayBelongTo(region, digits);
        checkNumber(digits, region);
      }
    }
  }
}
