import { createHash } from 'node:crypto';
import { CompactRange } from './compact-range.js';
import {
  EMPTY_ROOT,
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

/*
 * The reference below is RFC 6962 §2.1 read literally: slices, recursion, nothing shared with
 * merkle.ts. Proofs from merkle.ts must equal it, and its proofs must pass merkle.ts's verifiers.
 */
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const naiveLeaf = (data: Buffer): Buffer => sha(Buffer.from([0]), data);
const largestPowerBelow = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return d[0];
  const k = largestPowerBelow(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}

function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = largestPowerBelow(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = largestPowerBelow(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const hex = (list: Buffer[]): string[] => list.map((b) => b.toString('hex'));
const flip = (b: Buffer): Buffer => Buffer.from(b.map((x, i) => (i === 0 ? x ^ 1 : x)));

// The eight inputs of the RFC 6962 reference test data (certificate-transparency, merkle_tree_test).
const RFC_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const rfcLeaves = RFC_INPUTS.map((h) => naiveLeaf(Buffer.from(h, 'hex')));

describe('RFC 6962 reference vectors', () => {
  it.each([
    [0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [1, '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'],
    [2, 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
    [3, 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77'],
    [4, 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'],
    [5, '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4'],
    [6, '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef'],
    [7, 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c'],
    [8, '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
  ])('root of the first %i leaves is %s', (size, root) => {
    expect(merkleRoot(rfcLeaves.slice(0, size)).toString('hex')).toBe(root);
    expect(mth(rfcLeaves.slice(0, size)).toString('hex')).toBe(root);
  });

  it.each([
    [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  ])('inclusion proof of leaf %i in a tree of %i', (index, size, expected) => {
    expect(hex(inclusionProof(rfcLeaves, index, size))).toEqual(expected);
  });

  it.each([
    [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  ])('consistency proof from %i to %i', (m, n, expected) => {
    expect(hex(consistencyProof(rfcLeaves, m, n))).toEqual(expected);
  });
});

const MAX = 70;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(sha(Buffer.from(`event ${i}`))));
const sizes = Array.from({ length: MAX }, (_, i) => i + 1);

describe('inclusion proofs against the reference, every index of every size up to 70', () => {
  it.each(sizes)('size %i', (size) => {
    const tree = leaves.slice(0, size);
    const root = mth(tree);
    expect(merkleRoot(tree).equals(root)).toBe(true);
    for (let index = 0; index < size; index++) {
      const proof = inclusionProof(leaves, index, size);
      expect(hex(proof)).toEqual(hex(path(index, tree)));
      expect(verifyInclusion(leaves[index], index, size, proof, root)).toBe(true);
      expect(verifyInclusion(flip(leaves[index]), index, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaves[index], index, size, proof, flip(root))).toBe(false);
      if (proof.length > 0) {
        expect(verifyInclusion(leaves[index], index, size, [...proof.slice(0, -1), flip(proof[proof.length - 1])], root)).toBe(false);
        expect(verifyInclusion(leaves[index], index, size, proof.slice(1), root)).toBe(false);
        expect(verifyInclusion(leaves[index], index ^ 1, size, proof, root)).toBe(false);
      }
      expect(verifyInclusion(leaves[index], index, size, [...proof, root], root)).toBe(false);
      expect(verifyInclusion(leaves[index], size, size, proof, root)).toBe(false);
    }
  });
});

describe('consistency proofs against the reference, every (m, n) up to 70', () => {
  it.each(sizes)('n = %i', (n) => {
    const rootN = mth(leaves.slice(0, n));
    for (let m = 1; m <= n; m++) {
      const rootM = mth(leaves.slice(0, m));
      const proof = consistencyProof(leaves, m, n);
      expect(hex(proof)).toEqual(m === n ? [] : hex(subproof(m, leaves.slice(0, n), true)));
      expect(verifyConsistency(m, n, proof, rootM, rootN)).toBe(true);
      expect(verifyConsistency(m, n, proof, flip(rootM), rootN)).toBe(false);
      expect(verifyConsistency(m, n, proof, rootM, flip(rootN))).toBe(false);
      if (m < n) {
        expect(verifyConsistency(m, n, [flip(proof[0]), ...proof.slice(1)], rootM, rootN)).toBe(false);
        expect(verifyConsistency(m, n, proof.slice(0, -1), rootM, rootN)).toBe(false);
        expect(verifyConsistency(m, n, [...proof, rootN], rootM, rootN)).toBe(false);
        expect(verifyConsistency(m + 1, n, proof, rootM, rootN)).toBe(false);
      }
    }
  });

  it('treats the empty tree as a prefix of every tree, with an empty proof', () => {
    expect(consistencyProof(leaves, 0, 5)).toEqual([]);
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, mth(leaves.slice(0, 5)))).toBe(true);
    expect(verifyConsistency(0, 5, [], leaves[0], mth(leaves.slice(0, 5)))).toBe(false);
    expect(verifyConsistency(0, 5, [leaves[0]], EMPTY_ROOT, mth(leaves.slice(0, 5)))).toBe(false);
  });

  it.each([
    ['index past the end', () => inclusionProof(leaves, 5, 5)],
    ['negative index', () => inclusionProof(leaves, -1, 5)],
    ['m larger than n', () => consistencyProof(leaves, 6, 5)],
    ['a fractional size', () => consistencyProof(leaves, 1, 2.5)],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('CompactRange', () => {
  it('has the reference root at every size from 0 to 70', () => {
    const range = new CompactRange();
    expect(range.root().equals(mth([]))).toBe(true);
    for (const [i, leaf] of leaves.entries()) {
      range.push(leaf);
      expect(range.size).toBe(i + 1);
      expect(range.root().equals(mth(leaves.slice(0, i + 1)))).toBe(true);
    }
  });

  it.each([0, 1, 2, 5, 8, 13, 31, 32, 33, 64])('resumes from its frontier at size %i', (size) => {
    const whole = new CompactRange();
    leaves.slice(0, size).forEach((leaf) => whole.push(leaf));
    const resumed = CompactRange.fromFrontier(size, whole.frontier());
    leaves.slice(size).forEach((leaf) => resumed.push(leaf));
    expect(resumed.root().equals(mth(leaves))).toBe(true);
  });

  it('pushEventHash hashes the event hash as a leaf', () => {
    const range = new CompactRange();
    const eventHash = sha(Buffer.from('e'));
    range.pushEventHash(eventHash.toString('hex'));
    expect(range.root().equals(naiveLeaf(eventHash))).toBe(true);
  });

  it.each([
    ['a frontier of the wrong length', () => CompactRange.fromFrontier(3, [leaves[0]])],
    ['a negative size', () => CompactRange.fromFrontier(-1, [])],
    ['a short hash', () => CompactRange.fromFrontier(1, [Buffer.alloc(31)])],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});
