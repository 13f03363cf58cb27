import { EMPTY_ROOT, leafHashLatin1, nodeHashLatin1 } from './merkle.js';

/**
 * The Merkle root of a growing chain in O(log n) memory. A tree of size n splits into perfect
 * subtrees, one per set bit of n, largest on the left; this keeps only their roots (the
 * "frontier"), so that a chain of any length can be streamed once and its root read off at any
 * size, and so that a server can carry a chain's root forward by storing just the frontier.
 */
export class CompactRange {
  private count = 0;
  /** The frontier as latin1 strings (see nodeHashLatin1). */
  private readonly nodes: string[] = [];

  /** Resumes from a stored frontier: the perfect-subtree roots of a tree of `size`, largest first. */
  static fromFrontier(size: number, frontier: readonly Buffer[]): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be an integer ≥ 0, got ${size}`);
    if (frontier.length !== frontierLength(size)) {
      throw new RangeError(`a tree of size ${size} has a frontier of ${frontierLength(size)} hashes, got ${frontier.length}`);
    }
    if (frontier.some((h) => h.length !== 32)) throw new RangeError('frontier hashes must be 32 bytes');
    const range = new CompactRange();
    range.count = size;
    range.nodes.push(...frontier.map((h) => h.toString('latin1')));
    return range;
  }

  get size(): number {
    return this.count;
  }

  /** The perfect-subtree roots, largest (leftmost) first; copies. */
  frontier(): Buffer[] {
    return this.nodes.map((h) => Buffer.from(h, 'latin1'));
  }

  /** Appends a leaf hash. */
  push(leaf: Buffer): void {
    if (leaf.length !== 32) throw new RangeError('leaf hash must be 32 bytes');
    this.pushNode(leaf.toString('latin1'));
  }

  /** Appends the leaf of an event with this hash (hex). */
  pushEventHash(eventHash: string): void {
    this.pushNode(leafHashLatin1(eventHash));
  }

  private pushNode(leaf: string): void {
    let node = leaf;
    // Each trailing 1 bit of the old size is a perfect subtree the new leaf completes.
    for (let s = this.count; s % 2 === 1; s = (s - 1) / 2) node = nodeHashLatin1(this.nodes.pop()!, node);
    this.nodes.push(node);
    this.count++;
  }

  /** MTH of the leaves pushed so far (SHA-256 of nothing for none). */
  root(): Buffer {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1];
    for (let i = this.nodes.length - 2; i >= 0; i--) root = nodeHashLatin1(this.nodes[i], root);
    return Buffer.from(root, 'latin1');
  }
}

/** How many hashes the frontier of a tree of `size` leaves holds: the set bits of size. */
export function frontierLength(size: number): number {
  let bits = 0;
  for (let x = size; x > 0; x = Math.floor(x / 2)) bits += x % 2;
  return bits;
}
