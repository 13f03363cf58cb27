import { compareSemver, parseSemver } from './semver.js';

describe('semver', () => {
  it.each([
    ['1.0.0', { major: 1, minor: 0, patch: 0, prerelease: '' }],
    ['0.12.3-rc.1', { major: 0, minor: 12, patch: 3, prerelease: 'rc.1' }],
    ['1.2', null],
    ['01.2.3', null],
    ['1.2.3+build', null],
    ['1.2.3-', null],
    ['v1.2.3', null],
  ])('parses %p', (text, expected) => {
    expect(parseSemver(text)).toEqual(expected);
  });

  // The precedence example of semver 2.0 §11, in ascending order.
  const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
  it('orders versions by precedence', () => {
    const shuffled = [...ordered].reverse().sort((a, b) => compareSemver(parseSemver(a)!, parseSemver(b)!));
    expect(shuffled).toEqual(ordered);
    expect(compareSemver(parseSemver('1.2.3')!, parseSemver('1.2.3')!)).toBe(0);
  });

  it('compares numeric pre-release identifiers beyond a double\'s precision as numbers', () => {
    const cmp = (a: string, b: string) => Math.sign(compareSemver(parseSemver(a)!, parseSemver(b)!));
    expect(cmp('1.0.0-99999999999999999999', '1.0.0-100000000000000000000')).toBe(-1);
    expect(cmp('1.0.0-100000000000000000001', '1.0.0-100000000000000000000')).toBe(1);
    expect(cmp('1.0.0-9.a', '1.0.0-10.a')).toBe(-1);
    expect(cmp('1.0.0-100000000000000000000', '1.0.0-100000000000000000000')).toBe(0);
  });
});
