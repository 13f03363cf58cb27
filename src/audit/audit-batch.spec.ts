import { GENESIS_HASH } from './audit-event.js';
import { sealBatch, type AuditInput, type ChainHead } from './audit-batch.js';
import { verifyChain } from './chain-verify.js';
import { CompactRange } from './compact-range.js';
import { leafHash, merkleRoot } from './merkle.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const input = (tenantId: string | null, n: number): AuditInput => ({
  tenantId,
  actor: { id: 'key-1', role: tenantId ? 'tenant' : 'admin' },
  action: 'test.event',
  resource: { type: 'thing', id: String(n) },
  decision: 'allow',
  reason: null,
  details: { n },
});
const empty = (chainId: string, tenantId: string | null): ChainHead => ({ chainId, tenantId, size: 0, headHash: GENESIS_HASH, frontier: [] });

describe('sealBatch', () => {
  it('gives each chain gap-free seqs in input order and links every event to the one before', () => {
    const heads = new Map([
      [`tenant:${A}`, empty(`tenant:${A}`, A)],
      [`tenant:${B}`, empty(`tenant:${B}`, B)],
      ['platform', empty('platform', null)],
    ]);
    const inputs = [input(A, 1), input(B, 2), input(A, 3), input(null, 4), input(A, 5)];
    const { events, receipts, heads: next } = sealBatch(heads, inputs, new Date('2026-11-22T10:00:00.000Z'));
    expect(receipts.map((r) => `${r.chain}#${r.seq}`)).toEqual([`tenant:${A}#1`, `tenant:${B}#1`, `tenant:${A}#2`, 'platform#1', `tenant:${A}#3`]);
    const chainA = events.filter((e) => e.chainId === `tenant:${A}`);
    expect(verifyChain(chainA)).toEqual(expect.objectContaining({ ok: true, checked: 3 }));
    expect(next.get(`tenant:${A}`)).toEqual(expect.objectContaining({ size: 3, headHash: chainA[2].hash }));
    expect(receipts[0].leafHash).toBe(leafHash(chainA[0].hash).toString('hex'));
  });

  it('continues a chain from its stored head and frontier, so the root equals the root over all leaves', () => {
    const chain = `tenant:${A}`;
    const first = sealBatch(new Map([[chain, empty(chain, A)]]), [1, 2, 3, 4, 5].map((n) => input(A, n)), new Date(0));
    const second = sealBatch(first.heads, [6, 7, 8].map((n) => input(A, n)), new Date(1000));
    const all = [...first.events, ...second.events];
    expect(verifyChain(all)).toEqual(expect.objectContaining({ ok: true, checked: 8 }));
    const head = second.heads.get(chain)!;
    expect(CompactRange.fromFrontier(head.size, head.frontier).root()).toEqual(merkleRoot(all.map((e) => leafHash(e.hash))));
  });

  it('refuses a chain whose head was not loaded', () => {
    expect(() => sealBatch(new Map(), [input(A, 1)], new Date())).toThrow(/No head loaded/);
  });

  it('refuses details that would not survive storage unchanged', () => {
    const chain = `tenant:${A}`;
    expect(() => sealBatch(new Map([[chain, empty(chain, A)]]), [{ ...input(A, 1), details: { bad: 'nul\u0000' } }], new Date())).toThrow(/U\+0000/);
  });
});
