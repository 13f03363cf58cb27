import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { cardNumberValid } from '../checksums.js';
import { type Finding, type Recognizer, type TextStats, firstNumberStart, finding } from '../entities.js';

// 12–19 digits, optionally grouped by a space or dash or two (as people type them), or across one
// line break, or by dots in the groups printed on cards (4·4·4·4 and up to three more, Amex's 4·6·5),
// which a decimal number or an IPv4 address is not written in; validation decides, not the shape.
// A dash before it sets it off when a word, a space or nothing comes first ("card-4111…", "card—4111…",
// read with the dash as '-'), but after a digit, a dot or a comma it makes it a piece of a longer number.
const CARD = /(?<![\p{L}\p{N}.,]|[^\p{L}\s]-)(?:\d(?:(?:[ \t-]{1,2}|[ \t]*\n[ \t]*)?\d){11,18}|\d{4}(?:\.\d{4}){3}(?:\.\d{1,3})?|\d{4}\.\d{6}\.\d{5})(?!\p{N}|[.,\-]\d)/gu;
const SEPARATORS = /[\s.-]/g;

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  entities: ['CREDIT_CARD'],
  applies: (stats: TextStats) => stats.longestNumber >= 12,
  scan(text: string, out: Finding[], stats?: TextStats) {
    const from = firstNumberStart(stats, 12);
    if (from < 0) return;
    CARD.lastIndex = from;
    for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
      const card = cardWithin(m[0]);
      if (!card) continue;
      const start = m.index + card.offset;
      out.push(finding('CREDIT_CARD', start, start + card.length, 0.9, 'credit-card'));
    }
  },
};

/**
 * The card number in a run of digit groups: the whole run or, when a number written just before or
 * after it was taken in ("0 4111 1111 1111 1111", "… 1111 05"), the run without that first or last group.
 */
function cardWithin(run: string): { offset: number; length: number } | undefined {
  const grouped = /[\s.-]/.test(run);
  if (cardNumberValid(grouped ? run.replace(SEPARATORS, '') : run)) return { offset: 0, length: run.length };
  if (!grouped) return undefined;
  const groups = [...run.matchAll(/\d+/g)];
  if (groups.length < 2) return undefined;
  const withoutFirst = groups[1].index;
  const withoutLast = groups[groups.length - 2].index + groups[groups.length - 2][0].length;
  // The longer of the two first: a trailing number is likelier than a leading one to be a stray.
  const tries = [
    [0, withoutLast],
    [withoutFirst, run.length],
  ].sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
  for (const [offset, end] of tries) {
    const digits = run.slice(offset, end).replace(SEPARATORS, '');
    if (digits.length >= 13 && cardNumberValid(digits)) return { offset, length: end - offset };
  }
  return undefined;
}

const IBAN_LENGTHS = new Map<string, number>();
for (const [country, spec] of Object.entries(getCountrySpecifications())) {
  if (spec.chars) IBAN_LENGTHS.set(country, spec.chars);
}

const IBAN_START = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?=[ \t-]{0,2}[A-Z0-9]|[ \t]*\n[ \t]*[A-Z0-9])/giu;

/**
 * Reads `length` letters/digits from `start`, allowing between groups what people type there: a
 * space or dash or two, or one line break; -1 if the text runs out or continues.
 */
function ibanEnd(text: string, start: number, length: number): number {
  let taken = 0;
  let i = start;
  while (i < text.length && taken < length) {
    const c = text.charCodeAt(i);
    if (isAlnum(c)) {
      taken++;
      i++;
      continue;
    }
    const gap = taken > 0 ? IBAN_GAP.exec(text.slice(i, i + 12)) : null;
    if (!gap || !isAlnum(text.charCodeAt(i + gap[0].length))) return -1;
    i += gap[0].length;
  }
  if (taken < length) return -1;
  return isAlnum(text.charCodeAt(i)) ? -1 : i;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const IBAN_GAP = /^(?:[ \t-]{1,2}|[ \t]*\n[ \t]*)/;

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  entities: ['IBAN'],
  // Every IBAN begins with two ASCII letters and two digits (the country code and check digits).
  applies: (stats: TextStats) => stats.digits >= 8 && stats.lettersThenDigits >= 0,
  scan(text: string, out: Finding[], stats?: TextStats) {
    IBAN_START.lastIndex = stats ? stats.lettersThenDigits : 0;
    if (IBAN_START.lastIndex < 0) return;
    for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
      const length = IBAN_LENGTHS.get(m[0].slice(0, 2).toUpperCase());
      if (length === undefined) continue;
      const end = ibanEnd(text, m.index, length);
      if (end < 0) continue;
      const compact = text.slice(m.index, end).replace(/[\s-]/g, '').toUpperCase();
      if (!isValidIBAN(compact)) continue;
      out.push(finding('IBAN', m.index, end, 0.95, 'iban'));
      IBAN_START.lastIndex = end;
    }
  },
};
