import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { IsReason } from '../common/text-length.js';
import type { Principal } from '../auth/principal.js';
import type { Prediction } from '../models/predictions.js';
import { withholdStored } from './inference-record.js';
import type { ReviewRow } from './reviews.repository.js';
import { PageLimit } from '../common/paging.js';

export class ReviewsQuery {
  @ApiPropertyOptional({ enum: ['open', 'confirmed', 'overridden'] })
  @IsOptional()
  @IsIn(['open', 'confirmed', 'overridden'])
  status?: 'open' | 'confirmed' | 'overridden';

  @PageLimit(500)
  limit?: number;
}

export class ReviewDecisionDto {
  @ApiProperty({ enum: ['confirm', 'override'] })
  @IsIn(['confirm', 'override'])
  action: 'confirm' | 'override';

  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'With override: the label that stands for each row instead' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  labels?: string[];

  @ApiProperty({ minLength: 3, maxLength: 2000 })
  @IsString()
  @IsReason(3, 2000)
  reason: string;
}

export class ReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() model: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: [String], description: 'The rules that required review' }) rules: string[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The predictions held for review, one per row in `rows`; read by a tenant key, without the fields in `withheld`' }) outputs: unknown[];
  @ApiProperty({ type: [Number], description: 'Which rows of the call (0-based) the review holds: those a rule asked a person to review' }) rows: number[];
  @ApiProperty({
    type: [String],
    nullable: true,
    description: "The output fields the call's answer left out (`label`, `score`); null for reviews stored before it was kept",
  })
  withheld: string[] | null;
  @ApiProperty({ enum: ['open', 'confirmed', 'overridden'] }) status: string;
  @ApiPropertyOptional({ type: 'object', nullable: true, properties: { labels: { type: 'array', items: { type: 'string' } } } }) decision: { labels: string[] } | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewer: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
}

/**
 * A review as `principal` reads it. A tenant's reviewer reads the outputs as the call's answer gave
 * them, without what a policy withheld from the tenant; admins and regulators read them whole.
 */
export const reviewView = (r: ReviewRow, principal: Pick<Principal, 'role'>): ReviewView => ({
  ...r,
  outputs: principal.role === 'tenant' ? withholdStored(r.outputs as Prediction[], r.withheld) : r.outputs,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
});
