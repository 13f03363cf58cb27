import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import type { StoredPolicy } from './policies.repository.js';
import { IsIsoTime } from '../common/iso-time.js';

export class PolicySourceDto {
  @ApiProperty({ description: 'The policy document as YAML (see docs/policies.md)' })
  @IsString()
  @Length(1, 1_000_000)
  source: string;
}

export class CreatePolicyDto extends PolicySourceDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Allow the support router for fraud triage' })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 3, maxLength: 1000 })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class DiffQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Version to compare with (default: the active version)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  against?: number;
}

export class DryRunDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, default: 1000, description: 'Replay the last N recorded calls' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  last?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Or replay the calls recorded from this time …' })
  @IsOptional()
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '… to this time (exclusive)' })
  @IsOptional()
  @IsIsoTime()
  to?: string;
}

export class PolicyView {
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['draft', 'active', 'superseded'] }) status: string;
  @ApiProperty() contentHash: string;
  @ApiProperty({ nullable: true, type: Number }) basedOn: number | null;
  @ApiProperty() author: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) activatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) activatedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) activationReason: string | null;
}

export class PolicyDetailView extends PolicyView {
  @ApiProperty({ description: 'The YAML as submitted' }) source: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) document: Record<string, unknown>;
}

export class ValidationView {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { line: { type: 'number' }, column: { type: 'number' }, path: { type: 'string' }, message: { type: 'string' } } } })
  errors: { line: number; column: number; path: string; message: string }[];
}

export const policyView = (p: StoredPolicy): PolicyView => ({
  version: p.version,
  name: p.name,
  status: p.status,
  contentHash: p.contentHash,
  basedOn: p.basedOn,
  author: p.author,
  reason: p.reason,
  createdAt: p.createdAt.toISOString(),
  activatedAt: p.activatedAt?.toISOString() ?? null,
  activatedBy: p.activatedBy,
  activationReason: p.activationReason,
});

export const policyDetail = (p: StoredPolicy): PolicyDetailView => ({ ...policyView(p), source: p.source, document: p.document as unknown as Record<string, unknown> });
