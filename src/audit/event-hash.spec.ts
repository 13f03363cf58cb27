import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json.js';
import { AuditEventBody, GENESIS_HASH } from './audit-event.js';
import { encodeCanonical, encodeEventBody, eventHash, hashMatches, plainJsonProblem, sealEvent, storableText } from './event-hash.js';

const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const body = (over: Partial<AuditEventBody> = {}): AuditEventBody => ({
  chainId: `tenant:${TENANT}`,
  seq: 1,
  time: '2026-11-22T10:11:12.123Z',
  actor: { id: 'key_1', role: 'tenant' },
  tenantId: TENANT,
  action: 'inference.infer',
  resource: { type: 'model', id: 'credit-risk' },
  decision: 'deny',
  reason: 'CONSENT_MISSING',
  details: { subject: 'sub_9f', purpose: 'credit-scoring', score: 0.25 },
  ...over,
});

describe('encodeCanonical', () => {
  it('writes exactly what canonicalJson writes, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => encodeCanonical(value) === canonicalJson(value)), { numRuns: 2000 });
  });

  it('writes exactly what canonicalJson writes, for objects with undefined members and odd keys', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', 'é', 'E', '\ud800', '😀'));
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(fc.property(fc.dictionary(key, value), (object) => encodeCanonical(object) === canonicalJson(object)), { numRuns: 1000 });
  });

  it.each([
    [1e20, '100000000000000000000'],
    [0.25, '0.25'],
    [0.000001, '0.000001'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-7'],
    [5e-324, '5e-324'],
    [-0, '0'],
    [-1.5e300, '-1.5e+300'],
    [2 ** 53 + 2, '9007199254740994'],
  ])('writes the number %p as %s (docs/audit-format.md, section 4)', (value, text) => {
    expect(encodeCanonical(value)).toBe(text);
  });

  it('orders keys by UTF-16 code units, not code points', () => {
    expect(encodeCanonical({ '\uff5e': 1, '😀': 2, é: 3, e: 4, E: 5 })).toBe('{"E":5,"e":4,"é":3,"😀":2,"～":1}');
  });

  it.each([NaN, Infinity, 10n, () => 1])('refuses %p like canonicalJson', (value) => {
    expect(() => encodeCanonical(value)).toThrow(TypeError);
  });
});

describe('encodeEventBody', () => {
  it.each([
    ['a tenant event', body()],
    ['a platform event with nulls', body({ chainId: 'platform', tenantId: null, resource: null, reason: null, decision: 'none' })],
    ['escapes and non-ASCII', body({ actor: { id: 'k"\\\n', role: 'ténant ✓' }, details: { 'ü': ['\u2028', '\u0001', -0, 1e21] } })],
  ])('is canonicalJson of the body for %s', (_name, b) => {
    expect(encodeEventBody(b)).toBe(canonicalJson(b));
  });

  it('ignores prevHash and hash', () => {
    const sealed = sealEvent(body(), GENESIS_HASH);
    expect(encodeEventBody(sealed)).toBe(canonicalJson(body()));
  });
});

describe('eventHash', () => {
  it('is SHA-256 over the previous hash bytes and the UTF-8 canonical body', () => {
    const prev = 'ab'.repeat(32);
    const b = body({ details: { note: 'Zürich ✓' } });
    const expected = createHash('sha256').update(Buffer.from(prev, 'hex')).update(Buffer.from(canonicalJson(b), 'utf8')).digest('hex');
    expect(eventHash(prev, b)).toBe(expected);
  });

  it('handles bodies larger than its scratch buffer', () => {
    const b = body({ details: { blob: 'x'.repeat(200_000) } });
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(canonicalJson(b)).digest('hex');
    expect(eventHash(GENESIS_HASH, b)).toBe(expected);
  });

  it('pins the encoding: the worked example of docs/audit-format.md', () => {
    // A change here is a change of the format, which every exported log depends on.
    expect(canonicalJson(body())).toBe(DOC_EXAMPLE_CANONICAL);
    expect(eventHash(GENESIS_HASH, body())).toBe('e5ee284032da9dfdb3b66d0e218a5645fa79f8e9acc0f52466ea6a43208c7b80');
  });
});

const DOC_EXAMPLE_CANONICAL =
  '{"action":"inference.infer","actor":{"id":"key_1","role":"tenant"},"chainId":"tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7",' +
  '"decision":"deny","details":{"purpose":"credit-scoring","score":0.25,"subject":"sub_9f"},"reason":"CONSENT_MISSING",' +
  '"resource":{"id":"credit-risk","type":"model"},"seq":1,"tenantId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","time":"2026-11-22T10:11:12.123Z"}';

describe('sealEvent', () => {
  it('adds prevHash and a hash that matches', () => {
    const sealed = sealEvent(body(), GENESIS_HASH);
    expect(sealed.prevHash).toBe(GENESIS_HASH);
    expect(hashMatches(sealed)).toBe(true);
    expect(hashMatches({ ...sealed, details: { ...sealed.details, score: 0.26 } })).toBe(false);
  });

  it.each([
    ['a malformed body', body({ decision: 'maybe' as never }), GENESIS_HASH, /decision/],
    ['an extra member', { ...body(), extra: 1 } as AuditEventBody, GENESIS_HASH, /members must be exactly/],
    ['a Date in details', body({ details: { at: new Date(0) as never } }), GENESIS_HASH, /not a plain object/],
    ['an undefined detail', body({ details: { gone: undefined as never } }), GENESIS_HASH, /undefined/],
    ['a NUL character', body({ details: { s: 'a\u0000b' } }), GENESIS_HASH, /U\+0000/],
    ['an unpaired surrogate', body({ details: { s: '\ud800x' } }), GENESIS_HASH, /surrogate/],
    ['an upper-case prevHash', body({ seq: 2 }), 'AB'.repeat(32), /prevHash/],
    ['seq 1 after a non-genesis hash', body(), 'ab'.repeat(32), /genesis/],
  ])('refuses %s', (_name, b, prev, message) => {
    expect(() => sealEvent(b, prev)).toThrow(message);
  });
});

describe('plainJsonProblem', () => {
  it.each([
    [{ a: [1, 'x', null, true, { b: -0 }] }, null],
    [{ pair: '😀' }, null],
    [[1, , 3], /hole/],
    [{ m: new Map() }, /not a plain object/],
    [{ f: () => 1 }, /function/],
    [{ n: Infinity }, /finite/],
    [{ ['\u0000']: 1 }, /U\+0000/],
  ])('%p → %p', (value, expected) => {
    const problem = plainJsonProblem(value);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('storableText', () => {
  it.each([
    ['credit-approval@1.0.0', 200, 'credit-approval@1.0.0'],
    ['a\u0000b\ud800c\udc00d', 200, 'a\ufffdb\ufffdc\ufffdd'],
    ['ab😀', 3, 'ab\ufffd'], // the cut leaves half a pair
    ['😀😀', 4, '😀😀'],
  ])('%j, %p → %j', (text, max, expected) => {
    expect(storableText(text, max)).toBe(expected);
  });

  it('gives text that an event may hold, whatever it was given', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
      const stored = storableText(text, max);
      expect(plainJsonProblem(stored)).toBeNull();
      expect(stored.length).toBe(Math.min(text.length, max));
    }));
  });
});
