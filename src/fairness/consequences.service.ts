import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { Db } from '../database/db.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { ModelsService } from '../models/models.service.js';
import { BiasAuditsRepository, type BiasAuditRow } from './bias-audits.repository.js';
import { ReviewRequirementsService } from './review-requirements.service.js';

/**
 * What a breach of a scheduled audit sets in motion, as configured per model: `notify` (the breach
 * event and a log line), `require_review` (every call of the model goes to a human until an admin
 * clears it), or `suspend` (the audited versions stop serving; the reason names the audit). What
 * was done is written back to the audit.
 */
@Injectable()
export class ConsequencesService {
  private readonly logger = new Logger('BiasAudits');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(BiasAuditsRepository) private readonly audits: BiasAuditsRepository,
    @Inject(ReviewRequirementsService) private readonly reviews: ReviewRequirementsService,
    @Inject(ModelsService) private readonly models: ModelsService,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
  ) {}

  async apply(audit: BiasAuditRow): Promise<Record<string, unknown> | null> {
    if (audit.status !== 'breach' || !audit.consequence || !audit.model) return null;
    const model = audit.model;
    const summary = `bias audit ${audit.id} of ${model}${audit.version ? `@${audit.version}` : ''} found ${audit.breachCount} breach(es) of its thresholds`;
    let result: Record<string, unknown>;
    switch (audit.consequence) {
      case 'notify':
        this.logger.warn(`${summary}; first: ${audit.breaches[0]?.reason ?? 'n/a'}`);
        result = { notified: true };
        break;
      case 'require_review': {
        const requirement = await this.reviews.require(SYSTEM_ACTOR, model, audit.id);
        result = { reviewRequired: true, requirementId: requirement.id, since: requirement.createdAt.toISOString() };
        break;
      }
      case 'suspend':
        result = { suspended: await this.suspend(model, audit.version, summary) };
        break;
    }
    await this.db.platform(() => this.audits.setConsequenceResult(audit.id, result));
    return result;
  }

  /** Suspends the audited version, or every active version when the audit covered them all. */
  private async suspend(model: string, version: string | null, reason: string): Promise<string[]> {
    const versions = this.catalog.versions(model).filter((v) => (version ? v.version === version : v.status === 'active'));
    const suspended: string[] = [];
    for (const v of versions) {
      try {
        await this.models.changeStatus(SYSTEM_ACTOR, model, v.version, 'suspended', reason);
        suspended.push(v.version);
      } catch (error) {
        // Already suspended or retired: nothing left to stop. Frozen as incident evidence: an admin decides.
        if (!(error instanceof DomainError && (error.code === 'INVALID_TRANSITION' || error.code === 'MODEL_FROZEN'))) throw error;
      }
    }
    return suspended;
  }
}
