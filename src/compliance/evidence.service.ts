import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound, invalidField as invalid } from '../common/errors.js';
import { ProcessingService } from '../consent/processing.service.js';
import { Db } from '../database/db.js';
import { BiasAuditsRepository, type BiasAuditRow } from '../fairness/bias-audits.repository.js';
import { ReviewRequirementsService } from '../fairness/review-requirements.service.js';
import { ll144Attributes } from '../fairness/ll144.js';
import { SchedulesRepository } from '../fairness/schedules.repository.js';
import { LicensingCatalog } from '../licensing/licensing-catalog.js';
import { ModelCatalog, type CatalogVersion } from '../models/model-catalog.js';
import { PoliciesService } from '../policy/policies.service.js';
import type { StoredPolicy } from '../policy/policies.repository.js';
import type { AuditFacts, AuditSummaryFacts, IncidentEvidence, Ll144Evidence, ModelEvidence, ModelVersionFacts, PolicyFacts, TenantEvidence, UsedModel } from './evidence.js';
import { EvidenceRepository } from './evidence.repository.js';
import { governingRules } from './governing-rules.js';
import { IncidentsRepository } from './incidents.repository.js';

/** How many of a model's latest bias audits its documents show. */
export const AUDITS_SHOWN = 3;

export function auditFacts(a: BiasAuditRow): AuditFacts {
  return {
    id: a.id,
    createdAt: a.createdAt.toISOString(),
    scope: a.scope,
    tenantId: a.tenantId,
    source: a.source,
    trigger: a.trigger,
    model: a.model,
    version: a.version,
    window: a.windowFrom && a.windowTo ? { from: a.windowFrom.toISOString(), to: a.windowTo.toISOString() } : null,
    attributes: a.attributes,
    status: a.status,
    breachCount: a.breachCount,
    dataHash: a.dataHash,
    data: a.data,
    consequence: a.consequence,
    report: a.metrics,
    cells: a.cells,
  };
}

function auditSummary(a: BiasAuditRow): AuditSummaryFacts {
  const { report: _report, cells: _cells, ...facts } = auditFacts(a);
  const ratios = a.metrics.verdicts.filter((v) => v.metric === 'impactRatio' && v.value !== null).sort((x, y) => x.value! - y.value!);
  const lowest = ratios[0];
  return { ...facts, lowestImpactRatio: lowest ? { group: Object.entries(lowest.group).map(([k, v]) => `${k}=${v}`).join(', '), value: lowest.value!, pass: lowest.pass } : null };
}

export function versionFacts(v: CatalogVersion): ModelVersionFacts {
  return {
    name: v.modelName,
    version: v.version,
    versionId: v.id,
    status: v.status,
    statusReason: v.statusReason,
    statusChangedAt: v.statusChangedAt.toISOString(),
    sha256: v.sha256,
    sizeBytes: v.sizeBytes,
    registeredAt: v.createdAt.toISOString(),
    registeredBy: v.registeredBy,
    manifest: v.manifest,
    rightsHolders: v.rightsHolders,
  };
}

