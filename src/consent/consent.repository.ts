import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { ConsentEvent } from './consent-rules.js';
import type { LawfulBasis } from './lawful-basis.js';
import type { CollectionMethod, ConsentType } from './receipt.js';

export interface NewConsentEvent {
  id: string;
  tenantId: string;
  subjectKey: string;
  purpose: string;
  type: 'grant' | 'withdraw';
  at: Date;
  expiresAt: Date | null;
  noticeVersion: string | null;
  consentType: ConsentType | null;
  collectionMethod: CollectionMethod | null;
  jurisdiction: string | null;
  language: string | null;
  recordedBy: string;
}

export interface StoredConsentEvent extends ConsentEvent {
  seq: number;
  noticeVersion: string | null;
  collectionMethod: string | null;
  jurisdiction: string | null;
  recordedAt: Date;
}

export interface StoredReceipt {
  receiptId: string;
  recordId: string;
  purpose: string;
  issuedAt: Date;
  jws: string;
}

/** What the consent stage needs about one purpose: its basis and the subject's latest event for it. */
export interface PurposeConsentFacts {
  purpose: { id: string; lawfulBasis: LawfulBasis; retentionDays: number };
  latest: ConsentEvent | null;
}

export interface ConsentFacts {
  purposes: PurposeConsentFacts[];
  declaredFairnessBasis: LawfulBasis | null;
}

const toEvent = (r: Record<string, unknown>, subject: string): StoredConsentEvent => ({
  type: r.type as 'grant' | 'withdraw',
  subject,
  purpose: r.purpose as string,
  at: r.at as Date,
  expiresAt: (r.expires_at as Date | null) ?? null,
  recordId: r.id as string,
  seq: Number(r.seq),
  noticeVersion: r.notice_version as string | null,
  collectionMethod: r.collection_method as string | null,
  jurisdiction: r.jurisdiction as string | null,
  recordedAt: r.recorded_at as Date,
});

/**
 * The subject mapping (pseudonym → random subject key), the append-only consent log and the
 * receipts issued from it. Events name the subject key, never the pseudonym.
 */
