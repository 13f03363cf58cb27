import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { AuditEvent } from './audit-event.js';
import type { ChainHead } from './audit-batch.js';
import type { SignedCheckpoint } from './checkpoint.js';

export interface EventFilter {
  chains?: string[];
  tenantId?: string;
  action?: string;
  decision?: string;
  resourceType?: string;
  resourceId?: string;
  model?: string;
  from?: Date;
  to?: Date;
}

/** One SQL statement with its parameters ($1, $2, …). */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Parameters one statement may carry (the protocol counts them in 16 bits). */
export const MAX_STATEMENT_PARAMS = 65_535;

/** Parameters one append statement carries besides the INSERTs folded into it. */
export const APPEND_PARAMS = 18;

/** `sql` with its parameters $1… renamed $(1 + offset)…, to sit after `offset` others in one statement. */
export function renumber(sql: string, offset: number): string {
  return offset ? sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : sql;
}

/** An append from earlier heads found that one of them had moved meanwhile. */
export class StaleHeads extends Error {
  constructor() {
    super('An audit chain head moved since this instance last wrote it');
    this.name = 'StaleHeads';
  }
}

/** Keyset position in (time, chain, seq) order. */
export interface EventCursor {
  time: string;
  chain: string;
  seq: number;
}

export interface StoredCheckpoint extends SignedCheckpoint {
  id: string;
  chainSignatures: Record<string, string>;
}

interface EventRow {
  chain_id: string;
  seq: string;
  /** Milliseconds since the epoch: the driver's parsing of timestamptz text costs more than the rest of a row. */
  time_ms: number;
  actor_id: string;
  actor_role: string;
  tenant_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  decision: AuditEvent['decision'];
  reason: string | null;
  details: AuditEvent['details'];
  prev_hash: string;
  hash: string;
}

