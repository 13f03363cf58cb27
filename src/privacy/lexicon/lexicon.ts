import { NAME_PARTICLES } from './derive-lexicon.js';
import { GIVEN, SURNAME, VOCABULARY } from './name-model.js';
import { BRANDS, EVERYDAY_WORDS, FUNCTION_WORDS, HONORIFICS, ORG_SUFFIXES, PLACES } from './words.js';

/**
 * Everything the word lists say about one lower-case word, as bit flags in a single map: the person
 * recognizer looks each capitalised word up once instead of asking a dozen sets.
 */
export const GIVEN_NAME = 1;
export const SURNAME_WORD = 2;
export const VOCABULARY_WORD = 4;
export const EVERYDAY_WORD = 8;
export const FUNCTION_WORD = 16;
export const PLACE = 32;
export const BRAND = 64;
export const HONORIFIC = 128;
export const NAME_PARTICLE = 256;
export const ORG_SUFFIX = 512;

export const NAME_WORD = GIVEN_NAME | SURNAME_WORD;
/** In the general vocabulary, the business words or the function words. */
export const COMMON_WORD = VOCABULARY_WORD | EVERYDAY_WORD | FUNCTION_WORD;

const LEXICON = new Map<string, number>();
const mark = (words: Iterable<string>, flag: number) => {
  for (const w of words) LEXICON.set(w, (LEXICON.get(w) ?? 0) | flag);
};
mark(GIVEN, GIVEN_NAME);
mark(SURNAME, SURNAME_WORD);
mark(VOCABULARY, VOCABULARY_WORD);
mark(EVERYDAY_WORDS, EVERYDAY_WORD);
mark(FUNCTION_WORDS, FUNCTION_WORD);
mark(PLACES, PLACE);
mark(BRANDS, BRAND);
mark(HONORIFICS, HONORIFIC);
mark(NAME_PARTICLES, NAME_PARTICLE);
mark(ORG_SUFFIXES, ORG_SUFFIX);

/** The flags of a lower-case word (0 for a word no list holds). */
export function lexiconFlags(lower: string): number {
  return LEXICON.get(lower) ?? 0;
}

/** An everyday word that is nobody's name. */
export const isPlainWord = (flags: number) => (flags & COMMON_WORD) !== 0 && (flags & NAME_WORD) === 0;
