import type { FeatureRow, FeatureSpec, InputSchema } from './model-schema.js';

/**
 * Why a value was refused. `maxRows` is separate from the rest so that a caller can answer 413
 * (too many rows) rather than 400 (malformed rows).
 */
export type InputRule =
  | 'type'
  | 'required'
  | 'unknown'
  | 'finite'
  | 'min'
  | 'max'
  | 'integer'
  | 'enum'
  | 'maxLength'
  | 'minRows'
  | 'maxRows';

/** Same shape as the API's field problems: `{ field: 'inputs[3].income', rule: 'max', message }`. */
export interface InputProblem {
  field: string;
  rule: InputRule;
  message: string;
}

export type RowsValidation = { rows: FeatureRow[] } | { problems: InputProblem[] };

export interface ValidateOptions {
  /** Most rows accepted in one call (default 1,000). */
  maxRows?: number;
  /** Path prefix used in `field` (default `inputs`). */
  path?: string;
  /** Stop collecting after this many problems, so a bad batch gives a bounded answer (default 100). */
  maxProblems?: number;
}

const DEFAULTS = { maxRows: 1000, path: 'inputs', maxProblems: 100 };

/**
 * Checks untrusted `rows` against an input schema. On success returns rows holding exactly the
 * declared features (a copy with defaults filled in where an optional one was absent, the caller's
 * own row object otherwise); else every problem found, each naming the field and the rule.
 * `null` counts as absent.
 */
export function validateRows(schema: InputSchema, rows: unknown, options: ValidateOptions = {}): RowsValidation {
  const { maxRows, path, maxProblems } = { ...DEFAULTS, ...options };
  if (!Array.isArray(rows)) return { problems: [{ field: path, rule: 'type', message: 'must be an array of rows' }] };
  if (rows.length > maxRows) {
    return { problems: [{ field: path, rule: 'maxRows', message: `at most ${maxRows} rows per call, got ${rows.length}` }] };
  }
  if (rows.length === 0) return { problems: [{ field: path, rule: 'minRows', message: 'must hold at least one row' }] };

  const { declared, features, checks } = compiled(schema);
  const problems: InputProblem[] = [];
  const out: FeatureRow[] = new Array(rows.length);
  // Field paths are built only for problems: a valid batch of 1,000 rows allocates no strings.
  for (let i = 0; i < rows.length && problems.length < maxProblems; i++) {
    const row: unknown = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({ field: `${path}[${i}]`, rule: 'type', message: 'must be an object of feature values' });
      continue;
    }
    const values = row as Record<string, unknown>;
    let present = 0;
    let defaults: FeatureRow | undefined;
    for (let f = 0; f < features.length; f++) {
      const feature = features[f];
      const raw = values[feature.name];
      if (raw !== undefined) present++;
      if (raw === undefined || raw === null) {
        if (feature.optional && feature.default !== undefined) (defaults ??= {})[feature.name] = feature.default;
        else problems.push({ field: `${path}[${i}].${feature.name}`, rule: 'required', message: 'is required' });
        continue;
      }
      const problem = checks[f](raw);
      if (problem) problems.push({ field: `${path}[${i}].${feature.name}`, ...problem });
    }
    let keys = 0;
    for (const key in values) if (Object.prototype.hasOwnProperty.call(values, key)) keys++;
    if (keys !== present) {
      for (const key of Object.keys(values)) {
        if (!declared.has(key)) problems.push({ field: `${path}[${i}].${key}`, rule: 'unknown', message: 'is not a feature of this model' });
      }
    }
    // A valid row holds exactly the declared features; copy it only to fill in defaults or drop nulls.
    out[i] = defaults || keys !== present ? completeRow(values, defaults) : (values as FeatureRow);
  }
  return problems.length > 0 ? { problems: problems.slice(0, maxProblems) } : { rows: out };
}

/** A validated row as callers get it when it had nulls or lacked optional features: nulls dropped, defaults in. */
export function completeRow(values: Record<string, unknown>, defaults: FeatureRow | undefined): FeatureRow {
  return { ...(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as FeatureRow), ...defaults };
}

/** The defaults a valid row takes: each optional feature it leaves out (or sets to null) that has one. */
export function defaultsFor(schema: InputSchema, values: Record<string, unknown>): FeatureRow | undefined {
  let defaults: FeatureRow | undefined;
  for (const feature of schema.features) {
    const raw = values[feature.name];
    if ((raw === undefined || raw === null) && feature.optional && feature.default !== undefined) (defaults ??= {})[feature.name] = feature.default;
  }
  return defaults;
}

type Check = (value: unknown) => { rule: InputRule; message: string } | null;

const cache = new WeakMap<InputSchema, { declared: Set<string>; features: FeatureSpec[]; checks: Check[] }>();

/** Per-schema checks, built once: each a small monomorphic closure over one feature's constants. */
function compiled(schema: InputSchema) {
  let entry = cache.get(schema);
  if (!entry) {
    entry = { declared: new Set(schema.features.map((f) => f.name)), features: schema.features, checks: schema.features.map(checkFor) };
    cache.set(schema, entry);
  }
  return entry;
}

/** The largest finite 32-bit float: models compute in float32, so a number beyond it cannot reach one. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** A numeric feature's bounds as checked: its own, within what a 32-bit float holds. */
export function numericBounds(feature: { min?: number; max?: number }): { min: number; max: number } {
  return { min: Math.max(feature.min ?? -Infinity, -FLOAT32_MAX), max: Math.min(feature.max ?? Infinity, FLOAT32_MAX) };
}

function checkFor(feature: FeatureSpec): Check {
  if (feature.type === 'numeric') {
    const { min, max } = numericBounds(feature);
    const integer = feature.integer === true;
    return (value) => (typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value)) ? null : checkValue(feature, value));
  }
  if (feature.type === 'categorical') {
    const values = new Set(feature.values);
    return (value) => (typeof value === 'string' && values.has(value) ? null : checkValue(feature, value));
  }
  return (value) => checkValue(feature, value);
}

/** The first rule one present value breaks, or null when it is acceptable. */
export function checkValue(feature: FeatureSpec, value: unknown): { rule: InputRule; message: string } | null {
  switch (feature.type) {
    case 'numeric': {
      if (typeof value !== 'number') return { rule: 'type', message: 'must be a number' };
      if (!Number.isFinite(value)) return { rule: 'finite', message: 'must be a finite number' };
      if (Math.abs(value) > FLOAT32_MAX) return { rule: 'finite', message: 'must be a number a 32-bit float holds (at most 3.4e38 in size)' };
      if (feature.integer && !Number.isInteger(value)) return { rule: 'integer', message: 'must be a whole number' };
      if (feature.min !== undefined && value < feature.min) return { rule: 'min', message: `must be at least ${feature.min}` };
      if (feature.max !== undefined && value > feature.max) return { rule: 'max', message: `must be at most ${feature.max}` };
      return null;
    }
    case 'categorical': {
      if (typeof value !== 'string') return { rule: 'type', message: 'must be a string' };
      if (!feature.values.includes(value)) return { rule: 'enum', message: `must be one of ${feature.values.join(', ')}` };
      return null;
    }
    case 'text': {
      if (typeof value !== 'string') return { rule: 'type', message: 'must be a string' };
      // A string never has more code points than UTF-16 code units: count only when that could be too many.
      if (value.length > feature.maxLength && codePoints(value) > feature.maxLength) return { rule: 'maxLength', message: `must be at most ${feature.maxLength} characters` };
      return null;
    }
  }
}

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
