import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Activation, ActivationKind } from './activation-history.js';
import type { PolicyContext } from './policy-context.js';
import type { PolicyDocument } from './policy-document.js';

export type PolicyStatus = 'draft' | 'active' | 'superseded';

/** The largest version the `policies.version` column holds. */
const MAX_VERSION = 2_147_483_647;

export interface StoredPolicy {
  id: string;
  version: number;
  name: string;
  source: string;
  document: PolicyDocument;
  contentHash: string;
  status: PolicyStatus;
  basedOn: number | null;
  author: string;
  reason: string;
  createdAt: Date;
  /** The version's first activation; every one since is in the activation log. */
  activatedAt: Date | null;
  activatedBy: string | null;
  activationReason: string | null;
}

interface Row {
  id: string;
  version: number;
  name: string;
  source: string;
  document: PolicyDocument;
  content_hash: string;
  status: PolicyStatus;
  based_on: number | null;
  author: string;
  reason: string;
  created_at: Date;
  activated_at: Date | null;
  activated_by: string | null;
  activation_reason: string | null;
}

/** A governed call as recorded, for dry-runs. */
export interface RecordedCall {
  requestId: string;
  contexts: PolicyContext[];
  decision: 'allow' | 'deny';
  /** The stage that refused the call, or `complete`. */
  stage: string;
  /** Whether its audit event holds a caller's reason; null when the event is not found. */
  callerReason: boolean | null;
}

interface ActivationRow {
  seq: string;
  version: number;
  activated_at: Date;
  activated_by: string;
  reason: string;
  kind: ActivationKind;
  rolled_back_from: number | null;
}

const toPolicy = (r: Row): StoredPolicy => ({
  id: r.id,
  version: r.version,
  name: r.name,
  source: r.source,
  document: r.document,
  contentHash: r.content_hash,
  status: r.status,
  basedOn: r.based_on,
  author: r.author,
  reason: r.reason,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
  activatedBy: r.activated_by,
  activationReason: r.activation_reason,
});

@Injectable()
export class PoliciesRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private async rows(sql: string, params: unknown[] = []): Promise<StoredPolicy[]> {
    return ((await this.db.manager.query(sql, params)) as Row[]).map(toPolicy);
  }

  list(): Promise<StoredPolicy[]> {
    return this.rows(`SELECT * FROM policies ORDER BY version DESC`);
  }

  /** The policy of `version`; null when there is none, as for a number no version can have (the column is an integer). */
  async find(version: number): Promise<StoredPolicy | null> {
    if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) return null;
    return (await this.rows(`SELECT * FROM policies WHERE version = $1`, [version]))[0] ?? null;
  }

  async active(): Promise<StoredPolicy | null> {
    return (await this.rows(`SELECT * FROM policies WHERE status = 'active'`))[0] ?? null;
  }

  async activeVersion(): Promise<number | null> {
    const [row] = await this.db.manager.query(`SELECT version FROM policies WHERE status = 'active'`);
    return row?.version ?? null;
  }

  /** Serialises writers (drafts get the next version number; one activation at a time). */
  async lock(): Promise<void> {
    await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtext('warden.policies'))`);
  }

  async insert(p: Pick<StoredPolicy, 'name' | 'source' | 'document' | 'contentHash' | 'status' | 'basedOn' | 'author' | 'reason'>): Promise<StoredPolicy> {
    const [row] = await this.db.manager.query(
      `INSERT INTO policies (version, name, source, document, content_hash, status, based_on, author, reason)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8 FROM policies RETURNING version`,
      [p.name, p.source, JSON.stringify(p.document), p.contentHash, p.status, p.basedOn, p.author, p.reason],
    );
    return (await this.find(row.version))!;
  }

  /**
   * Puts `version` in force and appends the activation to the log. The row keeps its first
   * activation: the log, not the row, says when it was in force since.
   */
  async activate(version: number, by: string, reason: string, kind: ActivationKind = 'activate', rolledBackFrom: number | null = null): Promise<void> {
    await this.db.manager.query(`UPDATE policies SET status = 'superseded' WHERE status = 'active'`);
    await this.db.manager.query(
      `UPDATE policies SET status = 'active', activated_at = coalesce(activated_at, clock_timestamp()),
         activated_by = coalesce(activated_by, $2), activation_reason = coalesce(activation_reason, $3)
       WHERE version = $1`,
      [version, by, reason],
    );
    await this.db.manager.query(
      `INSERT INTO policy_activations (version, activated_by, reason, kind, rolled_back_from) VALUES ($1, $2, $3, $4, $5)`,
      [version, by, reason, kind, rolledBackFrom],
    );
  }

  /** Every activation, oldest first. */
  async activations(): Promise<Activation[]> {
    const rows: ActivationRow[] = await this.db.manager.query(`SELECT * FROM policy_activations ORDER BY seq`);
    return rows.map((r) => ({
      seq: Number(r.seq),
      version: r.version,
      activatedAt: r.activated_at,
      activatedBy: r.activated_by,
      reason: r.reason,
      kind: r.kind,
      rolledBackFrom: r.rolled_back_from,
    }));
  }

  /** The last `last` recorded calls, or those recorded in [from, to) (at most 100,000), newest first. */
  async recordedCalls(window: { last?: number; from?: Date; to?: Date }): Promise<RecordedCall[]> {
    const ranged = window.from !== undefined || window.to !== undefined;
    const rows: { request_id: string; context: PolicyContext[]; decision: 'allow' | 'deny'; stage: string; caller_reason: boolean | null }[] = await this.db.manager.query(
      `SELECT r.request_id, r.context, r.decision, r.stage, e.details ? 'callerReason' AS caller_reason
         FROM inference_records r LEFT JOIN audit_events e ON e.chain_id = r.audit_chain AND e.seq = r.audit_seq
        ${ranged ? `WHERE ($1::timestamptz IS NULL OR r.created_at >= $1) AND ($2::timestamptz IS NULL OR r.created_at < $2)` : ''}
        ORDER BY r.created_at DESC LIMIT ${ranged ? '100000' : '$1'}`,
      ranged ? [window.from ?? null, window.to ?? null] : [window.last ?? 1000],
    );
    return rows.map((r) => ({ requestId: r.request_id, contexts: r.context, decision: r.decision, stage: r.stage, callerReason: r.caller_reason }));
  }

  async count(): Promise<number> {
    const [row] = await this.db.manager.query(`SELECT count(*)::int AS n FROM policies`);
    return row.n;
  }
}
