import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { retentionCutoff } from './deadlines.js';
import { PurposesRepository } from './purposes.repository.js';
import { SubjectDataRepository } from './subject-data.repository.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'consent.retention': { reason: 'schedule' };
  }
}

export interface RetentionResult {
  ranAt: string;
  inferenceRecords: number;
  reviews: number;
  protectedAttributes: number;
  /** Rows of tables that belong to inference records (outcomes, …), removed with them. */
  related: Record<string, number>;
  byPurpose: Record<string, number>;
}

const BATCH = 5000;
/** Records whose purpose is not (or no longer) registered have no retention to justify them. */
export const UNREGISTERED = '(unregistered)';

/**
 * The retention purge: inference records (with their review items and dependent rows) older than
 * their purpose's retention are deleted, and protected attributes past their expiry. Deleting the
 * whole record rather than blanking its payload leaves nothing pseudonymous behind without a
 * purpose; the audit chain keeps that each call happened, on which basis, and a hash of its answer.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(PurposesRepository) private readonly purposes: PurposesRepository,
    @Inject(SubjectDataRepository) private readonly data: SubjectDataRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {
    jobs.register('consent.retention', () => this.purge().then(() => undefined));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('consent.retention', this.config.retentionIntervalMs, { reason: 'schedule' });
  }

  purge(actor: AuditActor = SYSTEM_ACTOR, now = new Date()): Promise<RetentionResult> {
    return this.db.platform(async () => {
      const result: RetentionResult = { ranAt: now.toISOString(), inferenceRecords: 0, reviews: 0, protectedAttributes: 0, related: {}, byPurpose: {} };
      const dependents = await this.data.dependents();
      for (const dependent of dependents) result.related[dependent.table] = 0;
      const targets = [
        ...(await this.purposes.list()).map((p) => ({ purpose: p.id as string | null, cutoff: retentionCutoff(now, p.retentionDays) })),
        { purpose: null, cutoff: now },
      ];
      for (const { purpose, cutoff } of targets) {
        for (let ids = await this.data.expiredRecords(purpose, cutoff, BATCH); ids.length; ids = await this.data.expiredRecords(purpose, cutoff, BATCH)) {
          for (const dependent of dependents) result.related[dependent.table] += await this.data.countDependent(dependent, ids);
          result.reviews += await this.data.deleteReviews(ids);
          const removed = await this.data.deleteInferenceRecords(ids);
          result.inferenceRecords += removed;
          const key = purpose ?? UNREGISTERED;
          result.byPurpose[key] = (result.byPurpose[key] ?? 0) + removed;
        }
      }
      result.protectedAttributes = await this.data.deleteExpiredProtectedAttributes(now);
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: 'retention.purge',
        resource: null,
        details: { ranAt: result.ranAt, inferenceRecords: result.inferenceRecords, reviews: result.reviews, protectedAttributes: result.protectedAttributes, related: result.related, byPurpose: result.byPurpose },
      });
      return result;
    });
  }
}
