import { Logger } from '@nestjs/common';
import type { WindowCounters } from '../common/window-counters.js';
import type { InferenceContext } from '../inference/inference-context.js';
import type { LicensingCatalog } from './licensing-catalog.js';
import { lineageGraph } from './lineage.js';
import { MeterStage } from './meter.stage.js';
import type { PriceList } from './pricing.js';
import type { TermsRepository } from './terms.repository.js';

const NOW = new Date('2026-11-22T12:00:00Z');

function stage(list: PriceList): MeterStage {
  const catalog = {
    priceList: () => list,
    graph: () => lineageGraph([{ versionId: 'v1', shares: [{ partyId: 'p1', basisPoints: 10_000 }], parents: [] }]),
  } as unknown as LicensingCatalog;
  const counters = { increment: async () => [1] } as unknown as WindowCounters;
  const terms = { lastCallNumber: async () => 0 } as unknown as TermsRepository;
  return new MeterStage(catalog, counters, terms);
}

function context(): InferenceContext {
  return {
    requestId: 'r1',
    principal: { keyId: 'k', role: 'tenant', tenantId: 't1', partyId: null, scopes: [] },
    reference: 'credit-approval',
    request: { purpose: 'credit-scoring', subject: { id: 's' }, inputs: {} },
    startedAt: 0,
    now: NOW,
    model: { id: 'v1' } as InferenceContext['model'],
    rows: [{}, {}],
    obligations: [],
    suppress: [],
    attachments: [],
    facts: {},
  };
}

describe('MeterStage', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('prices the call and attaches its charge', async () => {
    const result = (await stage({ currency: 'EUR', tiers: [{ upTo: null, perCall: 100, perRow: 10 }] }).run(context())) as InferenceContext;
    expect(result.facts).toEqual(expect.objectContaining({ amount: 120, currency: 'EUR', tier: 1 }));
    expect(result.attachments).toHaveLength(1);
  });

  it('refuses a call it cannot price as an internal failure, not as a problem with the tenant’s input', async () => {
    // Stored around the rules: no call of even one row can be priced within the safe range.
    const unsafe: PriceList = { currency: 'USD', tiers: [{ upTo: null, perCall: Number.MAX_SAFE_INTEGER, perRow: Number.MAX_SAFE_INTEGER }] };
    const result = await stage(unsafe).run(context());
    expect(result).toEqual({ denied: true, stage: 'meter', code: 'INTERNAL', message: 'Internal error', rule: 'pricing' });
  });
});
