import { checkCondition, type ConditionIssue } from './condition.js';
import { hint } from './did-you-mean.js';
import { ENTITY_TYPES } from '../privacy/index.js';
import {
  OBLIGATION_NAMES,
  OUTPUT_EFFECTS,
  QUOTA_SCOPES,
  REDACTION_OPERATORS,
  QUOTA_WINDOWS,
  RULE_KINDS,
  SUPPRESSIBLE_FIELDS,
  USAGE_EFFECTS,
  formatPath,
  type PathSegment,
  type PolicyDocument,
  type PolicyIssue,
  type PolicyRule,
  type RedactionRule,
  type RuleKind,
} from './policy-document.js';

/**
 * Structural validation of a policy document given as plain data (parsed YAML or stored JSON).
 * Issues carry the raw path so that the YAML front end can turn them into line numbers.
 */

export type RawIssue = ConditionIssue;

export type Checked = { document: PolicyDocument; issues: [] } | { document?: undefined; issues: RawIssue[] };

export const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const TOP_FIELDS = ['name', 'description', 'rules'];
const FIELDS_OF: Record<RuleKind, readonly string[]> = {
  usage: ['id', 'kind', 'description', 'effect', 'when', 'obligations'],
  output: ['id', 'kind', 'description', 'effect', 'when', 'obligations', 'fields'],
  quota: ['id', 'kind', 'description', 'when', 'scope', 'per', 'limit'],
  redaction: ['id', 'kind', 'description', 'when', 'entities', 'operator', 'keepLast'],
};

