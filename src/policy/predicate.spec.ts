import { MongoQueryParser, allInterpreters, allParsingInstructions, createJsInterpreter, type Condition, type FieldCondition } from '@ucast/mongo2js';
import fc from 'fast-check';
import { planCondition, strictCompare } from './predicate.js';

/**
 * ucast's own interpreter, with the same comparison: the reference the closures must agree with.
 * Its $exists asks whether the parent has the key; ours says a field holding null is missing too.
 */
const valueAt = (object: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, key) => (o == null ? undefined : (o as Record<string, unknown>)[key]), object);
const exists = (node: FieldCondition<boolean>, object: unknown): boolean => (valueAt(object, node.field) != null) === node.value;
const reference = createJsInterpreter({ ...allInterpreters, exists }, { compare: strictCompare }) as (condition: Condition, value: unknown) => boolean;
const parser = new MongoQueryParser(allParsingInstructions);

const words = ['a', 'b', 'c'];
const scalar = fc.oneof(fc.constantFrom(...words), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null));
const context = fc.record(
  {
    s: fc.oneof(fc.constantFrom(...words), fc.integer({ min: -2, max: 2 }), fc.constant(null)),
    n: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom('1', 'a')),
    list: fc.oneof(fc.array(fc.constantFrom(...words), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 })),
    o: fc.record({ x: fc.integer({ min: -2, max: 2 }), y: fc.constantFrom(...words) }, { requiredKeys: [] }),
  },
  // `o` is always there: for a missing parent, `o.x: null` holds here (as in MongoDB) but not in ucast.
  { requiredKeys: ['o'] },
);

const field = fc.constantFrom('s', 'n', 'list', 'o.x', 'o.y', 'missing', 'o.missing');
const fieldOperator: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ op: fc.constantFrom('$eq', '$ne'), v: scalar }).map(({ op, v }) => ({ [op]: v })),
  fc.record({ op: fc.constantFrom('$in', '$nin'), v: fc.array(scalar, { minLength: 1, maxLength: 12 }) }).map(({ op, v }) => ({ [op]: v })),
  fc.record({ op: fc.constantFrom('$gt', '$gte', '$lt', '$lte'), v: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(...words)) }).map(({ op, v }) => ({ [op]: v })),
  fc.boolean().map((v) => ({ $exists: v })),
  fc.constantFrom('^a', 'b|c', '1').map((v) => ({ $regex: v })),
  fc.integer({ min: 0, max: 3 }).map((v) => ({ $size: v })),
  fc.array(fc.constantFrom(...words, 1), { maxLength: 2 }).map((v) => ({ $all: v })),
  fc.constantFrom('a', 'b').map((v) => ({ $elemMatch: { $eq: v } })),
  fc.constantFrom([2, 0], [2, 1]).map((v) => ({ $mod: v })),
  fc.constantFrom('a', 1).map((v) => ({ $not: { $in: [v] } })),
);
const leaf = fc.tuple(field, fieldOperator).map(([f, op]) => ({ [f]: op }));
const query: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ q: Record<string, unknown> }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('$and', '$or', '$nor'), fc.array(tie('q'), { minLength: 1, maxLength: 3 })).map(([op, qs]) => ({ [op]: qs })),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })),
  ),
})).q;

describe('compiled predicates', () => {
  it('agree with ucast\'s interpreter on random conditions and contexts', () => {
    fc.assert(
      fc.property(query, context, (q, ctx) => {
        const condition = parser.parse(q);
        expect(planCondition(condition).test(ctx)).toBe(reference(condition, ctx));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ['a key holding undefined counts as missing for $exists', { j: { $exists: false } }, { j: undefined }, true],
    ['a key holding null counts as missing for $exists', { j: { $exists: false } }, { j: null }, true],
    ['a key holding null does not exist', { 'subject.attributes.x': { $exists: true } }, { subject: { attributes: { x: null } } }, false],
    ['a key holding false exists', { j: { $exists: true } }, { j: false }, true],
    ['a key holding undefined equals null', { j: null }, { j: undefined }, true],
    ['a field under a missing parent equals null', { 'subject.id': null }, {}, true],
    ['$lt never holds for a missing field', { score: { $lt: 0.6 } }, {}, false],
    ['$gte compares numbers with numbers only', { score: { $gte: 0.4 } }, { score: '0.5' }, false],
    ['a name every object inherits is missing unless the context has it', { 'input.constructor': { $exists: true } }, { input: {} }, false],
    ['three steps down too', { 'subject.attributes.toString': { $exists: true } }, { subject: { attributes: {} } }, false],
  ])('%s', (_name, q, ctx, expected) => {
    expect(planCondition(parser.parse(q)).test(ctx)).toBe(expected);
  });

  it('explains where it came from', () => {
    const plan = planCondition(parser.parse({ 'model.name': { $in: ['a'] }, 'input.x': { $not: { $gt: 1 } } }));
    expect(plan.kind).toBe('and');
    expect(plan.kind === 'and' && plan.children.map((c) => (c.kind === 'leaf' ? [c.path, c.operator, c.expected, c.personal] : c.kind))).toEqual([
      ['model.name', '$in', ['a'], false],
      'not',
    ]);
  });
});
