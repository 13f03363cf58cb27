import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, invalidField as invalid, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { asRequestError } from './audit-request.js';
import { groupsCsv, runAudit } from './audit-report.js';
import { AuditStore } from './audit-store.js';
import { auditSummaryView, auditView, type AuditSummaryView, type AuditView } from './audit-views.js';
import type { AuditsQuery, Ll144Query, RunAuditDto } from './audits.dto.js';
import { BiasAuditsRepository, type BiasAuditRow } from './bias-audits.repository.js';
import { attributeName, datasetToCells, type DatasetMapping } from './csv.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { LiveAuditsService } from './live-audits.service.js';
import { ll144Attributes, ll144Csv, ll144Summary, type Ll144Summary } from './ll144.js';
import type { AuditConfig } from './metrics/config.js';

const DATASET_ONLY = ['csv', 'columns', 'description', 'dataKind', 'period'] as const;
const LIVE_ONLY = ['version', 'from', 'to', 'attributes', 'tenantId'] as const;

/** Refuses fields of the other source and asks for the fields of this one. */
function checkSourceFields(dto: RunAuditDto): void {
  const [foreign, required] = dto.source === 'dataset' ? [LIVE_ONLY, ['csv', 'columns'] as const] : [DATASET_ONLY, ['model', 'from', 'to', 'attributes'] as const];
  const stray = foreign.find((f) => dto[f] !== undefined);
  if (stray) throw invalid(stray, 'source', `is not used by ${dto.source} audits`);
  const missing = required.find((f) => dto[f] === undefined);
  if (missing) throw invalid(missing, 'required', `is required for ${dto.source} audits`);
}

const configOf = (dto: RunAuditDto): Omit<AuditConfig, 'attributes' | 'groupBy'> => ({
  ...(dto.thresholds ? { thresholds: dto.thresholds } : {}),
  ...(dto.minGroupSize !== undefined ? { minGroupSize: dto.minGroupSize } : {}),
  ...(dto.minShare !== undefined ? { minShare: dto.minShare } : {}),
  ...(dto.reference ? { reference: dto.reference } : {}),
  ...(dto.confidence !== undefined ? { confidence: dto.confidence } : {}),
  ...(dto.alpha !== undefined ? { alpha: dto.alpha } : {}),
});

/**
 * Bias audits on demand, and reading them back. Tenants audit data they upload and their own
 * traffic, and read their own audits; admins audit anything; regulators read everything.
 */
