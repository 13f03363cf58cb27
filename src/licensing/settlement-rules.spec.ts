import type { AllocationRecord, ChargeRecord } from './reconciliation.js';
import { reconcile } from './reconciliation.js';
import { closePeriod, documentHash, uncoveredGap, verifyDocument, type Period } from './settlement-rules.js';

const november: Period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const december: Period = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };

const charge = (chargeId: string, tenantId: string, versionId: string, currency: string, amount: number, at: string): ChargeRecord => ({
  chargeId,
  tenantId,
  versionId,
  currency,
  amount,
  at: new Date(at),
});
const alloc = (chargeId: string, partyId: string, versionId: string, amount: number): AllocationRecord => ({ chargeId, partyId, versionId, amount });

const charges = [
  charge('c1', 't1', 'v1', 'USD', 1000, '2026-11-05T10:00:00Z'),
  charge('c2', 't1', 'v2', 'USD', 500, '2026-11-20T10:00:00Z'),
  charge('c3', 't2', 'v1', 'USD', 301, '2026-10-31T23:59:59.999Z'),
  charge('c4', 't2', 'v1', 'USD', 700, '2026-12-01T00:00:00Z'),
  charge('c5', 't2', 'v1', 'EUR', 200, '2026-11-10T10:00:00Z'),
];
const allocations = [
  alloc('c1', 'alice', 'v1', 700),
  alloc('c1', 'bob', 'v1', 300),
  alloc('c2', 'carol', 'v2', 400),
  alloc('c2', 'alice', 'v1', 100),
  alloc('c3', 'alice', 'v1', 211),
  alloc('c3', 'bob', 'v1', 90),
  alloc('c4', 'alice', 'v1', 490),
  alloc('c4', 'bob', 'v1', 210),
  alloc('c5', 'alice', 'v1', 140),
  alloc('c5', 'bob', 'v1', 60),
];
const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

