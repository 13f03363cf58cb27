import { hint } from './did-you-mean.js';
import { CONTEXT_SCHEMA, type ContextField, type GroupField, type LeafField, type OpenField, type Phase } from './policy-context.js';
import type { PathSegment } from './policy-document.js';

/**
 * Checks a `when` condition against the context schema and rewrites it into the flat, dotted
 * form the query engine evaluates. Authors may nest (`model: { riskClass: high }`) or dot
 * (`model.riskClass: high`); both mean the same. Anything the engine would silently read as
 * "never matches" — an unknown field, an unknown operator, a value of the wrong type, a
 * misspelt enum — is reported instead.
 */

export const LOGICAL_OPERATORS = ['$and', '$or', '$nor'] as const;
export const FIELD_OPERATORS = [
  '$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists',
  '$regex', '$options', '$not', '$all', '$size', '$elemMatch', '$mod',
] as const;
export const CONDITION_OPERATORS: readonly string[] = [...LOGICAL_OPERATORS, ...FIELD_OPERATORS];

export interface ConditionIssue {
  path: PathSegment[];
  message: string;
  /** Whether the problem is the key itself (an unknown name) or the value under it. */
  at: 'key' | 'value';
}

export interface CheckedCondition {
  query: Record<string, unknown>;
  issues: ConditionIssue[];
}

export function checkCondition(raw: unknown, phase: Phase, at: PathSegment[]): CheckedCondition {
  const checker = new ConditionChecker(phase);
  const query = checker.document(raw, at) ?? {};
  return { query, issues: checker.issues };
}

type Entries = [string, unknown][];
type Operators = Record<string, unknown>;

const ELEMENT_OF: Record<'string[]' | 'any', LeafField> = {
  'string[]': { kind: 'leaf', type: 'string' },
  any: { kind: 'leaf', type: 'any' },
};

class ConditionChecker {
  readonly issues: ConditionIssue[] = [];

  constructor(private readonly phase: Phase) {}

  document(raw: unknown, at: PathSegment[]): Record<string, unknown> | undefined {
    if (!isMap(raw)) return this.fail(at, 'value', 'a condition is a map of context fields to values or operators');
    const entries: Entries = [];
    this.fields(raw, CONTEXT_SCHEMA, [], at, entries);
    return merge(entries);
  }

  private fields(map: Operators, node: GroupField | OpenField, prefix: string[], at: PathSegment[], entries: Entries): void {
    for (const [key, value] of Object.entries(map)) {
      const here = [...at, key];
      if (!key.startsWith('$')) this.field(key.split('.'), value, node, prefix, here, entries);
      else if (prefix.length === 0 && (LOGICAL_OPERATORS as readonly string[]).includes(key))
        entries.push([key, this.logical(key, value, here)]);
      else this.misplaced(key, here);
    }
  }

  private field(segments: string[], value: unknown, node: ContextField, prefix: string[], at: PathSegment[], entries: Entries): void {
    let current = node;
    const path = [...prefix];
    for (const segment of segments) {
      const next = childOf(current, segment);
      const name = [...path, segment].join('.');
      if (!next) return void this.fail(at, 'key', unknownField(current, path, segment));
      if (next.kind === 'group' && next.phases && !next.phases.includes(this.phase))
        return void this.fail(at, 'key', `${name} is only known after inference; use it in an output rule`);
      path.push(segment);
      current = next;
    }
    const name = path.join('.');
    if (current.kind === 'leaf') {
      const operand = this.leafValue(current, value, at, name);
      if (operand !== undefined) entries.push([name, operand]);
    } else if (isMap(value) && !Object.keys(value).some((k) => k.startsWith('$'))) {
      this.fields(value, current, path, at, entries);
    } else {
      const inside = current.kind === 'group' ? Object.keys(current.fields).join(', ') : 'any name';
      this.fail(at, 'value', `${name} is a group of fields (${inside}); compare one of them, e.g. ${name}.<field>`);
    }
  }

  private logical(operator: string, value: unknown, at: PathSegment[]): unknown[] {
    if (!Array.isArray(value) || value.length === 0)
      return this.fail(at, 'value', `${operator} takes a non-empty list of conditions`) ?? [];
    return value.map((item, i) => this.document(item, [...at, i]) ?? {});
  }

  /** An operator at the top of a condition that belongs on a field. */
  private misplaced(operator: string, at: PathSegment[]): void {
    if (operator === '$not')
      return void this.fail(at, 'key', '$not applies to one field (field: { $not: { ... } }); to negate a whole condition use $nor: [ { ... } ]');
    if ((FIELD_OPERATORS as readonly string[]).includes(operator))
      return void this.fail(at, 'key', `${operator} compares a field; write it under one, e.g. purpose: { ${operator}: ... }`);
    this.unknownOperator(operator, at);
  }

