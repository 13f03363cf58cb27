import { hash as oneShotHash } from 'node:crypto';
import { AuditEvent, AuditEventBody, GENESIS_HASH, HASH_HEX, bodyProblem, eventProblem } from './audit-event.js';

/*
 * The hash of an event is SHA-256(prevHash bytes ‖ UTF-8 canonicalJson(body)). canonicalJson in
 * src/common is the definition; the encoder below produces the same bytes for every plain JSON
 * value (event-hash.spec.ts checks that against it on generated values) several times faster,
 * because verification runs it once per event over logs of millions of events.
 */

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function encodeString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * Sorts in place by UTF-16 code units, as Array#sort does by default. Keys arrive sorted from a
 * canonical writer and in short lists otherwise, where insertion sort beats the generic sort.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

interface KeyOrder {
  keys: readonly string[];
  sorted: string[];
  /** `"key":` for each sorted key. */
  prefixes: string[];
}

// The key lists seen last, most recent first. The events of a log share a handful of shapes (the
// details of one kind of action have the same members), so sorting and quoting keys is mostly
// replaced by comparing a list of keys with one seen before.
const orders: KeyOrder[] = [];
const REMEMBERED_ORDERS = 8;
const REMEMBERED_KEYS = 32;

function keyOrder(keys: string[]): KeyOrder {
  search: for (const order of orders) {
    if (order.keys.length !== keys.length) continue;
    for (let k = 0; k < keys.length; k++) if (order.keys[k] !== keys[k]) continue search;
    return order;
  }
  const sorted = sortKeys([...keys]);
  const order = { keys, sorted, prefixes: sorted.map((key) => `${encodeString(key)}:`) };
  if (keys.length <= REMEMBERED_KEYS) {
    orders.unshift(order);
    if (orders.length > REMEMBERED_ORDERS) orders.pop();
  }
  return order;
}

