import type { Finding, Recognizer, TextStats } from '../entities.js';
import { NAME_PARTICLES } from '../lexicon/derive-lexicon.js';
import { GIVEN, SURNAME, VOCABULARY, nameLikelihood } from '../lexicon/name-model.js';
import { BRANDS, EVERYDAY_WORDS, FUNCTION_WORDS, HONORIFICS, ORG_SUFFIXES, PLACE_PHRASES, PLACES } from '../lexicon/words.js';
import { type PersonCues, personCues } from './person-cues.js';

/**
 * People's names. A capitalised run of words ("Jana Novak", "Jean-Luc de la Fontaine", "J. R. Ewing")
 * is weighed on what its words are (gazetteer names, everyday words, places, brands, unknown words
 * scored by the name model) and on what surrounds it (titles, greetings, sign-offs, "my name is",
 * a verb after it, an article or a preposition of place before it).
 */

const CAPITALISED = /^\p{Lu}(?:['’]\p{Lu})?[\p{Ll}\p{M}]/u;
const INITIAL = /^\p{Lu}$/u;
// One inner capital after a patronymic or particle prefix: McDonald, O'Brien, D'Amato, DeShawn, LeBlanc.
const NAME_CAMEL = /^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)\p{Lu}[\p{Ll}\p{M}]+$/u;
const INNER_CAPITAL = /.\p{Lu}/u;
const POSSESSIVE = /['’]s$/u;
const PRODUCT_AFTER = /^\s?(?:\d|[A-Z]{1,3}\d|[a-z]\d)/;

/** Evidence at which a run is as likely a person as not. */
const EVIDENCE_MIDPOINT = 1.2;

const enum Kind {
  Other,
  Name,
  Initial,
  Particle,
  Title,
}

interface Token {
  start: number;
  end: number;
  /** Lower case, possessive removed. */
  lower: string;
  kind: Kind;
}

// Titles that are also given names are titles only in lower case ("don Pedro", but "Don Dibbert").
const TITLES_ALSO_NAMES = new Set(['don']);

function classify(word: string, lower: string): Kind {
  if (HONORIFICS.has(lower) && !(TITLES_ALSO_NAMES.has(lower) && word !== lower)) return Kind.Title;
  if (word.length === 1) return INITIAL.test(word) ? Kind.Initial : Kind.Other;
  if (!CAPITALISED.test(word)) return NAME_PARTICLES.has(lower) ? Kind.Particle : Kind.Other;
  // CamelCase is a brand (PlayStation, ThinkPad) unless it is a name prefix (McDonald); hyphens join names.
  if (!hasInnerCapital(word)) return Kind.Name;
  const bare = word.replace(POSSESSIVE, '');
  return bare.split('-').some((part) => INNER_CAPITAL.test(part) && !NAME_CAMEL.test(part)) ? Kind.Other : Kind.Name;
}

/** Whether two tokens are one name: a single space between them, or a dot and a space after an initial or title. */
function joins(text: string, prev: Token, next: Token): boolean {
  const gap = next.start - prev.end;
  const c = text.charCodeAt(prev.end);
  if (gap === 1) return c === 32 || c === 160;
  return gap === 2 && c === 46 && text.charCodeAt(prev.end + 1) === 32 && (prev.kind === Kind.Initial || prev.kind === Kind.Title);
}

const isGazetteer = (w: string) => GIVEN.has(w) || SURNAME.has(w);
/** An everyday word that is nobody's name: alone, without a title, it never reaches the threshold. */
const isPlainWord = (w: string) => (VOCABULARY.has(w) || EVERYDAY_WORDS.has(w) || FUNCTION_WORDS.has(w)) && !isGazetteer(w);
const isCommon = (w: string) => VOCABULARY.has(w) || EVERYDAY_WORDS.has(w) || FUNCTION_WORDS.has(w);

/** Evidence that a name-shaped token is part of a person's name, given the evidence of the token before it. */
function tokenEvidence(w: string, position: number, runLength: number, previous: number, strong: boolean, titled: boolean): number {
  if (position === 0 && runLength === 1 && !titled && isPlainWord(w)) return -1.5;
  const gazetteer = isGazetteer(w);
  const ordinary = isCommon(w) || PLACES.has(w) || BRANDS.has(w);
  // After "Mr." a word is a name even when it is also a word ("Mrs Price", "Dr. House").
  if ((gazetteer || (position === 0 && titled)) && ordinary && !BRANDS.has(w)) return 0.3;
  if (GIVEN.has(w)) return position === 0 ? 2 : 1.2;
  if (SURNAME.has(w)) return position === 0 ? 1 : 1.5;
  // A brand after "my name is" may be a name ("Meta Price"); not enough of one for "Dear Apple Support".
  if (BRANDS.has(w)) return strong && runLength > 1 ? -1 : -2.5;
  // "Jordan de Lange", "Hi Austin": a place word that begins a longer name or follows a greeting is often a given name.
  if (PLACES.has(w)) return strong || (runLength > 1 && position === 0) ? -0.5 : -2;
  // Surnames that are also words ("Lang", "Price", "Brown") after a name-like first token, or any general
  // word in a run a greeting or sign-off introduces ("Regards, Frank Vogel") — but not business words
  // ("Dear Customer Service").
  if (ordinary) return (position > 0 && previous >= 0.5) || (strong && runLength > 1 && !EVERYDAY_WORDS.has(w)) ? 0 : -1.5;
  // Once everyday vocabulary is excluded, unknown capitalised words are mostly names; the model nudges.
  return 0.6 + 0.25 * Math.max(-2, Math.min(2, nameLikelihood(w)));
}

function scoreRun(text: string, tokensOfRun: Token[], out: Finding[]): void {
  let run = tokensOfRun;
  // Most runs are one capitalised everyday word starting a sentence ("Please", "Thanks", "Our").
  if (run.length === 1 && run[0].kind === Kind.Name && isPlainWord(run[0].lower)) return;
  // A title, greeting or introduction right before the run vouches for its first word even if it is a word.
  let outerStrong: boolean | undefined;
  const strongBefore = () => (outerStrong ??= personCues.strongAt(text, run[0].start));
  let first = 0;
  let titled = false;
  // A lower-case title before the run ("dhr. van der Heijden", "don Pedro") with any particles after it.
  const titleStart = personCues.titleParticlesBefore(text, run[0].start);
  if (titleStart >= 0) {
    titled = true;
    if (titleStart < run[0].start) run = [...particleTokens(text, titleStart, run[0].start), ...run];
  }
  while (first < run.length) {
    const t = run[first];
    if (t.kind === Kind.Title) {
      titled = true;
    } else if (t.kind === Kind.Particle) {
      if (titled) break;
    } else if (t.kind === Kind.Name) {
      const w = t.lower;
      const next = run[first + 1];
      const ambiguousName = GIVEN.has(w) && next !== undefined && next.kind === Kind.Name;
      if (FUNCTION_WORDS.has(w) || personCues.isCueWord(w)) {
        // After "my name is", "May Beer" is a name; "The Team" is still not.
        const introduced = next?.kind === Kind.Name && !personCues.isDeterminer(w) && !personCues.isCueWord(w) && strongBefore();
        if (ambiguousName || introduced) break;
      } else if (titled || !isCommon(w) || isGazetteer(w) || strongBefore()) {
        break;
      }
      titled = false;
    } else {
      break;
    }
    first++;
  }
  let last = run.length - 1;
  // Trailing function words go ("… Novak And"), unless a sign-off vouches for the whole run ("Regards, Jana Best").
  while (last >= first && (run[last].kind === Kind.Particle || (FUNCTION_WORDS.has(run[last].lower) && !isGazetteer(run[last].lower) && !(last > first && strongBefore())))) last--;
  if (first > last) return;
  const tokens = run.slice(first, last + 1);
  const names = tokens.filter((t) => t.kind === Kind.Name);
  if (names.length === 0) return;
  // Initials written with their dot ("J. R. Ewing") are parts of the name too.
  const initials = tokens.filter((t) => t.kind === Kind.Initial && text.charCodeAt(t.end) === 46).length;
  if (names.some((t) => ORG_SUFFIXES.has(t.lower)) || PLACE_PHRASES.has(names.map((t) => t.lower).join('_'))) return;

  const start = tokens[0].start;
  let end = tokens[tokens.length - 1].end;
  if (POSSESSIVE.test(text.slice(start, end))) end -= 2;
  // One unknown word with nothing before it that introduces a person cannot reach the threshold: skip the rest.
  if (names.length === 1 && initials === 0 && !titled && !personCues.strongAt(text, start)) {
    if (tokenEvidence(names[0].lower, 0, 1, 0, false, false) + 0.5 <= EVIDENCE_MIDPOINT) return;
  }
  const cues = titled ? { ...personCues.around(text, start, end), strong: true } : personCues.around(text, start, end);
  // A capitalised role word inside a heading ("Customer Success") is not an introduction.
  if (first > 0 && !titled && !personCues.sentenceStartAt(text, run[first - 1].start)) cues.strong &&= !isRoleWord(run[first - 1]);
  if (PRODUCT_AFTER.test(text.slice(end, end + 4)) && !cues.strong) return;

  const score = runScore(tokens, names.length + initials, cues, titled);
  if (score >= 0.2) out.push({ type: 'PERSON', start, end, score, recognizer: 'person' });
}

const isRoleWord = (t: Token) => personCues.isRoleWord(t.lower);

function particleTokens(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let at = from;
  for (const part of text.slice(from, to).split(' ')) {
    if (part !== '') tokens.push({ start: at, end: at + part.length, lower: part, kind: Kind.Particle });
    at += part.length + 1;
  }
  return tokens;
}

function runScore(tokens: Token[], k: number, cues: PersonCues, titled: boolean): number {
  let evidence = 0;
  let previous = 0;
  let position = 0;
  for (const t of tokens) {
    if (t.kind === Kind.Initial) evidence += 0.3;
    if (t.kind !== Kind.Name) continue;
    previous = tokenEvidence(t.lower, position++, k, previous, cues.strong, titled);
    evidence += previous;
  }
  if (k >= 2) evidence += 1;
  else if (!cues.strong) evidence += cues.sentenceStart ? -1.5 : -0.5;
  if (k > 4) evidence -= k - 4;
  if (cues.strong) evidence += 2.5;
  else if (cues.weak) evidence += 0.5;
  if (cues.after) evidence += 0.5;
  evidence -= cues.place + cues.determiner;
  return Math.round(1000 / (1 + Math.exp(-(evidence - EVIDENCE_MIDPOINT) * 1.5))) / 1000;
}

export const personRecognizer: Recognizer = {
  name: 'person',
  entities: ['PERSON'],
  applies: (stats: TextStats) => stats.uppers >= 1,
  scan(text: string, out: Finding[]) {
    let run: Token[] = [];
    const n = text.length;
    CAPITAL.lastIndex = 0;
    // Only capitalised words can start or continue a name; lower-case words are looked at only as the
    // particles between two of them ("Vincent van Gogh") or as context.
    for (let m = CAPITAL.exec(text); m !== null; m = CAPITAL.exec(text)) {
      const i = m.index;
      if (i > 0 && (isLetterAt(text, i - 1) || (isJoiner(text.charCodeAt(i - 1)) && i > 1 && isLetterAt(text, i - 2)))) continue;
      let j = i + m[0].length;
      while (j < n) {
        const width = letterWidth(text, j);
        if (width > 0) j += width;
        else if (isJoiner(text.charCodeAt(j)) && j + 1 < n && letterWidth(text, j + 1) > 0) j += 1 + letterWidth(text, j + 1);
        else break;
      }
      CAPITAL.lastIndex = j;
      const word = text.slice(i, j);
      let lower = word.toLowerCase();
      if (lower.includes("'") || lower.includes('’')) lower = lower.replace(POSSESSIVE, '');
      const token: Token = { start: i, end: j, lower, kind: classify(word, lower) };
      if (token.kind === Kind.Other || token.kind === Kind.Particle) {
        if (run.length > 0) scoreRun(text, run, out);
        run = [];
        continue;
      }
      if (run.length > 0) {
        const particles = joinParticles(text, run[run.length - 1], token);
        if (particles) {
          run.push(...particles, token);
          continue;
        }
        scoreRun(text, run, out);
      }
      run = [token];
    }
    if (run.length > 0) scoreRun(text, run, out);
  },
};

const CAPITAL = /\p{Lu}/gu;
const MAX_PARTICLE_GAP = 16;

/**
 * The name particles between two capitalised tokens of one name (an empty list for a single space),
 * or undefined when the gap is anything else.
 */
function joinParticles(text: string, prev: Token, next: Token): Token[] | undefined {
  if (joins(text, prev, next)) return [];
  const gap = next.start - prev.end;
  if (gap > MAX_PARTICLE_GAP || text.charCodeAt(prev.end) !== 32 || text.charCodeAt(next.start - 1) !== 32) return undefined;
  const particles: Token[] = [];
  let at = prev.end + 1;
  for (const part of text.slice(prev.end + 1, next.start - 1).split(' ')) {
    if (!NAME_PARTICLES.has(part)) return undefined;
    particles.push({ start: at, end: at + part.length, lower: part, kind: Kind.Particle });
    at += part.length + 1;
  }
  return particles;
}

const LETTER = /[\p{L}\p{M}]/u;

function hasInnerCapital(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c > 127 && word[i] !== word[i].toLowerCase()) return true;
  }
  return false;
}

function isLetterAt(text: string, i: number): boolean {
  return letterWidth(text, i) > 0;
}

/** How many UTF-16 units the letter at `i` takes (2 for a letter outside the BMP), or 0 if it is not a letter. */
function letterWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(text.slice(i, i + 2)) ? 2 : 0;
  return LETTER.test(text[i]) ? 1 : 0;
}

/** Apostrophes and hyphens join the letters on either side into one word. */
function isJoiner(c: number): boolean {
  return c === 39 || c === 45 || c === 8217;
}
