import { MAX_DEPTH, nestedDeeperThan, validationPipe } from './validation.js';

const nest = (depth: number) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

describe('nestedDeeperThan', () => {
  it.each([
    [1, 0, false],
    [{}, 1, false],
    [nest(3), 3, false],
    [nest(4), 3, true],
    [{ a: 1, b: [1, 2, { c: [] }] }, 4, false],
    [{ a: 1, b: [1, 2, { c: [] }] }, 3, true],
    [nest(100_000), MAX_DEPTH, true],
  ])('%#: depth limit %p → %p', (value, limit, expected) => {
    expect(nestedDeeperThan(value, limit as number)).toBe(expected);
  });
});

describe('validationPipe', () => {
  it('refuses input nested past the limit with a 400 naming the rule', async () => {
    await expect(validationPipe().transform(nest(MAX_DEPTH + 1), { type: 'body' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'body', rule: 'maxDepth' }] } });
  });

  it('lets input at the limit through', async () => {
    await expect(validationPipe().transform(nest(MAX_DEPTH), { type: 'body' })).resolves.toEqual(nest(MAX_DEPTH));
  });
});
