import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { DOCUMENT_KINDS, type DocumentKind, type Provenance } from './evidence.js';
import type { DocumentRow } from './documents.repository.js';
import { PageLimit } from '../common/paging.js';
import { IsIsoTime } from '../common/iso-time.js';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

export class GenerateDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'technical-documentation and instructions-for-use: a model version; bias-audit-summary: a model; record-of-processing and dpia: a tenant; incident-report: an incident' })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;

  @ApiPropertyOptional({ example: 'credit-approval' })
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'model must be a registered model name' })
  model?: string;

  @ApiPropertyOptional({ example: '1.0.0', description: 'Default: the highest active version' })
  @IsOptional()
  @IsString()
  @Matches(VERSION, { message: 'version must be a semantic version' })
  version?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  incidentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'bias-audit-summary: the audit to summarise; default the latest platform audit of the model with sex and race/ethnicity' })
  @IsOptional()
  @IsUuid()
  auditId?: string;

  @ApiPropertyOptional({ example: 'sex', description: 'bias-audit-summary: the attribute holding sex' })
  @IsOptional()
  @Matches(ATTRIBUTE)
  sex?: string;

  @ApiPropertyOptional({ example: 'ethnicity', description: 'bias-audit-summary: the attribute holding race/ethnicity (default race, else ethnicity)' })
  @IsOptional()
  @Matches(ATTRIBUTE)
  raceEthnicity?: string;

  @ApiPropertyOptional({ enum: ['selection', 'scoring'], description: 'bias-audit-summary: selection rates (default) or scoring rates' })
  @IsOptional()
  @IsIn(['selection', 'scoring'])
  rate?: 'selection' | 'scoring';
}

export class DocumentsQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(NAME)
  model?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(VERSION)
  version?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  incidentId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only documents built at or before this instant, newest first: with limit=1, the document that was current then' })
  @IsOptional()
  @IsIsoTime()
  at?: string;

  @PageLimit(500)
  limit?: number;
}

interface FileView {
  /** sha256 of the bytes served (lower-case hex). */
  sha256: string;
  bytes: number;
  href: string;
}

const FILE_SCHEMA = {
  type: 'object',
  properties: { sha256: { type: 'string', description: 'sha256 of the bytes served (lower-case hex)' }, bytes: { type: 'integer' }, href: { type: 'string' } },
} as const;

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'What the document is about: model:<name>@<version>, model:<name> (a bias-audit summary; with the options it was built with as model:<name>?raceEthnicity=…&sex=…), tenant:<uuid> or incident:<uuid>' }) subject: string;
  @ApiProperty({ format: 'date-time' }) builtAt: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the evidence it was built from' }) evidenceHash: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Model version, policy version, audit ids, tenant, incident and freezes, checkpoint' })
  provenance: Provenance;
  @ApiProperty({ type: 'object', properties: { markdown: FILE_SCHEMA, pdf: FILE_SCHEMA } })
  files: { markdown: FileView; pdf: FileView };
  @ApiProperty({ type: 'object', properties: { chain: { type: 'string' }, seq: { type: 'integer' } }, description: 'The document.generate event holding the hashes' })
  audit: { chain: string; seq: number };
  @ApiProperty({ type: 'object', properties: { keyId: { type: 'string' }, role: { type: 'string' } } }) generatedBy: { keyId: string; role: string };
  @ApiPropertyOptional({ description: 'Reading one document: whether building it now would use the same evidence' }) current?: boolean;
  @ApiPropertyOptional({ description: 'Generating: false when the latest document of the subject already reflects the evidence and is returned instead' }) created?: boolean;
}

export class DocumentsRefreshView {
  @ApiProperty({ type: 'integer', description: 'Documents whose evidence was checked' }) checked: number;
  @ApiProperty({ type: [DocumentView], description: 'The documents generated because their evidence changed' }) generated: DocumentView[];
}

export class DocumentVerifyView {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ description: 'Both files hash to the values stored and to those in the audit event' }) valid: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) files: Record<'markdown' | 'pdf', { stored: string; computed: string; inAuditEvent: string | null; matches: boolean }>;
  @ApiProperty({ type: 'object', additionalProperties: true }) event: { chain: string; seq: number; time: string; action: string; hash: string } | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The first signed checkpoint that covers the event' })
  checkpoint: { id: string; issuedAt: string; keyId: string; treeSize: number; rootHash: string } | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where to ask for the RFC 9162 inclusion proof of the event in that checkpoint' }) inclusionProof: string | null;
}

export function documentView(d: DocumentRow): DocumentView {
  const href = (format: string) => `/v1/compliance/documents/${d.id}/${format}`;
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    subject: d.subject,
    builtAt: d.builtAt.toISOString(),
    evidenceHash: d.evidenceHash,
    provenance: d.provenance,
    files: { markdown: { sha256: d.markdownSha256, bytes: d.markdownBytes, href: href('markdown') }, pdf: { sha256: d.pdfSha256, bytes: d.pdfBytes, href: href('pdf') } },
    audit: d.audit,
    generatedBy: { keyId: d.generatedBy, role: d.generatedRole },
  };
}
