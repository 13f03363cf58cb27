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

type Obligation = InferenceContext['obligations'][number];

/**
 * The obligations of the usage and output rules, one per name: the rules that imposed it, and the
 * rows it applies to — all of them when any of its rules applied to the whole call.
 */
export function mergeObligations(all: readonly Obligation[]): Obligation[] {
  const byName = new Map<Obligation['name'], { rules: Set<string>; rows: Set<number> | null }>();
  for (const o of all) {
    const merged = byName.get(o.name) ?? { rules: new Set<string>(), rows: new Set<number>() };
    for (const rule of o.rules) merged.rules.add(rule);
    merged.rows = merged.rows && o.rows ? new Set([...merged.rows, ...o.rows]) : null;
    byName.set(o.name, merged);
  }
  return [...byName].map(([name, { rules, rows }]) => ({ name, rules: [...rules], ...(rows ? { rows: [...rows].sort((a, b) => a - b) } : {}) }));
}
