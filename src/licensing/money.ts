import { DomainError } from '../common/errors.js';

/**
 * Money is an integer count of micro-units (1 unit of a currency = 1,000,000 micro) held in a
 * plain `number` that must stay a safe integer. A `number` rather than a `bigint` because it
 * survives JSON, canonical JSON (which refuses BigInts) and Postgres `bigint` columns without a
 * custom codec, and 2^53 − 1 micro-units is about 9 billion currency units: far above any one
 * charge, statement or invoice. Every sum goes through `addMicro`/`sumMicro`, which refuse to
 * leave the safe range instead of silently rounding; intermediate products (amount × weight)
 * are computed in `bigint` where they could exceed it (see `split.ts`).
 */
export type Micro = number;

export const MICRO_PER_UNIT = 1_000_000;

export function isMicro(value: unknown): value is Micro {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertMicro(value: unknown, field = 'amount'): asserts value is Micro {
  if (!isMicro(value)) {
    throw invalid(field, `${field} must be an integer number of micro-units within ±${Number.MAX_SAFE_INTEGER}`);
  }
}

export function assertNonNegativeMicro(value: unknown, field = 'amount'): asserts value is Micro {
  assertMicro(value, field);
  if (value < 0) throw invalid(field, `${field} must not be negative`);
}

export function addMicro(a: Micro, b: Micro): Micro {
  const sum = a + b;
  assertMicro(sum, 'sum');
  return sum;
}

export function sumMicro(values: Iterable<Micro>): Micro {
  let total = 0;
  for (const value of values) total = addMicro(total, value);
  return total;
}

export function mulMicro(amount: Micro, factor: number): Micro {
  if (!Number.isSafeInteger(factor)) throw invalid('factor', 'factor must be a safe integer');
  const product = BigInt(amount) * BigInt(factor);
  if (product > BigInt(Number.MAX_SAFE_INTEGER) || product < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalid('amount', `${amount} × ${factor} micro-units is outside the safe integer range`);
  }
  return Number(product);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;

/** `"12.345"` → 12345000. Parsed from the string, never through a float; more than 6 decimals is refused. */
export function toMicro(decimal: string): Micro {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) throw invalid('amount', `"${decimal}" is not a decimal amount with at most 6 decimals`);
  const [, sign, whole, fraction = ''] = match;
  const magnitude = BigInt(whole) * BigInt(MICRO_PER_UNIT) + BigInt(fraction.padEnd(6, '0'));
  const value = Number(sign ? -magnitude : magnitude);
  assertMicro(value);
  return value;
}

/** 12345000 → `"12.345000"`: always six decimals so that no reader mistakes micro-units for cents. */
export function formatMicro(amount: Micro): string {
  assertMicro(amount);
  const sign = amount < 0 ? '-' : '';
  const magnitude = Math.abs(amount);
  const whole = Math.floor(magnitude / MICRO_PER_UNIT);
  const fraction = String(magnitude % MICRO_PER_UNIT).padStart(6, '0');
  return `${sign}${whole}.${fraction}`;
}

/**
 * ISO 4217 currency codes as the runtime's ICU data lists them (about 160), without the units of
 * account it also carries (XDR, XSU); funds, precious metals and test codes (XAU, XTS, XXX) are not
 * in it. A stored charge is read in any of these.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency').filter((c) => c !== 'XDR' && c !== 'XSU'));

/**
 * Codes ICU still lists that ISO 4217 has withdrawn, with the currency that replaced them: a new
 * price cannot be set in them, while charges made before still read.
 */
const WITHDRAWN: ReadonlyMap<string, string> = new Map([
  ['ANG', 'XCG'],
  ['BGN', 'EUR'],
  ['CUC', 'CUP'],
  ['HRK', 'EUR'],
  ['SLL', 'SLE'],
  ['ZWL', 'ZWG'],
]);

export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && CURRENCIES.has(code);
}

/** A currency a new price may be set in: an ISO 4217 code in use, not a withdrawn one. */
export function isCurrencyInUse(code: unknown): code is string {
  return isCurrency(code) && !WITHDRAWN.has(code);
}

/** What to say about a code a new price cannot use. */
export function currencyProblem(code: unknown): string {
  const replacement = typeof code === 'string' ? WITHDRAWN.get(code) : undefined;
  return replacement ? `${code} is a withdrawn ISO 4217 code (replaced by ${replacement})` : `${String(code)} is not an ISO 4217 currency code in use`;
}

export function assertCurrency(code: unknown, field = 'currency'): asserts code is string {
  if (!isCurrency(code)) throw invalid(field, `${String(code)} is not an ISO 4217 currency code in use`);
}

export function invalid(field: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field, ...details });
}
