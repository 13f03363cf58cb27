import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface ReviewRow {
  id: string;
  tenantId: string;
  requestId: string;
  model: string;
  version: string;
  rules: string[];
  outputs: unknown[];
  /** The call's rows the review holds, in the order of `outputs`. */
  rows: number[];
  /** The output fields the call's answer left out; null for reviews stored before it was kept. */
  withheld: string[] | null;
  status: 'open' | 'confirmed' | 'overridden';
  decision: { labels: string[] } | null;
  reason: string | null;
  reviewer: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const toReview = (r: Record<string, unknown>): ReviewRow => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  requestId: r.request_id as string,
  model: r.model as string,
  version: r.version as string,
  rules: r.rules as string[],
  outputs: r.outputs as unknown[],
  rows: (r.rows as number[] | null) ?? (r.outputs as unknown[]).map((_, i) => i),
  withheld: r.withheld as string[] | null,
  status: r.status as ReviewRow['status'],
  decision: r.decision as ReviewRow['decision'],
  reason: r.reason as string | null,
  reviewer: r.reviewer as string | null,
  createdAt: r.created_at as Date,
  decidedAt: r.decided_at as Date | null,
});

@Injectable()
export class ReviewsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(status: string | undefined, limit: number): Promise<ReviewRow[]> {
    const rows = await this.db.manager.query(
      `SELECT * FROM reviews WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id LIMIT $2`,
      [status ?? null, limit],
    );
    return rows.map(toReview);
  }

  async lock(id: string): Promise<ReviewRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM reviews WHERE id = $1 FOR UPDATE`, [id]);
    return row ? toReview(row) : null;
  }

  async decide(id: string, status: 'confirmed' | 'overridden', decision: ReviewRow['decision'], reason: string, reviewer: string): Promise<ReviewRow> {
    const [[row]] = await this.db.manager.query(
      `UPDATE reviews SET status = $2, decision = $3, reason = $4, reviewer = $5, decided_at = now() WHERE id = $1 RETURNING *`,
      [id, status, decision ? JSON.stringify(decision) : null, reason, reviewer],
    );
    return toReview(row);
  }
}
