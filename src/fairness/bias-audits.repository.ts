import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { AuditReport } from './audit-report.js';
import type { DatasetMapping } from './csv.js';
import type { Cell } from './metrics/cells.js';
import type { Verdict } from './metrics/verdicts.js';
import type { AuditStatus } from './stored-audit.js';

export type Consequence = 'notify' | 'require_review' | 'suspend';

/** What the data of an audit was: enough to find it again and to describe it in an LL144 summary. */
export interface AuditData {
  /** Predictions (live) or CSV rows (dataset) the cells sum to. */
  rows: number;
  scoreMedian: number | null;
  description: string;
  kind: 'historical' | 'test';
  period: { from: string; to: string };
  /** Live audits: predictions that came with consented protected attributes. */
  withAttributes?: number;
  tenants?: number;
  /** Dataset audits: which columns held what. */
  columns?: DatasetMapping['columns'];
}

export interface BiasAuditRow {
  id: string;
  tenantId: string | null;
  scope: 'tenant' | 'platform';
  source: 'dataset' | 'live';
  trigger: 'request' | 'schedule';
  model: string | null;
  version: string | null;
  windowFrom: Date | null;
  windowTo: Date | null;
  attributes: string[];
  favorable: unknown;
  config: Record<string, unknown>;
  thresholds: Record<string, number | null>;
  dataHash: string;
  data: AuditData;
  cells: Cell[];
  metrics: AuditReport;
  breaches: Verdict[];
  breachCount: number;
  status: AuditStatus;
  consequence: Consequence | null;
  consequenceResult: Record<string, unknown> | null;
  jobId: string | null;
  requestedBy: string;
  createdAt: Date;
}

export type BiasAuditSummary = Omit<BiasAuditRow, 'cells' | 'metrics' | 'breaches' | 'config'>;

const SUMMARY_COLUMNS = `id, tenant_id, scope, source, trigger, model, version, window_from, window_to, attributes, favorable, thresholds,
  data_hash, data, breach_count, status, consequence, consequence_result, job_id, requested_by, created_at`;

const toSummary = (r: Record<string, unknown>): BiasAuditSummary => ({
  id: r.id as string,
  tenantId: r.tenant_id as string | null,
  scope: r.scope as BiasAuditRow['scope'],
  source: r.source as BiasAuditRow['source'],
  trigger: r.trigger as BiasAuditRow['trigger'],
  model: r.model as string | null,
  version: r.version as string | null,
  windowFrom: r.window_from as Date | null,
  windowTo: r.window_to as Date | null,
  attributes: r.attributes as string[],
  favorable: r.favorable,
  thresholds: r.thresholds as BiasAuditRow['thresholds'],
  dataHash: r.data_hash as string,
  data: r.data as AuditData,
  breachCount: r.breach_count as number,
  status: r.status as AuditStatus,
  consequence: r.consequence as Consequence | null,
  consequenceResult: r.consequence_result as Record<string, unknown> | null,
  jobId: r.job_id as string | null,
  requestedBy: r.requested_by as string,
  createdAt: r.created_at as Date,
});

const toRow = (r: Record<string, unknown>): BiasAuditRow => ({
  ...toSummary(r),
  config: r.config as Record<string, unknown>,
  cells: r.cells as Cell[],
  metrics: r.metrics as AuditReport,
  breaches: r.breaches as Verdict[],
});

@Injectable()
export class BiasAuditsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async insert(a: Omit<BiasAuditRow, 'createdAt' | 'consequenceResult'>): Promise<BiasAuditRow> {
    const [row] = await this.db.manager.query(
      `INSERT INTO bias_audits (id, tenant_id, scope, source, trigger, model, version, window_from, window_to, attributes, favorable, config, thresholds,
         data_hash, data, cells, metrics, breaches, breach_count, status, consequence, job_id, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING *`,
      [
        a.id,
        a.tenantId,
        a.scope,
        a.source,
        a.trigger,
        a.model,
        a.version,
        a.windowFrom,
        a.windowTo,
        a.attributes,
        JSON.stringify(a.favorable),
        JSON.stringify(a.config),
        JSON.stringify(a.thresholds),
        a.dataHash,
        JSON.stringify(a.data),
        JSON.stringify(a.cells),
        JSON.stringify(a.metrics),
        JSON.stringify(a.breaches),
        a.breachCount,
        a.status,
        a.consequence,
        a.jobId,
        a.requestedBy,
      ],
    );
    return toRow(row);
  }

  async setConsequenceResult(id: string, result: Record<string, unknown>): Promise<void> {
    await this.db.manager.query(`UPDATE bias_audits SET consequence_result = $2 WHERE id = $1 AND consequence_result IS NULL`, [id, JSON.stringify(result)]);
  }

  async find(id: string): Promise<BiasAuditRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM bias_audits WHERE id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  /** The audit a scheduled job produced, if it got that far. */
  async findForJob(jobId: string): Promise<BiasAuditRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM bias_audits WHERE job_id = $1`, [jobId]);
    return row ? toRow(row) : null;
  }

  async list(filter: { model?: string; source?: string; status?: string }, limit: number): Promise<BiasAuditSummary[]> {
    const rows = await this.db.manager.query(
      `SELECT ${SUMMARY_COLUMNS} FROM bias_audits
       WHERE ($1::text IS NULL OR model = $1) AND ($2::text IS NULL OR source = $2) AND ($3::text IS NULL OR status = $3)
       ORDER BY created_at DESC, id LIMIT $4`,
      [filter.model ?? null, filter.source ?? null, filter.status ?? null, limit],
    );
    return rows.map(toSummary);
  }
}