@Injectable()
export class ConsentRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** The subject's key, created on first use when `create` is set. */
  async subjectKey(tenantId: string, pseudonym: string, create: boolean): Promise<string | null> {
    if (create) {
      await this.db.manager.query(`INSERT INTO data_subjects (tenant_id, pseudonym) VALUES ($1, $2) ON CONFLICT (tenant_id, pseudonym) DO NOTHING`, [tenantId, pseudonym]);
    }
    const [row] = await this.db.manager.query(`SELECT id FROM data_subjects WHERE tenant_id = $1 AND pseudonym = $2`, [tenantId, pseudonym]);
    return row ? (row.id as string) : null;
  }

  async insertEvent(e: NewConsentEvent): Promise<number> {
    const [row] = await this.db.manager.query(
      `INSERT INTO consent_events (id, tenant_id, subject_key, purpose, type, at, expires_at, notice_version, consent_type, collection_method, jurisdiction, language, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING seq`,
      [e.id, e.tenantId, e.subjectKey, e.purpose, e.type, e.at, e.expiresAt, e.noticeVersion, e.consentType, e.collectionMethod, e.jurisdiction, e.language, e.recordedBy],
    );
    return Number(row.seq);
  }

  /** Every event of one subject, in append order; `subject` is filled in with the pseudonym given. */
  async events(subjectKey: string, pseudonym: string): Promise<StoredConsentEvent[]> {
    const rows = await this.db.manager.query(`SELECT * FROM consent_events WHERE subject_key = $1 ORDER BY seq`, [subjectKey]);
    return rows.map((r: Record<string, unknown>) => toEvent(r, pseudonym));
  }

  async insertReceipt(tenantId: string, subjectKey: string, receipt: StoredReceipt): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO consent_receipts (id, tenant_id, record_id, subject_key, purpose, jws, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [receipt.receiptId, tenantId, receipt.recordId, subjectKey, receipt.purpose, receipt.jws, receipt.issuedAt],
    );
  }

  async receipts(subjectKey: string): Promise<StoredReceipt[]> {
    const rows = await this.db.manager.query(`SELECT * FROM consent_receipts WHERE subject_key = $1 ORDER BY issued_at, id`, [subjectKey]);
    return rows.map((r: Record<string, unknown>) => ({ receiptId: r.id, recordId: r.record_id, purpose: r.purpose, issuedAt: r.issued_at, jws: r.jws }) as StoredReceipt);
  }

  /**
   * Each named purpose (absent when not registered) with the subject's latest consent event for
   * it, and the tenant's declared basis for fairness monitoring.
   */
  async facts(tenantId: string, pseudonym: string, purposes: readonly string[]): Promise<ConsentFacts> {
    const [facts] = await this.factsOfMany(tenantId, [{ pseudonym, purposes }]);
    return facts!;
  }

  /**
   * `facts` for many calls of one tenant in one indexed query, in the tenant's scope and one round
   * trip: the governed calls that arrive together share it, and each is still read after its call
   * arrived.
   */
  async factsOfMany(tenantId: string, calls: readonly { pseudonym: string; purposes: readonly string[] }[]): Promise<ConsentFacts[]> {
    const flat = calls.flatMap((c, i) => c.purposes.map((purpose) => ({ i, pseudonym: c.pseudonym, purpose })));
    const rows = await this.db.read(
      tenantId,
      `SELECT q.i, p.id, p.lawful_basis, p.retention_days, e.id AS record_id, e.type, e.at, e.expires_at,
              (SELECT lawful_basis FROM fairness_monitoring_bases WHERE tenant_id = $1) AS declared
       FROM (SELECT 1) one
       LEFT JOIN (
         unnest($2::int[], $3::text[], $4::text[]) AS q (i, pseudonym, purpose)
         JOIN purposes p ON p.id = q.purpose
       ) ON true
       LEFT JOIN LATERAL (
         SELECT ce.id, ce.type, ce.at, ce.expires_at FROM consent_events ce
         WHERE ce.subject_key = (SELECT id FROM data_subjects WHERE tenant_id = $1 AND pseudonym = q.pseudonym)
           AND ce.purpose = p.id
         ORDER BY ce.at DESC, ce.seq DESC LIMIT 1
       ) e ON true`,
      [tenantId, flat.map((f) => f.i), flat.map((f) => f.pseudonym), flat.map((f) => f.purpose)],
    );
    const declaredFairnessBasis = (rows[0]?.declared as LawfulBasis | null) ?? null;
    const result: ConsentFacts[] = calls.map(() => ({ declaredFairnessBasis, purposes: [] }));
    for (const r of rows) {
      if (r.id === null) continue;
      const pseudonym = calls[r.i as number]!.pseudonym;
      result[r.i as number]!.purposes.push({
        purpose: { id: r.id as string, lawfulBasis: r.lawful_basis as LawfulBasis, retentionDays: r.retention_days as number },
        latest: r.record_id
          ? { type: r.type as 'grant' | 'withdraw', subject: pseudonym, purpose: r.id as string, at: r.at as Date, expiresAt: (r.expires_at as Date | null) ?? null, recordId: r.record_id as string }
          : null,
      });
    }
    return result;
  }

  async declaredFairnessBasis(tenantId: string): Promise<{ lawfulBasis: LawfulBasis; justification: string; declaredBy: string; declaredAt: Date } | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM fairness_monitoring_bases WHERE tenant_id = $1`, [tenantId]);
    return row ? { lawfulBasis: row.lawful_basis, justification: row.justification, declaredBy: row.declared_by, declaredAt: row.declared_at } : null;
  }

  async declareFairnessBasis(tenantId: string, lawfulBasis: LawfulBasis | null, justification: string, declaredBy: string): Promise<void> {
    if (lawfulBasis === null) {
      await this.db.manager.query(`DELETE FROM fairness_monitoring_bases WHERE tenant_id = $1`, [tenantId]);
      return;
    }
    await this.db.manager.query(
      `INSERT INTO fairness_monitoring_bases (tenant_id, lawful_basis, justification, declared_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET lawful_basis = EXCLUDED.lawful_basis, justification = EXCLUDED.justification,
         declared_by = EXCLUDED.declared_by, declared_at = now()`,
      [tenantId, lawfulBasis, justification, declaredBy],
    );
  }
}
