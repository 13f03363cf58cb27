import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { marketReport, type MarketReport } from './market.js';
import { addMicro, type Micro } from './money.js';
import type { CurrencyReconciliation } from './reconciliation.js';
import { RevenueRepository, type EarningsLine, type EarningsPoint } from './revenue.repository.js';
import { invoiceView, statementView } from './revenue.dto.js';
import type { Invoice, Statement } from './settlement-rules.js';
import { SettlementsRepository } from './settlements.repository.js';

/**
 * Money is reconciled per currency only: micro-units of different currencies cannot be added, so
 * there is no total across them. Calls and mismatched charges count the same in any currency.
 */
export interface ReconciliationView {
  from: string;
  to: string;
  calls: number;
  /** Charges whose own allocations do not add up to them. */
  mismatchedCharges: number;
  currencies: CurrencyReconciliation[];
}

export interface EarningsView {
  partyId: string | null;
  from: string;
  to: string;
  interval: 'day' | 'month';
  totals: { currency: string; allocations: number; amount: Micro }[];
  models: EarningsLine[];
  series: EarningsPoint[];
}

/** What admins, regulators, licensors and tenants read about revenue, each within what they may see. */
@Injectable()
export class RevenueService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(RevenueRepository) private readonly repo: RevenueRepository,
    @Inject(SettlementsRepository) private readonly settlements: SettlementsRepository,
  ) {}

  /**
   * Computed from the stored rows of [from, to): per currency, what was charged, what was allocated,
   * and the difference; charges whose own allocations do not add up are counted (exactly, by a join) only
   * when the fingerprints, keyed with a fresh random seed, say there are any.
   */
  async reconciliation(from: Date, to: Date): Promise<ReconciliationView> {
    checkRange(from.getTime(), to.getTime());
    const seed = randomBytes(8).readBigInt64BE();
    const { currencies, mismatchedCharges } = await this.db.platform(async () => {
      const sums = await this.repo.reconciliation(from, to, seed);
      return { currencies: sums.currencies, mismatchedCharges: sums.fingerprintsAgree ? 0 : await this.repo.mismatchedCharges(from, to) };
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      calls: currencies.reduce((sum, c) => sum + c.calls, 0),
      mismatchedCharges,
      currencies,
    };
  }

  /** A party's earnings per model version over [fromDay, toDay), in total and per day or month, from the daily rollups. */
  async earnings(principal: Principal, range: { from: string; to: string; interval?: 'day' | 'month'; partyId?: string }): Promise<EarningsView> {
    checkRange(Date.parse(range.from), Date.parse(range.to));
    const partyId = this.partyScope(principal, range.partyId);
    const interval = range.interval ?? 'month';
    const { models, series } = await this.db.platform(async () => ({
      models: await this.repo.earnings(partyId, range.from, range.to),
      series: await this.repo.earningsSeries(partyId, range.from, range.to, interval),
    }));
    const totals = new Map<string, { currency: string; allocations: number; amount: Micro }>();
    for (const line of models) {
      const total = totals.get(line.currency) ?? { currency: line.currency, allocations: 0, amount: 0 };
      total.allocations += line.allocations;
      total.amount = addMicro(total.amount, line.amount);
      totals.set(line.currency, total);
    }
    return { partyId, from: range.from, to: range.to, interval, totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)), models, series };
  }

  /** Closed statements: a licensor's own, or (admins) any party's. */
  async statements(principal: Principal, partyId?: string): Promise<(Statement & { settlementId: string })[]> {
    const scope = this.partyScope(principal, partyId);
    const stored = await this.db.platform(() => this.settlements.statements(scope));
    return stored.map((s) => ({ settlementId: s.settlementId, ...statementView(s.document) }));
  }

  /** Closed invoices: a tenant's own, or (admins) every tenant's. */
  async invoices(principal: Principal): Promise<(Invoice & { settlementId: string })[]> {
    const stored = await this.db.forPrincipal(principal, () => this.settlements.invoices());
    return stored.map((i) => ({ settlementId: i.settlementId, ...invoiceView(i.document) }));
  }

  /** Calls and revenue per model and provider with their concentration (HHI), one report per currency. */
  async market(range: { from: string; to: string; currency?: string }): Promise<{ from: string; to: string; markets: MarketReport[] }> {
    checkRange(Date.parse(range.from), Date.parse(range.to));
    const rows = await this.db.platform(() => this.repo.market(range.from, range.to));
    const currencies = range.currency ? [range.currency] : [...new Set(rows.map((r) => r.currency))].sort();
    const markets = currencies.map((currency) =>
      marketReport(
        rows.filter((r) => r.currency === currency).map((r) => ({ modelId: r.model, providerId: r.provider, currency, calls: r.calls, revenue: r.revenue })),
        currency,
      ),
    );
    return { from: range.from, to: range.to, markets };
  }

  /**
   * Whose statements the caller reads: a licensor only its own party (another party's is not
   * found), an admin any party or all of them.
   */
  private partyScope(principal: Principal, requested?: string): string | null {
    if (principal.role === 'licensor') {
      if (!principal.partyId) throw new DomainError('FORBIDDEN', 'This licensor key is not linked to a party', { permission: 'read:Statement', role: principal.role });
      const partyId = requested ?? principal.partyId;
      if (!defineAbilities(principal).can('read', subject('Statement', { partyId }))) throw notFound('Party', partyId);
      return partyId;
    }
    return requested ?? null;
  }
}

function checkRange(from: number, to: number): void {
  if (!(from < to)) throw new DomainError('VALIDATION_FAILED', 'to: must be after from', { fields: [{ field: 'to', rule: 'after', message: 'must be after from' }] });
}
