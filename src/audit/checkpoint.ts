import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { HASH_HEX, isAuditTime, isChainId } from './audit-event.js';
import { EMPTY_ROOT } from './merkle.js';

/** One chain's size and Merkle root (lower-case hex) at the moment of a checkpoint. */
export interface CheckpointChain {
  chainId: string;
  treeSize: number;
  rootHash: string;
}

/** What is signed: canonicalJson of this object, as UTF-8. */
export interface CheckpointBody {
  /** Sorted by chainId (UTF-16 code units), each chain once. */
  chains: CheckpointChain[];
  issuedAt: string;
  /** keyIdOf the signing key's public half. */
  keyId: string;
}

export interface SignedCheckpoint {
  body: CheckpointBody;
  /** Ed25519 signature over UTF-8 canonicalJson(body), standard base64 with padding. */
  signature: string;
}

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_ID = /^[0-9a-f]{16}$/;
const EMPTY_ROOT_HEX = EMPTY_ROOT.toString('hex');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface CheckpointKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateCheckpointKeyPair(): CheckpointKeyPair {
  return generateKeyPairSync('ed25519');
}

function assertEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 ${type} key`);
}

/** The raw 32-byte public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  assertEd25519(publicKey, 'public');
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(SPKI_ED25519_PREFIX.length);
}

export const publicKeyToPem = (publicKey: KeyObject): string => {
  assertEd25519(publicKey, 'public');
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
};

export const publicKeyToRawBase64 = (publicKey: KeyObject): string => rawPublicKey(publicKey).toString('base64');

/** PKCS#8 PEM, for keeping the signing key in a secret store. */
export const privateKeyToPem = (privateKey: KeyObject): string => {
  assertEd25519(privateKey, 'private');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
};

export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  assertEd25519(key, 'private');
  return key;
}

/** An Ed25519 public key from SPKI PEM or from the base64 of its raw 32 bytes. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    assertEd25519(key, 'public');
    return key;
  }
  const raw = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (raw.length !== 32) throw new TypeError('a public key must be SPKI PEM or the base64 of 32 raw Ed25519 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

const byChainId = (a: CheckpointChain, b: CheckpointChain): number => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0);

const exactKeys = (value: object, keys: readonly string[]): boolean => {
  const own = Object.keys(value).sort();
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `body` is not a well-formed checkpoint body, or null when it is. */
export function checkpointBodyProblem(body: unknown): string | null {
  if (!isObject(body) || !exactKeys(body, ['chains', 'issuedAt', 'keyId'])) return 'checkpoint body members must be exactly chains, issuedAt, keyId';
  if (!isAuditTime(body.issuedAt)) return 'issuedAt must be an ISO-8601 UTC instant with milliseconds';
  if (typeof body.keyId !== 'string' || !KEY_ID.test(body.keyId)) return 'keyId must be 16 lower-case hex digits';
  if (!Array.isArray(body.chains)) return 'chains must be an array';
  let previous: string | undefined;
  for (const [i, entry] of body.chains.entries()) {
    if (!isObject(entry) || !exactKeys(entry, ['chainId', 'rootHash', 'treeSize'])) return `chains[${i}] members must be exactly chainId, rootHash, treeSize`;
    if (!isChainId(entry.chainId)) return `chains[${i}].chainId is not a chain id`;
    if (previous !== undefined && !(previous < entry.chainId)) return `chains must be sorted by chainId without repeats (at chains[${i}])`;
    if (typeof entry.treeSize !== 'number' || !Number.isSafeInteger(entry.treeSize) || entry.treeSize < 0) return `chains[${i}].treeSize must be an integer ≥ 0`;
    if (typeof entry.rootHash !== 'string' || !HASH_HEX.test(entry.rootHash)) return `chains[${i}].rootHash must be 64 lower-case hex digits`;
    if (entry.treeSize === 0 && entry.rootHash !== EMPTY_ROOT_HEX) return `chains[${i}].rootHash of an empty tree must be SHA-256 of nothing`;
    previous = entry.chainId;
  }
  return null;
}

/** A checkpoint body over the given chain heads (any order), stamped with the signing key's id. */
export function checkpointBody(chains: readonly CheckpointChain[], issuedAt: Date, publicKey: KeyObject): CheckpointBody {
  const body: CheckpointBody = {
    chains: chains.map(({ chainId, treeSize, rootHash }) => ({ chainId, treeSize, rootHash })).sort(byChainId),
    issuedAt: issuedAt.toISOString(),
    keyId: keyIdOf(publicKey),
  };
  const problem = checkpointBodyProblem(body);
  if (problem) throw new TypeError(`Cannot build checkpoint: ${problem}`);
  return body;
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  assertEd25519(privateKey, 'private');
  const problem = checkpointBodyProblem(body);
  if (problem) throw new TypeError(`Cannot sign checkpoint: ${problem}`);
  if (body.keyId !== keyIdOf(createPublicKey(privateKey))) throw new TypeError('Cannot sign checkpoint: keyId is not the id of this key');
  return { body, signature: sign(null, Buffer.from(canonicalJson(body), 'utf8'), privateKey).toString('base64') };
}

/**
 * Why `checkpoint` is not a well-formed checkpoint validly signed by one of `publicKeys`, or null
 * when it is.
 */
export function checkpointProblem(checkpoint: unknown, publicKeys: readonly KeyObject[]): string | null {
  if (!isObject(checkpoint)) return 'checkpoint is not a JSON object';
  const problem = checkpointBodyProblem(checkpoint.body);
  if (problem) return problem;
  const body = checkpoint.body as unknown as CheckpointBody;
  const { signature } = checkpoint;
  const bytes = typeof signature === 'string' && BASE64.test(signature) ? Buffer.from(signature, 'base64') : undefined;
  // Re-encoding must give the same text, so that no two signature strings stand for one signature.
  if (bytes?.length !== 64 || bytes.toString('base64') !== signature) return 'signature must be the standard base64 of 64 bytes';
  const key = publicKeys.find((k) => keyIdOf(k) === body.keyId);
  if (!key) return `checkpoint is signed by key ${body.keyId}, which is not among the given public keys`;
  const valid = verify(null, Buffer.from(canonicalJson(body), 'utf8'), key, bytes);
  return valid ? null : 'checkpoint signature does not verify';
}
