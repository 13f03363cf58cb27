import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface ReviewRequirementRow {
  id: string;
  model: string;
  auditId: string;
  createdAt: Date;
  clearedAt: Date | null;
  clearedBy: string | null;
  clearReason: string | null;
}

const toRow = (r: Record<string, unknown>): ReviewRequirementRow => ({
  id: r.id as string,
  model: r.model as string,
  auditId: r.audit_id as string,
  createdAt: r.created_at as Date,
  clearedAt: r.cleared_at as Date | null,
  clearedBy: r.cleared_by as string | null,
  clearReason: r.clear_reason as string | null,
});

@Injectable()
export class ReviewRequirementsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Opens a requirement unless the model already has an open one; returns the open one either way. */
  async open(model: string, auditId: string): Promise<{ row: ReviewRequirementRow; created: boolean }> {
    const [created] = await this.db.manager.query(
      `INSERT INTO fairness_review_requirements (model, audit_id) VALUES ($1, $2)
       ON CONFLICT (model) WHERE cleared_at IS NULL DO NOTHING RETURNING *`,
      [model, auditId],
    );
    if (created) return { row: toRow(created), created: true };
    const [open] = await this.db.manager.query(`SELECT * FROM fairness_review_requirements WHERE model = $1 AND cleared_at IS NULL`, [model]);
    // Cleared between the two statements: open a new one.
    return open ? { row: toRow(open), created: false } : this.open(model, auditId);
  }

  async clear(model: string, by: string, reason: string): Promise<ReviewRequirementRow | null> {
    const [[row]] = await this.db.manager.query(
      `UPDATE fairness_review_requirements SET cleared_at = now(), cleared_by = $2, clear_reason = $3
       WHERE model = $1 AND cleared_at IS NULL RETURNING *`,
      [model, by, reason],
    );
    return row ? toRow(row) : null;
  }

  async openOnes(): Promise<ReviewRequirementRow[]> {
    return (await this.db.manager.query(`SELECT * FROM fairness_review_requirements WHERE cleared_at IS NULL`)).map(toRow);
  }

  async list(includeCleared: boolean, limit: number): Promise<ReviewRequirementRow[]> {
    const rows = await this.db.manager.query(
      `SELECT * FROM fairness_review_requirements WHERE $1 OR cleared_at IS NULL ORDER BY created_at DESC, id LIMIT $2`,
      [includeCleared, limit],
    );
    return rows.map(toRow);
  }
}
