import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { LawfulBasis } from './lawful-basis.js';
import type { ProtectedAttributes } from './protected-attributes.js';

export interface ProtectedAttributesRow {
  attributes: ProtectedAttributes;
  basis: LawfulBasis;
  source: 'api' | 'inference';
  recordedAt: Date;
  expiresAt: Date;
}

/** A table whose rows belong to an inference record and go with it (a foreign key with ON DELETE CASCADE). */
export interface Dependent {
  table: string;
  column: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Upsert clause shared by the API and the consent stage. Onto a row that has not expired, later
 * values win and attributes not sent are kept; attributes so carried over keep the earlier expiry
 * (the row's expiry becomes the earlier of the two), since a new write is no basis to keep what an
 * earlier one gave for less long. A write that names every attribute kept sets the expiry afresh.
 * Onto an expired row the write replaces it: what expired is gone even before retention deletes it.
 * (`old || new = new` exactly when every old name is among the new ones.)
 */
export const PROTECTED_ATTRIBUTES_UPSERT =
  '(tenant_id, subject) DO UPDATE SET ' +
  'attributes = CASE WHEN protected_attributes.expires_at > EXCLUDED.recorded_at ' +
  'THEN protected_attributes.attributes || EXCLUDED.attributes ELSE EXCLUDED.attributes END, ' +
  'expires_at = CASE WHEN protected_attributes.expires_at > EXCLUDED.recorded_at AND protected_attributes.attributes || EXCLUDED.attributes <> EXCLUDED.attributes ' +
  'THEN LEAST(protected_attributes.expires_at, EXCLUDED.expires_at) ELSE EXCLUDED.expires_at END, ' +
  'basis = EXCLUDED.basis, source = EXCLUDED.source, recorded_at = EXCLUDED.recorded_at';

/**
 * Everything stored about one subject (by tenant and pseudonym) outside the consent log: inference
 * records and what hangs off them, review items, protected attributes. Reads for the access
 * export, deletes for erasure and retention.
 */
@Injectable()
export class SubjectDataRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Stores the attributes as the upsert clause merges them; answers the names now kept and when they expire. */
  async upsertProtectedAttributes(tenantId: string, subject: string, row: ProtectedAttributesRow): Promise<{ names: string[]; expiresAt: Date }> {
    const [kept] = await this.db.manager.query(
      `INSERT INTO protected_attributes (tenant_id, subject, attributes, basis, source, recorded_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ${PROTECTED_ATTRIBUTES_UPSERT}
       RETURNING ARRAY(SELECT jsonb_object_keys(attributes)) AS names, expires_at`,
      [tenantId, subject, JSON.stringify(row.attributes), row.basis, row.source, row.recordedAt, row.expiresAt],
    );
    return { names: (kept.names as string[]).sort(), expiresAt: kept.expires_at as Date };
  }

  /** Protected attributes kept on consent are kept no longer than `until`, when the consent now ends. */
  async limitConsentedAttributes(tenantId: string, subject: string, until: Date): Promise<void> {
    await this.db.manager.query(
      `UPDATE protected_attributes SET expires_at = $3
       WHERE tenant_id = $1 AND subject = $2 AND basis = 'consent' AND expires_at > $3`,
      [tenantId, subject, until],
    );
  }

  /** The subject's attributes unless they have expired (retention deletes expired rows only from time to time). */
  async protectedAttributes(tenantId: string, subject: string): Promise<ProtectedAttributesRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM protected_attributes WHERE tenant_id = $1 AND subject = $2 AND expires_at > now()`, [tenantId, subject]);
    return row ? { attributes: row.attributes, basis: row.basis, source: row.source, recordedAt: row.recorded_at, expiresAt: row.expires_at } : null;
  }

  /**
   * Deletes the tenant's protected attributes kept on any basis but `basis`, except those kept on
   * consent while the subject's consent to `purpose` is active (as consentState reads it: the
   * latest event is a grant that has not expired). Answers how many subjects' attributes went.
   */
  async deleteProtectedAttributesOffBasis(tenantId: string, basis: LawfulBasis, purpose: string): Promise<number> {
    const [, count] = await this.db.manager.query(
      `DELETE FROM protected_attributes pa
       WHERE pa.tenant_id = $1 AND pa.basis <> $2
         AND NOT (pa.basis = 'consent' AND EXISTS (
           SELECT 1 FROM data_subjects ds
           CROSS JOIN LATERAL (
             SELECT ce.type, ce.expires_at FROM consent_events ce
             WHERE ce.subject_key = ds.id AND ce.purpose = $3 ORDER BY ce.at DESC, ce.seq DESC LIMIT 1
           ) latest
           WHERE ds.tenant_id = pa.tenant_id AND ds.pseudonym = pa.subject
             AND latest.type = 'grant' AND (latest.expires_at IS NULL OR latest.expires_at > now())))`,
      [tenantId, basis, purpose],
    );
    return count as number;
  }

  async deleteProtectedAttributes(tenantId: string, subject: string): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM protected_attributes WHERE tenant_id = $1 AND subject = $2`, [tenantId, subject]);
    return count as number;
  }

  async inferenceRecords(tenantId: string, subject: string): Promise<Record<string, unknown>[]> {
    return this.db.manager.query(
      `SELECT request_id, created_at, model, version, purpose, decision, stage, reason, policy_version, rows, context, outputs, withheld, audit_chain, audit_seq
       FROM inference_records WHERE tenant_id = $1 AND subject = $2 ORDER BY created_at, request_id`,
      [tenantId, subject],
    );
  }

  async requestIds(tenantId: string, subject: string): Promise<string[]> {
    const rows = await this.db.manager.query(`SELECT request_id FROM inference_records WHERE tenant_id = $1 AND subject = $2`, [tenantId, subject]);
    return rows.map((r: { request_id: string }) => r.request_id);
  }

  async reviews(requestIds: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.db.manager.query(
      `SELECT id, request_id, model, version, rules, outputs, withheld, status, decision, reason, created_at, decided_at FROM reviews WHERE request_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [requestIds],
    );
  }

  /** Tables that reference inference records (outcome labels, …), found in the catalog so none is missed. */
  async dependents(): Promise<Dependent[]> {
    const rows: { table: string; column: string }[] = await this.db.manager.query(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'inference_records'::regclass AND cardinality(c.conkey) = 1
       ORDER BY 1`,
    );
    return rows.filter((r) => IDENTIFIER.test(r.table) && IDENTIFIER.test(r.column));
  }

  async dependentRows(dependent: Dependent, requestIds: readonly string[]): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = await this.db.manager.query(`SELECT * FROM ${dependent.table} WHERE ${dependent.column} = ANY($1::uuid[])`, [requestIds]);
    return rows.map(({ tenant_id: _tenant, ...rest }) => rest);
  }

  async countDependent(dependent: Dependent, requestIds: readonly string[]): Promise<number> {
    const [row] = await this.db.manager.query(`SELECT count(*)::int AS n FROM ${dependent.table} WHERE ${dependent.column} = ANY($1::uuid[])`, [requestIds]);
    return row.n as number;
  }

  async deleteReviews(requestIds: readonly string[]): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM reviews WHERE request_id = ANY($1::uuid[])`, [requestIds]);
    return count as number;
  }

  /** Deletes the records; rows of dependent tables go with them through their foreign keys. */
  async deleteInferenceRecords(requestIds: readonly string[]): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM inference_records WHERE request_id = ANY($1::uuid[])`, [requestIds]);
    return count as number;
  }

  async deleteReceipts(subjectKeys: readonly string[]): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM consent_receipts WHERE subject_key = ANY($1::uuid[])`, [subjectKeys]);
    return count as number;
  }

  async subjectKeys(tenantId: string, subject: string): Promise<string[]> {
    const rows = await this.db.manager.query(`SELECT id FROM data_subjects WHERE tenant_id = $1 AND pseudonym = $2`, [tenantId, subject]);
    return rows.map((r: { id: string }) => r.id);
  }

  /** Removes the pseudonym mapping: the consent events stay, but nothing links them to the subject any more. */
  async deleteSubjectMapping(tenantId: string, subject: string): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM data_subjects WHERE tenant_id = $1 AND pseudonym = $2`, [tenantId, subject]);
    return count as number;
  }

  /** Events on the tenant's chain that name the pseudonym, by reference (a scan of that chain: exports are rare). */
  async auditReferences(tenantId: string, subject: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = await this.db.manager.query(
      `SELECT chain_id, seq, time, action, decision, reason FROM audit_events
       WHERE chain_id = $1 AND (details->>'subject' = $2 OR resource_id = $2) ORDER BY seq`,
      [`tenant:${tenantId}`, subject],
    );
    return rows.map((r) => ({ chain: r.chain_id, seq: Number(r.seq), time: r.time, action: r.action, decision: r.decision, reason: r.reason }));
  }

  // ------------------------------------------------------------------ retention

  /**
   * Records of `purpose` stored at or before `cutoff` (null purpose: records whose purpose is not
   * registered). Records with an open review are kept until someone decides it.
   */
  async expiredRecords(purpose: string | null, cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.db.manager.query(
      `SELECT r.request_id FROM inference_records r
       WHERE r.created_at <= $2
         AND (CASE WHEN $1::text IS NULL THEN NOT EXISTS (SELECT 1 FROM purposes p WHERE p.id = r.purpose) ELSE r.purpose = $1 END)
         AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.request_id = r.request_id AND v.status = 'open')
       ORDER BY r.created_at LIMIT $3`,
      [purpose, cutoff, limit],
    );
    return rows.map((r: { request_id: string }) => r.request_id);
  }

  async deleteExpiredProtectedAttributes(now: Date): Promise<number> {
    const [, count] = await this.db.manager.query(`DELETE FROM protected_attributes WHERE expires_at <= $1`, [now]);
    return count as number;
  }
}