  private unknownOperator(operator: string, at: PathSegment[]): undefined {
    return this.fail(at, 'key', `unknown operator ${operator}${hint(operator, CONDITION_OPERATORS)}; supported: ${CONDITION_OPERATORS.join(' ')}`);
  }

  private leafValue(leaf: LeafField, value: unknown, at: PathSegment[], name: string): unknown {
    if (Array.isArray(value))
      return this.fail(at, 'value', `a list compares as a whole; to match any of these values write ${name}: { $in: [...] }`);
    const element = leaf.type === 'string[]' ? ELEMENT_OF['string[]'] : leaf;
    if (!isMap(value)) return this.literal(element, value, at, true) ? value : undefined;
    const keys = Object.keys(value);
    if (keys.length === 0 || !keys.every((k) => k.startsWith('$')))
      return this.fail(at, 'value', `${name} is a single value; compare it to a value or to operators such as $eq, $in, $gte`);
    return this.operators(leaf, value, at, name);
  }

  private operators(leaf: LeafField, ops: Operators, at: PathSegment[], name: string): Operators | undefined {
    const out: Operators = {};
    let ok = true;
    for (const [op, operand] of Object.entries(ops)) {
      const here = [...at, op];
      const normalised = this.operator(leaf, op, operand, ops, here, name);
      if (normalised === undefined) ok = false;
      else out[op] = normalised;
    }
    return ok ? out : undefined;
  }

  /** The operand as the engine should see it, or undefined after reporting why it cannot be used. */
  private operator(leaf: LeafField, op: string, operand: unknown, siblings: Operators, at: PathSegment[], name: string): unknown {
    const isList = leaf.type === 'string[]' || leaf.type === 'any';
    const element = leaf.type === 'string[]' ? ELEMENT_OF['string[]'] : leaf;
    const listOnly = () => this.fail(at, 'key', `${op} applies to lists, and ${name} is a single value`);
    switch (op) {
      case '$eq':
      case '$ne':
        return this.literal(element, operand, at, true) ? operand : undefined;
      case '$in':
      case '$nin':
      case '$all':
        if (op === '$all' && !isList) return listOnly();
        if (!Array.isArray(operand)) return this.fail(at, 'value', `${op} takes a list of values`);
        return operand.every((v, i) => this.literal(element, v, [...at, i], op !== '$all')) ? operand : undefined;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.ordered(leaf, operand, at, name) ? operand : undefined;
      case '$exists':
        return typeof operand === 'boolean' ? operand : this.fail(at, 'value', '$exists takes true or false');
      case '$regex':
        return this.regex(leaf, operand, siblings.$options, at, name);
      case '$options':
        if (!('$regex' in siblings)) return this.fail(at, 'key', '$options only goes with $regex');
        return typeof operand === 'string' && /^[imsu]*$/.test(operand) ? operand : this.fail(at, 'value', '$options takes flags from i, m, s, u');
      case '$not':
        if (!isMap(operand) || Object.keys(operand).length === 0 || !Object.keys(operand).every((k) => k.startsWith('$')))
          return this.fail(at, 'value', '$not takes a map of operators, e.g. $not: { $in: [...] }');
        return this.operators(leaf, operand, at, name);
      case '$size':
        if (!isList) return listOnly();
        return Number.isInteger(operand) && (operand as number) >= 0 ? operand : this.fail(at, 'value', '$size takes a whole number');
      case '$elemMatch':
        if (!isList) return listOnly();
        if (!isMap(operand) || !Object.keys(operand).every((k) => k.startsWith('$')) || Object.keys(operand).length === 0)
          return this.fail(at, 'value', '$elemMatch takes a map of operators applied to each element, e.g. $elemMatch: { $in: [...] }');
        return this.operators(element, operand, at, `${name}[]`);
      case '$mod':
        if (!['number', 'integer', 'any'].includes(leaf.type)) return this.fail(at, 'key', `$mod applies to numbers, and ${name} is not one`);
        return Array.isArray(operand) && operand.length === 2 && operand.every((n) => Number.isInteger(n)) && operand[0] !== 0
          ? operand
          : this.fail(at, 'value', '$mod takes [divisor, remainder], two whole numbers with a divisor other than 0');
      default:
        if ((LOGICAL_OPERATORS as readonly string[]).includes(op))
          return this.fail(at, 'key', `${op} combines whole conditions; write it at the top of the condition, e.g. ${op}: [ { ${name}: ... }, { ... } ]`);
        return this.unknownOperator(op, at);
    }
  }

