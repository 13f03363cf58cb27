import fc from 'fast-check';
import { attribute, lineageGraph, totalsByParty, type ParentLink, type VersionNode } from './lineage.js';
import { closePeriod } from './settlement-rules.js';
import { split, type Share } from './split.js';

const PARTIES = ['ann', 'bo', 'cy', 'di', 'ed', 'flo'];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `count` non-negative integers summing to a total drawn from `total`, some of them often 0. */
const parts = (count: number, total: fc.Arbitrary<number>) =>
  total.chain((t) =>
    fc.array(fc.integer({ min: 0, max: t }), { minLength: count - 1, maxLength: count - 1 }).map((cuts) => {
      const edges = [0, ...cuts.sort((a, b) => a - b), t];
      return edges.slice(1).map((edge, i) => edge - edges[i]);
    }),
  );

const shareTable: fc.Arbitrary<Share[]> = fc
  .uniqueArray(fc.constantFrom(...PARTIES), { minLength: 1, maxLength: 4 })
  .chain((ids) => parts(ids.length, fc.constant(10_000)).map((bp) => ids.map((partyId, i) => ({ partyId, basisPoints: bp[i] }))));

const upstreamTotal = fc.oneof(fc.constant(0), fc.constant(10_000), fc.integer({ min: 0, max: 10_000 }));

/** Version i may derive from any earlier version, so the graph is a DAG; several parents make an ensemble. */
const versionNode = (i: number): fc.Arbitrary<VersionNode> =>
  fc.record({
    shares: shareTable,
    parents: fc
      .subarray(range(i))
      .chain((ps) =>
        ps.length === 0
          ? fc.constant<ParentLink[]>([])
          : parts(ps.length, upstreamTotal).map((bp) => ps.map((p, k) => ({ parentVersionId: `v${p}`, basisPoints: bp[k] }))),
      ),
  }).map((n) => ({ versionId: `v${i}`, ...n }));

const dag = fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(...range(n).map(versionNode)));

const amount = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.maxSafeNat());

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** What each party would get with exact fractions, by the same walk (children before parents). */
function exactEntitlements(nodes: VersionNode[], start: number, charge: number): Map<string, number> {
  const inflow = new Map<string, number>([[`v${start}`, charge]]);
  const owed = new Map<string, number>();
  for (let i = start; i >= 0; i--) {
    const node = nodes[i];
    const received = inflow.get(node.versionId) ?? 0;
    let kept = received;
    for (const link of node.parents) {
      const passed = (received * link.basisPoints) / 10_000;
      inflow.set(link.parentVersionId, (inflow.get(link.parentVersionId) ?? 0) + passed);
      kept -= passed;
    }
    for (const share of node.shares) owed.set(share.partyId, (owed.get(share.partyId) ?? 0) + (kept * share.basisPoints) / 10_000);
  }
  return owed;
}

