import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { notFound } from '../common/errors.js';
import { TenantsRepository } from './tenants.repository.js';

export interface TenantFacts {
  id: string;
  name: string;
  /** Keys the tenant's subject pseudonyms; never leaves the service. */
  pseudonymKey: Buffer;
}

const TTL_MS = 30_000;

/** Tenant facts the request path needs, cached briefly so that a governed call costs no lookup. */
@Injectable()
export class TenantDirectory {
  private readonly cache = new Map<string, { facts: Promise<TenantFacts>; until: number }>();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
  ) {}

  get(tenantId: string, now = Date.now()): Promise<TenantFacts> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.until > now) return hit.facts;
    const facts = this.db.platform(async () => {
      const row = await this.tenants.findFacts(tenantId);
      if (!row) throw notFound('Tenant', tenantId);
      return row;
    });
    this.cache.set(tenantId, { facts, until: now + TTL_MS });
    facts.catch(() => this.cache.delete(tenantId));
    return facts;
  }
}
