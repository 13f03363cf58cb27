import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import { ThresholdsRule } from './audits.dto.js';
import type { LastAudit, ScheduleRow } from './schedules.repository.js';
import type { ReviewRequirementRow } from './review-requirements.repository.js';
import { formatDuration } from './stored-audit.js';

export const CONSEQUENCES = ['notify', 'require_review', 'suspend'] as const;

export class ScheduleDto {
  @ApiProperty({ type: 'integer', minimum: 1000, maximum: 366 * 86_400_000, example: 86_400_000, description: 'How often the audit runs, in milliseconds' })
  @IsInt()
  @Min(1000)
  @Max(366 * 86_400_000)
  everyMs: number;

  @ApiProperty({ example: 'P30D', description: 'The window each run audits, ending when it runs: an ISO 8601 duration in days, hours, minutes, seconds' })
  @IsString()
  @Length(2, 40)
  window: string;

  @ApiProperty({ minItems: 1, maxItems: 6, example: ['sex', 'ethnicity'], description: 'Protected attributes to audit' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, { each: true, message: 'each attribute must be a name (letters, digits, _ and -)' })
  attributes: string[];

  @ApiProperty({ example: 'approved', description: 'The favourable prediction: one of the model’s labels' })
  @IsString()
  @Length(1, 200)
  favorable: string;

  @ApiPropertyOptional({ description: 'The favourable true outcome, when outcomes use another label' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  favorableLabel?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number', nullable: true }, example: { impactRatio: 0.8 }, description: 'Per metric; defaults for the rest' })
  @IsOptional()
  @Validate(ThresholdsRule)
  thresholds?: Record<string, number | null>;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  minGroupSize?: number;

  @ApiProperty({ enum: CONSEQUENCES, description: 'What a breach does: notify (audit event and log line), require_review (every call gets human review until cleared), suspend (the model stops serving)' })
  @IsIn(CONSEQUENCES)
  consequence: (typeof CONSEQUENCES)[number];
}

export class ClearReviewDto {
  @ApiProperty({ minLength: 3, maxLength: 2000 }) @IsString() @IsReason(3, 2000) reason: string;
}

export class ReviewRequirementsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Include cleared requirements' })
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';
}

export class ScheduleView {
  @ApiProperty() model: string;
  @ApiProperty() everyMs: number;
  @ApiProperty({ example: 'P30D' }) window: string;
  @ApiProperty({ type: [String] }) attributes: string[];
  @ApiProperty() favorable: string;
  @ApiProperty({ nullable: true, type: String }) favorableLabel: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } }) thresholds: Record<string, number | null>;
  @ApiProperty({ nullable: true, type: Number }) minGroupSize: number | null;
  @ApiProperty({ enum: CONSEQUENCES }) consequence: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, breachCount: { type: 'number' }, createdAt: { type: 'string' } }, description: 'The latest scheduled run' })
  lastAudit: { id: string; status: string; breachCount: number; createdAt: string } | null;
}

export class ReviewRequirementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() model: string;
  @ApiProperty({ format: 'uuid', description: 'The audit whose breach required review' }) auditId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) clearedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) clearedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) clearReason: string | null;
}

export const scheduleView = ({ windowMs, ...s }: ScheduleRow, last: LastAudit | undefined): ScheduleView => ({
  ...s,
  window: formatDuration(windowMs),
  updatedAt: s.updatedAt.toISOString(),
  lastAudit: last ? { ...last, createdAt: last.createdAt.toISOString() } : null,
});

export const reviewRequirementView = (r: ReviewRequirementRow): ReviewRequirementView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  clearedAt: r.clearedAt?.toISOString() ?? null,
});
