import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordOfProcessing } from '../consent/record-of-processing.js';
import type { ModelManifest } from '../models/model-schema.js';
import { parsePolicy } from '../policy/policy-parse.js';
import type { ModelEvidence, Provenance, TenantEvidence } from './evidence.js';
import { governingRules, rulesFor, tenantsNamed } from './governing-rules.js';
import { instructionsForUse } from './instructions-for-use.js';
import { dpiaDocument } from './processing-documents.js';
import { renderMarkdown } from './render-markdown.js';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

const READER = { id: '11111111-1111-4111-8111-111111111111', name: 'acme-lending' };
const OTHER = { id: '22222222-2222-4222-8222-222222222222', name: 'globex-credit' };
const OTHERS_INCIDENT = '33333333-3333-4333-8333-333333333333';

/** The default policy with three rules that concern particular tenants. */
const policyText = `${read('../../policies/default.yaml')}
  - id: extra-review-for-one-deployer
    kind: output
    effect: obligate
    obligations: [human_review]
    description: One deployer's calls are all reviewed.
    when: { tenant.id: ${OTHER.id} }
  - id: named-deployers-blocked-from-marketing
    kind: usage
    effect: deny
    description: Two deployers may not call for marketing.
    when: { $or: [{ tenant.name: { $in: [${OTHER.name}, ${READER.name}] } }, { purpose: never-used }] }
  - id: the-reader-only
    kind: usage
    effect: deny
    description: The reader may not call at night.
    when: { tenant.name: ${READER.name}, time.hour: { $lt: 6 } }
`;
const parsed = parsePolicy(policyText);
const manifest = JSON.parse(read('../../models/credit-approval@1.0.0.json')) as ModelManifest;
const rules = governingRules(parsed.document!, { name: 'credit-approval', version: '1.0.0', riskClass: manifest.riskClass });

const provenance = (kind: Provenance['kind'], subject: string): Provenance => ({
  schema: 'warden.compliance-document/1',
  documentId: 'd0c00000-0000-4000-8000-000000000000',
  kind,
  subject,
  builtAt: '2026-12-01T10:00:00.000Z',
  evidenceHash: 'e'.repeat(64),
  model: null,
  policy: null,
  audits: [],
  tenantId: null,
  incident: null,
  options: null,
  checkpoint: null,
});
const ctx = (kind: Provenance['kind'], subject: string) => ({ builtAt: new Date('2026-12-01T10:00:00.000Z'), provenance: provenance(kind, subject), checkpoint: null });

const modelEvidence: ModelEvidence = {
  model: {
    name: 'credit-approval',
    version: '1.0.0',
    versionId: '44444444-4444-4444-8444-444444444444',
    status: 'active',
    statusReason: null,
    statusChangedAt: '2026-11-01T00:00:00.000Z',
    sha256: 'a'.repeat(64),
    sizeBytes: 1234,
    registeredAt: '2026-11-01T00:00:00.000Z',
    registeredBy: 'admin-key',
    manifest,
    rightsHolders: [],
  },
  versions: [{ version: '1.0.0', status: 'active' }],
  terms: { license: null, shares: [], lineage: [], price: null },
  policy: { version: 7, name: parsed.document!.name, contentHash: 'sha256:0123456789abcdef', activatedAt: '2026-11-02T00:00:00.000Z', rules },
  lifecycle: [],
  audits: [],
  schedule: null,
  reviewRequirement: null,
  freezes: [{ id: '55555555-5555-4555-8555-555555555555', incidentId: OTHERS_INCIDENT, frozenAt: '2026-11-20T08:00:00.000Z', sealHash: 'f'.repeat(64) }],
};

