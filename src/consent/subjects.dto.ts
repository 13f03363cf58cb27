import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { LAWFUL_BASES } from './lawful-basis.js';
import { PageLimit } from '../common/paging.js';
import { IsIsoTime } from '../common/iso-time.js';

export class ProtectedAttributesDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { sex: 'female', ageBand: '35-44', ethnicity: 'prefer-not-to-say' }, description: 'Only names on the protected list (PROTECTED_ATTRIBUTES); merged into what is kept' })
  @IsObject()
  attributes: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'date-time', description: 'Delete them earlier than the retention of fairness-monitoring would' })
  @IsOptional()
  @IsIsoTime()
  expiresAt?: string;
}

export class ProtectedAttributesWriteView {
  @ApiProperty() subjectPseudonym: string;
  @ApiProperty({ type: [String], description: 'Names now kept (values are not echoed: every read is logged)' }) attributes: string[];
  @ApiProperty({ enum: LAWFUL_BASES }) basis: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ProtectedAttributesView {
  @ApiProperty() subjectPseudonym: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes: Record<string, unknown>;
  @ApiProperty({ enum: LAWFUL_BASES }) basis: string;
  @ApiProperty({ enum: ['api', 'inference'] }) source: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ErasureQuery {
  @ApiPropertyOptional({ enum: ['pending', 'completed'] })
  @IsOptional()
  @IsIn(['pending', 'completed'])
  status?: 'pending' | 'completed';

  @PageLimit(1000)
  limit?: number;
}

export class ErasureView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'completed'] }) status: 'pending' | 'completed';
  @ApiProperty({ nullable: true, type: String }) subjectPseudonym: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'GDPR Art. 12(3): one month after receipt' }) dueBy: string;
  @ApiProperty({ description: 'Pending past its deadline, or completed after it' }) overdue: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, nullable: true }) removed: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String, description: 'The signed erasure receipt (JWS, EdDSA)' }) receipt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The receipt’s payload, decoded' }) content: Record<string, unknown> | null;
}

export class SubjectExportView {
  @ApiProperty({ example: 'warden.subject-export/1' }) schemaVersion: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) controller: Record<string, unknown>;
  @ApiProperty() subjectPseudonym: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'State per purpose, every event, every receipt' }) consent: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) inferenceRecords: Record<string, unknown>[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Rows of other tables that belong to those records (e.g. outcomes)' }) related: Record<string, unknown[]>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) reviews: Record<string, unknown>[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) protectedAttributes: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Audit events naming the pseudonym (references only)' }) auditEvents: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) erasureRequests: Record<string, unknown>[];
}

export class ProcessingPurposeView {
  @ApiProperty({ example: 'credit-scoring' }) id: string;
  @ApiProperty({ description: 'Whether the purpose is registered (calls may have named one that is not)' }) registered: boolean;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: [...LAWFUL_BASES, null], nullable: true, type: String }) lawfulBasis: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'GDPR Art. 6(1)(b)' }) lawfulBasisArticle: string | null;
  @ApiProperty({ nullable: true, type: String }) noticeVersion: string | null;
  @ApiProperty({ type: 'integer' }) retentionDays: number;
  @ApiProperty({ type: 'integer' }) calls: number;
  @ApiProperty({ type: 'integer' }) allowedCalls: number;
  @ApiProperty({ type: 'integer' }) deniedCalls: number;
  @ApiProperty({ type: 'integer' }) subjectsWithConsentRecords: number;
  @ApiProperty({ type: [String], example: ['credit-approval@1.0.0'] }) models: string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstCall: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastCall: string | null;
}

export class DataCategoryView {
  @ApiProperty({ example: 'model inputs' }) category: string;
  @ApiProperty({ description: 'Where and how it is kept' }) storage: string;
  @ApiPropertyOptional({ example: 'credit-approval@1.0.0', description: 'Model inputs: the model taking them' }) model?: string;
  @ApiPropertyOptional({ type: [String], description: 'Model inputs: the purposes they were processed for' }) purposes?: string[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' } } }, description: 'Model inputs: the features' })
  features?: { name: string; type: string; description?: string }[];
  @ApiPropertyOptional({ type: [String], description: 'Protected attributes: the names kept' }) attributes?: string[];
  @ApiPropertyOptional({ type: 'integer', description: 'Protected attributes: subjects they are kept for' }) subjects?: number;
}

export class RecordOfProcessingView {
  @ApiProperty({ example: 'warden.record-of-processing/1' }) schemaVersion: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } }, description: 'The tenant' }) controller: { id: string; name: string };
  @ApiProperty({ type: 'object', properties: { name: { type: 'string' }, activity: { type: 'string' } } }) processor: { name: string; activity: string };
  @ApiProperty({ type: [ProcessingPurposeView], description: 'Every purpose the tenant’s calls or consent records named' }) purposes: ProcessingPurposeView[];
  @ApiProperty({ type: [DataCategoryView] }) dataCategories: DataCategoryView[];
  @ApiProperty({ type: 'object', properties: { categories: { type: 'array', items: { type: 'string' } }, pseudonymousSubjects: { type: 'integer' } } })
  dataSubjects: { categories: string[]; pseudonymousSubjects: number };
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { recipient: { type: 'string' }, receives: { type: 'string' }, personalData: { type: 'boolean' } } } })
  recipients: { recipient: string; receives: string; personalData: boolean }[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { data: { type: 'string' }, period: { type: 'string' }, then: { type: 'string' } } } })
  retention: { data: string; period: string; then: string }[];
  @ApiProperty({ type: [String] }) securityMeasures: string[];
}

export class RetentionRunView {
  @ApiProperty({ format: 'date-time' }) ranAt: string;
  @ApiProperty({ type: 'integer', description: 'Inference records deleted' }) inferenceRecords: number;
  @ApiProperty({ type: 'integer', description: 'Review items deleted with them' }) reviews: number;
  @ApiProperty({ type: 'integer', description: 'Protected attributes deleted past their expiry' }) protectedAttributes: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { outcomes: 0 }, description: 'Rows of tables that belong to inference records, deleted with them, by table' })
  related: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Inference records deleted, by purpose' }) byPurpose: Record<string, number>;
}
