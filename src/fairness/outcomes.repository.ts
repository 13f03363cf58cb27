import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface RecordFacts {
  requestId: string;
  tenantId: string;
  model: string;
  version: string;
  decision: 'allow' | 'deny';
  rows: number;
}

@Injectable()
export class OutcomesRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async findRecord(requestId: string): Promise<RecordFacts | null> {
    const [r] = await this.db.manager.query(`SELECT request_id, tenant_id, model, version, decision, rows FROM inference_records WHERE request_id = $1`, [requestId]);
    return r ? { requestId: r.request_id, tenantId: r.tenant_id, model: r.model, version: r.version, decision: r.decision, rows: r.rows } : null;
  }

  /** Inserts the rows not reported yet; returns every reported label of these rows, new and old. */
  async insert(tenantId: string, requestId: string, outcomes: { row: number; label: string }[], reportedBy: string): Promise<{ inserted: number; stored: Map<number, string> }> {
    const inserted: unknown[] = await this.db.manager.query(
      `INSERT INTO outcomes (tenant_id, request_id, row_index, label, reported_by)
       SELECT $1, $2, o.row_index, o.label, $5 FROM unnest($3::int[], $4::text[]) AS o(row_index, label)
       ON CONFLICT (request_id, row_index) DO NOTHING RETURNING row_index`,
      [tenantId, requestId, outcomes.map((o) => o.row), outcomes.map((o) => o.label), reportedBy],
    );
    const rows: { row_index: number; label: string }[] = await this.db.manager.query(
      `SELECT row_index, label FROM outcomes WHERE request_id = $1 AND row_index = ANY($2::int[])`,
      [requestId, outcomes.map((o) => o.row)],
    );
    return { inserted: inserted.length, stored: new Map(rows.map((r) => [r.row_index, r.label])) };
  }
}
