import { assertNonNegativeMicro, invalid, type Micro } from './money.js';

/** Shares are basis points: 10,000 bp = 100 %. */
export const BASIS_POINTS = 10_000;

export interface Share {
  partyId: string;
  basisPoints: number;
}

export interface PartyAmount {
  partyId: string;
  amount: Micro;
}

export interface Claim {
  key: string;
  weight: number;
}

/** Code-unit order, the same order canonical JSON sorts keys in, so no locale can change a result. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Largest-remainder (Hamilton) apportionment of `amount` among claims in proportion to their
 * weights. Each claim first gets floor(amount × weight / Σweight); the units left over (fewer
 * than the number of claims) go one each to the claims with the largest remainders, ties broken
 * by key in ascending code-unit order. The result is in claim order and sums exactly to `amount`.
 * Products are taken in bigint, so amount × weight may exceed 2^53.
 */
export function apportion(amount: Micro, claims: readonly Claim[]): Micro[] {
  assertNonNegativeMicro(amount);
  assertClaims(claims);
  const total = claims.reduce((sum, c) => sum + BigInt(c.weight), 0n);
  if (amount === 0) return claims.map(() => 0);
  if (total === 0n) throw invalid('weights', `cannot apportion ${amount} among claims whose weights are all zero`);

  const big = BigInt(amount);
  const floors = claims.map((c) => (big * BigInt(c.weight)) / total);
  const remainders = claims.map((c) => (big * BigInt(c.weight)) % total);
  let leftover = Number(big - floors.reduce((sum, f) => sum + f, 0n));

  const order = claims
    .map((_, index) => index)
    .sort((i, j) => {
      if (remainders[i] !== remainders[j]) return remainders[i] > remainders[j] ? -1 : 1;
      return compareKeys(claims[i].key, claims[j].key);
    });
  for (const index of order) {
    if (leftover === 0) break;
    floors[index] += 1n;
    leftover -= 1;
  }
  return floors.map(Number);
}

function assertClaims(claims: readonly Claim[]): void {
  const seen = new Set<string>();
  for (const claim of claims) {
    if (!Number.isSafeInteger(claim.weight) || claim.weight < 0) {
      throw invalid('weight', `weight of ${claim.key} must be a non-negative integer`);
    }
    if (seen.has(claim.key)) throw invalid('key', `${claim.key} is claimed twice`);
    seen.add(claim.key);
  }
}

/** Every problem with a share table, so that an admin fixes them all at once; empty when valid. */
export function validateShares(shares: readonly Share[]): string[] {
  if (!Array.isArray(shares) || shares.length === 0) return ['a share table needs at least one party'];
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const share of shares) {
    if (typeof share.partyId !== 'string' || share.partyId.length === 0) {
      problems.push('every share needs a partyId');
      continue;
    }
    if (!Number.isInteger(share.basisPoints) || share.basisPoints < 0 || share.basisPoints > BASIS_POINTS) {
      problems.push(`${share.partyId}: basisPoints must be an integer from 0 to ${BASIS_POINTS}, not ${share.basisPoints}`);
    } else {
      total += share.basisPoints;
    }
    if (seen.has(share.partyId)) problems.push(`${share.partyId} appears more than once`);
    seen.add(share.partyId);
  }
  if (problems.length === 0 && total !== BASIS_POINTS) {
    problems.push(`shares sum to ${total} bp, not ${BASIS_POINTS}`);
  }
  return problems;
}

export function assertShares(shares: readonly Share[], field = 'shares'): void {
  const problems = validateShares(shares);
  if (problems.length > 0) throw invalid(field, problems.join('; '), { problems });
}

/**
 * Splits a charge among rights-holders by largest remainder (see `apportion`): one entry per
 * share, in the table's order, summing exactly to `amount`; a 0 bp party always gets 0.
 */
export function split(amount: Micro, shares: readonly Share[]): PartyAmount[] {
  assertShares(shares);
  const amounts = apportion(
    amount,
    shares.map((s) => ({ key: s.partyId, weight: s.basisPoints })),
  );
  return shares.map((s, i) => ({ partyId: s.partyId, amount: amounts[i] }));
}
