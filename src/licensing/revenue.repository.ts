import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { assertMicro, type Micro } from './money.js';
import type { CurrencyReconciliation } from './reconciliation.js';

export interface EarningsLine {
  partyId: string;
  versionId: string;
  model: string;
  version: string;
  currency: string;
  allocations: number;
  amount: Micro;
}

export interface EarningsPoint extends EarningsLine {
  period: string;
}

export interface MarketSourceRow {
  model: string;
  provider: string;
  currency: string;
  calls: number;
  revenue: Micro;
}

/** Reads over charges, allocations and their daily rollups. Statements and markets never scan charges. */
@Injectable()
export class RevenueRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.manager.query(sql, params);
  }

  /**
   * Charges and allocations dated in [from, to), each summed from its own rows (allocations carry
   * their charge's currency and time), with a fingerprint of each side: every amount weighted by a
   * hash of its charge's id, keyed with `seed`. When every charge's allocations add up to it the
   * two fingerprints are equal; when any does not they differ, except with negligible probability
   * for a seed the writer could not know. Two sequential scans instead of a join of every
   * allocation to its charge.
   */
  async reconciliation(from: Date, to: Date, seed: bigint): Promise<{ currencies: CurrencyReconciliation[]; fingerprintsAgree: boolean }> {
    const charges = await this.query<{ currency: string; calls: string; total: string; fingerprint: string }>(
      `SELECT currency, count(*)::text AS calls, sum(amount)::text AS total, sum(amount::numeric * hashtextextended(id::text, $3))::text AS fingerprint
       FROM charges WHERE created_at >= $1 AND created_at < $2 GROUP BY currency`,
      [from, to, seed.toString()],
    );
    const allocations = await this.query<{ currency: string; total: string; fingerprint: string }>(
      `SELECT currency, sum(amount)::text AS total, sum(amount::numeric * hashtextextended(charge_id::text, $3))::text AS fingerprint
       FROM revenue_allocations WHERE created_at >= $1 AND created_at < $2 GROUP BY currency`,
      [from, to, seed.toString()],
    );
    const fingerprints = (rows: { currency: string; fingerprint: string }[]) => new Map(rows.map((r) => [r.currency, r.fingerprint]));
    const [left, right] = [fingerprints(charges), fingerprints(allocations)];
    const fingerprintsAgree = left.size === right.size && [...left].every(([currency, value]) => right.get(currency) === value);
    const rows = new Map<string, CurrencyReconciliation>();
    const row = (currency: string) => {
      const found = rows.get(currency) ?? { currency, calls: 0, charges: 0, allocations: 0, difference: 0 };
      rows.set(currency, found);
      return found;
    };
    for (const c of charges) Object.assign(row(c.currency), { calls: Number(c.calls), charges: micro(c.total) });
    for (const a of allocations) row(a.currency).allocations = micro(a.total);
    for (const r of rows.values()) r.difference = r.charges - r.allocations;
    return { currencies: [...rows.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)), fingerprintsAgree };
  }

  /** Charges dated in [from, to) whose own allocations do not add up to them, counted exactly. */
  async mismatchedCharges(from: Date, to: Date): Promise<number> {
    const [{ mismatched }] = await this.query<{ mismatched: string }>(
      `SELECT count(*)::text AS mismatched FROM charges c
       LEFT JOIN (SELECT charge_id, sum(amount) AS allocated FROM revenue_allocations WHERE created_at >= $1 AND created_at < $2 GROUP BY charge_id) a
         ON a.charge_id = c.id
       WHERE c.created_at >= $1 AND c.created_at < $2 AND c.amount <> coalesce(a.allocated, 0)`,
      [from, to],
    );
    return Number(mismatched);
  }

  /** Earnings per party and version in [fromDay, toDay) from the daily rollup; `partyId` null for every party. */
  async earnings(partyId: string | null, fromDay: string, toDay: string): Promise<EarningsLine[]> {
    const rows = await this.query(
      `SELECT r.party_id, r.version_id, m.name AS model, v.version, r.currency, sum(r.allocations)::text AS allocations, sum(r.amount)::text AS amount
       FROM revenue_party_daily r JOIN model_versions v ON v.id = r.version_id JOIN models m ON m.id = v.model_id
       WHERE ($1::uuid IS NULL OR r.party_id = $1) AND r.day >= $2::date AND r.day < $3::date
       GROUP BY r.party_id, r.version_id, m.name, v.version, r.currency
       ORDER BY r.party_id, m.name, v.version, r.currency`,
      [partyId, fromDay, toDay],
    );
    return rows.map(earningsLine);
  }

  /** The same, per day or per month. */
  async earningsSeries(partyId: string | null, fromDay: string, toDay: string, interval: 'day' | 'month'): Promise<EarningsPoint[]> {
    const rows = await this.query(
      `SELECT to_char(date_trunc($4, r.day), 'YYYY-MM-DD') AS period, r.party_id, r.version_id, m.name AS model, v.version, r.currency,
              sum(r.allocations)::text AS allocations, sum(r.amount)::text AS amount
       FROM revenue_party_daily r JOIN model_versions v ON v.id = r.version_id JOIN models m ON m.id = v.model_id
       WHERE ($1::uuid IS NULL OR r.party_id = $1) AND r.day >= $2::date AND r.day < $3::date
       GROUP BY 1, r.party_id, r.version_id, m.name, v.version, r.currency
       ORDER BY 1, r.party_id, m.name, v.version, r.currency`,
      [partyId, fromDay, toDay, interval],
    );
    return rows.map((row) => ({ period: row.period as string, ...earningsLine(row) }));
  }

  /**
   * Calls and revenue per model in [fromDay, toDay) from the tenant rollup. A model's provider is
   * the one its model card names (its newest version's, when versions disagree).
   */
  async market(fromDay: string, toDay: string): Promise<MarketSourceRow[]> {
    const rows = await this.query<{ model: string; provider: string | null; currency: string; calls: string; revenue: string }>(
      `WITH used AS (
         SELECT r.version_id, r.currency, sum(r.calls) AS calls, sum(r.amount) AS revenue
         FROM revenue_tenant_daily r WHERE r.day >= $1::date AND r.day < $2::date GROUP BY r.version_id, r.currency
       ), providers AS (
         SELECT DISTINCT ON (v.model_id) v.model_id, v.manifest->'card'->>'provider' AS provider
         FROM model_versions v WHERE v.id IN (SELECT version_id FROM used)
         ORDER BY v.model_id, v.major DESC, v.minor DESC, v.patch DESC, v.created_at DESC
       )
       SELECT m.name AS model, p.provider, u.currency, sum(u.calls)::text AS calls, sum(u.revenue)::text AS revenue
       FROM used u JOIN model_versions v ON v.id = u.version_id JOIN models m ON m.id = v.model_id JOIN providers p ON p.model_id = v.model_id
       GROUP BY m.name, p.provider, u.currency ORDER BY u.currency, m.name`,
      [fromDay, toDay],
    );
    return rows.map((r) => ({ model: r.model, provider: r.provider ?? `unnamed provider of ${r.model}`, currency: r.currency, calls: Number(r.calls), revenue: micro(r.revenue) }));
  }
}

function earningsLine(row: Record<string, unknown>): EarningsLine {
  return {
    partyId: row.party_id as string,
    versionId: row.version_id as string,
    model: row.model as string,
    version: row.version as string,
    currency: row.currency as string,
    allocations: Number(row.allocations),
    amount: micro(row.amount as string),
  };
}

/** Postgres sums are numerics (strings here); refuse, rather than round, one past the safe range. */
export function micro(value: string | null): Micro {
  const amount = Number(value ?? 0);
  assertMicro(amount);
  return amount;
}
