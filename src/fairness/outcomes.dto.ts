import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { Length } from '../common/text-length.js';

export class ReportOutcomeDto {
  @ApiProperty({ format: 'uuid', description: 'The requestId of the governed call the outcome belongs to' })
  @IsUuid()
  requestId: string;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 1000, description: 'The true outcome of every row of the call, in order, as model labels (e.g. "approved")' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  labels?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 999, default: 0, description: 'With `label`: the row of a batch call' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(999)
  row?: number;

  @ApiPropertyOptional({ description: 'The true outcome of one row, as a model label' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;
}

export class OutcomeView {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() model: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, label: { type: 'string' } } } })
  outcomes: { row: number; label: string }[];
  @ApiProperty({ description: 'Rows recorded by this call; rows already reported with the same label count as recorded before' })
  recorded: number;
}
