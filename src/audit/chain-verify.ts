import { AuditEvent, GENESIS_HASH, HASH_HEX, eventProblem, isChainId, isSeq } from './audit-event.js';
import { eventHash } from './event-hash.js';

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

  /**
   * Checks the next event; returns the chain's first fault once there is one. `wellFormed` skips
   * the shape check for events that already passed eventProblem (e.g. parsed export lines).
   */
  next(event: AuditEvent, wellFormed = false): ChainFault | undefined {
    if (this.fault) return this.fault;
    const found = this.check(event, wellFormed);
    if (found) {
      this.fault = found;
      return found;
    }
    this.chainId ??= event.chainId;
    this.lastSeq = event.seq;
    this.lastHash = event.hash;
    this.passed++;
    return undefined;
  }

  private check(event: AuditEvent, wellFormed: boolean): ChainFault | undefined {
    const expected = this.lastSeq + 1;
    const chain = this.chainId ?? (isChainId(event?.chainId) ? event.chainId : '?');
    const at = (seq: number, reason: string): ChainFault => ({ chain, seq, reason });
    if (!isSeq(event?.seq)) return at(expected, 'malformed event: seq must be an integer from 1 to 2^53-1');
    if (event.seq > expected) {
      return at(expected, event.seq === expected + 1 ? `seq ${expected} is missing (next event is seq ${event.seq})` : `seqs ${expected}..${event.seq - 1} are missing`);
    }
    if (event.seq < expected) {
      if (event.seq === this.lastSeq) {
        return at(event.seq, event.hash === this.lastHash ? `seq ${event.seq} appears twice` : `fork: a second, different event with seq ${event.seq}`);
      }
      return at(event.seq, `seq ${event.seq} is out of order (after seq ${this.lastSeq})`);
    }
    if (this.chainId !== undefined && event.chainId !== this.chainId) {
      return at(event.seq, `event belongs to chain ${JSON.stringify(event.chainId)}, not to this chain`);
    }
    const problem = wellFormed ? null : eventProblem(event);
    if (problem) return at(event.seq, `malformed event: ${problem}`);
    if (eventHash(event.prevHash, event) !== event.hash) return at(event.seq, 'hash mismatch: the event\'s content or prevHash was altered');
    if (this.lastHash !== undefined && event.prevHash !== this.lastHash) {
      return at(
        event.seq,
        expected > 1
          ? `prevHash does not match the hash of seq ${expected - 1}`
          : 'prevHash of seq 1 is not the genesis hash',
      );
    }
    return undefined;
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
