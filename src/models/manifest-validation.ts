import { encodingWidth } from './encoding.js';
import { checkValue, validateRows } from './input-validation.js';
import type { FeatureSpec, ModelManifest } from './model-schema.js';
import { parseSemver } from './semver.js';

export interface ManifestProblem {
  field: string;
  rule: string;
  message: string;
}

export interface RightsHolder {
  name: string;
  role: 'author' | 'data-provider' | 'upstream-licensor' | 'operator';
  contact?: string;
}

/** What an admin uploads beside the ONNX bytes: the manifest, plus who holds rights in the version. */
export type Registration = Omit<ModelManifest, 'sha256'> & { sha256?: string; rightsHolders: RightsHolder[] };

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FEATURE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HOLDER_ROLES = ['author', 'data-provider', 'upstream-licensor', 'operator'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
/** Names every object answers to through its prototype (constructor, toString, __proto__, …): a row cannot leave them out. */
const isBuiltInKey = (name: string): boolean => name in Object.prototype;

/** Collects problems with the path they were found at. */
class Checker {
  readonly problems: ManifestProblem[] = [];
  check(ok: boolean, field: string, rule: string, message: string): boolean {
    if (!ok) this.problems.push({ field, rule, message });
    return ok;
  }
  text(obj: Json, key: string, path: string, max?: number): void {
    this.check(isText(obj[key], max), `${path}${key}`, 'text', `must be a non-empty string${max ? ` of at most ${max} characters` : ''}`);
  }
  texts(obj: Json, key: string, path: string, nonEmpty = false): void {
    const v = obj[key];
    this.check(Array.isArray(v) && v.every((s) => isText(s)) && (!nonEmpty || v.length > 0), `${path}${key}`, 'texts', `must be an array of non-empty strings${nonEmpty ? ' with at least one entry' : ''}`);
  }
}

/**
 * Structural and semantic checks of a registration: names, semver, schemas, an encoding that
 * reads exactly the declared features, an explanation of the encoded width, a complete model card
 * and an example row that passes validation. Problems name the field and the rule.
 */
/** Versions go in paths (…/versions/{version}/status) and in an index with the model's id. */
const MAX_VERSION_LENGTH = 64;

export function validateRegistration(value: unknown): { registration: Registration } | { problems: ManifestProblem[] } {
  const c = new Checker();
  if (!c.check(isObject(value), 'manifest', 'object', 'must be a JSON object')) return { problems: c.problems };
  const m = value as Json;
  c.check(m.manifestVersion === 1, 'manifestVersion', 'equals', 'must be 1');
  c.check(typeof m.name === 'string' && NAME.test(m.name), 'name', 'pattern', 'must be 1-63 characters of a-z, 0-9 and -, starting with a letter or digit');
  c.check(typeof m.version === 'string' && m.version.length <= MAX_VERSION_LENGTH && parseSemver(m.version) !== null, 'version', 'semver', `must be a semantic version MAJOR.MINOR.PATCH[-prerelease] of at most ${MAX_VERSION_LENGTH} characters`);
  c.text(m, 'description', '', 2000);
  c.check(['minimal', 'limited', 'high'].includes(m.riskClass as string), 'riskClass', 'isIn', 'must be minimal, limited or high');
  c.check(Array.isArray(m.allowedPurposes) && m.allowedPurposes.length > 0 && m.allowedPurposes.every((p) => typeof p === 'string' && SLUG.test(p)), 'allowedPurposes', 'slugs', 'must be a non-empty array of purpose ids (a-z, 0-9, -)');
  c.check(m.sha256 === undefined || (typeof m.sha256 === 'string' && /^[0-9a-f]{64}$/.test(m.sha256)), 'sha256', 'hex', 'must be 64 lower-case hex digits when given');
  const features = checkInput(c, m.input);
  checkOutput(c, m.output);
  const width = checkEncoding(c, m.encoding, features);
  if (width !== null) checkExplanation(c, m.explanation, width, m.output);
  checkCard(c, m.card);
  checkRightsHolders(c, m.rightsHolders);
  if (features && c.problems.length === 0) {
    const example = validateRows(m.input as ModelManifest['input'], [m.example], { path: 'example', maxRows: 1 });
    if ('problems' in example) c.problems.push(...example.problems.map((p) => ({ ...p, field: p.field.replace(/^example\[0\]/, 'example') })));
  }
  return c.problems.length ? { problems: c.problems } : { registration: { ...(m as unknown as Registration), rightsHolders: (m.rightsHolders as RightsHolder[]) ?? [] } };
}

function checkInput(c: Checker, input: unknown): Map<string, FeatureSpec> | null {
  if (!c.check(isObject(input) && Array.isArray(input.features) && input.features.length > 0, 'input.features', 'array', 'must be a non-empty array')) return null;
  const features = new Map<string, FeatureSpec>();
  (input as { features: unknown[] }).features.forEach((item, i) => {
    const path = `input.features[${i}]`;
    const before = c.problems.length;
    if (!c.check(isObject(item), path, 'object', 'must be an object')) return;
    const f = item as Json;
    if (!c.check(typeof f.name === 'string' && FEATURE.test(f.name), `${path}.name`, 'pattern', 'must be an identifier (letters, digits, _; at most 64)')) return;
    if (!c.check(!features.has(f.name as string), `${path}.name`, 'unique', `duplicates feature ${String(f.name)}`)) return;
    if (!c.check(!isBuiltInKey(f.name as string), `${path}.name`, 'reserved', `${String(f.name)} names a built-in property of every object; choose another name`)) return;
    c.check(f.optional === undefined || typeof f.optional === 'boolean', `${path}.optional`, 'boolean', 'must be true or false');
    c.check(f.optional !== true || f.default !== undefined, `${path}.default`, 'required', 'an optional feature needs the default a row that leaves it out is encoded with');
    if (f.type === 'numeric') {
      c.check(f.min === undefined || isFiniteNumber(f.min), `${path}.min`, 'number', 'must be a finite number');
      c.check(f.max === undefined || isFiniteNumber(f.max), `${path}.max`, 'number', 'must be a finite number');
      c.check(!(isFiniteNumber(f.min) && isFiniteNumber(f.max) && f.min > f.max), `${path}.max`, 'range', 'must not be below min');
      c.check(f.integer === undefined || typeof f.integer === 'boolean', `${path}.integer`, 'boolean', 'must be true or false');
    } else if (f.type === 'categorical') {
      const values = f.values;
      c.check(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string') && new Set(values).size === values.length, `${path}.values`, 'values', 'must be a non-empty array of distinct strings');
    } else if (f.type === 'text') {
      c.check(Number.isSafeInteger(f.maxLength) && (f.maxLength as number) >= 1 && (f.maxLength as number) <= 100_000, `${path}.maxLength`, 'range', 'must be an integer from 1 to 100000');
    } else {
      c.check(false, `${path}.type`, 'isIn', 'must be numeric, categorical or text');
      return;
    }
    if (f.default !== undefined && c.problems.length === before) {
      const problem = checkValue(f as unknown as FeatureSpec, f.default);
      c.check(problem === null, `${path}.default`, problem?.rule ?? 'type', `must itself be a valid value: ${problem?.message ?? ''}`);
    }
    features.set(f.name as string, f as unknown as FeatureSpec);
  });
  return features;
}

const RESERVED_SCORE_NAMES = ['label', 'probabilities'];

function checkOutput(c: Checker, output: unknown): void {
  if (!c.check(isObject(output), 'output', 'object', 'must be an object')) return;
  const o = output as Json;
  const labels = o.labels;
  const distinct = Array.isArray(labels) && labels.every((l) => isText(l, 100)) && new Set(labels).size === labels.length;
  // Labels key each prediction's probabilities.
  c.check(!Array.isArray(labels) || !labels.some((l) => typeof l === 'string' && isBuiltInKey(l)), 'output.labels', 'reserved', 'must not name a built-in property of every object (__proto__, constructor, …)');
  if (o.kind === 'binary') {
    c.check(distinct && (labels as unknown[]).length === 2, 'output.labels', 'labels', 'must be two distinct labels [negative, positive]');
    c.check(isFiniteNumber(o.threshold) && o.threshold > 0 && o.threshold < 1, 'output.threshold', 'range', 'must be between 0 and 1');
    c.check(typeof o.scoreName === 'string' && FEATURE.test(o.scoreName), 'output.scoreName', 'pattern', 'must be an identifier');
    // The score is a member of each answer beside its label.
    c.check(typeof o.scoreName !== 'string' || !(RESERVED_SCORE_NAMES.includes(o.scoreName) || isBuiltInKey(o.scoreName)), 'output.scoreName', 'reserved', `must not be ${RESERVED_SCORE_NAMES.join(' or ')} or a built-in property of every object`);
  } else if (o.kind === 'multiclass') {
    c.check(distinct && (labels as unknown[]).length >= 2, 'output.labels', 'labels', 'must be at least two distinct labels');
  } else {
    c.check(false, 'output.kind', 'isIn', 'must be binary or multiclass');
  }
}

function checkEncoding(c: Checker, encoding: unknown, features: Map<string, FeatureSpec> | null): number | null {
  if (!c.check(isObject(encoding) && encoding.version === 1 && Array.isArray(encoding.steps), 'encoding', 'object', 'must be { version: 1, steps: [...] }')) return null;
  if (!features) return null;
  const encoded = new Set<string>();
  const before = c.problems.length;
  (encoding as { steps: unknown[] }).steps.forEach((item, i) => {
    const path = `encoding.steps[${i}]`;
    if (!c.check(isObject(item), path, 'object', 'must be an object')) return;
    const s = item as Json;
    const feature = features.get(s.feature as string);
    if (!c.check(feature !== undefined, `${path}.feature`, 'declared', `reads ${String(s.feature)}, which input.features does not declare`)) return;
    encoded.add(feature!.name);
    const kinds: Record<string, string> = { numeric: 'standardize', categorical: 'one-hot', text: 'hashed-text' };
    if (!c.check(s.kind === kinds[feature!.type], `${path}.kind`, 'matches', `must be ${kinds[feature!.type]} for a ${feature!.type} feature`)) return;
    if (s.kind === 'standardize') {
      c.check(isFiniteNumber(s.mean) && isFiniteNumber(s.std) && (s.std as number) > 0, path, 'scaling', 'mean must be finite and std finite and positive');
    } else if (s.kind === 'one-hot') {
      const declared = (feature as { values: string[] }).values;
      c.check(Array.isArray(s.values) && s.values.length === declared.length && declared.every((v) => (s.values as string[]).includes(v)), `${path}.values`, 'matches', 'must list exactly the declared values');
    } else {
      c.check(Number.isSafeInteger(s.buckets) && (s.buckets as number) >= 1 && (s.buckets as number) <= 1 << 20, `${path}.buckets`, 'range', 'must be an integer from 1 to 1048576');
      c.check(s.hash === 'fnv1a32' && (s.ngrams === 1 || s.ngrams === 2) && (s.normalize === 'l2' || s.normalize === 'log1p'), path, 'hashing', 'needs hash fnv1a32, ngrams 1 or 2, normalize l2 or log1p');
    }
  });
  for (const name of features.keys()) c.check(encoded.has(name), 'encoding.steps', 'complete', `no step encodes feature ${name}`);
  return c.problems.length === before ? encodingWidth(encoding as unknown as ModelManifest['encoding']) : null;
}

function checkExplanation(c: Checker, explanation: unknown, width: number, output: unknown): void {
  if (!c.check(isObject(explanation), 'explanation', 'object', 'must be an object')) return;
  const e = explanation as Json;
  const finiteArray = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every(isFiniteNumber);
  if (e.kind === 'linear') {
    c.check(finiteArray(e.weights, width) && isFiniteNumber(e.bias), 'explanation', 'linear', `needs ${width} finite weights and a finite bias`);
  } else if (e.kind === 'linear-softmax') {
    const k = isObject(output) && Array.isArray(output.labels) ? output.labels.length : 0;
    c.check(Array.isArray(e.weights) && e.weights.length === k && e.weights.every((row) => finiteArray(row, width)) && finiteArray(e.biases, k), 'explanation', 'linear-softmax', `needs ${k} rows of ${width} finite weights and ${k} biases`);
  } else if (e.kind === 'shapley') {
    c.check(isObject(output) && output.kind === 'binary', 'explanation.kind', 'output', 'shapley explanations need a binary output (one score per row)');
    const b = e.baseline as Json | undefined;
    c.check(isObject(b) && Number.isSafeInteger(b.rows) && (b.rows as number) >= 1 && finiteArray(b.data, (b.rows as number) * width), 'explanation.baseline', 'shape', `needs rows ≥ 1 and rows × ${width} finite values`);
    c.check(Number.isSafeInteger(e.permutations) && (e.permutations as number) >= 2 && (e.permutations as number) <= 256 && (e.permutations as number) % 2 === 0, 'explanation.permutations', 'range', 'must be an even integer from 2 to 256');
  } else {
    c.check(false, 'explanation.kind', 'isIn', 'must be linear, linear-softmax or shapley');
  }
}

function checkCard(c: Checker, card: unknown): void {
  if (!c.check(isObject(card), 'card', 'object', 'must be an object')) return;
  const k = card as Json;
  for (const key of ['provider', 'architecture', 'intendedPurpose', 'intendedUsers', 'humanOversight', 'contact']) c.text(k, key, 'card.');
  for (const key of ['outOfScopeUses', 'limitations']) c.texts(k, key, 'card.', true);
  const t = k.trainingData;
  if (c.check(isObject(t), 'card.trainingData', 'object', 'must be an object')) {
    c.texts(t as Json, 'sources', 'card.trainingData.', true);
    c.text(t as Json, 'collection', 'card.trainingData.');
    c.text(t as Json, 'preparation', 'card.trainingData.');
    c.check(isCount((t as Json).trainRows) && isCount((t as Json).testRows), 'card.trainingData', 'counts', 'trainRows and testRows must be non-negative integers');
  }
  const e = k.evaluation;
  if (c.check(isObject(e), 'card.evaluation', 'object', 'must be an object')) {
    const ev = e as Json;
    c.text(ev, 'dataset', 'card.evaluation.');
    c.check(isObject(ev.overall) && Object.keys(ev.overall).length > 0 && Object.values(ev.overall).every(isFiniteNumber), 'card.evaluation.overall', 'metrics', 'must map metric names to finite numbers');
    c.check(
      Array.isArray(ev.perGroup) && ev.perGroup.every((g) => isObject(g) && isText(g.attribute) && isText(g.group) && isCount(g.count) && isMetrics(g.metrics)),
      'card.evaluation.perGroup',
      'groups',
      'must be an array of { attribute, group, count, metrics } with metrics mapping names to finite numbers',
    );
  }
  const f = k.fairness;
  if (f !== undefined) {
    c.check(isObject(f) && isText(f.summary, 5000) && isMetrics(f.impactRatios), 'card.fairness', 'fairness', 'must be { summary, impactRatios } with impactRatios mapping attributes to finite numbers');
  }
}

/** Metric names mapped to finite numbers (what a card's evaluation reports and its documents print). */
function isMetrics(value: unknown): boolean {
  return isObject(value) && Object.values(value).every(isFiniteNumber);
}

function checkRightsHolders(c: Checker, holders: unknown): void {
  if (holders === undefined) return;
  if (!c.check(Array.isArray(holders), 'rightsHolders', 'array', 'must be an array')) return;
  (holders as unknown[]).forEach((h, i) =>
    c.check(isObject(h) && isText(h.name, 200) && HOLDER_ROLES.includes(h.role as string) && (h.contact === undefined || isText(h.contact, 200)), `rightsHolders[${i}]`, 'holder', `must be { name, role: ${HOLDER_ROLES.join(' | ')}, contact? }`),
  );
}
