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
  const euOnly: LicenseTerms = { commercialUse: true, territories: ['EU'] };

  it.each([
    ['allows any call when no licence is attached', null, true, 'credit-scoring', 'DE', null],
    ['allows a subdivision (US-CA) of a licensed country', usOnly, true, 'credit-scoring', 'US-CA', null],
    ['refuses a country outside the licence', usOnly, true, 'credit-scoring', 'DE', 'LICENSE_TERRITORY'],
    ['refuses a subdivision ISO 3166-1 codes on its own (US-PR is PR) as it refuses PR', usOnly, true, 'credit-scoring', 'US-PR', 'LICENSE_TERRITORY'],
    ['refuses a member state\'s subdivision outside the EU (NL-AW is Aruba) under an EU licence', euOnly, true, 'credit-scoring', 'NL-AW', 'LICENSE_TERRITORY'],
    ['allows an outermost region inside the EU written as a French department (FR-974 is Réunion)', euOnly, true, 'credit-scoring', 'FR-974', null],
    ['allows a plain subdivision of a member state under an EU licence', euOnly, true, 'credit-scoring', 'FR-75', null],
    ['refuses a call without a jurisdiction under a territorial licence', usOnly, true, 'credit-scoring', undefined, 'LICENSE_TERRITORY'],
    ['refuses a commercial tenant under a non-commercial licence', nonCommercial, true, 'credit-scoring', 'DE', 'LICENSE_NON_COMMERCIAL'],
    ['allows a tenant marked non-commercial under a non-commercial licence', nonCommercial, false, 'credit-scoring', 'DE', null],
  ] as const)('%s', (_, terms, commercial, purpose, jurisdiction, code) => {
    const result = stage(terms, commercial).run(context(purpose, jurisdiction));
    if (code === null) {
      expect('denied' in result).toBe(false);
      expect((result as InferenceContext).facts).toEqual(terms ? { license: 'lic-1' } : {});
      expect((result as InferenceContext).license).toEqual(terms ? { id: 'lic-1', name: 'test licence', spdxId: terms.spdxId ?? null, attribution: null } : undefined);
    } else {
      expect(result).toEqual(expect.objectContaining({ denied: true, stage: 'license', code }));
    }
  });

  it('names the licence and its attribution in an allowed call, so the answer can carry it', () => {
    const attributed: LicenseTerms = { spdxId: 'CC-BY-4.0', commercialUse: true, attribution: 'Credit model by LexCorp' };
    const result = stage(attributed).run(context('credit-scoring', 'DE')) as InferenceContext;
    expect(result.license).toEqual({ id: 'lic-1', name: 'test licence', spdxId: 'CC-BY-4.0', attribution: 'Credit model by LexCorp' });
  });
});
