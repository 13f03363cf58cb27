import { checkValue, validateRows, type InputProblem } from './input-validation.js';
import type { FeatureSpec, InputSchema } from './model-schema.js';

const schema: InputSchema = {
  features: [
    { name: 'income', type: 'numeric', min: 0, max: 100_000, integer: true },
    { name: 'ratio', type: 'numeric', min: 0, max: 1 },
    { name: 'region', type: 'categorical', values: ['north', 'south'] },
    { name: 'note', type: 'text', maxLength: 5 },
    { name: 'late', type: 'numeric', min: 0, optional: true, default: 0 },
  ],
};
const good = { income: 40_000, ratio: 0.3, region: 'north', note: 'hi' };

describe('validateRows', () => {
  it('accepts good rows, keeps only declared features and fills defaults', () => {
    expect(validateRows(schema, [good, { ...good, late: 2, region: 'south' }])).toEqual({
      rows: [
        { ...good, late: 0 },
        { ...good, late: 2, region: 'south' },
      ],
    });
  });

  it('treats null like an absent value', () => {
    expect(validateRows(schema, [{ ...good, late: null }])).toEqual({ rows: [{ ...good, late: 0 }] });
  });

  it.each<[string, unknown, InputProblem['rule'], string]>([
    ['a number as text', { ...good, income: '40000' }, 'type', 'inputs[0].income'],
    ['a missing feature', { ratio: 0.3, region: 'north', note: 'hi' }, 'required', 'inputs[0].income'],
    ['null for a required feature', { ...good, region: null }, 'required', 'inputs[0].region'],
    ['an undeclared feature', { ...good, sex: 'female' }, 'unknown', 'inputs[0].sex'],
    ['a value below min', { ...good, income: -1 }, 'min', 'inputs[0].income'],
    ['a value above max', { ...good, ratio: 1.5 }, 'max', 'inputs[0].ratio'],
    ['a fraction where a whole number is due', { ...good, income: 40_000.5 }, 'integer', 'inputs[0].income'],
    ['NaN', { ...good, ratio: NaN }, 'finite', 'inputs[0].ratio'],
    ['Infinity', { ...good, ratio: Infinity }, 'finite', 'inputs[0].ratio'],
    ['a number beyond what a 32-bit float holds, where no max is declared', { ...good, late: 1e308 }, 'finite', 'inputs[0].late'],
    ['an unknown category', { ...good, region: 'North' }, 'enum', 'inputs[0].region'],
    ['a category that is not a string', { ...good, region: 1 }, 'type', 'inputs[0].region'],
    ['text over the limit', { ...good, note: 'toolong' }, 'maxLength', 'inputs[0].note'],
    ['text that is not a string', { ...good, note: ['hi'] }, 'type', 'inputs[0].note'],
    ['a row that is not an object', 42, 'type', 'inputs[0]'],
    ['a row that is an array', [good], 'type', 'inputs[0]'],
  ])('rejects %s', (_name, row, rule, field) => {
    const result = validateRows(schema, [row]);
    expect('problems' in result && result.problems).toEqual([expect.objectContaining({ field, rule })]);
  });

  it.each<[string, unknown, InputProblem['rule']]>([
    ['not an array', { rows: [] }, 'type'],
    ['no rows', [], 'minRows'],
    ['more rows than allowed', [good, good, good], 'maxRows'],
  ])('rejects a batch that is %s', (_name, rows, rule) => {
    expect(validateRows(schema, rows, { maxRows: 2 })).toEqual({ problems: [expect.objectContaining({ field: 'inputs', rule })] });
  });

  it('reports every problem with its row index and path prefix', () => {
    const result = validateRows(schema, [good, { ...good, income: -5, region: 'east' }, { ...good, extra: 1 }], { path: 'body.rows' });
    expect(result).toEqual({
      problems: [
        { field: 'body.rows[1].income', rule: 'min', message: 'must be at least 0' },
        { field: 'body.rows[1].region', rule: 'enum', message: 'must be one of north, south' },
        { field: 'body.rows[2].extra', rule: 'unknown', message: 'is not a feature of this model' },
      ],
    });
  });

  it('caps the number of problems it reports', () => {
    const rows = Array.from({ length: 50 }, () => ({}));
    const result = validateRows(schema, rows, { maxProblems: 7 });
    expect('problems' in result && result.problems).toHaveLength(7);
  });
});

describe('checkValue', () => {
  const text: FeatureSpec = { name: 't', type: 'text', maxLength: 3 };
  it.each([
    ['abc', null],
    ['😀😀😀', null], // three code points, six UTF-16 units
    ['abcd', 'maxLength'],
  ])('text %p breaks %p', (value, rule) => {
    expect(checkValue(text, value)?.rule ?? null).toBe(rule);
  });
});
