import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditReport } from './audit-report.js';
import type { AuditData, BiasAuditRow, BiasAuditSummary } from './bias-audits.repository.js';
import type { Cell } from './metrics/cells.js';
import type { Verdict } from './metrics/verdicts.js';

const objects = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export class AuditSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pass', 'breach', 'inconclusive'], description: 'breach: a verdict failed; pass: verdicts were reached and none failed; inconclusive: nothing could be judged' })
  status: string;
  @ApiProperty({ enum: ['dataset', 'live'] }) source: string;
  @ApiProperty({ enum: ['tenant', 'platform'], description: 'One tenant’s traffic or data, or every tenant’s' }) scope: string;
  @ApiProperty({ enum: ['request', 'schedule'] }) trigger: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String }) model: string | null;
  @ApiProperty({ nullable: true, type: String }) version: string | null;
  @ApiProperty({ nullable: true, type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) window: { from: string; to: string } | null;
  @ApiProperty({ type: [String] }) attributes: string[];
  @ApiProperty({ description: 'The favourable outcome' }) favorable: unknown;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } }) thresholds: Record<string, number | null>;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the cells' }) dataHash: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'rows, scoreMedian, description, kind, period (and for live audits withAttributes, tenants)' })
  data: AuditData;
  @ApiProperty() breachCount: number;
  @ApiProperty({ enum: ['notify', 'require_review', 'suspend', null], nullable: true, type: String }) consequence: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) consequenceResult: Record<string, unknown> | null;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditView extends AuditSummaryView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The resolved configuration: attributes, groupings, reference, limits, confidence, alpha, thresholds' })
  config: AuditReport['config'];
  @ApiProperty({ type: 'object', additionalProperties: true }) total: AuditReport['total'];
  @ApiProperty(objects) groupings: AuditReport['groupings'];
  @ApiProperty({ ...objects, description: 'Every group of every grouping: counts, rates with Wilson intervals, calibration, eligibility' })
  groups: AuditReport['groups'];
  @ApiProperty({ ...objects, description: 'Every metric of every group against its reference, with interval and significance test' })
  comparisons: AuditReport['comparisons'];
  @ApiProperty({ ...objects, description: 'Pass or fail per thresholded metric of every eligible group' }) verdicts: AuditReport['verdicts'];
  @ApiProperty({ ...objects, description: 'The verdicts that failed' }) breaches: Verdict[];
  @ApiProperty({ ...objects, description: 'Groups left out of verdicts, and why' }) excluded: AuditReport['excluded'];
  @ApiProperty({ type: 'object', additionalProperties: true }) unknown: AuditReport['unknown'];
  @ApiProperty(objects) skipped: AuditReport['skipped'];
  @ApiProperty({ ...objects, description: 'The aggregated counts the report was computed from: runAudit(cells, config) reproduces it' })
  cells: Cell[];
}

export class Ll144RowView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { sex: 'Female' }, description: 'The category: its value of each attribute of the table' })
  category: Record<string, string>;
  @ApiProperty({ type: 'integer' }) applicants: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Selection or scoring rate; null with no applicants' }) rate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Rate over the highest rate of the table; null when left out' }) impactRatio: number | null;
  @ApiPropertyOptional({ description: 'Why the category is left out of impact ratios (under the minimum share of the data)' }) excluded?: string;
}

export class Ll144SummaryView {
  @ApiProperty({ enum: ['selection', 'scoring'] }) rate: string;
  @ApiProperty({ type: 'object', properties: { kind: { type: 'string', enum: ['historical', 'test'] }, description: { type: 'string' } } }) source: { kind: string; description: string };
  @ApiProperty({ type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) period: { from: string; to: string };
  @ApiProperty({ nullable: true, type: Number, description: 'The sample median scoring rates count against; null when the data has no scores' }) scoreMedian: number | null;
  @ApiProperty({ type: 'integer', description: 'Everyone assessed (or scored), unknown categories included' }) applicants: number;
  @ApiProperty({ type: 'object', properties: { sex: { type: 'integer' }, raceEthnicity: { type: 'integer' }, intersectional: { type: 'integer' } }, description: 'Left out of each table because their category there is unknown' })
  unknown: { sex: number; raceEthnicity: number; intersectional: number };
  @ApiProperty({ type: [Ll144RowView] }) sex: Ll144RowView[];
  @ApiProperty({ type: [Ll144RowView] }) raceEthnicity: Ll144RowView[];
  @ApiProperty({ type: [Ll144RowView], description: 'Every combination of sex and race/ethnicity' }) intersectional: Ll144RowView[];
}

export function auditSummaryView(a: BiasAuditSummary): AuditSummaryView {
  return {
    id: a.id,
    status: a.status,
    source: a.source,
    scope: a.scope,
    trigger: a.trigger,
    tenantId: a.tenantId,
    model: a.model,
    version: a.version,
    window: a.windowFrom && a.windowTo ? { from: a.windowFrom.toISOString(), to: a.windowTo.toISOString() } : null,
    attributes: a.attributes,
    favorable: a.favorable,
    thresholds: a.thresholds,
    dataHash: a.dataHash,
    data: a.data,
    breachCount: a.breachCount,
    consequence: a.consequence,
    consequenceResult: a.consequenceResult,
    requestedBy: a.requestedBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export function auditView(a: BiasAuditRow): AuditView {
  const { config, total, groupings, groups, comparisons, verdicts, excluded, unknown, skipped } = a.metrics;
  return { ...auditSummaryView(a), config, total, groupings, groups, comparisons, verdicts, breaches: a.breaches, excluded, unknown, skipped, cells: a.cells };
}
