import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR, actorOf } from '../audit/audit.service.js';
import type { AuditInput } from '../audit/audit-batch.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { asRequestError } from './audit-request.js';
import { BiasAuditsRepository, type BiasAuditRow } from './bias-audits.repository.js';
import { ConsequencesService } from './consequences.service.js';
import { LiveAuditsService } from './live-audits.service.js';
import { resolveConfig } from './metrics/config.js';
import { scheduleView, type ScheduleDto, type ScheduleView } from './schedules.dto.js';
import { SchedulesRepository, type ScheduleRow } from './schedules.repository.js';
import { parseDuration } from './stored-audit.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'fairness.audit': { model: string };
  }
}

const JOB = 'fairness.audit';

/**
 * Per-model audit schedules: a repeatable job per model (one BullMQ job scheduler each, or an
 * in-process timer without Redis) audits the model's traffic over the configured window with the
 * configured thresholds, and a breach sets the configured consequence in motion. The job carries
 * only the model name; each run reads the schedule as it stands, and a run is recorded under its
 * job id so that a retry never audits twice.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BiasAuditSchedules');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SchedulesRepository) private readonly repo: SchedulesRepository,
    @Inject(BiasAuditsRepository) private readonly audits: BiasAuditsRepository,
    @Inject(LiveAuditsService) private readonly live: LiveAuditsService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ConsequencesService) private readonly consequences: ConsequencesService,
  ) {
    jobs.register(JOB, async ({ model }, { jobId }) => {
      await this.runScheduled(model, jobId);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of await this.db.platform(() => this.repo.list())) await this.jobs.schedule(JOB, s.everyMs, { model: s.model }, { key: s.model });
  }

  async set(principal: Principal, model: string, dto: ScheduleDto): Promise<ScheduleView> {
    const windowMs = parseDuration(dto.window);
    if (windowMs === null) throw new DomainError('VALIDATION_FAILED', 'window: must be an ISO 8601 duration such as P30D, PT6H or P1DT12H', { fields: [{ field: 'window', rule: 'duration', message: 'must be an ISO 8601 duration such as P30D, PT6H or P1DT12H' }] });
    this.live.labelsOf(model, null, dto.favorable, dto.favorableLabel);
    try {
      resolveConfig({ attributes: dto.attributes, thresholds: dto.thresholds, minGroupSize: dto.minGroupSize }, []);
    } catch (error) {
      throw asRequestError(error, 'thresholds');
    }
    const row = await this.db.platform(async () => {
      const saved = await this.repo.upsert({
        model,
        everyMs: dto.everyMs,
        windowMs,
        attributes: dto.attributes,
        favorable: dto.favorable,
        favorableLabel: dto.favorableLabel ?? null,
        thresholds: dto.thresholds ?? {},
        minGroupSize: dto.minGroupSize ?? null,
        consequence: dto.consequence,
        updatedBy: principal.keyId,
      });
      await this.audit.recordNow(actorOf(principal), {
        tenantId: null,
        action: 'fairness.schedule_set',
        resource: { type: 'model', id: model },
        details: { everyMs: dto.everyMs, window: dto.window, attributes: dto.attributes, thresholds: dto.thresholds ?? {}, consequence: dto.consequence },
      });
      return saved;
    });
    await this.jobs.schedule(JOB, row.everyMs, { model }, { key: model });
    return this.view(row);
  }

  async remove(principal: Principal, model: string): Promise<void> {
    await this.db.platform(async () => {
      const removed = await this.repo.remove(model);
      if (!removed) throw notFound('Bias audit schedule', model);
      await this.audit.recordNow(actorOf(principal), { tenantId: null, action: 'fairness.schedule_removed', resource: { type: 'model', id: model }, details: {} });
    });
    await this.jobs.unschedule(JOB, { key: model });
  }

  async list(): Promise<ScheduleView[]> {
    return this.db.platform(async () => {
      const rows = await this.repo.list();
      const last = await this.repo.lastAudits(rows.map((r) => r.model));
      return rows.map((r) => scheduleView(r, last.get(r.model)));
    });
  }

  async get(model: string): Promise<ScheduleView> {
    const row = await this.db.platform(() => this.repo.find(model));
    if (!row) throw notFound('Bias audit schedule', model);
    return this.view(row);
  }

  /** Runs a model's scheduled audit now, as the schedule would (an admin's "check it now"). */
  async runNow(principal: Principal, model: string): Promise<BiasAuditRow> {
    const schedule = await this.db.platform(() => this.repo.find(model));
    if (!schedule) throw notFound('Bias audit schedule', model);
    return this.runSchedule(schedule, null, actorOf(principal), principal.keyId);
  }

  /**
   * The job: audits the window that ends now, unless this job id already produced an audit; then,
   * should the attempt that produced it have failed before its consequence was applied (a retry),
   * applies the consequence now.
   */
  async runScheduled(model: string, jobId: string): Promise<BiasAuditRow | null> {
    const { schedule, done } = await this.db.platform(async () => ({ schedule: await this.repo.find(model), done: await this.audits.findForJob(jobId) }));
    if (done) {
      if (done.consequenceResult !== null) return null;
      const result = await this.consequences.apply(done);
      return result ? { ...done, consequenceResult: result } : null;
    }
    if (!schedule) return null;
    const audit = await this.runSchedule(schedule, jobId, SYSTEM_ACTOR, `schedule:${model}`);
    this.logger.log(`Scheduled bias audit ${audit.id} of ${model}: ${audit.status} (${audit.breachCount} breach(es))`);
    return audit;
  }

  private runSchedule(s: ScheduleRow, jobId: string | null, actor: AuditInput['actor'], requestedBy: string): Promise<BiasAuditRow> {
    const to = new Date();
    return this.live.run(
      {
        model: s.model,
        version: null,
        from: new Date(to.getTime() - s.windowMs),
        to,
        attributes: s.attributes,
        favorable: s.favorable,
        ...(s.favorableLabel ? { favorableLabel: s.favorableLabel } : {}),
        tenantId: null,
        config: { thresholds: s.thresholds, ...(s.minGroupSize !== null ? { minGroupSize: s.minGroupSize } : {}) },
      },
      { actor, requestedBy, scope: 'platform', trigger: 'schedule', consequence: s.consequence, jobId },
    );
  }

  private async view(row: ScheduleRow): Promise<ScheduleView> {
    const last = await this.db.platform(() => this.repo.lastAudits([row.model]));
    return scheduleView(row, last.get(row.model));
  }
}
