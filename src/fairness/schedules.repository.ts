import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Consequence } from './bias-audits.repository.js';

export interface ScheduleRow {
  model: string;
  everyMs: number;
  windowMs: number;
  attributes: string[];
  favorable: string;
  favorableLabel: string | null;
  thresholds: Record<string, number | null>;
  minGroupSize: number | null;
  consequence: Consequence;
  updatedBy: string;
  updatedAt: Date;
}

export interface LastAudit {
  id: string;
  status: string;
  breachCount: number;
  createdAt: Date;
}

const toRow = (r: Record<string, unknown>): ScheduleRow => ({
  model: r.model as string,
  everyMs: Number(r.every_ms),
  windowMs: Number(r.window_ms),
  attributes: r.attributes as string[],
  favorable: r.favorable as string,
  favorableLabel: r.favorable_label as string | null,
  thresholds: r.thresholds as ScheduleRow['thresholds'],
  minGroupSize: r.min_group_size as number | null,
  consequence: r.consequence as Consequence,
  updatedBy: r.updated_by as string,
  updatedAt: r.updated_at as Date,
});

@Injectable()
export class SchedulesRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async upsert(s: Omit<ScheduleRow, 'updatedAt'>): Promise<ScheduleRow> {
    const [row] = await this.db.manager.query(
      `INSERT INTO fairness_schedules (model, every_ms, window_ms, attributes, favorable, favorable_label, thresholds, min_group_size, consequence, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (model) DO UPDATE SET every_ms = EXCLUDED.every_ms, window_ms = EXCLUDED.window_ms, attributes = EXCLUDED.attributes,
         favorable = EXCLUDED.favorable, favorable_label = EXCLUDED.favorable_label, thresholds = EXCLUDED.thresholds,
         min_group_size = EXCLUDED.min_group_size, consequence = EXCLUDED.consequence, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [s.model, s.everyMs, s.windowMs, s.attributes, s.favorable, s.favorableLabel, JSON.stringify(s.thresholds), s.minGroupSize, s.consequence, s.updatedBy],
    );
    return toRow(row);
  }

  async remove(model: string): Promise<ScheduleRow | null> {
    const [[row]] = await this.db.manager.query(`DELETE FROM fairness_schedules WHERE model = $1 RETURNING *`, [model]);
    return row ? toRow(row) : null;
  }

  async find(model: string): Promise<ScheduleRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM fairness_schedules WHERE model = $1`, [model]);
    return row ? toRow(row) : null;
  }

  async list(): Promise<ScheduleRow[]> {
    return (await this.db.manager.query(`SELECT * FROM fairness_schedules ORDER BY model`)).map(toRow);
  }

  /** The latest scheduled audit of each model: when it was last checked, and how that went. */
  async lastAudits(models: string[]): Promise<Map<string, LastAudit>> {
    const rows = await this.db.manager.query(
      `SELECT DISTINCT ON (model) model, id, status, breach_count, created_at FROM bias_audits
       WHERE trigger = 'schedule' AND model = ANY($1::text[]) ORDER BY model, created_at DESC`,
      [models],
    );
    return new Map(rows.map((r: Record<string, unknown>) => [r.model as string, { id: r.id as string, status: r.status as string, breachCount: r.breach_count as number, createdAt: r.created_at as Date }]));
  }
}
