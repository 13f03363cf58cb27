import { flatSchedule, priceCall, validatePriceList, type PriceList } from './pricing.js';

// Calls 1–2: 100 + 10/row; calls 3–5: 80 + 5/row; call 6 on: 50 + 0/row.
const tiered: PriceList = {
  currency: 'USD',
  tiers: [
    { upTo: 2, perCall: 100, perRow: 10 },
    { upTo: 5, perCall: 80, perRow: 5 },
    { upTo: null, perCall: 50, perRow: 0 },
  ],
  overrides: {
    'bank-a': { currency: 'EUR', tiers: [{ upTo: null, perCall: 30, perRow: 1 }] },
  },
};

describe('priceCall', () => {
  it.each([
    [0, 3, 130, 1],
    [1, 3, 130, 1],
    [2, 3, 95, 2],
    [4, 3, 95, 2],
    [5, 3, 50, 3],
    [1_000_000, 3, 50, 3],
    [0, 0, 100, 1],
    [3, 12, 140, 2],
  ])('with %p calls already this period, a call of %p rows costs %p micro-units (tier %p)', (callsSoFarInPeriod, rows, amount, tier) => {
    expect(priceCall({ rows, callsSoFarInPeriod, tenantId: 'bank-b' }, tiered)).toEqual({
      amount,
      currency: 'USD',
      callNumber: callsSoFarInPeriod + 1,
      tier,
      source: 'default',
    });
  });

  it('graduates: seven calls of 3 rows cost 130 + 130 + 95 + 95 + 95 + 50 + 50 = 645', () => {
    const amounts = Array.from({ length: 7 }, (_, n) => priceCall({ rows: 3, callsSoFarInPeriod: n }, tiered).amount);
    expect(amounts).toEqual([130, 130, 95, 95, 95, 50, 50]);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(645);
  });

  it.each([
    ['bank-a', { amount: 34, currency: 'EUR', source: 'tenant-override' }],
    ['bank-b', { amount: 140, currency: 'USD', source: 'default' }],
    ['constructor', { amount: 140, currency: 'USD', source: 'default' }],
    [undefined, { amount: 140, currency: 'USD', source: 'default' }],
  ])('a call of 4 rows by %p is priced from its own schedule if it has one', (tenantId, expected) => {
    expect(priceCall({ rows: 4, callsSoFarInPeriod: 0, tenantId }, tiered)).toMatchObject(expected);
  });

  it('prices a flat schedule the same for every call', () => {
    const flat = flatSchedule('JPY', 2_000, 300);
    expect(priceCall({ rows: 2, callsSoFarInPeriod: 0 }, flat).amount).toBe(2_600);
    expect(priceCall({ rows: 2, callsSoFarInPeriod: 99_999 }, flat).amount).toBe(2_600);
  });

  it.each([
    [{ rows: -1, callsSoFarInPeriod: 0 }, /rows/],
    [{ rows: 1.5, callsSoFarInPeriod: 0 }, /rows/],
    [{ rows: 1, callsSoFarInPeriod: -1 }, /callsSoFarInPeriod/],
    [{ rows: Number.MAX_SAFE_INTEGER, callsSoFarInPeriod: 0 }, /safe integer/],
  ])('refuses the usage %o', (usage, message) => {
    expect(() => priceCall(usage, tiered)).toThrow(message);
  });

  it.each([
    [{ currency: 'usd', tiers: [{ upTo: null, perCall: 1, perRow: 0 }] }, /usd is not an ISO 4217/],
    [{ currency: 'HRK', tiers: [{ upTo: null, perCall: 1, perRow: 0 }] }, /HRK is a withdrawn ISO 4217 code \(replaced by EUR\)/],
    [{ currency: 'XDR', tiers: [{ upTo: null, perCall: 1, perRow: 0 }] }, /XDR is not an ISO 4217/],
    [{ currency: 'USD', tiers: [] }, /at least one tier/],
    [{ currency: 'USD', tiers: [{ upTo: 10, perCall: 1, perRow: 0 }] }, /last tier must be open-ended/],
    [{ currency: 'USD', tiers: [{ upTo: null, perCall: 1, perRow: 0 }, { upTo: null, perCall: 1, perRow: 0 }] }, /only the last tier may be open-ended/],
    [{ currency: 'USD', tiers: [{ upTo: 10, perCall: 1, perRow: 0 }, { upTo: 10, perCall: 1, perRow: 0 }, { upTo: null, perCall: 1, perRow: 0 }] }, /tier 2: upTo must be an integer greater than 10/],
    [{ currency: 'USD', tiers: [{ upTo: null, perCall: -1, perRow: 0.5 }] }, /perCall must be non-negative.*perRow must be non-negative/],
    [{ currency: 'USD', tiers: [{ upTo: null, perCall: 1, perRow: 0 }], overrides: { t: { currency: 'EUR', tiers: [] } } }, /override for tenant t: needs at least one tier/],
    [{ currency: 'USD', tiers: [{ upTo: null, perCall: Number.MAX_SAFE_INTEGER, perRow: Number.MAX_SAFE_INTEGER }] }, /tier 1: perCall \+ 1000000 × perRow must be at most 9007199254740991/],
    [{ currency: 'USD', tiers: [{ upTo: 5, perCall: 0, perRow: 9_007_199_255 }, { upTo: null, perCall: 0, perRow: 0 }] }, /tier 1: perCall \+ 1000000 × perRow/],
    [{ currency: 'USD', tiers: [{ upTo: null, perCall: 1, perRow: 0 }], overrides: { t: { currency: 'EUR', tiers: [{ upTo: null, perCall: 1, perRow: 2 ** 40 }] } } }, /override for tenant t tier 1: perCall \+ 1000000 × perRow/],
  ])('finds the problem in %j', (list, message) => {
    expect(validatePriceList(list as PriceList).join('; ')).toMatch(message);
  });

  it('accepts the dearest tier whose call of the most rows any configuration allows is still a safe amount', () => {
    const perRow = 9_007_199_254;
    const perCall = Number.MAX_SAFE_INTEGER - 1_000_000 * perRow;
    expect(validatePriceList({ currency: 'USD', tiers: [{ upTo: null, perCall, perRow }] })).toEqual([]);
    expect(validatePriceList({ currency: 'USD', tiers: [{ upTo: null, perCall: perCall + 1, perRow }] })).toEqual([expect.stringMatching(/perCall \+ 1000000 × perRow/)]);
    expect(priceCall({ rows: 1_000_000, callsSoFarInPeriod: 0 }, { currency: 'USD', tiers: [{ upTo: null, perCall, perRow }] }).amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to price from an invalid schedule', () => {
    expect(() => priceCall({ rows: 1, callsSoFarInPeriod: 0 }, { currency: 'USD', tiers: [] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(validatePriceList(tiered)).toEqual([]);
  });
});
