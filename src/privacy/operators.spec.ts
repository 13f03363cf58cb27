import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { TokenDecryptionError, canonicalValue, createOperator, decryptToken, unredact } from './operators.js';

const tenantA = Buffer.from('tenant-a-hmac-key-0123456789abcdef');
const tenantB = Buffer.from('tenant-b-hmac-key-0123456789abcdef');
const aesKey = randomBytes(32);

describe('replace, redact, mask', () => {
  it.each([
    ['replace', {}, 'jana@example.com', 'EMAIL', '<EMAIL>'],
    ['redact', {}, 'jana@example.com', 'EMAIL', ''],
    ['mask', {}, '4111 1111 1111 1111', 'CREDIT_CARD', '***************1111'],
    ['mask', { keepLast: 2, maskChar: '#' }, '+44 20 7946 0958', 'PHONE', '##############58'],
    ['mask', { keepLast: 0 }, 'Jana', 'PERSON', '****'],
    ['mask', { keepLast: 4 }, 'Ida', 'PERSON', '**a'], // never more than half in view
  ] as const)('%s %p on %p', (name, options, value, type, expected) => {
    expect(createOperator(name, options)(value, type)).toBe(expected);
  });

  it.each([
    [{ keepLast: -1 }],
    [{ keepLast: 1.5 }],
    [{ maskChar: '**' }],
  ])('mask refuses %p', (options) => {
    expect(() => createOperator('mask', options)).toThrow(TypeError);
  });
});

describe('hash', () => {
  const hashA = createOperator('hash', { hashKey: tenantA });
  const hashB = createOperator('hash', { hashKey: tenantB });

  it('gives a typed token of 16 hex digits', () => {
    expect(hashA('jana@example.com', 'EMAIL')).toMatch(/^<EMAIL:[0-9a-f]{16}>$/);
  });

  it('is stable within a tenant and differs across tenants', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (value) => {
        expect(hashA(value, 'PERSON')).toBe(hashA(value, 'PERSON'));
        expect(hashA(value, 'PERSON')).not.toBe(hashB(value, 'PERSON'));
      }),
    );
  });

  it('hashes the canonical value, so formatting does not split one person into two', () => {
    expect(hashA('Jana@Example.com', 'EMAIL')).toBe(hashA('jana@example.com', 'EMAIL'));
    expect(hashA('4111 1111 1111 1111', 'CREDIT_CARD')).toBe(hashA('4111-1111-1111-1111', 'CREDIT_CARD'));
    expect(hashA('4111111111111111', 'CREDIT_CARD')).not.toBe(hashA('4111111111111111', 'PHONE'));
  });

  it.each([[{}], [{ hashKey: Buffer.from('short') }], [{ hashKey: tenantA, hashLength: 4 }]])('refuses %p', (options) => {
    expect(() => createOperator('hash', options)).toThrow(TypeError);
  });

  it.each([
    ['EMAIL', ' Jana@Example.COM ', 'jana@example.com'],
    ['IBAN', 'de89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['PHONE', '+44 (20) 7946-0958', '+442079460958'],
    ['EMAIL', 'ｊａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'jana@example.com'],
    ['PHONE', '+٤٤ ٢٠ ٧٩٤٦–٠٩٥٨', '+442079460958'],
    ['CREDIT_CARD', '4111\t1111\n1111–1111', '4111111111111111'],
  ] as const)('canonicalValue(%s, %p) = %p', (type, value, expected) => {
    expect(canonicalValue(type, value)).toBe(expected);
  });
});

describe('encrypt', () => {
  const encrypt = createOperator('encrypt', { encryptionKey: aesKey });

  it('round-trips any value through decryptToken', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(decryptToken(encrypt(value, 'PERSON'), aesKey)).toBe(value);
      }),
    );
  });

  it('puts every value back with unredact', () => {
    const text = `Call ${encrypt('+44 20 7946 0958', 'PHONE')} or mail ${encrypt('jana@example.com', 'EMAIL')}.`;
    expect(text).not.toContain('7946');
    expect(unredact(text, aesKey)).toBe('Call +44 20 7946 0958 or mail jana@example.com.');
  });

  it('uses a fresh IV each time', () => {
    expect(encrypt('same', 'PERSON')).not.toBe(encrypt('same', 'PERSON'));
  });

  it('refuses a tampered token', () => {
    const token = encrypt('jana@example.com', 'EMAIL');
    const payload = token.slice('<EMAIL#'.length, -1);
    const bytes = Buffer.from(payload, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(() => decryptToken(`<EMAIL#${bytes.toString('base64url')}>`, aesKey)).toThrow(TokenDecryptionError);
  });

  it('refuses a token relabelled with another type', () => {
    const token = encrypt('jana@example.com', 'EMAIL');
    expect(() => decryptToken(token.replace('<EMAIL#', '<PERSON#'), aesKey)).toThrow(TokenDecryptionError);
  });

  it('refuses the wrong key', () => {
    expect(() => decryptToken(encrypt('x', 'PERSON'), randomBytes(32))).toThrow(TokenDecryptionError);
  });

  it.each([[{}], [{ encryptionKey: randomBytes(16) }]])('refuses %p', (options) => {
    expect(() => createOperator('encrypt', options)).toThrow(TypeError);
  });
});
