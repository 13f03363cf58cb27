import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound, invalidField as invalid } from '../common/errors.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { sha256Hex } from './evidence.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { canonicalTimeZone, incidentDeadline, onTime } from './incident-deadlines.js';
import { forTenant, incidentView, type IncidentsQuery, type IncidentView, type RegisterIncidentDto, type ReportedDto } from './incidents.dto.js';
import { IncidentsRepository, type FreezeRow, type IncidentRow } from './incidents.repository.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'compliance.incident-deadlines': Record<string, never>;
  }
}

/** How often open incidents are checked against their deadlines. */
const DEADLINE_CHECK_MS = 60_000;
/** Awareness may be stated a little ahead of this server's clock, not more. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Serious incidents (EU AI Act Art. 73): registered by admins, and by tenants about models they
 * use; each with its reporting deadline, tracked until an admin records the report or closes it.
 * A job records, once, every incident that passes its deadline unreported.
 */
@Injectable()
export class IncidentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Incidents');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(IncidentsRepository) private readonly repo: IncidentsRepository,
    @Inject(EvidenceRepository) private readonly evidenceRepo: EvidenceRepository,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {
    jobs.register('compliance.incident-deadlines', () => this.recordOverdue().then(() => undefined));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('compliance.incident-deadlines', DEADLINE_CHECK_MS, {});
  }

  async register(principal: Principal, dto: RegisterIncidentDto): Promise<IncidentView> {
    const zone = canonicalTimeZone(dto.timeZone);
    if (!zone) throw invalid('timeZone', 'ianaTimeZone', 'must be an IANA time zone name such as Europe/Berlin (offsets know nothing of daylight saving time)');
    const awareAt = new Date(dto.awareAt);
    if (awareAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw invalid('awareAt', 'notFuture', 'must not lie in the future');
    const occurredAt = dto.occurredAt ? new Date(dto.occurredAt) : null;
    if (occurredAt && occurredAt.getTime() > awareAt.getTime()) throw invalid('occurredAt', 'beforeAwareness', 'must not be after awareAt');
    const tenantId = await this.tenantOf(principal, dto.tenantId);
    const version = await this.versionFor(principal, dto.model, dto.version);
    const due = incidentDeadline(dto.class, awareAt, zone);
    const id = randomUUID();
    const row = await this.db.forPrincipal(principal, async () => {
      const inserted = await this.repo.insert({
        id,
        tenantId,
        model: version.modelName,
        version: version.version,
        versionId: version.id,
        class: dto.class,
        title: dto.title,
        description: dto.description,
        occurredAt: occurredAt?.toISOString() ?? null,
        awareAt: awareAt.toISOString(),
        timeZone: zone,
        deadlineDays: due.days,
        deadline: due.deadline.toISOString(),
        registeredBy: principal.keyId,
        registeredRole: principal.role,
      });
      // Free text may describe people: the log gets its hashes only.
      await this.audit.recordNow(actorOf(principal), {
        tenantId,
        action: 'incident.register',
        resource: { type: 'incident', id },
        details: {
          model: `${version.modelName}@${version.version}`,
          class: dto.class,
          awareAt: inserted.awareAt,
          timeZone: zone,
          deadlineDays: due.days,
          deadline: inserted.deadline,
          titleSha256: sha256Hex(dto.title),
          descriptionSha256: sha256Hex(dto.description),
        },
      });
      return inserted;
    });
    return incidentView(row, []);
  }

  async list(principal: Principal, q: IncidentsQuery): Promise<IncidentView[]> {
    return this.db.forPrincipal(principal, async () => {
      const rows = await this.repo.list({ status: q.status, model: q.model }, q.limit ?? 100);
      const freezes = await this.db.platform(() => this.repo.freezesOf(rows.map((r) => r.id)));
      return rows.map((r) => incidentView(r, this.visible(principal, freezes.filter((f) => f.incidentId === r.id))));
    });
  }

  async get(principal: Principal, id: string): Promise<IncidentView> {
    const row = await this.find(principal, id);
    return incidentView(row, this.visible(principal, await this.db.platform(() => this.repo.freezesOf([id]))));
  }

  visible(principal: Principal, freezes: FreezeRow[]): FreezeRow[] {
    return principal.role === 'tenant' ? freezes.map((f) => forTenant(f, principal.tenantId!)) : freezes;
  }

  /** An incident the principal may read (a tenant: its own); others' answer 404. */
  async find(principal: Principal, id: string): Promise<IncidentRow> {
    const row = await this.db.forPrincipal(principal, () => this.repo.find(id));
    if (!row || (principal.role === 'tenant' && row.tenantId !== principal.tenantId)) throw notFound('Incident', id);
    return row;
  }

  async reported(principal: Principal, id: string, dto: ReportedDto): Promise<IncidentView> {
    const at = dto.reportedAt ? new Date(dto.reportedAt) : new Date();
    if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw invalid('reportedAt', 'notFuture', 'must not lie in the future');
    const row = await this.db.platform(async () => {
      const incident = await this.locked(id);
      if (incident.status !== 'open') throw new DomainError('CONFLICT', `Incident ${id} is ${incident.status}`);
      if (at.getTime() < Date.parse(incident.awareAt)) throw invalid('reportedAt', 'afterAwareness', 'must not be before the provider became aware');
      const updated = await this.repo.markReported(id, at, dto.reference);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: incident.tenantId,
        action: 'incident.report',
        resource: { type: 'incident', id },
        details: { reportedAt: updated.reportedAt, deadline: updated.deadline, onTime: onTime(at, new Date(updated.deadline)), reference: dto.reference },
      });
      return updated;
    });
    return incidentView(row, await this.db.platform(() => this.repo.freezesOf([id])));
  }

  async close(principal: Principal, id: string, reason: string): Promise<IncidentView> {
    const { row, freezes } = await this.db.platform(async () => {
      const incident = await this.locked(id);
      if (incident.status === 'closed') throw new DomainError('CONFLICT', `Incident ${id} is already closed`);
      const freezes = await this.repo.freezesOf([id]);
      const held = freezes.find((f) => f.releasedAt === null);
      if (held) throw new DomainError('CONFLICT', `Incident ${id} still freezes ${held.model}@${held.version}; release the freeze (with a reason) before closing`, { freezeId: held.id });
      const closed = await this.repo.close(id, reason);
      await this.audit.recordNow(actorOf(principal), { tenantId: incident.tenantId, action: 'incident.close', resource: { type: 'incident', id }, details: { status: incident.status, reason } });
      return { row: closed, freezes };
    });
    return incidentView(row, freezes);
  }

  /** Records each open incident that has passed its deadline, once; returns how many. */
  async recordOverdue(now = new Date()): Promise<number> {
    return this.db.platform(async () => {
      const overdue = await this.repo.claimOverdue(now, 100);
      for (const i of overdue) {
        await this.audit.recordNow(SYSTEM_ACTOR, {
          tenantId: i.tenantId,
          action: 'incident.overdue',
          resource: { type: 'incident', id: i.id },
          details: { model: `${i.model}@${i.version}`, class: i.class, deadline: i.deadline },
        });
        await this.repo.setOverdueRecorded(i.id, now);
        this.logger.warn(`Incident ${i.id} (${i.class}, ${i.model}@${i.version}) passed its reporting deadline ${i.deadline} unreported`);
      }
      return overdue.length;
    });
  }

  private async locked(id: string): Promise<IncidentRow> {
    const incident = await this.repo.find(id, true);
    if (!incident) throw notFound('Incident', id);
    return incident;
  }

  private async tenantOf(principal: Principal, requested: string | undefined): Promise<string | null> {
    if (principal.role === 'tenant') {
      if (requested !== undefined && requested !== principal.tenantId) throw notFound('Tenant', requested);
      return principal.tenantId;
    }
    if (requested === undefined) return null;
    if (!(await this.db.platform(() => this.tenants.findById(requested)))) throw notFound('Tenant', requested);
    return requested;
  }

  /** The version concerned; a tenant may only name models (and versions) it has called. */
  private async versionFor(principal: Principal, model: string, version: string | undefined) {
    if (principal.role !== 'tenant') return this.evidence.version(model, version);
    const used = await this.db.tenant(principal.tenantId!, () => this.evidenceRepo.versionsUsed(principal.tenantId!, model));
    const chosen = version ?? used[0];
    if (!chosen || !used.includes(chosen)) {
      throw new DomainError('FORBIDDEN', `This tenant has made no calls to ${model}${version ? `@${version}` : ''}; tenants register incidents about models they use`, {
        rule: 'incident-model-used-by-tenant',
        model,
        ...(version ? { version } : {}),
      });
    }
    return this.evidence.version(model, chosen);
  }
}
