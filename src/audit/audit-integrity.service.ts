import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { DomainError, invalidField, notFound } from '../common/errors.js';
import type { Principal } from '../auth/principal.js';
import { ChainVerifier, type ChainFault } from './chain-verify.js';
import { CompactRange } from './compact-range.js';
import { consistencyProof, inclusionProof, leafHash, merkleRoot } from './merkle.js';
import { AuditRepository, type StoredCheckpoint } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import type { ChainHead } from './audit-batch.js';
import type { AuditEvent } from './audit-event.js';
import { AuditKeys } from './audit-keys.js';
import { checkpointProblem } from './checkpoint.js';

const PAGE = 10_000;
/** How many of the newest checkpoints verification reads: the newest valid one covers every event it signs. */
const CHECKPOINTS_CHECKED = 20;

interface NewestCheckpoints {
  valid: StoredCheckpoint[];
  bad?: { checkpoint: StoredCheckpoint; problem: string };
}

/**
 * What the newest checkpoints show is wrong with a chain as stored: a checkpoint that does not
 * verify (altered, or signed under a key this instance does not hold), or one that signs more of
 * the chain's events than it holds (the newest were removed).
 */
export function signedFault(head: ChainHead, signed: NewestCheckpoints): ChainFault | undefined {
  if (signed.bad) {
    const { checkpoint, problem } = signed.bad;
    return { chain: head.chainId, seq: head.size, reason: `checkpoint ${checkpoint.id} does not verify: ${problem}` };
  }
  for (const checkpoint of signed.valid) {
    const entry = checkpoint.body.chains.find((c) => c.chainId === head.chainId);
    if (entry && entry.treeSize > head.size) {
      const missing = entry.treeSize === head.size + 1 ? `seq ${entry.treeSize} is` : `seqs ${head.size + 1}..${entry.treeSize} are`;
      return { chain: head.chainId, seq: head.size + 1, reason: `checkpoint ${checkpoint.id} (issued ${checkpoint.body.issuedAt}) signs ${entry.treeSize} events, but the chain holds ${head.size}: ${missing} missing` };
    }
  }
  return undefined;
}

/** Tree size → root hash of a chain in the valid newest checkpoints. */
function signedRoots(chain: string, signed: NewestCheckpoints): Map<number, string> {
  const roots = new Map<number, string>();
  for (const checkpoint of signed.valid) {
    const entry = checkpoint.body.chains.find((c) => c.chainId === chain);
    if (entry && entry.treeSize > 0) roots.set(entry.treeSize, entry.rootHash);
  }
  return roots;
}

export interface InclusionProofView {
  chain: string;
  seq: number;
  treeSize: number;
  leafIndex: number;
  leafHash: string;
  rootHash: string;
  proof: string[];
}

export interface ConsistencyProofView {
  chain: string;
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  firstBad?: ChainFault;
}

