/**
 * Text as the recognizers read it. Personal data is written in more forms than ASCII: numbers are
 * grouped with no-break spaces (French text does so by rule), and East Asian text writes phone
 * numbers and e-mail addresses in full-width forms (０９０-１２３４-５６７８, ｊａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ),
 * Arabic and Persian text in their own digits (٠٩٠١٢٣٤٥٦٧٨), and word processors turn hyphens into
 * en dashes (4111–1111–1111–1111). Each such character is read as the ASCII one it stands for:
 * Unicode spaces as a space, hyphens, dashes and the minus sign as a hyphen-minus, a full-width
 * form as its ASCII counterpart, a decimal digit of any script as 0–9. Every one is a single UTF-16 code unit read as a single code
 * unit, so offsets into what this returns are offsets into the given text.
 */
export function readAsAscii(text: string): string {
  return ONLY_ASCII.test(text) ? text : text.replace(READ_AS_ASCII, asciiFor);
}

const ONLY_ASCII = /^[\x00-\x7F]*$/;

/** Unicode spaces and dashes; full-width ASCII forms; decimal digits outside ASCII, within the BMP. */
const READ_AS_ASCII = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\u2010-\u2015\u2212\uFE58\uFE63\uFF01-\uFF5E]|(?=[\u0100-\uFFFF])\p{Nd}/gu;

const FULL_WIDTH_OFFSET = 0xff01 - 0x21;

function asciiFor(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - FULL_WIDTH_OFFSET);
  if (code === 0x00a0 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return ' ';
  // Hyphens and dashes (‐ ‑ ‒ – — ―), the minus sign and small hyphen-minus: as a hyphen-minus.
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63) return '-';
  return String.fromCharCode(0x30 + digitValue(code));
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<number, number>();

/**
 * The value of a decimal digit. Unicode assigns decimal digits only in runs of ten, 0 to 9 in
 * order, so a digit's value is its distance from the start of its run, modulo ten (two runs may
 * adjoin).
 */
function digitValue(code: number): number {
  let value = digitValues.get(code);
  if (value === undefined) {
    let start = code;
    while (DECIMAL_DIGIT.test(String.fromCharCode(start - 1))) start--;
    value = (code - start) % 10;
    digitValues.set(code, value);
  }
  return value;
}
