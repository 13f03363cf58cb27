import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Usage } from './record-of-processing.js';

/** Aggregates over one tenant's stored processing, for its record of processing (counts only). */
@Injectable()
export class ProcessingRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async usage(tenantId: string): Promise<Usage[]> {
    const rows = await this.db.manager.query(
      `SELECT purpose, model, version, count(*)::int AS calls, (count(*) FILTER (WHERE decision = 'allow'))::int AS allowed,
              count(DISTINCT subject)::int AS subjects, min(created_at) AS first, max(created_at) AS last
       FROM inference_records WHERE tenant_id = $1 GROUP BY purpose, model, version ORDER BY purpose, model, version`,
      [tenantId],
    );
    return rows.map((r: Record<string, unknown>) => ({ ...r, first: r.first as Date, last: r.last as Date }) as Usage);
  }

  async subjects(tenantId: string): Promise<number> {
    const [row] = await this.db.manager.query(`SELECT count(DISTINCT subject)::int AS n FROM inference_records WHERE tenant_id = $1`, [tenantId]);
    return row.n as number;
  }

  async consentSubjects(tenantId: string): Promise<Record<string, number>> {
    const rows = await this.db.manager.query(
      `SELECT purpose, count(DISTINCT subject_key)::int AS n FROM consent_events WHERE tenant_id = $1 GROUP BY purpose`,
      [tenantId],
    );
    return Object.fromEntries(rows.map((r: { purpose: string; n: number }) => [r.purpose, r.n]));
  }

  /** How many subjects have protected attributes that have not expired, and which names occur: never the values. */
  async protectedAttributeNames(tenantId: string): Promise<{ subjects: number; names: string[] }> {
    const [row] = await this.db.manager.query(
      `SELECT (SELECT count(*)::int FROM protected_attributes WHERE tenant_id = $1 AND expires_at > now()) AS subjects,
              (SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}') FROM protected_attributes, jsonb_object_keys(attributes) k
               WHERE tenant_id = $1 AND expires_at > now()) AS names`,
      [tenantId],
    );
    return { subjects: row.subjects as number, names: row.names as string[] };
  }
}
