import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { Length, MaxLength } from '../common/text-length.js';
import { PageLimit } from '../common/paging.js';
import { IsIsoTime } from '../common/iso-time.js';

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

@ValidatorConstraint({ name: 'favorable' })
export class FavorableRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isScalar(value) || (Array.isArray(value) && value.length > 0 && value.length <= 100 && value.every(isScalar));
  }
  defaultMessage(): string {
    return '$property must be a value (string, number or boolean) or a non-empty list of them';
  }
}

@ValidatorConstraint({ name: 'attributeColumns' })
export class AttributeColumnsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!Array.isArray(value)) return false;
    return value.every((a) => {
      if (typeof a === 'string') return a.trim().length > 0;
      if (typeof a !== 'object' || a === null) return false;
      const { column, name, cuts, values, ...rest } = a as Record<string, unknown>;
      return (
        Object.keys(rest).length === 0 &&
        typeof column === 'string' &&
        column.trim().length > 0 &&
        (name === undefined || (typeof name === 'string' && ATTRIBUTE.test(name))) &&
        (cuts === undefined || (Array.isArray(cuts) && cuts.every((c) => typeof c === 'number'))) &&
        (values === undefined || (typeof values === 'object' && values !== null && Object.values(values).every((v) => typeof v === 'string')))
      );
    });
  }
  defaultMessage(): string {
    return '$property must list column names or { column, name?, cuts?: number[], values?: { raw: value } }';
  }
}

@ValidatorConstraint({ name: 'thresholds' })
export class ThresholdsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0));
  }
  defaultMessage(): string {
    return '$property must map metric names to a non-negative number or null (off)';
  }
}

export class DatasetColumnsDto {
  @ApiProperty({ example: 'decision', description: 'Column holding the decision (prediction)' })
  @IsString()
  @Length(1, 200)
  prediction: string;

  @ApiPropertyOptional({ example: 'p', description: 'Column holding a score in [0, 1] (scoring rates, calibration)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  score?: string;

  @ApiPropertyOptional({ example: 'repaid', description: 'Column holding the true outcome (label metrics)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiProperty({ minItems: 1, maxItems: 6, example: ['race', { column: 'age', cuts: [25] }], description: 'Protected attribute columns: a name, or { column, name?, cuts?, values? }' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @Validate(AttributeColumnsRule)
  attributes: (string | { column: string; name?: string; cuts?: number[]; values?: Record<string, string> })[];
}

export class PeriodDto {
  @ApiProperty({ example: '2025-01-01' }) @IsIsoTime() from: string;
  @ApiProperty({ example: '2025-12-31' }) @IsIsoTime() to: string;
}

/** One request shape for both sources; fields of the other source are refused by the service. */
export class RunAuditDto {
  @ApiProperty({ enum: ['dataset', 'live'] })
  @IsIn(['dataset', 'live'])
  source: 'dataset' | 'live';

  @ApiProperty({ example: 'approved', description: 'The favourable prediction: a model label (live), or a value or list of values (dataset)' })
  @Validate(FavorableRule)
  favorable: string | number | boolean | (string | number | boolean)[];

  @ApiPropertyOptional({ description: 'The favourable true outcome when labels use other values than predictions; `favorable` when absent' })
  @IsOptional()
  @Validate(FavorableRule)
  favorableLabel?: string | number | boolean | (string | number | boolean)[];

  @ApiPropertyOptional({ description: 'dataset: the CSV text (header row first); or send multipart/form-data with a `csv` file and this body, without csv, as the `request` field' })
  @IsOptional()
  @IsString()
  csv?: string;

  @ApiPropertyOptional({ type: DatasetColumnsDto, description: 'dataset: which columns hold what' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DatasetColumnsDto)
  columns?: DatasetColumnsDto;

  @ApiPropertyOptional({ description: 'dataset: what the data is, for the report (e.g. "2024 applicants, test set")' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @ApiPropertyOptional({ enum: ['historical', 'test'], description: 'dataset: historical decisions or test data (LL144 summary); default test' })
  @IsOptional()
  @IsIn(['historical', 'test'])
  dataKind?: 'historical' | 'test';

  @ApiPropertyOptional({ type: PeriodDto, description: 'dataset: the period the data covers (LL144 summary)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  period?: PeriodDto;

  @ApiPropertyOptional({ example: 'credit-approval', description: 'live: the model audited' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'model must be a model name' })
  model?: string;

  @ApiPropertyOptional({ example: '1.0.0', description: 'live: one version; every version in the window when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'live: start of the window (inclusive)' })
  @IsOptional()
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'live: end of the window (exclusive)' })
  @IsOptional()
  @IsIsoTime()
  to?: string;

  @ApiPropertyOptional({ minItems: 1, maxItems: 6, example: ['sex', 'ethnicity'], description: 'live: protected attributes (keys of the consented attributes)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @Matches(ATTRIBUTE, { each: true, message: 'each attribute must be a name (letters, digits, _ and -)' })
  attributes?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'live, operators only: one tenant’s traffic; every tenant’s when absent' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number', nullable: true }, example: { impactRatio: 0.8, equalizedOddsDifference: null } })
  @IsOptional()
  @Validate(ThresholdsRule)
  thresholds?: Record<string, number | null>;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  minGroupSize?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 0.5, default: 0.02 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(0.5)
  minShare?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { sex: 'male' }, description: 'Reference group for difference metrics' })
  @IsOptional()
  @IsObject()
  reference?: Record<string, string>;

  @ApiPropertyOptional({ minimum: 0.5, maximum: 0.9999, default: 0.95 }) @IsOptional() @IsNumber() @Min(0.5) @Max(0.9999) confidence?: number;
  @ApiPropertyOptional({ minimum: 0.0001, maximum: 0.5, default: 0.05 }) @IsOptional() @IsNumber() @Min(0.0001) @Max(0.5) alpha?: number;
}

export class AuditsQuery {
  @ApiPropertyOptional({ example: 'credit-approval' }) @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/) model?: string;
  @ApiPropertyOptional({ enum: ['dataset', 'live'] }) @IsOptional() @IsIn(['dataset', 'live']) source?: string;
  @ApiPropertyOptional({ enum: ['pass', 'breach', 'inconclusive'] }) @IsOptional() @IsIn(['pass', 'breach', 'inconclusive']) status?: string;
  @PageLimit(500) limit?: number;
}

export class AuditFormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class Ll144Query extends AuditFormatQuery {
  @ApiPropertyOptional({ enum: ['selection', 'scoring'], default: 'selection', description: 'Selection rates (decisions) or scoring rates (share above the median score)' })
  @IsOptional()
  @IsIn(['selection', 'scoring'])
  rate?: 'selection' | 'scoring';
  @ApiPropertyOptional({ default: 'sex', description: 'The attribute holding sex' }) @IsOptional() @Matches(ATTRIBUTE) sex?: string;
  @ApiPropertyOptional({ default: 'race', description: 'The attribute holding race/ethnicity' }) @IsOptional() @Matches(ATTRIBUTE) raceEthnicity?: string;
}
