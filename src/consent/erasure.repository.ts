import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface ErasureRow {
  id: string;
  tenantId: string;
  /** The pseudonym, only while the request is pending. */
  subject: string | null;
  status: 'pending' | 'completed';
  receivedAt: Date;
  dueBy: Date;
  requestedBy: string;
  attempts: number;
  removed: Record<string, number> | null;
  receipt: string | null;
  completedAt: Date | null;
}

const toRow = (r: Record<string, unknown>): ErasureRow => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  subject: r.subject as string | null,
  status: r.status as ErasureRow['status'],
  receivedAt: r.received_at as Date,
  dueBy: r.due_by as Date,
  requestedBy: r.requested_by as string,
  attempts: r.attempts as number,
  removed: r.removed as Record<string, number> | null,
  receipt: r.receipt as string | null,
  completedAt: r.completed_at as Date | null,
});

/** Erasure requests: their state is what lets a job that died half-way be run again. */
@Injectable()
export class ErasureRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** A new pending request, or the one already pending for this subject (answered with created: false). */
  async open(tenantId: string, subject: string, receivedAt: Date, dueBy: Date, requestedBy: string): Promise<{ row: ErasureRow; created: boolean }> {
    const [inserted] = await this.db.manager.query(
      `INSERT INTO erasure_requests (tenant_id, subject, received_at, due_by, requested_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, subject) WHERE status = 'pending' DO NOTHING RETURNING *`,
      [tenantId, subject, receivedAt, dueBy, requestedBy],
    );
    if (inserted) return { row: toRow(inserted), created: true };
    const [pending] = await this.db.manager.query(`SELECT * FROM erasure_requests WHERE tenant_id = $1 AND subject = $2 AND status = 'pending'`, [tenantId, subject]);
    return { row: toRow(pending), created: false };
  }

  async find(id: string, lock = false): Promise<ErasureRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM erasure_requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRow(row) : null;
  }

  async list(status: string | undefined, limit: number): Promise<ErasureRow[]> {
    const rows = await this.db.manager.query(
      `SELECT * FROM erasure_requests WHERE ($1::text IS NULL OR status = $1) ORDER BY received_at DESC, id LIMIT $2`,
      [status ?? null, limit],
    );
    return rows.map(toRow);
  }

  async countAttempt(id: string): Promise<void> {
    await this.db.manager.query(`UPDATE erasure_requests SET attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  /** Completes the request and forgets the pseudonym: from now on only the signed receipt names it. */
  async complete(id: string, removed: Record<string, number>, receipt: string, completedAt: Date): Promise<void> {
    await this.db.manager.query(
      `UPDATE erasure_requests SET status = 'completed', subject = NULL, removed = $2, receipt = $3, completed_at = $4 WHERE id = $1`,
      [id, JSON.stringify(removed), receipt, completedAt],
    );
  }

  /** Pending requests received before `before` (every instance may pick them up; the row lock decides). */
  async pending(before: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    const rows = await this.db.manager.query(
      `SELECT id, tenant_id FROM erasure_requests WHERE status = 'pending' AND received_at <= $1 ORDER BY received_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r: { id: string; tenant_id: string }) => ({ id: r.id, tenantId: r.tenant_id }));
  }
}
