import { runAudit } from './audit-report.js';
import type { Cell } from './metrics/cells.js';
import { auditStatus, canonicalCells, dataHash, formatDuration, parseDuration } from './stored-audit.js';

const cells: Cell[] = [
  { attributes: { sex: 'M', race: 'B' }, n: 100, selected: 60 },
  { attributes: { sex: 'F', race: 'A' }, n: 100, selected: 20 },
  { attributes: { race: 'A', sex: 'M' }, n: 100, selected: 50 },
  { attributes: { sex: null, race: 'A' }, n: 10, selected: 5 },
];

describe('the data hash', () => {
  it('does not depend on the order the cells came in, nor on the order of their keys', () => {
    const shuffled = [cells[2], cells[0], cells[3], cells[1]].map((c) => ({ ...c, attributes: Object.fromEntries(Object.entries(c.attributes).reverse()) }));
    expect(dataHash(shuffled)).toBe(dataHash(cells));
    expect(dataHash(cells)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any count', () => {
    expect(dataHash([{ ...cells[0], selected: 61 }, ...cells.slice(1)])).not.toBe(dataHash(cells));
  });

  it('orders cells by the canonical JSON of their values, attributes by name (unknown, null, after text)', () => {
    expect(canonicalCells(cells).map((c) => [c.attributes.race, c.attributes.sex])).toEqual([
      ['A', 'F'],
      ['A', 'M'],
      ['A', null],
      ['B', 'M'],
    ]);
  });
});

describe('auditStatus', () => {
  it.each([
    ['a failed verdict', cells, {}, 'breach'],
    ['verdicts that all pass', cells, { thresholds: { impactRatio: 0.3, demographicParityDifference: 0.5 } }, 'pass'],
    ['no group large enough to judge', cells, { minGroupSize: 1000 }, 'inconclusive'],
  ])('%s → %s', (_, data, config, status) => {
    expect(auditStatus(runAudit(data as Cell[], { attributes: ['sex'], ...config }))).toBe(status);
  });
});

describe('durations', () => {
  it.each([
    ['P30D', 30 * 86_400_000],
    ['PT6H', 6 * 3_600_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT90S', 90_000],
    ['PT1H30M', 5_400_000],
  ])('%s is %d ms and reads back the same', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it.each([
    [1500, 'PT1.5S'],
    [5_400_250, 'PT1H30M0.25S'],
    [86_400_001, 'P1DT0.001S'],
    [1_200_000, 'PT20M'],
  ])('writes %d ms exactly as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each(['', 'P', 'PT', '30D', 'P1W', 'P1M', 'P0D', 'PT-5S', 'P1.5D', 'p1d'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
