import { jest } from '@jest/globals';
import type { Db } from '../database/db.js';
import { GENESIS_HASH, type AuditEvent } from './audit-event.js';
import type { AuditInput, ChainHead } from './audit-batch.js';
import { AuditWriter, attachmentStatements } from './audit-writer.js';
import { renumber, StaleHeads, type AuditRepository } from './audit.repository.js';
import { verifyChain } from './chain-verify.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const input = (tenantId: string, n: number): AuditInput => ({
  tenantId,
  actor: { id: 'key-1', role: 'tenant' },
  action: 'test.event',
  resource: null,
  decision: 'allow',
  reason: null,
  details: { n },
});

/** A repository in memory: heads, stored events, and the size of every batch written. */
function memoryLog(lockDelay: () => Promise<void> = () => Promise.resolve(), refuses: (event: AuditEvent) => boolean = () => false) {
  const heads = new Map<string, ChainHead>();
  const stored: AuditEvent[] = [];
  const batches: number[] = [];
  const calls: string[] = [];
  async function appendEvents(events: AuditEvent[], moved: Iterable<ChainHead>) {
    // As Postgres refuses a row it cannot store (here: a jsonb value with \u0000), and with it the transaction.
    if (events.some(refuses)) throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    batches.push(events.length);
    stored.push(...events);
    for (const head of moved) heads.set(head.chainId, head);
  }
  const repo = {
    async lockHeads(chains: { chainId: string; tenantId: string | null }[]) {
      calls.push('lockHeads');
      await lockDelay();
      return new Map(chains.map((c) => [c.chainId, heads.get(c.chainId) ?? { ...c, size: 0, headHash: GENESIS_HASH, frontier: [] }]));
    },
    appendEvents,
    async appendFrom(from: ChainHead[], events: AuditEvent[], moved: Iterable<ChainHead>) {
      calls.push('appendFrom');
      if (from.some((h) => heads.get(h.chainId)?.headHash !== h.headHash)) throw new StaleHeads();
      await appendEvents(events, moved);
    },
  } as unknown as AuditRepository;
  const db = { platform: <T>(work: () => Promise<T>) => work() } as unknown as Db;
  return { writer: new AuditWriter(db, repo), another: () => new AuditWriter(db, repo), stored, batches, calls };
}

describe('AuditWriter', () => {
  it('keeps batches whole when the callers it answered append again at once', async () => {
    const { writer, stored, batches } = memoryLog();
    // 64 callers, each appending again as soon as its event is durable, as busy requests do.
    await Promise.all(
      Array.from({ length: 64 }, async (_, c) => {
        for (let round = 0; round < 5; round++) await writer.append(input(A, c * 100 + round));
      }),
    );
    expect(stored).toHaveLength(320);
    expect(batches).toEqual([64, 64, 64, 64, 64]);
    expect(verifyChain(stored).ok).toBe(true);
  });

  it('refuses an event sealing would refuse on its own, and the batch it would have joined is written', async () => {
    const { writer, stored } = memoryLog();
    const bad = { ...input(A, 2), resource: { type: 'model', id: 'm\u0000\ud800' } };
    const results = await Promise.allSettled([writer.append(input(A, 1)), writer.append(bad), writer.append(input(A, 3))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new TypeError('Refusing audit event: $.resource.id holds U+0000 or an unpaired surrogate'));
    expect(stored.map((e) => e.details.n)).toEqual([1, 3]);
  });

  it('writes the others of a batch when Postgres refuses a row of one, and fails only that one', async () => {
    const { writer, stored } = memoryLog(undefined, (e) => (e.details as { n: number }).n === 2);
    const answers = await Promise.allSettled([1, 2, 3].map((n) => writer.append(input(n === 3 ? B : A, n))));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored.map((e) => (e.details as { n: number }).n).sort()).toEqual([1, 3]);
    expect(verifyChain(stored.filter((e) => e.chainId.endsWith(A))).ok).toBe(true);
  });

  it('takes into a batch the events for its chains that arrive while it waits for their locks', async () => {
    let release!: () => void;
    const locked = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const { writer, stored, batches } = memoryLog(() => {
      if (!first) return Promise.resolve();
      first = false;
      return locked;
    });
    const early = writer.append(input(A, 0));
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch (chain A) now waits for its lock; these arrive meanwhile.
    const late = [writer.append(input(A, 1)), writer.append(input(B, 2)), writer.append(input(A, 3))];
    release();
    const receipts = await Promise.all([early, ...late]);
    expect(batches).toEqual([3, 1]);
    expect(receipts.map((r) => `${r.chain.slice(7, 8)}#${r.seq}`)).toEqual(['1#1', '1#2', '2#1', '1#3']);
    expect(stored.filter((e) => e.tenantId === A).map((e) => e.details.n)).toEqual([0, 1, 3]);
    expect(verifyChain(stored.filter((e) => e.tenantId === A)).ok).toBe(true);
  });
});

