import { Inject, Injectable } from '@nestjs/common';
import type { InferenceContext, Stage } from '../inference/inference-context.js';
import { ReviewRequirementsService } from './review-requirements.service.js';

/**
 * A model put under review by a bias audit answers every call with a `human_review` obligation
 * naming the audit, so each decision gets a review item until an admin clears the requirement.
 * Runs after the output rules, beside the obligations they imposed.
 */
@Injectable()
export class FairnessReviewStage implements Stage {
  readonly name = 'fairness-review';
  constructor(@Inject(ReviewRequirementsService) private readonly requirements: ReviewRequirementsService) {}

  async run(ctx: InferenceContext): Promise<InferenceContext> {
    const requirement = await this.requirements.current(ctx.model!.modelName);
    if (!requirement) return ctx;
    const rule = `bias-audit:${requirement.auditId}`;
    const others = ctx.obligations.filter((o) => o.name !== 'human_review');
    const review = ctx.obligations.find((o) => o.name === 'human_review');
    return {
      ...ctx,
      obligations: [...others, { name: 'human_review', rules: [...new Set([...(review?.rules ?? []), rule])] }],
      facts: { ...ctx.facts, fairnessReview: requirement.auditId },
    };
  }
}
