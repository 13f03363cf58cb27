import { Injectable } from '@nestjs/common';
import { decideRows } from '../../policy/evaluate.js';
import { deny, rowContexts, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/** Output rules see each row's answer: they may deny it, oblige something, or suppress fields. */
@Injectable()
export class PostPolicyStage implements Stage {
  readonly name = 'post-policy';

  run(ctx: InferenceContext): InferenceContext | Denial {
    const decision = decideRows(ctx.policy!, 'post', rowContexts(ctx, ctx.rows!, ctx.predictions!));
    if (!decision.allowed) {
      return deny(this.name, 'POLICY_DENIED', decision.reason, {
        rule: decision.rules.find((r) => r.matched)?.id ?? decision.code,
        details: { policyVersion: decision.policyVersion, rules: decision.rules },
      });
    }
    return { ...ctx, postDecision: decision, obligations: mergeObligations([...ctx.obligations, ...decision.obligations]), suppress: [...new Set([...ctx.suppress, ...decision.suppress])] };
  }
}

function mergeObligations(all: InferenceContext['obligations']): InferenceContext['obligations'] {
  const byName = new Map<string, Set<string>>();
  for (const o of all) byName.set(o.name, new Set([...(byName.get(o.name) ?? []), ...o.rules]));
  return [...byName].map(([name, rules]) => ({ name: name as InferenceContext['obligations'][number]['name'], rules: [...rules] }));
}