describe('closePeriod', () => {
  const settlement = closePeriod({ charges, allocations }, november);

  it('writes a statement per party and currency, worked by hand', () => {
    expect(settlement.statements.map(({ hash, ...s }) => s)).toEqual([
      { kind: 'statement', partyId: 'alice', currency: 'EUR', period, lines: [{ versionId: 'v1', allocations: 1, amount: 140 }], total: 140, carriedIn: 0 },
      { kind: 'statement', partyId: 'alice', currency: 'USD', period, lines: [{ versionId: 'v1', allocations: 3, amount: 1011 }], total: 1011, carriedIn: 211 },
      { kind: 'statement', partyId: 'bob', currency: 'EUR', period, lines: [{ versionId: 'v1', allocations: 1, amount: 60 }], total: 60, carriedIn: 0 },
      { kind: 'statement', partyId: 'bob', currency: 'USD', period, lines: [{ versionId: 'v1', allocations: 2, amount: 390 }], total: 390, carriedIn: 90 },
      { kind: 'statement', partyId: 'carol', currency: 'USD', period, lines: [{ versionId: 'v2', allocations: 1, amount: 400 }], total: 400, carriedIn: 0 },
    ]);
  });

  it('writes an invoice per tenant and currency, worked by hand', () => {
    expect(settlement.invoices.map(({ hash, ...i }) => i)).toEqual([
      {
        kind: 'invoice', tenantId: 't1', currency: 'USD', period, calls: 2, total: 1500, carriedIn: 0,
        lines: [{ versionId: 'v1', calls: 1, amount: 1000 }, { versionId: 'v2', calls: 1, amount: 500 }],
      },
      { kind: 'invoice', tenantId: 't2', currency: 'EUR', period, calls: 1, total: 200, carriedIn: 0, lines: [{ versionId: 'v1', calls: 1, amount: 200 }] },
      { kind: 'invoice', tenantId: 't2', currency: 'USD', period, calls: 1, total: 301, carriedIn: 301, lines: [{ versionId: 'v1', calls: 1, amount: 301 }] },
    ]);
  });

  it('balances statements against invoices per currency and leaves the charge at `to` for the next period', () => {
    expect(settlement.totals).toEqual([
      { currency: 'EUR', calls: 1, charges: 200, allocations: 200, difference: 0 },
      { currency: 'USD', calls: 3, charges: 1801, allocations: 1801, difference: 0 },
    ]);
    expect(settlement.chargeIds).toEqual(['c1', 'c2', 'c3', 'c5']);
    expect(settlement.deferred).toBe(1);
  });

  it('is idempotent: the same input, in any order, closes to the same documents and hashes', () => {
    const again = closePeriod({ charges: [...charges].reverse(), allocations: [...allocations].reverse() }, november);
    expect(again).toEqual(settlement);
    expect(again.statements.map((s) => s.hash)).toEqual(settlement.statements.map((s) => s.hash));
    expect(new Set(settlement.statements.map((s) => s.hash)).size).toBe(settlement.statements.length);
  });

  it('puts events that reach the database after the close into the next period', () => {
    const closed = closePeriod({ charges: charges.slice(0, 2), allocations: allocations.slice(0, 4) }, november);
    const late = charge('late', 't1', 'v1', 'USD', 50, '2026-11-30T23:59:59Z');
    const unsettled = [late, charges[3]];
    const next = closePeriod({ charges: unsettled, allocations: [alloc('late', 'alice', 'v1', 50), ...allocations.slice(6, 8)] }, december);
    expect(next.chargeIds).toEqual(['c4', 'late']);
    expect(next.statements.find((s) => s.partyId === 'alice')).toMatchObject({ total: 540, carriedIn: 50 });
    expect(next.invoices).toMatchObject([
      { tenantId: 't1', calls: 1, total: 50, carriedIn: 50 },
      { tenantId: 't2', calls: 1, total: 700, carriedIn: 0 },
    ]);
    expect(closed.statements.every(verifyDocument)).toBe(true);
    expect(closePeriod({ charges: charges.slice(0, 2), allocations: allocations.slice(0, 4) }, november)).toEqual(closed);
  });

  it('detects a statement or invoice changed after it was closed', () => {
    const [statement] = settlement.statements;
    const [invoice] = settlement.invoices;
    expect(verifyDocument(statement)).toBe(true);
    expect(verifyDocument(invoice)).toBe(true);
    expect(verifyDocument({ ...statement, total: statement.total + 1 })).toBe(false);
    expect(verifyDocument({ ...statement, lines: [{ ...statement.lines[0], amount: 139 }] })).toBe(false);
    expect(verifyDocument({ ...invoice, tenantId: 'someone-else' })).toBe(false);
    expect(documentHash(statement)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an allocation that does not add up', [...allocations.slice(0, 9), alloc('c5', 'bob', 'v1', 59)], /do not reconcile/],
    ['an allocation of an unknown charge', [...allocations, alloc('c9', 'bob', 'v1', 1)], /do not reconcile/],
    ['a negative allocation', [...allocations.slice(0, 9), alloc('c5', 'bob', 'v1', -60)], /must not be negative/],
  ])('refuses to close with %s', (_name, rows, message) => {
    expect(() => closePeriod({ charges, allocations: rows }, november)).toThrow(message);
  });

  it.each([
    [{ charges: [...charges, charges[0]], allocations }, november, /c1 appears twice/],
    [{ charges: [{ ...charges[0], currency: 'usd' }], allocations: allocations.slice(0, 2) }, november, /currency/],
    [{ charges: [{ ...charges[0], at: new Date('x') }], allocations: allocations.slice(0, 2) }, november, /no valid time/],
    [{ charges, allocations }, { from: november.to, to: november.from }, /must end after it starts/],
  ])('refuses invalid input %#', (input, when, message) => {
    expect(() => closePeriod(input, when)).toThrow(message);
  });
});

describe('uncoveredGap', () => {
  const at = (iso: string) => new Date(`2026-${iso}Z`);
  const p = (from: string, to: string): Period => ({ from: at(from), to: at(to) });
  const asked = p('12-01T00:00:00', '12-02T00:00:00');

  it.each([
    ['no closed period: from the charge to the period asked for', [], '11-10T10:00:00', p('11-10T10:00:00', '12-01T00:00:00')],
    ['from the end of the last closed period before the charge', [p('10-01T00:00:00', '11-01T00:00:00'), p('11-01T00:00:00', '11-05T00:00:00')], '11-10T10:00:00', p('11-05T00:00:00', '12-01T00:00:00')],
    ['whatever order the closed periods are listed in', [p('11-01T00:00:00', '11-05T00:00:00'), p('10-01T00:00:00', '11-01T00:00:00')], '11-10T10:00:00', p('11-05T00:00:00', '12-01T00:00:00')],
    ['to the start of the next closed period, when one follows the charge', [p('11-20T00:00:00', '11-25T00:00:00'), p('12-02T00:00:00', '12-03T00:00:00')], '11-10T10:00:00', p('11-10T10:00:00', '11-20T00:00:00')],
    ['a charge at the very end of a closed period is outside it', [p('11-01T00:00:00', '11-10T10:00:00')], '11-10T10:00:00', p('11-10T10:00:00', '12-01T00:00:00')],
  ])('%s', (_, closed, earliest, gap) => {
    expect(uncoveredGap(at(earliest), asked, closed)).toEqual(gap);
  });
});

describe('reconcile', () => {
  it('answers charges, allocations, difference and calls per currency', () => {
    const short = reconcile(charges, allocations.slice(0, 9));
    expect(short.currencies).toEqual([
      { currency: 'EUR', calls: 1, charges: 200, allocations: 140, difference: 60 },
      { currency: 'USD', calls: 4, charges: 2501, allocations: 2501, difference: 0 },
    ]);
    expect(short).toMatchObject({ mismatchedCharges: ['c5'], orphanAllocations: 0, balanced: false });
    expect(reconcile(charges, allocations).balanced).toBe(true);
    expect(reconcile([], [alloc('c1', 'a', 'v', 1)])).toMatchObject({ currencies: [], orphanAllocations: 1, balanced: false });
  });
});
