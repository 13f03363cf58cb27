import type { ComplianceDocument } from './document-model.js';
import { sealedAuditShown, type CheckpointFacts, type Evidence, type Provenance } from './evidence.js';
import { incidentReport } from './incident-report.js';
import { instructionsForUse } from './instructions-for-use.js';
import { ll144Document } from './ll144-document.js';
import { dpiaDocument, recordOfProcessingDocument } from './processing-documents.js';
import { technicalDocumentation, type BuildContext } from './technical-documentation.js';

/** The document of a kind from its evidence: pure, so equal evidence and context give equal documents. */
export function buildDocument(evidence: Evidence, ctx: BuildContext): ComplianceDocument {
  switch (evidence.kind) {
    case 'technical-documentation':
      return technicalDocumentation(evidence.facts, ctx);
    case 'instructions-for-use':
      return instructionsForUse(evidence.facts, ctx);
    case 'bias-audit-summary':
      return ll144Document(evidence.facts, ctx);
    case 'record-of-processing':
      return recordOfProcessingDocument(evidence.facts, ctx);
    case 'dpia':
      return dpiaDocument(evidence.facts, ctx);
    case 'incident-report':
      return incidentReport(evidence.facts, ctx);
  }
}

/** What a document says it was built from, beyond its kind, subject and checkpoint. */
export function sources(evidence: Evidence): Pick<Provenance, 'model' | 'policy' | 'audits' | 'tenantId' | 'incident'> {
  const none = { model: null, policy: null, audits: [], tenantId: null, incident: null };
  switch (evidence.kind) {
    case 'technical-documentation':
    case 'instructions-for-use': {
      const e = evidence.facts;
      return {
        ...none,
        model: { name: e.model.name, version: e.model.version, versionId: e.model.versionId, sha256: e.model.sha256, status: e.model.status },
        policy: e.policy ? { version: e.policy.version, contentHash: e.policy.contentHash } : null,
        audits: e.audits.map((a) => ({ id: a.id, dataHash: a.dataHash })),
      };
    }
    case 'bias-audit-summary': {
      const a = evidence.facts.audit;
      return { ...none, model: { name: evidence.facts.model, version: a.version, versionId: null, sha256: null, status: null }, audits: [{ id: a.id, dataHash: a.dataHash }] };
    }
    case 'record-of-processing':
    case 'dpia': {
      const e = evidence.facts;
      return { ...none, tenantId: e.tenant.id, policy: e.policy, audits: e.audits.map((a) => ({ id: a.id, dataHash: a.dataHash })) };
    }
    case 'incident-report': {
      const e = evidence.facts;
      const last = e.freezes[e.freezes.length - 1];
      const sealed = last?.seal;
      // The report, and its event on the deployer's chain, reach the deployer: other deployers' audits stay unnamed.
      const shown = last ? sealedAuditShown(e.incident.tenantId, last.biasAuditTenants) : () => false;
      return {
        ...none,
        tenantId: e.incident.tenantId,
        model: { name: e.incident.model, version: e.incident.version, versionId: sealed?.model.versionId ?? null, sha256: e.model?.sha256 ?? null, status: e.model?.status ?? null },
        policy: sealed?.policy ?? null,
        audits: sealed?.biasAudits.filter((a) => shown(a.id)).map((a) => ({ id: a.id, dataHash: a.dataHash })) ?? [],
        incident: { id: e.incident.id, freezes: e.freezes.map((f) => ({ id: f.id, sealHash: f.sealHash })) },
      };
    }
  }
}

/** The checkpoint as a document cites it: the platform chain, and the tenant's chain for a tenant's document. */
export function citedCheckpoint(checkpoint: CheckpointFacts | null, tenantId: string | null): CheckpointFacts | null {
  if (!checkpoint) return null;
  const chains = checkpoint.chains.filter((c) => c.chainId === 'platform' || (tenantId !== null && c.chainId === `tenant:${tenantId}`));
  return { ...checkpoint, chains };
}
