import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { type EntityType, isEntityType } from './entities.js';
import { readAsAscii } from './read-as-ascii.js';

/**
 * What happens to a finding's text. Keys come from the caller (the service holds one per tenant);
 * this module keeps none.
 */
export type OperatorName = 'replace' | 'redact' | 'mask' | 'hash' | 'encrypt';
export const OPERATOR_NAMES: readonly OperatorName[] = ['replace', 'redact', 'mask', 'hash', 'encrypt'];

export interface OperatorOptions {
  /** mask: characters left visible at the end (default 4). */
  keepLast?: number;
  /** mask: the character put in place of the others (default `*`). */
  maskChar?: string;
  /** hash: the tenant's HMAC key, at least 16 bytes. */
  hashKey?: Uint8Array;
  /** hash: hex digits of the HMAC kept in the token (default 16, at most 64). */
  hashLength?: number;
  /** encrypt: the tenant's AES-256 key, exactly 32 bytes. */
  encryptionKey?: Uint8Array;
}

export type Operator = (value: string, type: EntityType) => string;

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The same value written differently ("Jana@Example.com", "ｊａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ", digits of
 * another script or with an en dash; "+44 20 7946 0958" / "020 7946 0958" aside) should hash to one
 * token, so the hash is taken over a canonical form: read as the recognizers read it, then per type.
 */
export function canonicalValue(type: EntityType, given: string): string {
  const value = readAsAscii(given);
  switch (type) {
    case 'EMAIL':
    case 'URL':
    case 'PERSON':
    case 'STREET_ADDRESS':
    case 'DATE_OF_BIRTH':
      return value.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
    case 'IP_ADDRESS':
      return value.toLowerCase();
    default:
      return value.replace(/[\s\-./()]/g, '').toUpperCase();
  }
}

export function createOperator(name: OperatorName, options: OperatorOptions = {}): Operator {
  switch (name) {
    case 'replace':
      return (_value, type) => `<${type}>`;
    case 'redact':
      return () => '';
    case 'mask':
      return maskOperator(options);
    case 'hash':
      return hashOperator(options);
    case 'encrypt':
      return encryptOperator(options);
    default:
      throw new TypeError(`Unknown redaction operator ${String(name)}`);
  }
}

function maskOperator(options: OperatorOptions): Operator {
  const keep = options.keepLast ?? 4;
  const char = options.maskChar ?? '*';
  if (!Number.isInteger(keep) || keep < 0) throw new TypeError('mask keepLast must be a non-negative integer');
  if ([...char].length !== 1) throw new TypeError('mask maskChar must be a single character');
  return (value) => {
    const chars = [...value];
    // Never leave more than half a value in view, whatever keepLast says: a short value would otherwise survive whole.
    const visible = Math.min(keep, Math.floor(chars.length / 2));
    return char.repeat(chars.length - visible) + chars.slice(chars.length - visible).join('');
  };
}

function hashOperator(options: OperatorOptions): Operator {
  const key = options.hashKey;
  if (!key || key.byteLength < 16) throw new TypeError('hash needs a hashKey of at least 16 bytes');
  const length = options.hashLength ?? 16;
  if (!Number.isInteger(length) || length < 8 || length > 64) throw new TypeError('hash hashLength must be 8–64');
  const keyCopy = Buffer.from(key);
  return (value, type) => {
    const digest = createHmac('sha256', keyCopy).update(`${type}\u0000${canonicalValue(type, value)}`).digest('hex');
    return `<${type}:${digest.slice(0, length)}>`;
  };
}

function encryptionKey(key: Uint8Array | undefined): Buffer {
  if (!key || key.byteLength !== 32) throw new TypeError('encrypt needs an encryptionKey of exactly 32 bytes');
  return Buffer.from(key);
}

function encryptOperator(options: OperatorOptions): Operator {
  const key = encryptionKey(options.encryptionKey);
  return (value, type) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The entity type is authenticated with the value, so a token cannot be relabelled.
    cipher.setAAD(Buffer.from(type));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const token = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    return `<${type}#${token}>`;
  };
}

/** An encrypted token could not be opened: wrong key, or the token was altered. */
export class TokenDecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenDecryptionError';
  }
}

const ENCRYPTED_TOKEN = /<([A-Z][A-Z_]*)#([A-Za-z0-9_-]{38,})>/g;

/** Opens one `<TYPE#…>` token made by the encrypt operator. */
export function decryptToken(token: string, key: Uint8Array): string {
  const m = /^<([A-Z][A-Z_]*)#([A-Za-z0-9_-]{38,})>$/.exec(token);
  if (!m) throw new TokenDecryptionError('Not an encrypted redaction token');
  return open(m[1], m[2], encryptionKey(key));
}

function open(type: string, payload: string, key: Buffer): string {
  if (!isEntityType(type)) throw new TokenDecryptionError(`Unknown entity type ${type}`);
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptionError('Encrypted token is too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(type));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new TokenDecryptionError('Encrypted token failed authentication', { cause });
  }
}

/** Puts the original values back into a text redacted with the encrypt operator and this key. */
export function unredact(text: string, key: Uint8Array): string {
  const aesKey = encryptionKey(key);
  return text.replace(ENCRYPTED_TOKEN, (_token, type: string, payload: string) => open(type, payload, aesKey));
}
