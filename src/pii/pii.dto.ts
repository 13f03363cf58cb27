import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { IsReason } from '../common/text-length.js';
import { ENTITY_TYPES, OPERATOR_NAMES, type EntityType, type OperatorName } from '../privacy/index.js';

export class RedactRequestDto {
  @ApiProperty({ type: [String], minItems: 1, description: 'Texts to redact (at most PII_MAX_BATCH, each at most PII_MAX_TEXT_LENGTH characters)', example: ['Call Jana Novak on +44 20 7946 0958 or mail jana@example.com'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  texts: string[];

  @ApiPropertyOptional({ enum: ENTITY_TYPES, isArray: true, minItems: 1, description: 'Entity types to replace (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ENTITY_TYPES, { each: true })
  entities?: EntityType[];

  @ApiPropertyOptional({ enum: OPERATOR_NAMES, default: 'replace', description: 'replace (<EMAIL>), redact (remove), mask (keep the last 4), hash (HMAC with the tenant key), encrypt (AES-256-GCM, reversible by an admin)' })
  @IsOptional()
  @IsIn(OPERATOR_NAMES)
  operator?: OperatorName;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only: whose keys hash and encrypt use (a tenant key always uses its own tenant)' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;
}

export class RedactedEntityView {
  @ApiProperty({ enum: ENTITY_TYPES }) type: EntityType;
  @ApiProperty({ description: 'Offset of the first character in the original text' }) start: number;
  @ApiProperty({ description: 'Offset after the last character in the original text' }) end: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
}

export class RedactedTextView {
  @ApiProperty() text: string;
  @ApiProperty({ type: [RedactedEntityView] }) entities: RedactedEntityView[];
}

export class RedactResponseView {
  @ApiProperty({ type: [RedactedTextView] }) results: RedactedTextView[];
}

export class UnredactRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The tenant whose key encrypted the tokens' })
  @IsUuid()
  tenantId: string;

  @ApiProperty({ type: [String], minItems: 1, description: 'Texts holding <TYPE#…> tokens made by the encrypt operator' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  texts: string[];

  @ApiProperty({ description: 'Why the originals are needed; kept in the audit log', example: 'Subject access request 2291' })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class UnredactedTextView {
  @ApiProperty() text: string;
}

export class UnredactResponseView {
  @ApiProperty({ type: [UnredactedTextView] }) results: UnredactedTextView[];
}
