import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { ModelCatalog } from '../../models/model-catalog.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/** `name` or `name@version` → the version to serve: 404 unknown, 423 suspended, 410 retired, 409 draft. */
@Injectable()
export class ResolveModelStage implements Stage {
  readonly name = 'resolve';
  constructor(@Inject(ModelCatalog) private readonly catalog: ModelCatalog) {}

  run(ctx: InferenceContext): InferenceContext | Denial {
    try {
      return { ...ctx, model: this.catalog.resolve(ctx.reference) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return deny(this.name, error.code, error.message, { details: error.details });
    }
  }
}
