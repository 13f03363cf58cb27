import { Inject, Injectable } from '@nestjs/common';
import { InferenceEngine } from '../../models/inference-engine.js';
import type { InferenceContext, Stage } from '../inference-context.js';

/** Runs the rows through the version's shared onnxruntime session as one tensor. */
@Injectable()
export class InferStage implements Stage {
  readonly name = 'infer';
  constructor(@Inject(InferenceEngine) private readonly engine: InferenceEngine) {}

  async run(ctx: InferenceContext): Promise<InferenceContext> {
    return { ...ctx, predictions: await this.engine.predict(ctx.model!, ctx.rows!) };
  }
}
