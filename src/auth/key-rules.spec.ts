import { bearerToken, displayPrefix, formatKey, hashKey, isWellFormedKey, keyStatus } from './key-rules.js';

describe('key rules', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it.each([
    [{ expiresAt: null, revokedAt: null }, 'active'],
    [{ expiresAt: new Date('2026-11-22T12:00:01Z'), revokedAt: null }, 'active'],
    [{ expiresAt: new Date('2026-11-22T12:00:00Z'), revokedAt: null }, 'expired'],
    [{ expiresAt: new Date('2025-01-01T00:00:00Z'), revokedAt: null }, 'expired'],
    [{ expiresAt: null, revokedAt: new Date('2026-11-22T11:00:00Z') }, 'revoked'],
    [{ expiresAt: new Date('2025-01-01T00:00:00Z'), revokedAt: new Date('2026-01-01T00:00:00Z') }, 'revoked'],
  ])('%o is %s', (key, expected) => {
    expect(keyStatus(key, now)).toBe(expected);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer abc def', null],
    ['Bearer wdn_abc', 'wdn_abc'],
    ['bearer   wdn_abc ', 'wdn_abc'],
    [['Bearer a', 'Bearer b'], null],
  ])('bearer token of %p is %p', (header, expected) => {
    expect(bearerToken(header as string | undefined)).toBe(expected);
  });

  it('formats 32 random bytes into a well-formed key whose hash is stable', () => {
    const key = formatKey(Buffer.alloc(32, 7));
    expect(key).toMatch(/^wdn_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedKey(key)).toBe(true);
    expect(displayPrefix(key)).toBe(key.slice(0, 8));
    expect(displayPrefix('wdn_operator_chosen_key_0123').length * 3).toBeLessThanOrEqual(24);
    expect(hashKey(key).equals(hashKey(key))).toBe(true);
    expect(hashKey(key).equals(hashKey(key + 'x'))).toBe(false);
  });

  it.each(['short', 'has space in it 1234567890', 'x'.repeat(129), "quote'1234567890123456789012"])(
    'rejects %p as a key shape',
    (token) => expect(isWellFormedKey(token)).toBe(false),
  );
});
