import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { jwkThumbprint, publicJwk, signJson, signJws, unverifiedHeader, verifyJson, verifyJws } from './jws.js';

// RFC 8037 Appendix A: the Ed25519 key (A.1, A.2), its thumbprint (A.3) and a signed example (A.4).
const RFC_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const rfcPrivate = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: RFC_X }, format: 'jwk' });
const rfcPublic = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: RFC_X }, format: 'jwk' });
const RFC_JWS =
  'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A token signed by hand, for headers and payloads signJws would never write. */
function handSigned(header: unknown, payload: string | Buffer, key: KeyObject = rfcPrivate): string {
  const input = `${b64(header)}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

describe('JWS with Ed25519', () => {
  it('verifies the RFC 8037 A.4 example', () => {
    const result = verifyJws(RFC_JWS, rfcPublic);
    expect(result.valid).toBe(true);
    expect(result.valid && result.payload.toString()).toBe('Example of Ed25519 signing');
  });

  it('computes the RFC 8037 A.3 thumbprint and exports the A.2 public key', () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC_X })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(publicJwk(rfcPrivate)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: RFC_X, kid: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k', alg: 'EdDSA', use: 'sig' });
    expect(publicJwk(rfcPublic)).toEqual(publicJwk(rfcPrivate));
  });

  it('signs with a canonical protected header carrying alg, kid and typ', () => {
    const jws = signJws('hello', rfcPrivate, { kid: 'k1', typ: 'test+jws' });
    expect(Buffer.from(jws.split('.')[0], 'base64url').toString()).toBe('{"alg":"EdDSA","kid":"k1","typ":"test+jws"}');
    expect(unverifiedHeader(jws)).toEqual({ alg: 'EdDSA', kid: 'k1', typ: 'test+jws' });
    expect(verifyJws(jws, rfcPublic, { typ: 'test+jws' })).toMatchObject({ valid: true, payload: Buffer.from('hello') });
  });

  it('fails with another key', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyJws(RFC_JWS, other)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('fails when any character of the signature changes, including the spare bits of the last one', () => {
    const [h, p, s] = RFC_JWS.split('.');
    for (let i = 0; i < s.length; i++) {
      const altered = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      expect(verifyJws(`${h}.${p}.${altered}`, rfcPublic).valid).toBe(false);
    }
    // 'g' → 'h' changes only bits that base64url decoders drop; the canonical-spelling rule catches it.
    expect(Buffer.from(s.slice(0, -1) + 'h', 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expect(verifyJws(`${h}.${p}.${s.slice(0, -1)}h`, rfcPublic)).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it.each([
    ['two parts', 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZQ', 'malformed'],
    ['four parts', `${RFC_JWS}.x`, 'malformed'],
    ['padding', RFC_JWS.replace('IHNpZ25pbmc', 'IHNpZ25pbmc='), 'malformed'],
    ['base64 instead of base64url', RFC_JWS.replace('_', '/'), 'malformed'],
    ['a header that is not JSON', `${b64('not json')}.${RFC_JWS.split('.')[1]}.${RFC_JWS.split('.')[2]}`, 'malformed'],
    ['a header that is an array', handSigned(['EdDSA'], 'x'), 'malformed'],
    ['alg none with no signature', `${b64({ alg: 'none' })}.${b64('x')}.`, 'unsupported-algorithm'],
    ['alg HS256', handSigned({ alg: 'HS256' }, 'x'), 'unsupported-algorithm'],
    ['alg missing', handSigned({ kid: 'k' }, 'x'), 'unsupported-algorithm'],
    ['a critical extension', handSigned({ alg: 'EdDSA', crit: ['b64'], b64: false }, 'x'), 'unsupported-header'],
    ['a short signature', `${RFC_JWS.split('.').slice(0, 2).join('.')}.${Buffer.alloc(63).toString('base64url')}`, 'bad-signature'],
  ])('refuses %s', (_case, jws, reason) => {
    expect(verifyJws(jws, rfcPublic)).toMatchObject({ valid: false, reason });
  });

  it('checks typ when asked', () => {
    const jws = signJws('x', rfcPrivate, { kid: 'k', typ: 'erasure-receipt+jws' });
    expect(verifyJws(jws, rfcPublic, { typ: 'consent-receipt+jws' })).toMatchObject({ valid: false, reason: 'unexpected-type' });
    expect(verifyJws(RFC_JWS, rfcPublic, { typ: 'consent-receipt+jws' })).toMatchObject({ valid: false, reason: 'unexpected-type' });
  });

  it('refuses keys of other types, for signing and for verifying', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signJws('x', ec.privateKey, { kid: 'k' })).toThrow(/Ed25519/);
    expect(() => publicJwk(ec.publicKey)).toThrow(/Ed25519/);
    expect(verifyJws(RFC_JWS, ec.publicKey)).toMatchObject({ valid: false, reason: 'wrong-key' });
  });

  it.each([['', null], ['!!!.x.y', null], [`${b64('[1]')}.x.y`, null]])('unverifiedHeader(%p) is %p', (jws, expected) => {
    expect(unverifiedHeader(jws)).toBe(expected);
  });
});

describe('signed JSON', () => {
  it('round-trips a value as canonical JSON', () => {
    const jws = signJson({ b: 1, a: [true, 'é'] }, rfcPrivate, { kid: 'k1', typ: 't' });
    expect(Buffer.from(jws.split('.')[1], 'base64url').toString()).toBe('{"a":[true,"é"],"b":1}');
    expect(verifyJson(jws, rfcPublic, 't')).toEqual({ valid: true, kid: 'k1', value: { a: [true, 'é'], b: 1 } });
  });

  it.each([
    ['a non-canonical payload', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, '{"b":1,"a":2}'), 'invalid-payload'],
    ['white space in the payload', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, '{"a": 2}'), 'invalid-payload'],
    ['duplicate members', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, '{"a":1,"a":2}'), 'invalid-payload'],
    ['a payload that is not JSON', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, 'hello'), 'invalid-payload'],
    ['a payload that is not UTF-8', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, Buffer.from([0x22, 0xff, 0x22])), 'invalid-payload'],
    ['a byte-order mark', handSigned({ alg: 'EdDSA', kid: 'k', typ: 't' }, '\ufeff{"a":1}'), 'invalid-payload'],
    ['no kid', handSigned({ alg: 'EdDSA', typ: 't' }, '{"a":1}'), 'malformed'],
    ['an empty kid', handSigned({ alg: 'EdDSA', kid: '', typ: 't' }, '{"a":1}'), 'malformed'],
    ['no typ', handSigned({ alg: 'EdDSA', kid: 'k' }, '{"a":1}'), 'unexpected-type'],
  ])('refuses %s', (_case, jws, reason) => {
    expect(verifyJson(jws, rfcPublic, 't')).toMatchObject({ valid: false, reason });
  });
});
