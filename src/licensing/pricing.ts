import { MAX_ROWS_PER_CALL_LIMIT } from '../config/config.js';
import { addMicro, currencyProblem, invalid, isCurrencyInUse, isMicro, mulMicro, type Micro } from './money.js';

/**
 * One band of a graduated schedule: calls numbered up to `upTo` (inclusive, counted from the
 * start of the billing period) that are not in an earlier band. `null` means "and beyond" and
 * must be the last band.
 */
export interface PriceTier {
  upTo: number | null;
  perCall: Micro;
  perRow: Micro;
}

export interface PriceSchedule {
  currency: string;
  tiers: readonly PriceTier[];
}

/** A model version's default schedule and the schedules negotiated with particular tenants. */
export interface PriceList extends PriceSchedule {
  overrides?: Readonly<Record<string, PriceSchedule>>;
}

export interface CallUsage {
  /** Rows in this call's input (a batch of n rows is one call of n rows). */
  rows: number;
  /** This tenant's successful, charged calls of this version earlier in the same billing period. */
  callsSoFarInPeriod: number;
  tenantId?: string;
}

export interface Price {
  amount: Micro;
  currency: string;
  /** 1-based position of this call in the period, which chose the tier. */
  callNumber: number;
  tier: number;
  source: 'default' | 'tenant-override';
}

export function flatSchedule(currency: string, perCall: Micro, perRow: Micro = 0): PriceSchedule {
  return { currency, tiers: [{ upTo: null, perCall, perRow }] };
}

export function validateSchedule(schedule: PriceSchedule, label = 'price list'): string[] {
  const problems: string[] = [];
  if (!isCurrencyInUse(schedule.currency)) problems.push(`${label}: ${currencyProblem(schedule.currency)}`);
  const tiers = schedule.tiers ?? [];
  if (tiers.length === 0) problems.push(`${label}: needs at least one tier`);
  let previous = 0;
  tiers.forEach((tier, i) => {
    const name = `${label} tier ${i + 1}`;
    if (!isMicro(tier.perCall) || tier.perCall < 0) problems.push(`${name}: perCall must be non-negative micro-units`);
    if (!isMicro(tier.perRow) || tier.perRow < 0) problems.push(`${name}: perRow must be non-negative micro-units`);
    else if (isMicro(tier.perCall) && tier.perCall >= 0 && !withinSafeRange(tier)) {
      problems.push(`${name}: perCall + ${MAX_ROWS_PER_CALL_LIMIT} × perRow must be at most ${Number.MAX_SAFE_INTEGER} micro-units, so that every call a tenant may send can be priced`);
    }
    const last = i === tiers.length - 1;
    if (tier.upTo === null) {
      if (!last) problems.push(`${name}: only the last tier may be open-ended`);
      return;
    }
    if (last) problems.push(`${name}: the last tier must be open-ended (upTo: null)`);
    if (!Number.isSafeInteger(tier.upTo) || tier.upTo <= previous) {
      problems.push(`${name}: upTo must be an integer greater than ${previous}`);
    } else {
      previous = tier.upTo;
    }
  });
  return problems;
}

/**
 * The dearest call a tier can price (the most rows any configuration allows) is still a safe
 * amount. Without this a schedule could be stored that fails every call it prices.
 */
function withinSafeRange(tier: PriceTier): boolean {
  return BigInt(tier.perCall) + BigInt(MAX_ROWS_PER_CALL_LIMIT) * BigInt(tier.perRow) <= BigInt(Number.MAX_SAFE_INTEGER);
}

export function validatePriceList(list: PriceList): string[] {
  const problems = validateSchedule(list);
  for (const [tenantId, schedule] of Object.entries(list.overrides ?? {})) {
    problems.push(...validateSchedule(schedule, `override for tenant ${tenantId}`));
  }
  return problems;
}

export function assertPriceList(list: PriceList): void {
  const problems = validatePriceList(list);
  if (problems.length > 0) throw invalid('priceList', problems.join('; '), { problems });
}

/** A tenant's own schedule wins over the default; own-property lookup so ids like "constructor" are safe. */
export function scheduleFor(list: PriceList, tenantId?: string): { schedule: PriceSchedule; source: Price['source'] } {
  const overrides = list.overrides ?? {};
  if (tenantId !== undefined && Object.hasOwn(overrides, tenantId)) {
    return { schedule: overrides[tenantId], source: 'tenant-override' };
  }
  return { schedule: list, source: 'default' };
}

/**
 * Prices one call. Tiers are graduated: the n-th call of the period is priced at the rates of the
 * tier n falls in, and earlier calls keep the price they were charged, so crossing a threshold
 * never reprices the calls below it. Amount = perCall + rows × perRow of that tier.
 */
export function priceCall(usage: CallUsage, list: PriceList): Price {
  if (!Number.isSafeInteger(usage.rows) || usage.rows < 0) throw invalid('rows', 'rows must be a non-negative integer');
  if (!Number.isSafeInteger(usage.callsSoFarInPeriod) || usage.callsSoFarInPeriod < 0) {
    throw invalid('callsSoFarInPeriod', 'callsSoFarInPeriod must be a non-negative integer');
  }
  const { schedule, source } = scheduleFor(list, usage.tenantId);
  const problems = validateSchedule(schedule);
  if (problems.length > 0) throw invalid('priceList', problems.join('; '), { problems });

  const callNumber = usage.callsSoFarInPeriod + 1;
  const tier = schedule.tiers.findIndex((t) => t.upTo === null || callNumber <= t.upTo);
  const { perCall, perRow } = schedule.tiers[tier];
  return {
    amount: addMicro(perCall, mulMicro(perRow, usage.rows)),
    currency: schedule.currency,
    callNumber,
    tier: tier + 1,
    source,
  };
}
