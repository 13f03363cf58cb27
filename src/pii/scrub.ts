import { scrub, type EntityType } from '../privacy/index.js';

/**
 * Strings that are machine-made identifiers (UUIDs, chain ids, ISO timestamps, codes, model
 * references such as `credit-approval@1.0.0`) and cannot hold personal data; everything else is
 * scrubbed. Hex digests are not taken on their shape alone: a card number is hex too, and a string
 * that merely looks like a digest ("sha256:4111111111111111") may be anything; the analyzer finds
 * nothing in a real digest (and `cannotHoldPii` spares it the analysis when it safely can).
 */
const MACHINE_SHAPED = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^(?:platform|tenant:[0-9a-f-]{36})$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/,
  // upper-case codes such as REDACTION_FAILED (no digits: a compact IBAN or NINO is not a code)
  /^[A-Z]+(?:_[A-Z]+)*$/,
  // model references: name@semver
  /^[a-z0-9][a-z0-9._-]{0,99}@\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/,
];

const isMachineShaped = (s: string): boolean => s.length === 0 || (s.length <= 128 && MACHINE_SHAPED.some((re) => re.test(s)));

/**
 * A copy of `value` in which every string that may hold personal data has it replaced (`<EMAIL>`,
 * …). Used on everything Warden stores or logs whatever the policy says: audit details, job
 * payloads, log lines. Numbers, booleans and identifiers pass through unchanged; so do camel-case
 * keys (the names code gives fields), while any other key is scrubbed like a value. Throws
 * RedactionFailedError when analysis fails; callers fail closed.
 */
export function scrubForStorage<T>(value: T, entities?: readonly EntityType[]): T {
  return walk(value, 0, entities) as T;
}

/**
 * What Warden's own operational messages are scrubbed of: the identifiers and numbers a database
 * or job error could quote. Names, places and addresses are left, since these messages are written
 * by Warden (which stores no names) and "Starting Nest" or "listening on 127.0.0.1" must stay readable.
 */
export const OPERATIONAL_ENTITIES: readonly EntityType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'UK_NINO', 'DE_TAX_ID', 'ES_NIF'];

function walk(v: unknown, depth: number, entities: readonly EntityType[] | undefined): unknown {
  if (typeof v === 'string') return isMachineShaped(v) ? v : scrub(v, { entities });
  if (v === null || typeof v !== 'object') return v;
  if (depth > 32) return '[Truncated]';
  if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1, entities));
  if (v instanceof Date) return v;
  if (v instanceof Error) {
    // Still an Error, so that loggers print its message and stack; both scrubbed.
    const copy = new Error(walk(v.message, depth + 1, entities) as string);
    copy.name = v.name;
    copy.stack = v.stack === undefined ? undefined : (walk(v.stack, depth + 1, entities) as string);
    return copy;
  }
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) out[isMachineShaped(k) || /^[a-z][A-Za-z0-9]*$/.test(k) ? k : scrub(k, { entities })] = walk(item, depth + 1, entities);
  return out;
}
