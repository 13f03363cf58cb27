import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Length } from '../common/text-length.js';
import type { TenantEntity } from './tenant.entity.js';

export class CreateTenantDto {
  @ApiProperty({ example: 'acme-bank', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/^\S(.*\S)?$/, { message: 'name must not start or end with white space' })
  name: string;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const tenantView = (t: TenantEntity): TenantView => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() });
