import { addMicro, assertCurrency, assertNonNegativeMicro, invalid, type Micro } from './money.js';
import { compareKeys } from './split.js';

/** A row of `charges`: one successful, metered inference. */
export interface ChargeRecord {
  chargeId: string;
  tenantId: string;
  /** The version the tenant called. */
  versionId: string;
  currency: string;
  amount: Micro;
  /** When the charged inference happened; decides its period. */
  at: Date;
}

/** A row of `revenue_allocations`: part of one charge owed to one party. */
export interface AllocationRecord {
  chargeId: string;
  partyId: string;
  /** The version whose share table paid the party (the called one or an ancestor of it). */
  versionId: string;
  amount: Micro;
}

export interface CurrencyReconciliation {
  currency: string;
  calls: number;
  charges: Micro;
  allocations: Micro;
  difference: Micro;
}

export interface Reconciliation {
  currencies: CurrencyReconciliation[];
  /** Charges whose allocations do not add up to them. */
  mismatchedCharges: string[];
  /** Allocations that name no charge in the input. */
  orphanAllocations: number;
  balanced: boolean;
}

export function assertChargeRecord(charge: ChargeRecord): void {
  if (typeof charge.chargeId !== 'string' || charge.chargeId === '') throw invalid('chargeId', 'a charge needs a chargeId');
  assertNonNegativeMicro(charge.amount, `charge ${charge.chargeId} amount`);
  assertCurrency(charge.currency, `charge ${charge.chargeId} currency`);
  if (!(charge.at instanceof Date) || !Number.isFinite(charge.at.getTime())) {
    throw invalid('at', `charge ${charge.chargeId} has no valid time`);
  }
}

/** Charges by id, refusing a repeated id: counted twice it would be invoiced twice. */
export function indexCharges(charges: readonly ChargeRecord[]): Map<string, ChargeRecord> {
  const byId = new Map<string, ChargeRecord>();
  for (const charge of charges) {
    assertChargeRecord(charge);
    if (byId.has(charge.chargeId)) throw invalid('chargeId', `charge ${charge.chargeId} appears twice`);
    byId.set(charge.chargeId, charge);
  }
  return byId;
}

/**
 * Compares what was charged with what was allocated, per currency and per charge. `difference`
 * is charges − allocations; a balanced input has 0 everywhere, no mismatched charge and no orphan.
 */
export function reconcile(charges: readonly ChargeRecord[], allocations: readonly AllocationRecord[]): Reconciliation {
  const byId = indexCharges(charges);
  const allocatedPerCharge = new Map<string, Micro>();
  let orphanAllocations = 0;
  for (const allocation of allocations) {
    assertNonNegativeMicro(allocation.amount, `allocation of charge ${allocation.chargeId} amount`);
    if (!byId.has(allocation.chargeId)) {
      orphanAllocations += 1;
      continue;
    }
    allocatedPerCharge.set(allocation.chargeId, addMicro(allocatedPerCharge.get(allocation.chargeId) ?? 0, allocation.amount));
  }

  const perCurrency = new Map<string, CurrencyReconciliation>();
  const mismatchedCharges: string[] = [];
  for (const charge of byId.values()) {
    const allocated = allocatedPerCharge.get(charge.chargeId) ?? 0;
    if (allocated !== charge.amount) mismatchedCharges.push(charge.chargeId);
    const row = perCurrency.get(charge.currency) ?? { currency: charge.currency, calls: 0, charges: 0, allocations: 0, difference: 0 };
    row.calls += 1;
    row.charges = addMicro(row.charges, charge.amount);
    row.allocations = addMicro(row.allocations, allocated);
    row.difference = row.charges - row.allocations;
    perCurrency.set(charge.currency, row);
  }
  const currencies = [...perCurrency.values()].sort((a, b) => compareKeys(a.currency, b.currency));
  mismatchedCharges.sort(compareKeys);
  return {
    currencies,
    mismatchedCharges,
    orphanAllocations,
    balanced: mismatchedCharges.length === 0 && orphanAllocations === 0 && currencies.every((c) => c.difference === 0),
  };
}
