import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import type { RecordOfProcessing } from '../consent/record-of-processing.js';
import type { AuditReport } from '../fairness/audit-report.js';
import type { AuditData } from '../fairness/bias-audits.repository.js';
import type { Cell } from '../fairness/metrics/cells.js';
import type { VersionTermsView } from '../licensing/licensing-catalog.js';
import type { RightsHolder } from '../models/manifest-validation.js';
import type { ModelManifest } from '../models/model-schema.js';
import type { GoverningRule } from './governing-rules.js';
import type { IncidentClass } from './incident-deadlines.js';

/**
 * What documents are built from, as plain JSON (times as ISO strings). Two builds from equal
 * evidence say the same thing; the evidence hash is how Warden tells whether a stored document is
 * still current.
 */

export const DOCUMENT_KINDS = ['technical-documentation', 'instructions-for-use', 'record-of-processing', 'dpia', 'bias-audit-summary', 'incident-report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface ModelVersionFacts {
  name: string;
  version: string;
  versionId: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: string;
  sha256: string;
  sizeBytes: number;
  registeredAt: string;
  registeredBy: string;
  manifest: ModelManifest;
  rightsHolders: RightsHolder[];
}

export interface PolicyFacts {
  version: number;
  name: string;
  contentHash: string;
  activatedAt: string | null;
  rules: GoverningRule[];
}

export interface LifecycleEvent {
  time: string;
  action: string;
  actorRole: string;
  chain: string;
  seq: number;
  from: string | null;
  to: string | null;
  reason: string | null;
}

/** A stored bias audit as documents cite it. */
export interface AuditFacts {
  id: string;
  createdAt: string;
  scope: 'tenant' | 'platform';
  tenantId: string | null;
  source: 'dataset' | 'live';
  trigger: 'request' | 'schedule';
  model: string | null;
  version: string | null;
  window: { from: string; to: string } | null;
  attributes: string[];
  status: string;
  breachCount: number;
  dataHash: string;
  data: AuditData;
  consequence: string | null;
  report: AuditReport;
  cells: Cell[];
}

/** An audit without its report and cells, with the lowest impact ratio it judged. */
export type AuditSummaryFacts = Omit<AuditFacts, 'report' | 'cells'> & { lowestImpactRatio: { group: string; value: number; pass: boolean | null } | null };

export interface ScheduleFacts {
  everyMs: number;
  windowMs: number;
  attributes: string[];
  favorable: string;
  thresholds: Record<string, number | null>;
  consequence: string;
  updatedAt: string;
}

export interface FreezeSummary {
  id: string;
  incidentId: string;
  frozenAt: string;
  sealHash: string;
}

export interface ModelEvidence {
  model: ModelVersionFacts;
  versions: { version: string; status: string }[];
  terms: VersionTermsView;
  policy: PolicyFacts | null;
  lifecycle: LifecycleEvent[];
  audits: AuditFacts[];
  schedule: ScheduleFacts | null;
  reviewRequirement: { since: string; auditId: string } | null;
  freezes: FreezeSummary[];
}

export interface Ll144Evidence {
  model: string;
  audit: AuditFacts;
  sex: string;
  raceEthnicity: string;
  rate: 'selection' | 'scoring';
}

export interface UsedModel {
  name: string;
  version: string;
  riskClass: string;
  provider: string;
  intendedPurpose: string;
  humanOversight: string;
  explanation: string;
  rules: GoverningRule[];
}

export interface TenantEvidence {
  tenant: { id: string; name: string };
  record: Omit<RecordOfProcessing, 'generatedAt'>;
  models: UsedModel[];
  policy: { version: number; contentHash: string } | null;
  audits: AuditSummaryFacts[];
  reviews: { model: string; version: string; open: number; confirmed: number; overridden: number }[];
}

export interface AuditRange {
  chain: string;
  fromSeq: number;
  toSeq: number;
  /** Events in the range about the model version. */
  events: number;
}

