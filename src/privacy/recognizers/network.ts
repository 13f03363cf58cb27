import validator from 'validator';
import { type Finding, type Recognizer, type TextStats, finding } from '../entities.js';

const { isEmail, isIP } = validator;

// The last label of the domain starts with a letter, as every top-level domain does: `model@1.0.0`
// (a name and its version) is not an address. Letters may carry combining marks (`jose\u0301`, a
// decomposed josé), and invisible format characters (a zero-width space, a soft hyphen) inside
// the local part do not end it.
const EMAIL = /[\p{L}\p{N}_%+'-](?:[\p{L}\p{M}\p{N}\p{Cf}._%+'-]*[\p{L}\p{M}\p{N}_%+'-])?@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.\p{L}[\p{L}\p{M}\p{N}-]*/gu;

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
      out.push(finding('EMAIL', m.index, m.index + value.length, score, 'email'));
    }
  },
};

const URL_PATTERN = /(?<![\p{L}\p{N}@])(?:[a-z][a-z0-9+.-]{1,9}:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export const urlRecognizer: Recognizer = {
  name: 'url',
  entities: ['URL'],
  applies: (stats: TextStats) => stats.urlMarker,
  scan(text: string, out: Finding[], stats?: TextStats) {
    if (!stats && !text.includes('://') && !/www\./i.test(text)) return;
    URL_PATTERN.lastIndex = 0;
    for (let m = URL_PATTERN.exec(text); m !== null; m = URL_PATTERN.exec(text)) {
      const value = m[0].replace(TRAILING, '');
      if (value.length < 8 || !value.includes('.')) continue;
      out.push(finding('URL', m.index, m.index + value.length, 0.85, 'url'));
    }
  },
};

const IPV4 = /(?<![\p{L}\p{N}.])(?:\d{1,3}\.){3}\d{1,3}(?![\p{L}\p{N}]|\.\d)/gu;
const IPV4_HINT = /\d\.\d{1,3}\.\d{1,3}\.\d/;
const IPV6 = /(?<![\p{L}\p{N}:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\p{L}\p{N}]|:[\p{L}\p{N}:])/giu;

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  entities: ['IP_ADDRESS'],
  // Four groups make one number with three dots; an IPv6 address has two colons or more.
  applies: (stats: TextStats) => stats.mostDots >= 3 || stats.colons >= 2,
  scan(text: string, out: Finding[], stats?: TextStats) {
    if ((!stats || stats.mostDots >= 3) && IPV4_HINT.test(text)) {
      IPV4.lastIndex = 0;
      for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
        if (!isIP(m[0], 4)) continue;
        out.push(finding('IP_ADDRESS', m.index, m.index + m[0].length, 0.7, 'ip-address'));
      }
    }
    if (stats ? stats.colons >= 2 : text.indexOf(':') !== text.lastIndexOf(':')) {
      IPV6.lastIndex = 0;
      for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
        // A colon right after an address ("… 2001:db8::1: refused") is punctuation, not part of it.
        const value = isIP(m[0], 6) ? m[0] : m[0].replace(/:$/, '');
        if (value.length < 6 || !isIP(value, 6)) continue;
        out.push(finding('IP_ADDRESS', m.index, m.index + value.length, 0.85, 'ip-address'));
      }
    }
  },
};