/** Validates plain data; the result either holds a typed document or the reasons it is not one. */
export function validatePolicy(value: unknown): { document: PolicyDocument } | { errors: PolicyIssue[] } {
  const checked = checkPolicyData(value);
  if (checked.document) return { document: checked.document };
  return { errors: checked.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

export function checkPolicyData(value: unknown): Checked {
  const issues: RawIssue[] = [];
  const fail = (path: PathSegment[], message: string, at: 'key' | 'value' = 'value') => void issues.push({ path, message, at });

  if (!isMap(value)) {
    fail([], 'a policy document is a map with name, description and rules');
    return { issues };
  }
  unknownKeys(value, TOP_FIELDS, [], 'the document', fail);
  if (typeof value.name !== 'string' || value.name.trim() === '') fail(['name'], 'name is required: a short name for this policy');
  if (value.description !== undefined && typeof value.description !== 'string') fail(['description'], 'description is text');
  if (!Array.isArray(value.rules)) fail(['rules'], 'rules is required: a list of rules (it may be empty)');

  const rules: PolicyRule[] = [];
  const firstSeen = new Map<string, number>();
  (Array.isArray(value.rules) ? value.rules : []).forEach((raw: unknown, index: number) => {
    const at: PathSegment[] = ['rules', index];
    const id = isMap(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const previous = id === undefined ? undefined : firstSeen.get(id);
    if (previous !== undefined) fail([...at, 'id'], `duplicate rule id "${id}" (first used by rules[${previous}])`);
    else if (id !== undefined) firstSeen.set(id, index);
    const rule = checkRule(raw, at, fail, issues);
    if (rule) rules.push(rule);
  });

  if (issues.length > 0) return { issues };
  const document: PolicyDocument = { name: value.name as string, rules };
  if (typeof value.description === 'string') document.description = value.description;
  return { document, issues: [] };
}

type Fail = (path: PathSegment[], message: string, at?: 'key' | 'value') => void;

function checkRule(raw: unknown, at: PathSegment[], fail: Fail, issues: RawIssue[]): PolicyRule | undefined {
  if (!isMap(raw)) return void fail(at, 'a rule is a map with id, kind, description and what the rule does');
  const before = issues.length;
  const { id, kind, description } = raw;
  if (id === undefined) fail(at, 'id is required: a lower-case name such as credit-scoring-only');
  else if (typeof id !== 'string') fail([...at, 'id'], 'id is text: a lower-case name such as credit-scoring-only');
  else if (!RULE_ID.test(id)) fail([...at, 'id'], `rule id "${id}" must be lower-case letters, digits and dashes (at most 64)`);
  if (typeof description !== 'string' || description.trim() === '')
    fail(description === undefined ? at : [...at, 'description'], 'description is required: say what the rule is for');
  if (kind === undefined) return void fail(at, `kind is required: one of ${RULE_KINDS.join(', ')}`);
  if (!(RULE_KINDS as readonly unknown[]).includes(kind))
    return void fail([...at, 'kind'], `unknown rule kind "${String(kind)}"${hint(String(kind), RULE_KINDS)}; expected ${RULE_KINDS.join(', ')}`);
  const ruleKind = kind as RuleKind;
  unknownKeys(raw, FIELDS_OF[ruleKind], at, aRule(ruleKind), fail);

  if (raw.when !== undefined) {
    const checked = checkCondition(raw.when, ruleKind === 'output' ? 'post' : 'pre', [...at, 'when']);
    issues.push(...checked.issues);
  }
  const base = { id: id as string, description: description as string, ...(raw.when !== undefined ? { when: raw.when as Record<string, unknown> } : {}) };

  if (ruleKind === 'quota') {
    const scope = checkList(raw.scope, QUOTA_SCOPES, [...at, 'scope'], 'scope', fail, true);
    if (!(QUOTA_WINDOWS as readonly unknown[]).includes(raw.per))
      fail(raw.per === undefined ? at : [...at, 'per'], `per is required: one of ${QUOTA_WINDOWS.join(', ')}`);
    if (!Number.isInteger(raw.limit) || (raw.limit as number) < 1)
      fail(raw.limit === undefined ? at : [...at, 'limit'], 'limit is required: a whole number of calls, at least 1');
    if (issues.length > before) return undefined;
    return { ...base, kind: 'quota', scope: scope ?? [], per: raw.per as 'minute' | 'day', limit: raw.limit as number };
  }

  if (ruleKind === 'redaction') {
    const entities = raw.entities === undefined ? undefined : checkList(raw.entities, ENTITY_TYPES, [...at, 'entities'], 'entity type', fail, true);
    if (!(REDACTION_OPERATORS as readonly unknown[]).includes(raw.operator))
      fail(raw.operator === undefined ? at : [...at, 'operator'], `operator ${raw.operator === undefined ? 'is required' : `"${String(raw.operator)}" is unknown${hint(String(raw.operator), REDACTION_OPERATORS)}`}; one of ${REDACTION_OPERATORS.join(', ')}`);
    if (raw.keepLast !== undefined) {
      if (raw.operator !== 'mask') fail([...at, 'keepLast'], 'keepLast only goes with operator: mask', 'key');
      else if (!Number.isInteger(raw.keepLast) || (raw.keepLast as number) < 0 || (raw.keepLast as number) > 16) fail([...at, 'keepLast'], 'keepLast is a whole number from 0 to 16');
    }
    if (issues.length > before) return undefined;
    return {
      ...base,
      kind: 'redaction',
      operator: raw.operator as RedactionRule['operator'],
      ...(entities ? { entities } : {}),
      ...(raw.keepLast !== undefined ? { keepLast: raw.keepLast as number } : {}),
    };
  }

  const effects = ruleKind === 'usage' ? USAGE_EFFECTS : OUTPUT_EFFECTS;
  const effect = raw.effect as string;
  if (!(effects as readonly unknown[]).includes(effect))
    fail(raw.effect === undefined ? at : [...at, 'effect'], `effect ${raw.effect === undefined ? 'is required' : `"${String(raw.effect)}" is unknown`}; ${aRule(ruleKind)} takes ${effects.join(', ')}`);
  const obligations = raw.obligations === undefined ? undefined : checkList(raw.obligations, OBLIGATION_NAMES, [...at, 'obligations'], 'obligation', fail, true);
  if (effect === 'obligate' && raw.obligations === undefined) fail(at, 'an obligate rule needs obligations: a list from ' + OBLIGATION_NAMES.join(', '));
  if (effect === 'deny' && raw.obligations !== undefined) fail([...at, 'obligations'], 'a deny rule stops the call, so obligations on it would never apply', 'key');
  let fields: string[] | undefined;
  if (ruleKind === 'output') {
    if (effect === 'suppress') {
      if (raw.fields === undefined) fail(at, `a suppress rule needs fields: a list from ${SUPPRESSIBLE_FIELDS.join(', ')}`);
      else fields = checkList(raw.fields, SUPPRESSIBLE_FIELDS, [...at, 'fields'], 'field', fail, true);
    } else if (raw.fields !== undefined) fail([...at, 'fields'], 'fields only goes with effect: suppress', 'key');
  }
  if (issues.length > before) return undefined;
  if (ruleKind === 'usage') return { ...base, kind: 'usage', effect: effect as 'allow', ...(obligations ? { obligations } : {}) } as PolicyRule;
  return { ...base, kind: 'output', effect, ...(obligations ? { obligations } : {}), ...(fields ? { fields } : {}) } as PolicyRule;
}

function checkList<T extends string>(value: unknown, known: readonly T[], at: PathSegment[], what: string, fail: Fail, nonEmpty: boolean): T[] | undefined {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) return void fail(at, `expects a non-empty list of ${what}s from ${known.join(', ')}`);
  let ok = true;
  value.forEach((item, i) => {
    if (!known.includes(item as T)) {
      ok = false;
      fail([...at, i], `unknown ${what} "${String(item)}"${hint(String(item), known)}; known: ${known.join(', ')}`);
    } else if (value.indexOf(item) !== i) {
      ok = false;
      fail([...at, i], `${what} "${String(item)}" is listed twice`);
    }
  });
  return ok ? (value as T[]) : undefined;
}

function unknownKeys(map: Record<string, unknown>, known: readonly string[], at: PathSegment[], where: string, fail: Fail): void {
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) fail([...at, key], `unknown field "${key}"${hint(key, known)} in ${where}; expected ${known.join(', ')}`, 'key');
  }
}

