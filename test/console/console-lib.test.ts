import fc from 'fast-check';
import { canonicalJson as serverCanonical } from '../../src/common/canonical-json.js';
import { canonicalJson } from '../../console/src/lib/canonical-json.js';
import { earningsSeries, periodsBetween } from '../../console/src/lib/earnings.js';
import { failing, groupingFigures, type AuditDocument } from '../../console/src/lib/fairness-figures.js';
import { decimal, decimalsFor, money, pValue, time } from '../../console/src/lib/format.js';
import { pieces, pieceSize, rangeProblem } from '../../console/src/lib/ranges.js';
import { linear, niceStep, ticks, upperBound } from '../../console/src/lib/scale.js';

describe('console: canonical JSON for checking checkpoint signatures in the browser', () => {
  it('is the encoder the server signs with, and encodes a checkpoint body as signed', () => {
    expect(canonicalJson).toBe(serverCanonical);
    const body = { issuedAt: '2026-11-22T12:00:00.000Z', keyId: '0123456789abcdef', chains: [{ treeSize: 3, rootHash: 'ab', chainId: 'platform' }] };
    expect(canonicalJson(body)).toBe('{"chains":[{"chainId":"platform","rootHash":"ab","treeSize":3}],"issuedAt":"2026-11-22T12:00:00.000Z","keyId":"0123456789abcdef"}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('console: scales and ticks', () => {
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 10, 5, [0, 2, 4, 6, 8, 10]],
    [0, 37, 4, [0, 10, 20, 30, 40]],
    [0, 0, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [3, 3.5, 5, [3, 3.1, 3.2, 3.3, 3.4, 3.5]],
    [999999999.9999993, 999999999.9999995, 5, [999999800, 1000000000, 1000000200, 1000000400, 1000000600, 1000000800, 1000001000]],
  ])('ticks(%p, %p, %p) = %p', (min, max, count, expected) => {
    expect(ticks(min, max, count)).toEqual(expected);
  });

  it('always covers the range it is given', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 10 }), (a, b, n) => {
        const t = ticks(Math.min(a, b), Math.max(a, b), n);
        expect(t[0]).toBeLessThanOrEqual(Math.min(a, b));
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(Math.max(a, b) * (1 - 1e-9));
        expect(t.length).toBeLessThanOrEqual(52);
      }),
    );
  });

  it('maps linearly, steps nicely and leaves headroom above a threshold line', () => {
    const x = linear([0, 1], [100, 300]);
    expect([x(0), x(0.5), x(1)]).toEqual([100, 200, 300]);
    expect(linear([2, 2], [5, 9])(2)).toBe(5);
    expect([niceStep(1, 5), niceStep(37, 4), niceStep(0.03, 3)]).toEqual([0.2, 10, 0.01]);
    expect(upperBound(0.5, 0.8)).toBeGreaterThan(0.8);
    expect(upperBound(1, 0.8)).toBeGreaterThan(1);
    expect(upperBound(0)).toBe(1);
  });
});

describe('console: verifying a range piece by piece', () => {
  it('covers the range exactly, in order, without overlap', () => {
    expect(pieces(1, 10, 4)).toEqual([{ from: 1, to: 4 }, { from: 5, to: 8 }, { from: 9, to: 10 }]);
    expect(pieces(7, 7, 500)).toEqual([{ from: 7, to: 7 }]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 700 }), (from, extra, size) => {
        const parts = pieces(from, from + extra, size);
        expect(parts[0].from).toBe(from);
        expect(parts[parts.length - 1].to).toBe(from + extra);
        for (let i = 1; i < parts.length; i++) expect(parts[i].from).toBe(parts[i - 1].to + 1);
        expect(parts.every((p) => p.to - p.from + 1 <= size)).toBe(true);
      }),
    );
    expect(() => pieces(0, 3, 2)).toThrow(RangeError);
    expect(() => pieces(5, 3, 2)).toThrow(RangeError);
  });

  it('keeps pieces few but not tiny, and says what is wrong with a typed range', () => {
    expect(pieceSize(100)).toBe(500);
    expect(pieceSize(100_000)).toBe(5000);
    expect(rangeProblem(1, 10, 10)).toBeNull();
    expect(rangeProblem(0, 10, 10)).toMatch(/From/);
    expect(rangeProblem(5, 4, 10)).toMatch(/not be before/);
    expect(rangeProblem(1, 11, 10)).toMatch(/at most 10/);
    expect(rangeProblem(1.5, 3, 10)).toMatch(/whole number/);
  });
});

