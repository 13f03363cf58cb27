import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Db } from '../database/db.js';
import { chainIdFor } from './audit-event.js';
import { sealBatch, type AuditInput, type AuditReceipt, type ChainHead } from './audit-batch.js';
import { APPEND_PARAMS, AuditRepository, MAX_STATEMENT_PARAMS, StaleHeads, type Statement } from './audit.repository.js';
import { sealProblem } from './event-hash.js';

/** Rows another concern writes in the same transaction as an event (a charge, an inference record). */
export interface Attachment {
  table: string;
  rows: Record<string, unknown>[];
  /** An ON CONFLICT clause for an upsert, e.g. `(tenant_id, subject) DO UPDATE SET attributes = EXCLUDED.attributes`. */
  onConflict?: string;
}

interface Pending {
  input: AuditInput;
  attach?: (receipt: AuditReceipt) => Attachment[];
  resolve: (receipt: AuditReceipt) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
/** How long a chain another writer has moved is written under lock only. */
const CONTENTION_MS = 1000;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Group commit: events queue up while the previous batch commits, then go to Postgres together in
 * one transaction (heads locked in chain order, one multi-row INSERT, heads moved forward, any
 * attached rows inserted). Each caller's promise settles when the batch its event joined has
 * committed, so a request is never answered before its event is durable.
 *
 * Batches are as large as the waiting allows: a batch is taken only once the callers just answered
 * have had their turn to append again, and events for the chains a batch has locked join it while
 * it waits for those locks (another instance appending to the same chain holds them meanwhile).
 */
@Injectable()
export class AuditWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('AuditWriter');
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private appended = 0;
  private readonly listeners: ((total: number) => void)[] = [];
  /** Each chain's head as this instance last wrote it. */
  private readonly heads = new Map<string, ChainHead>();
  /** Chains another writer moved lately, and until when they are written under lock only. */
  private readonly contended = new Map<string, number>();
  /** Batches are written in the context the writer was made in, not in that of the first caller. */
  private readonly home = new AsyncResource('AuditWriter');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditRepository) private readonly repo: AuditRepository,
  ) {}

  append(input: AuditInput, attach?: (receipt: AuditReceipt) => Attachment[]): Promise<AuditReceipt> {
    const problem = inputProblem(input);
    if (problem) return Promise.reject(new TypeError(`Refusing audit event: ${problem}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, attach, resolve, reject });
      this.flushing ??= this.home.runInAsyncScope(() => this.flush());
    });
  }

  /** Called with the running count of events this instance has appended. */
  onAppended(listener: (total: number) => void): void {
    this.listeners.push(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Everything queued in this turn of the event loop (and by the callers of the batch just
    // committed, whose continuations run as microtasks) goes into the next batch, not the one after.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        this.settle(batch, await this.write(batch));
      } catch (error) {
        this.logger.warn(`Audit batch of ${batch.length} failed: ${(error as Error).message}`);
        if (batch.length > 1 && rowRefused(error)) await this.writeEachAlone(batch);
        else batch.forEach((p) => p.reject(error));
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.flushing = null;
  }

  private settle(batch: Pending[], receipts: AuditReceipt[]): void {
    batch.forEach((p, i) => p.resolve(receipts[i]));
    this.appended += batch.length;
    for (const listener of this.listeners) listener(this.appended);
  }

  /** After Postgres refused a row of a batch: each event again on its own, so that only the one it refused fails. */
  private async writeEachAlone(batch: Pending[]): Promise<void> {
    for (const pending of batch) {
      try {
        this.settle([pending], await this.write([pending]));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /**
   * Writes `batch`. When this instance wrote last to every chain of the batch, as far as it has
   * seen, it appends from the heads it wrote, in one round trip; should another writer have moved
   * one meanwhile, or should a head not be known or have been moved by another writer within
   * CONTENTION_MS, it locks the heads, reads them and appends under the lock.
   */
  private async write(batch: Pending[]): Promise<AuditReceipt[]> {
    const chains = [...new Set(batch.map((p) => chainIdFor(p.input.tenantId)))];
    const now = performance.now();
    const from = chains.map((id) => ((this.contended.get(id) ?? 0) > now ? undefined : this.heads.get(id)));
    try {
      if (from.every((h) => h !== undefined)) {
        const written = await this.writeFrom(batch, from);
        if (written) return written;
      }
      return await this.writeLocked(batch);
    } catch (error) {
      // Whether a failed transaction committed may be unknown: the next write reads the heads.
      for (const id of chains) this.heads.delete(id);
      throw error;
    }
  }

  /** The one-round-trip append from known heads; null when a head moved (nothing was written). */
  private async writeFrom(batch: Pending[], from: ChainHead[]): Promise<AuditReceipt[] | null> {
    const { sealed, inserts, upserts } = seal(batch, new Map(from.map((h) => [h.chainId, h])));
    try {
      await this.repo.appendFrom(from, sealed.events, sealed.heads.values(), inserts, upserts);
    } catch (error) {
      if (!(error instanceof StaleHeads)) throw error;
      for (const head of from) this.markContended(head.chainId);
      return null;
    }
    this.remember(sealed.heads.values());
    return sealed.receipts;
  }

  /** Locks the batch's heads, adds events for them that arrived while it waited, and appends. */
  private async writeLocked(batch: Pending[]): Promise<AuditReceipt[]> {
    const sealed = await this.db.platform(async () => {
      const chains = new Map(batch.map((p) => [chainIdFor(p.input.tenantId), p.input.tenantId]));
      const heads = await this.repo.lockHeads([...chains].map(([chainId, tenantId]) => ({ chainId, tenantId })));
      this.noteMoves(heads);
      this.joinLocked(batch, heads);
      const { sealed, inserts, upserts } = seal(batch, heads);
      // The attached rows go in the append's own statement when their parameters fit in it.
      const folded = fitsOneStatement(inserts);
      await this.repo.appendEvents(sealed.events, sealed.heads.values(), folded ? inserts : []);
      for (const { sql, params } of [...(folded ? [] : inserts), ...upserts]) await this.db.manager.query(sql, params);
      return sealed;
    });
    this.remember(sealed.heads.values());
    return sealed.receipts;
  }

  /** Marks the chains whose locked head is not where this instance left it. */
  private noteMoves(locked: ReadonlyMap<string, ChainHead>): void {
    for (const [id, head] of locked) {
      const mine = this.heads.get(id);
      if (mine && (mine.size !== head.size || mine.headHash !== head.headHash)) this.markContended(id);
    }
  }

  private markContended(chainId: string): void {
    this.contended.set(chainId, performance.now() + CONTENTION_MS);
  }

  private remember(heads: Iterable<ChainHead>): void {
    for (const head of heads) this.heads.set(head.chainId, head);
  }

  /** Moves queued events whose chain head `batch` holds into it, in queue order, up to MAX_BATCH. */
  private joinLocked(batch: Pending[], heads: ReadonlyMap<string, unknown>): void {
    if (batch.length >= MAX_BATCH || this.queue.length === 0) return;
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      if (batch.length < MAX_BATCH && heads.has(chainIdFor(pending.input.tenantId))) batch.push(pending);
      else rest.push(pending);
    }
    this.queue = rest;
  }
}

/** Seals `batch` onto `heads`, with the statements of the rows attached to its events. */
function seal(batch: readonly Pending[], heads: ReadonlyMap<string, ChainHead>) {
  const sealed = sealBatch(heads, batch.map((p) => p.input), new Date());
  return { sealed, ...attachmentStatements(batch.flatMap((p, i) => p.attach?.(sealed.receipts[i]) ?? [])) };
}

/** Whether `inserts` fit in one statement with an append's own parameters. */
function fitsOneStatement(inserts: readonly Statement[]): boolean {
  return APPEND_PARAMS + inserts.reduce((n, s) => n + s.params.length, 0) <= MAX_STATEMENT_PARAMS;
}

/**
 * The statements that write `attachments`: one multi-row INSERT per table (several when its
 * parameters would not fit in one), and each upsert apart, since two events may touch the same
 * row, which one statement cannot do twice.
 */
export function attachmentStatements(attachments: readonly Attachment[]): { inserts: Statement[]; upserts: Statement[] } {
  const groups = new Map<string, Attachment>();
  for (const [i, a] of attachments.entries()) {
    const key = a.onConflict ? `${i}` : a.table;
    const group = groups.get(key) ?? { table: a.table, rows: [], onConflict: a.onConflict };
    group.rows.push(...a.rows);
    groups.set(key, group);
  }
  const inserts: Statement[] = [];
  const upserts: Statement[] = [];
  for (const { table, rows, onConflict } of groups.values()) {
    if (!rows.length) continue;
    const columns = Object.keys(rows[0]!);
    if (!IDENTIFIER.test(table) || !columns.every((c) => IDENTIFIER.test(c))) throw new Error(`Bad attachment target ${table}`);
    const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const params: unknown[] = [];
      const values = rows.slice(start, start + perStatement).map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`);
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`;
      if (onConflict) upserts.push({ sql: `${sql} ON CONFLICT ${onConflict}`, params });
      else inserts.push({ sql, params });
    }
  }
  return { inserts, upserts };
}

/** Checks an input as it will be sealed, so one bad event cannot fail a whole batch. */
export function inputProblem(input: AuditInput): string | null {
  let chainId: string;
  try {
    chainId = chainIdFor(input.tenantId);
  } catch (error) {
    return (error as Error).message;
  }
  const body = { chainId, seq: 1, time: new Date(0).toISOString(), ...input };
  return sealProblem(body);
}

/**
 * Whether Postgres refused a row for what it holds (SQLSTATE class 22, data exception; 23,
 * integrity constraint violation) rather than the transaction for what happened around it.
 */
function rowRefused(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
