import { Inject, Injectable } from '@nestjs/common';
import { ActivePolicy } from '../../policy/active-policy.js';
import { decideRows } from '../../policy/evaluate.js';
import { QuotaCounter } from '../../policy/quota-counter.js';
import { callContext, deny, rowContexts, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/**
 * Quotas first (every call counts, across instances), then the usage rules of the active policy,
 * row by row: deny overrides allow, and a call no rule allows is refused.
 */
@Injectable()
export class PrePolicyStage implements Stage {
  readonly name = 'pre-policy';
  constructor(
    @Inject(ActivePolicy) private readonly active: ActivePolicy,
    @Inject(QuotaCounter) private readonly quotas: QuotaCounter,
  ) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const policy = ctx.policy ?? this.active.current;
    if (!policy) return deny(this.name, 'NO_ALLOWING_RULE', 'No policy is active, so no call is allowed', { rule: 'no-active-policy' });
    const { verdict, usage } = await this.quotas.count(policy, callContext(ctx), ctx.now);
    if (!verdict.ok) {
      return deny(this.name, 'QUOTA_EXCEEDED', `Quota ${verdict.rule} (${verdict.description}) exceeded; resets at ${verdict.resetAt}`, {
        rule: verdict.rule,
        details: { policyVersion: policy.version, limit: verdict.limit, window: verdict.window, resetAt: verdict.resetAt },
        headers: { 'retry-after': String(verdict.retryAfterSeconds) },
      });
    }
    const withQuota = { ...ctx, policy, quota: usage };
    const decision = decideRows(policy, 'pre', rowContexts(withQuota, withQuota.rows!));
    if (!decision.allowed) {
      return deny(this.name, decision.code === 'POLICY_DENIED' ? 'POLICY_DENIED' : 'NO_ALLOWING_RULE', decision.reason, {
        rule: decision.rules.find((r) => r.matched)?.id ?? decision.code,
        details: { policyVersion: decision.policyVersion, rules: decision.rules },
      });
    }
    return { ...withQuota, preDecision: decision, obligations: [...ctx.obligations, ...decision.obligations] };
  }
}