describe('console: bias audit figures', () => {
  const audit: AuditDocument = {
    thresholds: { impactRatio: 0.8 },
    groupings: [{ grouping: ['sex', 'age'], unknown: 0 }, { grouping: ['sex'], unknown: 4 }],
    groups: [
      { grouping: ['sex'], attributes: { sex: 'male' }, n: 100, selected: 60, selectionRate: { value: 0.6, lower: 0.5, upper: 0.69 } },
      { grouping: ['sex'], attributes: { sex: 'female' }, n: 100, selected: 30, selectionRate: { value: 0.3, lower: 0.22, upper: 0.4 } },
      { grouping: ['sex'], attributes: { sex: 'other' }, n: 3, selected: 1, selectionRate: { value: 0.33, lower: 0.06, upper: 0.79 } },
      { grouping: ['sex', 'age'], attributes: { sex: 'male', age: 'young' }, n: 50, selected: 30, selectionRate: { value: 0.6, lower: 0.46, upper: 0.72 } },
    ],
    comparisons: [
      { metric: 'impactRatio', grouping: ['sex'], group: { sex: 'female' }, reference: { sex: 'male' }, value: 0.5 },
      { metric: 'impactRatio', grouping: ['sex'], group: { sex: 'other' }, reference: { sex: 'male' }, value: 0.55 },
      { metric: 'demographicParityDifference', grouping: ['sex'], group: { sex: 'female' }, reference: { sex: 'male' }, value: -0.3 },
    ],
    verdicts: [
      { metric: 'impactRatio', grouping: ['sex'], group: { sex: 'female' }, value: 0.5, threshold: 0.8, pass: false, significant: true, pValue: 0.00001 },
      { metric: 'demographicParityDifference', grouping: ['sex'], group: { sex: 'female' }, value: -0.3, threshold: 0.1, pass: false, significant: true, pValue: 0.00001 },
    ],
    excluded: [{ grouping: ['sex'], group: { sex: 'other' }, families: ['selection', 'scoring', 'label'], reason: 'n = 3 < 30' }],
  };

  it('gives each grouping its groups with rates, impact ratios, verdicts and exclusions, single attributes first', () => {
    const [sex, both] = groupingFigures(audit);
    expect(sex.title).toBe('sex');
    expect(sex.threshold).toBe(0.8);
    expect(sex.unknown).toBe(4);
    expect(sex.groups.map((g) => [g.label, g.impactRatio, g.isReference, g.pass, g.excluded])).toEqual([
      ['male', 1, true, null, null],
      ['female', 0.5, false, false, null],
      ['other', 0.55, false, null, 'n = 3 < 30'],
    ]);
    expect(failing(sex).map((g) => g.label)).toEqual(['female']);
    expect(both.title).toBe('sex × age');
    expect(both.groups[0]).toEqual(expect.objectContaining({ label: 'male · young', impactRatio: null, isReference: false }));
  });

  it('follows the audit’s own threshold, and none when it is switched off', () => {
    expect(groupingFigures({ ...audit, thresholds: { impactRatio: null } })[0].threshold).toBeNull();
    expect(groupingFigures({ ...audit, thresholds: { impactRatio: 0.9 } })[0].threshold).toBe(0.9);
  });
});

describe('console: earnings over time', () => {
  it('lists every day or month of a range, ends exclusive', () => {
    expect(periodsBetween('2026-01-30', '2026-02-02', 'day')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
    expect(periodsBetween('2025-11-15', '2026-02-01', 'month')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01']);
    expect(periodsBetween('2026-01-01', '2026-01-01', 'day')).toEqual([]);
  });

  it('adds versions of a model up, per period and currency, zero where nothing was earned', () => {
    const periods = ['2026-01-01', '2026-01-02', '2026-01-03'];
    const point = (period: string, model: string, version: string, currency: string, amount: number) => ({ period, model, version, currency, allocations: 1, amount });
    const series = earningsSeries(
      [point('2026-01-01', 'b', '1.0.0', 'EUR', 5), point('2026-01-01', 'b', '2.0.0', 'EUR', 7), point('2026-01-03', 'a', '1.0.0', 'EUR', 1), point('2026-01-02', 'a', '1.0.0', 'USD', 9)],
      periods,
    );
    expect(series).toEqual([
      { currency: 'EUR', periods, series: [{ name: 'a', values: [0, 0, 1] }, { name: 'b', values: [12, 0, 0] }], total: 13 },
      { currency: 'USD', periods, series: [{ name: 'a', values: [0, 9, 0] }], total: 9 },
    ]);
  });
});

describe('console: formatting', () => {
  it('writes money from micro-units, times in UTC, p-values and missing numbers', () => {
    expect(money(2_500, 'EUR')).toBe('€0.0025');
    expect(money(1_000_000, 'USD')).toBe('US$1.00');
    expect(time('2026-11-22T14:03:05.123Z')).toBe('2026-11-22 14:03:05 UTC');
    expect(time(null)).toBe('—');
    expect(pValue(0.00001)).toBe('< 0.0001');
    expect(pValue(0.0361)).toBe('0.0361');
    expect(decimal(null)).toBe('—');
    expect(decimal(0.5, 2)).toBe('0.50');
  });
});

describe('console: decimals of an axis', () => {
  it.each([
    [5, 0],
    [1, 0],
    [0.5, 1],
    [0.1, 1],
    [0.005, 3],
    [0.0025, 3],
    [0, 0],
  ])('ticks %p apart read with %p decimals', (step, decimals) => {
    expect(decimalsFor(step)).toBe(decimals);
  });
});