/** What an evidence freeze seals; its sha256 (of the canonical JSON) goes into the audit chain. */
export interface Seal {
  schema: 'warden.evidence-seal/1';
  incidentId: string;
  sealedAt: string;
  model: { name: string; version: string; versionId: string; sha256: string; status: string; statusReason: string | null };
  policy: { version: number; contentHash: string } | null;
  /** Audit events from `from` up to the freeze, per chain that holds events about the version. */
  from: string;
  auditRanges: AuditRange[];
  biasAudits: { id: string; dataHash: string; createdAt: string }[];
}

/**
 * Whether a sealed bias audit may be named to a deployer (`tenantId`, null for none): platform
 * audits and the deployer's own, given the tenant each audit belongs to. An audit whose owner is
 * not known is not named.
 */
export function sealedAuditShown(tenantId: string | null, owners: Record<string, string | null>): (auditId: string) => boolean {
  return (auditId) => Object.hasOwn(owners, auditId) && (owners[auditId] === null || owners[auditId] === tenantId);
}

export interface CheckpointFacts {
  id: string;
  issuedAt: string;
  keyId: string;
  chains: { chainId: string; treeSize: number; rootHash: string }[];
}

export interface FreezeFacts extends FreezeSummary {
  seal: Seal;
  reason: string;
  frozenBy: string;
  audit: { chain: string; seq: number };
  /** The first signed checkpoint that covers the freeze event. */
  checkpoint: CheckpointFacts | null;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  /** The tenant each sealed bias audit belongs to (null: a platform audit). */
  biasAuditTenants: Record<string, string | null>;
}

export interface IncidentFacts {
  id: string;
  tenantId: string | null;
  model: string;
  version: string;
  class: IncidentClass;
  title: string;
  description: string;
  occurredAt: string | null;
  awareAt: string;
  timeZone: string;
  deadlineDays: number;
  deadline: string;
  status: 'open' | 'reported' | 'closed';
  reportedAt: string | null;
  reportReference: string | null;
  closedAt: string | null;
  closeReason: string | null;
  /** Open past its deadline when the evidence was gathered. */
  overdue: boolean;
  registeredBy: string;
  registeredRole: string;
  createdAt: string;
}

export interface IncidentEvidence {
  incident: IncidentFacts;
  freezes: FreezeFacts[];
  model: { name: string; version: string; riskClass: string; provider: string; intendedPurpose: string; sha256: string; status: string } | null;
}

export type Evidence =
  | { kind: 'technical-documentation' | 'instructions-for-use'; facts: ModelEvidence }
  | { kind: 'bias-audit-summary'; facts: Ll144Evidence }
  | { kind: 'record-of-processing' | 'dpia'; facts: TenantEvidence }
  | { kind: 'incident-report'; facts: IncidentEvidence };

/** Recorded with every document, in its audit event and printed in it: what it was built from. */
export interface Provenance {
  schema: typeof DOCUMENT_FORMAT;
  documentId: string;
  kind: DocumentKind;
  subject: string;
  builtAt: string;
  evidenceHash: string;
  model: { name: string; version: string | null; versionId: string | null; sha256: string | null; status: string | null } | null;
  policy: { version: number; contentHash: string } | null;
  audits: { id: string; dataHash: string }[];
  tenantId: string | null;
  incident: { id: string; freezes: { id: string; sealHash: string }[] } | null;
  /** Options the evidence was chosen by (a bias-audit summary's audit, attributes and rate). */
  options: Record<string, string> | null;
  /** The latest signed checkpoint when the document was built (its chains: platform, and the tenant's). */
  checkpoint: CheckpointFacts | null;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The format of generated documents. It is hashed with the evidence: a new wording of the
 * documents gets a new format, and the next refresh then regenerates every document once.
 */
export const DOCUMENT_FORMAT = 'warden.compliance-document/1';

export const evidenceHash = (evidence: Evidence): string => sha256Hex(canonicalJson({ format: DOCUMENT_FORMAT, evidence }));
