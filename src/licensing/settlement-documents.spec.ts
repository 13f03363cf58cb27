import fc from 'fast-check';
import { attribute, lineageGraph } from './lineage.js';
import type { AllocationRecord, ChargeRecord } from './reconciliation.js';
import { assembleSettlement, settlementHash, settlementId, type InvoiceGroup, type StatementGroup } from './settlement-documents.js';
import { closePeriod, verifyDocument } from './settlement-rules.js';

const graph = lineageGraph([
  { versionId: 'base', shares: [{ partyId: 'acme', basisPoints: 8000 }, { partyId: 'coop', basisPoints: 2000 }], parents: [] },
  { versionId: 'ft', shares: [{ partyId: 'lex', basisPoints: 7000 }, { partyId: 'acme', basisPoints: 3000 }], parents: [{ parentVersionId: 'base', basisPoints: 1500 }] },
  { versionId: 'solo', shares: [{ partyId: 'solo-co', basisPoints: 10000 }], parents: [] },
]);

const FROM = Date.parse('2026-11-01T00:00:00Z');
const TO = Date.parse('2026-12-01T00:00:00Z');
const period = { from: new Date(FROM), to: new Date(TO) };

const charge = fc.record({
  tenantId: fc.constantFrom('t-a', 't-b', 't-c'),
  versionId: fc.constantFrom('base', 'ft', 'solo'),
  currency: fc.constantFrom('EUR', 'USD'),
  amount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 2 ** 40 })),
  // Late (before the period), inside it, and deferred (at or after its end).
  at: fc.integer({ min: FROM - 5 * 86_400_000, max: TO + 5 * 86_400_000 }),
});

/** What the database's GROUP BY over the settled rows returns. */
function grouped(charges: ChargeRecord[], allocations: AllocationRecord[]): { statements: StatementGroup[]; invoices: InvoiceGroup[] } {
  const settled = new Map(charges.filter((c) => c.at.getTime() < TO).map((c) => [c.chargeId, c]));
  const statements = new Map<string, StatementGroup>();
  for (const a of allocations) {
    const c = settled.get(a.chargeId);
    if (!c) continue;
    const key = [a.partyId, c.currency, a.versionId].join('|');
    const g = statements.get(key) ?? { partyId: a.partyId, currency: c.currency, versionId: a.versionId, allocations: 0, amount: 0, carriedIn: 0 };
    g.allocations += 1;
    g.amount += a.amount;
    if (c.at.getTime() < FROM) g.carriedIn += a.amount;
    statements.set(key, g);
  }
  const invoices = new Map<string, InvoiceGroup>();
  for (const c of settled.values()) {
    const key = [c.tenantId, c.currency, c.versionId].join('|');
    const g = invoices.get(key) ?? { tenantId: c.tenantId, currency: c.currency, versionId: c.versionId, calls: 0, amount: 0, carriedIn: 0 };
    g.calls += 1;
    g.amount += c.amount;
    if (c.at.getTime() < FROM) g.carriedIn += c.amount;
    invoices.set(key, g);
  }
  // The database returns groups in no particular order.
  return { statements: [...statements.values()].reverse(), invoices: [...invoices.values()].reverse() };
}

describe('assembleSettlement', () => {
  it('makes the same statements, invoices, hashes and totals from grouped rows as closePeriod from the rows', () => {
    fc.assert(
      fc.property(fc.array(charge, { maxLength: 40 }), (drawn) => {
        const charges: ChargeRecord[] = drawn.map((c, i) => ({ chargeId: `c${i}`, tenantId: c.tenantId, versionId: c.versionId, currency: c.currency, amount: c.amount, at: new Date(c.at) }));
        const allocations: AllocationRecord[] = charges.flatMap((c) =>
          attribute(c.amount, c.versionId, graph).allocations.map((a) => ({ chargeId: c.chargeId, partyId: a.partyId, versionId: a.versionId, amount: a.amount })),
        );
        const expected = closePeriod({ charges, allocations }, period);
        const groups = grouped(charges, allocations);
        const actual = assembleSettlement(period, groups.statements, groups.invoices);
        expect(actual.statements).toEqual(expected.statements);
        expect(actual.invoices).toEqual(expected.invoices);
        expect(actual.totals).toEqual(expected.totals);
        expect(actual.period).toEqual(expected.period);
        expect([...actual.statements, ...actual.invoices].every(verifyDocument)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('hashes a whole settlement so that any changed document changes it', () => {
    const groups: StatementGroup[] = [{ partyId: 'acme', currency: 'EUR', versionId: 'base', allocations: 2, amount: 100, carriedIn: 0 }];
    const invoices: InvoiceGroup[] = [{ tenantId: 't-a', currency: 'EUR', versionId: 'base', calls: 2, amount: 100, carriedIn: 0 }];
    const documents = assembleSettlement(period, groups, invoices);
    expect(documents.totals).toEqual([{ currency: 'EUR', calls: 2, charges: 100, allocations: 100, difference: 0 }]);
    const changed = assembleSettlement(period, [{ ...groups[0], amount: 99 }], invoices);
    expect(settlementHash(changed)).not.toBe(settlementHash(documents));
    expect(settlementHash(assembleSettlement(period, groups, invoices))).toBe(settlementHash(documents));
  });
});

describe('settlementId', () => {
  it.each([
    ['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'],
    ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00Z'],
  ])('names the period %s – %s the same way every time, as a UUID', (from, to) => {
    const id = settlementId({ from: new Date(from), to: new Date(to) });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toBe(settlementId(period));
  });

  it('gives different periods different ids', () => {
    expect(settlementId({ from: new Date(FROM), to: new Date(TO + 1) })).not.toBe(settlementId(period));
  });
});
