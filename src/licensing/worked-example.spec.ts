import { checkLicense, termsFor } from './license-rules.js';
import { attribute, lineageGraph, totalsByParty } from './lineage.js';
import { priceCall, type PriceList } from './pricing.js';
import { closePeriod } from './settlement-rules.js';

/** The numbers of the worked example in docs/licensing.md; if this fails, the page is wrong. */
describe('worked example (docs/licensing.md)', () => {
  const graph = lineageGraph([
    { versionId: 'base-v1', shares: [{ partyId: 'acme', basisPoints: 8000 }, { partyId: 'corpus-coop', basisPoints: 2000 }], parents: [] },
    { versionId: 'risk-v3', shares: [{ partyId: 'riskco', basisPoints: 10_000 }], parents: [] },
    {
      versionId: 'legal-ft-v2',
      shares: [{ partyId: 'lexcorp', basisPoints: 7000 }, { partyId: 'annotators', basisPoints: 3000 }],
      parents: [{ parentVersionId: 'base-v1', basisPoints: 1500, kind: 'fine-tune' }],
    },
    {
      versionId: 'ensemble-v1',
      shares: [{ partyId: 'platform', basisPoints: 10_000 }],
      parents: [
        { parentVersionId: 'legal-ft-v2', basisPoints: 2000, kind: 'ensemble' },
        { parentVersionId: 'risk-v3', basisPoints: 1000, kind: 'ensemble' },
      ],
    },
  ]);
  const prices: PriceList = {
    currency: 'USD',
    tiers: [
      { upTo: 1000, perCall: 1234, perRow: 111 },
      { upTo: null, perCall: 1000, perRow: 100 },
    ],
  };

  it('licenses, prices, attributes and settles to the micro-unit', () => {
    const license = termsFor('Apache-2.0', { forbiddenPurposes: ['law-enforcement'], attribution: 'Built on base-v1 by Acme Labs' });
    const now = new Date('2026-11-10T09:00:00Z');
    expect(checkLicense(license, { purpose: 'contract-review', jurisdiction: 'FR', commercial: true, now })).toEqual({
      ok: true,
      attribution: 'Built on base-v1 by Acme Labs',
    });
    expect(checkLicense(license, { purpose: 'law-enforcement', jurisdiction: 'FR', commercial: true, now })).toMatchObject({
      code: 'LICENSE_PURPOSE_FORBIDDEN',
    });

    const first = priceCall({ rows: 3, callsSoFarInPeriod: 999, tenantId: 'bank-a' }, prices);
    const second = priceCall({ rows: 3, callsSoFarInPeriod: 1000, tenantId: 'bank-a' }, prices);
    expect([first.amount, first.tier, second.amount, second.tier]).toEqual([1567, 1, 1300, 2]);

    const one = attribute(first.amount, 'ensemble-v1', graph);
    expect(one.flows).toEqual([
      { versionId: 'ensemble-v1', inflow: 1567, upstream: 470, retained: 1097 },
      { versionId: 'legal-ft-v2', inflow: 313, upstream: 47, retained: 266 },
      { versionId: 'base-v1', inflow: 47, upstream: 0, retained: 47 },
      { versionId: 'risk-v3', inflow: 157, upstream: 0, retained: 157 },
    ]);
    expect(totalsByParty(one.allocations)).toEqual([
      { partyId: 'acme', amount: 38 },
      { partyId: 'annotators', amount: 80 },
      { partyId: 'corpus-coop', amount: 9 },
      { partyId: 'lexcorp', amount: 186 },
      { partyId: 'platform', amount: 1097 },
      { partyId: 'riskco', amount: 157 },
    ]);

    const two = attribute(second.amount, 'ensemble-v1', graph);
    expect(totalsByParty(two.allocations)).toEqual([
      { partyId: 'acme', amount: 31 },
      { partyId: 'annotators', amount: 66 },
      { partyId: 'corpus-coop', amount: 8 },
      { partyId: 'lexcorp', amount: 155 },
      { partyId: 'platform', amount: 910 },
      { partyId: 'riskco', amount: 130 },
    ]);

    const charges = [
      { chargeId: 'ch-1', tenantId: 'bank-a', versionId: 'ensemble-v1', currency: 'USD', amount: first.amount, at: new Date('2026-11-10T09:00:00Z') },
      { chargeId: 'ch-2', tenantId: 'bank-a', versionId: 'ensemble-v1', currency: 'USD', amount: second.amount, at: new Date('2026-12-01T00:00:00Z') },
    ];
    const allocations = [one, two].flatMap((a, i) => a.allocations.map((row) => ({ chargeId: charges[i].chargeId, ...row })));
    const november = closePeriod({ charges, allocations }, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(november.chargeIds).toEqual(['ch-1']);
    expect(november.deferred).toBe(1);
    expect(november.invoices.map((i) => [i.tenantId, i.calls, i.total])).toEqual([['bank-a', 1, 1567]]);
    expect(november.statements.map((s) => [s.partyId, s.lines.map((l) => `${l.versionId}:${l.amount}`).join(' '), s.total])).toEqual([
      ['acme', 'base-v1:38', 38],
      ['annotators', 'legal-ft-v2:80', 80],
      ['corpus-coop', 'base-v1:9', 9],
      ['lexcorp', 'legal-ft-v2:186', 186],
      ['platform', 'ensemble-v1:1097', 1097],
      ['riskco', 'risk-v3:157', 157],
    ]);
    expect(november.totals).toEqual([{ currency: 'USD', calls: 1, charges: 1567, allocations: 1567, difference: 0 }]);
  });
});
