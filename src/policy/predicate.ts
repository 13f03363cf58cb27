import { CompoundCondition, FieldCondition, ITSELF, getObjectField, type Condition } from '@ucast/mongo2js';
import { isPersonalPath } from './policy-context.js';

/**
 * Turns the condition AST that ucast's Mongo parser produced into plain closures, once per rule.
 * The closures follow the semantics of ucast's JS interpreter operator for operator (an array
 * field matches when any element does; `$eq` on a list means "contains"), with deliberate
 * differences: values of different types never compare (so `$lt` does not hold for a missing
 * field), and a missing value is missing however it is missing (a key holding `undefined`, or a
 * missing parent: `subject.id: null` holds when there is no subject, as in MongoDB). predicate.spec.ts checks the
 * closures against ucast's own interpreter on random conditions and contexts.
 *
 * The result is a plan: each node keeps its test and what an explanation needs to cite it.
 */

export type Test = (value: unknown) => boolean;

export type Plan = LeafPlan | GroupPlan;

export interface LeafPlan {
  kind: 'leaf';
  test: Test;
  /** Dotted path, or '' for a comparison on the element itself (inside $elemMatch). */
  path: string;
  operator: string;
  expected: unknown;
  personal: boolean;
  get: (value: unknown) => unknown;
}

export interface GroupPlan {
  kind: 'and' | 'or' | 'not' | 'nor';
  test: Test;
  children: Plan[];
  /** How a negated child is cited: `field $not {…}`, or `$nor [{…}]` when it spans fields. */
  negatedClauses: NegatedClause[];
}

export interface NegatedClause {
  path: string;
  operator: '$not' | '$nor';
  expected: unknown;
  personal: boolean;
  get?: (value: unknown) => unknown;
}

export function planCondition(condition: Condition): Plan {
  if (condition instanceof CompoundCondition) {
    const kind = condition.operator as GroupPlan['kind'];
    const children = condition.value.map(planCondition);
    const tests = children.map((c) => c.test);
    return { kind, children, test: groupTest(kind, tests), negatedClauses: kind === 'not' || kind === 'nor' ? condition.value.map(negatedClause) : [] };
  }
  if (!(condition instanceof FieldCondition)) throw new Error(`Unsupported condition "${condition.operator}"`);
  const path = condition.field === ITSELF ? '' : condition.field;
  const get = getter(condition.field);
  return {
    kind: 'leaf',
    test: fieldTest(condition, get),
    path,
    operator: `$${condition.operator}`,
    expected: printOperand(condition),
    personal: isPersonalPath(path),
    get,
  };
}

/** Orders numbers with numbers and text with text; anything else is incomparable. */
export function strictCompare<T>(a: T, b: T): 0 | 1 | -1 {
  if (a === b || (a == null && b == null)) return 0;
  const type = typeof a;
  if (type !== typeof b || (type !== 'number' && type !== 'string') || Number.isNaN(a) || Number.isNaN(b)) return NaN as 0;
  return a > b ? 1 : -1;
}

function groupTest(kind: GroupPlan['kind'], tests: Test[]): Test {
  const [first, second] = tests;
  switch (kind) {
    case 'and':
      if (tests.length === 0) return () => true;
      if (tests.length === 1) return first;
      if (tests.length === 2) return (v) => first(v) && second(v);
      return (v) => {
        for (const t of tests) if (!t(v)) return false;
        return true;
      };
    case 'or':
      return (v) => {
        for (const t of tests) if (t(v)) return true;
        return false;
      };
    case 'nor':
      return (v) => {
        for (const t of tests) if (t(v)) return false;
        return true;
      };
    case 'not':
      return (v) => !first(v);
    default:
      throw new Error(`Unsupported condition "${String(kind)}"`);
  }
}

/** ucast's rule for array fields: the comparison holds when it holds for any element. */
const anyOf = (get: (v: unknown) => unknown, test: (value: unknown) => boolean): Test => (object) => {
  const value = get(object);
  return Array.isArray(value) ? value.some(test) : test(value);
};

/**
 * Membership by strictCompare's equality, specialised: a non-null value is only ever equal to
 * itself, and null equals any missing value.
 */
function memberOf(list: readonly unknown[]): (value: unknown) => boolean {
  const hasNull = list.includes(null);
  const set = list.length > 8 ? new Set(list) : undefined;
  if (set) return (value) => (value == null ? hasNull : set.has(value));
  return (value) => (value == null ? hasNull : list.includes(value));
}

/** An ordering test on numbers with numbers or text with text; other pairs never hold. */
function ordered(expected: number | string, holds: (a: number | string, b: number | string) => boolean): (value: unknown) => boolean {
  const type = typeof expected;
  return (value) => typeof value === type && holds(value as number | string, expected);
}

