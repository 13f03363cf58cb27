import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import { LAWFUL_BASES, LAWFUL_BASIS_INFO, type LawfulBasis } from './lawful-basis.js';
import { MAX_RETENTION_DAYS, noticeTextSha256, PURPOSE_ID_SHAPE, requiresConsent } from './purpose.js';
import type { PurposeRow, PurposeVersionRow } from './purposes.repository.js';

export class NoticeDto {
  @ApiProperty({ description: 'The notice shown to subjects, exactly as shown', example: 'We would like to send you offers chosen for you.' })
  @IsString()
  @Length(1, 20_000)
  text: string;

  @ApiProperty({ description: 'A new wording needs a new version', example: '2' })
  @IsString()
  @Length(1, 50)
  version: string;
}

export class PurposeBodyDto {
  @ApiProperty({ example: 'Personalised offers' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiProperty({ enum: LAWFUL_BASES, description: 'GDPR Art. 6(1) basis; fixed once the purpose exists' })
  @IsIn(LAWFUL_BASES)
  lawfulBasis: LawfulBasis;

  @ApiProperty({ type: NoticeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NoticeDto)
  notice: NoticeDto;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_RETENTION_DAYS, description: 'Days stored payloads are kept; 0 keeps none past the request' })
  @IsInt()
  @Min(0)
  @Max(MAX_RETENTION_DAYS)
  retentionDays: number;
}

export class CreatePurposeDto extends PurposeBodyDto {
  @ApiProperty({ example: 'marketing', description: 'Lower-case slug; never changes' })
  @IsString()
  @Length(1, 64)
  @Matches(PURPOSE_ID_SHAPE, { message: 'id must be a lower-case slug such as credit-scoring' })
  id: string;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @IsReason(3, 1000)
  reason?: string;
}

export class UpdatePurposeDto extends PurposeBodyDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Notice reworded after the DPO review' })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class PurposeView {
  @ApiProperty() id: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: LAWFUL_BASES }) lawfulBasis: LawfulBasis;
  @ApiProperty({ example: 'GDPR Art. 6(1)(a)' }) lawfulBasisArticle: string;
  @ApiProperty({ description: 'Whether calls for this purpose need the subject’s active consent' }) requiresConsent: boolean;
  @ApiProperty({ type: 'object', properties: { text: { type: 'string' }, version: { type: 'string' }, textSha256: { type: 'string' } } })
  notice: { text: string; version: string; textSha256: string };
  @ApiProperty() retentionDays: number;
  @ApiProperty({ description: 'Version of this purpose definition (every version is kept)' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PurposeVersionView {
  @ApiProperty() version: number;
  @ApiProperty() description: string;
  @ApiProperty({ enum: LAWFUL_BASES }) lawfulBasis: LawfulBasis;
  @ApiProperty({ type: 'object', properties: { text: { type: 'string' }, version: { type: 'string' }, textSha256: { type: 'string' } } })
  notice: { text: string; version: string; textSha256: string };
  @ApiProperty() retentionDays: number;
  @ApiProperty() changedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PurposeDetailView extends PurposeView {
  @ApiProperty({ type: [PurposeVersionView] }) history: PurposeVersionView[];
}

const notice = (n: { text: string; version: string }) => ({ text: n.text, version: n.version, textSha256: noticeTextSha256(n.text) });

export const purposeView = (p: PurposeRow): PurposeView => ({
  id: p.id,
  description: p.description,
  lawfulBasis: p.lawfulBasis,
  lawfulBasisArticle: LAWFUL_BASIS_INFO[p.lawfulBasis].article,
  requiresConsent: requiresConsent(p),
  notice: notice(p.notice),
  retentionDays: p.retentionDays,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const purposeVersionView = (v: PurposeVersionRow): PurposeVersionView => ({
  version: v.version,
  description: v.description,
  lawfulBasis: v.lawfulBasis,
  notice: notice(v.notice),
  retentionDays: v.retentionDays,
  changedBy: v.changedBy,
  reason: v.reason,
  createdAt: v.createdAt.toISOString(),
});
