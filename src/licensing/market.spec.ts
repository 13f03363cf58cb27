import { hhi, marketReport, sharesBp, type MarketRow } from './market.js';

describe('hhi', () => {
  it.each([
    [[50, 30, 20], 3800],
    [[5, 3, 2], 3800],
    [[1], 10_000],
    [[1, 1, 1, 1], 2500],
    [[1, 1, 1], 3333.33],
    [[2, 1], 5555.56],
    [[1, 0, 0], 10_000],
    [[], null],
    [[0, 0], null],
    [[Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], 5000],
  ])('of %j is %p', (values, expected) => {
    expect(hhi(values)).toBe(expected);
  });

  it('refuses negative or fractional values', () => {
    expect(() => hhi([1, -1])).toThrow(/non-negative integers/);
    expect(() => hhi([0.5])).toThrow(/non-negative integers/);
  });

  it('apportions shares that sum to exactly 10,000 bp', () => {
    expect(sharesBp([{ id: 'a', value: 1 }, { id: 'b', value: 1 }, { id: 'c', value: 1 }])).toEqual([3334, 3333, 3333]);
    expect(sharesBp([{ id: 'a', value: 0 }, { id: 'b', value: 0 }])).toEqual([null, null]);
  });
});

describe('marketReport', () => {
  const rows: MarketRow[] = [
    { modelId: 'm1', providerId: 'p1', currency: 'EUR', calls: 60, revenue: 300 },
    { modelId: 'm2', providerId: 'p1', currency: 'EUR', calls: 20, revenue: 300 },
    { modelId: 'm3', providerId: 'p2', currency: 'EUR', calls: 20, revenue: 200 },
    { modelId: 'm1', providerId: 'p1', currency: 'EUR', calls: 0, revenue: 200 },
  ];

  it('aggregates per model and provider with shares and concentration, worked by hand', () => {
    // Models by revenue 500/300/200 of 1000: 50² + 30² + 20² = 3800; by calls 60/20/20: 3600 + 400 + 400 = 4400.
    // Providers by revenue 800/200: 6400 + 400 = 6800; by calls 80/20: 6400 + 400 = 6800.
    expect(marketReport(rows, 'EUR')).toEqual({
      currency: 'EUR',
      calls: 100,
      revenue: 1000,
      models: [
        { id: 'm1', calls: 60, revenue: 500, callShareBp: 6000, revenueShareBp: 5000 },
        { id: 'm2', calls: 20, revenue: 300, callShareBp: 2000, revenueShareBp: 3000 },
        { id: 'm3', calls: 20, revenue: 200, callShareBp: 2000, revenueShareBp: 2000 },
      ],
      providers: [
        { id: 'p1', calls: 80, revenue: 800, callShareBp: 8000, revenueShareBp: 8000 },
        { id: 'p2', calls: 20, revenue: 200, callShareBp: 2000, revenueShareBp: 2000 },
      ],
      hhi: { models: { byCalls: 4400, byRevenue: 3800 }, providers: { byCalls: 6800, byRevenue: 6800 } },
    });
  });

  it('reports an empty market without shares', () => {
    expect(marketReport([], 'USD')).toMatchObject({ calls: 0, revenue: 0, models: [], hhi: { models: { byCalls: null, byRevenue: null } } });
  });

  it.each([
    [[{ ...rows[0], currency: 'USD' }], /in USD, not EUR/],
    [[rows[0], { ...rows[1], modelId: 'm1', providerId: 'p9' }], /m1 is reported under p1 and p9/],
    [[{ ...rows[0], calls: -1 }], /calls of m1/],
    [[{ ...rows[0], revenue: 1.5 }], /revenue of m1/],
  ])('refuses %j', (bad, message) => {
    expect(() => marketReport(bad, 'EUR')).toThrow(message);
  });
});
