import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { ModelStatus } from './lifecycle.js';
import { ModelEntity, ModelVersionEntity } from './model.entity.js';

export type NewVersion = Omit<ModelVersionEntity, 'id' | 'createdAt' | 'statusChangedAt' | 'statusReason' | 'status'>;

@Injectable()
export class ModelsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private get models() {
    return this.db.manager.getRepository(ModelEntity);
  }
  private get versions() {
    return this.db.manager.getRepository(ModelVersionEntity);
  }

  findModel(name: string): Promise<ModelEntity | null> {
    return this.models.findOne({ where: { name } });
  }

  listModels(): Promise<ModelEntity[]> {
    return this.models.find({ order: { name: 'ASC' } });
  }

  async countModels(): Promise<number> {
    return this.models.count();
  }

  /** Creates the model row if needed; safe against a concurrent registration of the same name. */
  async upsertModel(name: string): Promise<ModelEntity> {
    await this.db.manager.query(`INSERT INTO models (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
    return this.models.findOneOrFail({ where: { name } });
  }

  async insertVersion(version: NewVersion): Promise<ModelVersionEntity> {
    const saved = await this.versions.save(this.versions.create({ ...version, status: 'draft' }));
    return this.versions.findOneOrFail({ where: { id: saved.id } });
  }

  versionsOf(modelIds: string[]): Promise<ModelVersionEntity[]> {
    if (!modelIds.length) return Promise.resolve([]);
    return this.versions
      .createQueryBuilder('v')
      .where('v.model_id = ANY(:ids)', { ids: modelIds })
      .orderBy('v.major', 'DESC')
      .addOrderBy('v.minor', 'DESC')
      .addOrderBy('v.patch', 'DESC')
      .getMany();
  }

  findVersion(modelId: string, version: string): Promise<ModelVersionEntity | null> {
    return this.versions.findOne({ where: { modelId, version } });
  }

  async onnxBytes(versionId: string): Promise<Buffer> {
    const row = await this.versions.createQueryBuilder('v').select('v.onnx', 'onnx').where('v.id = :id', { id: versionId }).getRawOne<{ onnx: Buffer }>();
    if (!row) throw new Error(`Model version ${versionId} has no bytes`);
    return row.onnx;
  }

  /** Locks the version row for a lifecycle change. */
  lockVersion(id: string): Promise<ModelVersionEntity | null> {
    return this.versions.createQueryBuilder('v').setLock('pessimistic_write').where('v.id = :id', { id }).getOne();
  }

  /** The evidence freeze holding this version unchanged, if any (see src/compliance). */
  async activeFreeze(id: string): Promise<{ incidentId: string; frozenAt: Date } | null> {
    const [row] = await this.db.manager.query(`SELECT incident_id, frozen_at FROM evidence_freezes WHERE version_id = $1 AND released_at IS NULL ORDER BY frozen_at LIMIT 1`, [id]);
    return row ? { incidentId: row.incident_id, frozenAt: row.frozen_at } : null;
  }

  async setStatus(id: string, status: ModelStatus, reason: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE model_versions SET status = $2, status_reason = $3, status_changed_at = clock_timestamp() WHERE id = $1`,
      [id, status, reason],
    );
  }
}
