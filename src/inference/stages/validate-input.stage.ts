import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { InferenceEngine } from '../../models/inference-engine.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/** Every row matches the version's input schema (400 naming the feature and rule; 413 over the row limit). */
@Injectable()
export class ValidateInputStage implements Stage {
  readonly name = 'validate';
  constructor(@Inject(InferenceEngine) private readonly engine: InferenceEngine) {}

  run(ctx: InferenceContext): InferenceContext | Denial {
    try {
      return { ...ctx, rows: this.engine.validate(ctx.model!.manifest, ctx.request.inputs) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return deny(this.name, error.code, error.message, { details: error.details });
    }
  }
}
