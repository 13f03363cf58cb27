import { FUNCTION_WORDS } from './words.js';
import { GIVEN_NAMES, SURNAMES } from './names.data.js';
import { COMMON_WORDS } from './vocabulary.data.js';

/**
 * A character-trigram naive Bayes model of "looks like a name" against "looks like a word", trained at
 * start-up from the gazetteer and the vocabulary (tens of milliseconds). It scores capitalised tokens
 * that are in neither list: "Kowalczyk" and "Brennan" score high, "Lieferung" and "Paperwhite" low.
 */

export const GIVEN = new Set(GIVEN_NAMES.join(' ').split(' '));
export const SURNAME = new Set(SURNAMES.join(' ').split(' '));
export const VOCABULARY = new Set(COMMON_WORDS.join(' ').split(' '));

/** A trigram as one number (three UTF-16 code units, `^`/`$` marking the word's ends): no string per gram. */
function gramKeys(word: string, visit: (key: number) => void): void {
  const n = word.length;
  const at = (i: number) => (i < 0 ? 94 /* ^ */ : i >= n ? 36 /* $ */ : word.charCodeAt(i));
  for (let i = -1; i + 1 <= n; i++) visit(at(i) * 4294967296 + at(i + 1) * 65536 + at(i + 2));
}

function count(words: Iterable<string>): { grams: Map<number, number>; total: number } {
  const grams = new Map<number, number>();
  let total = 0;
  for (const word of words) {
    gramKeys(word, (g) => {
      grams.set(g, (grams.get(g) ?? 0) + 1);
      total++;
    });
  }
  return { grams, total };
}

const names = count(new Set([...GIVEN, ...SURNAME]));
const nonNames = count(new Set([...VOCABULARY, ...FUNCTION_WORDS].filter((w) => !GIVEN.has(w) && !SURNAME.has(w))));
const vocabularySize = new Set([...names.grams.keys(), ...nonNames.grams.keys()]).size;
const nameDenominator = names.total + vocabularySize;
const wordDenominator = nonNames.total + vocabularySize;
/** The log-likelihood ratio of a trigram seen in neither list (add-one smoothing). */
const UNSEEN = Math.log(wordDenominator / nameDenominator);

// Log-likelihood ratios, name over word, of every trigram seen in training.
const ratios = new Map<number, number>();
for (const g of new Set([...names.grams.keys(), ...nonNames.grams.keys()])) {
  const p = ((names.grams.get(g) ?? 0) + 1) / nameDenominator;
  const q = ((nonNames.grams.get(g) ?? 0) + 1) / wordDenominator;
  ratios.set(g, Math.log(p / q));
}

// Words recur (German nouns, sign-off words): remember recent answers, forgetting all at once when full.
const cache = new Map<string, number>();
const CACHE_LIMIT = 50_000;

/** Mean per-trigram log-likelihood ratio, name over word, of a lower-case token: > 0 leans name. */
export function nameLikelihood(token: string): number {
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const n = token.length;
  let sum = 0;
  let previous = 94; // ^
  let current = n > 0 ? token.charCodeAt(0) : 36;
  for (let i = 0; i <= n; i++) {
    const next = i + 1 < n ? token.charCodeAt(i + 1) : 36; // $
    sum += ratios.get(previous * 4294967296 + current * 65536 + next) ?? UNSEEN;
    previous = current;
    current = next;
  }
  const score = sum / (n + 1);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, score);
  return score;
}
