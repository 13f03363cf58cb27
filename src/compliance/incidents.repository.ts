import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { IncidentFacts, Seal } from './evidence.js';
import type { IncidentClass } from './incident-deadlines.js';

export interface IncidentRow extends Omit<IncidentFacts, 'overdue'> {
  versionId: string;
  overdueRecordedAt: string | null;
}

export interface FreezeRow {
  id: string;
  incidentId: string;
  model: string;
  version: string;
  versionId: string;
  seal: Seal;
  sealHash: string;
  audit: { chain: string; seq: number };
  reason: string;
  frozenBy: string;
  frozenAt: Date;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  /** The tenant each sealed bias audit belongs to (null: a platform audit), read when the freeze is read. */
  biasAuditTenants: Record<string, string | null>;
}

const iso = (d: unknown): string | null => (d instanceof Date ? d.toISOString() : null);

const toIncident = (r: Record<string, unknown>): IncidentRow => ({
  id: r.id as string,
  tenantId: r.tenant_id as string | null,
  model: r.model as string,
  version: r.version as string,
  versionId: r.version_id as string,
  class: r.class as IncidentClass,
  title: r.title as string,
  description: r.description as string,
  occurredAt: iso(r.occurred_at),
  awareAt: iso(r.aware_at)!,
  timeZone: r.time_zone as string,
  deadlineDays: r.deadline_days as number,
  deadline: iso(r.deadline_at)!,
  status: r.status as IncidentRow['status'],
  reportedAt: iso(r.reported_at),
  reportReference: r.report_reference as string | null,
  closedAt: iso(r.closed_at),
  closeReason: r.close_reason as string | null,
  overdueRecordedAt: iso(r.overdue_recorded_at),
  registeredBy: r.registered_by as string,
  registeredRole: r.registered_role as string,
  createdAt: iso(r.created_at)!,
});

const toFreeze = (r: Record<string, unknown>): FreezeRow => ({
  id: r.id as string,
  incidentId: r.incident_id as string,
  model: r.model as string,
  version: r.version as string,
  versionId: r.version_id as string,
  seal: r.seal as Seal,
  sealHash: r.seal_hash as string,
  audit: { chain: r.audit_chain as string, seq: Number(r.audit_seq) },
  reason: r.reason as string,
  frozenBy: r.frozen_by as string,
  frozenAt: r.frozen_at as Date,
  releasedAt: iso(r.released_at),
  releasedBy: r.released_by as string | null,
  releaseReason: r.release_reason as string | null,
  biasAuditTenants: (r.bias_audit_tenants as Record<string, string | null> | null) ?? {},
});

export type NewIncident = Pick<
  IncidentRow,
  'id' | 'tenantId' | 'model' | 'version' | 'versionId' | 'class' | 'title' | 'description' | 'occurredAt' | 'awareAt' | 'timeZone' | 'deadlineDays' | 'deadline' | 'registeredBy' | 'registeredRole'
>;