@Injectable()
export class AuditsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(BiasAuditsRepository) private readonly repo: BiasAuditsRepository,
    @Inject(AuditStore) private readonly store: AuditStore,
    @Inject(LiveAuditsService) private readonly live: LiveAuditsService,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
  ) {}

  async run(principal: Principal, sent: RunAuditDto): Promise<AuditView> {
    // A field sent as null is a field not given (optional fields pass validation as null).
    const dto = Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== null)) as RunAuditDto;
    checkSourceFields(dto);
    return auditView(dto.source === 'dataset' ? await this.dataset(principal, dto) : await this.liveOnDemand(principal, dto));
  }

  list(principal: Principal, q: AuditsQuery): Promise<AuditSummaryView[]> {
    return this.db.forPrincipal(principal, async () => (await this.repo.list(q, q.limit ?? 100)).map(auditSummaryView));
  }

  async get(principal: Principal, id: string): Promise<AuditView> {
    return auditView(await this.find(principal, id));
  }

  async csv(principal: Principal, id: string): Promise<string> {
    return groupsCsv((await this.find(principal, id)).metrics);
  }

  /** The LL144-style summary of a stored audit, from its cells. */
  async ll144(principal: Principal, id: string, q: Ll144Query): Promise<Ll144Summary | string> {
    const audit = await this.find(principal, id);
    const crossed = ll144Attributes(q, audit.attributes);
    if (typeof crossed === 'string') throw invalid('raceEthnicity', 'distinct', crossed);
    const { sex, raceEthnicity: race } = crossed;
    for (const [field, name] of [['sex', sex], ['raceEthnicity', race]] as const) {
      if (!audit.attributes.includes(name)) throw invalid(field, 'isIn', `audit ${id} has no attribute "${name}" (it has ${audit.attributes.join(', ')}); name the attribute with ?${field}=`);
    }
    const rate = q.rate ?? 'selection';
    if (rate === 'scoring' && audit.data.scoreMedian === null) throw invalid('rate', 'scores', `audit ${id} has no scores, so it has no scoring rates`);
    const summary = ll144Summary(audit.cells, {
      rate,
      sex,
      raceEthnicity: race,
      minShare: audit.metrics.config.minShare,
      source: { kind: audit.data.kind, description: audit.data.description },
      period: audit.data.period,
      scoreMedian: audit.data.scoreMedian,
    });
    return q.format === 'csv' ? ll144Csv(summary, { sex, raceEthnicity: race }) : summary;
  }

  private async dataset(principal: Principal, dto: RunAuditDto): Promise<BiasAuditRow> {
    const mapping: DatasetMapping = { columns: dto.columns!, favorable: dto.favorable, ...(dto.favorableLabel !== undefined ? { favorableLabel: dto.favorableLabel } : {}) };
    let aggregation;
    try {
      aggregation = datasetToCells(dto.csv!, mapping);
    } catch (error) {
      // Errors with a row are in the file; a column missing from the header is in the mapping.
      const details = error instanceof DomainError ? error.details : undefined;
      throw asRequestError(error, details?.row === undefined && details?.column !== undefined ? 'columns' : 'csv');
    }
    const config: AuditConfig = { ...configOf(dto), attributes: mapping.columns.attributes.map(attributeName) };
    let report;
    try {
      report = runAudit(aggregation.cells, config);
    } catch (error) {
      throw asRequestError(error, 'columns.attributes');
    }
    const today = new Date().toISOString().slice(0, 10);
    const tenantId = principal.role === 'tenant' ? principal.tenantId : null;
    return this.db.forPrincipal(principal, () =>
      this.store.save(actorOf(principal), {
        id: randomUUID(),
        tenantId,
        source: 'dataset',
        trigger: 'request',
        model: dto.model ?? null,
        version: null,
        window: null,
        favorable: { prediction: dto.favorable, label: dto.favorableLabel ?? dto.favorable },
        config,
        cells: aggregation.cells,
        report,
        data: {
          rows: report.total.n,
          scoreMedian: aggregation.scoreMedian,
          description: dto.description ?? `uploaded CSV of ${report.total.n} rows`,
          kind: dto.dataKind ?? 'test',
          period: dto.period ?? { from: today, to: today },
          columns: mapping.columns,
        },
        consequence: null,
        jobId: null,
        requestedBy: principal.keyId,
      }),
    );
  }

  private async liveOnDemand(principal: Principal, dto: RunAuditDto): Promise<BiasAuditRow> {
    if (typeof dto.favorable !== 'string') throw invalid('favorable', 'isString', 'must be one label of the model for live audits');
    const favorableLabel = dto.favorableLabel;
    if (favorableLabel !== undefined && ![favorableLabel].flat().every((l) => typeof l === 'string')) throw invalid('favorableLabel', 'isString', 'must be model labels for live audits');
    const own = principal.role === 'tenant';
    // A tenant audits its own traffic only; naming another tenant finds nothing to audit.
    if (own && dto.tenantId !== undefined && dto.tenantId !== principal.tenantId) throw notFound('Tenant', dto.tenantId);
    const tenantId = own ? principal.tenantId! : (dto.tenantId ?? null);
    if (!own && tenantId !== null && !(await this.db.platform(() => this.tenants.findById(tenantId)))) throw notFound('Tenant', tenantId);
    return this.live.run(
      {
        model: dto.model!,
        version: dto.version ?? null,
        from: new Date(dto.from!),
        to: new Date(dto.to!),
        attributes: dto.attributes!,
        favorable: dto.favorable,
        ...(favorableLabel !== undefined ? { favorableLabel: favorableLabel as string | string[] } : {}),
        tenantId,
        config: configOf(dto),
      },
      { actor: actorOf(principal), requestedBy: principal.keyId, scope: own ? 'tenant' : 'platform', trigger: 'request', consequence: null, jobId: null },
    );
  }

  private async find(principal: Principal, id: string): Promise<BiasAuditRow> {
    const audit = await this.db.forPrincipal(principal, () => this.repo.find(id));
    if (!audit) throw notFound('Bias audit', id);
    return audit;
  }
}
