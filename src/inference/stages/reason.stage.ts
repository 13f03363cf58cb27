import { Injectable } from '@nestjs/common';
import { scrub } from '../../privacy/index.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/**
 * The `log_reason` obligation: a call that a policy rule obliges to say why it is made gives its
 * `reason`, or it is refused (400 naming the field and the rules). A reason given is kept in the
 * call's audit event, with any personal data in it replaced, as every value in the chain is.
 */
@Injectable()
export class ReasonStage implements Stage {
  readonly name = 'reason';

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const obliged = ctx.obligations.filter((o) => o.name === 'log_reason').flatMap((o) => o.rules);
    const reason = ctx.request.reason;
    if (reason === undefined) {
      if (!obliged.length) return ctx;
      const message = `policy rule ${obliged.join(', ')} obliges the caller to give the reason for the call`;
      return deny(this.name, 'VALIDATION_FAILED', `reason: ${message}`, { rule: 'log_reason', details: { fields: [{ field: 'reason', rule: 'log_reason', message }] } });
    }
    return { ...ctx, facts: { ...ctx.facts, callerReason: scrub(reason.trim()) } };
  }
}
