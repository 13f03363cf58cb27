/** Splitting a range of audit events into pieces verified one after another, so progress can be shown. */

export interface Piece {
  from: number;
  to: number;
}

/** [from, to] (inclusive, 1-based sequence numbers) in consecutive pieces of at most `size` events. */
export function pieces(from: number, to: number, size: number): Piece[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) throw new RangeError(`not a range of events: ${from}–${to}`);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`not a piece size: ${size}`);
  const out: Piece[] = [];
  for (let start = from; start <= to; start += size) out.push({ from: start, to: Math.min(start + size - 1, to) });
  return out;
}

/** A piece size that gives between one and `maxPieces` pieces, never under `minSize` events each. */
export function pieceSize(events: number, maxPieces = 20, minSize = 500): number {
  return Math.max(minSize, Math.ceil(events / maxPieces));
}

/** Why a range typed by a person cannot be verified, or null when it can. */
export function rangeProblem(from: number, to: number, size: number): string | null {
  if (!Number.isInteger(from) || from < 1) return 'From must be a whole number of at least 1.';
  if (!Number.isInteger(to) || to < 1) return 'To must be a whole number of at least 1.';
  if (to < from) return 'To must not be before From.';
  if (to > size) return `This chain holds ${size} events; To must be at most ${size}.`;
  return null;
}
