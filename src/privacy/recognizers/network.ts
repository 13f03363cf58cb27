import validator from 'validator';
import type { Finding, Recognizer, TextStats } from '../entities.js';

const { isEmail, isIP } = validator;

const EMAIL = /[\p{L}\p{N}_%+'-](?:[\p{L}\p{N}._%+'-]*[\p{L}\p{N}_%+'-])?@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

export const emailRecognizer: Recognizer = {
  name: 'email',
  entities: ['EMAIL'],
  applies: (stats: TextStats) => stats.at,
  scan(text: string, out: Finding[]) {
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
      const value = m[0];
      // A plausible address that validator's stricter grammar rejects (unicode domain, odd local part) is still personal.
      const score = isEmail(value) ? 1 : 0.75;
      out.push({ type: 'EMAIL', start: m.index, end: m.index + value.length, score, recognizer: 'email' });
    }
  },
};

const URL_PATTERN = /(?<![\p{L}\p{N}@])(?:[a-z][a-z0-9+.-]{1,9}:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export const urlRecognizer: Recognizer = {
  name: 'url',
  entities: ['URL'],
  applies: (stats: TextStats) => stats.dot || stats.colon,
  scan(text: string, out: Finding[]) {
    if (!text.includes('://') && !/www\./i.test(text)) return;
    URL_PATTERN.lastIndex = 0;
    for (let m = URL_PATTERN.exec(text); m !== null; m = URL_PATTERN.exec(text)) {
      const value = m[0].replace(TRAILING, '');
      if (value.length < 8 || !value.includes('.')) continue;
      out.push({ type: 'URL', start: m.index, end: m.index + value.length, score: 0.85, recognizer: 'url' });
    }
  },
};

const IPV4 = /(?<![\p{L}\p{N}.])(?:\d{1,3}\.){3}\d{1,3}(?![\p{L}\p{N}]|\.\d)/gu;
const IPV4_HINT = /\d\.\d{1,3}\.\d{1,3}\.\d/;
const IPV6 = /(?<![\p{L}\p{N}:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\p{L}\p{N}]|:[\p{L}\p{N}:])/giu;

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  entities: ['IP_ADDRESS'],
  applies: (stats: TextStats) => (stats.dot && stats.digits >= 4) || stats.colon,
  scan(text: string, out: Finding[]) {
    if (IPV4_HINT.test(text)) {
      IPV4.lastIndex = 0;
      for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
        if (!isIP(m[0], 4)) continue;
        out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.7, recognizer: 'ip-address' });
      }
    }
    if (text.indexOf(':') !== text.lastIndexOf(':')) {
      IPV6.lastIndex = 0;
      for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
        // A colon right after an address ("… 2001:db8::1: refused") is punctuation, not part of it.
        const value = isIP(m[0], 6) ? m[0] : m[0].replace(/:$/, '');
        if (value.length < 6 || !isIP(value, 6)) continue;
        out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + value.length, score: 0.85, recognizer: 'ip-address' });
      }
    }
  },
};