describe('AuditWriter with known heads', () => {
  it('appends from the heads it wrote last, and locks and reads them again once another writer moved one', async () => {
    const { writer, another, stored, calls } = memoryLog();
    await writer.append(input(A, 1));
    await writer.append(input(A, 2));
    expect(calls).toEqual(['lockHeads', 'appendFrom']);
    calls.length = 0;
    await another().append(input(A, 3));
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      await writer.append(input(A, 4));
      await writer.append(input(A, 5));
      // The other writer read the head under lock; this one found its head moved and wrote it
      // under lock, and keeps doing so for a second.
      expect(calls).toEqual(['lockHeads', 'appendFrom', 'lockHeads', 'lockHeads']);
      jest.advanceTimersByTime(1001);
      await writer.append(input(A, 6));
      expect(calls.at(-1)).toBe('appendFrom');
    } finally {
      jest.useRealTimers();
    }
    expect(stored.map((e) => e.details.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(stored).ok).toBe(true);
  });
});

describe('attachmentStatements', () => {
  it('writes each table in one multi-row INSERT and each upsert apart', () => {
    const { inserts, upserts } = attachmentStatements([
      { table: 'charges', rows: [{ id: 'c1', amount: 1 }] },
      { table: 'allocations', rows: [{ charge_id: 'c1', party: 'p' }] },
      { table: 'charges', rows: [{ id: 'c2', amount: 2 }] },
      { table: 'attributes', rows: [{ subject: 's', value: 'a' }], onConflict: '(subject) DO NOTHING' },
      { table: 'attributes', rows: [{ subject: 's', value: 'b' }], onConflict: '(subject) DO NOTHING' },
    ]);
    expect(inserts).toEqual([
      { sql: 'INSERT INTO charges (id, amount) VALUES ($1, $2), ($3, $4)', params: ['c1', 1, 'c2', 2] },
      { sql: 'INSERT INTO allocations (charge_id, party) VALUES ($1, $2)', params: ['c1', 'p'] },
    ]);
    expect(upserts.map((s) => s.params)).toEqual([['s', 'a'], ['s', 'b']]);
    expect(upserts[0]!.sql).toBe('INSERT INTO attributes (subject, value) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING');
  });

  it('splits a table whose parameters would not fit in one statement, and refuses odd names', () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ a: i, b: i, c: i }));
    const { inserts } = attachmentStatements([{ table: 't', rows }]);
    expect(inserts.map((s) => s.params.length)).toEqual([60_000, 15_000]);
    expect(() => attachmentStatements([{ table: 't; DROP', rows: [{ a: 1 }] }])).toThrow(/Bad attachment target/);
    expect(() => attachmentStatements([{ table: 't', rows: [{ 'a) --': 1 }] }])).toThrow(/Bad attachment target/);
  });
});

describe('renumber', () => {
  it('moves parameters past the ones before them, leaving other text alone', () => {
    expect(renumber('SELECT $1, $2::int[], $10', 3)).toBe('SELECT $4, $5::int[], $13');
    expect(renumber('SELECT $1', 0)).toBe('SELECT $1');
  });
});
