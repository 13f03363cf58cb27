import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

/**
 * JWS compact serialisation (RFC 7515) with Ed25519 only (`alg: "EdDSA"`, RFC 8037). One
 * algorithm, fixed by the verifier rather than read from the token, so that `none`, HMAC-with-
 * the-public-key and other algorithm-confusion tricks have nothing to work with.
 */
export const JWS_ALG = 'EdDSA';

export type JwsFailure =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'unsupported-header'
  | 'unexpected-type'
  | 'wrong-key'
  | 'bad-signature'
  | 'invalid-payload';

export type JwsHeader = { alg: typeof JWS_ALG; kid?: string; typ?: string } & Record<string, unknown>;

export type JwsVerification =
  | { valid: true; header: JwsHeader; payload: Buffer }
  | { valid: false; reason: JwsFailure; detail: string };

export type JsonVerification =
  | { valid: true; kid: string; value: unknown }
  | { valid: false; reason: JwsFailure; detail: string };

/** A type alias rather than an interface so that it passes as node's JsonWebKey as it is. */
export type Ed25519PublicJwk = {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof JWS_ALG;
  use: 'sig';
};

const ED25519_SIGNATURE_BYTES = 64;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function signJws(payload: Uint8Array | string, privateKey: KeyObject, header: { kid: string; typ?: string }): string {
  assertEd25519(privateKey);
  const protectedHeader = encode(canonicalJson({ alg: JWS_ALG, kid: header.kid, typ: header.typ }));
  const signingInput = `${protectedHeader}.${encode(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url')}`;
}

/** Checks the signature over the received bytes; `expect.typ`, when given, must match the header's. */
export function verifyJws(jws: string, publicKey: KeyObject, expect: { typ?: string } = {}): JwsVerification {
  const parts = jws.split('.');
  if (parts.length !== 3) return fail('malformed', 'a compact JWS has exactly three dot-separated parts');
  const [headerPart, payloadPart, signaturePart] = parts;
  const headerBytes = decodeSegment(headerPart);
  const payload = decodeSegment(payloadPart);
  const signature = decodeSegment(signaturePart);
  if (!headerBytes || !payload || !signature) return fail('malformed', 'every part must be unpadded, canonical base64url');

  const header = parseObject(headerBytes);
  if (!header) return fail('malformed', 'the protected header is not a JSON object');
  if (header.alg !== JWS_ALG) return fail('unsupported-algorithm', `alg must be ${JWS_ALG}, not ${JSON.stringify(header.alg)}`);
  // RFC 7515 §4.1.11: extensions listed in crit must be understood, and none are.
  if ('crit' in header) return fail('unsupported-header', 'no critical header extensions are supported');
  if (expect.typ !== undefined && header.typ !== expect.typ) {
    return fail('unexpected-type', `typ must be ${expect.typ}, not ${JSON.stringify(header.typ)}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return fail('wrong-key', 'the verification key is not an Ed25519 key');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return fail('bad-signature', 'an Ed25519 signature is 64 bytes');
  const signingInput = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!verify(null, signingInput, publicKey, signature)) return fail('bad-signature', 'the signature does not match');
  return { valid: true, header: header as JwsHeader, payload };
}

/** The header as sent, unverified: only for choosing a key by `kid` before calling verifyJws. */
export function unverifiedHeader(jws: string): Record<string, unknown> | null {
  const part = jws.split('.')[0];
  const bytes = part === undefined ? null : decodeSegment(part);
  return bytes ? parseObject(bytes) : null;
}

/** Signs the canonical JSON of `value`, so the signed bytes are the same on every encoder. */
export function signJson(value: unknown, privateKey: KeyObject, header: { kid: string; typ: string }): string {
  return signJws(canonicalJson(value), privateKey, header);
}

/** verifyJws, then: a kid is present and the payload is UTF-8, JSON and already canonical. */
export function verifyJson(jws: string, publicKey: KeyObject, typ: string): JsonVerification {
  const checked = verifyJws(jws, publicKey, { typ });
  if (!checked.valid) return checked;
  if (typeof checked.header.kid !== 'string' || checked.header.kid === '') return fail('malformed', 'the header has no kid');
  const text = decodeUtf8(checked.payload);
  let value: unknown;
  try {
    value = text === null ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === undefined) return fail('invalid-payload', 'the payload is not UTF-8 JSON');
  if (canonicalJson(value) !== text) return fail('invalid-payload', 'the payload is not canonical JSON');
  return { valid: true, kid: checked.header.kid, value };
}

/** The public half of an Ed25519 key as a JWK (RFC 8037), with its RFC 7638 thumbprint as kid. */
export function publicJwk(key: KeyObject): Ed25519PublicJwk {
  assertEd25519(key);
  const { x } = key.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new TypeError('The key did not export an x coordinate');
  return { kty: 'OKP', crv: 'Ed25519', x, kid: jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }), alg: JWS_ALG, use: 'sig' };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, which is canonical JSON. */
export function jwkThumbprint(jwk: { kty: string; crv: string; x: string }): string {
  const required = { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(canonicalJson(required), 'utf8').digest('base64url');
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`Receipts are signed with Ed25519 keys, not ${String(key.asymmetricKeyType ?? key.type)}`);
  }
}

function encode(data: Uint8Array | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString('base64url');
}

/**
 * Node's decoder skips characters it does not know and ignores the spare bits of the last
 * character, so two different strings could carry the same bytes; only the one canonical
 * spelling is accepted.
 */
function decodeSegment(segment: string): Buffer | null {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function parseObject(bytes: Buffer): Record<string, unknown> | null {
  const text = decodeUtf8(bytes);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function fail(reason: JwsFailure, detail: string): { valid: false; reason: JwsFailure; detail: string } {
  return { valid: false, reason, detail };
}
