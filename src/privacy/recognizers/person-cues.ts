import {
  CUES_AFTER,
  DETERMINERS,
  HONORIFICS,
  PLACE_CUES_BEFORE,
  ROLE_NOUNS,
  STRONG_CUES_BEFORE,
  WEAK_CUES_BEFORE,
  WEAK_PLACE_CUES_BEFORE,
} from '../lexicon/words.js';

/**
 * What the words around a capitalised run say about it being a person. Cue phrases are looked up
 * word by word in sets (the last one to four words before the run), which keeps this cheap enough
 * to run on every capitalised run of every text.
 */
export interface PersonCues {
  /** A title, greeting, sign-off, introduction or role right before it. */
  strong: boolean;
  /** A preposition or verb before it that a person often follows. */
  weak: boolean;
  /** A verb after it with the run as subject. */
  after: boolean;
  /** Evidence against a person from a preposition or phrase of place before it (0 when there is none). */
  place: number;
  /** Evidence against a person from an article or possessive right before it ("the Kobo Clara", "mein Thermomix"). */
  determiner: number;
  sentenceStart: boolean;
}

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'la', 'le', 'da', 'di', 'del', 'della', 'du', 'dos', 'ten', 'ter', 'zu']);
const STRONG = new Set([...STRONG_CUES_BEFORE, ...ROLE_NOUNS]);
const WEAK = new Set(WEAK_CUES_BEFORE);
const PLACE = new Set(PLACE_CUES_BEFORE);
const WEAK_PLACE = new Set(WEAK_PLACE_CUES_BEFORE);
const DETERMINER = new Set(DETERMINERS);
const AFTER = new Set(CUES_AFTER);
const CUE_WORDS = new Set(STRONG_CUES_BEFORE.filter((c) => /^\p{L}+$/u.test(c)));
const ROLE_WORDS = new Set(ROLE_NOUNS);
const MAX_PHRASE = 4;
const PRONOUNS = new Set(['i', 'we', 'you', 'he', 'she', 'it', 'they', 'ich', 'wir', 'sie', 'er', 'es', 'je', 'nous', 'vous', 'il', 'elle', 'yo', 'nosotros', 'ik', 'wij', 'io', 'noi', 'eu', 'nós']);

const WORD_CHAR = /[\p{L}\p{M}'’./]/u;
function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 39 || code === 46 || code === 47;
  return WORD_CHAR.test(c);
}
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\u00a0' || c === '\n' || c === '\r';

interface Before {
  /** Up to MAX_PHRASE words right before the run, lower-cased, in text order. */
  words: string[];
  /** What separates the last word from the run. */
  gap: string;
}

function wordsBefore(text: string, start: number): Before {
  let i = start;
  while (i > 0 && !isWordChar(text[i - 1])) i--;
  const gap = text.slice(i, start);
  const words: string[] = [];
  while (i > 0 && words.length < MAX_PHRASE) {
    let j = i;
    while (j > 0 && isWordChar(text[j - 1])) j--;
    if (j === i) break;
    words.unshift(text.slice(j, i).toLowerCase());
    let k = j;
    while (k > 0 && isSpace(text[k - 1])) k--;
    if (k === j) break; // punctuation between words ends the phrase
    i = k;
  }
  return { words, gap };
}

/** The phrases ending the words before a run: last word, last two words … (each also without a trailing dot). */
function suffixes(words: readonly string[]): string[] {
  const out: string[] = [];
  let phrase = '';
  for (let i = words.length - 1; i >= 0; i--) {
    phrase = phrase === '' ? words[i] : `${words[i]} ${phrase}`;
    out.push(phrase);
    if (phrase.endsWith('.')) out.push(phrase.slice(0, -1));
  }
  return out;
}

function anyIn(phrases: readonly string[], set: ReadonlySet<string>): boolean {
  for (const p of phrases) if (set.has(p)) return true;
  return false;
}