const EVENT_COLUMNS = `chain_id, seq, floor(extract(epoch FROM time) * 1000)::float8 AS time_ms, actor_id, actor_role, tenant_id, action, resource_type, resource_id, decision, reason,
  details, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

export function toEvent(r: EventRow): AuditEvent {
  return {
    chainId: r.chain_id,
    seq: Number(r.seq),
    time: new Date(r.time_ms).toISOString(),
    actor: { id: r.actor_id, role: r.actor_role },
    tenantId: r.tenant_id,
    action: r.action,
    // Half a resource (a type without an id, or an id without a type) is read as stored, so that its hash shows the row was altered.
    resource: r.resource_type === null && r.resource_id === null ? null : ({ type: r.resource_type, id: r.resource_id } as AuditEvent['resource']),
    decision: r.decision,
    reason: r.reason,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Queries on the audit tables; appends only ever INSERT events and move chain heads forward. */
@Injectable()
export class AuditRepository {
  /** Chains known to exist; chains are never deleted, so an instance creates each at most once. */
  private readonly knownChains = new Set<string>();

  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    return this.db.manager.query(sql, params) as Promise<T>;
  }

  /** Creates missing chains and locks the heads of `chains` (sorted, so batches never deadlock). */
  async lockHeads(chains: { chainId: string; tenantId: string | null }[]): Promise<Map<string, ChainHead>> {
    const sorted = [...chains].sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0));
    const ensure = (missing: typeof sorted) =>
      this.query(`INSERT INTO audit_chains (chain_id, tenant_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT (chain_id) DO NOTHING`, [
        missing.map((c) => c.chainId),
        missing.map((c) => c.tenantId),
      ]);
    const lock = () =>
      this.query<{ chain_id: string; tenant_id: string | null; size: string; head_hash: string; frontier: string[] }[]>(
        `SELECT chain_id, tenant_id, size, encode(head_hash, 'hex') AS head_hash, frontier
         FROM audit_chains WHERE chain_id = ANY($1) ORDER BY chain_id FOR NO KEY UPDATE`,
        [sorted.map((c) => c.chainId)],
      );
    const unknown = sorted.filter((c) => !this.knownChains.has(c.chainId));
    if (unknown.length) await ensure(unknown);
    let rows = await lock();
    if (rows.length < sorted.length) {
      // A chain this instance thought existed was created by a transaction that rolled back.
      const found = new Set(rows.map((r) => r.chain_id));
      await ensure(sorted.filter((c) => !found.has(c.chainId)));
      rows = await lock();
    }
    for (const r of rows) this.knownChains.add(r.chain_id);
    return new Map(rows.map((r) => [r.chain_id, toHead(r)]));
  }

  async insertEvents(events: AuditEvent[]): Promise<void> {
    if (!events.length) return;
    await this.query(INSERT_EVENTS, eventColumns(events));
  }

  async updateHeads(heads: Iterable<ChainHead>): Promise<void> {
    const list = [...heads];
    if (!list.length) return;
    await this.query(UPDATE_HEADS, headColumns(list));
  }

  /**
   * A batch's events (at least one), its heads' update and the plain INSERTs in `also` in one
   * statement: one round trip while the heads are locked, which is what limits appends to one chain
   * from several instances. The INSERTs' constraints are checked when the whole statement has run,
   * as in one transaction.
   */
  async appendEvents(events: AuditEvent[], heads: Iterable<ChainHead>, also: readonly Statement[] = []): Promise<void> {
    const append = insertingEvents(events, also, { sql: UPDATE_HEADS, params: headColumns([...heads]) });
    await this.query(append.sql, append.params);
  }

  /**
   * appendEvents from heads read earlier (`from`, what this instance last wrote), without reading
   * them first, together with `also` (INSERTs) and `then` (upserts, after it): one transaction in
   * one round trip (parameters go as literals, so their number is not bounded). Each head moves
   * only from where `from` says it is; unless all of them do, the whole transaction fails with
   * StaleHeads and nothing of it remains.
   */
  async appendFrom(from: readonly ChainHead[], events: AuditEvent[], heads: Iterable<ChainHead>, also: readonly Statement[], then: readonly Statement[]): Promise<void> {
    const list = [...heads];
    const expected = new Map(from.map((h) => [h.chainId, h]));
    // The heads are locked first, in chain order as every writer locks them, and moved: until
    // then this transaction holds no lock another writer could be waiting for.
    const lock = { sql: `SELECT 1 FROM audit_chains WHERE chain_id = ANY($1) ORDER BY chain_id FOR NO KEY UPDATE`, params: [list.map((h) => h.chainId)] };
    const move = {
      sql: `WITH moved AS (${MOVE_HEADS}) SELECT audit_heads_moved((SELECT count(*) FROM moved), ${list.length})`,
      params: [...headColumns(list), list.map((h) => expected.get(h.chainId)!.size), list.map((h) => expected.get(h.chainId)!.headHash)],
    };
    try {
      await this.db.atomically(null, [lock, move, insertingEvents(events, also, { sql: 'SELECT 1', params: [] }), ...then]);
    } catch (error) {
      const e = error as { code?: string; table?: string };
      if (e.code === 'WA001' || (e.code === '23505' && e.table === 'audit_events')) throw new StaleHeads();
      throw error;
    }
  }

  /** Heads of the given chains, or of every chain visible in the current scope. */
  async heads(chains?: string[]): Promise<ChainHead[]> {
    const rows = await this.query<{ chain_id: string; tenant_id: string | null; size: string; head_hash: string; frontier: string[] }[]>(
      `SELECT chain_id, tenant_id, size, encode(head_hash, 'hex') AS head_hash, frontier FROM audit_chains
       WHERE ($1::text[] IS NULL OR chain_id = ANY($1)) ORDER BY chain_id`,
      [chains ?? null],
    );
    return rows.map(toHead);
  }

  /** Events of one chain with from ≤ seq ≤ to, in seq order. */
  async chainEvents(chainId: string, from: number, to: number): Promise<AuditEvent[]> {
    const rows = await this.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM audit_events WHERE chain_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [chainId, from, to],
    );
    return rows.map(toEvent);
  }

  /** Event hashes (hex) of one chain with from ≤ seq ≤ to, in seq order: what proofs are built from. */
  async chainHashes(chainId: string, from: number, to: number): Promise<string[]> {
    const rows = await this.query<{ hash: string }[]>(
      `SELECT encode(hash, 'hex') AS hash FROM audit_events WHERE chain_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [chainId, from, to],
    );
    return rows.map((r) => r.hash);
  }

  async eventHash(chainId: string, seq: number): Promise<string | null> {
    const [row] = await this.query<{ hash: string }[]>(`SELECT encode(hash, 'hex') AS hash FROM audit_events WHERE chain_id = $1 AND seq = $2`, [chainId, seq]);
    return row?.hash ?? null;
  }

  /** A page of events matching `filter`, in (time, chain, seq) order after `cursor`. */
  async findEvents(filter: EventFilter, cursor: EventCursor | null, limit: number): Promise<AuditEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.chains) add('chain_id = ANY(?)', filter.chains);
    if (filter.tenantId) add('tenant_id = ?', filter.tenantId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.decision) add('decision = ?', filter.decision);
    if (filter.resourceType) add('resource_type = ?', filter.resourceType);
    if (filter.resourceId) add('resource_id = ?', filter.resourceId);
    // The name is matched literally: LIKE's own % and _ (and its escape, a backslash) in it are escaped.
    if (filter.model) add(`resource_type = 'model' AND (resource_id = ? OR resource_id LIKE replace(replace(replace(?, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '@%')`, filter.model);
    if (filter.from) add('time >= ?', filter.from);
    if (filter.to) add('time < ?', filter.to);
    if (cursor) {
      params.push(cursor.time, cursor.chain, cursor.seq);
      const n = params.length;
      where.push(`(time, chain_id, seq) > ($${n - 2}::timestamptz, $${n - 1}::text, $${n}::bigint)`);
    }
    params.push(limit);
    const rows = await this.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY time, chain_id, seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEvent);
  }

  async insertCheckpoint(checkpoint: SignedCheckpoint, chainSignatures: Record<string, string>): Promise<string> {
    const [row] = await this.query<{ id: string }[]>(
      `INSERT INTO audit_checkpoints (issued_at, key_id, body, signature, chain_signatures) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [checkpoint.body.issuedAt, checkpoint.body.keyId, JSON.stringify(checkpoint.body), checkpoint.signature, JSON.stringify(chainSignatures)],
    );
    return row.id;
  }

  /** Checkpoints in the order of the instant they sign (`body.issuedAt`; the `issued_at` column beside it is not signed). */
  async checkpoints(from: Date | null, to: Date | null, limit: number, latestFirst: boolean): Promise<StoredCheckpoint[]> {
    const rows = await this.query<CheckpointRow[]>(
      `SELECT id, body, signature, chain_signatures FROM audit_checkpoints
       WHERE ($1::text IS NULL OR body->>'issuedAt' >= $1) AND ($2::text IS NULL OR body->>'issuedAt' < $2)
       ORDER BY body->>'issuedAt' ${latestFirst ? 'DESC' : 'ASC'}, id LIMIT $3`,
      [from?.toISOString() ?? null, to?.toISOString() ?? null, limit],
    );
    return rows.map(toCheckpoint);
  }

  /**
   * The newest `limit` checkpoints an export of `chain` (every chain when null) up to seq `to`
   * can carry: those listing the chain, and with no entry for an exported chain beyond `to`.
   */
  async exportCheckpoints(chain: string | null, to: number | null, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.query<CheckpointRow[]>(
      `SELECT id, body, signature, chain_signatures FROM audit_checkpoints
       WHERE ($1::text IS NULL OR jsonb_path_exists(body, '$.chains[*] ? (@.chainId == $chain)', jsonb_build_object('chain', $1::text)))
         AND ($2::bigint IS NULL OR NOT jsonb_path_exists(body, '$.chains[*] ? ((@.chainId == $chain || $all == true) && @.treeSize > $to)',
               jsonb_build_object('chain', $1::text, 'all', $1::text IS NULL, 'to', $2::bigint)))
       ORDER BY body->>'issuedAt' DESC, id LIMIT $3`,
      [chain, to, limit],
    );
    return rows.map(toCheckpoint);
  }

  /** The largest seq stored in a chain, whatever its head says; 0 when it has none. */
  async maxSeq(chainId: string): Promise<number> {
    const [row] = await this.query<{ seq: string | null }[]>(`SELECT max(seq) AS seq FROM audit_events WHERE chain_id = $1`, [chainId]);
    return Number(row?.seq ?? 0);
  }
}

interface CheckpointRow {
  id: string;
  body: SignedCheckpoint['body'];
  signature: string;
  chain_signatures: Record<string, string>;
}

const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({ id: r.id, body: r.body, signature: r.signature, chainSignatures: r.chain_signatures });

const INSERT_EVENTS = `INSERT INTO audit_events (chain_id, seq, time, actor_id, actor_role, tenant_id, action, resource_type, resource_id, decision, reason, details, prev_hash, hash)
  SELECT chain_id, seq, time, actor_id, actor_role, tenant_id, action, resource_type, resource_id, decision, reason, details, decode(prev_hash, 'hex'), decode(hash, 'hex')
  FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::text[])
    AS t(chain_id, seq, time, actor_id, actor_role, tenant_id, action, resource_type, resource_id, decision, reason, details, prev_hash, hash)`;

const UPDATE_HEADS = `UPDATE audit_chains c SET size = t.size, head_hash = decode(t.head_hash, 'hex'), frontier = t.frontier, updated_at = now()
  FROM unnest($1::text[], $2::bigint[], $3::text[], $4::jsonb[]) AS t(chain_id, size, head_hash, frontier)
  WHERE c.chain_id = t.chain_id`;

function eventColumns(events: AuditEvent[]): unknown[] {
  const col = <K extends keyof AuditEvent>(key: K) => events.map((e) => e[key]);
  return [
    col('chainId'),
    col('seq'),
    col('time'),
    events.map((e) => e.actor.id),
    events.map((e) => e.actor.role),
    col('tenantId'),
    col('action'),
    events.map((e) => e.resource?.type ?? null),
    events.map((e) => e.resource?.id ?? null),
    col('decision'),
    col('reason'),
    events.map((e) => JSON.stringify(e.details)),
    col('prevHash'),
    col('hash'),
  ];
}

/** One statement inserting `events`, with `also` (INSERTs) beside it, ending in `last`. */
function insertingEvents(events: AuditEvent[], also: readonly Statement[], last: Statement): Statement {
  const params: unknown[] = [];
  const take = (s: Statement) => {
    const sql = renumber(s.sql, params.length);
    params.push(...s.params);
    return sql;
  };
  const inserted = take({ sql: INSERT_EVENTS, params: eventColumns(events) });
  const attached = also.map((s, i) => `, also_${i} AS (${take(s)})`).join('');
  return { sql: `WITH inserted AS (${inserted})${attached} ${take(last)}`, params };
}

/** UPDATE_HEADS for heads that are still where they were read ($5 sizes, $6 hashes). */
const MOVE_HEADS = `UPDATE audit_chains c SET size = t.size, head_hash = decode(t.head_hash, 'hex'), frontier = t.frontier, updated_at = now()
  FROM unnest($1::text[], $2::bigint[], $3::text[], $4::jsonb[], $5::bigint[], $6::text[]) AS t(chain_id, size, head_hash, frontier, from_size, from_hash)
  WHERE c.chain_id = t.chain_id AND c.size = t.from_size AND c.head_hash = decode(t.from_hash, 'hex')
  RETURNING c.chain_id`;

function headColumns(heads: ChainHead[]): unknown[] {
  return [heads.map((h) => h.chainId), heads.map((h) => h.size), heads.map((h) => h.headHash), heads.map((h) => JSON.stringify(h.frontier.map((f) => f.toString('hex'))))];
}

function toHead(r: { chain_id: string; tenant_id: string | null; size: string; head_hash: string; frontier: string[] }): ChainHead {
  return { chainId: r.chain_id, tenantId: r.tenant_id, size: Number(r.size), headHash: r.head_hash, frontier: r.frontier.map((h) => Buffer.from(h, 'hex')) };
}
