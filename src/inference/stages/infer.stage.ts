import { Inject, Injectable } from '@nestjs/common';
import { InferenceEngine } from '../../models/inference-engine.js';
import { UncomputableRow } from '../../models/predictions.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/**
 * Runs the rows through the version's shared onnxruntime session as one tensor. A row the model
 * computes no number for (values that overflow its 32-bit arithmetic) is refused as bad input.
 */
@Injectable()
export class InferStage implements Stage {
  readonly name = 'infer';
  constructor(@Inject(InferenceEngine) private readonly engine: InferenceEngine) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    try {
      return { ...ctx, predictions: await this.engine.predict(ctx.model!, ctx.rows!) };
    } catch (error) {
      if (!(error instanceof UncomputableRow)) throw error;
      const field = `inputs[${error.row}]`;
      return deny(this.name, 'VALIDATION_FAILED', error.message, {
        rule: 'computable',
        details: { fields: [{ field, rule: 'computable', message: 'the model computes no number for these values (beyond 32-bit floating point)' }] },
      });
    }
  }
}