function fieldTest(condition: FieldCondition, get: (v: unknown) => unknown): Test {
  const expected = condition.value as never;
  switch (condition.operator) {
    case 'eq':
      return eqTest(expected, get);
    case 'ne': {
      const eq = eqTest(expected, get);
      return (v) => !eq(v);
    }
    case 'lt':
      return anyOf(get, ordered(expected, (a, b) => a < b));
    case 'lte':
      return anyOf(get, ordered(expected, (a, b) => a <= b));
    case 'gt':
      return anyOf(get, ordered(expected, (a, b) => a > b));
    case 'gte':
      return anyOf(get, ordered(expected, (a, b) => a >= b));
    case 'in':
      return anyOf(get, memberOf(expected));
    case 'nin': {
      const within = anyOf(get, memberOf(expected));
      return (v) => !within(v);
    }
    case 'exists':
      // Missing is missing: a field holding null has $exists: false, as it equals null.
      return (object) => (get(object) != null) === expected;
    case 'regex': {
      const regex = expected as RegExp;
      return anyOf(get, (v) => typeof v === 'string' && regex.test(v));
    }
    case 'size':
      return (object) => {
        const value = get(object);
        return Array.isArray(value) && value.length === expected;
      };
    case 'all': {
      const wanted = (expected as unknown[]).map((x) => {
        const is = memberOf([x]);
        return (value: unknown[]) => value.some(is);
      });
      return (object) => {
        const value = get(object);
        return Array.isArray(value) && wanted.every((has) => has(value));
      };
    }
    case 'elemMatch': {
      const inner = planCondition(expected as Condition).test;
      return (object) => {
        const value = get(object);
        return Array.isArray(value) && value.some(inner);
      };
    }
    case 'mod': {
      const [divisor, remainder] = expected as [number, number];
      return anyOf(get, (v) => typeof v === 'number' && v % divisor === remainder);
    }
    default:
      throw new Error(`Unsupported operator "$${condition.operator}"`);
  }
}

function eqTest(expected: unknown, get: (v: unknown) => unknown): Test {
  if (expected === null) {
    return (object) => {
      const value = get(object);
      return value == null || (Array.isArray(value) && value.includes(null));
    };
  }
  return (object) => {
    const value = get(object);
    return value === expected || (Array.isArray(value) && value.includes(expected));
  };
}

/** A reader for a dotted path, split once; undefined when any step is missing. */
function getter(field: string): (value: unknown) => unknown {
  if (field === ITSELF) return (value) => value;
  const steps = field.split('.');
  // Own members only: `input.constructor` is missing when the input has no such feature, not Object.
  const step = (value: unknown, key: string) => (value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  const [first, second] = steps;
  // Arrays of objects part-way along a path are read the way ucast reads them.
  const slow = (value: unknown) => getObjectField(value, field);
  if (steps.length === 1) return (value) => step(value, first);
  if (steps.length === 2) {
    return (value) => {
      const parent = step(value, first);
      return Array.isArray(parent) ? slow(value) : step(parent, second);
    };
  }
  return (value) => {
    let cursor = value;
    for (const key of steps) {
      if (cursor === null || typeof cursor !== 'object') return undefined;
      if (Array.isArray(cursor)) return slow(value);
      cursor = step(cursor, key);
    }
    return cursor;
  };
}

function negatedClause(condition: Condition): NegatedClause {
  const fields = [...new Set(fieldsOf(condition))];
  if (fields.length === 1) {
    return { path: fields[0], operator: '$not', expected: relativeQuery(condition), personal: isPersonalPath(fields[0]), get: getter(fields[0]) };
  }
  return { path: fields.join(' '), operator: '$nor', expected: [query(condition)], personal: fields.some(isPersonalPath) };
}

function printOperand(condition: Condition): unknown {
  const value = condition.value;
  if (value instanceof RegExp) return value.flags ? `/${value.source}/${value.flags}` : value.source;
  if (value instanceof CompoundCondition || value instanceof FieldCondition) return relativeQuery(value);
  return value;
}

function fieldsOf(condition: Condition): string[] {
  if (condition instanceof FieldCondition) return condition.field === ITSELF ? [] : [condition.field];
  if (condition instanceof CompoundCondition) return condition.value.flatMap(fieldsOf);
  return [];
}

/** The condition printed back as a Mongo query. */
function query(condition: Condition): Record<string, unknown> {
  if (condition instanceof CompoundCondition) return { [`$${condition.operator}`]: condition.value.map(query) };
  if (condition instanceof FieldCondition) return { [condition.field]: { [`$${condition.operator}`]: printOperand(condition) } };
  return {};
}

/** The operators of a condition on one field, without the field name: `{ $in: [...] }`. */
function relativeQuery(condition: Condition): Record<string, unknown> {
  if (condition instanceof FieldCondition) return { [`$${condition.operator}`]: printOperand(condition) };
  if (condition instanceof CompoundCondition) {
    const parts = condition.value.map(relativeQuery);
    if (condition.operator === 'and') return Object.assign({}, ...parts);
    return { [`$${condition.operator}`]: parts };
  }
  return {};
}
