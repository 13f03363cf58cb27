import { KeyObject, createHash, createPublicKey } from 'node:crypto';
import { AuditEvent, AuditEventBody, GENESIS_HASH, tenantOfChain } from './audit-event.js';
import { CheckpointChain, checkpointBody, signCheckpoint } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { eventHash } from './event-hash.js';
import { checkpointLine, eventLine, headerLine } from './export-format.js';

/*
 * Deterministic, realistic audit logs for the specs and the benchmark: the same arguments always
 * give the same events, hashes and export bytes (signatures aside, Ed25519 being deterministic too).
 */

const PURPOSES = ['credit-scoring', 'fraud-prevention', 'marketing'];
const MODELS = ['credit-risk', 'fraud-score', 'churn'];

const pseudo = (seed: string): string => createHash('sha256').update(seed).digest('hex');

/** The body of event `seq` of a sample chain. */
export function sampleBody(chainId: string, seq: number, startMs = Date.UTC(2026, 0, 1)): AuditEventBody {
  const tenantId = tenantOfChain(chainId);
  const h = pseudo(`${chainId}/${seq}`);
  const pick = (list: string[], at: number): string => list[parseInt(h.slice(at, at + 2), 16) % list.length];
  const denied = h.charCodeAt(10) % 7 === 0;
  if (tenantId === null) {
    return {
      chainId,
      seq,
      time: new Date(startMs + seq * 1_000).toISOString(),
      actor: { id: `key_${h.slice(0, 12)}`, role: 'admin' },
      tenantId: null,
      action: seq % 2 ? 'model.status' : 'policy.activate',
      resource: { type: seq % 2 ? 'model' : 'policy', id: pick(MODELS, 2) },
      decision: 'allow',
      reason: null,
      details: { from: 'active', to: 'suspended', note: 'müller ✓ "review"' },
    };
  }
  return {
    chainId,
    seq,
    time: new Date(startMs + seq * 37).toISOString(),
    actor: { id: `key_${h.slice(0, 12)}`, role: 'tenant' },
    tenantId,
    action: 'inference.infer',
    resource: { type: 'model', id: pick(MODELS, 2) },
    decision: denied ? 'deny' : 'allow',
    reason: denied ? 'CONSENT_MISSING' : null,
    details: {
      requestId: h.slice(12, 44),
      modelVersion: 1 + (h.charCodeAt(5) % 4),
      purpose: pick(PURPOSES, 4),
      subject: `sub_${h.slice(44, 60)}`,
      inputHash: pseudo(h),
      latencyMs: 3 + (h.charCodeAt(7) % 40),
      obligations: denied ? [] : ['human_review'],
    },
  };
}

/** Events `from`..`to` (inclusive) of a sample chain, correctly linked from `prevHash`. */
export function* sampleChain(chainId: string, to: number, from = 1, prevHash = GENESIS_HASH): Generator<AuditEvent> {
  let prev = prevHash;
  for (let seq = from; seq <= to; seq++) {
    const body = sampleBody(chainId, seq);
    const hash = eventHash(prev, body);
    // Built member by member, as a repository maps a row, rather than by spreading the body.
    const { time, actor, tenantId, action, resource, decision, reason, details } = body;
    yield { chainId, seq, time, actor, tenantId, action, resource, decision, reason, details, prevHash: prev, hash };
    prev = hash;
  }
}

export interface SampleExportOptions {
  chains: { chainId: string; count: number }[];
  /** A checkpoint every this many events per chain, plus one at the end. */
  checkpointEvery: number;
  privateKey: KeyObject;
  issuedAt?: Date;
}

/** Each chain's head after every `every` events and at its end. */
function sampleCheckpoints(options: SampleExportOptions): CheckpointChain[][] {
  const heads: CheckpointChain[][] = [];
  for (const { chainId, count } of options.chains) {
    const range = new CompactRange();
    let k = 0;
    for (const event of sampleChain(chainId, count)) {
      range.pushEventHash(event.hash);
      if (range.size % options.checkpointEvery === 0 || range.size === count) {
        (heads[k++] ??= []).push({ chainId, treeSize: range.size, rootHash: range.root().toString('hex') });
      }
    }
  }
  // A chain that ends early keeps its final head in the later checkpoints.
  for (let k = 1; k < heads.length; k++) {
    for (const previous of heads[k - 1]) {
      if (!heads[k].some((c) => c.chainId === previous.chainId)) heads[k].push(previous);
    }
  }
  return heads;
}

/** A complete, valid export: header, signed checkpoints, then the chains' events interleaved. */
export function* sampleExportLines(options: SampleExportOptions): Generator<string> {
  const publicKey = createPublicKey(options.privateKey);
  const issuedAt = options.issuedAt ?? new Date(Date.UTC(2026, 5, 1));
  yield headerLine({ exportedAt: issuedAt.toISOString() });
  for (const [k, heads] of sampleCheckpoints(options).entries()) {
    const body = checkpointBody(heads, new Date(issuedAt.getTime() + k * 60_000), publicKey);
    yield checkpointLine(signCheckpoint(body, options.privateKey));
  }
  const streams = options.chains.map(({ chainId, count }) => sampleChain(chainId, count));
  for (let live = streams.length; live > 0; ) {
    live = 0;
    for (const stream of streams) {
      const next = stream.next();
      if (next.done) continue;
      live++;
      yield eventLine(next.value);
    }
  }
}
