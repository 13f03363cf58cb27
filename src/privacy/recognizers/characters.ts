/**
 * Character tests for the hand-written scanners, answering as the patterns `\p{Lu}`, `[\p{L}\p{M}]`
 * and `\s` would, but without a pattern for ASCII and Latin-1 (the great majority of characters).
 */

// Latin-1: À–Þ (× aside) are capitals; À–ÿ (× and ÷ aside), ª, µ and º letters; it has no combining marks.
const isLatin1Capital = (c: number) => c >= 0xc0 && c <= 0xde && c !== 0xd7;
const isLatin1Letter = (c: number) => (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) || c === 0xaa || c === 0xb5 || c === 0xba;
const UPPER = /^\p{Lu}/u;
const LETTER = /[\p{L}\p{M}]/u;

/** How many UTF-16 units the upper-case letter at `i` takes, or 0 if there is none there. */
export function capitalWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90 ? 1 : 0;
  if (c < 0x100) return isLatin1Capital(c) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return UPPER.test(text.slice(i, i + 2)) ? 2 : 0;
  return UPPER.test(text[i]) ? 1 : 0;
}

/** A capital anywhere but at the start ("PlayStation", "McDonald"). */
export function hasInnerCapital(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c > 127 && word[i] !== word[i].toLowerCase()) return true;
  }
  return false;
}

/** How many UTF-16 units the letter or mark at `i` takes (2 outside the BMP), or 0 if there is none. */
export function letterWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  if (c < 0x100) return isLatin1Letter(c) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(text.slice(i, i + 2)) ? 2 : 0;
  return LETTER.test(text[i]) ? 1 : 0;
}

export function isLetterAt(text: string, i: number): boolean {
  return letterWidth(text, i) > 0;
}

/** An ASCII digit 0–9 (character code). */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Apostrophes and hyphens join the letters on either side into one word. */
export function isJoiner(c: number): boolean {
  return c === 39 || c === 45 || c === 8217;
}

/** `\s` as JavaScript patterns read it. */
export function isWhiteSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
