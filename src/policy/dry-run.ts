import type { CompiledPolicy } from './compile.js';
import { decidePost, decidePre, type Decision, type DecisionCode } from './evaluate.js';
import { withCountry, type PolicyContext } from './policy-context.js';
import type { ObligationName, SuppressibleField } from './policy-document.js';

/**
 * Replays recorded requests through a draft and the active policy and reports what would change
 * before the draft is activated. A context that carries `output` is also run through the output
 * rules. Quotas are not replayed: their counters belong to the moment a call was made.
 */

export interface RecordedRequest {
  /** The recorded request's id, so that an admin can look an example up. */
  id: string;
  context: PolicyContext;
}

export interface Outcome {
  allowed: boolean;
  code: DecisionCode;
  /** The rules that decided: the denying rules, or the rules that allowed and obliged. */
  rules: string[];
  obligations: ObligationName[];
  suppress: SuppressibleField[];
}

export interface RuleImpact {
  newlyDenied: number;
  newlyAllowed: number;
  obligationsChanged: number;
  suppressChanged: number;
}

export interface DryRunExample {
  id: string;
  before: Outcome;
  after: Outcome;
  /** The rules (or NO_ALLOWING_RULE) this change is attributed to. */
  rules: string[];
}

export interface DryRunReport extends RuleImpact {
  total: number;
  changed: number;
  /** Keyed by rule id; `NO_ALLOWING_RULE` when a call is denied (or was) because nothing allowed it. */
  byRule: Record<string, RuleImpact>;
  examples: DryRunExample[];
}

export function dryRun(
  draft: CompiledPolicy,
  active: CompiledPolicy,
  recorded: readonly RecordedRequest[],
  options: { examples?: number } = {},
): DryRunReport {
  const maxExamples = options.examples ?? 10;
  const report: DryRunReport = { total: recorded.length, changed: 0, ...impact(), byRule: {}, examples: [] };
  for (const { id, context: stored } of recorded) {
    const context = withCountry(stored);
    const before = decideAll(active, context);
    const after = decideAll(draft, context);
    const kinds: [keyof RuleImpact, string[]][] = [];
    if (before.outcome.allowed && !after.outcome.allowed) kinds.push(['newlyDenied', denialRules(after)]);
    else if (!before.outcome.allowed && after.outcome.allowed)
      kinds.push(['newlyAllowed', before.outcome.code === 'POLICY_DENIED' ? denialRules(before) : allowRules(after)]);
    else if (before.outcome.allowed) {
      const obligations = difference(before.outcome.obligations, after.outcome.obligations);
      if (obligations.length > 0) kinds.push(['obligationsChanged', obligationRules(obligations, before, after)]);
      const fields = difference(before.outcome.suppress, after.outcome.suppress);
      if (fields.length > 0) kinds.push(['suppressChanged', suppressRules(fields, before.policy, after.policy, before, after)]);
    }
    if (kinds.length === 0) continue;
    report.changed++;
    const attributed = new Set<string>();
    for (const [kind, rules] of kinds) {
      report[kind]++;
      for (const rule of rules) {
        (report.byRule[rule] ??= impact())[kind]++;
        attributed.add(rule);
      }
    }
    if (report.examples.length < maxExamples) report.examples.push({ id, before: before.outcome, after: after.outcome, rules: [...attributed] });
  }
  return report;
}

interface Decided {
  policy: CompiledPolicy;
  decisions: Decision[];
  outcome: Outcome;
}

function decideAll(policy: CompiledPolicy, ctx: PolicyContext): Decided {
  const pre = decidePre(policy, ctx);
  const decisions = pre.allowed && ctx.output !== undefined ? [pre, decidePost(policy, ctx)] : [pre];
  const last = decisions[decisions.length - 1];
  const allowed = last.allowed;
  const outcome: Outcome = {
    allowed,
    code: last.code,
    rules: allowed ? decisions.flatMap((d) => d.rules.map((r) => r.id)) : last.rules.filter((r) => r.matched).map((r) => r.id),
    obligations: allowed ? [...new Set(decisions.flatMap((d) => d.obligations.map((o) => o.name)))].sort() : [],
    suppress: allowed ? last.suppress : [],
  };
  return { policy, decisions, outcome };
}

function denialRules(decided: Decided): string[] {
  const last = decided.decisions[decided.decisions.length - 1];
  return last.code === 'NO_ALLOWING_RULE' ? ['NO_ALLOWING_RULE'] : last.rules.filter((r) => r.matched).map((r) => r.id);
}

function allowRules(decided: Decided): string[] {
  return decided.decisions[0].rules.filter((r) => r.effect === 'allow').map((r) => r.id);
}

function obligationRules(names: ObligationName[], before: Decided, after: Decided): string[] {
  const imposing = (d: Decided) => d.decisions.flatMap((x) => x.obligations).filter((o) => names.includes(o.name)).flatMap((o) => o.rules);
  return [...new Set([...imposing(before), ...imposing(after)])];
}

function suppressRules(fields: SuppressibleField[], beforePolicy: CompiledPolicy, afterPolicy: CompiledPolicy, before: Decided, after: Decided): string[] {
  const suppressing = (policy: CompiledPolicy, d: Decided) => {
    const ids = new Set(d.decisions.flatMap((x) => x.rules.map((r) => r.id)));
    return policy.document.rules
      .filter((r) => ids.has(r.id) && r.kind === 'output' && (r.fields ?? []).some((f) => fields.includes(f)))
      .map((r) => r.id);
  };
  return [...new Set([...suppressing(beforePolicy, before), ...suppressing(afterPolicy, after)])];
}

/** Elements in one list and not the other. */
function difference<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
}

function impact(): RuleImpact {
  return { newlyDenied: 0, newlyAllowed: 0, obligationsChanged: 0, suppressChanged: 0 };
}
