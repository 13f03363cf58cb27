import type { InferenceContext } from '../inference/inference-context.js';
import type { ModelCatalog } from '../models/model-catalog.js';
import type { LicenseTerms } from './license-rules.js';
import type { LicensingCatalog } from './licensing-catalog.js';
import { LicenseStage } from './license.stage.js';
import { lineageGraph } from './lineage.js';

const NOW = new Date('2026-11-22T12:00:00Z');

const models = {
  version: (id: string) => ({ modelName: 'credit', version: id.replace(/^v/, '') }),
} as unknown as ModelCatalog;

/** Versions with their licences and parents; `v1` is the one called. */
function lineageStage(versions: Record<string, { terms?: LicenseTerms; parents?: string[] }>, commercial = true): LicenseStage {
  const graph = lineageGraph(
    Object.entries(versions).map(([versionId, v]) => ({
      versionId,
      shares: [{ partyId: 'p', basisPoints: 10_000 }],
      parents: (v.parents ?? []).map((parentVersionId) => ({ parentVersionId, basisPoints: 1000 })),
    })),
  );
  const catalog = {
    license: (versionId: string) => {
      const terms = versions[versionId]?.terms;
      return terms ? { id: `lic-${versionId}`, name: `licence of ${versionId}`, terms, createdAt: NOW } : undefined;
    },
    graph: () => graph,
    isCommercial: () => commercial,
  } as unknown as LicensingCatalog;
  return new LicenseStage(catalog, models);
}

function stage(terms: LicenseTerms | null, commercial = true): LicenseStage {
  const catalog = {
    license: () => (terms ? { id: 'lic-1', name: 'test licence', terms, createdAt: NOW } : undefined),
    graph: () => new Map(),
    isCommercial: () => commercial,
  } as unknown as LicensingCatalog;
  return new LicenseStage(catalog, models);
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

  describe('through the lineage', () => {
    const nonCommercialEu: LicenseTerms = { spdxId: 'CC-BY-NC-4.0', commercialUse: false, territories: ['EU'] };

    it("refuses a derived version's call that its parent's licence refuses, naming the parent", () => {
      const result = lineageStage({ v1: { parents: ['v0'] }, v0: { terms: nonCommercialEu } }, false).run(context('credit-scoring', 'US'));
      expect(result).toEqual(
        expect.objectContaining({
          denied: true,
          stage: 'license',
          code: 'LICENSE_TERRITORY',
          rule: 'territories',
          message: 'The model is licensed only in EU, not in US (the licence of credit@0, which credit@1 derives from)',
          details: { license: { id: 'lic-v0', name: 'licence of v0', spdxId: 'CC-BY-NC-4.0' }, version: 'credit@0' },
        }),
      );
    });

    it('reaches ancestors of ancestors, whatever licence the versions between them carry', () => {
      const result = lineageStage({ v1: { terms: euOnly, parents: ['v2'] }, v2: { parents: ['v3'] }, v3: { terms: nonCommercial } }).run(context('credit-scoring', 'DE'));
      expect(result).toEqual(expect.objectContaining({ code: 'LICENSE_NON_COMMERCIAL', details: expect.objectContaining({ version: 'credit@3' }) }));
    });

    it("lets the called version's own licence speak first", () => {
      const result = lineageStage({ v1: { terms: usOnly, parents: ['v0'] }, v0: { terms: nonCommercial } }).run(context('credit-scoring', 'DE'));
      expect(result).toEqual(expect.objectContaining({ code: 'LICENSE_TERRITORY', details: expect.objectContaining({ version: 'credit@1' }) }));
    });

    it("allows a call every licence on the lineage allows, naming the called version's licence and recording the others", () => {
      const result = lineageStage({ v1: { terms: euOnly, parents: ['v0', 'v2'] }, v0: { terms: nonCommercialEu }, v2: {} }, false).run(context('credit-scoring', 'FR')) as InferenceContext;
      expect('denied' in result).toBe(false);
      expect(result.license).toEqual({ id: 'lic-v1', name: 'licence of v1', spdxId: null, attribution: null });
      expect(result.facts).toEqual({ license: 'lic-v1', upstreamLicenses: ['lic-v0'] });
    });

    it('checks each version of a diamond once and stops at a cycle in stored data instead of looping', () => {
      const diamond = lineageStage({ v1: { parents: ['v2', 'v3'] }, v2: { parents: ['v4'] }, v3: { parents: ['v4'] }, v4: { terms: usOnly } });
      expect(diamond.run(context('credit-scoring', 'US'))).toEqual(expect.objectContaining({ facts: { upstreamLicenses: ['lic-v4'] } }));
      const cyclic = lineageStage({ v1: { parents: ['v2'] }, v2: { parents: ['v1'], terms: usOnly } });
      expect(cyclic.run(context('credit-scoring', 'DE'))).toEqual(expect.objectContaining({ code: 'LICENSE_TERRITORY' }));
    });
  });
});
