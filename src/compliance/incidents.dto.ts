import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import { IsReason, Length } from '../common/text-length.js';
import { formatLocal, INCIDENT_CLASSES, INCIDENT_CLASS_NAMES, type IncidentClass } from './incident-deadlines.js';
import { sealedAuditShown } from './evidence.js';
import type { FreezeRow, IncidentRow } from './incidents.repository.js';
import { PageLimit } from '../common/paging.js';
import { IsIsoTime } from '../common/iso-time.js';

export class RegisterIncidentDto {
  @ApiProperty({ example: 'credit-approval' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'model must be a registered model name' })
  model: string;

  @ApiPropertyOptional({ example: '1.0.0', description: 'Default: the version the tenant called last (tenants), the highest active version (admins)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { message: 'version must be a semantic version' })
  version?: string;

  @ApiProperty({
    enum: INCIDENT_CLASS_NAMES,
    description: Object.entries(INCIDENT_CLASSES)
      .map(([name, c]) => `${name}: ${c.days} days (${c.article})`)
      .join('; '),
  })
  @IsIn(INCIDENT_CLASS_NAMES)
  class: IncidentClass;

  @ApiProperty({ minLength: 3, maxLength: 200 })
  @IsString()
  @Length(3, 200)
  title: string;

  @ApiProperty({ minLength: 1, maxLength: 10000, description: 'What happened; stored with the incident, only its hash enters the audit log' })
  @IsString()
  @Length(1, 10000)
  description: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-27T10:00:00+01:00', description: 'When the provider became aware: the deadline counts from this instant' })
  @IsIsoTime({ instant: true })
  awareAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsIsoTime({ instant: true })
  occurredAt?: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone whose calendar days the deadline is counted in' })
  @IsString()
  @Length(1, 64)
  timeZone: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: the deployer (tenant) concerned; tenants register for themselves' })
  @IsOptional()
  @IsUuid()
  tenantId?: string;
}

export class IncidentReasonDto {
  @ApiProperty({ minLength: 3, maxLength: 1000 })
  @IsString()
  @IsReason(3, 1000)
  reason: string;
}

export class FreezeDto extends IncidentReasonDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the audit log range to seal; default 30 days before the incident occurred (or became known), not before the version was registered' })
  @IsOptional()
  @IsIsoTime({ instant: true })
  from?: string;
}

export class ReportedDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'The reference the market surveillance authority gave the report' })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the report was made; default now' })
  @IsOptional()
  @IsIsoTime({ instant: true })
  reportedAt?: string;
}

export class IncidentsQuery {
  @ApiPropertyOptional({ enum: ['open', 'reported', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'reported', 'closed'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  model?: string;

  @PageLimit(500)
  limit?: number;
}

export class FreezeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() model: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the seal' }) sealHash: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Model version, its sha256 and status, the active policy, the audit log ranges per chain, the bias audits' })
  seal: Record<string, unknown>;
  @ApiProperty({ type: 'object', properties: { chain: { type: 'string' }, seq: { type: 'integer' } }, description: 'The incident.freeze event' }) audit: { chain: string; seq: number };
  @ApiProperty() reason: string;
  @ApiProperty() frozenBy: string;
  @ApiProperty({ format: 'date-time' }) frozenAt: string;
  @ApiProperty({ nullable: true, type: String }) releasedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) releasedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) releaseReason: string | null;
}

export class IncidentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() model: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: INCIDENT_CLASS_NAMES }) class: IncidentClass;
  @ApiProperty() article: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) occurredAt: string | null;
  @ApiProperty({ format: 'date-time' }) awareAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ enum: [2, 10, 15] }) deadlineDays: number;
  @ApiProperty({ format: 'date-time', description: 'The last instant a report is on time (UTC)' }) deadline: string;
  @ApiProperty({ example: '2026-03-29T23:59:59.999+02:00', description: 'The deadline in the incident’s time zone' }) deadlineLocal: string;
  @ApiProperty({ enum: ['open', 'reported', 'closed'] }) status: string;
  @ApiProperty({ description: 'Open past its deadline' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) reportedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reportReference: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether the report met the deadline' }) reportedOnTime: boolean | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ description: 'A freeze holds the model version' }) frozen: boolean;
  @ApiProperty({ type: [FreezeView] }) freezes: FreezeView[];
  @ApiProperty() registeredBy: string;
  @ApiProperty() registeredRole: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/**
 * A freeze as a tenant may see it: the seal's audit ranges of other tenants' chains and other
 * tenants' bias audits are left out (their ids would name other deployers and what they audited),
 * so its hash can be checked by operators only.
 */
export function forTenant(f: FreezeRow, tenantId: string): FreezeRow {
  const shown = (chain: string) => chain === 'platform' || chain === `tenant:${tenantId}`;
  const hidden = f.seal.auditRanges.filter((r) => !shown(r.chain)).length;
  const auditShown = sealedAuditShown(tenantId, f.biasAuditTenants);
  const hiddenAudits = f.seal.biasAudits.filter((a) => !auditShown(a.id)).length;
  return {
    ...f,
    seal: {
      ...f.seal,
      auditRanges: f.seal.auditRanges.filter((r) => shown(r.chain)),
      ...(hidden ? { otherChainsLeftOut: hidden } : {}),
      biasAudits: f.seal.biasAudits.filter((a) => auditShown(a.id)),
      ...(hiddenAudits ? { otherBiasAuditsLeftOut: hiddenAudits } : {}),
    },
  };
}

export function freezeView(f: FreezeRow): FreezeView {
  return {
    id: f.id,
    model: f.model,
    version: f.version,
    sealHash: f.sealHash,
    seal: f.seal as unknown as Record<string, unknown>,
    audit: f.audit,
    reason: f.reason,
    frozenBy: f.frozenBy,
    frozenAt: f.frozenAt.toISOString(),
    releasedAt: f.releasedAt,
    releasedBy: f.releasedBy,
    releaseReason: f.releaseReason,
  };
}

export function incidentView(i: IncidentRow, freezes: FreezeRow[], now = new Date()): IncidentView {
  const deadline = new Date(i.deadline);
  return {
    id: i.id,
    tenantId: i.tenantId,
    model: i.model,
    version: i.version,
    class: i.class,
    article: INCIDENT_CLASSES[i.class].article,
    title: i.title,
    description: i.description,
    occurredAt: i.occurredAt,
    awareAt: i.awareAt,
    timeZone: i.timeZone,
    deadlineDays: i.deadlineDays,
    deadline: i.deadline,
    deadlineLocal: formatLocal(deadline, i.timeZone),
    status: i.status,
    overdue: i.status === 'open' && now.getTime() > deadline.getTime(),
    reportedAt: i.reportedAt,
    reportReference: i.reportReference,
    reportedOnTime: i.reportedAt ? Date.parse(i.reportedAt) <= deadline.getTime() : null,
    closedAt: i.closedAt,
    closeReason: i.closeReason,
    frozen: freezes.some((f) => f.releasedAt === null),
    freezes: freezes.map(freezeView),
    registeredBy: i.registeredBy,
    registeredRole: i.registeredRole,
    createdAt: i.createdAt,
  };
}