describe('attribution properties', () => {
  it('gives each party the floor or the ceiling of its exact quota in a single split', () => {
    fc.assert(
      fc.property(shareTable, amount, (table, charge) => {
        const result = split(charge, table);
        expect(sum(result.map((r) => r.amount))).toBe(charge);
        result.forEach((r, i) => {
          const exact = BigInt(charge) * BigInt(table[i].basisPoints);
          const floor = exact / 10_000n;
          const ceil = exact % 10_000n === 0n ? floor : floor + 1n;
          expect([floor, ceil]).toContain(BigInt(r.amount));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('allocates every micro-unit of a charge exactly once, never negative, only to parties on the lineage', () => {
    fc.assert(
      fc.property(dag, amount, fc.nat(), (nodes, charge, pick) => {
        const start = pick % nodes.length;
        const result = attribute(charge, `v${start}`, lineageGraph(nodes));
        expect(sum(result.allocations.map((a) => a.amount))).toBe(charge);
        for (const allocation of result.allocations) {
          expect(Number.isSafeInteger(allocation.amount) && allocation.amount > 0).toBe(true);
          const owner = nodes.find((n) => n.versionId === allocation.versionId)!;
          expect(owner.shares.map((s) => s.partyId)).toContain(allocation.partyId);
        }
        for (const flow of result.flows) expect(flow.upstream + flow.retained).toBe(flow.inflow);
      }),
      { numRuns: 300 },
    );
  });

  it('stays within the rounding it could have suffered of each party’s exact entitlement', () => {
    fc.assert(
      fc.property(dag, fc.integer({ min: 0, max: 1_000_000_000 }), fc.nat(), (nodes, charge, pick) => {
        const start = pick % nodes.length;
        const edges = sum(nodes.map((n) => n.parents.length));
        const exact = exactEntitlements(nodes, start, charge);
        const actual = new Map(totalsByParty(attribute(charge, `v${start}`, lineageGraph(nodes)).allocations).map((t) => [t.partyId, t.amount]));
        for (const partyId of new Set([...exact.keys(), ...actual.keys()])) {
          expect(Math.abs((actual.get(partyId) ?? 0) - (exact.get(partyId) ?? 0))).toBeLessThan(edges + 2 * nodes.length + 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order share tables and parent links are listed in', () => {
    fc.assert(
      fc.property(dag, amount, fc.nat(), (nodes, charge, pick) => {
        const start = `v${pick % nodes.length}`;
        const reversed = nodes.map((n) => ({ ...n, shares: [...n.shares].reverse(), parents: [...n.parents].reverse() }));
        const key = (a: { partyId: string; versionId: string; amount: number }) => `${a.versionId}/${a.partyId}/${a.amount}`;
        const one = attribute(charge, start, lineageGraph(nodes)).allocations.map(key).sort();
        const other = attribute(charge, start, lineageGraph(reversed)).allocations.map(key).sort();
        expect(other).toEqual(one);
      }),
      { numRuns: 200 },
    );
  });

  it('settles many charges so that statements, invoices and charges agree per party and in total', () => {
    const charges = fc.array(
      fc.record({ pick: fc.nat(), amount: fc.integer({ min: 0, max: 50_000_000 }), tenant: fc.constantFrom('t1', 't2', 't3'), minute: fc.integer({ min: 0, max: 120 }) }),
      { minLength: 1, maxLength: 25 },
    );
    fc.assert(
      fc.property(dag, charges, (nodes, batch) => {
        const graph = lineageGraph(nodes);
        const chargeRows = batch.map((c, i) => ({
          chargeId: `c${String(i).padStart(3, '0')}`,
          tenantId: c.tenant,
          versionId: `v${c.pick % nodes.length}`,
          currency: 'EUR',
          amount: c.amount,
          at: new Date(Date.UTC(2026, 10, 1, 0, c.minute)),
        }));
        const allocations = chargeRows.flatMap((c) => attribute(c.amount, c.versionId, graph).allocations.map((a) => ({ chargeId: c.chargeId, ...a })));
        const settlement = closePeriod({ charges: chargeRows, allocations }, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-01T01:00:00Z') });

        const settled = chargeRows.filter((c) => settlement.chargeIds.includes(c.chargeId));
        const settledAllocations = allocations.filter((a) => settlement.chargeIds.includes(a.chargeId));
        const charged = sum(settled.map((c) => c.amount));
        expect(sum(settlement.statements.map((s) => s.total))).toBe(charged);
        expect(sum(settlement.invoices.map((i) => i.total))).toBe(charged);
        for (const statement of settlement.statements) {
          expect(statement.total).toBe(sum(settledAllocations.filter((a) => a.partyId === statement.partyId).map((a) => a.amount)));
        }
        for (const invoice of settlement.invoices) {
          expect(invoice.total).toBe(sum(settled.filter((c) => c.tenantId === invoice.tenantId).map((c) => c.amount)));
        }
        expect(settlement.chargeIds.length + settlement.deferred).toBe(chargeRows.length);
      }),
      { numRuns: 150 },
    );
  });
});
