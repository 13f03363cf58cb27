import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { IsName, Length } from '../common/text-length.js';
import type { LicenseView, VersionTermsView } from './licensing-catalog.js';
import { PARTY_KINDS, type PartyKind, type PartyRow } from './terms.repository.js';
import { IsIsoTime } from '../common/iso-time.js';

const DERIVATION_KINDS = ['fine-tune', 'distillation', 'ensemble', 'merge', 'quantization', 'other'] as const;
const PURPOSE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class CreatePartyDto {
  @ApiProperty({ example: 'Acme Models Ltd', maxLength: 200 })
  @IsName()
  name: string;

  @ApiProperty({ enum: PARTY_KINDS })
  @IsIn(PARTY_KINDS)
  kind: PartyKind;

  @ApiPropertyOptional({ example: 'payouts@acme.example', description: 'Where statements go; never written to the audit log' })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  contact?: string;
}

export class PartyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTY_KINDS }) kind: PartyKind;
  @ApiProperty({ nullable: true, type: String }) contact: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const partyView = (p: PartyRow): PartyView => ({ id: p.id, name: p.name, kind: p.kind, contact: p.contact, createdAt: p.createdAt.toISOString() });

export class CreateLicenseDto {
  @ApiProperty({ example: 'Acme credit licence 2026', maxLength: 200 })
  @IsName()
  name: string;

  @ApiPropertyOptional({ example: 'LicenseRef-acme-credit', description: 'SPDX id, a catalogued name (OpenRAIL-M …) or LicenseRef-… for custom terms' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  spdxId?: string;

  @ApiProperty({ description: 'Must agree with the catalogue for a catalogued licence (CC-BY-NC-4.0 → false)' })
  @IsBoolean()
  commercialUse: boolean;

  @ApiPropertyOptional({ type: [String], example: ['credit-scoring'], description: 'When given, the only purposes allowed' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(PURPOSE, { each: true, message: 'each purpose must be a purpose id (a-z, 0-9, -)' })
  allowedPurposes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['surveillance'], description: 'Use restrictions: purposes the model must never serve' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(PURPOSE, { each: true, message: 'each purpose must be a purpose id (a-z, 0-9, -)' })
  forbiddenPurposes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['EU', 'US'], description: 'ISO 3166-1 alpha-2 codes and EU; absent means worldwide' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(300)
  @IsString({ each: true })
  territories?: string[];

  @ApiPropertyOptional({ example: 'Scores by Acme Credit Model v1' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  attribution?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsIsoTime()
  expiresAt?: string;
}

export class LicenseViewDto implements LicenseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) spdxId: string | null;
  @ApiProperty() commercialUse: boolean;
  @ApiProperty({ nullable: true, type: [String] }) allowedPurposes: string[] | null;
  @ApiProperty({ type: [String] }) forbiddenPurposes: string[];
  @ApiProperty({ nullable: true, type: [String] }) territories: string[] | null;
  @ApiProperty({ nullable: true, type: String }) attribution: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: string | null;
}

export class AttachLicenseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  licenseId: string;
}

export class ShareDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  partyId: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10000, description: 'Basis points: 10,000 = 100 %' })
  @IsInt()
  @Min(0)
  @Max(10000)
  basisPoints: number;
}

export class SharesDto {
  @ApiProperty({ type: [ShareDto], description: 'Every party at most once; the basis points sum to exactly 10,000' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ShareDto)
  shares: ShareDto[];
}

export class ParentDto {
  @ApiProperty({ example: 'base-model@1.0.0', description: 'The parent version, as name@version' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}@\S{1,100}$/, { message: 'parent must be name@version' })
  parent: string;

  @ApiProperty({ enum: DERIVATION_KINDS })
  @IsIn(DERIVATION_KINDS)
  kind: (typeof DERIVATION_KINDS)[number];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10000, description: 'Share of what reaches this version passed to the parent' })
  @IsInt()
  @Min(0)
  @Max(10000)
  basisPoints: number;
}

export class LineageDto {
  @ApiProperty({ type: [ParentDto], description: 'Replaces the version’s parent links; [] removes them' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ParentDto)
  parents: ParentDto[];
}

export class TierDto {
  @ApiProperty({ nullable: true, type: 'integer', minimum: 1, description: 'Last call number of the band within the month; null for the last, open-ended band' })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  upTo: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Micro-units per call (1,000,000 = one unit of the currency); perCall + 1,000,000 × perRow may not exceed 9007199254740991' })
  @IsInt()
  @Min(0)
  perCall: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Micro-units per input row' })
  @IsInt()
  @Min(0)
  perRow: number;
}

export class PriceDto {
  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  @ApiProperty({ type: [TierDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TierDto)
  tiers: TierDto[];
}

export class TenantLicensingDto {
  @ApiProperty({ description: 'Whether the tenant uses models commercially (the default); licences without commercial use refuse commercial tenants' })
  @IsBoolean()
  commercial: boolean;
}

export class TenantLicensingView {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() commercial: boolean;
}

export class VersionTermsViewDto implements VersionTermsView {
  @ApiProperty() model: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: LicenseViewDto, nullable: true }) license: LicenseView | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { partyId: { type: 'string' }, party: { type: 'string' }, basisPoints: { type: 'integer' } } } })
  shares: VersionTermsView['shares'];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { parent: { type: 'string' }, parentVersionId: { type: 'string' }, kind: { type: 'string' }, basisPoints: { type: 'integer' } } } })
  lineage: VersionTermsView['lineage'];
  @ApiProperty({ type: PriceDto, nullable: true }) price: VersionTermsView['price'];
}
