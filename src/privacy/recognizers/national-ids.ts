import { deTaxIdValid, esNifValid, ninoValid, ssnValid } from '../checksums.js';
import type { Finding, Recognizer, TextStats } from '../entities.js';

const SSN = /(?<![\p{L}\p{N}.\-\/])(\d{3})([- ]?)(\d{2})\2(\d{4})(?!\p{N}|[\-\/.]\d)/gu;

export const usSsnRecognizer: Recognizer = {
  name: 'us-ssn',
  entities: ['US_SSN'],
  applies: (stats: TextStats) => stats.digits >= 9,
  scan(text: string, out: Finding[]) {
    SSN.lastIndex = 0;
    for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
      if (!ssnValid(m[1], m[3], m[4])) continue;
      // 3-2-4 with dashes is the SSN's own shape; nine bare digits need a word like "SSN" nearby.
      const score = m[2] === '-' ? 0.75 : m[2] === ' ' ? 0.55 : 0.3;
      out.push({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score, recognizer: 'us-ssn' });
    }
  },
};

const NINO = /(?<![\p{L}\p{N}])([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}])/giu;

export const ukNinoRecognizer: Recognizer = {
  name: 'uk-nino',
  entities: ['UK_NINO'],
  applies: (stats: TextStats) => stats.digits >= 6,
  scan(text: string, out: Finding[]) {
    NINO.lastIndex = 0;
    for (let m = NINO.exec(text); m !== null; m = NINO.exec(text)) {
      const compact = (m[1] + m[2] + m[3] + m[4] + m[5]).toUpperCase();
      if (!ninoValid(compact)) continue;
      out.push({ type: 'UK_NINO', start: m.index, end: m.index + m[0].length, score: 0.8, recognizer: 'uk-nino' });
    }
  },
};

const DE_TAX_ID = /(?<![\p{L}\p{N}.,\-\/])[1-9]\d(?: ?\d){9}(?!\p{N}|[.,\-\/]\d)/gu;

export const deTaxIdRecognizer: Recognizer = {
  name: 'de-tax-id',
  entities: ['DE_TAX_ID'],
  applies: (stats: TextStats) => stats.digits >= 11,
  scan(text: string, out: Finding[]) {
    DE_TAX_ID.lastIndex = 0;
    for (let m = DE_TAX_ID.exec(text); m !== null; m = DE_TAX_ID.exec(text)) {
      if (!deTaxIdValid(m[0].replace(/ /g, ''))) continue;
      // About one random 11-digit number in 700 passes both rules: a match is a tax id even after "ref".
      out.push({ type: 'DE_TAX_ID', start: m.index, end: m.index + m[0].length, score: 0.85, recognizer: 'de-tax-id' });
    }
  },
};

const ES_NIF = /(?<![\p{L}\p{N}])(?:([XYZ])[- ]?)?(\d{7,8})[- ]?([A-Z])(?![\p{L}\p{N}])/giu;

export const esNifRecognizer: Recognizer = {
  name: 'es-nif',
  entities: ['ES_NIF'],
  applies: (stats: TextStats) => stats.digits >= 7,
  scan(text: string, out: Finding[]) {
    ES_NIF.lastIndex = 0;
    for (let m = ES_NIF.exec(text); m !== null; m = ES_NIF.exec(text)) {
      let start = m.index;
      if (!esNifValid(((m[1] ?? '') + m[2] + m[3]).toUpperCase())) {
        // "X 12345678Z": the letter before was not an NIE prefix; the DNI after it may still be valid.
        if (m[1] === undefined || !esNifValid((m[2] + m[3]).toUpperCase())) continue;
        start = m.index + m[0].indexOf(m[2]);
      }
      out.push({ type: 'ES_NIF', start, end: m.index + m[0].length, score: 0.8, recognizer: 'es-nif' });
    }
  },
};
