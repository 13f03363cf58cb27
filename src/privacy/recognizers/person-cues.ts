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
import { isWhiteSpace } from './characters.js';
import { PhraseSet } from './phrase-set.js';

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
const STRONG = new PhraseSet([...STRONG_CUES_BEFORE, ...ROLE_NOUNS]);
const WEAK = new PhraseSet(WEAK_CUES_BEFORE);
const PLACE = new PhraseSet(PLACE_CUES_BEFORE);
const WEAK_PLACE = new PhraseSet(WEAK_PLACE_CUES_BEFORE);
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
  // Latin-1 letters (× and ÷ are not), ª, µ, º; Latin-1 has no combining marks.
  if (code < 0x100) return (code >= 0xc0 && code !== 0xd7 && code !== 0xf7) || code === 0xaa || code === 0xb5 || code === 0xba;
  return WORD_CHAR.test(c);
}
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\u00a0' || c === '\n' || c === '\r';

/**
 * The words right before a run (up to MAX_PHRASE, lower-cased, read backwards only as far as someone
 * asks) and the gap between the last of them and the run. One object serves position after position
 * (`reset`), so reading cues allocates nothing but the words themselves.
 */
class Before {
  /** What separates the last word from the run. */
  gap = '';
  /** The gap is spaces (`/^[ \t\u00a0]+$/`). */
  spaced = false;
  /** The gap is white space (`/^\s+$/`). */
  white = false;
  /** The gap is white space and soft punctuation only (`/^[\s,:;!\-–—]*$/`), perhaps none. */
  soft = true;
  /** Whether there is a word before the gap at all. */
  hasWords = false;
  /** `strongBefore`, once asked for. */
  strong: boolean | undefined = undefined;
  /** The words read so far, the last one first (`count` of them). */
  private readonly read: string[] = [];
  private count = 0;
  /** Where reading backwards goes on; -1 when the phrase has ended. */
  private next = -1;
  private text = '';

  reset(text: string, start: number): this {
    let i = start;
    while (i > 0 && !isWordChar(text[i - 1])) i--;
    this.text = text;
    this.gap = text.slice(i, start);
    let spaced = start > i;
    let white = start > i;
    let soft = true;
    for (let k = i; k < start; k++) {
      const c = text.charCodeAt(k);
      const space = isWhiteSpace(c);
      spaced &&= c === 32 || c === 9 || c === 0xa0;
      white &&= space;
      soft &&= space || c === 44 || c === 58 || c === 59 || c === 33 || c === 45 || c === 0x2013 || c === 0x2014;
    }
    this.spaced = spaced;
    this.white = white;
    this.soft = soft;
    this.hasWords = i > 0;
    this.next = i > 0 ? i : -1;
    this.strong = undefined;
    // Let go of the last text's words.
    for (let k = 0; k < this.count; k++) this.read[k] = '';
    this.count = 0;
    return this;
  }

  /** The k-th word before the run, counting back from the last one (0); undefined past the phrase. */
  word(k: number): string | undefined {
    while (this.count <= k && this.next > 0 && this.count < MAX_PHRASE) {
      const text = this.text;
      const i = this.next;
      let j = i;
      while (j > 0 && isWordChar(text[j - 1])) j--;
      if (j === i) {
        this.next = -1;
        break;
      }
      this.read[this.count++] = text.slice(j, i).toLowerCase();
      let k = j;
      while (k > 0 && isSpace(text[k - 1])) k--;
      // Punctuation between words ends the phrase.
      this.next = k === j ? -1 : k;
    }
    return k < this.count ? this.read[k] : undefined;
  }
}

const SENTENCE_END = /[.!?;:\n•>*]/;

function strongBefore(before: Before): boolean {
  if (!before.hasWords || !before.soft) return false;
  // "Mr. ", "dhr. van der ", "Sig.ra ": a title, then perhaps name particles.
  let k = 0;
  if (before.spaced) while (before.word(k + 1) !== undefined && PARTICLES.has(before.word(k)!)) k++;
  if (HONORIFICS.has(withoutDot(before.word(k)!)) && before.white) return true;
  return STRONG.endsWords(before);
}

