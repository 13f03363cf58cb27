import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import type { Activation, ActivationKind } from './activation-history.js';
import type { StoredPolicy } from './policies.repository.js';
import type { PolicyRule } from './policy-document.js';
import { IsIsoTime } from '../common/iso-time.js';

export class PolicySourceDto {
  @ApiProperty({ description: 'The policy document as YAML (see docs/policies.md)' })
  @IsString()
  @Length(1, 1_000_000)
  source: string;
}

export class CreatePolicyDto extends PolicySourceDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Allow the support router for fraud triage' })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 3, maxLength: 1000 })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class RollbackDto extends ReasonDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The version the caller saw in force: when another is by then (someone else activated or rolled back), nothing is rolled back (409)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  from?: number;
}

export class DiffQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Version to compare with (default: the active version)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  against?: number;
}

export class DryRunDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, default: 1000, description: 'Replay the last N recorded calls' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  last?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Or replay the calls recorded from this time …' })
  @IsOptional()
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '… to this time (exclusive)' })
  @IsOptional()
  @IsIsoTime()
  to?: string;
}

export class PolicyView {
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['draft', 'active', 'superseded'] }) status: string;
  @ApiProperty() contentHash: string;
  @ApiProperty({ nullable: true, type: Number }) basedOn: number | null;
  @ApiProperty() author: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the version was first put in force; every activation since is in GET /v1/policies/activations' })
  activatedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who first put it in force' }) activatedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was first put in force' }) activationReason: string | null;
}

export class ActivationView {
  @ApiProperty({ type: 'integer', description: 'Position in the log, in the order the activations took effect' }) seq: number;
  @ApiProperty({ type: 'integer', description: 'The version put in force' }) version: number;
  @ApiProperty({ format: 'date-time' }) activatedAt: string;
  @ApiProperty() activatedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['activate', 'rollback'] }) kind: ActivationKind;
  @ApiProperty({ type: 'integer', nullable: true, description: 'For a rollback: the version it took out of force' }) rolledBackFrom: number | null;
}

export class PolicyDetailView extends PolicyView {
  @ApiProperty({ description: 'The YAML as submitted' }) source: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) document: Record<string, unknown>;
}

export class ValidationView {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { line: { type: 'number' }, column: { type: 'number' }, path: { type: 'string' }, message: { type: 'string' } } } })
  errors: { line: number; column: number; path: string; message: string }[];
}

const RULES = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;
// A field of a policy document may hold any YAML value, so what it held before and after may be any of these.
const ANY_VALUE = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }] };

export class FieldChangeView {
  @ApiProperty({ example: 'when.model.riskClass', description: 'Rule-relative dotted path of the field' }) field: string;
  @ApiPropertyOptional({ ...ANY_VALUE, description: 'Its value before; absent when it was added' }) before?: unknown;
  @ApiPropertyOptional({ ...ANY_VALUE, description: 'Its value after; absent when it was removed' }) after?: unknown;
  @ApiPropertyOptional({ type: 'array', items: {}, description: 'For lists of plain values: the values that entered' }) added?: unknown[];
  @ApiPropertyOptional({ type: 'array', items: {}, description: 'For lists of plain values: the values that left' }) removed?: unknown[];
}

export class RuleChangeView {
  @ApiProperty() id: string;
  @ApiProperty({ type: [FieldChangeView] }) changes: FieldChangeView[];
}

export class PolicyDiffView {
  @ApiProperty({ type: 'integer', nullable: true, description: 'The version compared with; null when none is active (then an empty policy)' }) from: number | null;
  @ApiProperty({ type: 'integer' }) to: number;
  @ApiProperty({ description: 'Nothing changed, redaction order included' }) identical: boolean;
  @ApiProperty({ type: [FieldChangeView], description: 'Changes to the document’s own name and description' }) document: FieldChangeView[];
  @ApiProperty({ ...RULES, description: 'Rules only `to` has, as in its document' }) added: PolicyRule[];
  @ApiProperty({ ...RULES, description: 'Rules only `from` has, as in its document' }) removed: PolicyRule[];
  @ApiProperty({ type: [RuleChangeView] }) changed: RuleChangeView[];
  @ApiProperty({ type: [String], description: 'Ids of the rules both have unchanged' }) unchanged: string[];
  @ApiPropertyOptional({
    type: 'object',
    properties: { before: { type: 'array', items: { type: 'string' } }, after: { type: 'array', items: { type: 'string' } } },
    description: 'The redaction rules both have, in each version’s order, when that order changed (the first rule for an entity type decides its operator)',
  })
  redactionOrder?: { before: string[]; after: string[] };
}

