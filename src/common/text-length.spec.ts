import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsName, IsReason, Length, MaxLength, codePointLength } from './text-length.js';

class Changed {
  @IsReason(3, 10) reason!: string;
  @IsName(20) name?: string;
}

class Named {
  @Length(3, 5) name!: string;
  @Length(0, 2, { each: true }) tags?: string[];
  @MaxLength(2) code?: string;
}

const problems = (value: object) =>
  validateSync(plainToInstance(Named, value), { skipMissingProperties: true }).flatMap((e) => Object.entries(e.constraints ?? {}).map(([rule, message]) => `${rule}: ${message}`));

describe('text lengths in code points, as Postgres counts them', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['a\ufe0f', 2], // a variation selector is a code point of its own
    ['😀', 1], // a surrogate pair is one
    ['e\u0301', 2], // a combining accent too
    ['\ud800x', 2], // a lone surrogate is one, as it is stored (as U+FFFD)
    ['x\udc00', 2],
  ])('%p is %p long', (text, length) => {
    expect(codePointLength(text)).toBe(length);
  });

  it('refuses what a table would refuse, in class-validator’s rule names and words', () => {
    expect(problems({ name: 'ab😀' })).toEqual([]);
    expect(problems({ name: 'a\ufe0fb\ufe0fc\ufe0f' })).toEqual(['isLength: name must be shorter than or equal to 5 characters']);
    expect(problems({ name: 'a\ufe0f' })).toEqual(['isLength: name must be longer than or equal to 3 characters']);
    expect(problems({ name: 42 })).toEqual(['isLength: name must be shorter than or equal to 5 characters']);
    expect(problems({ name: 'abc', tags: ['ok', 'a\ufe0f\ufe0f'] })).toEqual(['isLength: each value in tags must be shorter than or equal to 2 characters']);
    expect(problems({ name: 'abc', code: '😀😀' })).toEqual([]);
    expect(problems({ name: 'abc', code: 'a\ufe0fb' })).toEqual(['maxLength: code must be shorter than or equal to 2 characters']);
  });
});

describe('reasons', () => {
  const problemsOf = (value: object) => validateSync(plainToInstance(Changed, value), { skipMissingProperties: true }).map((e) => e.property);
  it.each([
    ['because', []],
    ['  why  ', []],
    ['      ', ['reason']], // white space is no reason
    [' a ', ['reason']],
    ['x'.repeat(11), ['reason']],
  ])('%j → %j', (reason, fields) => {
    expect(problemsOf({ reason })).toEqual(fields);
  });
});
