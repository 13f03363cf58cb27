import { DomainError } from '../../common/errors.js';
import { addCounts, attributeNames, attributeSubsets, countsOf, groupCells, isUnknown, totalOf, validateCells, type Cell } from './cells.js';

const cell = (sex: string | null, race: string | null, n: number, selected: number, extra: Partial<Cell> = {}): Cell => ({
  attributes: { sex, race },
  n,
  selected,
  ...extra,
});

describe('isUnknown', () => {
  it.each([
    [null, true],
    [undefined, true],
    ['', true],
    ['  ', true],
    ['unknown', true],
    [' Unknown ', true],
    ['UNKNOWN', true],
    ['F', false],
    ['unknowable', false],
    ['0', false],
  ])('%p → %p', (value, expected) => expect(isUnknown(value)).toBe(expected));
});

describe('groupCells', () => {
  const cells: Cell[] = [
    cell('F', 'Black', 10, 2, { tp: 1, fp: 1, tn: 6, fn: 2 }),
    cell('F', 'White', 30, 12, { tp: 8, fp: 4, tn: 15, fn: 3 }),
    cell('M', 'Black', 20, 8, { tp: 5, fp: 3, tn: 10, fn: 2 }),
    cell('M', 'White', 40, 20, { tp: 15, fp: 5, tn: 15, fn: 5 }),
    cell('F', null, 5, 1, { tp: 0, fp: 1, tn: 4, fn: 0 }),
    cell('unknown', 'White', 7, 3, { tp: 2, fp: 1, tn: 3, fn: 1 }),
  ];

  it('sums cells into marginals, leaving unknown values out', () => {
    const { groups, unknown } = groupCells(cells, ['sex']);
    expect(groups.map((g) => [g.attributes, g.counts.n, g.counts.selected, g.counts.tp, g.counts.fn])).toEqual([
      [{ sex: 'F' }, 45, 15, 9, 5],
      [{ sex: 'M' }, 60, 28, 20, 7],
    ]);
    expect(unknown.n).toBe(7);
    expect(unknown.selected).toBe(3);
  });

  it('gives intersections that sum back to each marginal, with the other attribute unknown', () => {
    const both = groupCells(cells, ['sex', 'race']);
    expect(both.groups).toHaveLength(4);
    expect(both.unknown.n).toBe(12);
    for (const m of groupCells(cells, ['sex']).groups) {
      const parts = both.groups.filter((g) => g.attributes.sex === m.attributes.sex);
      const raceUnknown = cells.filter((c) => c.attributes.sex === m.attributes.sex && isUnknown(c.attributes.race));
      const sum = [...parts.map((g) => g.counts), ...raceUnknown.map(countsOf)].reduce(addCounts);
      expect(sum).toEqual(m.counts);
    }
  });

  it('merges duplicate keys and orders groups deterministically', () => {
    const dup = [cell('M', 'x', 1, 1), cell('F', 'x', 2, 0), cell('M', 'x', 3, 1)];
    expect(groupCells(dup, ['sex']).groups.map((g) => [g.attributes.sex, g.counts.n])).toEqual([
      ['F', 2],
      ['M', 4],
    ]);
  });

  it('totals every cell, unknowns included', () => {
    expect(totalOf(cells).n).toBe(112);
    expect(totalOf([]).n).toBe(0);
  });
});

describe('addCounts', () => {
  it('merges calibration bins by their bounds with n-weighted means', () => {
    const a = countsOf(cell('F', 'x', 4, 2, { tp: 1, fp: 1, tn: 1, fn: 1, calibration: [{ lo: 0.1, hi: 0.2, n: 3, meanScore: 0.12, positives: 1 }], brierSum: 0.5 }));
    const b = countsOf(
      cell('M', 'x', 4, 2, {
        tp: 1,
        fp: 1,
        tn: 1,
        fn: 1,
        calibration: [
          { lo: 0.1, hi: 0.2, n: 1, meanScore: 0.16, positives: 0 },
          { lo: 0, hi: 0.1, n: 2, meanScore: 0.05, positives: 0 },
        ],
        brierSum: 0.25,
      }),
    );
    const sum = addCounts(a, b);
    expect(sum.calibration).toEqual([
      { lo: 0, hi: 0.1, n: 2, meanScore: 0.05, positives: 0 },
      { lo: 0.1, hi: 0.2, n: 4, meanScore: expect.closeTo(0.13, 12), positives: 1 },
    ]);
    expect(sum.brierSum).toBe(0.75);
  });
});

