import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { IsReason } from '../common/text-length.js';
import { MODEL_STATUSES, type ModelStatus } from './lifecycle.js';
import type { CatalogVersion } from './model-catalog.js';
import type { VersionTermsView } from '../licensing/licensing-catalog.js';

export class ChangeStatusDto {
  @ApiProperty({ enum: MODEL_STATUSES, description: 'draft → active ⇄ suspended; any → retired (final)' })
  @IsIn(MODEL_STATUSES)
  status: ModelStatus;

  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Bias audit breach under investigation' })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class ModelVersionView {
  @ApiProperty() name: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ enum: MODEL_STATUSES }) status: ModelStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['minimal', 'limited', 'high'] }) riskClass: string;
  @ApiProperty({ type: [String] }) allowedPurposes: string[];
  @ApiProperty({ description: 'sha256 of the ONNX bytes' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Named features: numeric with ranges, categorical with values, text with a maximum length' })
  input: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Labels and/or score' }) output: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'How named features become the input tensor' }) encoding: Record<string, unknown>;
  @ApiProperty({ enum: ['linear', 'linear-softmax', 'shapley'] }) explanation: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Model card (EU AI Act Art. 13 / Annex IV facts)' }) card: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'An input row that passes validation' }) example: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) rightsHolders: Record<string, unknown>[];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The licence the version is offered under and enforced by (see docs/licensing.md)' })
  license: VersionTermsView['license'];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Revenue shares: party and basis points (sum 10,000)' })
  shares: VersionTermsView['shares'];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Versions this one derives from and the basis points passed to each' })
  lineage: VersionTermsView['lineage'];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'Price list: currency and graduated tiers in micro-units; null when free' })
  price: VersionTermsView['price'];
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() registeredBy: string;
}

export class ModelSummaryView {
  @ApiProperty() name: string;
  @ApiProperty({ type: ModelVersionView, nullable: true, description: 'The highest active version, served when no version is pinned' })
  activeVersion: ModelVersionView | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { version: { type: 'string' }, status: { type: 'string' } } } })
  versions: { version: string; status: ModelStatus }[];
}

export class ModelDetailView {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: ModelVersionView, nullable: true }) activeVersion: ModelVersionView | null;
  @ApiProperty({ type: [ModelVersionView] }) versions: ModelVersionView[];
}

export function versionView(v: CatalogVersion, terms: VersionTermsView): ModelVersionView {
  const m = v.manifest;
  return {
    name: v.modelName,
    version: v.version,
    status: v.status,
    statusReason: v.statusReason,
    statusChangedAt: v.statusChangedAt.toISOString(),
    description: m.description,
    riskClass: m.riskClass,
    allowedPurposes: m.allowedPurposes,
    sha256: v.sha256,
    sizeBytes: v.sizeBytes,
    input: m.input as unknown as Record<string, unknown>,
    output: m.output as unknown as Record<string, unknown>,
    encoding: m.encoding as unknown as Record<string, unknown>,
    explanation: m.explanation.kind,
    card: m.card as unknown as Record<string, unknown>,
    example: m.example,
    rightsHolders: v.rightsHolders as unknown as Record<string, unknown>[],
    registeredAt: v.createdAt.toISOString(),
    registeredBy: v.registeredBy,
    license: terms.license,
    shares: terms.shares,
    lineage: terms.lineage,
    price: terms.price,
  };
}
