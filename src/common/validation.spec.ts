import { IsDefined, IsString } from 'class-validator';
import { MAX_DEPTH, nestedDeeperThan, PassThrough, unstorableText, unstorableTextAt, validationPipe } from './validation.js';

class Rows {
  @IsString()
  name!: string;

  @IsDefined({ message: 'rows is required' })
  @PassThrough()
  rows!: unknown;
}

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

describe('text Postgres cannot store', () => {
  it.each([
    ['plain', false],
    ['emoji 😀 and accents é', false],
    ['a\u0000b', true],
    ['\ud800', true],
    ['x\udc00', true],
    ['\udc00\ud800', true], // the halves in the wrong order
    ['\ud83d\ude00', false],
  ])('%j → %p', (text, expected) => {
    expect(unstorableText(text)).toBe(expected);
  });

  it('is found in values and member names, and named by its path', () => {
    expect(unstorableTextAt({ inputs: [{ message: 'ok' }, { message: 'my wifi \u0000 is broken' }] }, '')).toBe('inputs[1].message');
    expect(unstorableTextAt({ subject: { attributes: { ['se\ud800x']: 'f' } } }, '')).toBe('subject.attributes.se\ud800x');
    expect(unstorableTextAt({ fine: ['a', 'b'] }, '')).toBeNull();
  });

  it('is refused by the pipe with a 400 naming the field, before anything stores it', async () => {
    await expect(validationPipe().transform({ inputs: { message: 'a\u0000' } }, { type: 'body' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'inputs.message', rule: 'storableText' }] },
    });
    await expect(validationPipe().transform('\ud800', { type: 'param', data: 'id' })).rejects.toMatchObject({ details: { fields: [{ field: 'id', rule: 'storableText' }] } });
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

describe('PassThrough', () => {
  const body = { type: 'body' as const, metatype: Rows };

  it('hands the property over as sent, the very objects, while the rest is transformed and checked', async () => {
    const rows = [{ a: 1, nested: { b: [2] } }, { a: 3 }];
    const sent = { name: 'x', rows };
    const out = (await validationPipe().transform(sent, body)) as Rows;
    expect(out).toBeInstanceOf(Rows);
    expect(out.rows).toBe(rows);
    expect(out.rows).toEqual([{ a: 1, nested: { b: [2] } }, { a: 3 }]);
    expect(sent.rows).toBe(rows);
  });

  it('still applies the rules of the property itself and of every other', async () => {
    const problems = async (value: unknown) => {
      const error = await validationPipe()
        .transform(value, body)
        .then(() => null, (e: { details: { fields: { field: string; rule: string }[] } }) => e);
      return error?.details.fields.map((f) => `${f.field}:${f.rule}`) ?? [];
    };
    expect(await problems({ name: 'x' })).toEqual(['rows:isDefined']);
    expect(await problems({ name: 'x', rows: null })).toEqual(['rows:isDefined']);
    expect(await problems({ name: 7, rows: [] })).toEqual(['name:isString']);
    expect(await problems({ name: 'x', rows: {}, extra: 1 })).toEqual(['extra:whitelistValidation']);
    expect(await problems({ name: 'x', rows: 'not rows' })).toEqual([]);
  });

  it('does not look inside what it hands over, but the depth limit still covers it', async () => {
    await expect(validationPipe().transform({ name: 'x', rows: nest(MAX_DEPTH + 1) }, body)).rejects.toMatchObject({ details: { fields: [{ rule: 'maxDepth' }] } });
  });
});
