/**
 * Builds the name gazetteer and the common-word vocabulary from locale definitions shaped like
 * @faker-js/faker's (`person.first_name`, `person.last_name`, `word.noun` …). The generated data files
 * beside this one are its output; `bench/pii-corpus.ts --write-lexicon` regenerates them.
 *
 * One name in five is held out of the gazetteer by a stable hash, and the benchmark corpus draws its
 * names only from that held-out fifth, so the benchmark measures how the recognizer does on names it
 * has never seen rather than how well it remembers a list.
 */

export interface LocaleLike {
  person?: { first_name?: unknown; last_name?: unknown };
  word?: Record<string, unknown>;
}

export interface DerivedLexicon {
  given: string[];
  surnames: string[];
  words: string[];
}

/** Name particles are grammar, not names: they are never gazetteer entries. */
export const NAME_PARTICLES = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'do', 'du', 'des', 'la', 'le', 'los', 'las',
  'ten', 'ter', 'zu', 'zum', 'vom', 'bin', 'binti', 'al', 'el', 'y', 'e', "'t", 'mac', 'st', 'ben', 'ibn', 'af', 'av',
]);

const LATIN_NAME = /^[\p{Script=Latin}'’ .-]+$/u;

/** FNV-1a over UTF-16 code units: stable across runs and platforms. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Whether a (lower-cased) name token belongs to the fifth kept out of the gazetteer for evaluation. */
export function isHeldOutName(token: string): boolean {
  return fnv1a(token.toLowerCase()) % 5 === 0;
}

export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[\s-]+/)
    .map((t) => t.replace(/^['’.]+|['’.]+$/g, ''))
    .filter((t) => t.length >= 2 && !NAME_PARTICLES.has(t));
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

export function deriveLexicon(locales: Record<string, LocaleLike>, wordLocales: readonly string[]): DerivedLexicon {
  const given = new Set<string>();
  const surnames = new Set<string>();
  for (const definition of Object.values(locales)) {
    for (const [list, target] of [
      [definition.person?.first_name, given],
      [definition.person?.last_name, surnames],
    ] as const) {
      for (const name of strings(list)) {
        if (!LATIN_NAME.test(name)) continue;
        for (const token of nameTokens(name)) if (!isHeldOutName(token)) target.add(token);
      }
    }
  }
  const words = new Set<string>();
  for (const locale of wordLocales) {
    for (const word of strings(locales[locale]?.word)) {
      for (const token of word.toLowerCase().split(/\s+/)) if (token.length >= 2 && /^\p{L}+$/u.test(token)) words.add(token);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { given: sorted(given), surnames: sorted(surnames), words: sorted(words) };
}