const ONLY_SPACES = /^[ \t\u00a0]+$/;
const SOFT_PUNCTUATION = /^[\s,:;!\-–—]*$/;
const SENTENCE_END = /[.!?;:\n•>*]/;

function strongBefore(before: Before, phrases: readonly string[]): boolean {
  if (before.words.length === 0 || !SOFT_PUNCTUATION.test(before.gap)) return false;
  // "Mr. ", "dhr. van der ", "Sig.ra ": a title, then perhaps name particles.
  let words = before.words;
  while (words.length > 1 && PARTICLES.has(words[words.length - 1]) && ONLY_SPACES.test(before.gap)) words = words.slice(0, -1);
  const last = words[words.length - 1];
  if (HONORIFICS.has(last.replace(/\.$/, '')) && /^\s+$/.test(before.gap)) return true;
  return anyIn(phrases, STRONG);
}

export function sentenceStartAt(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && isSpace(text[i - 1])) i--;
  if (i === 0) return true;
  const c = text[i - 1];
  if (SENTENCE_END.test(c)) {
    // "Mr. Novak" and "J. Novak" do not start a sentence.
    const before = wordsBefore(text, i);
    const last = before.words[before.words.length - 1] ?? '';
    return !(c === '.' && (HONORIFICS.has(last.replace(/\.$/, '')) || /^\p{L}\.?$/u.test(last)));
  }
  return c === '"' || c === '“' || c === '(';
}

function cueAfter(text: string, end: number): boolean {
  let i = end;
  if (text[i] === "'" || text[i] === '’') i += 2;
  const gapStart = i;
  while (i < text.length && (isSpace(text[i]) || text[i] === ',')) i++;
  if (i === gapStart) return false;
  const rest = text.slice(i, i + 24).toLowerCase();
  const m = /^([\p{L}]+)(?: ([\p{L}]+))?/u.exec(rest);
  if (!m) return false;
  return AFTER.has(m[1]) || (m[2] !== undefined && AFTER.has(`${m[1]} ${m[2]}`));
}

export const personCues = {
  isCueWord: (lower: string): boolean => CUE_WORDS.has(lower),
  isRoleWord: (lower: string): boolean => ROLE_WORDS.has(lower),
  isDeterminer: (lower: string): boolean => DETERMINER.has(lower) || PRONOUNS.has(lower),
  sentenceStartAt,
  /**
   * Where the name particles after a lower-case title end before `start` ("dhr. van der |Heijden"
   * gives the index of "van"; "don |Pedro" gives `start`); -1 when no such title precedes.
   */
  titleParticlesBefore(text: string, start: number): number {
    const before = wordsBefore(text, start);
    if (!ONLY_SPACES.test(before.gap) || before.words.length === 0) return -1;
    let k = before.words.length;
    let at = start - before.gap.length;
    while (k > 1 && PARTICLES.has(before.words[k - 1])) {
      at -= before.words[k - 1].length + 1;
      k--;
    }
    const title = before.words[k - 1];
    if (!/^\p{Ll}/u.test(title) || !HONORIFICS.has(title.replace(/\.$/, ''))) return -1;
    return at;
  },
  strongAt(text: string, start: number): boolean {
    const before = wordsBefore(text, start);
    return strongBefore(before, suffixes(before.words));
  },
  around(text: string, start: number, end: number): PersonCues {
    const before = wordsBefore(text, start);
    const phrases = suffixes(before.words);
    const strong = strongBefore(before, phrases);
    const spaced = before.words.length > 0 && ONLY_SPACES.test(before.gap);
    return {
      strong,
      weak: !strong && spaced && anyIn(phrases, WEAK),
      after: cueAfter(text, end),
      place: strong || !spaced ? 0 : anyIn(phrases, PLACE) ? 1.5 : anyIn(phrases, WEAK_PLACE) ? 0.5 : 0,
      determiner: !strong && spaced && DETERMINER.has(before.words[before.words.length - 1]) ? 2 : 0,
      sentenceStart: sentenceStartAt(text, start),
    };
  },
};
