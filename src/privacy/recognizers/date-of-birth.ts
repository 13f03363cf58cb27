import { type Finding, type Recognizer, type TextStats, finding } from '../entities.js';

/**
 * Dates of birth. A date is only a date of birth when the text says so ("born", "DOB", "geboren",
 * "né le", "fecha de nacimiento" …) just before it or in a bracket just after it: a bare date is an
 * appointment, a deadline or a delivery day, and is left alone.
 */

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'januar', 'jänner', 'februar', 'märz', 'mai', 'juni', 'juli', 'oktober', 'dezember', 'okt', 'dez',
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'januari', 'februari', 'maart', 'mei', 'augustus', 'oktober',
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
];
const MONTH = `(?:${[...new Set(MONTHS)].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th|\\.|º|er)?';
const YEAR = '(?:19|20)\\d{2}';

const DATE = new RegExp(
  [
    `(?<![\\p{L}\\p{N}.\\/-])(?:\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2})(?![\\p{N}]|[./-]\\d)`,
    // 3 May 1990, 3rd of May 1990, the 3rd of May, 1990, 12-Mar-1985, 3 de mayo de 1990
    `(?<![\\p{L}\\p{N}])${DAY}(?:\\s+(?:de|of)\\s+|\\s+|-)${MONTH}(?:\\s+de)?(?:,?\\s+|-)${YEAR}(?!\\p{N})`,
    `(?<![\\p{L}\\p{N}])${MONTH}\\s+${DAY},?\\s+${YEAR}(?!\\p{N})`,
  ].join('|'),
  'giu',
);

const CUE_WORDS = [
  'born', 'birth', 'dob', 'd\\.o\\.b', 'birthday', 'birthdate', 'b\\.',
  'geboren', 'geb\\.', 'geburtsdatum', 'geburtstag', 'geburt',
  'né', 'née', 'naissance', 'nacido', 'nacida', 'nacimiento', 'f\\. nac\\.', 'cumpleaños',
  'geboortedatum', 'verjaardag', 'nato', 'nata', 'nascita', 'compleanno', 'nací', 'nació',
];
// The cue must be the last word-ish thing before the date, give or take a few linking words ("born on", "né le").
const CUE_BEFORE = new RegExp(
  `(?<![\\p{L}])(?:${CUE_WORDS.join('|')})(?![\\p{L}])[^.!?;\\n]{0,28}$`,
  'iu',
);
const CUE_AFTER = new RegExp(
  `^(?:\\s*[(\\[,-]\\s*|[^.!?;\\n\\d]{0,20}?\\s)(?:${CUE_WORDS.join('|')})(?![\\p{L}])`,
  'iu',
);
// Without one of these words anywhere there is no date of birth to find: most texts stop here.
const ANY_CUE = new RegExp(`(?:${CUE_WORDS.join('|')}|nací|nació)`, 'i');

export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  entities: ['DATE_OF_BIRTH'],
  applies: (stats: TextStats) => stats.digits >= 4,
  scan(text: string, out: Finding[]) {
    if (!ANY_CUE.test(text)) return;
    DATE.lastIndex = 0;
    for (let m = DATE.exec(text); m !== null; m = DATE.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const before = text.slice(Math.max(0, start - 40), start);
      const cued = CUE_BEFORE.test(before) || CUE_AFTER.test(text.slice(end, end + 24));
      if (!cued) continue;
      out.push(finding('DATE_OF_BIRTH', start, end, 0.9, 'date-of-birth'));
    }
  },
};