function aRule(kind: RuleKind): string {
  return `${kind === 'output' ? 'an' : 'a'} ${kind} rule`;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Context a rule kind is evaluated without: quotas are counted once per call, before its rows are
 * looked at and before the counters themselves are read; redaction is planned before personal data
 * is searched for. A condition on such a field would never hold (or always, negated), so it is refused.
 */
const NOT_YET_KNOWN: Partial<Record<RuleKind, { roots: readonly string[]; when: string }>> = {
  quota: { roots: ['input', 'quota', 'output'], when: 'quotas are counted once per call, before its rows and the counters are read' },
  redaction: { roots: ['pii', 'quota', 'output'], when: 'redaction is planned before personal data is searched for and calls are counted' },
};

/**
 * Conditions of a document's rules on context their kind is evaluated without. Checked when a
 * policy is submitted (`parsePolicy`), not when a stored one is compiled: a policy in force keeps
 * working as it did.
 */
export function conditionsNotYetKnown(document: PolicyDocument): RawIssue[] {
  return document.rules.flatMap((rule, i) => (rule.when ? notYetKnown(rule.when, rule.kind, ['rules', i, 'when']) : []));
}

function notYetKnown(when: unknown, kind: RuleKind, at: PathSegment[]): RawIssue[] {
  const unknown = NOT_YET_KNOWN[kind];
  if (!unknown) return [];
  const issues: RawIssue[] = [];
  const visit = (condition: unknown, path: PathSegment[]): void => {
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return;
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, key, i]));
      } else if (key === '$not') {
        visit(value, [...path, key]);
      } else if (!key.startsWith('$') && unknown.roots.includes(key.split('.')[0])) {
        issues.push({ path: [...path, key], at: 'key', message: `${key.split('.')[0]}.* is not known to ${kind} rules: ${unknown.when}` });
      }
    }
  };
  visit(when, at);
  return issues;
}
