import { NAME_PARTICLES } from '../lexicon/derive-lexicon.js';
import { HONORIFIC, NAME_PARTICLE, lexiconFlags } from '../lexicon/lexicon.js';
import { hasInnerCapital } from './characters.js';

/**
 * The capitalised words of a text as tokens for the person recognizer: what kind of word each is
 * (name-like, initial, title, particle, other) and what the word lists say about it, and which of
 * them join into one run ("Jana Novak", "Vincent van Gogh", "J. R. Ewing").
 */

const CAPITALISED = /^\p{Lu}(?:['’]\p{Lu})?[\p{Ll}\p{M}]/u;
const INITIAL = /^\p{Lu}$/u;
// One inner capital after a patronymic or particle prefix: McDonald, O'Brien, D'Amato, DeShawn, LeBlanc.
const NAME_CAMEL = /^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)\p{Lu}[\p{Ll}\p{M}]+$/u;
const INNER_CAPITAL = /.\p{Lu}/u;
const POSSESSIVE = /['’]s$/u;

export enum Kind {
  Other,
  Name,
  Initial,
  Particle,
  Title,
}

export interface Token {
  start: number;
  end: number;
  /** Lower case, possessive removed. */
  lower: string;
  kind: Kind;
  /** What the word lists say about `lower` (lexicon.ts). */
  flags: number;
}

function classify(word: string, lower: string, flags: number): Kind {
  // Titles that are also given names ("don") are titles only in lower case: "don Pedro", but "Don Dibbert".
  if ((flags & HONORIFIC) !== 0 && !(lower === 'don' && word !== lower)) return Kind.Title;
  if (word.length === 1) return INITIAL.test(word) ? Kind.Initial : Kind.Other;
  if (!isCapitalised(word)) return (flags & NAME_PARTICLE) !== 0 ? Kind.Particle : Kind.Other;
  // CamelCase is a brand (PlayStation, ThinkPad) unless it is a name prefix (McDonald); hyphens join names.
  if (!hasInnerCapital(word)) return Kind.Name;
  const bare = word.replace(POSSESSIVE, '');
  return bare.split('-').some((part) => INNER_CAPITAL.test(part) && !NAME_CAMEL.test(part)) ? Kind.Other : Kind.Name;
}

/** A capital, then a small letter (an apostrophe and a capital may come between: "O'Brien"). */
function isCapitalised(word: string): boolean {
  const second = word.charCodeAt(1);
  if (word.charCodeAt(0) < 128 && second >= 97 && second <= 122) return true;
  return CAPITALISED.test(word);
}

/** Whether two tokens are one name: a single space between them, or a dot and a space after an initial or title. */
function joins(text: string, prev: Token, next: Token): boolean {
  const gap = next.start - prev.end;
  const c = text.charCodeAt(prev.end);
  if (gap === 1) return c === 32 || c === 160;
  return gap === 2 && c === 46 && text.charCodeAt(prev.end + 1) === 32 && (prev.kind === Kind.Initial || prev.kind === Kind.Title);
}

export function particleTokens(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let at = from;
  for (const part of text.slice(from, to).split(' ')) {
    if (part !== '') tokens.push({ start: at, end: at + part.length, lower: part, kind: Kind.Particle, flags: 0 });
    at += part.length + 1;
  }
  return tokens;
}

interface WordInfo {
  lower: string;
  kind: Kind;
  flags: number;
}

// The same capitalised words come back in text after text ("The", "Please", "Regards", "Dr"): what the
// word lists say about each, as written, is remembered. Only words the lists hold are kept; a word
// they do not know — most often somebody's name — is looked at and forgotten.
const WORDS = new Map<string, WordInfo>();
const WORDS_LIMIT = 20_000;

export function wordInfo(word: string): WordInfo {
  const known = WORDS.get(word);
  if (known !== undefined) return known;
  let lower = word.toLowerCase();
  if (lower.includes("'") || lower.includes('’')) lower = lower.replace(POSSESSIVE, '');
  const flags = lexiconFlags(lower);
  const info = { lower, kind: classify(word, lower, flags), flags };
  if (flags !== 0) {
    if (WORDS.size >= WORDS_LIMIT) WORDS.clear();
    WORDS.set(word, info);
  }
  return info;
}

const MAX_PARTICLE_GAP = 16;
const NO_TOKENS: readonly Token[] = Object.freeze([]);

/**
 * The name particles between two capitalised tokens of one name (an empty list for a single space),
 * or undefined when the gap is anything else.
 */
export function joinParticles(text: string, prev: Token, next: Token): readonly Token[] | undefined {
  if (joins(text, prev, next)) return NO_TOKENS;
  const gap = next.start - prev.end;
  if (gap > MAX_PARTICLE_GAP || text.charCodeAt(prev.end) !== 32 || text.charCodeAt(next.start - 1) !== 32) return undefined;
  const particles: Token[] = [];
  let at = prev.end + 1;
  for (const part of text.slice(prev.end + 1, next.start - 1).split(' ')) {
    if (!NAME_PARTICLES.has(part)) return undefined;
    particles.push({ start: at, end: at + part.length, lower: part, kind: Kind.Particle, flags: 0 });
    at += part.length + 1;
  }
  return particles;
}
