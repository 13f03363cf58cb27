import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { addMicro, type Micro } from './money.js';
import type { CurrencyReconciliation } from './reconciliation.js';
import { documentHash, periodLabel, type Invoice, type InvoiceLine, type Period, type PeriodLabel, type Statement, type StatementLine } from './settlement-rules.js';
import { compareKeys } from './split.js';

/**
 * A period over millions of charges is closed in the database: the charges are grouped there
 * (party × currency × version for statements, tenant × currency × version for invoices) and only
 * the groups come back. These rules turn the groups into the same documents, hashes and totals
 * that `closePeriod` makes from the rows themselves (the spec checks that they agree).
 */
export interface StatementGroup {
  partyId: string;
  currency: string;
  versionId: string;
  allocations: number;
  amount: Micro;
  /** Part of `amount` from charges dated before the period. */
  carriedIn: Micro;
}

export interface InvoiceGroup {
  tenantId: string;
  currency: string;
  versionId: string;
  calls: number;
  amount: Micro;
  carriedIn: Micro;
}

export interface SettlementDocuments {
  period: PeriodLabel;
  statements: Statement[];
  invoices: Invoice[];
  totals: CurrencyReconciliation[];
}

export function assembleSettlement(period: Period, statementGroups: readonly StatementGroup[], invoiceGroups: readonly InvoiceGroup[]): SettlementDocuments {
  const label = periodLabel(period);
  const statements = documents(statementGroups, (g) => g.partyId, (g): StatementLine => ({ versionId: g.versionId, allocations: g.allocations, amount: g.amount })).map(
    ({ owner, currency, lines, total, carriedIn }) => seal<Statement>({ kind: 'statement', partyId: owner, currency, period: label, lines, total, carriedIn }),
  );
  const invoices = documents(invoiceGroups, (g) => g.tenantId, (g): InvoiceLine => ({ versionId: g.versionId, calls: g.calls, amount: g.amount })).map(
    ({ owner, currency, lines, total, carriedIn }) =>
      seal<Invoice>({ kind: 'invoice', tenantId: owner, currency, period: label, lines, calls: lines.reduce((sum, l) => sum + l.calls, 0), total, carriedIn }),
  );

  const totals = new Map<string, CurrencyReconciliation>();
  const row = (currency: string) => {
    const found = totals.get(currency) ?? { currency, calls: 0, charges: 0, allocations: 0, difference: 0 };
    totals.set(currency, found);
    return found;
  };
  for (const invoice of invoices) {
    const t = row(invoice.currency);
    t.calls += invoice.calls;
    t.charges = addMicro(t.charges, invoice.total);
  }
  for (const statement of statements) {
    const t = row(statement.currency);
    t.allocations = addMicro(t.allocations, statement.total);
  }
  for (const t of totals.values()) t.difference = t.charges - t.allocations;
  return { period: label, statements, invoices, totals: [...totals.values()].sort((a, b) => compareKeys(a.currency, b.currency)) };
}

/** One hash over the whole settlement: its period, totals and every document's hash. */
export function settlementHash(documents: SettlementDocuments): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        period: documents.period,
        totals: documents.totals,
        statements: documents.statements.map((s) => s.hash),
        invoices: documents.invoices.map((i) => i.hash),
      }),
      'utf8',
    )
    .digest('hex');
}

/**
 * The id of the settlement of a period, derived from the period itself: asking twice for the
 * same period names the same settlement, whichever instance asks.
 */
export function settlementId(period: Period): string {
  const { from, to } = periodLabel(period);
  const hex = createHash('sha256').update(`warden-settlement|${from}|${to}`, 'utf8').digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Grouped<L> {
  owner: string;
  currency: string;
  lines: L[];
  total: Micro;
  carriedIn: Micro;
}

function documents<G extends { currency: string; versionId: string; amount: Micro; carriedIn: Micro }, L extends { versionId: string; amount: Micro }>(
  groups: readonly G[],
  ownerOf: (g: G) => string,
  lineOf: (g: G) => L,
): Grouped<L>[] {
  const byDocument = new Map<string, Grouped<L>>();
  for (const group of groups) {
    const owner = ownerOf(group);
    const key = `${owner}\u0000${group.currency}`;
    const document = byDocument.get(key) ?? { owner, currency: group.currency, lines: [], total: 0, carriedIn: 0 };
    byDocument.set(key, document);
    document.lines.push(lineOf(group));
    document.total = addMicro(document.total, group.amount);
    document.carriedIn = addMicro(document.carriedIn, group.carriedIn);
  }
  return [...byDocument.values()]
    .sort((a, b) => compareKeys(a.owner, b.owner) || compareKeys(a.currency, b.currency))
    .map((d) => ({ ...d, lines: d.lines.sort((a, b) => compareKeys(a.versionId, b.versionId)) }));
}

function seal<D extends Statement | Invoice>(body: Omit<D, 'hash'>): D {
  return { ...body, hash: documentHash(body) } as D;
}
