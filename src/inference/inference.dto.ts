import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import { PassThrough } from '../common/validation.js';

export class SubjectDto {
  @ApiProperty({ description: 'The tenant’s own id for the person the input is about; Warden keeps only a pseudonym', example: 'customer-4411' })
  @IsString()
  @Length(1, 200)
  id: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Facts about the subject that policies may read (e.g. age band); never stored with the record' })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, string | number | boolean | null>;
}

export class RequestContextDto {
  @ApiPropertyOptional({ example: 'DE', description: 'ISO 3166-1 alpha-2 code of the subject’s jurisdiction (optionally with a subdivision, US-CA)' })
  @IsOptional()
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'jurisdiction must be an ISO 3166-1 alpha-2 code such as DE or US-CA' })
  jurisdiction?: string;
}

export class InferRequestDto {
  @ApiProperty({ example: 'credit-scoring', description: 'Why the data is processed; consent and policy are per purpose' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'purpose must be a purpose id (a-z, 0-9, -)' })
  purpose: string;

  @ApiProperty({ type: SubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject: SubjectDto;

  @ApiProperty({ oneOf: [{ type: 'object', additionalProperties: true }, { type: 'array', items: { type: 'object', additionalProperties: true } }], description: 'One input row (feature → value) or a batch of rows' })
  @IsDefined({ message: 'inputs is required: one row (object) or a batch (array of objects)' })
  @PassThrough()
  inputs: Record<string, unknown> | Record<string, unknown>[];

  @ApiPropertyOptional({ type: RequestContextDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestContextDto)
  context?: RequestContextDto;

  @ApiPropertyOptional({ default: true, description: 'Return per-feature contributions' })
  @IsOptional()
  @IsBoolean()
  explain?: boolean;

  @ApiPropertyOptional({
    minLength: 3,
    maxLength: 1000,
    example: 'Loan application 2026-118, second review',
    description: 'Why the call is made; required when a policy rule obliges `log_reason`. Kept in the audit event, personal data replaced',
  })
  @IsOptional()
  @IsString()
  @IsReason(3, 1000)
  reason?: string;
}

export class InferResponseView {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } }) model: { name: string; version: string };
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'One prediction per input row: label and score or probabilities' })
  outputs: Record<string, unknown>[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Per-feature contributions; base + Σ contributions = output' })
  explanation?: Record<string, unknown>[];
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: { name: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } }, rows: { type: 'array', items: { type: 'integer' }, description: 'In a batch, the rows it applies to; absent: every row' } },
    },
  })
  obligations: { name: string; rules: string[]; rows?: number[] }[];
  @ApiProperty({ type: 'object', properties: { policyVersion: { type: 'string' }, rules: { type: 'array', items: { type: 'object', additionalProperties: true } } } })
  decision: { policyVersion: string; rules: unknown[] };
  @ApiPropertyOptional({
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, spdxId: { type: 'string', nullable: true }, attribution: { type: 'string', nullable: true } },
    description: 'The licence the model version is offered under, when it has one; attribution is text that must accompany the outputs',
  })
  license?: { id: string; name: string; spdxId: string | null; attribution: string | null };
  @ApiProperty({ type: 'object', properties: { chain: { type: 'string' }, seq: { type: 'number' }, leafHash: { type: 'string' } }, description: 'Receipt: ask /v1/audit/proofs/inclusion for proof that this call was logged' })
  audit: { chain: string; seq: number; leafHash: string };
  @ApiPropertyOptional({ type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } }, description: 'Present when a human must review the decision' })
  review?: { id: string; status: string };
}
