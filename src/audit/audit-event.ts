/**
 * The audit event and its shape rules. docs/audit-format.md is the normative description; the
 * checks here are the same rules in code, shared by the sealer, the verifiers and the export parser.
 */

export type AuditDecision = 'allow' | 'deny' | 'none';

/** Who acted: a principal id (API key or user) and the role it acted in. */
export interface AuditActor {
  id: string;
  role: string;
}

export interface AuditResource {
  type: string;
  id: string;
}

/** A JSON value as JSON.parse produces it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Everything an event's hash covers. */
export interface AuditEventBody {
  /** 'platform' or 'tenant:<uuid>'. */
  chainId: string;
  /** 1-based, gap-free within the chain. */
  seq: number;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-22T10:11:12.123Z. */
  time: string;
  actor: AuditActor;
  /** The chain's tenant; null exactly on the platform chain. */
  tenantId: string | null;
  action: string;
  resource: AuditResource | null;
  decision: AuditDecision;
  /** A stable reason code (e.g. CONSENT_MISSING) or null. */
  reason: string | null;
  /** Pseudonyms, hashes and codes only: never raw personal data. */
  details: { [key: string]: JsonValue };
}

export interface AuditEvent extends AuditEventBody {
  /** Lower-case hex SHA-256 of the previous event of the chain; 64 zeros for seq 1. */
  prevHash: string;
  /** Lower-case hex SHA-256(prevHash bytes ‖ UTF-8 canonicalJson(body)). */
  hash: string;
}

export const PLATFORM_CHAIN = 'platform';
/** The prevHash of every chain's first event: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

export const HASH_HEX = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT_CHAIN = /^tenant:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ACTION = /^[A-Za-z0-9_.-]{1,100}$/;
const DECISIONS: ReadonlySet<string> = new Set(['allow', 'deny', 'none']);
const BODY_KEYS = ['action', 'actor', 'chainId', 'decision', 'details', 'reason', 'resource', 'seq', 'tenantId', 'time'];

export function chainIdFor(tenantId: string | null): string {
  if (tenantId === null) return PLATFORM_CHAIN;
  if (!UUID.test(tenantId)) throw new TypeError(`Tenant id ${JSON.stringify(tenantId)} is not a lower-case UUID`);
  return `tenant:${tenantId}`;
}

export function isChainId(value: unknown): value is string {
  return value === PLATFORM_CHAIN || (typeof value === 'string' && TENANT_CHAIN.test(value));
}

/** The tenant a chain belongs to: null for the platform chain. */
export function tenantOfChain(chainId: string): string | null {
  return chainId === PLATFORM_CHAIN ? null : chainId.slice('tenant:'.length);
}

export function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/** A real instant written exactly as Date.prototype.toISOString writes it (years 0000–9999). */
export function isAuditTime(value: unknown): value is string {
  if (typeof value !== 'string' || !TIME.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return false;
  return digits(value, 11, 13) < 24 && digits(value, 14, 16) < 60 && digits(value, 17, 19) < 60;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

const hasOwn = Object.prototype.hasOwnProperty;

function hasExactly(value: object, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in value) if (hasOwn.call(value, k)) n++;
  if (n !== keys.length) return false;
  for (const k of keys) if (!hasOwn.call(value, k)) return false;
  return true;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ACTOR_KEYS = ['id', 'role'];
const RESOURCE_KEYS = ['id', 'type'];
const EVENT_KEYS_SORTED = [...BODY_KEYS, 'hash', 'prevHash'].sort();

/** The members of a sealed event, sorted; an export line adds `type`. */
export const EVENT_KEYS: readonly string[] = EVENT_KEYS_SORTED;

/** A chain already known to be valid, so that events of it need not be matched against patterns. */
export interface KnownChain {
  chainId: string;
  tenantId: string | null;
}

function shapeProblem(body: unknown, keys: readonly string[], known?: KnownChain): string | null {
  if (!isRecord(body)) return 'event is not a JSON object';
  if (!hasExactly(body, keys)) return `event members must be exactly ${keys.join(', ')}`;
  const ofKnownChain = known !== undefined && body.chainId === known.chainId;
  if (!ofKnownChain && !isChainId(body.chainId)) return 'chainId must be "platform" or "tenant:<lower-case uuid>"';
  if (!isSeq(body.seq)) return 'seq must be an integer from 1 to 2^53-1';
  if (!isAuditTime(body.time)) return 'time must be an ISO-8601 UTC instant with milliseconds (YYYY-MM-DDTHH:mm:ss.sssZ)';
  const { actor, resource } = body;
  if (!isRecord(actor) || !hasExactly(actor, ACTOR_KEYS) || !nonEmpty(actor.id) || !nonEmpty(actor.role)) {
    return 'actor must be { id, role } with non-empty strings';
  }
  if (body.tenantId !== (ofKnownChain ? known.tenantId : tenantOfChain(body.chainId as string))) return "tenantId must be the chain's tenant (null on the platform chain)";
  if (typeof body.action !== 'string' || !ACTION.test(body.action)) return 'action must be 1-100 characters from A-Z a-z 0-9 _ . -';
  if (resource !== null && (!isRecord(resource) || !hasExactly(resource, RESOURCE_KEYS) || !nonEmpty(resource.type) || !nonEmpty(resource.id))) {
    return 'resource must be null or { type, id } with non-empty strings';
  }
  if (typeof body.decision !== 'string' || !DECISIONS.has(body.decision)) return 'decision must be allow, deny or none';
  if (body.reason !== null && !nonEmpty(body.reason)) return 'reason must be null or a non-empty string';
  if (!isRecord(body.details)) return 'details must be a JSON object';
  return null;
}

/** Why `body` is not a well-formed event body (exactly the hashed members), or null when it is. */
export function bodyProblem(body: unknown): string | null {
  return shapeProblem(body, BODY_KEYS);
}

/**
 * Why `event` is not a well-formed sealed event, prevHash and hash aside: those need only be
 * strings here. The chain verifier settles their format by comparing them with hashes it
 * computed, which is cheaper than matching them, and matches them only when a comparison fails.
 */
export function eventShapeProblem(event: unknown, keys: readonly string[] = EVENT_KEYS, known?: KnownChain): string | null {
  const problem = shapeProblem(event, keys, known);
  if (problem) return problem;
  const { prevHash, hash } = event as Record<string, unknown>;
  return typeof prevHash === 'string' && typeof hash === 'string' ? null : 'prevHash and hash must be strings';
}

/** Why prevHash or hash of a shape-checked event is not 64 lower-case hex digits, or null. */
export function hashFormatProblem(event: { prevHash: string; hash: string }): string | null {
  if (!HASH_HEX.test(event.prevHash)) return 'prevHash must be 64 lower-case hex digits';
  if (!HASH_HEX.test(event.hash)) return 'hash must be 64 lower-case hex digits';
  return null;
}

/**
 * Why `event` is not a well-formed sealed event, or null when it is. `keys` is the exact member
 * set expected, EVENT_KEYS unless the event sits in a larger record.
 */
export function eventProblem(event: unknown, keys: readonly string[] = EVENT_KEYS): string | null {
  return eventShapeProblem(event, keys) ?? hashFormatProblem(event as { prevHash: string; hash: string });
}

/** Just the hashed members of an event, in canonical order. */
export function bodyOf(event: AuditEventBody): AuditEventBody {
  const { action, actor, chainId, decision, details, reason, resource, seq, tenantId, time } = event;
  return { action, actor, chainId, decision, details, reason, resource, seq, tenantId, time };
}
