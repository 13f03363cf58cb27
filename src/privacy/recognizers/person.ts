import { type Finding, type Recognizer, type TextStats, finding } from '../entities.js';
import {
  BRAND,
  COMMON_WORD,
  EVERYDAY_WORD,
  FUNCTION_WORD,
  GIVEN_NAME,
  NAME_WORD,
  ORG_SUFFIX,
  PLACE,
  SURNAME_WORD,
  isPlainWord,
} from '../lexicon/lexicon.js';
import { nameLikelihood } from '../lexicon/name-model.js';
import { PLACE_PHRASES } from '../lexicon/words.js';
import { capitalWidth, isJoiner, isLetterAt, letterWidth } from './characters.js';
import { Kind, type Token, joinParticles, particleTokens, wordInfo } from './person-tokens.js';
import { CueReader, type PersonCues, personCues } from './person-cues.js';

/**
 * People's names. A capitalised run of words ("Jana Novak", "Jean-Luc de la Fontaine", "J. R. Ewing")
 * is weighed on what its words are (gazetteer names, everyday words, places, brands, unknown words
 * scored by the name model) and on what surrounds it (titles, greetings, sign-offs, "my name is",
 * a verb after it, an article or a preposition of place before it).
 */

/**
 * A model number right after a run makes it a product ("Galaxy S24", "iPhone 15 Pro", "Pixel 8a"):
 * a short code on the same line. A longer number, or digits in groups (a phone, a card), or a
 * number on the next line (a house number in a postal block), is something else after a name.
 */
const PRODUCT_AFTER = /^[ \t]?(?:[A-Z]{1,3}\d|[a-z]\d|\d{1,4}(?![\d]|[ .\/-]\d))/;

/** Evidence at which a run is as likely a person as not. */
const EVIDENCE_MIDPOINT = 1.2;

/** The first words of the multi-word places, so that only runs starting with one are joined up and looked up. */
const PLACE_PHRASE_STARTS = new Set([...PLACE_PHRASES].map((p) => p.split('_')[0]));

const isGazetteer = (flags: number) => (flags & NAME_WORD) !== 0;
const isCommon = (flags: number) => (flags & COMMON_WORD) !== 0;

/** Evidence that a name-shaped token is part of a person's name, given the evidence of the token before it. */
function tokenEvidence(t: Token, position: number, runLength: number, previous: number, strong: boolean, titled: boolean): number {
  const flags = t.flags;
  if (position === 0 && runLength === 1 && !titled && isPlainWord(flags)) return -1.5;
  const gazetteer = isGazetteer(flags);
  const ordinary = (flags & (COMMON_WORD | PLACE | BRAND)) !== 0;
  const brand = (flags & BRAND) !== 0;
  // After "Mr." a word is a name even when it is also a word ("Mrs Price", "Dr. House").
  if ((gazetteer || (position === 0 && titled)) && ordinary && !brand) return 0.3;
  if ((flags & GIVEN_NAME) !== 0) return position === 0 ? 2 : 1.2;
  if ((flags & SURNAME_WORD) !== 0) return position === 0 ? 1 : 1.5;
  // A brand after "my name is" may be a name ("Meta Price"); not enough of one for "Dear Apple Support".
  if (brand) return strong && runLength > 1 ? -1 : -2.5;
  // "Jordan de Lange", "Hi Austin": a place word that begins a longer name or follows a greeting is often a given name.
  if ((flags & PLACE) !== 0) return strong || (runLength > 1 && position === 0) ? -0.5 : -2;
  // Surnames that are also words ("Lang", "Price", "Brown") after a name-like first token, or any general
  // word in a run a greeting or sign-off introduces ("Regards, Frank Vogel") — but not business words
  // ("Dear Customer Service").
  if (ordinary) return (position > 0 && previous >= 0.5) || (strong && runLength > 1 && (flags & EVERYDAY_WORD) === 0) ? 0 : -1.5;
  // Once everyday vocabulary is excluded, unknown capitalised words are mostly names; the model nudges.
  return 0.6 + 0.25 * Math.max(-2, Math.min(2, nameLikelihood(t.lower)));
}

