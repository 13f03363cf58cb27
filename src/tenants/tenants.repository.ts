import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { TenantEntity } from './tenant.entity.js';

@Injectable()
export class TenantsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private get repo() {
    return this.db.manager.getRepository(TenantEntity);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByName(name: string): Promise<TenantEntity | null> {
    return this.repo.createQueryBuilder('t').where('lower(t.name) = lower(:name)', { name }).getOne();
  }

  async insert(name: string): Promise<TenantEntity> {
    return this.repo.save(this.repo.create({ name }));
  }

  async findFacts(id: string): Promise<{ id: string; name: string; pseudonymKey: Buffer } | null> {
    const [row] = await this.db.manager.query(`SELECT id, name, pseudonym_key FROM tenants WHERE id = $1`, [id]);
    return row ? { id: row.id, name: row.name, pseudonymKey: row.pseudonym_key } : null;
  }

  list(): Promise<TenantEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
