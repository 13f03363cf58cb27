/** Reshaping GET /v1/revenue/earnings for the licensor's chart: one table of periods × models per currency. */

export interface EarningsPoint {
  period: string;
  model: string;
  version: string;
  currency: string;
  allocations: number;
  amount: number;
}

export interface CurrencySeries {
  currency: string;
  periods: string[];
  /** One series per model (versions added up), in name order; values align with `periods`. */
  series: { name: string; values: number[] }[];
  total: number;
}

/** Every period from `from` (inclusive) to `to` (exclusive), by day or by month, as YYYY-MM-DD of its first day. */
export function periodsBetween(from: string, to: string, interval: 'day' | 'month'): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  const start = new Date(`${from}T00:00:00Z`);
  const cursor = interval === 'month' ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)) : start;
  while (cursor.getTime() < end && out.length < 1000) {
    out.push(cursor.toISOString().slice(0, 10));
    if (interval === 'month') cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

export function earningsSeries(points: readonly EarningsPoint[], periods: readonly string[]): CurrencySeries[] {
  const currencies = [...new Set(points.map((p) => p.currency))].sort();
  return currencies.map((currency) => {
    const mine = points.filter((p) => p.currency === currency);
    const models = [...new Set(mine.map((p) => p.model))].sort();
    const index = new Map(periods.map((p, i) => [p, i]));
    const series = models.map((name) => {
      const values = periods.map(() => 0);
      for (const p of mine) {
        const i = index.get(p.period);
        if (p.model === name && i !== undefined) values[i] += p.amount;
      }
      return { name, values };
    });
    return { currency, periods: [...periods], series, total: series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0) };
  });
}
