import { hash as oneShotHash } from 'node:crypto';

/*
 * Merkle tree hashing of RFC 6962 §2.1 / RFC 9162 §2.1. A chain's leaf i (0-based) is its event
 * with seq i + 1; leaves here are leaf hashes (see leafHash), 32-byte Buffers. Sizes and indexes
 * are plain numbers up to 2^53 - 1, so all bit work is done with arithmetic, not 32-bit operators.
 */

export const EMPTY_ROOT: Buffer = oneShotHash('sha256', Buffer.alloc(0), 'buffer');

const leafScratch = Buffer.alloc(33);
const nodeScratch = Buffer.alloc(65);
leafScratch[0] = 0x00;
nodeScratch[0] = 0x01;

/** SHA-256(0x00 ‖ event hash bytes): the leaf for an event, given its hash (hex or bytes). */
export function leafHash(eventHash: string | Buffer): Buffer {
  if (typeof eventHash === 'string') {
    if (leafScratch.write(eventHash, 1, 32, 'hex') !== 32 || eventHash.length !== 64) throw new TypeError('event hash must be 64 hex digits');
  } else {
    if (eventHash.length !== 32) throw new TypeError('event hash must be 32 bytes');
    eventHash.copy(leafScratch, 1);
  }
  return oneShotHash('sha256', leafScratch, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  left.copy(nodeScratch, 1);
  right.copy(nodeScratch, 33);
  return oneShotHash('sha256', nodeScratch, 'buffer');
}

/*
 * The same two hashes over hashes held as 32-character latin1 strings, one character per byte.
 * A digest comes out of node:crypto as such a string at well under half the cost of a Buffer,
 * which matters where every event of a long chain is hashed into a tree (verification, export).
 */

/** leafHash of an event hash given as 64 hex digits, as a latin1 string. */
export function leafHashLatin1(eventHash: string): string {
  if (leafScratch.write(eventHash, 1, 32, 'hex') !== 32 || eventHash.length !== 64) throw new TypeError('event hash must be 64 hex digits');
  return oneShotHash('sha256', leafScratch, 'binary');
}

/** nodeHash over latin1 strings, as a latin1 string. */
export function nodeHashLatin1(left: string, right: string): string {
  nodeScratch.write(left, 1, 32, 'latin1');
  nodeScratch.write(right, 33, 32, 'latin1');
  return oneShotHash('sha256', nodeScratch, 'binary');
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number): boolean => n >= 1 && splitPoint(n + 1) === n;

/**
 * The hash of the perfect subtree over leaves [start, end), where end - start is a power of two
 * and start is a multiple of it. The only thing proof construction needs from storage: a server
 * can answer it from leaves, from stored interior nodes, or from a mix.
 */
export type PerfectSubtree = (start: number, end: number) => Buffer;

/** A PerfectSubtree over leaf hashes held in memory. */
export function perfectSubtreeOf(leaves: readonly Buffer[]): PerfectSubtree {
  const walk: PerfectSubtree = (start, end) => {
    if (end - start === 1) return leaves[start];
    const mid = start + (end - start) / 2;
    return nodeHash(walk(start, mid), walk(mid, end));
  };
  return walk;
}

/** MTH(D[start:end]) for a range that is a node of some RFC 6962 tree, from perfect subtrees. */
export function rangeRoot(perfect: PerfectSubtree, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n)) return perfect(start, end);
  const k = splitPoint(n);
  return nodeHash(perfect(start, start + k), rangeRoot(perfect, start + k, end));
}

/** MTH over all the given leaf hashes. */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  return rangeRoot(perfectSubtreeOf(leaves), 0, leaves.length);
}

function assertSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be an integer ≥ 0, got ${n}`);
}

/** RFC 9162 §2.1.3.1 PATH(index, D[treeSize]), leaf-side first. */
export function inclusionProofFrom(perfect: PerfectSubtree, index: number, treeSize: number): Buffer[] {
  assertSize('index', index);
  assertSize('treeSize', treeSize);
  if (index >= treeSize) throw new RangeError(`index ${index} is outside a tree of size ${treeSize}`);
  const path: Buffer[] = [];
  let start = 0;
  let end = treeSize;
  // Walk from the root down to the leaf, collecting siblings; the proof lists them leaf first.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      path.push(rangeRoot(perfect, start + k, end));
      end = start + k;
    } else {
      path.push(rangeRoot(perfect, start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): shows the tree of size m is a prefix of the tree of size n. */
export function consistencyProofFrom(perfect: PerfectSubtree, m: number, n: number): Buffer[] {
  assertSize('m', m);
  assertSize('n', n);
  if (m > n) throw new RangeError(`m ${m} is larger than n ${n}`);
  if (m === 0 || m === n) return [];
  const proof: Buffer[] = [];
  let start = 0;
  let end = n;
  let whole = true; // the subtree [0, m) of the current range is the old tree itself
  for (;;) {
    if (start + m === end) {
      // SUBPROOF(m, D[m], b): nothing when the old tree is this subtree, else its root.
      if (!whole) proof.push(rangeRoot(perfect, start, end));
      break;
    }
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(rangeRoot(perfect, start + k, end));
      end = start + k;
    } else {
      proof.push(rangeRoot(perfect, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  return proof.reverse();
}

export const inclusionProof = (leaves: readonly Buffer[], index: number, treeSize: number): Buffer[] =>
  inclusionProofFrom(perfectSubtreeOf(leaves), index, treeSize);

export const consistencyProof = (leaves: readonly Buffer[], m: number, n: number): Buffer[] =>
  consistencyProofFrom(perfectSubtreeOf(leaves), m, n);

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: does `proof` show `leaf` at `index` in the tree of `treeSize` with `root`? */
export function verifyInclusion(leaf: Buffer, index: number, treeSize: number, proof: readonly Buffer[], root: Buffer): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (m, rootM) is a prefix of the tree (n, rootN)? */
export function verifyConsistency(m: number, n: number, proof: readonly Buffer[], rootM: Buffer, rootN: Buffer): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  // Every tree extends the empty one, and a tree only extends itself at equal size (RFC 9162 §2.1.4).
  if (m === 0) return proof.length === 0 && (n > 0 || rootN.equals(EMPTY_ROOT)) && rootM.equals(EMPTY_ROOT);
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}
