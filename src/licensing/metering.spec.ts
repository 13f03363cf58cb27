import { lineageGraph } from './lineage.js';
import { billingPeriod, chargeRows, meter } from './metering.js';
import type { PriceList } from './pricing.js';

const graph = lineageGraph([
  { versionId: 'base', shares: [{ partyId: 'acme', basisPoints: 8000 }, { partyId: 'coop', basisPoints: 2000 }], parents: [] },
  { versionId: 'ft', shares: [{ partyId: 'lex', basisPoints: 10000 }], parents: [{ parentVersionId: 'base', basisPoints: 2500 }] },
]);
const list: PriceList = {
  currency: 'EUR',
  tiers: [
    { upTo: 2, perCall: 1000, perRow: 100 },
    { upTo: null, perCall: 500, perRow: 10 },
  ],
  overrides: { 'big-bank': { currency: 'USD', tiers: [{ upTo: null, perCall: 7, perRow: 0 }] } },
};
const call = { chargeId: 'c1', tenantId: 'small-shop', requestId: 'r1', versionId: 'ft', rows: 3, at: new Date('2026-11-10T09:00:00Z') };

describe('billingPeriod', () => {
  it.each([
    ['2026-11-10T09:00:00Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2027-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
    ['2028-02-29T12:00:00Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
  ])('puts %s in the UTC month [%s, %s)', (at, start, end) => {
    const period = billingPeriod(new Date(at));
    expect([period.start.toISOString(), period.end.toISOString()]).toEqual([start, end]);
  });
});

describe('meter', () => {
  it.each([
    ['the first call of the period', 'small-shop', 0, { amount: 1300, currency: 'EUR', callNumber: 1, tier: 1, source: 'default' }],
    ['the third call, in the second tier', 'small-shop', 2, { amount: 530, currency: 'EUR', callNumber: 3, tier: 2, source: 'default' }],
    ['a tenant with its own price', 'big-bank', 0, { amount: 7, currency: 'USD', callNumber: 1, tier: 1, source: 'tenant-override' }],
  ])('prices %s and attributes all of it', (_, tenantId, callsSoFarInPeriod, price) => {
    const metered = meter({ ...call, tenantId, callsSoFarInPeriod }, list, graph);
    expect(metered.price).toEqual(price);
    expect(metered.attribution.allocations.reduce((sum, a) => sum + a.amount, 0)).toBe(price.amount);
  });

  it('writes one charge row and allocation rows that repeat its tenant, currency and time and sum to it', () => {
    const metered = meter({ ...call, callsSoFarInPeriod: 0 }, list, graph);
    const { charge, allocations } = chargeRows(metered, { chain: 'tenant:x', seq: 7 });
    expect(charge).toEqual(
      expect.objectContaining({ id: 'c1', tenant_id: 'small-shop', request_id: 'r1', version_id: 'ft', currency: 'EUR', amount: 1300, rows: 3, call_number: 1, tier: 1, audit_seq: 7 }),
    );
    // 1,300 → base 325 (acme 260, coop 65), lex keeps 975.
    expect(allocations.map((a) => [a.party_id, a.version_id, a.amount])).toEqual([
      ['lex', 'ft', 975],
      ['acme', 'base', 260],
      ['coop', 'base', 65],
    ]);
    for (const a of allocations) expect([a.charge_id, a.tenant_id, a.currency, a.created_at]).toEqual(['c1', 'small-shop', 'EUR', call.at]);
  });

  it('writes a free call as a charge of 0 with no allocations', () => {
    const free: PriceList = { currency: 'EUR', tiers: [{ upTo: null, perCall: 0, perRow: 0 }] };
    const { charge, allocations } = chargeRows(meter({ ...call, callsSoFarInPeriod: 0 }, free, graph), { chain: 'tenant:x', seq: 1 });
    expect(charge.amount).toBe(0);
    expect(allocations).toEqual([]);
  });
});
