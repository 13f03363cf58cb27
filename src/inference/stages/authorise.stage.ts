import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { defineAbilities } from '../../auth/ability.factory.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/** The caller's role may infer, and the model version was registered for this purpose. */
@Injectable()
export class AuthoriseStage implements Stage {
  readonly name = 'authorise';

  run(ctx: InferenceContext): InferenceContext | Denial {
    const model = ctx.model!;
    if (!defineAbilities(ctx.principal).can('infer', subject('Model', { name: model.modelName, riskClass: model.manifest.riskClass }))) {
      return deny(this.name, 'FORBIDDEN', `Role ${ctx.principal.role} may not call models`, { details: { permission: 'infer:Model' } });
    }
    if (!model.manifest.allowedPurposes.includes(ctx.request.purpose)) {
      return deny(this.name, 'PURPOSE_NOT_ALLOWED', `${model.modelName}@${model.version} is registered for ${model.manifest.allowedPurposes.join(', ')}, not for ${ctx.request.purpose}`, {
        rule: 'model.allowedPurposes',
        details: { allowedPurposes: model.manifest.allowedPurposes },
      });
    }
    return ctx;
  }
}
