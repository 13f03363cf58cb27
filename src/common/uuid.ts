import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/**
 * A UUID, accepted in either letter case and read in lower case, as Postgres prints ids: a caller's
 * own id written in capitals is the same id, not another tenant's or party's.
 */
export function IsUuid(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID(),
  );
}
