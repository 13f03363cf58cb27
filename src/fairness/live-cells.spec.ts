import { cellsFromRows, roundFloat, type LiveCellRow } from './live-cells.js';
import { validateCells } from './metrics/cells.js';

const row = (over: Partial<LiveCellRow>): LiveCellRow => ({
  key: ['F', 'majority'],
  n: 0,
  selected: 0,
  tp: 0,
  fp: 0,
  tn: 0,
  fn: 0,
  scored: 0,
  score_above_median: 0,
  brier_sum: 0,
  calibration: null,
  ...over,
});

describe('cellsFromRows', () => {
  it('names the key values by attribute, converts pg bigint strings, and keeps unknown values as null', () => {
    const cells = cellsFromRows([row({ key: ['F', null], n: '12', selected: '5', tp: '3', fp: '2', tn: '4', fn: '1', scored: '12', score_above_median: '6' })], ['sex', 'ethnicity'], 10);
    expect(cells).toEqual([{ attributes: { sex: 'F', ethnicity: null }, n: 12, selected: 5, tp: 3, fp: 2, tn: 4, fn: 1, scored: 12, scoreAboveMedian: 6 }]);
    expect(() => validateCells(cells)).not.toThrow();
  });

  it.each([
    ['no outcome anywhere: no label counts', [row({ n: 4, selected: 2, scored: 4, score_above_median: 2 })], ['tp', 'fp', 'tn', 'fn', 'calibration', 'brierSum'], ['scored', 'scoreAboveMedian']],
    ['no score anywhere: no score counts', [row({ n: 4, selected: 2, tp: 1, tn: 1 })], ['scored', 'scoreAboveMedian', 'calibration'], ['tp', 'fp', 'tn', 'fn']],
    [
      'labels in one cell only: zeros in the other, as a GROUP BY would give',
      [row({ n: 4, selected: 2, tp: 1, tn: 1 }), row({ key: ['M', 'majority'], n: 3, selected: 1 })],
      ['scored'],
      ['tp', 'fp', 'tn', 'fn'],
    ],
  ])('%s', (_, rows, absent, present) => {
    const cells = cellsFromRows(rows, ['sex', 'ethnicity'], 10);
    for (const cell of cells) {
      for (const field of absent) expect(cell).not.toHaveProperty(field);
      for (const field of present) expect(cell).toHaveProperty(field);
    }
    expect(() => validateCells(cells)).not.toThrow();
  });

  it('turns bin numbers into bounds and rounds floating sums to 12 significant digits', () => {
    const [cell] = cellsFromRows(
      [row({ n: 3, selected: 2, tp: 2, tn: 1, scored: 3, brier_sum: 0.30000000000000004, calibration: [{ bin: 2, n: 1, meanScore: 0.25, positives: 0 }, { bin: 9, n: 2, meanScore: 0.9500000000000001, positives: 2 }] })],
      ['sex', 'ethnicity'],
      10,
    );
    expect(cell.calibration).toEqual([
      { lo: 0.2, hi: 0.3, n: 1, meanScore: 0.25, positives: 0 },
      { lo: 0.9, hi: 1, n: 2, meanScore: 0.95, positives: 2 },
    ]);
    expect(cell.brierSum).toBe(0.3);
  });

  it.each([
    ['a negative count', { n: -1 }],
    ['a fractional count', { selected: 1.5 }],
    ['a count that is not a number', { tp: 'many' }],
  ])('refuses %s', (_, over) => {
    expect(() => cellsFromRows([row(over as Partial<LiveCellRow>)], ['sex', 'ethnicity'], 10)).toThrow(/live aggregation returned/);
  });
});

describe('roundFloat', () => {
  it.each([
    [0.1 + 0.2, 0.3],
    [0, 0],
    [123456.7890123456, 123456.789012],
    [1e-20 / 3, 3.33333333333e-21],
  ])('%p → %p', (x, expected) => expect(roundFloat(x)).toBe(expected));
});
