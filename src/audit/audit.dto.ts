import type { CheckpointBody } from './checkpoint.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { MaxLength } from '../common/text-length.js';
import { PageLimit } from '../common/paging.js';
import { IsIsoTime } from '../common/iso-time.js';

const CHAIN = /^(platform|tenant:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const CHAIN_MESSAGE = 'chain must be "platform" or "tenant:<uuid>"';

export class ChainQuery {
  @ApiPropertyOptional({ example: 'tenant:7d1c0c3e-…', description: 'Default: every chain the caller may see' })
  @IsOptional()
  @Matches(CHAIN, { message: CHAIN_MESSAGE })
  chain?: string;
}

export class VerifyQuery extends ChainQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) from?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

export class InclusionQuery {
  @ApiProperty() @Matches(CHAIN, { message: CHAIN_MESSAGE }) chain: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) seq: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Size of the tree to prove against, e.g. a checkpoint’s treeSize' }) @Type(() => Number) @IsInt() @Min(1) treeSize: number;
}

export class ConsistencyQuery {
  @ApiProperty() @Matches(CHAIN, { message: CHAIN_MESSAGE }) chain: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) from: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) to: number;
}

export class CheckpointsQuery {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoTime() to?: string;
  @PageLimit(1000) limit?: number;
}

export class EventsQuery extends ChainQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() tenantId?: string;
  @ApiPropertyOptional({ description: 'Model name (matches every version)' }) @IsOptional() @IsString() @MaxLength(200) model?: string;
  @ApiPropertyOptional({ example: 'inference.infer' }) @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) action?: string;
  @ApiPropertyOptional({ enum: ['allow', 'deny', 'none'] }) @IsOptional() @IsIn(['allow', 'deny', 'none']) decision?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) resourceId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' }) @IsOptional() @IsIsoTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive' }) @IsOptional() @IsIsoTime() to?: string;
}

export class EventsPageQuery extends EventsQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @PageLimit(1000) limit?: number;
}

export class ExportQuery extends EventsQuery {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl', description: 'jsonl: verifiable whole chains (chain, fromSeq, toSeq); csv: filtered events' })
  @IsOptional()
  @IsIn(['jsonl', 'csv'])
  format?: 'jsonl' | 'csv';
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) fromSeq?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) toSeq?: number;
}

export class AuditEventView {
  @ApiProperty() chainId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiProperty({ type: 'object', properties: { id: { type: 'string' }, role: { type: 'string' } } }) actor: { id: string; role: string };
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } }) resource: { type: string; id: string } | null;
  @ApiProperty({ enum: ['allow', 'deny', 'none'] }) decision: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class EventsPageView {
  @ApiProperty({ type: [AuditEventView] }) events: AuditEventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CheckpointView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ chains: [{ chainId, treeSize, rootHash }], issuedAt, keyId }' }) body: CheckpointBody;
  @ApiProperty({ description: 'Ed25519 over UTF-8 canonical JSON of body, base64' }) signature: string;
}

export class PublicKeyView {
  @ApiProperty() keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: string;
  @ApiProperty() publicKeyPem: string;
  @ApiProperty({ description: 'The raw 32-byte key, base64' }) publicKeyBase64: string;
}

export class VerifyView {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiProperty() chains: number;
  @ApiPropertyOptional({ type: 'object', properties: { chain: { type: 'string' }, seq: { type: 'number' }, reason: { type: 'string' } } })
  firstBad?: { chain: string; seq: number; reason: string };
}

export class InclusionProofView {
  @ApiProperty() chain: string;
  @ApiProperty() seq: number;
  @ApiProperty() treeSize: number;
  @ApiProperty() leafIndex: number;
  @ApiProperty() leafHash: string;
  @ApiProperty() rootHash: string;
  @ApiProperty({ type: [String] }) proof: string[];
}

export class ConsistencyProofView {
  @ApiProperty() chain: string;
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty() fromRoot: string;
  @ApiProperty() toRoot: string;
  @ApiProperty({ type: [String] }) proof: string[];
}
