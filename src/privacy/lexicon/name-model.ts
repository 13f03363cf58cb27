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

// Every character the training words use gets a small number (0 for any other character), so that a
// trigram is one small integer: no string per gram, and a fast map key.
const START = 94; // ^
const END = 36; // $
const CHARACTER = new Uint16Array(65536);
let alphabet = 0;
for (const code of [START, END]) CHARACTER[code] = ++alphabet;
for (const list of [GIVEN, SURNAME, VOCABULARY, FUNCTION_WORDS]) {
  for (const word of list) for (let i = 0; i < word.length; i++) if (CHARACTER[word.charCodeAt(i)] === 0) CHARACTER[word.charCodeAt(i)] = ++alphabet;
}
const BASE = alphabet + 1;
const gram = (a: number, b: number, c: number) => (CHARACTER[a] * BASE + CHARACTER[b]) * BASE + CHARACTER[c];

/** The trigrams of a word, `^`/`$` marking its ends. */
function gramKeys(word: string, visit: (key: number) => void): void {
  const n = word.length;
  const at = (i: number) => (i < 0 ? START : i >= n ? END : word.charCodeAt(i));
  for (let i = -1; i + 1 <= n; i++) visit(gram(at(i), at(i + 1), at(i + 2)));
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

/**
 * Mean per-trigram log-likelihood ratio, name over word, of a lower-case token: > 0 leans name.
 * Nothing is remembered between calls: the tokens scored here are mostly people's names.
 */
export function nameLikelihood(token: string): number {
  const n = token.length;
  let sum = 0;
  let previous = START;
  let current = n > 0 ? token.charCodeAt(0) : END;
  for (let i = 0; i <= n; i++) {
    const next = i + 1 < n ? token.charCodeAt(i + 1) : END;
    sum += ratios.get(gram(previous, current, next)) ?? UNSEEN;
    previous = current;
    current = next;
  }
  return sum / (n + 1);
}