export function sentenceStartAt(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && isSpace(text[i - 1])) i--;
  if (i === 0) return true;
  const c = text[i - 1];
  if (SENTENCE_END.test(c)) {
    // "Mr. Novak" and "J. Novak" do not start a sentence.
    const last = LAST_WORD.reset(text, i).word(0) ?? '';
    LAST_WORD.reset('', 0);
    return !(c === '.' && (HONORIFICS.has(withoutDot(last)) || /^\p{L}\.?$/u.test(last)));
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
  const first = letterRun(rest, 0);
  if (first === 0) return false;
  const word = rest.slice(0, first);
  if (AFTER.has(word)) return true;
  if (rest.charCodeAt(first) !== 32) return false;
  const second = letterRun(rest, first + 1);
  return second > first + 1 && AFTER.has(`${word} ${rest.slice(first + 1, second)}`);
}

const LETTER = /\p{L}/u;

/** Where the run of letters (`\p{L}`, as a /u pattern reads them) starting at `from` ends. */
function letterRun(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) i++;
      else break;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      if (LETTER.test(s.slice(i, i + 2))) i += 2;
      else break;
    } else if (LETTER.test(s[i])) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

const withoutDot = (word: string) => (word.endsWith('.') ? word.slice(0, -1) : word);
const strongOf = (before: Before): boolean => (before.strong ??= strongBefore(before));

const LAST_WORD = new Before();

/**
 * The cues around the runs of one text. The words before a position are read once however often
 * the person recognizer asks about it (a run's start is looked at up to four times). A reader is
 * meant to be kept and `reset` for each text, and reset to '' after it, so that it holds on to no text.
 */
export class CueReader {
  private text = '';
  private at = -1;
  private readonly before = new Before();

  reset(text: string): this {
    this.text = text;
    this.at = -1;
    this.before.reset('', 0);
    return this;
  }

  private beforeAt(start: number): Before {
    if (start !== this.at) {
      this.before.reset(this.text, start);
      this.at = start;
    }
    return this.before;
  }

  sentenceStartAt(index: number): boolean {
    return sentenceStartAt(this.text, index);
  }

  /**
   * Where the name particles after a title end before `start` ("dhr. van der |Heijden" gives the
   * index of "van"; "don |Pedro" gives `start`); -1 when no such title precedes.
   */
  titleParticlesBefore(start: number): number {
    const before = this.beforeAt(start);
    if (!before.hasWords || !before.spaced) return -1;
    let k = 0;
    let at = start - before.gap.length;
    while (before.word(k + 1) !== undefined && PARTICLES.has(before.word(k)!)) {
      at -= before.word(k)!.length + 1;
      k++;
    }
    const title = before.word(k)!;
    if (!HONORIFICS.has(withoutDot(title)) || !/^\p{Ll}/u.test(title)) return -1;
    return at;
  }

  strongAt(start: number): boolean {
    return strongOf(this.beforeAt(start));
  }

  around(start: number, end: number): PersonCues {
    const before = this.beforeAt(start);
    const strong = strongOf(before);
    const spaced = before.hasWords && before.spaced;
    const open = spaced && !strong;
    return {
      strong,
      weak: open && WEAK.endsWords(before),
      after: cueAfter(this.text, end),
      place: !open ? 0 : PLACE.endsWords(before) ? 1.5 : WEAK_PLACE.endsWords(before) ? 0.5 : 0,
      determiner: open && DETERMINER.has(before.word(0)!) ? 2 : 0,
      sentenceStart: sentenceStartAt(this.text, start),
    };
  }
}

export const personCues = {
  isCueWord: (lower: string): boolean => CUE_WORDS.has(lower),
  isRoleWord: (lower: string): boolean => ROLE_WORDS.has(lower),
  isDeterminer: (lower: string): boolean => DETERMINER.has(lower) || PRONOUNS.has(lower),
};
