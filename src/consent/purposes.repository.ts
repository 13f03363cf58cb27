import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { LawfulBasis } from './lawful-basis.js';
import type { Purpose } from './purpose.js';

export interface PurposeRow extends Purpose {
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PurposeVersionRow extends Purpose {
  version: number;
  changedBy: string;
  reason: string;
  createdAt: Date;
}

const toPurpose = (r: Record<string, unknown>): Purpose => ({
  id: (r.purpose_id ?? r.id) as string,
  description: r.description as string,
  lawfulBasis: r.lawful_basis as LawfulBasis,
  notice: { text: r.notice_text as string, version: r.notice_version as string },
  retentionDays: r.retention_days as number,
});

const toRow = (r: Record<string, unknown>): PurposeRow => ({
  ...toPurpose(r),
  version: r.version as number,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/** Purposes and their history: the current version in `purposes`, every version in `purpose_versions`. */
@Injectable()
export class PurposesRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(): Promise<PurposeRow[]> {
    return (await this.db.manager.query(`SELECT * FROM purposes ORDER BY id`)).map(toRow);
  }

  async find(id: string, lock = false): Promise<PurposeRow | null> {
    const [row] = await this.db.manager.query(`SELECT * FROM purposes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRow(row) : null;
  }

  async versions(id: string): Promise<PurposeVersionRow[]> {
    const rows = await this.db.manager.query(`SELECT * FROM purpose_versions WHERE purpose_id = $1 ORDER BY version`, [id]);
    return rows.map((r: Record<string, unknown>) => ({ ...toPurpose(r), version: r.version as number, changedBy: r.changed_by as string, reason: r.reason as string, createdAt: r.created_at as Date }));
  }

  /** Inserts a new purpose as version 1; answers null when the id is taken. */
  async insert(purpose: Purpose, changedBy: string, reason: string): Promise<PurposeRow | null> {
    const [row] = await this.db.manager.query(
      `INSERT INTO purposes (id, description, lawful_basis, notice_text, notice_version, retention_days)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [purpose.id, purpose.description, purpose.lawfulBasis, purpose.notice.text, purpose.notice.version, purpose.retentionDays],
    );
    if (!row) return null;
    await this.insertVersion(purpose, 1, changedBy, reason);
    return toRow(row);
  }

  async update(purpose: Purpose, version: number, changedBy: string, reason: string): Promise<PurposeRow> {
    const [[row]] = await this.db.manager.query(
      `UPDATE purposes SET description = $2, notice_text = $3, notice_version = $4, retention_days = $5, version = $6, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [purpose.id, purpose.description, purpose.notice.text, purpose.notice.version, purpose.retentionDays, version],
    );
    await this.insertVersion(purpose, version, changedBy, reason);
    return toRow(row);
  }

  private async insertVersion(purpose: Purpose, version: number, changedBy: string, reason: string): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO purpose_versions (purpose_id, version, description, lawful_basis, notice_text, notice_version, retention_days, changed_by, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [purpose.id, version, purpose.description, purpose.lawfulBasis, purpose.notice.text, purpose.notice.version, purpose.retentionDays, changedBy, reason],
    );
  }
}
