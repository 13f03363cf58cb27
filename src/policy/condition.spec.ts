import { compilePolicy } from './compile.js';
import { checkCondition } from './condition.js';
import { timeContext, type PolicyContext } from './policy-context.js';

const ctx: PolicyContext = {
  tenant: { id: 't-1', name: 'Acme Bank' },
  role: 'tenant',
  model: { name: 'credit-approval', version: '1.2.0', riskClass: 'high' },
  purpose: 'credit-scoring',
  jurisdiction: 'DE',
  time: timeContext(new Date('2026-11-20T09:30:00Z')),
  subject: { id: 's-1', attributes: { segment: 'retail', vip: false } },
  input: { income: 42000, age: 37, employment: 'salaried', tags: ['new', 'online'] },
  output: { label: 'approve', score: 0.55 },
  quota: { minute: 3, day: 120 },
  pii: { found: ['EMAIL', 'PHONE'], count: 2 },
};

/** Compiles the condition as an output rule (so every field is visible) and tests it. */
function holds(when: Record<string, unknown>, context: PolicyContext = ctx): boolean {
  const policy = compilePolicy({ name: 't', rules: [{ id: 'r', kind: 'output', effect: 'deny', description: 'd', when }] });
  return policy.output.rules[0].test(context);
}

describe('conditions over a request context', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['equality by dotted path', { 'model.name': 'credit-approval' }, true],
    ['equality by nested map', { model: { name: 'credit-approval', riskClass: 'high' } }, true],
    ['nested map with one wrong field', { model: { name: 'credit-approval', riskClass: 'limited' } }, false],
    ['$eq', { purpose: { $eq: 'credit-scoring' } }, true],
    ['$ne', { purpose: { $ne: 'credit-scoring' } }, false],
    ['$in', { jurisdiction: { $in: ['FR', 'DE'] } }, true],
    ['$nin', { jurisdiction: { $nin: ['FR', 'DE'] } }, false],
    ['$gt / $lt band', { 'output.score': { $gt: 0.5, $lt: 0.6 } }, true],
    ['$gte / $lte band, outside', { 'output.score': { $gte: 0.6, $lte: 0.9 } }, false],
    ['$lt on a missing field never holds', { 'subject.attributes.limit': { $lt: 100 } }, false],
    ['$gt across types never holds', { 'input.employment': { $gt: 3 } }, false],
    ['$exists true', { 'subject.attributes.segment': { $exists: true } }, true],
    ['$exists false on a missing attribute', { 'subject.attributes.limit': { $exists: false } }, true],
    ['$regex', { 'tenant.name': { $regex: '^acme', $options: 'i' } }, true],
    ['$regex without the flag', { 'tenant.name': { $regex: '^acme' } }, false],
    ['$not', { 'model.riskClass': { $not: { $in: ['minimal', 'limited'] } } }, true],
    ['$and', { $and: [{ purpose: 'credit-scoring' }, { 'time.hour': { $gte: 9 } }] }, true],
    ['$or with one branch holding', { $or: [{ purpose: 'marketing' }, { 'quota.day': { $gt: 100 } }] }, true],
    ['$or with no branch holding', { $or: [{ purpose: 'marketing' }, { 'quota.day': { $gt: 1000 } }] }, false],
    ['$nor', { $nor: [{ purpose: 'marketing' }, { role: 'admin' }] }, true],
    ['array contains', { 'pii.found': 'EMAIL' }, true],
    ['array $in', { 'pii.found': { $in: ['IBAN', 'PHONE'] } }, true],
    ['array $all', { 'pii.found': { $all: ['EMAIL', 'PHONE'] } }, true],
    ['array $all missing one', { 'pii.found': { $all: ['EMAIL', 'IBAN'] } }, false],
    ['array $size', { 'pii.found': { $size: 2 } }, true],
    ['array $elemMatch', { 'pii.found': { $elemMatch: { $regex: '^PH' } } }, true],
    ['input feature list $all', { 'input.tags': { $all: ['online'] } }, true],
    ['$mod', { 'time.hour': { $mod: [3, 0] } }, true],
    ['weekday', { 'time.weekday': { $in: ['sat', 'sun'] } }, false],
    ['boolean attribute', { 'subject.attributes.vip': false }, true],
    ['null means missing', { jurisdiction: null }, false],
    ['empty condition always holds', {}, true],
    ['the same path twice is ANDed', { 'model.name': 'credit-approval', model: { name: 'support-router' } }, false],
  ])('%s', (_name, when, expected) => {
    expect(holds(when)).toBe(expected);
  });

  it('reads a missing jurisdiction as null', () => {
    expect(holds({ jurisdiction: null }, { ...ctx, jurisdiction: undefined })).toBe(true);
  });
});

