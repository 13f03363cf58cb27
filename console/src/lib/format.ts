/** Formatting for people: counts, rates, money in micro-units, times in UTC. No DOM here. */

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const count = (n: number): string => integer.format(n);

export function decimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`;
}

/** An amount in micro-units (1/1,000,000 of the currency unit) as money. */
export function money(micro: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(micro / 1_000_000);
  } catch {
    return `${(micro / 1_000_000).toFixed(6)} ${currency}`;
  }
}

/** `2026-11-22 14:03:05 UTC` */
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

export const shortHash = (hex: string, length = 12): string => (hex.length > length ? `${hex.slice(0, length)}…` : hex);

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A group key such as `{ sex: 'female', ethnicity: 'minority-a' }` as `female · minority-a`. */
export const groupLabel = (group: Record<string, string>, grouping: string[]): string => grouping.map((a) => group[a] ?? '?').join(' · ');

/** YYYY-MM-DD of a date in UTC. */
export const day = (date: Date): string => date.toISOString().slice(0, 10);

/** Decimals enough that values `step` apart read differently (a step of 0.005 → 3; whole steps → 0). */
export const decimalsFor = (step: number): number => (step >= 1 || !(step > 0) ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
