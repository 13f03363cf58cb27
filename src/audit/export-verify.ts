import { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AuditEvent, GENESIS_HASH } from './audit-event.js';
import { ChainVerifier } from './chain-verify.js';
import { checkpointProblem } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { ChainAnchor, parseExportLine } from './export-format.js';

/*
 * Offline verification of a JSONL export in one pass and constant memory in the number of
 * events: per chain it keeps the last seq and hash (ChainVerifier), the Merkle frontier
 * (CompactRange) and the checkpoint roots still ahead of it.
 */

export interface ExportFault {
  /** 1-based line of the export where the fault shows. */
  line: number;
  chain?: string;
  seq?: number;
  reason: string;
}

export interface ChainReport {
  chainId: string;
  /** Seq of the first event in the export (anchor treeSize + 1). */
  firstSeq: number;
  /** Seq of the last event in the export; firstSeq - 1 when it holds none. */
  lastSeq: number;
  /** Checkpoint roots recomputed and matched. */
  rootsChecked: number;
  /** The largest tree size a matching checkpoint covers, or null. */
  signedUpTo: number | null;
  /** The Merkle root (hex) at lastSeq, to compare with a checkpoint obtained elsewhere. */
  rootHash: string;
}

export interface ExportVerification {
  ok: boolean;
  lines: number;
  events: number;
  checkpoints: number;
  rootsChecked: number;
  /** Checkpoint entries for chains not in the export or for sizes before an anchor. */
  entriesOutside: number;
  chains: ChainReport[];
  firstBad?: ExportFault;
}

export interface ExportVerifyOptions {
  /** Keys whose checkpoints are trusted (several while a signing key is being rotated). */
  publicKeys: readonly KeyObject[];
  /** Accept a chain that no checkpoint covers, on its hash links alone. */
  allowUnsigned?: boolean;
}

interface PendingRoot {
  treeSize: number;
  rootHash: string;
  line: number;
  issuedAt: string;
}

interface ChainState {
  verifier: ChainVerifier;
  range: CompactRange;
  startSize: number;
  pending: PendingRoot[];
  next: number;
  rootsChecked: number;
  signedUpTo: number | null;
}

export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Feed it the export's lines in order, then call finish(). */
export class ExportVerifier {
  private lineNo = 0;
  private phase: 'header' | 'checkpoints' | 'chains' = 'header';
  private readonly pending = new Map<string, PendingRoot[]>();
  private readonly chains = new Map<string, ChainState>();
  private events = 0;
  private checkpoints = 0;
  private outside = 0;
  private fault: ExportFault | undefined;

  constructor(private readonly options: ExportVerifyOptions) {}

  /** Checks one line; returns the export's first fault once there is one. */
  line(text: string): ExportFault | undefined {
    if (this.fault) return this.fault;
    this.lineNo++;
    this.fault = this.check(text);
    return this.fault;
  }

  /**
   * Ends the export at bytes that are not UTF-8: an export is UTF-8 and each line exactly its
   * canonical JSON, so a file a lenient reader would repair is not the export that was signed.
   */
  notUtf8(): ExportFault {
    this.fault ??= this.fail(`bytes that are not UTF-8 after line ${this.lineNo}`, undefined, undefined, this.lineNo + 1);
    return this.fault;
  }

  private fail(reason: string, chain?: string, seq?: number, line = this.lineNo): ExportFault {
    return { line, reason, ...(chain !== undefined && { chain }), ...(seq !== undefined && { seq }) };
  }

  private check(text: string): ExportFault | undefined {
    if (text.length > MAX_LINE_CHARS) return this.fail(`line is longer than ${MAX_LINE_CHARS} characters`);
    const parsed = parseExportLine(text);
    if (parsed.error !== undefined) return this.fail(parsed.error);
    const { record } = parsed;
    if (this.phase === 'header') {
      if (record.type !== 'header') return this.fail('the first line must be the export header');
      this.phase = 'checkpoints';
      return undefined;
    }
    switch (record.type) {
      case 'header':
        return this.fail('a second header line');
      case 'checkpoint': {
        if (this.phase !== 'checkpoints') return this.fail('checkpoint lines must come before every anchor and event line');
        const problem = checkpointProblem(record.checkpoint, this.options.publicKeys);
        if (problem) return this.fail(problem);
        this.checkpoints++;
        const { issuedAt } = record.checkpoint.body;
        for (const { chainId, treeSize, rootHash } of record.checkpoint.body.chains) {
          const list = this.pending.get(chainId) ?? [];
          list.push({ treeSize, rootHash, issuedAt, line: this.lineNo });
          this.pending.set(chainId, list);
        }
        return undefined;
      }
      case 'anchor':
        if (this.chains.has(record.anchor.chainId)) return this.fail('an anchor must come before its chain\'s events, at most once', record.anchor.chainId);
        return this.startChain(record.anchor.chainId, record.anchor).fault;
      case 'event':
        return this.event(record.event, record.encodedBody);
    }
  }

