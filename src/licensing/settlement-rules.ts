import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { addMicro, invalid, type Micro } from './money.js';
import { reconcile, type AllocationRecord, type ChargeRecord, type CurrencyReconciliation } from './reconciliation.js';
import { compareKeys } from './split.js';

/** Half-open: a charge at exactly `to` belongs to the next period. */
export interface Period {
  from: Date;
  to: Date;
}

export interface PeriodLabel {
  from: string;
  to: string;
}

export interface StatementLine {
  versionId: string;
  allocations: number;
  amount: Micro;
}

/** What one party earned in one currency in one period. */
export interface Statement {
  kind: 'statement';
  partyId: string;
  currency: string;
  period: PeriodLabel;
  lines: StatementLine[];
  total: Micro;
  /** Part of `total` from charges dated before `period.from` that no earlier settlement included. */
  carriedIn: Micro;
  hash: string;
}

export interface InvoiceLine {
  versionId: string;
  calls: number;
  amount: Micro;
}

/** What one tenant owes in one currency for one period. */
export interface Invoice {
  kind: 'invoice';
  tenantId: string;
  currency: string;
  period: PeriodLabel;
  lines: InvoiceLine[];
  calls: number;
  total: Micro;
  carriedIn: Micro;
  hash: string;
}

export interface Settlement {
  period: PeriodLabel;
  statements: Statement[];
  invoices: Invoice[];
  totals: CurrencyReconciliation[];
  /** The charges this settlement closes, for the caller to mark as settled with it. */
  chargeIds: string[];
  /** Charges in the input dated at or after `period.to`, left for a later period. */
  deferred: number;
}

export interface SettlementInput {
  /** Every charge no closed settlement includes yet (charges already settled must not be passed). */
  charges: readonly ChargeRecord[];
  /** The allocations of those charges. */
  allocations: readonly AllocationRecord[];
}