describe('condition validation', () => {
  it.each<[string, unknown, 'pre' | 'post', string, string]>([
    ['unknown root field', { modle: { name: 'x' } }, 'pre', 'when.modle', 'unknown context field "modle" (did you mean "model"?)'],
    ['unknown nested field', { model: { riskclass: 'high' } }, 'pre', 'when.model.riskclass', 'did you mean "riskClass"'],
    ['unknown dotted field', { 'model.owner': 'x' }, 'pre', 'when.model.owner', 'model has name, version, riskClass'],
    ['field under a value', { 'purpose.name': 'x' }, 'pre', 'when.purpose.name', 'purpose is a single value'],
    ['unknown operator', { purpose: { $in: ['a'], $inn: ['b'] } }, 'pre', 'when.purpose.$inn', 'unknown operator $inn (did you mean "$in"?)'],
    ['$where is refused', { $where: 'true' }, 'pre', 'when.$where', 'unknown operator $where'],
    ['document-level $not', { $not: { purpose: 'x' } }, 'pre', 'when.$not', 'use $nor'],
    ['logical operator inside a field', { purpose: { $or: ['a'] } }, 'pre', 'when.purpose.$or', '$or combines whole conditions; write it at the top'],
    ['field operator at the top', { $in: ['a'] }, 'pre', 'when.$in', '$in compares a field; write it under one'],
    ['operators on a group', { model: { $exists: true } }, 'pre', 'when.model', 'model is a group of fields (name, version, riskClass)'],
    ['enum typo', { 'model.riskClass': 'High' }, 'pre', 'when.model.riskClass', '"High" is not one of minimal, limited, high (did you mean "high"?)'],
    ['enum in a list', { 'model.riskClass': { $in: ['high', 'severe'] } }, 'pre', 'when.model.riskClass.$in[1]', '"severe" is not one of'],
    ['ordering an enum', { 'model.riskClass': { $gte: 'limited' } }, 'pre', 'when.model.riskClass.$gte', 'has no order'],
    ['text expected', { 'model.version': 1.1 }, 'pre', 'when.model.version', 'expects text; write it in quotes ("1.1")'],
    ['number expected', { 'output.score': { $gte: '0.4' } }, 'post', 'when.output.score.$gte', 'expects a number; "0.4" is text, write it without quotes'],
    ['whole number expected', { 'time.hour': 9.5 }, 'pre', 'when.time.hour', 'expects a whole number'],
    ['jurisdiction code', { jurisdiction: { $in: ['de'] } }, 'pre', 'when.jurisdiction.$in[0]', 'an ISO 3166 code'],
    ['an instant without milliseconds (it would sort after 12:00:00.000Z)', { 'time.iso': { $gte: '2026-01-01T12:00:00Z' } }, 'pre', 'when.time.iso.$gte', 'UTC with milliseconds, like 2026-01-01T12:00:00.000Z'],
    ['output before inference', { 'output.score': { $gt: 0.5 } }, 'pre', 'when.output.score', 'only known after inference'],
    ['list as a value', { purpose: ['a', 'b'] }, 'pre', 'when.purpose', 'write purpose: { $in: [...] }'],
    ['group compared to a value', { model: 'credit-approval' }, 'pre', 'when.model', 'model is a group of fields'],
    ['mixed operators and fields', { purpose: { $eq: 'a', name: 'b' } }, 'pre', 'when.purpose', 'is a single value'],
    ['$size on a single value', { purpose: { $size: 1 } }, 'pre', 'when.purpose.$size', 'applies to lists'],
    ['$exists needs a boolean', { jurisdiction: { $exists: 'yes' } }, 'pre', 'when.jurisdiction.$exists', 'true or false'],
    ['bad regex', { 'tenant.name': { $regex: '(' } }, 'pre', 'when.tenant.name.$regex', 'invalid regular expression'],
    ['$options alone', { 'tenant.name': { $options: 'i' } }, 'pre', 'when.tenant.name.$options', 'only goes with $regex'],
    ['empty $or', { $or: [] }, 'pre', 'when.$or', 'non-empty list'],
    ['bad $or item', { $or: [{ purpose: 'a' }, 'b'] }, 'pre', 'when.$or[1]', 'a condition is a map'],
    ['not a map', 'purpose == marketing', 'pre', 'when', 'a condition is a map'],
  ])('%s', (_name, when, phase, path, message) => {
    const { issues } = checkCondition(when, phase, ['when']);
    expect(issues.map((i) => [formatIssuePath(i.path), i.message])).toEqual([[path, expect.stringContaining(message)]]);
  });

  it('accepts every documented operator in a valid place', () => {
    const { issues, query } = checkCondition(
      {
        $or: [{ purpose: { $in: ['a'] } }, { purpose: { $nin: ['b'], $ne: 'c' } }],
        $nor: [{ role: 'admin' }],
        'output.score': { $gte: 0.1, $gt: 0, $lte: 1, $lt: 2, $not: { $eq: 0.5 } },
        'pii.found': { $all: ['EMAIL'], $size: 1, $elemMatch: { $eq: 'EMAIL' }, $exists: true },
        'tenant.name': { $regex: 'a', $options: 'i' },
        'time.hour': { $mod: [2, 1] },
      },
      'post',
      ['when'],
    );
    expect(issues).toEqual([]);
    expect(Object.keys(query)).toEqual(['$or', '$nor', 'output.score', 'pii.found', 'tenant.name', 'time.hour']);
  });

  it('flattens nested maps into dotted paths', () => {
    expect(checkCondition({ model: { name: 'a', riskClass: { $in: ['high'] } } }, 'pre', []).query).toEqual({
      'model.name': 'a',
      'model.riskClass': { $in: ['high'] },
    });
  });
});

function formatIssuePath(path: (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