export class RuleImpactView {
  @ApiProperty({ type: 'integer' }) newlyDenied: number;
  @ApiProperty({ type: 'integer' }) newlyAllowed: number;
  @ApiProperty({ type: 'integer', description: 'Calls allowed by both whose obligations differ' }) obligationsChanged: number;
  @ApiProperty({ type: 'integer', description: 'Calls allowed by both whose suppressed output fields differ' }) suppressChanged: number;
}

export class DryRunOutcomeView {
  @ApiProperty() allowed: boolean;
  @ApiProperty({
    enum: ['ALLOWED', 'POLICY_DENIED', 'NO_ALLOWING_RULE', 'REASON_REQUIRED'],
    description: 'REASON_REQUIRED: a rule obliges log_reason and the call gave no reason, which live is refused with 400 at the reason stage',
  })
  code: string;
  @ApiProperty({ type: [String], description: 'The rules that decided: those that denied, or those that allowed and obliged' }) rules: string[];
  @ApiProperty({ type: [String] }) obligations: string[];
  @ApiProperty({ type: [String], description: 'Output fields withheld' }) suppress: string[];
}

export class DryRunExampleView {
  @ApiProperty({ format: 'uuid', description: 'The recorded request' }) id: string;
  @ApiProperty({ type: DryRunOutcomeView, description: 'Under the active policy' }) before: DryRunOutcomeView;
  @ApiProperty({ type: DryRunOutcomeView, description: 'Under this version' }) after: DryRunOutcomeView;
  @ApiProperty({ type: [String], description: 'The rules (or NO_ALLOWING_RULE) the change is attributed to' }) rules: string[];
}

export class NotReplayableView {
  @ApiProperty({ description: 'The rule id' }) rule: string;
  @ApiProperty({ type: [String], example: ['subject.attributes.segment'], description: 'Context it reads that recorded calls do not keep; empty when what is not known is whether a call gave a reason' })
  paths: string[];
  @ApiProperty() reason: string;
}

export class DryRunView extends RuleImpactView {
  @ApiProperty({ type: 'integer', description: 'The version replayed' }) version: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The active version it is compared with; null when none is (then a policy with no rules)' }) against: number | null;
  @ApiProperty({ type: 'integer', description: 'Recorded calls replayed' }) total: number;
  @ApiProperty({ type: 'integer', description: 'Calls whose decision, obligations or suppressed fields would change' }) changed: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(RuleImpactView) },
    description: 'By rule id; NO_ALLOWING_RULE for calls denied (or that were) because nothing allowed them',
  })
  byRule: Record<string, RuleImpactView>;
  @ApiProperty({ type: [DryRunExampleView], description: 'Up to 10 changed calls' }) examples: DryRunExampleView[];
  @ApiProperty({ type: 'integer', description: 'Of newlyDenied, the calls refused because this version obliges a reason (log_reason) they did not give' })
  wouldRequireReason: number;
  @ApiProperty({ type: [NotReplayableView], description: 'Rules the replay cannot apply as activation would, and why; the counts may miss what they change' })
  notReplayable: NotReplayableView[];
}

export const policyView = (p: StoredPolicy): PolicyView => ({
  version: p.version,
  name: p.name,
  status: p.status,
  contentHash: p.contentHash,
  basedOn: p.basedOn,
  author: p.author,
  reason: p.reason,
  createdAt: p.createdAt.toISOString(),
  activatedAt: p.activatedAt?.toISOString() ?? null,
  activatedBy: p.activatedBy,
  activationReason: p.activationReason,
});

export const policyDetail = (p: StoredPolicy): PolicyDetailView => ({ ...policyView(p), source: p.source, document: p.document as unknown as Record<string, unknown> });

export const activationView = (a: Activation): ActivationView => ({
  seq: a.seq,
  version: a.version,
  activatedAt: a.activatedAt.toISOString(),
  activatedBy: a.activatedBy,
  reason: a.reason,
  kind: a.kind,
  rolledBackFrom: a.rolledBackFrom,
});
