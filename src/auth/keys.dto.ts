import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { IsName } from '../common/text-length.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import { ROLES, type Role } from './principal.js';
import { IsIsoTime } from '../common/iso-time.js';

export const KEY_SCOPES = ['reviewer'] as const;

export class CreateKeyDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for tenant keys, forbidden for the others' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The rights-holder a licensor key speaks for' })
  @IsOptional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsName()
  name?: string;

  @ApiPropertyOptional({ enum: KEY_SCOPES, isArray: true, maxItems: KEY_SCOPES.length, description: 'Extra scopes: `reviewer` lets a tenant key review decisions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(KEY_SCOPES.length)
  @IsIn(KEY_SCOPES, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working (ISO 8601 with offset)' })
  @IsOptional()
  @IsIsoTime({ instant: true })
  expiresAt?: string;
}

export class ListKeysQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRevoked?: 'true' | 'false';
}

export class KeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) partyId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedKeyView extends KeyView {
  @ApiProperty({ description: 'The API key itself. Shown only in this response; Warden keeps only its hash.' })
  key: string;
}

export function keyView(k: ApiKeyEntity): KeyView {
  return {
    id: k.id,
    role: k.role,
    tenantId: k.tenantId,
    partyId: k.partyId,
    name: k.name,
    scopes: k.scopes,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
