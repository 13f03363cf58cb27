import { aggregateRows, binOf, median, type AuditRow } from './aggregate.js';
import { validateCells } from './cells.js';

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[0.1, 0.9], 0.5],
    [[10, 2, 33], 10],
  ])('of %p is %p (percentile_cont(0.5))', (values, expected) => expect(median(values)).toBe(expected));
});

describe('binOf', () => {
  it.each([
    [0, 10, 0],
    [0.05, 10, 0],
    [0.1, 10, 1],
    [0.3, 10, 3],
    [0.99, 10, 9],
    [1, 10, 9],
    [0.5, 4, 2],
  ])('score %p in %p bins is bin %p', (score, bins, expected) => expect(binOf(score, bins)).toBe(expected));
});

describe('aggregateRows', () => {
  const row = (sex: string | null, selected: boolean, label?: boolean | null, score?: number | null): AuditRow => ({ attributes: { sex }, selected, label, score });

  it('counts the confusion matrix of each attribute tuple', () => {
    const rows = [row('F', true, true), row('F', true, false), row('F', false, true), row('F', false, false), row('F', false, false), row('M', true, true), row('M', true, null)];
    const { cells, scoreMedian } = aggregateRows(rows);
    expect(scoreMedian).toBeNull();
    expect(cells).toEqual([
      { attributes: { sex: 'F' }, n: 5, selected: 2, tp: 1, fp: 1, tn: 2, fn: 1 },
      { attributes: { sex: 'M' }, n: 2, selected: 2, tp: 1, fp: 0, tn: 0, fn: 0 },
    ]);
    expect(() => validateCells(cells)).not.toThrow();
  });

  it('leaves label counts out when no row has a label', () => {
    expect(aggregateRows([row('F', true), row('F', false)]).cells).toEqual([{ attributes: { sex: 'F' }, n: 2, selected: 1 }]);
  });

  it('counts scores above the median of the whole sample, not of each group', () => {
    // Scores 1..6 over both groups: median 3.5; F has 1, 2, 5 (one above), M has 3, 4, 6 (two above).
    const rows = [row('F', false, null, 1), row('F', false, null, 2), row('F', true, null, 5), row('M', false, null, 3), row('M', true, null, 4), row('M', true, null, 6), row('M', true, null, null)];
    const { cells, scoreMedian } = aggregateRows(rows);
    expect(scoreMedian).toBe(3.5);
    expect(cells.map((c) => [c.attributes.sex, c.n, c.scored, c.scoreAboveMedian])).toEqual([
      ['F', 3, 3, 1],
      ['M', 4, 3, 2],
    ]);
  });

  it('bins labeled probability scores and sums the squared errors', () => {
    const rows = [row('F', true, true, 0.95), row('F', true, true, 1), row('F', false, false, 0.05), row('F', false, true, 0.3), row('F', false, null, 0.5), row('F', true, false, 7)];
    const [cell] = aggregateRows(rows, 10).cells;
    expect(cell.calibration).toEqual([
      { lo: 0, hi: 0.1, n: 1, meanScore: 0.05, positives: 0 },
      { lo: 0.3, hi: 0.4, n: 1, meanScore: 0.3, positives: 1 },
      { lo: 0.9, hi: 1, n: 2, meanScore: 0.975, positives: 2 },
    ]);
    // (0.05)² + 0 + (0.05)² + (0.7)²: the unlabeled row and the score outside [0, 1] are left out.
    expect(cell.brierSum).toBeCloseTo(0.0025 + 0.0025 + 0.49, 12);
    expect(cell.scored).toBe(6);
    expect(() => validateCells([cell])).not.toThrow();
  });

  it('fills attributes a row lacks with null', () => {
    const { cells } = aggregateRows([{ attributes: { sex: 'F' }, selected: true }, { attributes: { race: 'x' }, selected: false }]);
    expect(cells.map((c) => c.attributes)).toEqual([
      { sex: 'F', race: null },
      { sex: null, race: 'x' },
    ]);
  });
});
