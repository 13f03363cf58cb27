import { chainIdFor, type AuditActor, type AuditDecision, type AuditEvent, type AuditResource, type JsonValue } from './audit-event.js';
import { CompactRange } from './compact-range.js';
import { sealEvent } from './event-hash.js';
import { leafHash } from './merkle.js';

/** What a caller records; the log adds chain, seq, time and hashes. */
export interface AuditInput {
  tenantId: string | null;
  actor: AuditActor;
  action: string;
  resource: AuditResource | null;
  decision: AuditDecision;
  reason: string | null;
  details: { [key: string]: JsonValue };
}

/** What a caller gets back: enough to ask for an inclusion proof later. */
export interface AuditReceipt {
  chain: string;
  seq: number;
  leafHash: string;
}

/** A chain's head as stored: its size, last hash and Merkle frontier. */
export interface ChainHead {
  chainId: string;
  tenantId: string | null;
  size: number;
  headHash: string;
  frontier: Buffer[];
}

/**
 * Seals a batch onto the given heads, in input order: each event gets the next seq of its chain and
 * hashes onto the previous one. Returns the sealed events, a receipt per input and the new heads.
 * Pure: the caller holds the heads' row locks while it writes the result.
 */
export function sealBatch(heads: ReadonlyMap<string, ChainHead>, inputs: readonly AuditInput[], time: Date): {
  events: AuditEvent[];
  receipts: AuditReceipt[];
  heads: Map<string, ChainHead>;
} {
  const working = new Map<string, { head: ChainHead; range: CompactRange }>();
  const iso = time.toISOString();
  const events: AuditEvent[] = [];
  const receipts: AuditReceipt[] = [];
  for (const input of inputs) {
    const chainId = chainIdFor(input.tenantId);
    let entry = working.get(chainId);
    if (!entry) {
      const head = heads.get(chainId);
      if (!head) throw new Error(`No head loaded for chain ${chainId}`);
      entry = { head: { ...head }, range: CompactRange.fromFrontier(head.size, head.frontier) };
      working.set(chainId, entry);
    }
    const seq = entry.head.size + 1;
    const event = sealEvent(
      {
        chainId,
        seq,
        time: iso,
        actor: input.actor,
        tenantId: input.tenantId,
        action: input.action,
        resource: input.resource,
        decision: input.decision,
        reason: input.reason,
        details: input.details,
      },
      entry.head.headHash,
    );
    const leaf = leafHash(event.hash);
    entry.range.push(leaf);
    entry.head.size = seq;
    entry.head.headHash = event.hash;
    events.push(event);
    receipts.push({ chain: chainId, seq, leafHash: leaf.toString('hex') });
  }
  const next = new Map<string, ChainHead>();
  for (const [chainId, { head, range }] of working) next.set(chainId, { ...head, frontier: range.frontier() });
  return { events, receipts, heads: next };
}
