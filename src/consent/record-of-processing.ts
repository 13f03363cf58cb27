import { LAWFUL_BASIS_INFO, type LawfulBasis } from './lawful-basis.js';
import { FAIRNESS_MONITORING_PURPOSE, type Purpose } from './purpose.js';

/**
 * The record of processing activities (GDPR Art. 30) of one tenant, built from what Warden has
 * actually done for it: which purposes its calls named and on which basis, which data the models
 * it called take, how many subjects, who receives what, how long it is kept and how it is protected.
 */
export const RECORD_OF_PROCESSING_SCHEMA = 'warden.record-of-processing/1';

export interface Usage {
  purpose: string;
  model: string;
  version: string;
  calls: number;
  allowed: number;
  subjects: number;
  first: Date;
  last: Date;
}

export interface ModelInput {
  model: string;
  version: string;
  features: { name: string; type: string; description?: string }[];
}

export interface ProcessingFacts {
  tenant: { id: string; name: string };
  generatedAt: Date;
  purposes: readonly Purpose[];
  usage: readonly Usage[];
  /** Subjects with consent events, per purpose. */
  consentSubjects: Readonly<Record<string, number>>;
  /** Distinct pseudonyms in the tenant's inference records. */
  subjects: number;
  protectedAttributes: { subjects: number; names: string[]; declaredBasis: LawfulBasis | null };
  models: readonly ModelInput[];
}

export const RECIPIENTS = [
  { recipient: 'the controller (the tenant)', receives: 'model outputs, explanations, consent and erasure receipts, the access export', personalData: true },
  { recipient: 'Warden operator (processor)', receives: 'inputs while a call runs; stored records as retained below', personalData: true },
  { recipient: 'supervisory authorities and auditors (regulator role)', receives: 'the audit log (pseudonyms, codes and hashes only), bias audits, reports', personalData: false },
  { recipient: 'licensors of the models called', receives: 'revenue statements: counts and amounts, no subject data', personalData: false },
];

export const SECURITY_MEASURES = [
  'Pseudonymisation: subjects are stored only as HMAC-SHA256 pseudonyms under a per-tenant secret; raw ids are never stored',
  'Tenant isolation by Postgres row-level security on every tenant-owned table, under a least-privilege database role',
  'Tamper-evident audit log: per-tenant hash chains, append-only in the database, with Ed25519-signed checkpoints',
  'Consent enforced on every call from the consent log; withdrawal takes effect on the next call',
  'Data minimisation: subject attributes are not stored with inference records; free text is withheld unless redacted first',
  'Protected attributes kept apart, only on consent or a declared basis, every read logged',
  'API keys stored only as hashes, scoped to a role and tenant, with expiry and revocation',
  'Signed consent and erasure receipts (JWS, Ed25519) verifiable by anyone with the public key',
];

export function recordOfProcessing(facts: ProcessingFacts) {
  const used = new Set([...facts.usage.map((u) => u.purpose), ...Object.keys(facts.consentSubjects)]);
  if (facts.protectedAttributes.subjects > 0) used.add(FAIRNESS_MONITORING_PURPOSE);
  const known = new Map(facts.purposes.map((p) => [p.id, p]));
  const purposes = [...used].sort().map((id) => {
    const purpose = known.get(id);
    const usage = facts.usage.filter((u) => u.purpose === id);
    const sum = (pick: (u: Usage) => number) => usage.reduce((n, u) => n + pick(u), 0);
    const basis = id === FAIRNESS_MONITORING_PURPOSE && facts.protectedAttributes.declaredBasis ? facts.protectedAttributes.declaredBasis : purpose?.lawfulBasis;
    return {
      id,
      registered: purpose !== undefined,
      description: purpose?.description ?? null,
      lawfulBasis: basis ?? null,
      lawfulBasisArticle: basis ? LAWFUL_BASIS_INFO[basis].article : null,
      noticeVersion: purpose?.notice.version ?? null,
      retentionDays: purpose?.retentionDays ?? 0,
      calls: sum((u) => u.calls),
      allowedCalls: sum((u) => u.allowed),
      deniedCalls: sum((u) => u.calls - u.allowed),
      subjectsWithConsentRecords: facts.consentSubjects[id] ?? 0,
      models: [...new Set(usage.map((u) => `${u.model}@${u.version}`))].sort(),
      firstCall: earliest(usage.map((u) => u.first)),
      lastCall: latest(usage.map((u) => u.last)),
    };
  });

  const inputs = facts.models.map((m) => ({
    category: 'model inputs',
    model: `${m.model}@${m.version}`,
    purposes: [...new Set(facts.usage.filter((u) => u.model === m.model && u.version === m.version).map((u) => u.purpose))].sort(),
    features: m.features,
    storage: m.features.some((f) => f.type === 'text') ? 'stored with the inference record; free text only after redaction, otherwise withheld' : 'stored with the inference record',
  }));
  const protectedCategory = facts.protectedAttributes.subjects
    ? [{ category: 'special categories (GDPR Art. 9): protected attributes for fairness monitoring', attributes: facts.protectedAttributes.names, subjects: facts.protectedAttributes.subjects, storage: 'kept apart from inference records, by pseudonym' }]
    : [];

  return {
    schemaVersion: RECORD_OF_PROCESSING_SCHEMA,
    generatedAt: facts.generatedAt.toISOString(),
    controller: { id: facts.tenant.id, name: facts.tenant.name },
    processor: { name: 'Warden', activity: 'governed model inference on behalf of the controller' },
    purposes,
    dataCategories: [
      ...inputs,
      { category: 'model outputs and explanations', storage: 'stored with the inference record; a hash in the audit log' },
      { category: 'consent records', storage: 'append-only consent log and signed receipts' },
      ...protectedCategory,
    ],
    dataSubjects: {
      categories: ['natural persons the controller’s requests are about (customers, applicants, users), known to Warden only by pseudonym'],
      pseudonymousSubjects: facts.subjects,
    },
    recipients: RECIPIENTS,
    retention: [
      ...purposes.map((p) => ({ data: `inference records for ${p.id}`, period: `${p.retentionDays} days`, then: 'deleted by the retention job' })),
      { data: 'protected attributes', period: 'until the fairness-monitoring retention ends or consent expires or is withdrawn', then: 'deleted' },
      { data: 'consent events', period: 'kept as evidence; unlinked from the subject on erasure', then: 'retained' },
      { data: 'audit log', period: 'kept; holds pseudonyms, codes and hashes only', then: 'retained' },
    ],
    securityMeasures: SECURITY_MEASURES,
  };
}

export type RecordOfProcessing = ReturnType<typeof recordOfProcessing>;

const earliest = (dates: Date[]) => (dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))).toISOString() : null);
const latest = (dates: Date[]) => (dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))).toISOString() : null);