  private literal(leaf: LeafField, value: unknown, at: PathSegment[], allowNull: boolean): boolean {
    if (value === null) return allowNull || this.reject(at, 'value', 'null is only meaningful with $eq, $ne, $in and $nin');
    const problem = literalProblem(leaf, value);
    return problem === undefined || this.reject(at, 'value', problem);
  }

  private ordered(leaf: LeafField, value: unknown, at: PathSegment[], name: string): boolean {
    if (leaf.enum) return this.reject(at, 'key', `${name} has no order; list the values you mean with $in`);
    const numeric = leaf.type === 'number' || leaf.type === 'integer';
    const fits = numeric ? isNumber(value) : leaf.type === 'string' ? typeof value === 'string' : leaf.type === 'any' && (isNumber(value) || typeof value === 'string');
    if (fits && typeof value === 'string' && leaf.pattern && !leaf.pattern.test(value)) return this.reject(at, 'value', `"${value}" is not ${leaf.patternHint ?? 'well formed'}`);
    if (fits) return true;
    const wanted = numeric ? 'a number' : leaf.type === 'string' ? 'text' : leaf.type === 'any' ? 'a number or text' : undefined;
    const message = wanted ? `expects ${wanted}${numeric ? quoted(value) : ''}` : `${name} cannot be compared with an ordering operator`;
    return this.reject(at, wanted ? 'value' : 'key', message);
  }

  private regex(leaf: LeafField, pattern: unknown, options: unknown, at: PathSegment[], name: string): unknown {
    if (!['string', 'any', 'string[]'].includes(leaf.type)) return this.fail(at, 'key', `$regex applies to text, and ${name} is not text`);
    if (typeof pattern !== 'string') return this.fail(at, 'value', '$regex takes a pattern as text');
    try {
      new RegExp(pattern, typeof options === 'string' ? options : '');
      return pattern;
    } catch (error) {
      return this.fail(at, 'value', `invalid regular expression: ${(error as Error).message}`);
    }
  }

  private fail(path: PathSegment[], at: 'key' | 'value', message: string): undefined {
    this.issues.push({ path, at, message });
    return undefined;
  }

  private reject(path: PathSegment[], at: 'key' | 'value', message: string): false {
    this.issues.push({ path, at, message });
    return false;
  }
}

function literalProblem(leaf: LeafField, value: unknown): string | undefined {
  if (typeof value === 'object') return 'expects a single value, not a list or a map';
  switch (leaf.type) {
    case 'string':
      if (typeof value !== 'string') return `expects text; write it in quotes ("${String(value)}")`;
      if (leaf.enum && !leaf.enum.includes(value)) return `"${value}" is not one of ${leaf.enum.join(', ')}${hint(value, leaf.enum)}`;
      if (leaf.pattern && !leaf.pattern.test(value)) return `"${value}" is not ${leaf.patternHint ?? 'well formed'}`;
      return undefined;
    case 'number':
      return isNumber(value) ? undefined : `expects a number${quoted(value)}`;
    case 'integer':
      return Number.isInteger(value) ? undefined : `expects a whole number${quoted(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expects true or false';
    case 'any':
      return isNumber(value) || typeof value === 'string' || typeof value === 'boolean' ? undefined : 'expects text, a number or true/false';
    case 'string[]':
      return 'is a list; compare its elements with $in, $all, $size or $elemMatch';
  }
}

/** A hint for numbers written in quotes, which YAML reads as text. */
function quoted(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? `; "${value}" is text, write it without quotes` : '';
}

function childOf(node: ContextField, key: string): ContextField | undefined {
  if (node.kind === 'group') return Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
  if (node.kind === 'open') return key === '' ? undefined : node.value;
  return undefined;
}

function unknownField(node: ContextField, path: string[], segment: string): string {
  const parent = path.join('.');
  if (node.kind !== 'group') return `${parent} is a single value and has no field "${segment}"`;
  const known = Object.keys(node.fields);
  const name = [...path, segment].join('.');
  return `unknown context field "${name}"${hint(segment, known)}; ${parent || 'the context'} has ${known.join(', ')}`;
}

/** Dotted keys can collide (`model.name` next to `model: { name }`); colliding parts are ANDed. */
function merge(entries: Entries): Record<string, unknown> {
  const keys = new Set(entries.map(([key]) => key));
  if (keys.size === entries.length) return Object.fromEntries(entries);
  return { $and: entries.map(([key, value]) => ({ [key]: value })) };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
