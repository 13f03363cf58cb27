import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { CurrencyReconciliation } from './reconciliation.js';
import { micro } from './revenue.repository.js';
import type { InvoiceGroup, StatementGroup } from './settlement-documents.js';
import type { Invoice, Statement } from './settlement-rules.js';

export interface SettlementRow {
  id: string;
  from: Date;
  to: Date;
  status: 'closed';
  charges: number;
  deferred: number;
  totals: CurrencyReconciliation[];
  hash: string;
  closedAt: Date;
  closedBy: string;
}

export interface StoredStatement {
  settlementId: string;
  document: Statement;
}

export interface StoredInvoice {
  settlementId: string;
  document: Invoice;
}

/** Closing periods: marking charges, grouping them in the database, and storing the documents. */
@Injectable()
export class SettlementsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.manager.query(sql, params);
  }

  /** One close at a time across instances; it holds until the closing transaction ends. */
  async lock(): Promise<void> {
    await this.query(`SELECT pg_advisory_xact_lock(hashtext('warden.licensing.settlement'))`);
  }

  async find(id: string): Promise<SettlementRow | null> {
    const [row] = await this.query(`SELECT * FROM settlements WHERE id = $1`, [id]);
    return row ? settlementRow(row) : null;
  }

  async list(): Promise<SettlementRow[]> {
    return (await this.query(`SELECT * FROM settlements ORDER BY period_from DESC`)).map(settlementRow);
  }

  /** A closed settlement whose period overlaps [from, to), other than that very period. */
  async overlapping(from: Date, to: Date): Promise<SettlementRow | null> {
    const [row] = await this.query(
      `SELECT * FROM settlements WHERE tstzrange(period_from, period_to, '[)') && tstzrange($1, $2, '[)') AND NOT (period_from = $1 AND period_to = $2) LIMIT 1`,
      [from, to],
    );
    return row ? settlementRow(row) : null;
  }

  /**
   * Marks the unsettled charges a close of [from, to) takes: those dated in it, and late ones dated
   * before it in a period already closed (they committed after that close). A charge dated before
   * `from` in no closed period is left for its own period; returns how many were marked.
   */
  async markCharges(settlementId: string, from: Date, to: Date): Promise<number> {
    const [row] = await this.query<{ n: string }>(
      `WITH marked AS (
         UPDATE charges c SET settlement_id = $1
         WHERE c.settlement_id IS NULL AND c.created_at < $3
           AND (c.created_at >= $2 OR EXISTS (SELECT 1 FROM settlements s WHERE c.created_at >= s.period_from AND c.created_at < s.period_to))
         RETURNING 1)
       SELECT count(*)::text AS n FROM marked`,
      [settlementId, from, to],
    );
    return Number(row.n);
  }

  /** The earliest unsettled charge dated before `before` in no closed period, and how many such there are. */
  async uncovered(before: Date): Promise<{ earliest: Date; charges: number } | null> {
    const [row] = await this.query<{ earliest: Date | null; n: string }>(
      `SELECT min(c.created_at) AS earliest, count(*)::text AS n FROM charges c
       WHERE c.settlement_id IS NULL AND c.created_at < $1
         AND NOT EXISTS (SELECT 1 FROM settlements s WHERE c.created_at >= s.period_from AND c.created_at < s.period_to)`,
      [before],
    );
    return row.earliest ? { earliest: row.earliest, charges: Number(row.n) } : null;
  }

  /** Unsettled charges dated at or after `to`: left for a later period. */
  async deferred(to: Date): Promise<number> {
    const [row] = await this.query<{ n: string }>(`SELECT count(*)::text AS n FROM charges WHERE settlement_id IS NULL AND created_at >= $1`, [to]);
    return Number(row.n);
  }

  /** Marked charges whose allocations do not add up to them (at most `limit`). */
  async mismatched(settlementId: string, limit = 20): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT c.id FROM charges c
       LEFT JOIN (SELECT a.charge_id, sum(a.amount) AS allocated FROM revenue_allocations a JOIN charges s ON s.id = a.charge_id AND s.settlement_id = $1 GROUP BY a.charge_id) a
         ON a.charge_id = c.id
       WHERE c.settlement_id = $1 AND c.amount <> coalesce(a.allocated, 0) LIMIT $2`,
      [settlementId, limit],
    );
    return rows.map((r) => r.id);
  }

  async statementGroups(settlementId: string, from: Date): Promise<StatementGroup[]> {
    const rows = await this.query(
      `SELECT a.party_id, c.currency, a.version_id, count(*)::text AS allocations, sum(a.amount)::text AS amount,
              coalesce(sum(a.amount) FILTER (WHERE c.created_at < $2), 0)::text AS carried_in
       FROM charges c JOIN revenue_allocations a ON a.charge_id = c.id
       WHERE c.settlement_id = $1 GROUP BY a.party_id, c.currency, a.version_id`,
      [settlementId, from],
    );
    return rows.map((r) => ({
      partyId: r.party_id as string,
      currency: r.currency as string,
      versionId: r.version_id as string,
      allocations: Number(r.allocations),
      amount: micro(r.amount as string),
      carriedIn: micro(r.carried_in as string),
    }));
  }

  async invoiceGroups(settlementId: string, from: Date): Promise<InvoiceGroup[]> {
    const rows = await this.query(
      `SELECT tenant_id, currency, version_id, count(*)::text AS calls, sum(amount)::text AS amount,
              coalesce(sum(amount) FILTER (WHERE created_at < $2), 0)::text AS carried_in
       FROM charges WHERE settlement_id = $1 GROUP BY tenant_id, currency, version_id`,
      [settlementId, from],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id as string,
      currency: r.currency as string,
      versionId: r.version_id as string,
      calls: Number(r.calls),
      amount: micro(r.amount as string),
      carriedIn: micro(r.carried_in as string),
    }));
  }

  async insert(settlement: Omit<SettlementRow, 'status' | 'closedAt'>, statements: Statement[], invoices: Invoice[]): Promise<void> {
    await this.query(
      `INSERT INTO settlements (id, period_from, period_to, charges, deferred, totals, hash, closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [settlement.id, settlement.from, settlement.to, settlement.charges, settlement.deferred, JSON.stringify(settlement.totals), settlement.hash, settlement.closedBy],
    );
    for (let i = 0; i < statements.length; i += 1000) {
      const chunk = statements.slice(i, i + 1000);
      await this.query(
        `INSERT INTO settlement_statements (settlement_id, party_id, currency, total, carried_in, document, hash)
         SELECT $1, party_id, currency, total, carried_in, document, hash
         FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::jsonb[], $7::text[]) AS s (party_id, currency, total, carried_in, document, hash)`,
        [settlement.id, chunk.map((s) => s.partyId), chunk.map((s) => s.currency), chunk.map((s) => s.total), chunk.map((s) => s.carriedIn), chunk.map((s) => JSON.stringify(s)), chunk.map((s) => s.hash)],
      );
    }
    for (let i = 0; i < invoices.length; i += 1000) {
      const chunk = invoices.slice(i, i + 1000);
      await this.query(
        `INSERT INTO settlement_invoices (settlement_id, tenant_id, currency, calls, total, carried_in, document, hash)
         SELECT $1, tenant_id, currency, calls, total, carried_in, document, hash
         FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::jsonb[], $8::text[]) AS s (tenant_id, currency, calls, total, carried_in, document, hash)`,
        [settlement.id, chunk.map((s) => s.tenantId), chunk.map((s) => s.currency), chunk.map((s) => s.calls), chunk.map((s) => s.total), chunk.map((s) => s.carriedIn), chunk.map((s) => JSON.stringify(s)), chunk.map((s) => s.hash)],
      );
    }
  }

  /** Closed statements, newest period first; `partyId` null for every party, `settlementId` to narrow to one close. */
  async statements(partyId: string | null, settlementId: string | null = null): Promise<StoredStatement[]> {
    const rows = await this.query<{ settlement_id: string; document: Statement }>(
      `SELECT s.settlement_id, s.document FROM settlement_statements s JOIN settlements t ON t.id = s.settlement_id
       WHERE ($1::uuid IS NULL OR s.party_id = $1) AND ($2::uuid IS NULL OR s.settlement_id = $2)
       ORDER BY t.period_from DESC, s.party_id, s.currency`,
      [partyId, settlementId],
    );
    return rows.map((r) => ({ settlementId: r.settlement_id, document: r.document }));
  }

  /** Closed invoices; in a tenant scope, row-level security leaves only the tenant's own (settlements themselves are platform rows). */
  async invoices(settlementId: string | null = null): Promise<StoredInvoice[]> {
    const rows = await this.query<{ settlement_id: string; document: Invoice }>(
      `SELECT i.settlement_id, i.document FROM settlement_invoices i
       WHERE ($1::uuid IS NULL OR i.settlement_id = $1) ORDER BY i.document->'period'->>'from' DESC, i.tenant_id, i.currency`,
      [settlementId],
    );
    return rows.map((r) => ({ settlementId: r.settlement_id, document: r.document }));
  }
}

function settlementRow(row: Record<string, unknown>): SettlementRow {
  return {
    id: row.id as string,
    from: row.period_from as Date,
    to: row.period_to as Date,
    status: 'closed',
    charges: Number(row.charges),
    deferred: Number(row.deferred),
    totals: row.totals as CurrencyReconciliation[],
    hash: row.hash as string,
    closedAt: row.closed_at as Date,
    closedBy: row.closed_by as string,
  };
}
