import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';

interface Scope {
  manager: EntityManager;
  tenantId: string | null;
  platform: boolean;
}

/**
 * Every query runs inside a scope: a transaction that tells Postgres whose rows it may see.
 * Row-level security policies read `app.tenant_id` and `app.scope`, so a query that forgets
 * its tenant filter still sees nothing of another tenant's. Repositories take the manager of
 * the scope they are called in; there is no way to query outside one.
 */
@Injectable()
export class Db {
  private readonly scopes = new AsyncLocalStorage<Scope>();

  constructor(readonly dataSource: DataSource) {}

  /** Operator-level access across tenants (admins, regulators, authentication, background work). */
  platform<T>(work: () => Promise<T>): Promise<T> {
    return this.enter(null, true, work);
  }

  /** Access confined to one tenant's rows. */
  tenant<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    return this.enter(tenantId, false, work);
  }

  /** The scope a caller's principal reads in: its tenant's rows for a tenant key, all rows for operators. */
  forPrincipal<T>(principal: Pick<Principal, 'role' | 'tenantId'>, work: () => Promise<T>): Promise<T> {
    return principal.role === 'tenant' ? this.tenant(principal.tenantId!, work) : this.platform(work);
  }

  get manager(): EntityManager {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error('Database access outside a tenant or platform scope');
    return scope.manager;
  }

  get currentTenant(): string | null {
    return this.scopes.getStore()?.tenantId ?? null;
  }

  private async enter<T>(tenantId: string | null, platform: boolean, work: () => Promise<T>): Promise<T> {
    const outer = this.scopes.getStore();
    if (outer) {
      // Nested scopes share the outer transaction; settings are switched for the inner work only.
      await setScope(outer.manager, tenantId, platform);
      try {
        return await this.scopes.run({ manager: outer.manager, tenantId, platform }, work);
      } finally {
        await setScope(outer.manager, outer.tenantId, outer.platform);
      }
    }
    return this.dataSource.transaction(async (manager) => {
      await setScope(manager, tenantId, platform);
      return this.scopes.run({ manager, tenantId, platform }, work);
    });
  }
}

function setScope(manager: EntityManager, tenantId: string | null, platform: boolean): Promise<unknown> {
  return manager.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.scope', $2, true)`, [
    tenantId ?? '',
    platform ? 'platform' : 'tenant',
  ]);
}
