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
