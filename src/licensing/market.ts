import { addMicro, assertCurrency, assertNonNegativeMicro, invalid, type Micro } from './money.js';
import { apportion, BASIS_POINTS, compareKeys } from './split.js';

/** Calls and revenue of one model over some window (rows for the same model are summed). */
export interface MarketRow {
  modelId: string;
  providerId: string;
  currency: string;
  calls: number;
  revenue: Micro;
}

export interface MarketEntry {
  id: string;
  calls: number;
  revenue: Micro;
  /** Shares of the market in basis points, apportioned by largest remainder so that each column sums to 10,000; null when the market is empty. */
  callShareBp: number | null;
  revenueShareBp: number | null;
}

export interface Concentration {
  byCalls: number | null;
  byRevenue: number | null;
}

export interface MarketReport {
  currency: string;
  calls: number;
  revenue: Micro;
  models: MarketEntry[];
  providers: MarketEntry[];
  hhi: { models: Concentration; providers: Concentration };
}

/**
 * Herfindahl–Hirschman index on percentage shares: Σ (100 · vᵢ / Σv)², from 0 (atomised) to
 * 10,000 (one firm). Computed exactly from the values (not from rounded shares) in bigint and
 * rounded half-up to two decimals; null for an empty market.
 */
export function hhi(values: readonly number[]): number | null {
  let total = 0n;
  let squares = 0n;
  for (const value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw invalid('values', 'market values must be non-negative integers');
    total += BigInt(value);
    squares += BigInt(value) * BigInt(value);
  }
  if (total === 0n) return null;
  const denominator = total * total;
  const hundredths = (squares * 10_000n * 100n * 2n + denominator) / (2n * denominator);
  return Number(hundredths) / 100;
}

/** Shares of `values` in basis points summing to exactly 10,000 (largest remainder, ties by id). */
export function sharesBp(entries: readonly { id: string; value: number }[]): (number | null)[] {
  const total = entries.reduce((sum, e) => sum + e.value, 0);
  if (total === 0) return entries.map(() => null);
  return apportion(
    BASIS_POINTS,
    entries.map((e) => ({ key: e.id, weight: e.value })),
  );
}

/**
 * The market view a regulator reads: per model and per provider, calls and revenue with their
 * shares, and the HHI of each. One currency per report, because revenues in different
 * currencies cannot be added; a model must always be reported under the same provider.
 */
export function marketReport(rows: readonly MarketRow[], currency: string): MarketReport {
  assertCurrency(currency);
  const models = new Map<string, { providerId: string; calls: number; revenue: Micro }>();
  for (const row of rows) {
    if (row.currency !== currency) throw invalid('currency', `row for ${row.modelId} is in ${row.currency}, not ${currency}`);
    if (!Number.isSafeInteger(row.calls) || row.calls < 0) throw invalid('calls', `calls of ${row.modelId} must be a non-negative integer`);
    assertNonNegativeMicro(row.revenue, `revenue of ${row.modelId}`);
    const seen = models.get(row.modelId);
    if (seen && seen.providerId !== row.providerId) {
      throw invalid('providerId', `model ${row.modelId} is reported under ${seen.providerId} and ${row.providerId}`);
    }
    models.set(row.modelId, {
      providerId: row.providerId,
      calls: (seen?.calls ?? 0) + row.calls,
      revenue: addMicro(seen?.revenue ?? 0, row.revenue),
    });
  }

  const providers = new Map<string, { calls: number; revenue: Micro }>();
  for (const model of models.values()) {
    const seen = providers.get(model.providerId);
    providers.set(model.providerId, {
      calls: (seen?.calls ?? 0) + model.calls,
      revenue: addMicro(seen?.revenue ?? 0, model.revenue),
    });
  }

  const modelEntries = entries(models);
  const providerEntries = entries(providers);
  return {
    currency,
    calls: modelEntries.reduce((sum, e) => sum + e.calls, 0),
    revenue: modelEntries.reduce((sum, e) => addMicro(sum, e.revenue), 0),
    models: modelEntries,
    providers: providerEntries,
    hhi: { models: concentration(modelEntries), providers: concentration(providerEntries) },
  };
}

function entries(totals: Map<string, { calls: number; revenue: Micro }>): MarketEntry[] {
  const ids = [...totals.keys()].sort(compareKeys);
  const callShares = sharesBp(ids.map((id) => ({ id, value: totals.get(id)!.calls })));
  const revenueShares = sharesBp(ids.map((id) => ({ id, value: totals.get(id)!.revenue })));
  return ids.map((id, i) => ({
    id,
    calls: totals.get(id)!.calls,
    revenue: totals.get(id)!.revenue,
    callShareBp: callShares[i],
    revenueShareBp: revenueShares[i],
  }));
}

function concentration(entries: readonly MarketEntry[]): Concentration {
  return { byCalls: hhi(entries.map((e) => e.calls)), byRevenue: hhi(entries.map((e) => e.revenue)) };
}
