import { CompoundCondition, FieldCondition, type Condition } from '@ucast/mongo2js';
import type { CompiledPolicy } from './compile.js';
import { decidePost, decidePre, type Decision, type DecisionCode } from './evaluate.js';
import { withCountry, type PolicyContext } from './policy-context.js';
import type { ObligationName, SuppressibleField } from './policy-document.js';

/**
 * Replays recorded requests through a draft and the active policy and reports what would change
 * before the draft is activated. A context that carries `output` is also run through the output
 * rules. Quotas are not replayed: their counters belong to the moment a call was made.
 *
 * A replay is only as good as what was recorded. Subject attributes are not kept with a call
 * (inference-record.ts), so a rule reading them is named in `notReplayable` rather than silently
 * replayed as if they were missing. A call the policy obliges to give a reason and that gave none is
 * refused live (400 at the reason stage), so it is replayed as refused, when whether it gave one is
 * known; when it is not, the rules obliging it are named in `notReplayable` too.
 */

/** Context recorded calls do not keep. */
const NOT_RECORDED: readonly { prefix: string; reason: string }[] = [
  {
    prefix: 'subject.attributes',
    reason: 'recorded calls do not keep subject attributes (they may be special-category data), so the rule was replayed as if they were missing',
  },
];

export interface RecordedRequest {
  /** The recorded request's id, so that an admin can look an example up. */
  id: string;
  context: PolicyContext;
  /** Whether the call gave a `reason`; absent when that is not known. */
  reasonGiven?: boolean;
}

/** What a refusal for lacking a reason is replayed as: the 400 of the reason stage, with rule `log_reason`. */
export const REASON_REQUIRED = 'REASON_REQUIRED';

export interface Outcome {
  allowed: boolean;
  code: DecisionCode | typeof REASON_REQUIRED;
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

export interface NotReplayable {
  rule: string;
  /** The context paths the rule reads that recorded calls do not keep; empty when what is missing is whether a reason was given. */
  paths: string[];
  reason: string;
}

export interface DryRunReport extends RuleImpact {
  total: number;
  changed: number;
  /** Of `newlyDenied`, the calls refused because the draft obliges a reason they did not give. */
  wouldRequireReason: number;
  /** Rules whose replay may not be what activation would do, and why. */
  notReplayable: NotReplayable[];
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
  const report: DryRunReport = { total: recorded.length, changed: 0, ...impact(), wouldRequireReason: 0, byRule: {}, examples: [], notReplayable: [] };
  const reasonUnknown = new Map<string, number>();
  for (const { id, context: stored, reasonGiven } of recorded) {
    const context = withCountry(stored);
    const before = decideAll(active, context, reasonGiven);
    const after = decideAll(draft, context, reasonGiven);
    if (reasonGiven === undefined)
      for (const rule of new Set([...before.obligingReason, ...after.obligingReason])) reasonUnknown.set(rule, (reasonUnknown.get(rule) ?? 0) + 1);
    const kinds: [keyof RuleImpact, string[]][] = [];
    if (before.outcome.allowed && !after.outcome.allowed) {
      kinds.push(['newlyDenied', denialRules(after)]);
      if (after.outcome.code === REASON_REQUIRED) report.wouldRequireReason++;
    } else if (!before.outcome.allowed && after.outcome.allowed)
      kinds.push(['newlyAllowed', before.outcome.code === 'NO_ALLOWING_RULE' ? allowRules(after) : denialRules(before)]);
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
  report.notReplayable = [...readingUnrecorded(draft, active), ...unknownReasons(reasonUnknown)];
  return report;
}

/** Usage and output rules of either policy that read context recorded calls do not keep. */
function readingUnrecorded(...policies: CompiledPolicy[]): NotReplayable[] {
  const found = new Map<string, { paths: Set<string>; reason: string }>();
  for (const policy of policies)
    for (const { rule, condition } of [...policy.usage.rules, ...policy.output.rules])
      for (const path of fieldsOf(condition)) {
        const missing = NOT_RECORDED.find((m) => path === m.prefix || path.startsWith(`${m.prefix}.`));
        if (missing) (found.get(rule.id) ?? found.set(rule.id, { paths: new Set(), reason: missing.reason }).get(rule.id)!).paths.add(path);
      }
  return [...found].map(([rule, { paths, reason }]) => ({ rule, paths: [...paths].sort(), reason }));
}

function unknownReasons(calls: ReadonlyMap<string, number>): NotReplayable[] {
  return [...calls].map(([rule, n]) => ({
    rule,
    paths: [],
    reason: `the rule obliges log_reason, and whether ${n} replayed call(s) gave a reason is not recorded (a call refused before the reason stage, or one recorded without its audit event), so those were not counted as refused for lacking one`,
  }));
}

/** The context paths a condition reads (inside `$elemMatch`, only the list it matches in). */
function fieldsOf(condition: Condition, out: string[] = []): string[] {
  if (condition instanceof FieldCondition) out.push(condition.field);
  else if (condition instanceof CompoundCondition) for (const part of condition.value) fieldsOf(part, out);
  return out;
}

interface Decided {
  policy: CompiledPolicy;
  decisions: Decision[];
  outcome: Outcome;
  /** The rules that oblige this call to give a reason (when the policy lets it through that far). */
  obligingReason: string[];
}

function decideAll(policy: CompiledPolicy, ctx: PolicyContext, reasonGiven: boolean | undefined): Decided {
  const pre = decidePre(policy, ctx);
  const decisions = pre.allowed && ctx.output !== undefined ? [pre, decidePost(policy, ctx)] : [pre];
  const last = decisions[decisions.length - 1];
  const allowed = last.allowed;
  const obligingReason = allowed ? [...new Set(decisions.flatMap((d) => d.obligations).filter((o) => o.name === 'log_reason').flatMap((o) => o.rules))] : [];
  // The reason stage runs after the output rules: a call obliged to give a reason that gave none stops there.
  if (obligingReason.length > 0 && reasonGiven === false) {
    return { policy, decisions, obligingReason, outcome: { allowed: false, code: REASON_REQUIRED, rules: obligingReason, obligations: [], suppress: [] } };
  }
  const outcome: Outcome = {
    allowed,
    code: last.code,
    rules: allowed ? decisions.flatMap((d) => d.rules.map((r) => r.id)) : last.rules.filter((r) => r.matched).map((r) => r.id),
    obligations: allowed ? [...new Set(decisions.flatMap((d) => d.obligations.map((o) => o.name)))].sort() : [],
    suppress: allowed ? last.suppress : [],
  };
  return { policy, decisions, outcome, obligingReason };
}

function denialRules(decided: Decided): string[] {
  if (decided.outcome.code === REASON_REQUIRED) return decided.outcome.rules;
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