export function periodLabel(period: Period): PeriodLabel {
  const { from, to } = period;
  if (!(from instanceof Date) || !(to instanceof Date) || !Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) {
    throw invalid('period', 'a period needs valid from and to dates');
  }
  if (from.getTime() >= to.getTime()) throw invalid('period', 'a period must end after it starts');
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * Where unsettled charges lie that a close of `period` must not take: `earliest` is the earliest
 * unsettled charge dated before `period.from` in no closed period. The answer is the stretch of
 * time around it that no closed period covers — from the end of the last closed period before it
 * (or the charge itself) to the start of the next (or `period.from`) — which is what must be
 * closed first. Taking such charges into a later period would leave their own period to be closed
 * afterwards with nothing in it.
 */
export function uncoveredGap(earliest: Date, period: Period, closed: readonly Period[]): Period {
  const at = earliest.getTime();
  const before = closed.map((p) => p.to.getTime()).filter((end) => end <= at);
  const after = closed.map((p) => p.from.getTime()).filter((start) => start > at);
  return { from: new Date(before.length ? Math.max(...before) : at), to: new Date(Math.min(period.from.getTime(), ...after)) };
}

/** SHA-256 over the canonical JSON of a document without its `hash`. */
export function documentHash(document: object): string {
  const { hash: _ignored, ...body } = document as { hash?: unknown };
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** True when a stored statement or invoice still has the content it was closed with. */
export function verifyDocument(document: Statement | Invoice): boolean {
  return document.hash === documentHash(document);
}

/**
 * Closes [from, to): every input charge dated before `to` is settled here, including late ones
 * dated before `from` that reached the database after an earlier close (reported as
 * `carriedIn`); charges at or after `to` are deferred. Refuses input whose allocations do not
 * reconcile with its charges. The result depends only on the input: closing the same input
 * again gives the same documents and hashes, in a fixed order.
 */
export function closePeriod(input: SettlementInput, period: Period): Settlement {
  const label = periodLabel(period);
  const check = reconcile(input.charges, input.allocations);
  if (!check.balanced) {
    throw invalid('allocations', 'allocations do not reconcile with their charges; the period cannot be closed', {
      mismatchedCharges: check.mismatchedCharges.slice(0, 20),
      orphanAllocations: check.orphanAllocations,
    });
  }

  const to = period.to.getTime();
  const from = period.from.getTime();
  const included = new Map<string, ChargeRecord>();
  for (const charge of input.charges) if (charge.at.getTime() < to) included.set(charge.chargeId, charge);
  const isLate = (charge: ChargeRecord) => charge.at.getTime() < from;

  const statements = new Map<string, Draft<StatementLine>>();
  for (const allocation of input.allocations) {
    const charge = included.get(allocation.chargeId);
    if (!charge) continue;
    const draft = draftFor(statements, allocation.partyId, charge.currency);
    const line = lineFor(draft, allocation.versionId, () => ({ versionId: allocation.versionId, allocations: 0, amount: 0 }));
    line.allocations += 1;
    line.amount = addMicro(line.amount, allocation.amount);
    if (isLate(charge)) draft.carriedIn = addMicro(draft.carriedIn, allocation.amount);
  }

  const invoices = new Map<string, Draft<InvoiceLine>>();
  for (const charge of included.values()) {
    const draft = draftFor(invoices, charge.tenantId, charge.currency);
    const line = lineFor(draft, charge.versionId, () => ({ versionId: charge.versionId, calls: 0, amount: 0 }));
    line.calls += 1;
    line.amount = addMicro(line.amount, charge.amount);
    if (isLate(charge)) draft.carriedIn = addMicro(draft.carriedIn, charge.amount);
  }

  const settledCharges = [...included.values()];
  return {
    period: label,
    statements: [...statements.values()].sort(byOwnerThenCurrency).map((d) =>
      seal<Statement>({ kind: 'statement', partyId: d.owner, currency: d.currency, period: label, ...finish(d) }),
    ),
    invoices: [...invoices.values()].sort(byOwnerThenCurrency).map((d) => {
      const { lines, total, carriedIn } = finish(d);
      const calls = lines.reduce((sum, l) => sum + l.calls, 0);
      return seal<Invoice>({ kind: 'invoice', tenantId: d.owner, currency: d.currency, period: label, lines, calls, total, carriedIn });
    }),
    totals: reconcile(settledCharges, input.allocations.filter((a) => included.has(a.chargeId))).currencies,
    chargeIds: settledCharges.map((c) => c.chargeId).sort(compareKeys),
    deferred: input.charges.length - included.size,
  };
}

interface Draft<L> {
  owner: string;
  currency: string;
  lines: Map<string, L>;
  carriedIn: Micro;
}

function draftFor<L>(drafts: Map<string, Draft<L>>, owner: string, currency: string): Draft<L> {
  const key = `${owner}\u0000${currency}`;
  let draft = drafts.get(key);
  if (!draft) {
    draft = { owner, currency, lines: new Map(), carriedIn: 0 };
    drafts.set(key, draft);
  }
  return draft;
}

function lineFor<L>(draft: Draft<L>, versionId: string, create: () => L): L {
  let line = draft.lines.get(versionId);
  if (!line) {
    line = create();
    draft.lines.set(versionId, line);
  }
  return line;
}

function finish<L extends { versionId: string; amount: Micro }>(draft: Draft<L>): { lines: L[]; total: Micro; carriedIn: Micro } {
  const lines = [...draft.lines.values()].sort((a, b) => compareKeys(a.versionId, b.versionId));
  const total = lines.reduce((sum, l) => addMicro(sum, l.amount), 0);
  return { lines, total, carriedIn: draft.carriedIn };
}

function byOwnerThenCurrency(a: { owner: string; currency: string }, b: { owner: string; currency: string }): number {
  return compareKeys(a.owner, b.owner) || compareKeys(a.currency, b.currency);
}

function seal<D extends Statement | Invoice>(body: Omit<D, 'hash'>): D {
  return { ...body, hash: documentHash(body) } as D;
}
