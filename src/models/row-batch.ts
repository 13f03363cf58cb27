import { codePoints, completeRow, defaultsFor, numericBounds } from './input-validation.js';
import { encodingSource, encodingWidth, hashTextInto, numberLiteral } from './encoding.js';
import type { EncodingSpec, FeatureRow, FeatureSpec, InputSchema } from './model-schema.js';

/**
 * One compiled pass over a batch of untrusted rows that decides whether every row is valid and,
 * when asked, encodes each row as soon as it has been checked, while its values are at hand.
 * It only ever says yes to batches that `validateRows` accepts, and gives back the same rows; for
 * anything else (a bad row, an odd schema) it says no and the caller asks `validateRows` why.
 */
export interface RowBatch {
  /** Columns per encoded row. */
  width: number;
  /** Whether `accept` can encode as it checks (it can unless an encoding step reads an undeclared feature). */
  encodes: boolean;
  /**
   * The validated rows (the caller's own objects, or completed copies where defaults were filled
   * in or nulls dropped), or null when some row is not valid or cannot be encoded. With `out`
   * (only when `encodes`; zeros, `rows.length × width`), valid rows are also encoded into it.
   */
  accept(rows: readonly unknown[], out?: Float32Array): FeatureRow[] | null;
}

type Pass = (rows: readonly unknown[], completions: number[], out?: Float32Array) => number;

interface Compiled {
  check: Pass;
  checkAndEncode: Pass | null;
  /** Columns per row when it encodes; 0 otherwise. */
  width: number;
}

const cache = new WeakMap<InputSchema, WeakMap<EncodingSpec, RowBatch | null>>();

/** The compiled batch check of a schema and encoding, built once per pair; null when they cannot be compiled. */
export function compileRowBatch(schema: InputSchema, spec: EncodingSpec): RowBatch | null {
  let bySpec = cache.get(schema);
  if (!bySpec) cache.set(schema, (bySpec = new WeakMap()));
  let batch = bySpec.get(spec);
  if (batch === undefined) {
    const compiled = compile(schema, spec);
    batch = compiled && toBatch(schema, compiled);
    bySpec.set(spec, batch);
  }
  return batch;
}

function toBatch(schema: InputSchema, compiled: Compiled): RowBatch {
  return {
    width: compiled.width,
    encodes: compiled.checkAndEncode !== null,
    accept(rows, out) {
      const completions: number[] = [];
      let failed: number;
      try {
        failed = out ? compiled.checkAndEncode!(rows, completions, out) : compiled.check(rows, completions);
      } catch (error) {
        if (error === CANNOT_ENCODE) return null;
        throw error;
      }
      if (failed !== -1) return null;
      const valid = rows.slice() as FeatureRow[];
      for (const r of completions) {
        const values = rows[r] as Record<string, unknown>;
        valid[r] = completeRow(values, defaultsFor(schema, values));
      }
      return valid;
    },
  };
}

/** Thrown by a fused pass at a valid value the encoding refuses; that batch is left to the encoder to report. */
const CANNOT_ENCODE = Symbol('cannot encode');
const cannotEncode = (): never => {
  throw CANNOT_ENCODE;
};

const local = (f: number) => `f${f}`;

function compile(schema: InputSchema, spec: EncodingSpec): Compiled | null {
  if (!Array.isArray(schema.features)) return null;
  const checks: string[] = [];
  const fusedChecks: string[] = [];
  const variables = new Map<string, string>();
  const encoded = encodedCategories(spec);
  for (const [f, feature] of schema.features.entries()) {
    const check = featureCheck(feature, local(f), false);
    if (check === null || typeof feature.name !== 'string' || variables.has(feature.name)) return null;
    variables.set(feature.name, local(f));
    checks.push(check);
    fusedChecks.push(featureCheck(feature, local(f), encodesOnlyDeclared(feature, encoded.get(feature.name)))!);
  }
  const rowCheck = (statements: string[]) => `
    const row = rows[r];
    if (typeof row !== 'object' || row === null || isArray(row)) return r;
    let present = 0, keys = 0, complete = false;
    ${statements.join('\n')}
    for (const key in row) if (hasOwn.call(row, key)) keys++;
    if (keys !== present) return r;
    if (complete) completions.push(r);`;
  const make = (body: string, params: string) =>
    new Function('isArray', 'hasOwn', 'codePoints', 'fail', 'hashInto', 'steps', `return function (${params}) { ${body} return -1; };`)(
      Array.isArray,
      Object.prototype.hasOwnProperty,
      codePoints,
      cannotEncode,
      hashTextInto,
      spec.steps,
    );
  const check = make(`for (let r = 0; r < rows.length; r++) { ${rowCheck(checks)} }`, 'rows, completions');
  // Encoding reads the checked values from locals, so a step over an undeclared feature cannot be fused.
  const readable = Array.isArray(spec.steps) && spec.steps.every((step) => variables.has(step.feature));
  const encoding = spec.version === 1 && readable ? encodingSource(spec, (feature) => variables.get(feature)!) : null;
  const width = encoding === null ? 0 : encodingWidth(spec);
  const checkAndEncode =
    encoding === null ? null : make(`for (let r = 0, at = 0; r < rows.length; r++, at += ${width}) { let v; ${rowCheck(fusedChecks)} ${encoding} }`, 'rows, completions, out');
  return { check, checkAndEncode, width };
}

