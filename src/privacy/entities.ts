/** The kinds of personal data the analyzer recognises. */
export const ENTITY_TYPES = [
  'PERSON',
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'IP_ADDRESS',
  'STREET_ADDRESS',
  'DATE_OF_BIRTH',
  'URL',
  'UK_NINO',
  'DE_TAX_ID',
  'ES_NIF',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

const KNOWN = new Set<string>(ENTITY_TYPES);

export function isEntityType(value: string): value is EntityType {
  return KNOWN.has(value);
}

/** One piece of personal data found in a text; offsets are UTF-16 indices into that text, end exclusive. */
export interface Finding {
  type: EntityType;
  start: number;
  end: number;
  /** Confidence in [0, 1] after context adjustment. */
  score: number;
  recognizer: string;
}

/**
 * A finding built field by field in one order, so that every finding — whichever recognizer found it,
 * and after context or merging changed it — has the same object layout, which keeps the code that
 * reads findings compiled for one layout.
 */
export function finding(type: EntityType, start: number, end: number, score: number, recognizer: string): Finding {
  return { type, start, end, score, recognizer };
}

/**
 * Facts about a text gathered in one pass so that recognizers can skip it cheaply (no phone parsing
 * without a seven-digit number, no card check without a twelve-digit one, no e-mail pattern without
 * an `@`). Every recognizer's own pattern is stricter than the fact it is gated on, so a skip never
 * loses a finding.
 */
export interface TextStats {
  /** ASCII digits. */
  digits: number;
  /** Upper-case letters, any script. */
  uppers: number;
  at: boolean;
  colon: boolean;
  colons: number;
  dot: boolean;
  /**
   * The most digits in one number as people write it: digits joined by up to three of ` -./()`
   * ("+44 (0)20 7946 0958" is twelve, "4111-1111-1111-1111" sixteen).
   */
  longestNumber: number;
  /** The most digits in a row. */
  longestDigits: number;
  /** Start offsets of the numbers (as in `longestNumber`) of six digits or more, and their digit counts, in pairs. */
  numbers: readonly number[];
  /** Where the first two ASCII letters followed by two digits begin ("DE89", "gb29"), or -1. */
  lettersThenDigits: number;
  /** The most dots in one number ("192.168.0.1" has three). */
  mostDots: number;
  /** Two letters, perhaps a space, then a number ("QQ 12…", "AB123…"): how a National Insurance number starts. */
  lettersBeforeNumber: boolean;
  /** Seven or eight digits in a row with no digit on either side: the number of a DNI or NIE. */
  sevenOrEightDigits: boolean;
  /** A "://" or a "www." (any case): what every URL the analyzer looks for has. */
  urlMarker: boolean;
}

export interface Recognizer {
  readonly name: string;
  readonly entities: readonly EntityType[];
  /** Whether `scan` could find anything in a text with these stats. */
  applies(stats: TextStats): boolean;
  /** Appends raw findings (before context and overlap resolution) to `out`; `stats` are the text's, when known. */
  scan(text: string, out: Finding[], stats?: TextStats): void;
}

const MIN_LISTED_NUMBER = 6;
const MAX_NUMBER_JOINERS = 3;

// What each ASCII character tells the pre-scan, as bits.
const DIGIT = 1;
const UPPER = 2;
const AT = 4;
const COLON = 8;
const DOT = 16;
/** Joins the digits of one number: space - . / ( ), and a tab or line break (a card number wrapped or tabbed) */
const JOINER = 32;
const LETTER = 64;
const ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = DIGIT;
for (let c = 65; c <= 90; c++) ASCII[c] = UPPER | LETTER;
for (let c = 97; c <= 122; c++) ASCII[c] = LETTER;
ASCII[64] = AT;
ASCII[58] = COLON;
ASCII[46] = DOT | JOINER;
for (const c of ' -/()\t\n') ASCII[c.charCodeAt(0)] = JOINER;

export function textStats(text: string): TextStats {
  let digits = 0;
  let uppers = 0;
  let at = false;
  let colons = 0;
  let dot = false;
  let longestNumber = 0;
  let longestDigits = 0;
  let lettersThenDigits = -1;
  let mostDots = 0;
  let lettersBeforeNumber = false;
  let sevenOrEightDigits = false;
  let dots = 0;
  let urlMarker = false;
  let numbers: number[] | undefined;
  // The number being read: where it started (-1: none), its digits, the joiners since its last digit.
  let numberStart = -1;
  let numberDigits = 0;
  let joiners = 0;
  let inARow = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? ASCII[c] : 0;
    if (kind === DIGIT) {
      digits++;
      if (++inARow > longestDigits) longestDigits = inARow;
      if (numberStart < 0) {
        numberStart = i;
        numberDigits = 0;
        dots = 0;
        if (!lettersBeforeNumber) {
          const gap = text.charCodeAt(i - 1) === 32 ? 1 : 0;
          lettersBeforeNumber = i >= 2 + gap && foldsToLetter(text.charCodeAt(i - 1 - gap)) && foldsToLetter(text.charCodeAt(i - 2 - gap));
        }
        // Two letters right before a number's first two digits: "DE89", "gb29".
        if (lettersThenDigits < 0 && i >= 2 && i + 1 < n && (ASCII[text.charCodeAt(i - 1)] & LETTER) !== 0) {
          const next = text.charCodeAt(i + 1);
          if ((ASCII[text.charCodeAt(i - 2)] & LETTER) !== 0 && next >= 48 && next <= 57) lettersThenDigits = i - 2;
        }
      }
      numberDigits++;
      joiners = 0;
      continue;
    }
    if (inARow === 7 || inARow === 8) sevenOrEightDigits = true;
    inARow = 0;
    if (numberStart >= 0) {
      if ((kind & JOINER) !== 0 && joiners < MAX_NUMBER_JOINERS) {
        joiners++;
        if (c === 46 && ++dots > mostDots) mostDots = dots;
      } else {
        if (numberDigits > longestNumber) longestNumber = numberDigits;
        if (numberDigits >= MIN_LISTED_NUMBER) (numbers ??= []).push(numberStart, numberDigits);
        numberStart = -1;
      }
    }
    if (kind === 0 || kind === LETTER || kind === JOINER) {
      if (c < 128) continue;
      // Latin-1: À–Þ are capitals (× aside), ß–ÿ are not.
      if (c < 0x100) {
        if (c >= 0xc0 && c <= 0xde && c !== 0xd7) uppers++;
      } else if (text[i] !== text[i].toLowerCase()) {
        uppers++;
      }
    } else if ((kind & UPPER) !== 0) uppers++;
    else if (kind === AT) at = true;
    else if (kind === COLON) {
      colons++;
      if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) urlMarker = true;
    } else if ((kind & DOT) !== 0) {
      dot = true;
      if (i >= 3 && (text.charCodeAt(i - 1) | 32) === 119 && (text.charCodeAt(i - 2) | 32) === 119 && (text.charCodeAt(i - 3) | 32) === 119) urlMarker = true;
    }
  }
  if (inARow === 7 || inARow === 8) sevenOrEightDigits = true;
  if (numberStart >= 0) {
    if (numberDigits > longestNumber) longestNumber = numberDigits;
    if (numberDigits >= MIN_LISTED_NUMBER) (numbers ??= []).push(numberStart, numberDigits);
  }
  return {
    digits,
    uppers,
    at,
    colon: colons > 0,
    colons,
    dot,
    longestNumber,
    longestDigits,
    numbers: numbers ?? NO_NUMBERS,
    lettersThenDigits,
    mostDots,
    lettersBeforeNumber,
    sevenOrEightDigits,
    urlMarker,
  };
}

const NO_NUMBERS: readonly number[] = Object.freeze([]);

/** An ASCII letter, or ſ or K (Kelvin), which a case-insensitive `[A-Z]` also matches. */
const foldsToLetter = (c: number) => (c < 128 ? (ASCII[c] & LETTER) !== 0 : c === 0x17f || c === 0x212a);

/**
 * Where the first number of at least `minDigits` digits (6 or more) starts, `margin` characters earlier
 * for a sign or bracket in front of it; 0 without stats, -1 when there is no such number.
 */
export function firstNumberStart(stats: TextStats | undefined, minDigits: number, margin = 0): number {
  if (!stats) return 0;
  const numbers = stats.numbers;
  for (let k = 0; k < numbers.length; k += 2) if (numbers[k + 1] >= minDigits) return Math.max(0, numbers[k] - margin);
  return -1;
}