/** canonicalJson for plain JSON data (what JSON.parse returns, plus undefined members). */
export function encodeCanonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot encode ${value} canonically`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : encodeCanonical(item);
        }
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const { sorted, prefixes } = keyOrder(Object.keys(record));
      let out = '{';
      for (let i = 0; i < sorted.length; i++) {
        const member = record[sorted[i]];
        if (member === undefined) continue;
        out += out.length > 1 ? `,${prefixes[i]}${encodeCanonical(member)}` : prefixes[i] + encodeCanonical(member);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`Cannot encode a ${typeof value} canonically`);
  }
}

/**
 * canonicalJson(body) of a well-formed body (see bodyProblem), cut after the details value:
 * `head + tail` is the encoding, and an export line puts hash and prevHash between the two.
 * chainId, tenantId, time, action and decision of a well-formed body hold no character JSON
 * escapes, so they are quoted as they are. Members beyond the body are not read.
 */
export function encodeEventBodyParts(event: AuditEventBody): { head: string; tail: string } {
  const { actor, resource, reason, tenantId } = event;
  const head =
    `{"action":"${event.action}"` +
    `,"actor":{"id":${encodeString(actor.id)},"role":${encodeString(actor.role)}}` +
    `,"chainId":"${event.chainId}"` +
    `,"decision":"${event.decision}"` +
    `,"details":${encodeCanonical(event.details)}`;
  const tail =
    `,"reason":${reason === null ? 'null' : encodeString(reason)}` +
    `,"resource":${resource === null ? 'null' : `{"id":${encodeString(resource.id)},"type":${encodeString(resource.type)}}`}` +
    `,"seq":${event.seq}` +
    `,"tenantId":${tenantId === null ? 'null' : `"${tenantId}"`}` +
    `,"time":"${event.time}"}`;
  return { head, tail };
}

/** canonicalJson(body) of a well-formed body. */
export function encodeEventBody(event: AuditEventBody): string {
  const { head, tail } = encodeEventBodyParts(event);
  return head + tail;
}

// One scratch buffer, reused: prevHash and body are written side by side and hashed in one call.
let scratch = Buffer.allocUnsafe(1 << 16);

/** hex SHA-256( bytes of prevHash ‖ UTF-8 bytes of an encoded body ). */
export function hashEncodedBody(prevHash: string, encodedBody: string): string {
  scratch.write(prevHash, 0, 32, 'hex');
  let written = scratch.write(encodedBody, 32, 'utf8');
  // Buffer#write stops short of a character that does not fit, leaving under 4 bytes free.
  if (32 + written > scratch.length - 4) {
    scratch = Buffer.allocUnsafe(2 * (32 + Buffer.byteLength(encodedBody, 'utf8')));
    scratch.write(prevHash, 0, 32, 'hex');
    written = scratch.write(encodedBody, 32, 'utf8');
  }
  return oneShotHash('sha256', scratch.subarray(0, 32 + written), 'hex');
}

/** hex SHA-256( bytes of prevHash ‖ UTF-8 canonicalJson(body) ), for a well-formed body. */
export function eventHash(prevHash: string, body: AuditEventBody): string {
  return hashEncodedBody(prevHash, encodeEventBody(body));
}

/** U+0000 (which jsonb refuses) or an unpaired surrogate (which UTF-8 cannot encode). */
const ILL_FORMED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ILL_FORMED_ALL = new RegExp(ILL_FORMED.source, 'g');

/**
 * `text` as an audit event can hold it: its first `max` UTF-16 code units, with U+0000 and unpaired
 * surrogates (one the cut leaves included) replaced by U+FFFD. For recording what a caller sent.
 */
export function storableText(text: string, max: number): string {
  return text.slice(0, max).replace(ILL_FORMED_ALL, '\ufffd');
}

/**
 * Why `value` is not plain JSON data that survives storage as Postgres jsonb and a JSON round
 * trip unchanged, or null. Refused: non-plain objects (Date, Map, class instances), sparse arrays,
 * non-finite numbers, and strings holding U+0000 or an unpaired surrogate.
 */
export function plainJsonProblem(value: unknown, path = '$', depth = 0): string | null {
  if (depth > 64) return `${path} is nested more than 64 levels deep`;
  switch (typeof value) {
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is not a finite number`;
    case 'string':
      return ILL_FORMED.test(value)
        ? `${path} holds U+0000 or an unpaired surrogate`
        : null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return `${path}[${i}] is a hole`;
          const problem = plainJsonProblem(value[i], `${path}[${i}]`, depth + 1);
          if (problem) return problem;
        }
        return null;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
      for (const [key, member] of Object.entries(value)) {
        const keyProblem = plainJsonProblem(key, `${path} key`, depth + 1);
        if (keyProblem) return keyProblem;
        if (member === undefined) return `${path}.${key} is undefined`;
        const problem = plainJsonProblem(member, `${path}.${key}`, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return `${path} is a ${typeof value}, not JSON`;
  }
}

/** Why `body` cannot be sealed (its shape, or a value that would not survive storage), or null. */
export function sealProblem(body: unknown): string | null {
  return bodyProblem(body) ?? plainJsonProblem(body);
}

/**
 * The event that follows `prevHash` in its chain (GENESIS_HASH for seq 1). Refuses a body that
 * breaks the shape rules or whose details are not plain JSON, so that whatever is sealed can be
 * stored, exported and verified byte for byte.
 */
export function sealEvent(body: AuditEventBody, prevHash: string): AuditEvent {
  const problem = sealProblem(body);
  if (problem) throw new TypeError(`Cannot seal audit event: ${problem}`);
  if (!HASH_HEX.test(prevHash)) throw new TypeError('Cannot seal audit event: prevHash must be 64 lower-case hex digits');
  if (body.seq === 1 && prevHash !== GENESIS_HASH) throw new TypeError('Cannot seal audit event: seq 1 must follow the genesis hash');
  return { ...body, prevHash, hash: eventHash(prevHash, body) };
}

/** Whether the event is well-formed and its stored hash is the hash of its own prevHash and body. */
export function hashMatches(event: AuditEvent): boolean {
  return eventProblem(event) === null && eventHash(event.prevHash, event) === event.hash;
}
