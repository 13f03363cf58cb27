import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditInput } from '../audit/audit-batch.js';
import { breachesOf, type AuditReport } from './audit-report.js';
import { BiasAuditsRepository, type AuditData, type BiasAuditRow, type Consequence } from './bias-audits.repository.js';
import type { AuditConfig } from './metrics/config.js';
import type { Cell } from './metrics/cells.js';
import { auditStatus, canonicalCells, dataHash } from './stored-audit.js';

export interface NewAudit {
  id: string;
  tenantId: string | null;
  source: 'dataset' | 'live';
  trigger: 'request' | 'schedule';
  model: string | null;
  version: string | null;
  window: { from: Date; to: Date } | null;
  favorable: unknown;
  config: AuditConfig;
  cells: Cell[];
  report: AuditReport;
  data: AuditData;
  consequence: Consequence | null;
  jobId: string | null;
  requestedBy: string;
  /** Live audits: whose protected attributes were read, as counts. */
  reads?: { tenantId: string; rows: number; withAttributes: number }[];
}

/** Breaches named in the breach event; the stored audit has them all. */
const BREACHES_IN_EVENT = 20;

/**
 * Stores an audit result with the events that account for it, in the caller's transaction: the
 * reading of protected attributes on the chain of each tenant they belong to (counts only), the
 * audit itself, and for live audits a breach event naming what failed.
 */
@Injectable()
export class AuditStore {
  constructor(
    @Inject(BiasAuditsRepository) private readonly repo: BiasAuditsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async save(actor: AuditInput['actor'], a: NewAudit): Promise<BiasAuditRow> {
    const breaches = breachesOf(a.report);
    const cells = canonicalCells(a.cells);
    const row = await this.repo.insert({
      id: a.id,
      tenantId: a.tenantId,
      scope: a.tenantId ? 'tenant' : 'platform',
      source: a.source,
      trigger: a.trigger,
      model: a.model,
      version: a.version,
      windowFrom: a.window?.from ?? null,
      windowTo: a.window?.to ?? null,
      attributes: a.report.config.attributes,
      favorable: a.favorable,
      config: a.config as Record<string, unknown>,
      thresholds: a.report.config.thresholds,
      dataHash: dataHash(cells),
      data: a.data,
      cells,
      metrics: a.report,
      breaches,
      breachCount: breaches.length,
      status: auditStatus(a.report),
      consequence: a.consequence,
      jobId: a.jobId,
      requestedBy: a.requestedBy,
    });
    const resource = { type: 'bias_audit', id: row.id };
    const model = a.model ? `${a.model}${a.version ? `@${a.version}` : ''}` : null;
    for (const read of a.reads ?? []) {
      if (read.withAttributes === 0) continue;
      await this.audit.recordNow(actor, {
        tenantId: read.tenantId,
        action: 'fairness.attributes_read',
        resource,
        details: { model, attributes: row.attributes, predictions: read.rows, withAttributes: read.withAttributes, purpose: 'fairness-monitoring' },
      });
    }
    const chain = row.tenantId;
    await this.audit.recordNow(actor, {
      tenantId: chain,
      action: 'fairness.audit',
      resource,
      details: { source: row.source, trigger: row.trigger, model, status: row.status, breaches: row.breachCount, dataHash: row.dataHash, rows: row.data.rows },
    });
    if (row.source === 'live' && breaches.length > 0) {
      await this.audit.recordNow(actor, {
        tenantId: chain,
        action: 'fairness.breach',
        resource,
        details: {
          model,
          consequence: row.consequence,
          breaches: breaches.length,
          failed: breaches.slice(0, BREACHES_IN_EVENT).map((v) => ({ metric: v.metric, group: v.group, reference: v.reference, value: v.value, threshold: v.threshold, significant: v.significant })),
        },
      });
    }
    return row;
  }
}
