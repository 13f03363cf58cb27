import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { cellsFromRows, roundFloat, type LiveCellRow } from './live-cells.js';
import type { Cell } from './metrics/cells.js';

export const CALIBRATION_BINS = 10;

export interface LiveQuery {
  model: string;
  /** null: every version in the window. */
  version: string | null;
  /** Versions whose binary score is P(favourable); for the others it is 1 − score. */
  positiveVersions: string[];
  from: Date;
  to: Date;
  /** null: every tenant the scope lets the query see. */
  tenantId: string | null;
  attributes: string[];
  favorable: string;
  favorableLabels: string[];
}

export interface LiveAggregation {
  cells: Cell[];
  scoreMedian: number | null;
  /** Per tenant: predictions read, and how many of them came with consented protected attributes. */
  reads: { tenantId: string; rows: number; withAttributes: number }[];
}

/**
 * The sample is every prediction of an allowed call in the window: single-row calls straight from
 * outputs->0, batches expanded row by row. It is materialised once, because it is read twice: for
 * the median score of the whole sample (LL144's scoring rate), then for the cells, joined to the
 * outcome of each row and to the subject's consented protected attributes. Postgres returns a few
 * dozen cells; no record reaches Node.
 */
function liveSql(attributeCount: number): string {
  const attrs = Array.from({ length: attributeCount }, (_, i) => `a${i}`);
  const extract = attrs.map((a, i) => `pa.attributes->>$${i + 10} AS ${a}`).join(', ');
  const keys = attrs.join(', ');
  const groupBy = attrs.map((_, i) => i + 2).join(', ');
  const same = attrs.map((a) => `b.${a} IS NOT DISTINCT FROM c.${a}`).join(' AND ');
  const window = `r.model = $1 AND ($2::text IS NULL OR r.version = $2) AND r.created_at >= $3 AND r.created_at < $4
      AND ($5::uuid IS NULL OR r.tenant_id = $5) AND r.decision = 'allow' AND r.outputs IS NOT NULL`;
  const score = (p: string) =>
    `coalesce((${p}->'probabilities'->>$6)::float8,
              CASE WHEN r.version = ANY($8::text[]) THEN (${p}->>'score')::float8 ELSE 1 - (${p}->>'score')::float8 END)`;
  return `
  WITH scored AS MATERIALIZED (
    SELECT r.request_id, r.tenant_id, r.subject, 0 AS row_index, (r.outputs->0->>'label') = $6 AS selected, ${score('r.outputs->0')} AS score
    FROM inference_records r WHERE ${window} AND r.rows = 1
    UNION ALL
    SELECT r.request_id, r.tenant_id, r.subject, k, (r.outputs->k->>'label') = $6, ${score('r.outputs->k')}
    FROM inference_records r CROSS JOIN LATERAL generate_series(0, jsonb_array_length(r.outputs) - 1) AS k
    WHERE ${window} AND r.rows > 1
  ), m AS MATERIALIZED (
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median FROM scored
  ), sample AS (
    SELECT s.tenant_id, ${extract}, pa.tenant_id IS NOT NULL AS consented, s.selected,
           CASE WHEN oc.label IS NULL THEN NULL ELSE oc.label = ANY($7::text[]) END AS label, s.score
    FROM scored s
    LEFT JOIN outcomes oc ON oc.request_id = s.request_id AND oc.row_index = s.row_index
    LEFT JOIN protected_attributes pa ON pa.tenant_id = s.tenant_id AND pa.subject = s.subject
                                     AND (pa.expires_at IS NULL OR pa.expires_at > now())
    OFFSET 0
  ), fine AS (
    SELECT tenant_id, ${keys},
           CASE WHEN label IS NOT NULL AND score BETWEEN 0 AND 1 THEN least(width_bucket(score, 0, 1, $9), $9) - 1 END AS bin,
           count(*) AS n,
           count(*) FILTER (WHERE selected) AS selected,
           count(*) FILTER (WHERE selected AND label) AS tp,
           count(*) FILTER (WHERE selected AND NOT label) AS fp,
           count(*) FILTER (WHERE NOT selected AND NOT label) AS tn,
           count(*) FILTER (WHERE NOT selected AND label) AS fn,
           count(score) AS scored,
           count(*) FILTER (WHERE score > (SELECT median FROM m)) AS score_above_median,
           sum((score - label::int) ^ 2) AS brier_sum,
           sum(score) AS score_sum,
           count(*) FILTER (WHERE label) AS positives,
           count(*) FILTER (WHERE consented) AS consented
    FROM sample GROUP BY 1, ${groupBy}, ${attributeCount + 2}
  ), bins AS (
    SELECT ${keys}, bin, sum(n)::int AS n, sum(score_sum) / sum(n) AS mean_score, sum(positives)::int AS positives, sum(brier_sum) AS brier_sum
    FROM fine WHERE bin IS NOT NULL GROUP BY ${keys}, bin
  ), cells AS (
    SELECT ${keys}, sum(n)::int AS n, sum(selected)::int AS selected, sum(tp)::int AS tp, sum(fp)::int AS fp, sum(tn)::int AS tn,
           sum(fn)::int AS fn, sum(scored)::int AS scored, sum(score_above_median)::int AS score_above_median
    FROM fine GROUP BY ${keys}
  )
  SELECT ARRAY[${attrs.map((a) => `c.${a}`).join(', ')}]::text[] AS key, c.n, c.selected, c.tp, c.fp, c.tn, c.fn, c.scored, c.score_above_median,
         (SELECT coalesce(sum(b.brier_sum), 0) FROM bins b WHERE ${same}) AS brier_sum,
         (SELECT jsonb_agg(jsonb_build_object('bin', b.bin, 'n', b.n, 'meanScore', b.mean_score, 'positives', b.positives) ORDER BY b.bin)
            FROM bins b WHERE ${same}) AS calibration,
         (SELECT median FROM m) AS median,
         (SELECT jsonb_agg(jsonb_build_object('tenantId', t.tenant_id, 'rows', t.n, 'withAttributes', t.consented))
            FROM (SELECT tenant_id, sum(n)::int AS n, sum(consented)::int AS consented FROM fine GROUP BY tenant_id) t) AS reads
  FROM cells c`;
}

