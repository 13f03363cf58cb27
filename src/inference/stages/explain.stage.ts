import { Inject, Injectable } from '@nestjs/common';
import { InferenceEngine } from '../../models/inference-engine.js';
import type { InferenceContext, Stage } from '../inference-context.js';

const GIVES_AWAY = ['explanation', 'score', 'label'];

/**
 * Per-feature contributions, unless the caller asked for none or an output rule suppressed them,
 * or suppressed the score or label, which an explanation gives away (its output is the score's
 * logit, and its base and contributions add up to it; a multiclass one explains the label).
 */
@Injectable()
export class ExplainStage implements Stage {
  readonly name = 'explain';
  constructor(@Inject(InferenceEngine) private readonly engine: InferenceEngine) {}

  async run(ctx: InferenceContext): Promise<InferenceContext> {
    if (ctx.request.explain === false || GIVES_AWAY.some((field) => ctx.suppress.includes(field))) return ctx;
    return { ...ctx, explanations: await this.engine.explain(ctx.model!, ctx.rows!, ctx.predictions!) };
  }
}