/**
 * Gathers, from the concerns that own them, the facts each kind of document is built from: the
 * registry, the licensing terms, the active policy, bias audits and schedules, the record of
 * processing, the audit log, and incidents. Nothing here computes what those concerns compute.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
    @Inject(LicensingCatalog) private readonly terms: LicensingCatalog,
    @Inject(PoliciesService) private readonly policies: PoliciesService,
    @Inject(BiasAuditsRepository) private readonly audits: BiasAuditsRepository,
    @Inject(SchedulesRepository) private readonly schedules: SchedulesRepository,
    @Inject(ReviewRequirementsService) private readonly reviewRequirements: ReviewRequirementsService,
    @Inject(ProcessingService) private readonly processing: ProcessingService,
    @Inject(EvidenceRepository) private readonly repo: EvidenceRepository,
    @Inject(IncidentsRepository) private readonly incidents: IncidentsRepository,
  ) {}

  /** A registered version; without `version`, the highest active one (else the highest). */
  async version(name: string, version?: string): Promise<CatalogVersion> {
    await this.catalog.refreshIfChanged();
    const versions = this.catalog.versions(name);
    if (!versions.length) throw notFound('Model', name);
    const found = version ? versions.find((v) => v.version === version) : (this.catalog.activeVersion(name) ?? versions[0]);
    if (!found) throw notFound('Model version', `${name}@${version}`);
    return found;
  }

  async activePolicy(): Promise<StoredPolicy | null> {
    try {
      return await this.policies.activeVersion();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private policyFacts(policy: StoredPolicy | null, v: CatalogVersion): PolicyFacts | null {
    if (!policy) return null;
    return {
      version: policy.version,
      name: policy.name,
      contentHash: policy.contentHash,
      activatedAt: policy.activatedAt?.toISOString() ?? null,
      rules: governingRules(policy.document, { name: v.modelName, version: v.version, riskClass: v.manifest.riskClass }),
    };
  }

  /** Platform audits of a model that cover this version (or every version), newest first. */
  private async latestAudits(model: string, version: string | null, limit: number, accept: (a: { scope: string; version: string | null; attributes: string[] }) => boolean = () => true): Promise<BiasAuditRow[]> {
    const listed = await this.audits.list({ model }, 200);
    const chosen = listed.filter((a) => a.scope === 'platform' && (version === null || a.version === null || a.version === version) && accept(a)).slice(0, limit);
    const rows = await Promise.all(chosen.map((a) => this.audits.find(a.id)));
    return rows.filter((r): r is BiasAuditRow => r !== null);
  }

  async model(name: string, version?: string): Promise<ModelEvidence> {
    const v = await this.version(name, version);
    await this.terms.refreshIfChanged();
    const ref = `${v.modelName}@${v.version}`;
    return this.db.platform(async () => {
      const [policy, audits, schedule, requirement, lifecycle, freezes] = [
        await this.activePolicy(),
        await this.latestAudits(v.modelName, v.version, AUDITS_SHOWN),
        await this.schedules.find(v.modelName),
        await this.reviewRequirements.current(v.modelName),
        await this.repo.lifecycle(ref),
        await this.repo.activeFreezes(v.id),
      ];
      return {
        model: versionFacts(v),
        versions: this.catalog.versions(v.modelName).map((x) => ({ version: x.version, status: x.status })),
        terms: this.terms.view(v.id),
        policy: this.policyFacts(policy, v),
        lifecycle,
        audits: audits.map(auditFacts),
        schedule: schedule
          ? { everyMs: schedule.everyMs, windowMs: schedule.windowMs, attributes: schedule.attributes, favorable: schedule.favorable, thresholds: schedule.thresholds, consequence: schedule.consequence, updatedAt: schedule.updatedAt.toISOString() }
          : null,
        reviewRequirement: requirement ? { since: requirement.createdAt.toISOString(), auditId: requirement.auditId } : null,
        freezes,
      };
    });
  }

  /**
   * The audit an LL144 summary is drawn from: the one named, or the model's latest platform audit
   * with both a sex and a race/ethnicity attribute.
   */
  async ll144(model: string, options: { auditId?: string; sex?: string; raceEthnicity?: string; rate?: 'selection' | 'scoring' }): Promise<Ll144Evidence> {
    await this.version(model);
    const sex = options.sex ?? 'sex';
    // The summary crosses sex with race/ethnicity: one attribute for both would be a table of it against itself.
    const crossed = (attributes: string[]) => ll144Attributes(options, attributes);
    const problem = crossed([]);
    if (typeof problem === 'string') throw invalid('raceEthnicity', 'distinct', problem);
    const raceOf = (attributes: string[]) => (crossed(attributes) as { raceEthnicity: string }).raceEthnicity;
    const fits = (attributes: string[]) => attributes.includes(sex) && attributes.includes(raceOf(attributes));
    const audit = await this.db.platform(async () => {
      if (!options.auditId) return (await this.latestAudits(model, null, 1, (a) => fits(a.attributes)))[0];
      const named = await this.audits.find(options.auditId);
      if (!named || named.model !== model) throw notFound('Bias audit of model', `${model}: ${options.auditId}`);
      if (!fits(named.attributes)) throw invalid('auditId', 'attributes', `audit ${named.id} has attributes ${named.attributes.join(', ')}; name the sex and race/ethnicity attributes with sex and raceEthnicity`);
      return named;
    });
    if (!audit) throw notFound('Bias audit', `of ${model} with the attributes ${sex} and ${options.raceEthnicity ?? 'race or ethnicity'}`);
    const rate = options.rate ?? 'selection';
    if (rate === 'scoring' && audit.data.scoreMedian === null) throw invalid('rate', 'scores', `audit ${audit.id} has no scores, so it has no scoring rates`);
    return { model, audit: auditFacts(audit), sex, raceEthnicity: raceOf(audit.attributes), rate };
  }

  async tenant(principal: Principal, tenantId: string): Promise<TenantEvidence> {
    const { generatedAt: _generatedAt, ...record } = await this.processing.record(principal, tenantId);
    await this.catalog.refreshIfChanged();
    const refs = [...new Set(record.purposes.flatMap((p) => p.models))].sort();
    const used = refs.map((ref) => this.catalog.versions(ref.slice(0, ref.lastIndexOf('@'))).find((v) => `${v.modelName}@${v.version}` === ref)).filter((v): v is CatalogVersion => v !== undefined);
    const own = await this.db.tenant(tenantId, async () => ({
      audits: (await Promise.all((await this.audits.list({}, 20)).map((a) => this.audits.find(a.id)))).filter((a): a is BiasAuditRow => a !== null),
      reviews: await this.repo.reviewCounts(tenantId),
    }));
    return this.db.platform(async () => {
      const policy = await this.activePolicy();
      const platformAudits = (await Promise.all([...new Set(used.map((v) => v.modelName))].map((m) => this.latestAudits(m, null, 1)))).flat();
      const models: UsedModel[] = used.map((v) => ({
        name: v.modelName,
        version: v.version,
        riskClass: v.manifest.riskClass,
        provider: v.manifest.card.provider,
        intendedPurpose: v.manifest.card.intendedPurpose,
        humanOversight: v.manifest.card.humanOversight,
        explanation: v.manifest.explanation.kind,
        rules: this.policyFacts(policy, v)?.rules ?? [],
      }));
      return {
        tenant: record.controller,
        record,
        models,
        policy: policy ? { version: policy.version, contentHash: policy.contentHash } : null,
        audits: [...own.audits, ...platformAudits].map(auditSummary),
        reviews: own.reviews,
      };
    });
  }

  async incident(id: string): Promise<IncidentEvidence> {
    await this.catalog.refreshIfChanged();
    return this.db.platform(async () => {
      const row = await this.incidents.find(id);
      if (!row) throw notFound('Incident', id);
      const { versionId, overdueRecordedAt: _recorded, ...incident } = row;
      const freezes = await Promise.all(
        (await this.incidents.freezesOf([id])).map(async (f) => ({
          id: f.id,
          incidentId: f.incidentId,
          frozenAt: f.frozenAt.toISOString(),
          sealHash: f.sealHash,
          seal: f.seal,
          reason: f.reason,
          frozenBy: f.frozenBy,
          audit: f.audit,
          checkpoint: await this.repo.coveringCheckpoint(f.audit.chain, f.audit.seq, f.frozenAt),
          releasedAt: f.releasedAt,
          releasedBy: f.releasedBy,
          releaseReason: f.releaseReason,
          biasAuditTenants: f.biasAuditTenants,
        })),
      );
      const v = this.catalog.version(versionId);
      return {
        incident: { ...incident, overdue: incident.status === 'open' && Date.now() > Date.parse(incident.deadline) },
        freezes,
        model: v
          ? { name: v.modelName, version: v.version, riskClass: v.manifest.riskClass, provider: v.manifest.card.provider, intendedPurpose: v.manifest.card.intendedPurpose, sha256: v.sha256, status: v.status }
          : null,
      };
    });
  }
}