/** Proofs over a chain's Merkle tree, and verification of chains as stored. */
@Injectable()
export class AuditIntegrity {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditRepository) private readonly repo: AuditRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditKeys) private readonly keys: AuditKeys,
  ) {}

  inclusion(principal: Principal, chain: string, seq: number, treeSize: number): Promise<InclusionProofView> {
    const [visible] = this.audit.visibleChains(principal, chain)!;
    if (seq > treeSize) throw invalidField('seq', 'range', 'must not exceed treeSize');
    return this.db.forPrincipal(principal, async () => {
      const leaves = await this.leaves(visible, treeSize);
      return {
        chain: visible,
        seq,
        treeSize,
        leafIndex: seq - 1,
        leafHash: leaves[seq - 1].toString('hex'),
        rootHash: merkleRoot(leaves).toString('hex'),
        proof: inclusionProof(leaves, seq - 1, treeSize).map((h) => h.toString('hex')),
      };
    });
  }

  consistency(principal: Principal, chain: string, from: number, to: number): Promise<ConsistencyProofView> {
    const [visible] = this.audit.visibleChains(principal, chain)!;
    if (from > to) throw invalidField('from', 'range', 'must not exceed to');
    return this.db.forPrincipal(principal, async () => {
      const leaves = await this.leaves(visible, to);
      return {
        chain: visible,
        from,
        to,
        fromRoot: merkleRoot(leaves.slice(0, from)).toString('hex'),
        toRoot: merkleRoot(leaves).toString('hex'),
        proof: consistencyProof(leaves, from, to).map((h) => h.toString('hex')),
      };
    });
  }

  /**
   * Re-checks every hash link of the chains the caller may see (optionally one chain, optionally a
   * seq range), that no event is missing at the end (against the stored head), and, for whole
   * chains, that the Merkle root at the head matches the stored frontier.
   */
  async verify(principal: Principal, chain: string | undefined, from = 1, to?: number): Promise<VerifyResult> {
    const chains = this.audit.visibleChains(principal, chain);
    const signed = await this.newestCheckpoints();
    return this.db.forPrincipal(principal, async () => {
      const heads = await this.repo.heads(chains);
      if (chain && !heads.length) throw notFound('Audit chain', chain);
      let checked = 0;
      for (const head of heads) {
        const result = await this.verifyChain(head, from, to ?? head.size, signed);
        checked += result.checked;
        if (result.firstBad) return { ok: false, checked, chains: heads.length, firstBad: result.firstBad };
      }
      return { ok: true, checked, chains: heads.length };
    });
  }

  private async verifyChain(head: ChainHead, from: number, to: number, signed: NewestCheckpoints): Promise<{ checked: number; firstBad?: ChainFault }> {
    const last = Math.min(to, head.size);
    const checkpointFault = signedFault(head, signed);
    if (checkpointFault) return { checked: 0, firstBad: checkpointFault };
    if (from > last) return { checked: 0 };
    const prev = from > 1 ? await this.repo.eventHash(head.chainId, from - 1) : undefined;
    if (from > 1 && !prev) return { checked: 0, firstBad: { chain: head.chainId, seq: from - 1, reason: `seq ${from - 1} is missing` } };
    const verifier = new ChainVerifier({ chainId: head.chainId, expectFirstSeq: from, expectPrevHash: prev ?? undefined });
    const range = from === 1 ? new CompactRange() : null;
    const roots = range ? signedRoots(head.chainId, signed) : new Map<number, string>();
    const page = (start: number) => {
      const events = this.repo.chainEvents(head.chainId, start, Math.min(start + PAGE - 1, last));
      // Not awaited when verification stops early; the caller's await still sees a failure.
      events.catch(() => undefined);
      return events;
    };
    let next: Promise<AuditEvent[]> | undefined = page(from);
    for (let start = from; next; start += PAGE) {
      const events: AuditEvent[] = await next;
      // Postgres reads the next page while this one is checked.
      next = start + PAGE <= last && events.length === PAGE ? page(start + PAGE) : undefined;
      for (const event of events) {
        if (verifier.next(event)) return { checked: verifier.checked, firstBad: verifier.firstBad };
        range?.pushEventHash(event.hash);
        const root = roots.get(event.seq);
        if (range && root && range.root().toString('hex') !== root) {
          return { checked: verifier.checked, firstBad: { chain: head.chainId, seq: event.seq, reason: `the first ${event.seq} events do not match the signed checkpoint of that size (rewritten or forked history)` } };
        }
      }
    }
    const end = verifier.last?.seq ?? from - 1;
    if (end < last) {
      return { checked: verifier.checked, firstBad: { chain: head.chainId, seq: end + 1, reason: `seq ${end + 1} is missing (the chain's head records ${head.size} events)` } };
    }
    if (last === head.size && verifier.last?.hash !== head.headHash) {
      return { checked: verifier.checked, firstBad: { chain: head.chainId, seq: last, reason: 'the last event is not the one the chain head records' } };
    }
    if (range && last === head.size && !range.root().equals(CompactRange.fromFrontier(head.size, head.frontier).root())) {
      return { checked: verifier.checked, firstBad: { chain: head.chainId, seq: last, reason: 'Merkle root of the stored events differs from the chain head' } };
    }
    if (last === head.size) {
      const stored = await this.repo.maxSeq(head.chainId);
      if (stored > head.size) {
        return { checked: verifier.checked, firstBad: { chain: head.chainId, seq: head.size + 1, reason: `events up to seq ${stored} are stored beyond the chain's head of ${head.size} events` } };
      }
    }
    return { checked: verifier.checked };
  }

  /**
   * The newest checkpoints by the instant they sign, checked with the current key. The first that
   * fails to verify ends the list as `bad`, unless it names another key and a checkpoint of the
   * current key is newer: then it was signed before a key rotation, and is passed over.
   */
  private async newestCheckpoints(): Promise<NewestCheckpoints> {
    const stored = await this.db.platform(() => this.repo.checkpoints(null, null, CHECKPOINTS_CHECKED, true));
    const { publicKey, keyId } = await this.keys.signingKey();
    const valid: StoredCheckpoint[] = [];
    for (const checkpoint of stored) {
      const problem = checkpointProblem(checkpoint, [publicKey]);
      if (!problem) valid.push(checkpoint);
      else if (!(valid.length > 0 && checkpoint.body?.keyId !== keyId)) return { valid, bad: { checkpoint, problem } };
    }
    return { valid };
  }

  private async leaves(chain: string, treeSize: number): Promise<Buffer[]> {
    const [head] = await this.repo.heads([chain]);
    if (!head) throw notFound('Audit chain', chain);
    if (treeSize > head.size) throw invalidField('treeSize', 'range', `must not exceed the chain's size, ${head.size}`);
    const hashes = await this.repo.chainHashes(chain, 1, treeSize);
    if (hashes.length !== treeSize) throw new DomainError('INTERNAL', 'Audit chain is missing events; run verification');
    return hashes.map((h) => leafHash(h));
  }
}
