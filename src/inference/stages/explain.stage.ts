import { Inject, Injectable } from '@nestjs/common';
import { InferenceEngine } from '../../models/inference-engine.js';
import type { InferenceContext, Stage } from '../inference-context.js';

/** Per-feature contributions, unless the caller asked for none or an output rule suppressed them. */
@Injectable()
export class ExplainStage implements Stage {
  readonly name = 'explain';
  constructor(@Inject(InferenceEngine) private readonly engine: InferenceEngine) {}

  async run(ctx: InferenceContext): Promise<InferenceContext> {
    if (ctx.request.explain === false || ctx.suppress.includes('explanation')) return ctx;
    return { ...ctx, explanations: await this.engine.explain(ctx.model!, ctx.rows!, ctx.predictions!) };
  }
}
