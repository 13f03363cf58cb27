import type { HashedTextStep } from './model-schema.js';

/*
 * The hashed-text step of encoding format 1 (see HashedTextStep in model-schema.ts): tokens,
 * FNV-1a and the signed, scaled bucket vector.
 */

/** Tokens of format 1: NFKC, lower case, split on anything that is not a letter or digit. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { imul, sqrt, sign, log1p, abs } = Math;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The FNV-1a state after `h` takes in the UTF-8 bytes of `text`, as TextEncoder would write them
 * (an unpaired surrogate as U+FFFD), computed from the UTF-16 code units without encoding.
 */
function fnvUtf8(h: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (c < 0x800) {
      h = imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          h = imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
          h = imul(h ^ (0x80 | ((c >> 12) & 63)), FNV_PRIME);
          h = imul(h ^ (0x80 | ((c >> 6) & 63)), FNV_PRIME);
          h = imul(h ^ (0x80 | (c & 63)), FNV_PRIME);
          continue;
        }
        c = 0xfffd;
      }
      h = imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
      h = imul(h ^ (0x80 | ((c >> 6) & 63)), FNV_PRIME);
    }
    h = imul(h ^ (0x80 | (c & 63)), FNV_PRIME);
  }
  return h;
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  return fnvUtf8(FNV_OFFSET, text) >>> 0;
}

/** The `buckets`-wide signed, normalised hashed vector of one text (float64 before storage). */
export function hashText(step: HashedTextStep, text: string): Float64Array {
  const v = new Float64Array(step.buckets);
  const tokens = tokenize(text);
  const terms = step.ngrams === 2 ? [...tokens, ...tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`)] : tokens;
  for (const term of terms) {
    const h = fnv1a32(term);
    v[h % step.buckets] += h & 0x80000000 ? -1 : 1;
  }
  if (step.normalize === 'l2') {
    let norm = 0;
    for (const x of v) norm += x * x;
    if (norm > 0) {
      norm = sqrt(norm);
      for (let i = 0; i < v.length; i++) v[i] /= norm;
    }
  } else {
    for (let i = 0; i < v.length; i++) v[i] = sign(v[i]) * log1p(abs(v[i]));
  }
  return v;
}

// Scratch for hashTextInto, grown to the widest step seen: bucket counts, which buckets are in
// use, and the list of them, so that only those are written out and reset.
let counts = new Float64Array(1024);
let marks = new Uint8Array(1024);
let touched = new Int32Array(1024);
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Adds `hashText(step, text)` into `out` from column `at`, whose `step.buckets` columns must be
 * zero. The same floats, without building term strings or encoding them: a pair's hash carries on
 * from its first word's state, and only buckets a term fell into are visited.
 */
export function hashTextInto(step: HashedTextStep, text: string, out: Float32Array, at: number): void {
  const { buckets } = step;
  if (!Number.isSafeInteger(buckets) || buckets <= 0 || buckets > 1 << 24) {
    out.set(hashText(step, text), at);
    return;
  }
  if (counts.length < buckets) {
    counts = new Float64Array(buckets);
    marks = new Uint8Array(buckets);
    touched = new Int32Array(buckets);
  }
  // Maximal runs of letters and digits are exactly what tokenize's split leaves.
  const tokens = text.normalize('NFKC').toLowerCase().match(WORD);
  let used = 0;
  if (tokens !== null) {
    const pairs = step.ngrams === 2;
    let previous = 0;
    for (let t = 0; t < tokens.length; t++) {
      const word = tokens[t];
      const single = fnvUtf8(FNV_OFFSET, word);
      for (let k = pairs && t > 0 ? 2 : 1, h = single; k > 0; k--) {
        const bucket = (h >>> 0) % buckets;
        if (marks[bucket] === 0) {
          marks[bucket] = 1;
          touched[used++] = bucket;
        }
        counts[bucket] += h < 0 ? -1 : 1;
        if (k === 2) h = fnvUtf8(imul(previous ^ 0x20, FNV_PRIME), word);
      }
      previous = single;
    }
  }
  if (step.normalize === 'l2') {
    // Counts are small integers, so the sum of squares is exact in any order.
    let norm = 0;
    for (let k = 0; k < used; k++) norm += counts[touched[k]] * counts[touched[k]];
    norm = norm > 0 ? sqrt(norm) : 1;
    for (let k = 0; k < used; k++) out[at + touched[k]] = counts[touched[k]] / norm;
  } else {
    for (let k = 0; k < used; k++) {
      const c = counts[touched[k]];
      out[at + touched[k]] = sign(c) * log1p(abs(c));
    }
  }
  for (let k = 0; k < used; k++) {
    counts[touched[k]] = 0;
    marks[touched[k]] = 0;
  }
}