const tenantEvidence = (tenant: { id: string; name: string }): TenantEvidence => {
  const { generatedAt: _generatedAt, ...record } = recordOfProcessing({
    tenant,
    generatedAt: new Date('2026-12-01T10:00:00.000Z'),
    purposes: [],
    usage: [],
    consentSubjects: {},
    subjects: 0,
    protectedAttributes: { subjects: 0, names: [], declaredBasis: null },
    models: [],
  });
  const card = manifest.card;
  return {
    tenant,
    record,
    models: [{ name: 'credit-approval', version: '1.0.0', riskClass: manifest.riskClass, provider: card.provider, intendedPurpose: card.intendedPurpose, humanOversight: card.humanOversight, explanation: manifest.explanation.kind, rules }],
    policy: { version: 7, contentHash: 'sha256:0123456789abcdef' },
    audits: [],
    reviews: [],
  };
};

describe('rules that concern particular tenants', () => {
  it.each([
    [{ 'tenant.id': 'a' }, ['a']],
    [{ 'tenant.name': { $in: ['a', 'b'] }, purpose: 'x' }, ['a', 'b']],
    [{ $or: [{ 'tenant.id': { $ne: 'a' } }, { 'model.name': 'm' }] }, ['a']],
    [{ tenant: { id: 'a' } }, ['a']],
    [{ purpose: 'tenant.id', 'subject.attributes.tenant': 'x' }, []],
    [{}, []],
  ])('finds in %j the tenants %j', (condition, named) => {
    expect(tenantsNamed(condition)).toEqual(named);
  });

  it('are shown only to the one tenant they name', () => {
    const ids = (reader: { id: string; name: string } | null) => rulesFor(rules, reader).map((r) => r.id);
    expect(ids(null)).not.toEqual(expect.arrayContaining(['extra-review-for-one-deployer']));
    expect(ids(null).filter((id) => ['extra-review-for-one-deployer', 'named-deployers-blocked-from-marketing', 'the-reader-only'].includes(id))).toEqual([]);
    expect(ids(null)).toContain('human-review-of-uncertain-eu-decisions');
    expect(ids(READER)).toContain('the-reader-only');
    expect(ids(READER)).not.toContain('named-deployers-blocked-from-marketing');
    expect(ids(OTHER)).toContain('extra-review-for-one-deployer');
    expect(ids(OTHER)).not.toContain('the-reader-only');
  });
});

describe('documents every deployer reads', () => {
  it('leave other tenants’ rules and incidents out of the instructions for use, and say so', () => {
    expect(rules.map((r) => r.id)).toContain('extra-review-for-one-deployer');
    const md = renderMarkdown(instructionsForUse(modelEvidence, ctx('instructions-for-use', 'model:credit-approval@1.0.0')));
    for (const hidden of [OTHER.id, OTHER.name, READER.name, OTHERS_INCIDENT, 'extra-review-for-one-deployer', 'named-deployers-blocked-from-marketing', 'the-reader-only']) expect(md).not.toContain(hidden);
    expect(md).toContain('human-review-of-uncertain-eu-decisions');
    expect(md).toContain('Rules that concern particular tenants (their conditions name tenant.id or tenant.name) are not listed here');
    expect(md).toContain('This version is held as evidence of a serious incident (since 2026-11-20T08:00:00.000Z)');
  });

  it('state the bias-audit schedule exactly, not rounded to hours', () => {
    const schedule = { everyMs: 5_400_000, windowMs: 1_200_000, attributes: ['sex'], favorable: 'approved', thresholds: {}, consequence: 'notify', updatedAt: '2026-11-01T00:00:00.000Z' };
    const md = renderMarkdown(instructionsForUse({ ...modelEvidence, schedule }, ctx('instructions-for-use', 'model:credit-approval@1.0.0')));
    expect(md).toContain('a scheduled bias audit every PT1H30M over the last PT20M of traffic');
    expect(md).not.toMatch(/\b[0-9]+ h\b/);
  });

  it('leave other tenants’ rules out of a tenant’s DPIA, and keep its own', () => {
    const md = renderMarkdown(dpiaDocument(tenantEvidence(READER), ctx('dpia', `tenant:${READER.id}`)));
    expect(md).toContain('policy rule the-reader-only (deny)');
    for (const hidden of [OTHER.id, OTHER.name, 'extra-review-for-one-deployer', 'named-deployers-blocked-from-marketing']) expect(md).not.toContain(hidden);
    expect(md).toContain('Policy rules that concern only other tenants');
  });
});
