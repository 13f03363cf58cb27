import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { subject as caslSubject } from '@casl/ability';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { AuditService, actorOf } from '../audit/audit.service.js';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound, invalidField as invalid } from '../common/errors.js';
import { Db } from '../database/db.js';
import { buildDocument, citedCheckpoint, sources } from './document-builders.js';
import { documentView, type DocumentsQuery, type DocumentView, type DocumentVerifyView, type GenerateDocumentDto } from './documents.dto.js';
import { DocumentsRepository, type DocumentRow } from './documents.repository.js';
import { DOCUMENT_FORMAT, evidenceHash, sha256Hex, type DocumentKind, type Evidence, type ModelEvidence, type Provenance } from './evidence.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { renderMarkdown } from './render-markdown.js';
import { renderPdf } from './render-pdf.js';

/** What a document is about, and how to gather its evidence again. */
export interface Target {
  kind: DocumentKind;
  subject: string;
  tenantId: string | null;
  model: string | null;
  version: string | null;
  incidentId: string | null;
  /** Generation options that shape the evidence (bias-audit-summary). */
  options: Record<string, string> | null;
}

/** Kinds tenants may read although they belong to no tenant: what a deployer is given. */
const DEPLOYER_KINDS: DocumentKind[] = ['instructions-for-use'];

const REQUIRED: Record<DocumentKind, (keyof GenerateDocumentDto)[]> = {
  'technical-documentation': ['model'],
  'instructions-for-use': ['model'],
  'bias-audit-summary': ['model'],
  'record-of-processing': ['tenantId'],
  dpia: ['tenantId'],
  'incident-report': ['incidentId'],
};
const ALLOWED: Record<DocumentKind, (keyof GenerateDocumentDto)[]> = {
  'technical-documentation': ['model', 'version'],
  'instructions-for-use': ['model', 'version'],
  'bias-audit-summary': ['model', 'auditId', 'sex', 'raceEthnicity', 'rate'],
  'record-of-processing': ['tenantId'],
  dpia: ['tenantId'],
  'incident-report': ['incidentId'],
};
const FIELDS: (keyof GenerateDocumentDto)[] = ['model', 'version', 'tenantId', 'incidentId', 'auditId', 'sex', 'raceEthnicity', 'rate'];

const MODEL_DOCUMENT_KINDS = ['technical-documentation', 'instructions-for-use'] as const;

/**
 * A bias-audit summary's subject: the model, and the options that chose its audit, attributes and
 * rate, in a fixed order. Each variant is then a subject of its own, whose latest document is its
 * current one; a summary built without options is `model:<name>`.
 */