describe('countsOf', () => {
  it('counts every row as scored when only scoreAboveMedian is given', () => {
    expect(countsOf(cell('F', 'x', 9, 1, { scoreAboveMedian: 4 })).scored).toBe(9);
    expect(countsOf(cell('F', 'x', 9, 1)).scored).toBe(0);
  });
});

describe('attributeSubsets and attributeNames', () => {
  it('lists every non-empty subset, smallest first', () => {
    expect(attributeSubsets(['sex', 'race', 'age'])).toEqual([['sex'], ['race'], ['age'], ['sex', 'race'], ['sex', 'age'], ['race', 'age'], ['sex', 'race', 'age']]);
  });

  it('collects attribute names in first-seen order', () => {
    expect(attributeNames([{ attributes: { race: 'a' }, n: 1, selected: 0 }, cell('F', 'b', 1, 0)])).toEqual(['race', 'sex']);
  });
});

describe('validateCells', () => {
  it.each([
    [{ n: -1, selected: 0 }, 'cells[0].n must be a non-negative integer'],
    [{ n: 2.5, selected: 0 }, 'cells[0].n must be a non-negative integer'],
    [{ n: '3', selected: 0 }, 'cells[0].n must be a non-negative integer, got 3'],
    [{ n: 3, selected: 4 }, 'cells[0].selected must not exceed 3'],
    [{ n: 3, selected: 1, tp: 1 }, 'cells[0] needs all of tp, fp, tn and fn or none of them'],
    [{ n: 3, selected: 1, tp: 1, fp: 1, tn: 0, fn: 0 }, 'cells[0].tp + fp (2) must not exceed selected (1)'],
    [{ n: 3, selected: 1, tp: 0, fp: 0, tn: 2, fn: 1 }, 'cells[0].tn + fn (3) must not exceed n - selected (2)'],
    [{ n: 3, selected: 1, scored: 4 }, 'cells[0].scored must not exceed 3'],
    [{ n: 3, selected: 1, scored: 2, scoreAboveMedian: 3 }, 'cells[0].scoreAboveMedian must not exceed 2'],
    [{ n: 3, selected: 1, tp: 1, fp: 0, tn: 2, fn: 0, brierSum: 0.2 }, 'cells[0].brierSum needs the calibration bins'],
    [{ n: 3, selected: 1, tp: 1, fp: 0, tn: 2, fn: 0, calibration: [{ lo: 0.5, hi: 0.4, n: 1, meanScore: 0.45, positives: 0 }] }, 'cells[0].calibration[0] needs 0 ≤ lo < hi ≤ 1'],
    [{ n: 3, selected: 1, tp: 1, fp: 0, tn: 2, fn: 0, calibration: [{ lo: 0, hi: 0.5, n: 1, meanScore: 0.2, positives: 2 }] }, 'cells[0].calibration[0].positives must lie in [0, n]'],
    [{ n: 3, selected: 1, tp: 1, fp: 0, tn: 0, fn: 0, calibration: [{ lo: 0, hi: 0.5, n: 2, meanScore: 0.2, positives: 0 }] }, 'holds 2 rows but the cell has 1 labeled rows'],
    [{ n: 3, selected: 1, tp: 1, fp: 0, tn: 2, fn: 0, calibration: [{ lo: 0, hi: 0.5, n: 2, meanScore: 0.2, positives: 0 }], brierSum: 3 }, 'cells[0].brierSum must lie in [0, 2]'],
  ])('refuses %o', (counts, message) => {
    const bad = { attributes: { sex: 'F' }, ...counts } as unknown as Cell;
    expect(() => validateCells([bad])).toThrow(DomainError);
    expect(() => validateCells([bad])).toThrow(message);
  });

  it('refuses attribute values that are not strings, naming the cell', () => {
    expect(() => validateCells([cell('F', 'x', 1, 0), { attributes: { sex: 1 }, n: 1, selected: 0 } as unknown as Cell])).toThrow('cells[1].attributes.sex must be a string or null');
  });

  it('accepts consistent cells, with or without labels', () => {
    expect(() => validateCells([cell('F', null, 10, 3), cell('M', 'x', 10, 3, { tp: 2, fp: 1, tn: 5, fn: 1, scored: 10, scoreAboveMedian: 5 })])).not.toThrow();
  });
});
