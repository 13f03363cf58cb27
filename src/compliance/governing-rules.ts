import { CompoundCondition, FieldCondition } from '@ucast/mongo2js';
import { compilePolicy, type RuleIndex } from '../policy/compile.js';
import type { PolicyContext } from '../policy/policy-context.js';
import type { ObligationName, PolicyDocument, PolicyRule } from '../policy/policy-document.js';
import { planCondition } from '../policy/predicate.js';
import type { RiskClass } from '../models/model-schema.js';

export interface GoverningRule {
  id: string;
  kind: PolicyRule['kind'];
  /** allow, deny, obligate or suppress; for quotas `limit N per minute|day`. */
  effect: string;
  description: string;
  obligations: ObligationName[];
  /** `this model` when the rule names the model (its name or risk class), `every model` otherwise. */
  scope: 'this model' | 'every model';
  /** The rule's condition as written, or null when it has none. */
  when: string | null;
  /** What its condition compares tenant.id or tenant.name with: the rule concerns particular tenants when there is anything. */
  tenants: string[];
}

/**
 * The rules of a policy that can apply to calls of one model version: those whose conditions on
 * `model.*` (at the top of the condition, where they restrict every call) hold for the version.
 * Conditions on the model nested inside $or, $nor or $not cannot rule a rule out, so such rules
 * are kept: the list errs on the side of showing a rule.
 */
export function governingRules(document: PolicyDocument, model: { name: string; version: string; riskClass: RiskClass }): GoverningRule[] {
  const ctx = { model } as unknown as PolicyContext;
  const policy = compilePolicy(document);
  const indexes = Object.values(policy).filter((v): v is RuleIndex => typeof v === 'object' && v !== null && (v as RuleIndex).byModel instanceof Map);
  const rules = indexes.flatMap((index) => [...index.rules]).sort((a, b) => a.index - b.index);
  const out: GoverningRule[] = [];
  for (const compiled of rules) {
    const conjuncts = compiled.condition instanceof CompoundCondition && compiled.condition.operator === 'and' ? compiled.condition.value : [compiled.condition];
    const onModel = conjuncts.filter((c): c is FieldCondition => c instanceof FieldCondition && c.field.startsWith('model.'));
    if (!onModel.every((c) => planCondition(c).test(ctx))) continue;
    const rule = compiled.rule;
    out.push({
      id: rule.id,
      kind: rule.kind,
      effect: effectOf(rule),
      description: rule.description,
      obligations: [...((rule as { obligations?: ObligationName[] }).obligations ?? [])],
      scope: onModel.length ? 'this model' : 'every model',
      when: rule.when && Object.keys(rule.when).length ? describeCondition(rule.when) : null,
      tenants: tenantsNamed(rule.when ?? {}),
    });
  }
  return out;
}

/**
 * The literals a condition compares a tenant field with, wherever it does (inside $or, $in, $ne…):
 * `tenant.id: {$in: [a, b]}` names a and b.
 */
export function tenantsNamed(condition: unknown, field: string | null = null): string[] {
  if (Array.isArray(condition)) return condition.flatMap((v) => tenantsNamed(v, field));
  if (condition !== null && typeof condition === 'object') {
    return Object.entries(condition as Record<string, unknown>).flatMap(([k, v]) => tenantsNamed(v, k.startsWith('$') ? field : field ? `${field}.${k}` : k));
  }
  return field === 'tenant' || field?.startsWith('tenant.') ? [String(condition)] : [];
}

/**
 * The rules a document may show to a deployer (`reader`; null for documents every deployer reads):
 * a rule whose condition names a tenant would tell one deployer what the operator arranged for
 * another, so it is shown only to the tenant it names, and only when it names no other.
 */
export function rulesFor(rules: GoverningRule[], reader: { id: string; name: string } | null): GoverningRule[] {
  return rules.filter((r) => r.tenants.every((t) => reader !== null && (t === reader.id || t === reader.name)));
}

/** What a rule does, in a few words: its effect, a quota's limit, a redaction's operator. */
function effectOf(rule: PolicyRule): string {
  if (rule.kind === 'quota') return `limit ${rule.limit} per ${rule.per} (${rule.scope.join(' and ')})`;
  const r = rule as { effect?: string; operator?: string; entities?: string[] };
  if (r.effect) return r.effect;
  if (r.operator) return `${r.operator} ${r.entities?.join(', ') ?? 'all recognised personal data'}`;
  return rule.kind;
}

/** A condition in a compact YAML-like flow form: `model.name: credit-approval, purpose: {$ne: credit-scoring}`. */
export function describeCondition(value: unknown, top = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => describeCondition(v, false)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${describeCondition(v, false)}`)
      .join(', ');
    return top ? inner : `{${inner}}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
