/** Check-digit and structure rules for numbered identifiers. Inputs are bare digit/letter strings. */

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 1 && sum % 10 === 0;
}

interface CardRange {
  low: number;
  high: number;
  /** How many leading digits `low`/`high` cover. */
  width: number;
  lengths: readonly number[];
}

// Issuer identification ranges (ISO/IEC 7812 as published by the card schemes).
const CARD_RANGES: readonly CardRange[] = [
  { low: 4, high: 4, width: 1, lengths: [13, 16, 19] }, // Visa
  { low: 51, high: 55, width: 2, lengths: [16] }, // Mastercard
  { low: 2221, high: 2720, width: 4, lengths: [16] }, // Mastercard 2-series
  { low: 34, high: 34, width: 2, lengths: [15] }, // American Express
  { low: 37, high: 37, width: 2, lengths: [15] },
  { low: 6011, high: 6011, width: 4, lengths: [16, 17, 18, 19] }, // Discover
  { low: 644, high: 649, width: 3, lengths: [16, 17, 18, 19] },
  { low: 65, high: 65, width: 2, lengths: [16, 17, 18, 19] },
  { low: 3528, high: 3589, width: 4, lengths: [16, 17, 18, 19] }, // JCB
  { low: 300, high: 305, width: 3, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { low: 36, high: 36, width: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { low: 38, high: 39, width: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { low: 62, high: 62, width: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { low: 50, high: 50, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { low: 56, high: 69, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { low: 2200, high: 2204, width: 4, lengths: [16, 17, 18, 19] }, // Mir
];

/** A plausible payment card number: a known issuer range, a length that range issues, and a valid Luhn digit. */
export function cardNumberValid(digits: string): boolean {
  if (digits.length < 12 || digits.length > 19) return false;
  let issued = false;
  for (const range of CARD_RANGES) {
    const prefix = Number(digits.slice(0, range.width));
    if (prefix >= range.low && prefix <= range.high && range.lengths.includes(digits.length)) {
      issued = true;
      break;
    }
  }
  return issued && luhnValid(digits);
}

/** US Social Security number rules: no area 000, 666 or 900–999, no group 00, no serial 0000, no published dummies. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const all = area + group + serial;
  // Numbers printed on sample cards and in advertising, never issued to anyone.
  return all !== '078051120' && all !== '219099999' && all !== '123456789';
}

const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

/** UK National Insurance number: two prefix letters from the allowed sets, six digits, suffix A–D. */
export function ninoValid(compact: string): boolean {
  if (!/^[A-Z]{2}\d{6}[A-D]$/.test(compact)) return false;
  const prefix = compact.slice(0, 2);
  return NINO_FIRST.includes(prefix[0]) && NINO_SECOND.includes(prefix[1]) && !NINO_BAD_PREFIX.has(prefix);
}

/**
 * German tax identification number (Steuerliche Identifikationsnummer): 11 digits, no leading zero,
 * in the first ten one digit occurs two or three times (three never in a row) and the rest at most
 * once, and an ISO 7064 MOD 11,10 check digit.
 */
export function deTaxIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digits.charCodeAt(i) - 48]++;
  let repeated = -1;
  for (let d = 0; d < 10; d++) {
    if (counts[d] > 3) return false;
    if (counts[d] >= 2) {
      if (repeated !== -1) return false;
      repeated = d;
    }
  }
  if (repeated === -1) return false;
  if (counts[repeated] === 3) {
    const r = String(repeated);
    if (digits.slice(0, 10).includes(r + r + r)) return false;
  }
  return digits.charCodeAt(10) - 48 === deTaxIdCheckDigit(digits.slice(0, 10));
}

export function deTaxIdCheckDigit(first10: string): number {
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (first10.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI/NIF (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter) with its mod-23 check letter. */
export function esNifValid(compact: string): boolean {
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(compact);
  if (!m) return false;
  const [, lead, number, letter] = m;
  if (lead === '' && number.length !== 8) return false;
  if (lead !== '' && number.length !== 7) return false;
  const value = Number((lead === '' ? '' : String('XYZ'.indexOf(lead))) + number);
  return NIF_LETTERS[value % 23] === letter;
}
