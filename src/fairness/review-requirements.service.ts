import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { AuditInput } from '../audit/audit-batch.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../common/errors.js';
import { poll, type Poll } from '../common/poll.js';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { ReviewRequirementsRepository, type ReviewRequirementRow } from './review-requirements.repository.js';
import { scrub } from '../privacy/index.js';

/**
 * A bias audit whose consequence is `require_review` puts its model under human review: every
 * governed call of that model carries a `human_review` obligation (and gets a review item) until
 * an admin clears the requirement. Each instance keeps the open requirements in memory, reloads
 * them in the background every MODEL_WATCH_INTERVAL_MS and at once after its own changes, so a
 * requirement reaches every instance as quickly as a suspension does, without a query per call.
 */
@Injectable()
export class ReviewRequirementsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReviewRequirements');
  private watch?: Poll;
  private open = new Map<string, ReviewRequirementRow>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReviewRequirementsRepository) private readonly repo: ReviewRequirementsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload(true);
    this.watch = poll(this.config.modelWatchIntervalMs, () => this.reload(), this.logger, 'Review requirements');
  }

  onApplicationShutdown(): void {
    this.watch?.stop();
  }

  /** The open requirement of a model, if any (what the pipeline asks on every call; answered from memory). */
  async current(model: string): Promise<ReviewRequirementRow | undefined> {
    if (this.loadedAt === -Infinity) await this.reload();
    return this.open.get(model);
  }

  /** Puts a model under review because of an audit; a model already under review stays under its first audit. */
  async require(actor: AuditInput['actor'], model: string, auditId: string): Promise<ReviewRequirementRow> {
    const row = await this.db.platform(async () => {
      const { row, created } = await this.repo.open(model, auditId);
      if (created) {
        await this.audit.recordNow(actor, { tenantId: null, action: 'fairness.review_required', resource: { type: 'model', id: model }, details: { auditId, requirementId: row.id } });
      }
      return row;
    });
    await this.reload(true);
    return row;
  }

  /** Clears a model's open requirement; the reason is kept, shown and audited with any personal data in it replaced. */
  async clear(principal: Principal, model: string, given: string): Promise<ReviewRequirementRow> {
    const reason = scrub(given.trim());
    const row = await this.db.platform(async () => {
      const cleared = await this.repo.clear(model, principal.keyId, reason);
      if (!cleared) throw notFound('Open review requirement for model', model);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: null,
        action: 'fairness.review_cleared',
        resource: { type: 'model', id: model },
        details: { auditId: cleared.auditId, requirementId: cleared.id, reason },
      });
      return cleared;
    });
    await this.reload(true);
    return row;
  }

  list(includeCleared: boolean, limit: number): Promise<ReviewRequirementRow[]> {
    return this.db.platform(() => this.repo.list(includeCleared, limit));
  }

  private reload(force = false): Promise<void> {
    if (this.loading && !force) return this.loading;
    const started = performance.now();
    const loading: Promise<void> = this.db
      .platform(() => this.repo.openOnes())
      .then((rows) => {
        // A slower, older load must not overwrite a newer one.
        if (started < this.loadedAt) return;
        this.open = new Map(rows.map((r) => [r.model, r]));
        this.loadedAt = started;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }
}