/** Per feature, the value lists of the one-hot steps that encode it. */
function encodedCategories(spec: EncodingSpec): Map<string, unknown[][]> {
  const byFeature = new Map<string, unknown[][]>();
  for (const step of Array.isArray(spec.steps) ? spec.steps : []) {
    if (step.kind !== 'one-hot' || !Array.isArray(step.values)) continue;
    byFeature.set(step.feature, [...(byFeature.get(step.feature) ?? []), step.values]);
  }
  return byFeature;
}

/**
 * Whether some one-hot step of a categorical feature encodes only values the schema declares: its
 * `switch` then refuses every undeclared value as it encodes, and the fused pass need not ask twice.
 */
function encodesOnlyDeclared(feature: FeatureSpec, steps: unknown[][] | undefined): boolean {
  if (feature.type !== 'categorical' || !steps) return false;
  const declared = new Set<unknown>(feature.values);
  return steps.some((values) => values.every((v) => declared.has(v)));
}

/**
 * Statements that load one feature into `name`, count it as present, fill in its default or
 * return the row index when absent, and return the row index when the value breaks a rule: the
 * same rules as input-validation's checks. A categorical feature whose encoding refuses every
 * undeclared value (`encodingChecks`) is left to that refusal. Null for a feature this compiler
 * does not know.
 */
function featureCheck(feature: FeatureSpec, name: string, encodingChecks: boolean): string | null {
  if (typeof feature !== 'object' || feature === null || typeof feature.name !== 'string') return null;
  const fallback = defaultLiteral(feature);
  if (fallback === null) return null;
  const absent = fallback === undefined ? 'return r;' : `${name} = ${fallback}; complete = true;`;
  const load = `let ${name} = row[${JSON.stringify(feature.name)}];
    if (${name} !== undefined) present++;
    if (${name} === undefined || ${name} === null) { ${absent} }`;
  switch (feature.type) {
    case 'numeric': {
      const { min, max, integer } = feature;
      if ((min !== undefined && typeof min !== 'number') || (max !== undefined && typeof max !== 'number') || Number.isNaN(min) || Number.isNaN(max)) return null;
      const bounds = numericBounds(feature);
      const rules = [`typeof ${name} === 'number'`, `${name} >= ${numberLiteral(bounds.min)}`, `${name} <= ${numberLiteral(bounds.max)}`];
      if (integer === true) rules.push(`${name} % 1 === 0`);
      return `${load} else if (!(${rules.join(' && ')})) return r;`;
    }
    case 'categorical': {
      if (!Array.isArray(feature.values) || !feature.values.every((v) => typeof v === 'string')) return null;
      if (encodingChecks) return load;
      const cases = [...new Set(feature.values)].map((v) => `case ${JSON.stringify(v)}:`).join(' ');
      return `${load} else switch (${name}) { ${cases} break; default: return r; }`;
    }
    case 'text': {
      const { maxLength } = feature;
      if (typeof maxLength !== 'number' || Number.isNaN(maxLength)) return null;
      const limit = numberLiteral(maxLength);
      return `${load} else if (typeof ${name} !== 'string' || (${name}.length > ${limit} && codePoints(${name}) > ${limit})) return r;`;
    }
    default:
      return null;
  }
}

/** The default of an optional feature as a literal; undefined when absence is an error; null when it cannot be compiled. */
function defaultLiteral(feature: FeatureSpec): string | undefined | null {
  if (!feature.optional || feature.default === undefined) return undefined;
  const value: unknown = feature.default;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return numberLiteral(value);
  return null;
}
