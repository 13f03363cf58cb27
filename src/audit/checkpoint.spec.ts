import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import {
  CheckpointBody,
  checkpointBody,
  checkpointBodyProblem,
  checkpointProblem,
  generateCheckpointKeyPair,
  keyIdOf,
  parsePrivateKey,
  parsePublicKey,
  privateKeyToPem,
  publicKeyToPem,
  publicKeyToRawBase64,
  rawPublicKey,
  signCheckpoint,
} from './checkpoint.js';
import { checkpointLine, parseExportLine } from './export-format.js';

const { privateKey, publicKey } = generateCheckpointKeyPair();
const other = generateCheckpointKeyPair();
const T1 = 'tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7';
const T2 = 'tenant:0f8fad5b-d9cb-469f-a165-70867728950e';
const heads = [
  { chainId: T1, treeSize: 42, rootHash: 'a1'.repeat(32) },
  { chainId: 'platform', treeSize: 7, rootHash: 'b2'.repeat(32) },
  { chainId: T2, treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
];
const body = checkpointBody(heads, new Date('2026-11-22T10:00:00.000Z'), publicKey);

describe('keys', () => {
  it('round-trips the public key through PEM and raw base64 with the same key id', () => {
    const pem = publicKeyToPem(publicKey);
    const raw = publicKeyToRawBase64(publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(Buffer.from(raw, 'base64')).toHaveLength(32);
    expect(keyIdOf(parsePublicKey(pem))).toBe(keyIdOf(publicKey));
    expect(keyIdOf(parsePublicKey(`${raw}\n`))).toBe(keyIdOf(publicKey));
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(other.publicKey)).not.toBe(keyIdOf(publicKey));
  });

  it('round-trips the private key through PKCS#8 PEM', () => {
    const again = parsePrivateKey(privateKeyToPem(privateKey));
    expect(rawPublicKey(createPublicKey(again)).equals(rawPublicKey(publicKey))).toBe(true);
  });

  it.each([
    ['31 raw bytes', Buffer.alloc(31).toString('base64')],
    ['not base64', 'hello world'],
    ['an RSA key', '-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END PUBLIC KEY-----'],
  ])('refuses %s as a public key', (_name, text) => {
    expect(() => parsePublicKey(text)).toThrow();
  });
});

describe('checkpointBody', () => {
  it('sorts chains by id and stamps the key id', () => {
    expect(body.chains.map((c) => c.chainId)).toEqual(['platform', T2, T1]);
    expect(body.keyId).toBe(keyIdOf(publicKey));
    expect(body.issuedAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it.each<[string, Partial<CheckpointBody> | Record<string, unknown>, RegExp]>([
    ['unsorted chains', { chains: [...body.chains].reverse() }, /sorted/],
    ['a repeated chain', { chains: [body.chains[0], body.chains[0]] }, /sorted/],
    ['a negative size', { chains: [{ ...body.chains[0], treeSize: -1 }] }, /treeSize/],
    ['an upper-case root', { chains: [{ ...body.chains[0], rootHash: 'A1'.repeat(32) }] }, /rootHash/],
    ['an empty tree with a root other than SHA-256 of nothing', { chains: [{ ...body.chains[0], treeSize: 0 }] }, /empty tree/],
    ['an extra chain member', { chains: [{ ...body.chains[0], note: 'x' }] }, /exactly/],
    ['a time without milliseconds', { issuedAt: '2026-11-22T10:00:00Z' }, /issuedAt/],
    ['a long key id', { keyId: '0'.repeat(64) }, /keyId/],
    ['an extra member', { note: 'x' }, /exactly/],
  ])('reports %s', (_name, change, message) => {
    expect(checkpointBodyProblem({ ...body, ...change })).toMatch(message);
  });
});

describe('signing', () => {
  const signed = signCheckpoint(body, privateKey);

  it('signs UTF-8 canonicalJson(body) with Ed25519', () => {
    expect(verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(checkpointProblem(signed, [publicKey])).toBeNull();
    expect(checkpointProblem(signed, [other.publicKey, publicKey])).toBeNull();
  });

  it('refuses a key the body does not name, and a key id that is not the signer\'s', () => {
    expect(checkpointProblem(signed, [other.publicKey])).toMatch(/not among the given public keys/);
    expect(() => signCheckpoint({ ...body, keyId: keyIdOf(other.publicKey) }, privateKey)).toThrow(/keyId/);
  });

  it('refuses a signature by another key that claims this key\'s id', () => {
    const forged = { body, signature: signCheckpoint({ ...body, keyId: keyIdOf(other.publicKey) }, other.privateKey).signature };
    expect(checkpointProblem(forged, [publicKey])).toMatch(/does not verify/);
  });

  it('fails when any single byte of the checkpoint line is altered', () => {
    const line = checkpointLine(signed);
    const failures = [...line].map((_, i) => {
      const altered = line.slice(0, i) + String.fromCharCode(line.charCodeAt(i) ^ 0x01) + line.slice(i + 1);
      const parsed = parseExportLine(altered);
      if (parsed.error !== undefined) return 'unparseable';
      if (parsed.record.type !== 'checkpoint') return 'not a checkpoint';
      return checkpointProblem(parsed.record.checkpoint, [publicKey]) ?? 'accepted';
    });
    expect(failures).toHaveLength(line.length);
    expect(failures.filter((f) => f === 'accepted')).toEqual([]);
    expect(failures.filter((f) => /does not verify/.test(f)).length).toBeGreaterThan(20);
  });

  it('refuses a signature in non-canonical base64 that decodes to the same bytes', () => {
    const sig = signed.signature;
    // 64 bytes leave 4 unused bits in the last base64 digit: setting one keeps the decoded bytes.
    const last = sig.length - 3;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const twin = sig.slice(0, last) + alphabet[alphabet.indexOf(sig[last]) ^ 1] + sig.slice(last + 1);
    expect(Buffer.from(twin, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    expect(checkpointProblem({ body, signature: twin }, [publicKey])).toMatch(/signature/);
  });
});