/** Incidents and their evidence freezes; runs in the caller's scope (a tenant sees its own incidents). */
@Injectable()
export class IncidentsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.db.manager.query(sql, params);
  }

  async insert(i: NewIncident): Promise<IncidentRow> {
    const [row] = await this.query(
      `INSERT INTO incidents (id, tenant_id, model, version, version_id, class, title, description, occurred_at, aware_at, time_zone, deadline_days, deadline_at, registered_by, registered_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
      [i.id, i.tenantId, i.model, i.version, i.versionId, i.class, i.title, i.description, i.occurredAt, i.awareAt, i.timeZone, i.deadlineDays, i.deadline, i.registeredBy, i.registeredRole],
    );
    return toIncident(row);
  }

  async find(id: string, lock = false): Promise<IncidentRow | null> {
    const [row] = await this.query(`SELECT * FROM incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toIncident(row) : null;
  }

  async list(filter: { status?: string; model?: string }, limit: number): Promise<IncidentRow[]> {
    const rows = await this.query(
      `SELECT * FROM incidents WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR model = $2) ORDER BY created_at DESC, id LIMIT $3`,
      [filter.status ?? null, filter.model ?? null, limit],
    );
    return rows.map(toIncident);
  }

  async markReported(id: string, at: Date, reference: string): Promise<IncidentRow> {
    const [[row]] = (await this.query(`UPDATE incidents SET status = 'reported', reported_at = $2, report_reference = $3 WHERE id = $1 RETURNING *`, [id, at, reference])) as unknown as Record<string, unknown>[][];
    return toIncident(row);
  }

  async close(id: string, reason: string): Promise<IncidentRow> {
    const [[row]] = (await this.query(`UPDATE incidents SET status = 'closed', closed_at = now(), close_reason = $2 WHERE id = $1 RETURNING *`, [id, reason])) as unknown as Record<string, unknown>[][];
    return toIncident(row);
  }

  /** Open incidents past their deadline that have not been recorded as overdue; locked, skipping ones another instance holds. */
  async claimOverdue(now: Date, limit: number): Promise<IncidentRow[]> {
    const rows = await this.query(
      `SELECT * FROM incidents WHERE status = 'open' AND deadline_at < $1 AND overdue_recorded_at IS NULL ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toIncident);
  }

  async setOverdueRecorded(id: string, at: Date): Promise<void> {
    await this.query(`UPDATE incidents SET overdue_recorded_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Locks a model version's row, so that a freeze and a status change never interleave. */
  async lockVersion(versionId: string): Promise<{ status: string; statusReason: string | null; sha256: string; createdAt: Date } | null> {
    const [row] = await this.query(`SELECT status, status_reason, sha256, created_at FROM model_versions WHERE id = $1 FOR UPDATE`, [versionId]);
    return row ? { status: row.status as string, statusReason: row.status_reason as string | null, sha256: row.sha256 as string, createdAt: row.created_at as Date } : null;
  }

  async insertFreeze(f: Omit<FreezeRow, 'frozenAt' | 'releasedAt' | 'releasedBy' | 'releaseReason' | 'biasAuditTenants'>): Promise<FreezeRow> {
    const [row] = await this.query(
      `INSERT INTO evidence_freezes (id, incident_id, model, version, version_id, seal, seal_hash, audit_chain, audit_seq, reason, frozen_by, frozen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [f.id, f.incidentId, f.model, f.version, f.versionId, JSON.stringify(f.seal), f.sealHash, f.audit.chain, f.audit.seq, f.reason, f.frozenBy, f.seal.sealedAt],
    );
    return toFreeze(row);
  }

  async freezesOf(incidentIds: string[]): Promise<FreezeRow[]> {
    if (!incidentIds.length) return [];
    // Seals name their bias audits by id only; who may read each is the audit's tenant. Row-level
    // security hides other tenants' audits outside platform scope, so those stay unnamed there too.
    const rows = await this.query(
      `SELECT f.*, (SELECT jsonb_object_agg(b.id, b.tenant_id) FROM bias_audits b
                    WHERE b.id::text IN (SELECT a->>'id' FROM jsonb_array_elements(f.seal->'biasAudits') a)) AS bias_audit_tenants
       FROM evidence_freezes f WHERE f.incident_id = ANY($1::uuid[]) ORDER BY f.frozen_at, f.id`,
      [incidentIds],
    );
    return rows.map(toFreeze);
  }

  async release(freezeId: string, by: string, reason: string): Promise<FreezeRow> {
    const [[row]] = (await this.query(
      `UPDATE evidence_freezes SET released_at = clock_timestamp(), released_by = $2, release_reason = $3 WHERE id = $1 AND released_at IS NULL RETURNING *`,
      [freezeId, by, reason],
    )) as unknown as Record<string, unknown>[][];
    return toFreeze(row);
  }
}
