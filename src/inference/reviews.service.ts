import { Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { AuditService, actorOf } from '../audit/audit.service.js';
import { ReviewsRepository } from './reviews.repository.js';
import { reviewView, type ReviewDecisionDto, type ReviewView } from './reviews.dto.js';

/** Human oversight (EU AI Act Art. 14): decisions a policy sent for review are confirmed or overridden, with a reason. */
@Injectable()
export class ReviewsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReviewsRepository) private readonly repo: ReviewsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  list(principal: Principal, status: string | undefined, limit: number): Promise<ReviewView[]> {
    return this.db.forPrincipal(principal, async () => (await this.repo.list(status, limit)).map(reviewView));
  }

  decide(principal: Principal, id: string, dto: ReviewDecisionDto): Promise<ReviewView> {
    return this.db.forPrincipal(principal, async () => {
      const review = await this.repo.lock(id);
      if (!review || !defineAbilities(principal).can('review', subject('Review', { tenantId: review.tenantId }))) throw notFound('Review', id);
      if (review.status !== 'open') throw new DomainError('CONFLICT', `Review ${id} was already ${review.status}`);
      if (dto.action === 'override' && dto.labels?.length !== review.outputs.length) {
        throw new DomainError('VALIDATION_FAILED', `labels: an override gives one label per row (${review.outputs.length})`, {
          fields: [{ field: 'labels', rule: 'length', message: `must hold ${review.outputs.length} labels` }],
        });
      }
      const status = dto.action === 'confirm' ? 'confirmed' : 'overridden';
      const decided = await this.repo.decide(id, status, dto.action === 'override' ? { labels: dto.labels! } : null, dto.reason, principal.keyId);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: review.tenantId,
        action: `review.${dto.action}`,
        resource: { type: 'review', id },
        details: { requestId: review.requestId, model: `${review.model}@${review.version}`, ...(dto.labels ? { labels: dto.labels } : {}) },
      });
      return reviewView(decided);
    });
  }
}
