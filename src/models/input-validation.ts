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
 * Checks untrusted `rows` against an input schema. On success returns fresh rows holding exactly
 * the declared features (defaults filled in for absent optional ones); otherwise every problem
 * found, each naming the field and the rule. `null` counts as absent.
 */
export function validateRows(schema: InputSchema, rows: unknown, options: ValidateOptions = {}): RowsValidation {
  const { maxRows, path, maxProblems } = { ...DEFAULTS, ...options };
  if (!Array.isArray(rows)) return { problems: [{ field: path, rule: 'type', message: 'must be an array of rows' }] };
  if (rows.length > maxRows) {
    return { problems: [{ field: path, rule: 'maxRows', message: `at most ${maxRows} rows per call, got ${rows.length}` }] };
  }
  if (rows.length === 0) return { problems: [{ field: path, rule: 'minRows', message: 'must hold at least one row' }] };

  const declared = new Map(schema.features.map((f) => [f.name, f]));
  const problems: InputProblem[] = [];
  const out: FeatureRow[] = [];
  for (let i = 0; i < rows.length && problems.length < maxProblems; i++) {
    const at = `${path}[${i}]`;
    const row: unknown = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({ field: at, rule: 'type', message: 'must be an object of feature values' });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!declared.has(key)) problems.push({ field: `${at}.${key}`, rule: 'unknown', message: 'is not a feature of this model' });
    }
    const clean: FeatureRow = {};
    for (const feature of schema.features) {
      const raw = (row as Record<string, unknown>)[feature.name];
      const field = `${at}.${feature.name}`;
      if (raw === undefined || raw === null) {
        if (feature.optional && feature.default !== undefined) clean[feature.name] = feature.default;
        else problems.push({ field, rule: 'required', message: 'is required' });
        continue;
      }
      const problem = checkValue(feature, raw);
      if (problem) problems.push({ field, ...problem });
      else clean[feature.name] = raw as number | string;
    }
    out.push(clean);
  }
  return problems.length > 0 ? { problems: problems.slice(0, maxProblems) } : { rows: out };
}

/** The first rule one present value breaks, or null when it is acceptable. */
export function checkValue(feature: FeatureSpec, value: unknown): { rule: InputRule; message: string } | null {
  switch (feature.type) {
    case 'numeric': {
      if (typeof value !== 'number') return { rule: 'type', message: 'must be a number' };
      if (!Number.isFinite(value)) return { rule: 'finite', message: 'must be a finite number' };
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
      if (codePoints(value) > feature.maxLength) return { rule: 'maxLength', message: `must be at most ${feature.maxLength} characters` };
      return null;
    }
  }
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
