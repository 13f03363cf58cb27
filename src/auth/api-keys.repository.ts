import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db } from '../database/db.js';
import { ApiKeyEntity } from './api-key.entity.js';

export interface NewApiKey {
  role: ApiKeyEntity['role'];
  tenantId: string | null;
  partyId: string | null;
  name: string | null;
  scopes: string[];
  prefix: string;
  hash: Buffer;
  expiresAt: Date | null;
}

export interface KeyFilter {
  tenantId?: string;
  role?: ApiKeyEntity['role'];
  includeRevoked?: boolean;
}

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private get repo() {
    return this.db.manager.getRepository(ApiKeyEntity);
  }

  findByHash(hash: Buffer): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { hash } });
  }

  /** The keys stored under any of `hashes`, each with its hash (which is otherwise never read back). */
  findByHashes(hashes: Buffer[]): Promise<ApiKeyEntity[]> {
    return this.repo.createQueryBuilder('k').addSelect('k.hash').where({ hash: In(hashes) }).getMany();
  }

  async insert(key: NewApiKey): Promise<ApiKeyEntity> {
    const [row] = (await this.repo.createQueryBuilder().insert().values(key).returning('*').execute()).generatedMaps;
    return this.repo.findOneOrFail({ where: { id: (row as ApiKeyEntity).id } });
  }

  list(filter: KeyFilter): Promise<ApiKeyEntity[]> {
    const query = this.repo.createQueryBuilder('k').orderBy('k.created_at', 'DESC').addOrderBy('k.id');
    if (filter.tenantId) query.andWhere('k.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.role) query.andWhere('k.role = :role', { role: filter.role });
    if (!filter.includeRevoked) query.andWhere('k.revoked_at IS NULL');
    return query.getMany();
  }

  /** The rights-holder a licensor key would speak for (parties belong to licensing; only existence is asked here). */
  async partyExists(id: string): Promise<boolean> {
    return (await this.db.manager.query(`SELECT 1 FROM parties WHERE id = $1`, [id])).length > 0;
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Whether this call revoked the key: false when it was revoked already, by another call too. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update().set({ revokedAt: at }).where('id = :id AND revoked_at IS NULL', { id }).execute();
    return (result.affected ?? 0) > 0;
  }

  async countActiveAdmins(now: Date): Promise<number> {
    return this.repo
      .createQueryBuilder('k')
      .where(`k.role = 'admin' AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)`, { now })
      .getCount();
  }
}
