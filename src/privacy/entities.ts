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
 * Facts about a text gathered in one pass so that recognizers can skip it cheaply
 * (no phone parsing without seven digits, no e-mail regex without an `@`).
 */
export interface TextStats {
  digits: number;
  uppers: number;
  at: boolean;
  colon: boolean;
  dot: boolean;
}

export interface Recognizer {
  readonly name: string;
  readonly entities: readonly EntityType[];
  /** Whether `scan` could find anything in a text with these stats. */
  applies(stats: TextStats): boolean;
  /** Appends raw findings (before context and overlap resolution) to `out`. */
  scan(text: string, out: Finding[]): void;
}

export function textStats(text: string): TextStats {
  let digits = 0;
  let uppers = 0;
  let at = false;
  let colon = false;
  let dot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) uppers++;
    else if (c === 64) at = true;
    else if (c === 58) colon = true;
    else if (c === 46) dot = true;
    else if (c > 127 && text[i] !== text[i].toLowerCase()) uppers++;
  }
  return { digits, uppers, at, colon, dot };
}
