import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { CallCountRow } from './overview-rules.js';

export interface DailyCalls {
  day: string;
  allowed: number;
  denied: number;
}

export interface PurposeConsent {
  purpose: string;
  lawfulBasis: string;
  /** Subjects whose latest event for the purpose is an unexpired grant. */
  active: number;
  /** Subjects whose latest event for the purpose is a withdrawal. */
  withdrawn: number;
  /** Subjects whose latest grant for the purpose has expired. */
  expired: number;
  /** Grant and withdrawal events recorded in the window. */
  grants: number;
  withdrawals: number;
}

export interface ChainRow {
  chainId: string;
  tenantId: string | null;
  tenantName: string | null;
  size: number;
  updatedAt: Date;
}

export interface LatestAudit {
  id: string;
  model: string;
  status: string;
  breachCount: number;
  source: string;
  createdAt: Date;
}

const int = (value: unknown): number => Number(value ?? 0);

/**
 * Read-only aggregates for the console, over tables other concerns own. Counts only: no subject,
 * pseudonym, input or output ever leaves these queries. Runs in the caller's scope, so row-level
 * security bounds what is counted.
 */
@Injectable()
export class ConsoleRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.manager.query(sql, params);
  }

  /** Governed calls in [from, to), grouped by tenant, model, purpose and outcome, from the audit log. */
  async calls(from: Date, to: Date): Promise<CallCountRow[]> {
    const rows = await this.query(
      `SELECT e.tenant_id, t.name AS tenant_name, split_part(coalesce(e.resource_id, ''), '@', 1) AS model,
              coalesce(e.details->>'purpose', '') AS purpose, e.decision, e.reason, e.details->>'stage' AS stage, count(*)::text AS calls
       FROM audit_events e LEFT JOIN tenants t ON t.id = e.tenant_id
       WHERE e.action = 'inference.infer' AND e.time >= $1 AND e.time < $2 AND e.decision IN ('allow', 'deny')
       GROUP BY e.tenant_id, t.name, 3, 4, e.decision, e.reason, 7`,
      [from, to],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id as string | null,
      tenantName: r.tenant_name as string | null,
      model: r.model as string,
      purpose: r.purpose as string,
      decision: r.decision as 'allow' | 'deny',
      reason: r.reason as string | null,
      stage: r.stage as string | null,
      calls: int(r.calls),
    }));
  }

  /** Allowed and denied calls per UTC day in [from, to). */
  async daily(from: Date, to: Date): Promise<DailyCalls[]> {
    const rows = await this.query(
      `SELECT to_char(date_trunc('day', time AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE decision = 'allow')::text AS allowed, count(*) FILTER (WHERE decision = 'deny')::text AS denied
       FROM audit_events WHERE action = 'inference.infer' AND time >= $1 AND time < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => ({ day: r.day as string, allowed: int(r.allowed), denied: int(r.denied) }));
  }

  async modelVersions(): Promise<{ name: string; status: string }[]> {
    return this.query(`SELECT m.name, v.status FROM model_versions v JOIN models m ON m.id = v.model_id`);
  }

  async tenantCount(): Promise<number> {
    const [row] = await this.query(`SELECT count(*)::text AS n FROM tenants`);
    return int(row.n);
  }

  /** Per registered purpose: consent states now, and consent events in [from, to). */
  async consent(from: Date, to: Date, now: Date): Promise<PurposeConsent[]> {
    const rows = await this.query(
      `WITH latest AS (
         SELECT DISTINCT ON (subject_key, purpose) purpose, type, expires_at
         FROM consent_events WHERE at <= $3 ORDER BY subject_key, purpose, at DESC, seq DESC
       ), states AS (
         SELECT purpose,
                count(*) FILTER (WHERE type = 'grant' AND (expires_at IS NULL OR expires_at > $3)) AS active,
                count(*) FILTER (WHERE type = 'withdraw') AS withdrawn,
                count(*) FILTER (WHERE type = 'grant' AND expires_at <= $3) AS expired
         FROM latest GROUP BY purpose
       ), recorded AS (
         SELECT purpose, count(*) FILTER (WHERE type = 'grant') AS grants, count(*) FILTER (WHERE type = 'withdraw') AS withdrawals
         FROM consent_events WHERE at >= $1 AND at < $2 GROUP BY purpose
       )
       SELECT p.id AS purpose, p.lawful_basis, s.active::text, s.withdrawn::text, s.expired::text, r.grants::text, r.withdrawals::text
       FROM purposes p LEFT JOIN states s ON s.purpose = p.id LEFT JOIN recorded r ON r.purpose = p.id
       ORDER BY p.id`,
      [from, to, now],
    );
    return rows.map((r) => ({
      purpose: r.purpose as string,
      lawfulBasis: r.lawful_basis as string,
      active: int(r.active),
      withdrawn: int(r.withdrawn),
      expired: int(r.expired),
      grants: int(r.grants),
      withdrawals: int(r.withdrawals),
    }));
  }

  async subjectCount(): Promise<number> {
    const [row] = await this.query(`SELECT count(*)::text AS n FROM data_subjects`);
    return int(row.n);
  }

  /** Erasure requests pending now (and of those, past their deadline), and completed in [from, to). */
  async erasures(from: Date, to: Date, now: Date): Promise<{ pending: number; overdue: number; completed: number }> {
    const [row] = await this.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::text AS pending,
              count(*) FILTER (WHERE status = 'pending' AND due_by < $3)::text AS overdue,
              count(*) FILTER (WHERE status = 'completed' AND completed_at >= $1 AND completed_at < $2)::text AS completed
       FROM erasure_requests`,
      [from, to, now],
    );
    return { pending: int(row.pending), overdue: int(row.overdue), completed: int(row.completed) };
  }

  /** Open review items per model, with the oldest one's age. */
  async openReviews(): Promise<{ model: string; open: number; oldest: Date }[]> {
    const rows = await this.query(`SELECT model, count(*)::text AS open, min(created_at) AS oldest FROM reviews WHERE status = 'open' GROUP BY model ORDER BY model`);
    return rows.map((r) => ({ model: r.model as string, open: int(r.open), oldest: r.oldest as Date }));
  }

  /** The newest bias audit of each model. */
  async latestAudits(): Promise<LatestAudit[]> {
    const rows = await this.query(
      `SELECT DISTINCT ON (model) id, model, status, breach_count, source, created_at FROM bias_audits
       WHERE model IS NOT NULL ORDER BY model, created_at DESC, id`,
    );
    return rows.map((r) => ({ id: r.id as string, model: r.model as string, status: r.status as string, breachCount: int(r.breach_count), source: r.source as string, createdAt: r.created_at as Date }));
  }

  /** Every audit chain visible in the current scope, with its tenant's name and size. */
  async chains(): Promise<ChainRow[]> {
    const rows = await this.query(
      `SELECT c.chain_id, c.tenant_id, t.name AS tenant_name, c.size::text AS size, c.updated_at
       FROM audit_chains c LEFT JOIN tenants t ON t.id = c.tenant_id
       ORDER BY (c.chain_id = 'platform') DESC, lower(t.name), c.chain_id`,
    );
    return rows.map((r) => ({ chainId: r.chain_id as string, tenantId: r.tenant_id as string | null, tenantName: r.tenant_name as string | null, size: int(r.size), updatedAt: r.updated_at as Date }));
  }

  async partyName(partyId: string): Promise<string | null> {
    const [row] = await this.query(`SELECT name FROM parties WHERE id = $1`, [partyId]);
    return (row?.name as string | undefined) ?? null;
  }
}
