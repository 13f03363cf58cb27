import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A list's optional `limit` query parameter: an integer from 1 to `max`, 100 when absent. */
export function PageLimit(max: number): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: max, default: 100 }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(max));
}