  private startChain(chainId: string, anchor?: ChainAnchor): { state: ChainState; fault?: ExportFault } {
    if (this.phase === 'checkpoints') {
      this.phase = 'chains';
      for (const list of this.pending.values()) list.sort((a, b) => a.treeSize - b.treeSize);
    }
    const startSize = anchor?.treeSize ?? 0;
    const pending = this.pending.get(chainId) ?? [];
    this.pending.delete(chainId);
    let next = 0;
    while (next < pending.length && pending[next].treeSize < startSize) next++;
    this.outside += next;
    const state: ChainState = {
      verifier: new ChainVerifier({ chainId, expectFirstSeq: startSize + 1, expectPrevHash: anchor?.prevHash ?? GENESIS_HASH }),
      range: anchor ? CompactRange.fromFrontier(startSize, anchor.frontier.map((h) => Buffer.from(h, 'hex'))) : new CompactRange(),
      startSize,
      pending,
      next,
      rootsChecked: 0,
      signedUpTo: null,
    };
    this.chains.set(chainId, state);
    return { state, fault: this.checkRoots(chainId, state) };
  }

  private event(event: AuditEvent, encodedBody: string): ExportFault | undefined {
    let state = this.chains.get(event.chainId);
    if (!state) {
      const started = this.startChain(event.chainId);
      if (started.fault) return started.fault;
      state = started.state;
    }
    const fault = state.verifier.nextEncoded(event, encodedBody);
    if (fault) return this.fail(fault.reason, fault.chain, fault.seq);
    this.events++;
    state.range.pushEventHash(event.hash);
    return state.next < state.pending.length ? this.checkRoots(event.chainId, state) : undefined;
  }

  private checkRoots(chainId: string, state: ChainState): ExportFault | undefined {
    const { pending, range } = state;
    let root: string | undefined;
    while (state.next < pending.length && pending[state.next].treeSize === range.size) {
      const expected = pending[state.next++];
      root ??= range.root().toString('hex');
      if (root !== expected.rootHash) {
        return this.fail(
          `the Merkle root at treeSize ${range.size} is ${root}, but the checkpoint of line ${expected.line} (issued ${expected.issuedAt}) signs ${expected.rootHash}`,
          chainId,
          range.size,
        );
      }
      state.rootsChecked++;
      state.signedUpTo = range.size;
    }
    return undefined;
  }

  /** Ends the export: checkpoint sizes past its end, and chains no checkpoint covers, fail here. */
  finish(): ExportVerification {
    if (!this.fault) this.fault = this.checkEnd();
    const chains: ChainReport[] = [...this.chains].map(([chainId, s]) => ({
      chainId,
      firstSeq: s.startSize + 1,
      lastSeq: s.range.size,
      rootsChecked: s.rootsChecked,
      signedUpTo: s.signedUpTo,
      rootHash: s.range.root().toString('hex'),
    }));
    return {
      ok: this.fault === undefined,
      lines: this.lineNo,
      events: this.events,
      checkpoints: this.checkpoints,
      rootsChecked: chains.reduce((sum, c) => sum + c.rootsChecked, 0),
      entriesOutside: this.outside + [...this.pending.values()].reduce((sum, list) => sum + list.length, 0),
      chains,
      ...(this.fault && { firstBad: this.fault }),
    };
  }

  private checkEnd(): ExportFault | undefined {
    if (this.phase === 'header') return this.fail('the export is empty: no header line', undefined, undefined, 0);
    for (const [chainId, state] of this.chains) {
      if (state.next < state.pending.length) {
        const beyond = state.pending[state.pending.length - 1];
        const last = state.range.size;
        const missing = beyond.treeSize === last + 1 ? `seq ${last + 1} is missing` : `seqs ${last + 1}..${beyond.treeSize} are missing`;
        return this.fail(
          `the export ends at seq ${last}, but the checkpoint of line ${beyond.line} covers treeSize ${beyond.treeSize}: ${missing}`,
          chainId,
          last + 1,
          beyond.line,
        );
      }
    }
    if (this.options.allowUnsigned) return undefined;
    for (const [chainId, state] of this.chains) {
      // A root at the anchor's size vouches for the anchor, not for any event after it.
      if (state.range.size > state.startSize && (state.signedUpTo ?? 0) <= state.startSize) {
        return this.fail('no checkpoint in the export covers this chain, so no signature vouches for it', chainId, state.startSize + 1, this.lineNo);
      }
    }
    return undefined;
  }
}

/** Verifies an export given as lines (without their line breaks). */
export async function verifyExportLines(lines: Iterable<string> | AsyncIterable<string>, options: ExportVerifyOptions): Promise<ExportVerification> {
  const verifier = new ExportVerifier(options);
  for await (const text of lines) {
    if (verifier.line(text)) break;
  }
  return verifier.finish();
}

/**
 * Verifies an export file, reading it in 1 MiB chunks and stopping at the first fault. Lines end
 * with LF; a final line without one is accepted.
 */
export async function verifyExportFile(path: string, options: ExportVerifyOptions): Promise<ExportVerification> {
  const verifier = new ExportVerifier(options);
  let rest = '';
  let stopped = false;
  // A byte order mark is kept, not skipped: an export starts with its header's "{".
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const utf8 = (bytes?: Buffer): string | null => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      verifier.notUtf8();
      return null;
    }
  };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      const chunk = utf8(bytes);
      if (chunk === null) {
        stopped = true;
        break;
      }
      const text = rest.length > 0 ? rest + chunk : chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        if (verifier.line(text.slice(start, end))) {
          stopped = true;
          break;
        }
        start = end + 1;
      }
      if (stopped) break;
      rest = text.slice(start);
      if (rest.length > MAX_LINE_CHARS) {
        verifier.line(rest);
        stopped = true;
        break;
      }
    }
    if (!stopped && utf8() !== null && rest.length > 0) verifier.line(rest);
  } finally {
    stream.destroy();
  }
  return verifier.finish();
}
