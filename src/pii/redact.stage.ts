import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { deny, rowContexts, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import type { FeatureRow } from '../models/model-schema.js';
import { ActivePolicy } from '../policy/active-policy.js';
import { planRedaction, type RedactionPlan } from '../policy/policy-engine.js';
import { RedactionFailedError, type EntityType } from '../privacy/index.js';
import { PiiKeys } from './pii-keys.service.js';
import { planOperators, redactText, type PlanOperators } from './redaction.js';

/**
 * Personal data in text inputs, before any policy decision or model sees them. The redaction rules
 * of the active policy say which entity types the model may not read and how they are replaced;
 * whatever they say, the stored copy of each text has every finding replaced. Anything that goes
 * wrong refuses the call with REDACTION_FAILED: text is never passed on unchecked.
 */
@Injectable()
export class RedactStage implements Stage {
  readonly name = 'redact';
  constructor(
    @Inject(ActivePolicy) private readonly active: ActivePolicy,
    @Inject(PiiKeys) private readonly keys: PiiKeys,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const textFeatures = ctx.model!.manifest.input.features.filter((f) => f.type === 'text').map((f) => f.name);
    const policy = ctx.policy ?? this.active.current;
    if (textFeatures.length === 0 || !policy) return { ...ctx, ...(policy ? { policy } : {}) };
    try {
      const plans = rowContexts(ctx, ctx.rows!).map((context) => planRedaction(policy, context));
      const keys = plans.some(usesKeys) ? await this.keys.forTenant(ctx.principal.tenantId) : undefined;
      const operatorsOf = memo((plan: RedactionPlan) => planOperators(plan, () => keys!));
      const rows: FeatureRow[] = [];
      const stored: FeatureRow[] = [];
      const found: EntityType[] = [];
      ctx.rows!.forEach((row, i) => {
        const operators: PlanOperators = operatorsOf(plans[i]);
        const forModel: FeatureRow = { ...row };
        const forStorage: FeatureRow = { ...row };
        for (const name of textFeatures) {
          const value = row[name];
          if (typeof value !== 'string') continue;
          const result = redactText(value, operators, { timeBudgetMs: this.config.piiTimeBudgetMs });
          forModel[name] = result.forModel;
          forStorage[name] = result.forStorage;
          found.push(...result.found);
        }
        rows.push(forModel);
        stored.push(forStorage);
      });
      const types = [...new Set(found)].sort();
      const rules = [...new Set(plans.flatMap((p) => p.rules))];
      return {
        ...ctx,
        policy,
        rows,
        storedRows: stored,
        pii: { found: types, count: found.length },
        facts: { ...ctx.facts, piiFound: types, piiCount: found.length, ...(rules.length ? { redactionRules: rules } : {}) },
      };
    } catch (error) {
      if (!(error instanceof RedactionFailedError)) throw error;
      return deny(this.name, 'REDACTION_FAILED', `Personal data could not be checked (${error.reason}); the call was refused rather than passed on unchecked`, {
        details: { reason: error.reason },
      });
    }
  }
}

const usesKeys = (plan: RedactionPlan) => [...plan.byEntity.values()].some((s) => s.operator === 'hash' || s.operator === 'encrypt');

/** Rows of one call usually share a plan; its operators are built once. */
function memo(build: (plan: RedactionPlan) => PlanOperators): (plan: RedactionPlan) => PlanOperators {
  const seen = new Map<string, PlanOperators>();
  return (plan) => {
    const key = plan.rules.join('\u0000');
    let operators = seen.get(key);
    if (!operators) seen.set(key, (operators = build(plan)));
    return operators;
  };
}

