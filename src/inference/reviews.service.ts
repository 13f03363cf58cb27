import { Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { AuditService, actorOf } from '../audit/audit.service.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { scrub } from '../privacy/index.js';
import { ReviewsRepository } from './reviews.repository.js';
import { reviewView, type ReviewDecisionDto, type ReviewView } from './reviews.dto.js';

/** Human oversight (EU AI Act Art. 14): decisions a policy sent for review are confirmed or overridden, with a reason. */
@Injectable()
export class ReviewsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReviewsRepository) private readonly repo: ReviewsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
  ) {}

  list(principal: Principal, status: string | undefined, limit: number): Promise<ReviewView[]> {
    return this.db.forPrincipal(principal, async () => (await this.repo.list(status, limit)).map((r) => reviewView(r, principal)));
  }

  decide(principal: Principal, id: string, dto: ReviewDecisionDto): Promise<ReviewView> {
    return this.db.forPrincipal(principal, async () => {
      const review = await this.repo.lock(id);
      if (!review || !defineAbilities(principal).can('review', subject('Review', { tenantId: review.tenantId }))) throw notFound('Review', id);
      if (review.status !== 'open') throw new DomainError('CONFLICT', `Review ${id} was already ${review.status}`);
      const problem =
        unseenLabelProblem(dto, principal, review.withheld) ??
        labelsProblem(dto, review.outputs.length, this.catalog.versions(review.model).find((v) => v.version === review.version)?.manifest.output.labels);
      if (problem) throw new DomainError('VALIDATION_FAILED', `${problem.field}: ${problem.message}`, { fields: [problem] });
      const status = dto.action === 'confirm' ? 'confirmed' : 'overridden';
      // Reviewers write what they checked, often with whom they spoke; the reason is kept and shown
      // to regulators, so personal data in it is replaced as in a governed call's own reason.
      const reason = scrub(dto.reason.trim());
      const decided = await this.repo.decide(id, status, dto.action === 'override' ? { labels: dto.labels! } : null, reason, principal.keyId);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: review.tenantId,
        action: `review.${dto.action}`,
        resource: { type: 'review', id },
        details: { requestId: review.requestId, model: `${review.model}@${review.version}`, ...(dto.labels ? { labels: dto.labels } : {}) },
      });
      return reviewView(decided, principal);
    });
  }
}

/**
 * A confirmation keeps the model's labels, so it is a decision only by someone who has read them: a
 * tenant's reviewer, who reads the review without the label a policy withheld from the call,
 * decides such a review by giving the label that stands for each row (an override); an admin, who
 * reads it whole, may confirm it.
 */
export function unseenLabelProblem(dto: Pick<ReviewDecisionDto, 'action'>, principal: Pick<Principal, 'role'>, withheld: readonly string[] | null): { field: string; rule: string; message: string } | null {
  if (dto.action !== 'confirm' || principal.role !== 'tenant' || !withheld?.includes('label')) return null;
  return { field: 'action', rule: 'labelWithheld', message: "the model's label was withheld from this call, so it cannot be confirmed unseen: override with the label that stands for each row" };
}

/**
 * What is wrong with a decision's labels: an override gives, for each row, one of the labels the
 * model answers with (`known`, when the version is known); a confirmation gives none, as it keeps
 * the model's.
 */
export function labelsProblem(dto: Pick<ReviewDecisionDto, 'action' | 'labels'>, rows: number, known: readonly string[] | undefined): { field: string; rule: string; message: string } | null {
  const problem = (rule: string, message: string) => ({ field: 'labels', rule, message });
  if (dto.action === 'confirm') return dto.labels === undefined ? null : problem('absent', "a confirmation keeps the model's labels; give labels only to override");
  if (dto.labels?.length !== rows) return problem('length', `an override gives one label per row: must hold ${rows} labels`);
  const unknown = known ? dto.labels.find((label) => !known.includes(label)) : undefined;
  return unknown === undefined ? null : problem('isIn', `${JSON.stringify(unknown)} is not a label of the model; it answers ${known!.join(', ')}`);
}
