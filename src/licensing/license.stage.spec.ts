import type { InferenceContext } from '../inference/inference-context.js';
import type { LicenseTerms } from './license-rules.js';
import type { LicensingCatalog } from './licensing-catalog.js';
import { LicenseStage } from './license.stage.js';

const NOW = new Date('2026-11-22T12:00:00Z');

function stage(terms: LicenseTerms | null, commercial = true): LicenseStage {
  const catalog = {
    license: () => (terms ? { id: 'lic-1', name: 'test licence', terms, createdAt: NOW } : undefined),
    isCommercial: () => commercial,
  } as unknown as LicensingCatalog;
  return new LicenseStage(catalog);
}

function context(purpose: string, jurisdiction?: string): InferenceContext {
  return {
    requestId: 'r1',
    principal: { keyId: 'k', role: 'tenant', tenantId: 't1', partyId: null, scopes: [] },
    reference: 'credit-approval',
    request: { purpose, subject: { id: 's' }, inputs: {}, ...(jurisdiction ? { context: { jurisdiction } } : {}) },
    startedAt: 0,
    now: NOW,
    model: { id: 'v1' } as InferenceContext['model'],
    obligations: [],
    suppress: [],
    attachments: [],
    facts: {},
  };
}

describe('LicenseStage', () => {
  const usOnly: LicenseTerms = { commercialUse: true, territories: ['US'] };
  const nonCommercial: LicenseTerms = { spdxId: 'CC-BY-NC-4.0', commercialUse: false };

  it.each([
    ['allows any call when no licence is attached', null, true, 'credit-scoring', 'DE', null],
    ['allows a subdivision (US-CA) of a licensed country', usOnly, true, 'credit-scoring', 'US-CA', null],
    ['refuses a country outside the licence', usOnly, true, 'credit-scoring', 'DE', 'LICENSE_TERRITORY'],
    ['refuses a call without a jurisdiction under a territorial licence', usOnly, true, 'credit-scoring', undefined, 'LICENSE_TERRITORY'],
    ['refuses a commercial tenant under a non-commercial licence', nonCommercial, true, 'credit-scoring', 'DE', 'LICENSE_NON_COMMERCIAL'],
    ['allows a tenant marked non-commercial under a non-commercial licence', nonCommercial, false, 'credit-scoring', 'DE', null],
  ] as const)('%s', (_, terms, commercial, purpose, jurisdiction, code) => {
    const result = stage(terms, commercial).run(context(purpose, jurisdiction));
    if (code === null) {
      expect('denied' in result).toBe(false);
      expect((result as InferenceContext).facts).toEqual(terms ? { license: 'lic-1' } : {});
    } else {
      expect(result).toEqual(expect.objectContaining({ denied: true, stage: 'license', code }));
    }
  });
});
