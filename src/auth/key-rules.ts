import { createHash } from 'node:crypto';

/** Keys are 32 random bytes behind a recognisable prefix; only their SHA-256 is stored. */
export const KEY_PREFIX = 'wdn_';
const KEY_SHAPE = /^[A-Za-z0-9_\-]{24,128}$/;

export function formatKey(random: Buffer): string {
  return KEY_PREFIX + random.toString('base64url');
}

/**
 * The part of a key shown in listings and audit details so that people can tell their keys apart:
 * `wdn_` and four characters of a generated key, and no more than a third of the shortest key an
 * operator may configure (WARDEN_ADMIN_KEY, 24 characters), whose events regulators read.
 */
export function displayPrefix(key: string): string {
  return key.slice(0, 8);
}

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function isWellFormedKey(token: string): boolean {
  return KEY_SHAPE.test(token);
}

/** `Authorization: Bearer <key>` → the key, or null when the header is absent or not a bearer token. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): KeyStatus {
  if (key.revokedAt && key.revokedAt <= now) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return 'active';
}
