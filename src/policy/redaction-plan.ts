import { ENTITY_TYPES, type EntityType } from '../privacy/index.js';
import { forEachCandidate, type CompiledPolicy, type CompiledRule } from './compile.js';
import type { PolicyContext } from './policy-context.js';
import type { RedactionOperator } from './policy-document.js';

/** What the redaction rules that hold for one request ask for, entity type by entity type. */
export interface RedactionPlan {
  /** The rules that apply, in document order. */
  rules: string[];
  /** For each entity type to replace: how, and which rule said so. */
  byEntity: Map<EntityType, { operator: RedactionOperator; keepLast?: number; rule: string }>;
}

/**
 * Collects the redaction rules whose conditions hold. When two rules name the same entity type,
 * the first in the document decides its operator, so a specific rule placed above a catch-all wins.
 */
export function planRedaction(policy: CompiledPolicy, ctx: PolicyContext): RedactionPlan {
  const matched: CompiledRule[] = [];
  forEachCandidate(policy.redaction, ctx.model.name, ctx.purpose, (compiled) => {
    if (compiled.test(ctx)) matched.push(compiled);
  });
  matched.sort((a, b) => a.index - b.index);
  const byEntity: RedactionPlan['byEntity'] = new Map();
  for (const { rule } of matched) {
    if (rule.kind !== 'redaction') continue;
    for (const type of (rule.entities ?? ENTITY_TYPES) as EntityType[]) {
      if (!byEntity.has(type)) byEntity.set(type, { operator: rule.operator, ...(rule.keepLast !== undefined ? { keepLast: rule.keepLast } : {}), rule: rule.id });
    }
  }
  return { rules: matched.map((c) => c.rule.id), byEntity };
}