@Injectable()
export class LiveAuditRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Aggregates the window into cells, within whatever rows the current scope may see. */
  async aggregate(q: LiveQuery): Promise<LiveAggregation> {
    const rows = await this.withBulkPlan(() =>
      this.db.manager.query(liveSql(q.attributes.length), [
        q.model,
        q.version,
        q.from,
        q.to,
        q.tenantId,
        q.favorable,
        q.favorableLabels,
        q.positiveVersions,
        CALIBRATION_BINS,
        ...q.attributes,
      ]),
    ) as (LiveCellRow & { median: number | null; reads: LiveAggregation['reads'] | null })[];
    return {
      cells: cellsFromRows(rows, q.attributes, CALIBRATION_BINS),
      scoreMedian: rows[0]?.median == null ? null : roundFloat(rows[0].median),
      reads: rows[0]?.reads ?? [],
    };
  }

  /**
   * Row-level security adds a per-row check whose selectivity Postgres cannot know, so it expects a
   * handful of rows and picks nested loops and sorts — minutes over a million records. An audit
   * always reads its whole window: hash joins and hash aggregation are the plan, and the median's
   * sort gets room to stay in memory. The cost penalty that turns plan types off would also trip the
   * JIT thresholds and spend a second compiling a statement that runs fine interpreted, so JIT is off
   * too. The settings are put back for the rest of the transaction.
   */
  private async withBulkPlan<T>(work: () => Promise<T>): Promise<T> {
    const settings = { enable_nestloop: 'off', enable_sort: 'off', jit: 'off', work_mem: '128MB' };
    const names = Object.keys(settings);
    const [before] = await this.db.manager.query(`SELECT ${names.map((n, i) => `current_setting($${i + 1}) AS ${n}`).join(', ')}`, names);
    const apply = (values: Record<string, string>) =>
      this.db.manager.query(`SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, names.flatMap((n) => [n, values[n]]));
    await apply(settings);
    // On failure the transaction rolls back, and SET LOCAL with it.
    const result = await work();
    await apply(before);
    return result;
  }
}
