import type { EncodingSpec, EncodingStep, FeatureRow } from './model-schema.js';
import { hashText, hashTextInto } from './text-hashing.js';

export { fnv1a32, hashText, hashTextInto, tokenize } from './text-hashing.js';

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
  const encoder = compileEncoding(spec);
  const out = new Float32Array(rows.length * encoder.width);
  encoder.encode(rows, out);
  return out;
}

/**
 * The definition of format 1, one step at a time. `encodeRows` gives the same floats from code
 * compiled once per spec; this is what it falls back to for a spec it cannot compile.
 */
export function encodeRowsStepByStep(spec: EncodingSpec, rows: readonly FeatureRow[]): Float32Array {
  if (spec.version !== 1) throw new EncodingError(`unsupported encoding version ${String(spec.version)}`);
  const width = encodingWidth(spec);
  const out = new Float32Array(rows.length * width);
  interpret(spec, width, rows, out);
  return out;
}

function interpret(spec: EncodingSpec, width: number, rows: readonly FeatureRow[], out: Float32Array): void {
  const slices = featureSlices(spec);
  rows.forEach((row, r) => {
    spec.steps.forEach((step, s) => encodeStep(step, row[step.feature], out, r * width + slices[s].start));
  });
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

/** Writes encoded rows into `out`, which must hold `rows.length × width` zeros. */
export interface RowEncoder {
  width: number;
  encode(rows: readonly FeatureRow[], out: Float32Array): void;
}

const compiledEncoders = new WeakMap<EncodingSpec, RowEncoder>();

/**
 * The encoder of a spec, built once per spec object. Specs are plain data that never change once a
 * version is registered, so the steps are turned into one straight-line function: every feature
 * read is then a monomorphic property load and every constant a literal, which makes encoding
 * several times faster than walking the steps for each row.
 */
export function compileEncoding(spec: EncodingSpec): RowEncoder {
  if (spec.version !== 1) throw new EncodingError(`unsupported encoding version ${String(spec.version)}`);
  let encoder = compiledEncoders.get(spec);
  if (!encoder) {
    const width = encodingWidth(spec);
    const body = encodingSource(spec, (feature) => `row[${JSON.stringify(feature)}]`);
    encoder =
      body === null
        ? { width, encode: (rows, out) => interpret(spec, width, rows, out) }
        : {
            width,
            encode: new Function(
              'fail',
              'hashInto',
              'steps',
              `return function encode(rows, out) {
                for (let r = 0, at = 0; r < rows.length; r++, at += ${width}) {
                  const row = rows[r];
                  let v;
                  ${body}
                }
              };`,
            )(encodingFailure(spec), hashTextInto, spec.steps) as RowEncoder['encode'],
          };
    compiledEncoders.set(spec, encoder);
  }
  return encoder;
}

/** A number as a JavaScript literal that reads back as exactly the same double. */
export const numberLiteral = (x: number): string => (Object.is(x, -0) ? '(-0)' : `(${String(x)})`);
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Statements that encode one row, as compiled code: `read(feature)` is the expression that gives a
 * feature's value; the statements use `v`, write columns `at + c` of `out`, and call
 * `fail(step, value)`, `hashInto(step, text, out, at)` and `steps` as `compileEncoding` binds them.
 * Null when a constant of the spec is not a plain finite number or string: such a spec is
 * interpreted step by step instead.
 */
export function encodingSource(spec: EncodingSpec, read: (feature: string) => string): string | null {
  let column = 0;
  const lines: string[] = [];
  for (const [i, step] of spec.steps.entries()) {
    if (typeof step.feature !== 'string') return null;
    lines.push(`v = ${read(step.feature)};`);
    switch (step.kind) {
      case 'standardize': {
        const { mean, std, clip } = step;
        if (!isFiniteNumber(mean) || !isFiniteNumber(std)) return null;
        if (clip !== undefined && (typeof clip !== 'object' || clip === null)) return null;
        if ((clip?.min !== undefined && !isFiniteNumber(clip.min)) || (clip?.max !== undefined && !isFiniteNumber(clip.max))) return null;
        lines.push(`if (typeof v !== 'number' || v - v !== 0) fail(${i}, v);`);
        if (clip?.min !== undefined) lines.push(`if (v < ${numberLiteral(clip.min)}) v = ${numberLiteral(clip.min)};`);
        if (clip?.max !== undefined) lines.push(`if (v > ${numberLiteral(clip.max)}) v = ${numberLiteral(clip.max)};`);
        lines.push(`out[at + ${column}] = (v - ${numberLiteral(mean)}) / ${numberLiteral(std)};`);
        break;
      }
      case 'one-hot': {
        if (!Array.isArray(step.values) || !step.values.every((value) => typeof value === 'string')) return null;
        // A repeated value takes the column of its first occurrence, as indexOf does.
        const cases = step.values.map((value, k) => (step.values.indexOf(value) === k ? `case ${JSON.stringify(value)}: out[at + ${column + k}] = 1; break;` : ''));
        lines.push(`switch (v) { ${cases.join(' ')} default: fail(${i}, v); }`);
        break;
      }
      case 'hashed-text':
        lines.push(`if (typeof v !== 'string') fail(${i}, v);`, `hashInto(steps[${i}], v, out, at + ${column});`);
        break;
      default:
        return null;
    }
    column += stepWidth(step);
  }
  return lines.join('\n');
}

/** `fail(step, value)` for compiled encoders: throws what `encodeRowsStepByStep` throws. */
function encodingFailure(spec: EncodingSpec): (step: number, value: unknown) => never {
  return (i, value) => {
    const step = spec.steps[i];
    encodeStep(step, value as string, new Float32Array(stepWidth(step)), 0);
    throw new EncodingError(`${step.feature}: cannot encode ${JSON.stringify(value)}`);
  };
}
