import {
  AuditEvent,
  EVENT_KEYS,
  GENESIS_HASH,
  HASH_HEX,
  KnownChain,
  eventShapeProblem,
  hashFormatProblem,
  isChainId,
  isSeq,
  tenantOfChain,
} from './audit-event.js';
import { encodeEventBody, hashEncodedBody } from './event-hash.js';

/** The first place a chain stops being valid: events before `seq` form a valid chain, `seq` does not. */
export interface ChainFault {
  chain: string;
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Events that passed, in order, before the first fault. */
  checked: number;
  /** The last event that passed, to continue from (e.g. with the next page of a chain). */
  last?: { seq: number; hash: string };
  firstBad?: ChainFault;
}

export interface ChainVerifyOptions {
  /** The chain every event must belong to; by default the first event's chain. */
  chainId?: string;
  /** Seq of the first event; 1 unless verifying from the middle of a chain. */
  expectFirstSeq?: number;
  /**
   * Hash of the event before the first one. Defaults to the genesis hash when the first seq is 1;
   * when verifying from the middle of a chain without it, the first prevHash is taken on trust.
   */
  expectPrevHash?: string;
}

/**
 * Checks events one at a time in the order given, which must be seq order. Keeps only the last
 * seq and hash, so a chain of any length can be streamed through it. After the first fault it
 * stops accepting events and keeps reporting that fault.
 */
export class ChainVerifier {
  private chainId: string | undefined;
  private lastSeq: number;
  private lastHash: string | undefined;
  private passed = 0;
  private fault: ChainFault | undefined;
  private known: KnownChain | undefined;

  constructor(options: ChainVerifyOptions = {}) {
    const firstSeq = options.expectFirstSeq ?? 1;
    if (!isSeq(firstSeq)) throw new RangeError(`expectFirstSeq must be an integer ≥ 1, got ${firstSeq}`);
    if (options.chainId !== undefined && !isChainId(options.chainId)) throw new RangeError(`not a chain id: ${options.chainId}`);
    if (options.expectPrevHash !== undefined && !HASH_HEX.test(options.expectPrevHash)) {
      throw new RangeError('expectPrevHash must be 64 lower-case hex digits');
    }
    this.chainId = options.chainId;
    this.lastSeq = firstSeq - 1;
    this.lastHash = options.expectPrevHash ?? (firstSeq === 1 ? GENESIS_HASH : undefined);
  }

  get checked(): number {
    return this.passed;
  }

  /** The last event accepted, if any. */
  get last(): { seq: number; hash: string } | undefined {
    return this.passed > 0 ? { seq: this.lastSeq, hash: this.lastHash! } : undefined;
  }

  get firstBad(): ChainFault | undefined {
    return this.fault;
  }

  /** Checks the next event; returns the chain's first fault once there is one. */
  next(event: AuditEvent): ChainFault | undefined {
    return this.accept(event, undefined);
  }

  /**
   * The same for an event that already passed eventProblem, given its canonical body encoding
   * (as an export reader has it), so that neither is done twice.
   */
  nextEncoded(event: AuditEvent, encodedBody: string): ChainFault | undefined {
    return this.accept(event, encodedBody);
  }

  private accept(event: AuditEvent, encodedBody: string | undefined): ChainFault | undefined {
    if (this.fault) return this.fault;
    const found = this.check(event, encodedBody);
    if (found) {
      this.fault = found;
      return found;
    }
    if (this.known?.chainId !== event.chainId) this.known = { chainId: event.chainId, tenantId: tenantOfChain(event.chainId) };
    this.chainId ??= event.chainId;
    this.lastSeq = event.seq;
    this.lastHash = event.hash;
    this.passed++;
    return undefined;
  }

  private faultAt(event: AuditEvent, seq: number, reason: string): ChainFault {
    return { chain: this.chainId ?? (isChainId(event?.chainId) ? event.chainId : '?'), seq, reason };
  }

  private check(event: AuditEvent, encodedBody: string | undefined): ChainFault | undefined {
    const expected = this.lastSeq + 1;
    if (!isSeq(event?.seq)) return this.faultAt(event, expected, 'malformed event: seq must be an integer from 1 to 2^53-1');
    const { seq } = event;
    if (seq > expected) {
      const reason = seq === expected + 1 ? `seq ${expected} is missing (next event is seq ${seq})` : `seqs ${expected}..${seq - 1} are missing`;
      return this.faultAt(event, expected, reason);
    }
    if (seq < expected) {
      if (this.passed === 0) return this.faultAt(event, seq, `the run should start at seq ${expected}, not at seq ${seq}`);
      if (seq !== this.lastSeq) return this.faultAt(event, seq, `seq ${seq} is out of order (after seq ${this.lastSeq})`);
      return this.faultAt(event, seq, event.hash === this.lastHash ? `seq ${seq} appears twice` : `fork: a second, different event with seq ${seq}`);
    }
    if (this.chainId !== undefined && event.chainId !== this.chainId) {
      return this.faultAt(event, seq, `event belongs to chain ${JSON.stringify(event.chainId)}, not to this chain`);
    }
    const problem = encodedBody === undefined ? eventShapeProblem(event, EVENT_KEYS, this.known) : null;
    if (problem) return this.faultAt(event, seq, `malformed event: ${problem}`);
    // prevHash and hash are only matched against their format when a comparison fails.
    if (hashEncodedBody(event.prevHash, encodedBody ?? encodeEventBody(event)) !== event.hash) {
      return this.malformed(event) ?? this.faultAt(event, seq, "hash mismatch: the event's content or prevHash was altered");
    }
    if (this.lastHash === undefined) return this.malformed(event);
    if (event.prevHash !== this.lastHash) {
      const reason = expected > 1 ? `prevHash does not match the hash of seq ${expected - 1}` : 'prevHash of seq 1 is not the genesis hash';
      return this.malformed(event) ?? this.faultAt(event, seq, reason);
    }
    return undefined;
  }

  private malformed(event: AuditEvent): ChainFault | undefined {
    const problem = hashFormatProblem(event);
    return problem ? this.faultAt(event, event.seq, `malformed event: ${problem}`) : undefined;
  }
}

/** Verifies a run of one chain's events in seq order. */
export function verifyChain(events: Iterable<AuditEvent>, options: ChainVerifyOptions = {}): ChainVerification {
  const verifier = new ChainVerifier(options);
  for (const event of events) {
    if (verifier.next(event)) break;
  }
  return report(verifier);
}

/** Same as verifyChain, for events arriving in pages (e.g. from a database cursor). */
export async function verifyChainAsync(events: AsyncIterable<AuditEvent>, options: ChainVerifyOptions = {}): Promise<ChainVerification> {
  const verifier = new ChainVerifier(options);
  for await (const event of events) {
    if (verifier.next(event)) break;
  }
  return report(verifier);
}

function report(verifier: ChainVerifier): ChainVerification {
  const { checked, last, firstBad } = verifier;
  return { ok: firstBad === undefined, checked, ...(last && { last }), ...(firstBad && { firstBad }) };
}