function scoreRun(text: string, tokensOfRun: Token[], out: Finding[], cues: CueReader): void {
  let run = tokensOfRun;
  // Most runs are one capitalised everyday word starting a sentence ("Please", "Thanks", "Our").
  if (run.length === 1 && run[0].kind === Kind.Name && isPlainWord(run[0].flags)) return;
  // A title, greeting or introduction right before the run vouches for its first word even if it is a word.
  let outerStrong: boolean | undefined;
  const strongBefore = () => (outerStrong ??= cues.strongAt(run[0].start));
  let first = 0;
  let titled = false;
  // A title before the run ("dhr. van der Heijden", "don Pedro") with any particles after it.
  const titleStart = cues.titleParticlesBefore(run[0].start);
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
      // What follows is more of a name: a capitalised word, or an initial with its dot ("May T. Dickinson").
      const nameFollows = next !== undefined && (next.kind === Kind.Name || (next.kind === Kind.Initial && text.charCodeAt(next.end) === 46));
      const ambiguousName = (t.flags & GIVEN_NAME) !== 0 && nameFollows;
      if ((t.flags & FUNCTION_WORD) !== 0 || personCues.isCueWord(w)) {
        // After "my name is", "May Beer" is a name; "The Team" is still not.
        const introduced = nameFollows && !personCues.isDeterminer(w) && !personCues.isCueWord(w) && strongBefore();
        if (ambiguousName || introduced) break;
      } else if (titled || !isCommon(t.flags) || isGazetteer(t.flags) || strongBefore()) {
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
  while (
    last >= first &&
    (run[last].kind === Kind.Particle ||
      ((run[last].flags & FUNCTION_WORD) !== 0 && !isGazetteer(run[last].flags) && !(last > first && strongBefore())))
  ) {
    last--;
  }
  if (first > last) return;
  let names = 0;
  let firstName: Token | undefined;
  // Initials written with their dot ("J. R. Ewing") are parts of the name too.
  let initials = 0;
  for (let k = first; k <= last; k++) {
    const t = run[k];
    if (t.kind === Kind.Name) {
      // An organisation's suffix ("Schmidt GmbH") makes the run a company.
      if ((t.flags & ORG_SUFFIX) !== 0) return;
      names++;
      firstName ??= t;
    } else if (t.kind === Kind.Initial && text.charCodeAt(t.end) === 46) {
      initials++;
    }
  }
  if (firstName === undefined) return;
  if (PLACE_PHRASE_STARTS.has(firstName.lower) && PLACE_PHRASES.has(nameWords(run, first, last).join('_'))) return;

  const start = run[first].start;
  let end = run[last].end;
  if (end - start >= 2 && text.charCodeAt(end - 1) === 115 /* s */ && isApostrophe(text.charCodeAt(end - 2))) end -= 2;
  // One unknown word with nothing before it that introduces a person cannot reach the threshold: skip the rest.
  if (names === 1 && initials === 0 && !titled && !cues.strongAt(start)) {
    if (tokenEvidence(firstName, 0, 1, 0, false, false) + 0.5 <= EVIDENCE_MIDPOINT) return;
  }
  const around = cues.around(start, end);
  if (titled) around.strong = true;
  // A capitalised role word inside a heading ("Customer Success") is not an introduction.
  if (first > 0 && !titled && !cues.sentenceStartAt(run[first - 1].start)) around.strong &&= !personCues.isRoleWord(run[first - 1].lower);
  if (!around.strong && PRODUCT_AFTER.test(text.slice(end, end + 8))) return;

  const score = runScore(run, first, last, names + initials, around, titled);
  if (score >= 0.2) out.push(finding('PERSON', start, throughGluedParticles(text, end), score, 'person'));
}

/**
 * Surnames glued to a lower-case particle ("Jean d'Ormesson", "Ahmed al-Farsi", "Nour el-Din
 * Haddad") are not runs of capitalised words: after a name, each such particle and the name it
 * carries belong to the name.
 */
const GLUED_PARTICLE = /\s+(?:d|l|dell|al|el|ad|ar|as|ash|at|az|an|ud|ul|bin|ibn)['’-]\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{Lu}[\p{L}\p{M}]*)*/uy;

function throughGluedParticles(text: string, end: number): number {
  GLUED_PARTICLE.lastIndex = end;
  while (GLUED_PARTICLE.exec(text)) end = GLUED_PARTICLE.lastIndex;
  return end;
}

const isApostrophe = (c: number) => c === 39 || c === 8217;

function nameWords(run: Token[], first: number, last: number): string[] {
  const words: string[] = [];
  for (let k = first; k <= last; k++) if (run[k].kind === Kind.Name) words.push(run[k].lower);
  return words;
}

function runScore(run: Token[], first: number, last: number, k: number, cues: PersonCues, titled: boolean): number {
  let evidence = 0;
  let previous = 0;
  let position = 0;
  for (let i = first; i <= last; i++) {
    const t = run[i];
    if (t.kind === Kind.Initial) evidence += 0.3;
    if (t.kind !== Kind.Name) continue;
    previous = tokenEvidence(t, position++, k, previous, cues.strong, titled);
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
    const cues = READER.reset(text);
    try {
      scanRuns(text, out, cues);
    } finally {
      cues.reset('');
    }
  },
};

// One reader serves every text (analysis is synchronous); it is let go of the text when a scan ends.
const READER = new CueReader();

function scanRuns(text: string, out: Finding[], cues: CueReader): void {
  let run: Token[] = [];
  const n = text.length;
  // Only capitalised words can start or continue a name; lower-case words are looked at only as the
  // particles between two of them ("Vincent van Gogh") or as context.
  for (let i = 0; i < n; i++) {
    const width = capitalWidth(text, i);
    if (width === 0) continue;
    if (i > 0 && (isLetterAt(text, i - 1) || (isJoiner(text.charCodeAt(i - 1)) && i > 1 && isLetterAt(text, i - 2)))) {
      i += width - 1;
      continue;
    }
    let j = i + width;
    while (j < n) {
      const w = letterWidth(text, j);
      if (w > 0) j += w;
      else if (isJoiner(text.charCodeAt(j)) && j + 1 < n && letterWidth(text, j + 1) > 0) j += 1 + letterWidth(text, j + 1);
      else break;
    }
    const start = i;
    i = j - 1;
    const known = wordInfo(text.slice(start, j));
    const token: Token = { start, end: j, lower: known.lower, kind: known.kind, flags: known.flags };
    if (token.kind === Kind.Other || token.kind === Kind.Particle) {
      if (run.length > 0) scoreRun(text, run, out, cues);
      run = [];
      continue;
    }
    if (run.length > 0) {
      const particles = joinParticles(text, run[run.length - 1], token);
      if (particles) {
        run.push(...particles, token);
        continue;
      }
      scoreRun(text, run, out, cues);
    }
    run = [token];
  }
  if (run.length > 0) scoreRun(text, run, out, cues);
}
