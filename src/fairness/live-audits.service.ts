import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditInput } from '../audit/audit-batch.js';
import { notFound, invalidField as invalid } from '../common/errors.js';
import { Db } from '../database/db.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { asRequestError } from './audit-request.js';
import { runAudit } from './audit-report.js';
import { AuditStore } from './audit-store.js';
import type { BiasAuditRow, Consequence } from './bias-audits.repository.js';
import { ConsequencesService } from './consequences.service.js';
import { LiveAuditRepository } from './live-audit.repository.js';
import type { AuditConfig } from './metrics/config.js';

export interface LiveAuditRequest {
  model: string;
  version: string | null;
  from: Date;
  to: Date;
  attributes: string[];
  favorable: string;
  favorableLabel?: string | string[];
  /** The tenant whose traffic is audited; null for every tenant's. */
  tenantId: string | null;
  /** Thresholds, minimum group size and the other settings of runAudit. */
  config: Omit<AuditConfig, 'attributes' | 'groupBy'>;
}

export interface LiveAuditRun {
  actor: AuditInput['actor'];
  requestedBy: string;
  /** 'tenant': run in the tenant's own scope, where row-level security shows only its rows. */
  scope: 'tenant' | 'platform';
  trigger: 'request' | 'schedule';
  consequence: Consequence | null;
  jobId: string | null;
}

/**
 * Audits of governed traffic: the predictions of one model in a window, joined in Postgres to the
 * outcomes tenants reported and to the protected attributes subjects consented to give for
 * fairness monitoring, aggregated to cells, judged by runAudit, stored, and — for scheduled
 * audits — followed by the configured consequence.
 */
@Injectable()
export class LiveAuditsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(LiveAuditRepository) private readonly repo: LiveAuditRepository,
    @Inject(AuditStore) private readonly store: AuditStore,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
    @Inject(ConsequencesService) private readonly consequences: ConsequencesService,
  ) {}

  /** The labels the model can give, checked against the favourable outcome; 404 for an unknown model or version. */
  labelsOf(model: string, version: string | null, favorable: string, favorableLabel?: string | string[]): { positiveVersions: string[] } {
    const versions = this.catalog.versions(model);
    if (!versions.length) throw notFound('Model', model);
    const audited = version === null ? versions : versions.filter((v) => v.version === version);
    if (!audited.length) throw notFound('Model version', `${model}@${version}`);
    const labels = [...new Set(audited.flatMap((v) => v.manifest.output.labels))];
    if (!labels.includes(favorable)) throw invalid('favorable', 'isIn', `must be one of the labels of ${model}: ${labels.join(', ')}`);
    const stray = [favorableLabel ?? []].flat().find((l) => !labels.includes(l));
    if (stray !== undefined) throw invalid('favorableLabel', 'isIn', `"${stray}" is not a label of ${model}: ${labels.join(', ')}`);
    // A binary model's score is P(labels[1]); where the favourable label is labels[0] the audit reads 1 − score.
    const positiveVersions = audited.filter((v) => v.manifest.output.kind === 'binary' && v.manifest.output.labels[1] === favorable).map((v) => v.version);
    return { positiveVersions };
  }

  async run(request: LiveAuditRequest, run: LiveAuditRun): Promise<BiasAuditRow> {
    const { positiveVersions } = this.labelsOf(request.model, request.version, request.favorable, request.favorableLabel);
    if (!(request.from.getTime() < request.to.getTime())) throw invalid('to', 'after', 'must be later than from');
    const id = randomUUID();
    const work = async (): Promise<BiasAuditRow> => {
      const aggregation = await this.repo.aggregate({
        model: request.model,
        version: request.version,
        positiveVersions,
        from: request.from,
        to: request.to,
        tenantId: request.tenantId,
        attributes: request.attributes,
        favorable: request.favorable,
        favorableLabels: [request.favorableLabel ?? request.favorable].flat(),
      });
      const config: AuditConfig = { ...request.config, attributes: request.attributes };
      let report;
      try {
        report = runAudit(aggregation.cells, config);
      } catch (error) {
        throw asRequestError(error, 'attributes');
      }
      const window = { from: request.from.toISOString(), to: request.to.toISOString() };
      return this.store.save(run.actor, {
        id,
        tenantId: request.tenantId,
        source: 'live',
        trigger: run.trigger,
        model: request.model,
        version: request.version,
        window: { from: request.from, to: request.to },
        favorable: { prediction: request.favorable, label: request.favorableLabel ?? request.favorable },
        config,
        cells: aggregation.cells,
        report,
        data: {
          rows: report.total.n,
          scoreMedian: aggregation.scoreMedian,
          description: `predictions of ${request.model}${request.version ? `@${request.version}` : ''} in governed calls ${request.tenantId ? `of tenant ${request.tenantId}` : 'of every tenant'}`,
          kind: 'historical',
          period: window,
          withAttributes: aggregation.reads.reduce((s, r) => s + r.withAttributes, 0),
          tenants: aggregation.reads.length,
        },
        consequence: run.consequence,
        jobId: run.jobId,
        requestedBy: run.requestedBy,
        reads: aggregation.reads,
      });
    };
    const stored = run.scope === 'tenant' ? await this.db.tenant(request.tenantId!, work) : await this.db.platform(work);
    const result = await this.consequences.apply(stored);
    return result ? { ...stored, consequenceResult: result } : stored;
  }
}
