import { Inject, Injectable } from '@nestjs/common';
import type { CheckpointBody } from '../audit/checkpoint.js';
import { Db } from '../database/db.js';
import type { AuditRange, CheckpointFacts, FreezeSummary, LifecycleEvent } from './evidence.js';

const checkpointFacts = (r: { id: string; body: CheckpointBody }): CheckpointFacts => ({ id: r.id, issuedAt: r.body.issuedAt, keyId: r.body.keyId, chains: r.body.chains });

/**
 * Read-only queries for the evidence documents are built from, where no other concern already
 * answers them: the audit log's events about a model version, the ranges a freeze seals, the
 * checkpoints that cover an event, and counts of human reviews. Runs in the caller's scope.
 */
/** The audit actions of a version's registration and status changes (models.service). */
const LIFECYCLE_ACTIONS = ['model.register', 'model.activate', 'model.suspend', 'model.resume', 'model.retire'];

@Injectable()
export class EvidenceRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.manager.query(sql, params) as Promise<T[]>;
  }

  /** Status changes of a version (its registration and lifecycle events on the platform chain, not its licence terms), oldest first. */
  async lifecycle(modelRef: string): Promise<LifecycleEvent[]> {
    const rows = await this.query<{ time: Date; action: string; actor_role: string; chain_id: string; seq: string; details: Record<string, unknown> }>(
      `SELECT time, action, actor_role, chain_id, seq, details FROM audit_events
       WHERE chain_id = 'platform' AND resource_type = 'model' AND resource_id = $1 AND action = ANY($2) ORDER BY seq`,
      [modelRef, LIFECYCLE_ACTIONS],
    );
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return rows.map((r) => ({
      time: r.time.toISOString(),
      action: r.action,
      actorRole: r.actor_role,
      chain: r.chain_id,
      seq: Number(r.seq),
      from: text(r.details.from),
      to: text(r.details.to),
      reason: text(r.details.reason),
    }));
  }

  async activeFreezes(versionId: string): Promise<FreezeSummary[]> {
    const rows = await this.query<{ id: string; incident_id: string; frozen_at: Date; seal_hash: string }>(
      `SELECT id, incident_id, frozen_at, seal_hash FROM evidence_freezes WHERE version_id = $1 AND released_at IS NULL ORDER BY frozen_at, id`,
      [versionId],
    );
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, frozenAt: r.frozen_at.toISOString(), sealHash: r.seal_hash }));
  }

  /**
   * Per chain holding events about `modelRef` since `from`: the seqs from the first such event to the
   * chain's current end. The platform chain is always included, from its first event since `from`.
   */
  async auditRanges(modelRef: string, from: Date): Promise<AuditRange[]> {
    const rows = await this.query<{ chain_id: string; from_seq: string; to_seq: string; events: number }>(
      `WITH about AS (
         SELECT chain_id, min(seq) AS from_seq, count(*)::int AS events FROM audit_events
         WHERE resource_type = 'model' AND resource_id = $1 AND time >= $2 GROUP BY chain_id
       ), platform AS (
         SELECT 'platform'::text AS chain_id, coalesce(min(seq), (SELECT size + 1 FROM audit_chains WHERE chain_id = 'platform')) AS from_seq
         FROM audit_events WHERE chain_id = 'platform' AND time >= $2
       )
       SELECT c.chain_id, CASE WHEN c.chain_id = 'platform' THEN least(p.from_seq, a.from_seq) ELSE a.from_seq END AS from_seq, c.size AS to_seq, coalesce(a.events, 0) AS events
       FROM audit_chains c LEFT JOIN about a ON a.chain_id = c.chain_id LEFT JOIN platform p ON p.chain_id = c.chain_id
       WHERE a.chain_id IS NOT NULL OR c.chain_id = 'platform' ORDER BY c.chain_id`,
      [modelRef, from],
    );
    return rows.map((r) => ({ chain: r.chain_id, fromSeq: Number(r.from_seq), toSeq: Number(r.to_seq), events: r.events }));
  }

  /** Review outcomes per model version, for the tenant in scope (or everyone on the platform). */
  async reviewCounts(tenantId: string | null): Promise<{ model: string; version: string; open: number; confirmed: number; overridden: number }[]> {
    return this.query(
      `SELECT model, version, (count(*) FILTER (WHERE status = 'open'))::int AS open, (count(*) FILTER (WHERE status = 'confirmed'))::int AS confirmed,
              (count(*) FILTER (WHERE status = 'overridden'))::int AS overridden
       FROM reviews WHERE ($1::uuid IS NULL OR tenant_id = $1) GROUP BY model, version ORDER BY model, version`,
      [tenantId],
    );
  }

  /** The versions of `model` a tenant has called, most recent call first. */
  async versionsUsed(tenantId: string, model: string): Promise<string[]> {
    const rows = await this.query<{ version: string }>(
      `SELECT version FROM inference_records WHERE tenant_id = $1 AND model = $2 GROUP BY version ORDER BY max(created_at) DESC`,
      [tenantId, model],
    );
    return rows.map((r) => r.version);
  }

  async event(chain: string, seq: number): Promise<{ time: string; action: string; details: Record<string, unknown>; hash: string } | null> {
    const [row] = await this.query<{ time: Date; action: string; details: Record<string, unknown>; hash: string }>(
      `SELECT time, action, details, encode(hash, 'hex') AS hash FROM audit_events WHERE chain_id = $1 AND seq = $2`,
      [chain, seq],
    );
    return row ? { time: row.time.toISOString(), action: row.action, details: row.details, hash: row.hash } : null;
  }

  /** A chain's number of events, or null when it does not exist (or is not visible in this scope). */
  async chainSize(chain: string): Promise<number | null> {
    const [row] = await this.query<{ size: string }>(`SELECT size FROM audit_chains WHERE chain_id = $1`, [chain]);
    return row ? Number(row.size) : null;
  }

  async latestCheckpoint(): Promise<CheckpointFacts | null> {
    const [row] = await this.query<{ id: string; body: CheckpointBody }>(`SELECT id, body FROM audit_checkpoints ORDER BY issued_at DESC, id LIMIT 1`);
    return row ? checkpointFacts(row) : null;
  }

  /** The first signed checkpoint whose tree of `chain` includes event `seq`, recorded at `time`. */
  async coveringCheckpoint(chain: string, seq: number, time: Date): Promise<CheckpointFacts | null> {
    const [row] = await this.query<{ id: string; body: CheckpointBody }>(
      `SELECT id, body FROM audit_checkpoints
       WHERE issued_at >= $3 AND EXISTS (SELECT 1 FROM jsonb_array_elements(body->'chains') c WHERE c->>'chainId' = $1 AND (c->>'treeSize')::bigint >= $2)
       ORDER BY issued_at, id LIMIT 1`,
      [chain, seq, time],
    );
    return row ? checkpointFacts(row) : null;
  }
}
