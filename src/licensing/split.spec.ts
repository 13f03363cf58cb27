import { apportion, split, validateShares, type Share } from './split.js';

const shares = (...pairs: [string, number][]): Share[] => pairs.map(([partyId, basisPoints]) => ({ partyId, basisPoints }));

describe('split (largest remainder)', () => {
  // Each row worked by hand: floor(amount × bp / 10,000), remainder = amount × bp mod 10,000,
  // leftover units to the largest remainders, ties to the smaller partyId.
  it.each([
    ['thirds of 100', 100, shares(['a', 3333], ['b', 3333], ['c', 3334]), [33, 33, 34]],
    ['thirds of 10', 10, shares(['a', 3333], ['b', 3333], ['c', 3334]), [3, 3, 4]],
    ['one unit, tie goes to the smaller id', 1, shares(['a', 5000], ['b', 5000]), [1, 0]],
    ['tie ignores table order', 1, shares(['b', 5000], ['a', 5000]), [0, 1]],
    ['three leftovers over four equal parties', 7, shares(['a', 2500], ['b', 2500], ['c', 2500], ['d', 2500]), [2, 2, 2, 1]],
    ['leftover to the larger remainder', 999_999, shares(['a', 6000], ['b', 4000]), [599_999, 400_000]],
    ['zero charge', 0, shares(['a', 7000], ['b', 3000]), [0, 0]],
    ['0 bp party gets nothing', 5, shares(['a', 0], ['b', 10_000]), [0, 5]],
    ['a single owner', 123, shares(['solo', 10_000]), [123]],
    ['largest safe amount', Number.MAX_SAFE_INTEGER, shares(['a', 1], ['b', 9999]), [900_719_925_474, 9_006_298_534_815_517]],
  ])('%s', (_name, amount, table, expected) => {
    const result = split(amount, table);
    expect(result).toEqual(table.map((s, i) => ({ partyId: s.partyId, amount: expected[i] })));
    expect(result.reduce((sum, r) => sum + r.amount, 0)).toBe(amount);
  });

  it.each([
    [[], /at least one party/],
    [shares(['a', 5000], ['b', 4000]), /sum to 9000 bp, not 10000/],
    [shares(['a', 11_000], ['b', -1000]), /a: basisPoints must be an integer from 0 to 10000.*b: basisPoints/],
    [shares(['a', 5000], ['a', 5000]), /a appears more than once/],
    [shares(['a', 5000.5], ['b', 4999.5]), /basisPoints must be an integer/],
    [shares(['', 10_000]), /needs a partyId/],
  ])('refuses the table %j', (table, message) => {
    expect(validateShares(table).join('; ')).toMatch(message);
    expect(() => split(100, table)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([-1, 0.5, Number.MAX_SAFE_INTEGER + 1])('refuses to split %p', (amount) => {
    expect(() => split(amount, shares(['a', 10_000]))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [2, [1, 1, 1], [1, 1, 0]],
    [10_000, [2, 1], [6667, 3333]],
    [5, [0, 0, 3], [0, 0, 5]],
  ])('apportions %p by weights %j as %j', (amount, weights, expected) => {
    expect(apportion(amount, weights.map((weight, i) => ({ key: 'abc'[i], weight })))).toEqual(expected);
  });

  it('refuses to apportion a positive amount over zero weights, or among repeated keys', () => {
    expect(apportion(0, [{ key: 'a', weight: 0 }])).toEqual([0]);
    expect(() => apportion(1, [{ key: 'a', weight: 0 }])).toThrow(/weights are all zero/);
    expect(() => apportion(1, [{ key: 'a', weight: 1 }, { key: 'a', weight: 1 }])).toThrow(/claimed twice/);
  });
});
