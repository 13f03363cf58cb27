import type { EncodingSpec, EncodingStep, FeatureRow, HashedTextStep } from './model-schema.js';

/**
 * Encoding spec format 1: turns validated feature rows into the float32 tensor a model reads.
 * The trainer and the server both call `encodeRows`, so a model always sees its inputs exactly
 * as it saw them in training.
 */

/** Tensor columns [start, end) that belong to one named feature. */
export interface FeatureSlice {
  feature: string;
  start: number;
  end: number;
}

export class EncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodingError';
  }
}

export function stepWidth(step: EncodingStep): number {
  switch (step.kind) {
    case 'standardize':
      return 1;
    case 'one-hot':
      return step.values.length;
    case 'hashed-text':
      return step.buckets;
  }
}

export const encodingWidth = (spec: EncodingSpec): number => spec.steps.reduce((w, s) => w + stepWidth(s), 0);

/** Which columns each feature owns, in column order; explanations group contributions by these. */
export function featureSlices(spec: EncodingSpec): FeatureSlice[] {
  let start = 0;
  return spec.steps.map((step) => {
    const slice = { feature: step.feature, start, end: start + stepWidth(step) };
    start = slice.end;
    return slice;
  });
}

/** Human-readable column names: `income`, `region=north`, `message#17`. */
export function columnNames(spec: EncodingSpec): string[] {
  return spec.steps.flatMap((step) => {
    switch (step.kind) {
      case 'standardize':
        return [step.feature];
      case 'one-hot':
        return step.values.map((v) => `${step.feature}=${v}`);
      case 'hashed-text':
        return Array.from({ length: step.buckets }, (_, i) => `${step.feature}#${i}`);
    }
  });
}

/**
 * Encodes rows (which must have passed `validateRows`) into one row-major Float32Array of
 * `rows.length × encodingWidth(spec)`. Throws `EncodingError` on a value the spec cannot encode.
 */
export function encodeRows(spec: EncodingSpec, rows: readonly FeatureRow[]): Float32Array {
  if (spec.version !== 1) throw new EncodingError(`unsupported encoding version ${String(spec.version)}`);
  const width = encodingWidth(spec);
  const out = new Float32Array(rows.length * width);
  const slices = featureSlices(spec);
  rows.forEach((row, r) => {
    spec.steps.forEach((step, s) => encodeStep(step, row[step.feature], out, r * width + slices[s].start));
  });
  return out;
}

function encodeStep(step: EncodingStep, value: number | string | undefined, out: Float32Array, at: number): void {
  switch (step.kind) {
    case 'standardize': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new EncodingError(`${step.feature}: expected a finite number`);
      let x = value;
      if (step.clip?.min !== undefined && x < step.clip.min) x = step.clip.min;
      if (step.clip?.max !== undefined && x > step.clip.max) x = step.clip.max;
      out[at] = (x - step.mean) / step.std;
      return;
    }
    case 'one-hot': {
      const index = typeof value === 'string' ? step.values.indexOf(value) : -1;
      if (index < 0) throw new EncodingError(`${step.feature}: ${JSON.stringify(value)} is not a declared category`);
      out[at + index] = 1;
      return;
    }
    case 'hashed-text': {
      if (typeof value !== 'string') throw new EncodingError(`${step.feature}: expected a string`);
      out.set(hashText(step, value), at);
      return;
    }
  }
}

/** Tokens of format 1: NFKC, lower case, split on anything that is not a letter or digit. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

const utf8 = new TextEncoder();
// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { imul, sqrt, sign, log1p, abs } = Math;

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(text)) {
    h ^= byte;
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
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
