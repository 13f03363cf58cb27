import { AuditEvent, EVENT_KEYS, GENESIS_HASH, HASH_HEX, eventProblem, isChainId } from './audit-event.js';
import { SignedCheckpoint, checkpointBodyProblem } from './checkpoint.js';
import { CompactRange, frontierLength } from './compact-range.js';
import { encodeCanonical, encodeEventBodyParts } from './event-hash.js';
import { leafHash } from './merkle.js';

/*
 * The JSONL export (docs/audit-format.md, "Export"): a header line, then checkpoint lines, then
 * anchor and event lines. Every line is the canonical JSON of its record, and readers insist on
 * it: one log always exports to the same bytes, and no line can mean one thing to this reader and
 * another to a JSON parser that treats duplicate members or odd number forms differently.
 */

export const EXPORT_FORMAT = 'warden-audit-export';
export const EXPORT_VERSION = 1;

/**
 * Where an export of a chain starts when it does not start at seq 1: the number of events before
 * it, the hash of the last of them, and the Merkle frontier over them (see CompactRange).
 */
export interface ChainAnchor {
  chainId: string;
  treeSize: number;
  prevHash: string;
  /** Perfect-subtree roots of the first treeSize leaves, largest first, lower-case hex. */
  frontier: string[];
}

export type ExportRecord =
  | { type: 'header'; format: string; version: number }
  | { type: 'checkpoint'; checkpoint: SignedCheckpoint }
  | { type: 'anchor'; anchor: ChainAnchor }
  /** encodedBody: canonicalJson of the event's body, already computed while reading the line. */
  | { type: 'event'; event: AuditEvent; encodedBody: string };

export type ParsedLine = { record: ExportRecord; error?: undefined } | { record?: undefined; error: string };

/** The header line; `info` adds unsigned, informational members (e.g. exportedAt, filter). */
export function headerLine(info: Record<string, unknown> = {}): string {
  return encodeCanonical({ ...info, type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION });
}

export function checkpointLine(checkpoint: SignedCheckpoint): string {
  return encodeCanonical({ type: 'checkpoint', body: checkpoint.body, signature: checkpoint.signature });
}

export function anchorLine(anchor: ChainAnchor): string {
  return encodeCanonical({ type: 'anchor', ...anchor });
}

export function eventLine(event: AuditEvent): string {
  return eventLineFrom(event, encodeEventBodyParts(event));
}

// The members of an event line sort as: body members up to details, hash, prevHash, the rest, type.
function eventLineFrom(event: AuditEvent, { head, tail }: { head: string; tail: string }): string {
  return `${head},"hash":"${event.hash}","prevHash":"${event.prevHash}"${tail.slice(0, -1)},"type":"event"}`;
}

/** The anchor for exporting a chain from seq range.size + 1, given the hash of seq range.size. */
export function anchorFor(chainId: string, range: CompactRange, prevHash: string): ChainAnchor {
  const anchor = { chainId, treeSize: range.size, prevHash, frontier: range.frontier().map((h) => h.toString('hex')) };
  const problem = anchorProblem(anchor);
  if (problem) throw new TypeError(`Cannot build anchor: ${problem}`);
  return anchor;
}

const EVENT_LINE_KEYS = [...EVENT_KEYS, 'type'].sort();
const ANCHOR_LINE_KEYS = ['chainId', 'frontier', 'prevHash', 'treeSize', 'type'];
const CHECKPOINT_LINE_KEYS = ['body', 'signature', 'type'];

const sameKeys = (value: object, keys: readonly string[]): boolean => {
  const own = Object.keys(value).sort();
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
};

/** Why `anchor` is malformed, or null. */
export function anchorProblem(anchor: Record<string, unknown>): string | null {
  const { chainId, treeSize, prevHash, frontier } = anchor;
  if (!isChainId(chainId)) return 'anchor chainId is not a chain id';
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 0) return 'anchor treeSize must be an integer ≥ 0';
  if (typeof prevHash !== 'string' || !HASH_HEX.test(prevHash)) return 'anchor prevHash must be 64 lower-case hex digits';
  if (treeSize === 0 && prevHash !== GENESIS_HASH) return 'an anchor of treeSize 0 must carry the genesis hash';
  if (!Array.isArray(frontier) || frontier.some((h) => typeof h !== 'string' || !HASH_HEX.test(h))) {
    return 'anchor frontier must be an array of 64-hex-digit hashes';
  }
  if (frontier.length !== frontierLength(treeSize)) return `anchor frontier must hold ${frontierLength(treeSize)} hashes for treeSize ${treeSize}`;
  // With an odd size the smallest perfect subtree is the last leaf alone: the leaf of prevHash.
  if (treeSize % 2 === 1 && frontier[frontier.length - 1] !== leafHash(prevHash).toString('hex')) {
    return 'anchor frontier does not end with the leaf of prevHash';
  }
  return null;
}

const NOT_CANONICAL = 'the line is not the canonical JSON of its record (see docs/audit-format.md)';

/** Parses and shape-checks one line. Signatures and hash links are the verifier's business. */
export function parseExportLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'a line must be a JSON object' };
  const line = value as Record<string, unknown>;
  if (line.type === 'event') {
    const problem = eventProblem(line, EVENT_LINE_KEYS);
    if (problem) return { error: `malformed event: ${problem}` };
    const { chainId, seq, time, actor, tenantId, action, resource, decision, reason, details, prevHash, hash } = line as unknown as AuditEvent;
    const event: AuditEvent = { chainId, seq, time, actor, tenantId, action, resource, decision, reason, details, prevHash, hash };
    const parts = encodeEventBodyParts(event);
    if (eventLineFrom(event, parts) !== text) return { error: NOT_CANONICAL };
    return { record: { type: 'event', event, encodedBody: parts.head + parts.tail } };
  }
  const parsed = parseOtherLine(line);
  return parsed.record && encodeCanonical(line) !== text ? { error: NOT_CANONICAL } : parsed;
}

function parseOtherLine(line: Record<string, unknown>): ParsedLine {
  switch (line.type) {
    case 'checkpoint': {
      if (!sameKeys(line, CHECKPOINT_LINE_KEYS)) return { error: 'checkpoint line members must be exactly type, body, signature' };
      const problem = checkpointBodyProblem(line.body);
      if (problem) return { error: `malformed checkpoint: ${problem}` };
      if (typeof line.signature !== 'string') return { error: 'malformed checkpoint: signature must be a string' };
      return { record: { type: 'checkpoint', checkpoint: { body: line.body, signature: line.signature } as SignedCheckpoint } };
    }
    case 'anchor': {
      if (!sameKeys(line, ANCHOR_LINE_KEYS)) return { error: 'anchor line members must be exactly type, chainId, treeSize, prevHash, frontier' };
      const problem = anchorProblem(line);
      if (problem) return { error: `malformed anchor: ${problem}` };
      const { chainId, treeSize, prevHash, frontier } = line as unknown as ChainAnchor;
      return { record: { type: 'anchor', anchor: { chainId, treeSize, prevHash, frontier } } };
    }
    case 'header': {
      if (line.format !== EXPORT_FORMAT) return { error: `header format must be ${JSON.stringify(EXPORT_FORMAT)}` };
      if (line.version !== EXPORT_VERSION) return { error: `unsupported export version ${JSON.stringify(line.version)} (this reader knows ${EXPORT_VERSION})` };
      return { record: { type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION } };
    }
    default:
      return { error: `unknown line type ${JSON.stringify(line.type)}` };
  }
}
