import { ApiProperty } from '@nestjs/swagger';
import { IsName } from '../common/text-length.js';
import type { TenantEntity } from './tenant.entity.js';

export class CreateTenantDto {
  @ApiProperty({ example: 'acme-bank', minLength: 1, maxLength: 200 })
  @IsName()
  name: string;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const tenantView = (t: TenantEntity): TenantView => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() });
