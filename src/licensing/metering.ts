import { attribute, type Attribution, type LineageGraph } from './lineage.js';
import { priceCall, type Price, type PriceList } from './pricing.js';

/**
 * Tiers count calls per tenant and version within a billing period: the calendar month in UTC.
 * (Settlement periods are chosen by whoever closes them and need not be months.)
 */
export function billingPeriod(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

export interface Call {
  chargeId: string;
  tenantId: string;
  requestId: string;
  versionId: string;
  rows: number;
  at: Date;
  /** The tenant's calls of this version earlier in the billing period. */
  callsSoFarInPeriod: number;
}

export interface MeteredCall extends Call {
  price: Price;
  attribution: Attribution;
}

/** Prices a call and attributes the amount to the parties, through the lineage. */
export function meter(call: Call, list: PriceList, graph: LineageGraph): MeteredCall {
  const price = priceCall({ rows: call.rows, callsSoFarInPeriod: call.callsSoFarInPeriod, tenantId: call.tenantId }, list);
  return { ...call, price, attribution: attribute(price.amount, call.versionId, graph) };
}

/**
 * The charge row and its allocation rows, as they are inserted with the call's audit event. The
 * allocations repeat the charge's tenant, currency and time (a foreign key holds them to it).
 */
export function chargeRows(call: MeteredCall, receipt: { chain: string; seq: number }): { charge: Record<string, unknown>; allocations: Record<string, unknown>[] } {
  return {
    charge: {
      id: call.chargeId,
      tenant_id: call.tenantId,
      request_id: call.requestId,
      version_id: call.versionId,
      currency: call.price.currency,
      amount: call.price.amount,
      rows: call.rows,
      call_number: call.price.callNumber,
      tier: call.price.tier,
      price_source: call.price.source,
      created_at: call.at,
      audit_chain: receipt.chain,
      audit_seq: receipt.seq,
    },
    allocations: call.attribution.allocations.map((a) => ({
      charge_id: call.chargeId,
      tenant_id: call.tenantId,
      party_id: a.partyId,
      version_id: a.versionId,
      currency: call.price.currency,
      amount: a.amount,
      created_at: call.at,
    })),
  };
}
