import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import pg from 'pg';
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

  /**
   * One read statement in a tenant's scope (the platform's when `tenantId` is null), in one round
   * trip (see `atomically`).
   */
  async read<T = Record<string, unknown>>(tenantId: string | null, sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const [rows] = await this.atomically(tenantId, [{ sql, params }]);
    return rows as T[];
  }

  /**
   * Statements in a tenant's scope (the platform's when `tenantId` is null) as one transaction in
   * one round trip: the scope's settings and the statements go to Postgres as one simple-protocol
   * message, which it runs as one transaction (all or nothing), so the settings end with it. Inside
   * an open scope they run in that scope's transaction instead, under the scope asked for.
   * Resolves to each statement's rows.
   *
   * Statements take parameters as `$1`, `$2`…, sent as quoted literals: Postgres types an untyped
   * literal from its context exactly as it types an untyped parameter, and results are parsed as
   * for any query. A statement must not contain `$n` other than its parameters.
   */
  async atomically(tenantId: string | null, statements: readonly { sql: string; params: readonly unknown[] }[]): Promise<unknown[][]> {
    if (this.scopes.getStore()) {
      return this.enter(tenantId, tenantId === null, async () => {
        const rows: unknown[][] = [];
        for (const { sql, params } of statements) rows.push(await this.manager.query(sql, [...params]));
        return rows;
      });
    }
    const text = [scopeSettings(tenantId, tenantId === null), ...statements.map((s) => withLiterals(s.sql, s.params))].join(';\n');
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    const results = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(results) ? results : [results]).slice(1).map((r) => r.rows);
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
      // Nested scopes share the outer transaction; settings are switched for the inner work only,
      // and left alone when the inner scope is the outer one.
      if (outer.tenantId === tenantId && outer.platform === platform) return work();
      await setScope(outer.manager, tenantId, platform);
      try {
        return await this.scopes.run({ manager: outer.manager, tenantId, platform }, work);
      } finally {
        await setScope(outer.manager, outer.tenantId, outer.platform);
      }
    }
    // The scope's settings travel with START TRANSACTION, in one message: one round trip fewer
    // for every transaction. Should the runner start its transaction otherwise, they are set apart.
    const runner = this.dataSource.createQueryRunner();
    const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
    let settled = false;
    runner.query = ((sql: string, ...rest: unknown[]) => {
      if (settled || sql !== 'START TRANSACTION') return query(sql, ...rest);
      settled = true;
      return query(`START TRANSACTION; ${scopeSettings(tenantId, platform)}`);
    }) as typeof runner.query;
    try {
      return await runner.manager.transaction(async (manager) => {
        // Only if the driver did not open the transaction with the START TRANSACTION seen above.
        if (!settled) await setScope(manager, tenantId, platform);
        settled = true;
        return this.scopes.run({ manager, tenantId, platform }, work);
      });
    } finally {
      await runner.release();
    }
  }
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** `sql` with its parameters $1… replaced by their values as literals. */
function withLiterals(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) < 1 || Number(n) > params.length) throw new RangeError(`No parameter $${n} among ${params.length}`);
    return literal(params[Number(n) - 1]);
  });
}

/** A value as a quoted SQL literal, in the text form node-postgres would bind it in. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const prepared = prepareValue(value);
  const text = Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : String(prepared);
  // A NUL would end the message's query string early; Postgres refuses it in text anyway.
  if (text.includes('\u0000')) throw Object.assign(new Error('Text may not contain NUL (\\u0000) characters'), { code: '22021' });
  // As pg.escapeLiteral quotes, without its character-by-character loop.
  return text.includes('\\') ? ` E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : `'${text.replaceAll("'", "''")}'`;
}

/** The statement that sets a scope, for the transaction it runs in. */
function scopeSettings(tenantId: string | null, platform: boolean): string {
  return `SELECT set_config('app.tenant_id', ${literal(tenantId ?? '')}, true), set_config('app.scope', '${platform ? 'platform' : 'tenant'}', true)`;
}

function setScope(manager: EntityManager, tenantId: string | null, platform: boolean): Promise<unknown> {
  return manager.query(scopeSettings(tenantId, platform));
}
