import { deTaxIdValid, esNifValid, ninoValid, ssnValid } from '../checksums.js';
import { type Finding, type Recognizer, type TextStats, firstNumberStart, finding } from '../entities.js';

// A dash before it sets it off after a word, a space or nothing, as for cards; after a digit it joins a longer number.
const SSN = /(?<![\p{L}\p{N}.\/]|[^\p{L}\s]-)(\d{3})([- ]?)(\d{2})\2(\d{4})(?!\p{N}|[\-\/.]\d)/gu;

export const usSsnRecognizer: Recognizer = {
  name: 'us-ssn',
  entities: ['US_SSN'],
  applies: (stats: TextStats) => stats.longestNumber >= 9,
  scan(text: string, out: Finding[], stats?: TextStats) {
    SSN.lastIndex = firstNumberStart(stats, 9);
    if (SSN.lastIndex < 0) return;
    for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
      if (!ssnValid(m[1], m[3], m[4])) continue;
      // 3-2-4 with dashes is the SSN's own shape; nine bare digits need a word like "SSN" nearby.
      const score = m[2] === '-' ? 0.75 : m[2] === ' ' ? 0.55 : 0.3;
      out.push(finding('US_SSN', m.index, m.index + m[0].length, score, 'us-ssn'));
    }
  },
};

const NINO = /(?<![\p{L}\p{N}])([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}])/giu;

export const ukNinoRecognizer: Recognizer = {
  name: 'uk-nino',
  entities: ['UK_NINO'],
  applies: (stats: TextStats) => stats.longestNumber >= 6 && stats.lettersBeforeNumber,
  scan(text: string, out: Finding[], stats?: TextStats) {
    // The prefix letters and a space come before the six digits.
    NINO.lastIndex = firstNumberStart(stats, 6, 3);
    if (NINO.lastIndex < 0) return;
    for (let m = NINO.exec(text); m !== null; m = NINO.exec(text)) {
      const compact = (m[1] + m[2] + m[3] + m[4] + m[5]).toUpperCase();
      if (!ninoValid(compact)) continue;
      out.push(finding('UK_NINO', m.index, m.index + m[0].length, 0.8, 'uk-nino'));
    }
  },
};

const DE_TAX_ID = /(?<![\p{L}\p{N}.,\/]|[^\p{L}\s]-)[1-9]\d(?: ?\d){9}(?!\p{N}|[.,\-\/]\d)/gu;

export const deTaxIdRecognizer: Recognizer = {
  name: 'de-tax-id',
  entities: ['DE_TAX_ID'],
  applies: (stats: TextStats) => stats.longestNumber >= 11,
  scan(text: string, out: Finding[], stats?: TextStats) {
    DE_TAX_ID.lastIndex = firstNumberStart(stats, 11);
    if (DE_TAX_ID.lastIndex < 0) return;
    for (let m = DE_TAX_ID.exec(text); m !== null; m = DE_TAX_ID.exec(text)) {
      if (!deTaxIdValid(m[0].replace(/ /g, ''))) continue;
      // About one random 11-digit number in 700 passes both rules: a match is a tax id even after "ref".
      out.push(finding('DE_TAX_ID', m.index, m.index + m[0].length, 0.85, 'de-tax-id'));
    }
  },
};

const ES_NIF = /(?<![\p{L}\p{N}])(?:([XYZ])[- ]?)?(\d{7,8})[- ]?([A-Z])(?![\p{L}\p{N}])/giu;

export const esNifRecognizer: Recognizer = {
  name: 'es-nif',
  entities: ['ES_NIF'],
  applies: (stats: TextStats) => stats.sevenOrEightDigits,
  scan(text: string, out: Finding[], stats?: TextStats) {
    // An NIE's letter and a dash come before its seven digits.
    ES_NIF.lastIndex = firstNumberStart(stats, 7, 2);
    if (ES_NIF.lastIndex < 0) return;
    for (let m = ES_NIF.exec(text); m !== null; m = ES_NIF.exec(text)) {
      let start = m.index;
      if (!esNifValid(((m[1] ?? '') + m[2] + m[3]).toUpperCase())) {
        // "X 12345678Z": the letter before was not an NIE prefix; the DNI after it may still be valid.
        if (m[1] === undefined || !esNifValid((m[2] + m[3]).toUpperCase())) continue;
        start = m.index + m[0].indexOf(m[2]);
      }
      out.push(finding('ES_NIF', start, m.index + m[0].length, 0.8, 'es-nif'));
    }
  },
};