export function summarySubject(model: string, options: Record<string, string> | null): string {
  const chosen = Object.entries(options ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return chosen.length ? `model:${model}?${new URLSearchParams(chosen).toString()}` : `model:${model}`;
}

/** A model version's document of `kind`, about the version its evidence was gathered from. */
function modelDocument(kind: (typeof MODEL_DOCUMENT_KINDS)[number], facts: ModelEvidence): { target: Target; evidence: Evidence } {
  const { name, version } = facts.model;
  return {
    target: { kind, subject: `model:${name}@${version}`, tenantId: null, model: name, version, incidentId: null, options: null },
    evidence: { kind, facts },
  };
}

/**
 * Generating compliance documents from live evidence, storing their bytes with their hashes and
 * provenance, recording each in the audit chain, and serving them back unchanged.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('ComplianceDocuments');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DocumentsRepository) private readonly repo: DocumentsRepository,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(EvidenceRepository) private readonly evidenceRepo: EvidenceRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
  ) {}

  /** Builds the document unless the latest one about the subject already rests on the same evidence. */
  async generate(principal: Principal, dto: GenerateDocumentDto): Promise<DocumentView> {
    for (const field of REQUIRED[dto.kind]) if (dto[field] === undefined) throw invalid(field, 'required', `is required for ${dto.kind}`);
    const stray = FIELDS.find((f) => dto[f] !== undefined && !ALLOWED[dto.kind].includes(f));
    if (stray) throw invalid(stray, 'kind', `is not used by ${dto.kind}`);
    const { target, evidence } = await this.resolve(dto, principal);
    const { row, created } = await this.build(actorOf(principal), target, evidence);
    return { ...documentView(row), created };
  }

  /**
   * The target and evidence of a request; model versions resolve to the version built from. A
   * tenant's documents read its record of processing as `principal` may.
   */
  async resolve(dto: GenerateDocumentDto, principal?: Principal): Promise<{ target: Target; evidence: Evidence }> {
    const none = { tenantId: null, model: null, version: null, incidentId: null, options: null };
    switch (dto.kind) {
      case 'technical-documentation':
      case 'instructions-for-use':
        return modelDocument(dto.kind, await this.evidence.model(dto.model!, dto.version));
      case 'bias-audit-summary': {
        const options = Object.fromEntries((['auditId', 'sex', 'raceEthnicity', 'rate'] as const).filter((k) => dto[k] !== undefined).map((k) => [k, dto[k] as string]));
        const facts = await this.evidence.ll144(dto.model!, options);
        const chosen = Object.keys(options).length ? options : null;
        return { target: { ...none, kind: dto.kind, subject: summarySubject(dto.model!, chosen), model: dto.model!, options: chosen }, evidence: { kind: dto.kind, facts } };
      }
      case 'record-of-processing':
      case 'dpia': {
        if (!principal) throw new Error(`${dto.kind} documents are built for a principal`);
        const facts = await this.evidence.tenant(principal, dto.tenantId!);
        return { target: { ...none, kind: dto.kind, subject: `tenant:${facts.tenant.id}`, tenantId: facts.tenant.id }, evidence: { kind: dto.kind, facts } };
      }
      case 'incident-report': {
        const facts = await this.evidence.incident(dto.incidentId!);
        const i = facts.incident;
        return {
          target: { ...none, kind: dto.kind, subject: `incident:${i.id}`, tenantId: i.tenantId, model: i.model, version: i.version, incidentId: i.id },
          evidence: { kind: dto.kind, facts },
        };
      }
    }
  }

  /** The technical documentation and the instructions for use of one version, from one gathering of its evidence. */
  async resolveModelDocuments(model: string, version: string): Promise<{ target: Target; evidence: Evidence }[]> {
    const facts = await this.evidence.model(model, version);
    return MODEL_DOCUMENT_KINDS.map((kind) => modelDocument(kind, facts));
  }

  async build(actor: AuditActor, target: Target, evidence: Evidence): Promise<{ row: DocumentRow; created: boolean }> {
    const hash = evidenceHash(evidence);
    const latest = await this.db.platform(() => this.repo.latest(target.kind, target.subject));
    if (latest?.evidenceHash === hash) return { row: latest, created: false };
    // The document cites a signed statement of the log as it stood when it was built.
    await this.checkpoints.create(false).catch((error: Error) => this.logger.warn(`No fresh checkpoint for a document: ${error.message}`));
    const checkpoint = citedCheckpoint(await this.db.platform(() => this.evidenceRepo.latestCheckpoint()), target.tenantId);
    const id = randomUUID();
    const builtAt = new Date();
    const provenance: Provenance = {
      schema: DOCUMENT_FORMAT,
      documentId: id,
      kind: target.kind,
      subject: target.subject,
      builtAt: builtAt.toISOString(),
      evidenceHash: hash,
      ...sources(evidence),
      options: target.options,
      checkpoint,
    };
    const doc = buildDocument(evidence, { builtAt, provenance, checkpoint });
    const markdown = Buffer.from(renderMarkdown(doc), 'utf8');
    const pdf = await renderPdf(doc);
    const files = { markdown: sha256Hex(markdown), pdf: sha256Hex(pdf) };
    const row = await this.db.platform(async () => {
      const receipt = await this.audit.recordNow(actor, {
        tenantId: target.tenantId,
        action: 'document.generate',
        resource: { type: 'compliance_document', id },
        details: { kind: target.kind, subject: target.subject, sha256: files, evidenceHash: hash, provenance: JSON.parse(JSON.stringify(provenance)) },
      });
      return this.repo.insert({
        id,
        kind: target.kind,
        subject: target.subject,
        tenantId: target.tenantId,
        model: target.model,
        version: target.version,
        incidentId: target.incidentId,
        title: doc.title,
        builtAt,
        evidenceHash: hash,
        provenance,
        markdown,
        markdownSha256: files.markdown,
        pdf,
        pdfSha256: files.pdf,
        generatedBy: actor.id,
        generatedRole: actor.role,
        audit: { chain: receipt.chain, seq: receipt.seq },
      });
    });
    return { row, created: true };
  }

  async list(principal: Principal, q: DocumentsQuery): Promise<DocumentView[]> {
    const limit = q.limit ?? 100;
    const filter = { ...q, at: q.at ? new Date(q.at) : undefined };
    if (principal.role !== 'tenant') return (await this.db.platform(() => this.repo.list(filter, limit))).map(documentView);
    if (q.tenantId && q.tenantId !== principal.tenantId) return [];
    const own = await this.db.tenant(principal.tenantId!, () => this.repo.list(filter, limit));
    const deployer = q.tenantId || (q.kind && !DEPLOYER_KINDS.includes(q.kind)) ? [] : await this.db.platform(async () => (await Promise.all(DEPLOYER_KINDS.filter((k) => !q.kind || k === q.kind).map((kind) => this.repo.list({ ...filter, kind }, limit)))).flat());
    return [...own, ...deployer]
      .sort((a, b) => b.builtAt.getTime() - a.builtAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(documentView);
  }

  /** One document with whether it is still current (its evidence gathered now hashes the same). */
  async get(principal: Principal, id: string): Promise<DocumentView> {
    const row = await this.find(principal, id);
    const current = await this.isCurrent(principal, row);
    return { ...documentView(row), current };
  }

  async file(principal: Principal, id: string, format: 'pdf' | 'markdown'): Promise<{ bytes: Buffer; sha256: string; name: string }> {
    const row = await this.find(principal, id);
    const file = await this.db.platform(() => this.repo.file(row.id, format));
    if (!file) throw notFound('Compliance document', id);
    const slug = `${row.kind}-${(row.model ?? row.subject.split(':')[0]) + (row.version ? `-${row.version}` : '')}-${row.builtAt.toISOString().slice(0, 10)}`.replace(/[^A-Za-z0-9._-]/g, '-');
    return { ...file, name: `${slug}.${format === 'pdf' ? 'pdf' : 'md'}` };
  }

  /** Recomputes both files' hashes and compares them with the stored ones and with the audit event. */
  async verify(principal: Principal, id: string): Promise<DocumentVerifyView> {
    const row = await this.find(principal, id);
    const own = principal.role === 'tenant';
    const scoped = <T>(work: () => Promise<T>) => (own && row.tenantId === principal.tenantId ? this.db.tenant(principal.tenantId!, work) : this.db.platform(work));
    const event = await scoped(() => this.evidenceRepo.event(row.audit.chain, row.audit.seq));
    const recorded = (event?.details.sha256 ?? {}) as Record<string, unknown>;
    const files = {} as DocumentVerifyView['files'];
    for (const format of ['markdown', 'pdf'] as const) {
      const file = await this.db.platform(() => this.repo.file(row.id, format));
      const computed = sha256Hex(file!.bytes);
      const inAuditEvent = typeof recorded[format] === 'string' ? (recorded[format] as string) : null;
      files[format] = { stored: file!.sha256, computed, inAuditEvent, matches: computed === file!.sha256 && computed === inAuditEvent };
    }
    // A tenant reads checkpoints and proofs of its own chain only (instructions for use sit on the platform chain).
    const readable = !own || row.audit.chain === `tenant:${principal.tenantId}`;
    const covering = event && readable ? await this.db.platform(() => this.evidenceRepo.coveringCheckpoint(row.audit.chain, row.audit.seq, new Date(event.time))) : null;
    const chain = covering?.chains.find((c) => c.chainId === row.audit.chain);
    const sameEvent = event?.action === 'document.generate' && event.details.evidenceHash === row.evidenceHash;
    return {
      documentId: row.id,
      valid: sameEvent && files.markdown.matches && files.pdf.matches,
      files,
      event: event ? { chain: row.audit.chain, seq: row.audit.seq, time: event.time, action: event.action, hash: event.hash } : null,
      checkpoint: covering && chain ? { id: covering.id, issuedAt: covering.issuedAt, keyId: covering.keyId, treeSize: chain.treeSize, rootHash: chain.rootHash } : null,
      inclusionProof: chain ? `/v1/audit/proofs/inclusion?chain=${encodeURIComponent(row.audit.chain)}&seq=${row.audit.seq}&treeSize=${chain.treeSize}` : null,
    };
  }

  /** A document the principal may read; others' answer 404. */
  async find(principal: Principal, id: string): Promise<DocumentRow> {
    const row =
      principal.role === 'tenant'
        ? ((await this.db.tenant(principal.tenantId!, () => this.repo.find(id))) ??
          (await this.db.platform(async () => {
            const found = await this.repo.find(id);
            return found && DEPLOYER_KINDS.includes(found.kind) ? found : null;
          })))
        : await this.db.platform(() => this.repo.find(id));
    if (!row || !defineAbilities(principal).can('read', caslSubject('ComplianceDocument', { tenantId: row.tenantId, kind: row.kind }))) throw notFound('Compliance document', id);
    return row;
  }

  private async isCurrent(principal: Principal, row: DocumentRow): Promise<boolean> {
    const dto: GenerateDocumentDto = {
      kind: row.kind,
      ...(row.kind === 'technical-documentation' || row.kind === 'instructions-for-use' ? { model: row.model!, version: row.version! } : {}),
      ...(row.kind === 'bias-audit-summary' ? { model: row.model!, ...(row.provenance.options ?? {}) } : {}),
      ...(row.kind === 'record-of-processing' || row.kind === 'dpia' ? { tenantId: row.tenantId! } : {}),
      ...(row.kind === 'incident-report' ? { incidentId: row.incidentId! } : {}),
    };
    try {
      const { evidence } = await this.resolve(dto, principal);
      return evidenceHash(evidence) === row.evidenceHash;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }
}
