import { forEachCandidate, type CompiledPolicy, type CompiledRule } from './compile.js';
import { aboutTenants, clausesThatFailed, clausesThatHeld, describeClause, withholdOutputs, type Clause } from './explain.js';
import type { Phase, PolicyContext } from './policy-context.js';
import { SUPPRESSIBLE_FIELDS, type ObligationName, type SuppressibleField } from './policy-document.js';

/**
 * Decisions. Deny overrides allow. Before inference a call needs at least one matching allow
 * rule (else NO_ALLOWING_RULE); after inference output rules only restrict, so a call stands
 * unless an output rule denies it. Obligations accumulate from every matching allow/obligate
 * rule (and output obligate/suppress rules); suppressed fields accumulate from suppress rules.
 */

export type DecisionCode = 'ALLOWED' | 'POLICY_DENIED' | 'NO_ALLOWING_RULE';

export interface RuleExplanation {
  id: string;
  kind: 'usage' | 'output';
  effect: string;
  description: string;
  /** False only for the near misses listed with NO_ALLOWING_RULE. */
  matched: boolean;
  /** The clauses that held (matched) or failed (near miss). */
  clauses: Clause[];
  /** For batches: the rows this rule applied to. */
  rows?: number[];
}

export interface Obligation {
  name: ObligationName;
  /** The rules that imposed it. */
  rules: string[];
  /** For batches: the rows it applies to (a review item per row, say). */
  rows?: number[];
}

export interface Decision {
  phase: Phase;
  allowed: boolean;
  code: DecisionCode;
  policyVersion: string;
  /** One sentence for a person: the status message of a denial. */
  reason: string;
  rules: RuleExplanation[];
  obligations: Obligation[];
  suppress: SuppressibleField[];
}

/** Near misses listed with NO_ALLOWING_RULE, so the answer is bounded. */
const NEAR_MISSES = 3;
/** Deny rules listed with a denial (the first in document order is the reason), for the same reason. */
const DENIALS_LISTED = 10;

export function decidePre(policy: CompiledPolicy, ctx: PolicyContext): Decision {
  let denies: CompiledRule[] | undefined;
  const grants: CompiledRule[] = [];
  let allows = 0;
  forEachCandidate(policy.usage, ctx.model.name, ctx.purpose, (compiled) => {
    if (!compiled.test(ctx)) return;
    const { rule } = compiled;
    if (rule.kind !== 'usage') return;
    if (rule.effect === 'deny') (denies ??= []).push(compiled);
    else {
      grants.push(compiled);
      if (rule.effect === 'allow') allows++;
    }
  });
  if (denies) return denied(policy, 'pre', ctx, denies);
  if (allows === 0) return decision(policy, 'pre', false, 'NO_ALLOWING_RULE', `No rule of policy ${policy.version} allows model "${ctx.model.name}" for purpose "${ctx.purpose}"`, nearMissesOf(policy, ctx));
  return granted(policy, 'pre', ctx, grants);
}

export function decidePost(policy: CompiledPolicy, ctx: PolicyContext): Decision {
  let denies: CompiledRule[] | undefined;
  const grants: CompiledRule[] = [];
  forEachCandidate(policy.output, ctx.model.name, ctx.purpose, (compiled) => {
    if (!compiled.test(ctx)) return;
    if (compiled.rule.kind === 'output' && compiled.rule.effect === 'deny') (denies ??= []).push(compiled);
    else grants.push(compiled);
  });
  if (denies) return denied(policy, 'post', ctx, denies);
  return granted(policy, 'post', ctx, grants);
}

/**
 * A batch decided row by row (each context carries one row's `input`, and `output` after
 * inference). It is allowed only if every row is. An allowed batch lists every rule and
 * obligation with the rows it applied to, and suppresses a field for the whole batch if any row
 * needs it withheld; a denied batch cites only the rows that were denied.
 */
export function decideRows(policy: CompiledPolicy, phase: Phase, rows: readonly PolicyContext[]): Decision {
  if (rows.length === 0) return decision(policy, phase, false, 'NO_ALLOWING_RULE', 'An empty batch has nothing to allow', []);
  const decide = phase === 'pre' ? decidePre : decidePost;
  const decisions = rows.map((ctx) => decide(policy, ctx));
  const firstDenied = decisions.findIndex((d) => !d.allowed);
  const allowed = firstDenied === -1;
  const rules = new Map<string, RuleExplanation>();
  const obligations = new Map<ObligationName, Obligation>();
  const suppress: SuppressibleField[] = [];
  decisions.forEach((rowDecision, row) => {
    if (rowDecision.allowed !== allowed) return;
    for (const rule of rowDecision.rules) {
      const seen = rules.get(rule.id);
      if (seen) seen.rows!.push(row);
      else rules.set(rule.id, { ...rule, rows: [row] });
    }
    for (const { name, rules: imposedBy } of rowDecision.obligations) {
      const merged = obligations.get(name) ?? { name, rules: [], rows: [] };
      for (const id of imposedBy) if (!merged.rules.includes(id)) merged.rules.push(id);
      merged.rows!.push(row);
      obligations.set(name, merged);
    }
    suppress.push(...rowDecision.suppress);
  });
  const lead = decisions[allowed ? 0 : firstDenied];
  const reason = allowed || rows.length === 1 ? lead.reason : `Row ${firstDenied}: ${lead.reason}`;
  const fields = orderedFields(suppress);
  // A field one row suppresses is suppressed for the whole batch, in the clauses too.
  if (phase === 'post' && allowed) for (const rule of rules.values()) withholdOutputs(rule.clauses, fields);
  return decision(policy, phase, allowed, lead.code, reason, [...rules.values()], [...obligations.values()], fields);
}

function decision(
  policy: CompiledPolicy,
  phase: Phase,
  allowed: boolean,
  code: DecisionCode,
  reason: string,
  rules: RuleExplanation[],
  obligations: Obligation[] = [],
  suppress: SuppressibleField[] = [],
): Decision {
  return { phase, allowed, code, policyVersion: policy.version, reason, rules, obligations, suppress };
}

function denied(policy: CompiledPolicy, phase: Phase, ctx: PolicyContext, denies: CompiledRule[]): Decision {
  const rules = byIndex(denies).slice(0, DENIALS_LISTED).map((r) => explain(r, ctx, true));
  // A refused call gets no output, so its refusal does not give the output away either.
  if (phase === 'post') for (const rule of rules) withholdOutputs(rule.clauses, 'all');
  const first = rules[0];
  const clauses = first.clauses.map(describeClause).join('; ');
  const reason = `Denied by rule "${first.id}" of policy ${policy.version}: ${first.description}${clauses ? ` [${clauses}]` : ''}`;
  return decision(policy, phase, false, 'POLICY_DENIED', reason, rules);
}

function granted(policy: CompiledPolicy, phase: Phase, ctx: PolicyContext, grants: CompiledRule[]): Decision {
  const ordered = byIndex(grants);
  let obligations: Obligation[] | undefined;
  let suppress: SuppressibleField[] | undefined;
  let ids = '';
  const rules: RuleExplanation[] = [];
  for (const compiled of ordered) {
    const { rule } = compiled;
    rules.push(explain(compiled, ctx, true));
    ids += ids ? `, "${rule.id}"` : `"${rule.id}"`;
    if (rule.kind === 'quota' || rule.kind === 'redaction') continue;
    if (rule.obligations) for (const name of rule.obligations) addObligation((obligations ??= []), name, rule.id);
    if (rule.kind === 'output' && rule.fields) suppress = orderedFields([...(suppress ?? []), ...rule.fields]);
  }
  const reason = ids ? `Allowed under policy ${policy.version} by ${ids}` : `No output rule of policy ${policy.version} applies`;
  if (phase === 'post' && suppress) for (const rule of rules) withholdOutputs(rule.clauses, suppress);
  return decision(policy, phase, true, 'ALLOWED', reason, rules, obligations, suppress);
}

/**
 * Allow rules written for this model (or, failing that, this purpose) that did not match, with
 * the clauses that failed: the answer to "what would have allowed this call?". A rule that failed
 * on who the tenant is was written for other tenants, and is none of this caller's business. Only
 * on refusals, so scanning every rule is affordable.
 */
function nearMissesOf(policy: CompiledPolicy, ctx: PolicyContext): RuleExplanation[] {
  const allows = policy.usage.rules.filter((r) => r.rule.kind === 'usage' && r.rule.effect === 'allow');
  const forModel = allows.filter((r) => r.pins.model?.includes(ctx.model.name));
  const forPurpose = allows.filter((r) => !forModel.includes(r) && r.pins.purpose?.includes(ctx.purpose));
  const misses: RuleExplanation[] = [];
  for (const candidate of [...forModel, ...forPurpose]) {
    const miss = explain(candidate, ctx, false);
    if (!miss.clauses.some((c) => aboutTenants(c.path))) misses.push(miss);
    if (misses.length === NEAR_MISSES) break;
  }
  return misses;
}

function explain(compiled: CompiledRule, ctx: PolicyContext, matched: boolean): RuleExplanation {
  const { rule } = compiled;
  return {
    id: rule.id,
    kind: rule.kind as 'usage' | 'output',
    effect: 'effect' in rule ? rule.effect : rule.kind,
    description: rule.description,
    matched,
    clauses: matched ? clausesThatHeld(compiled.plan, ctx) : clausesThatFailed(compiled.plan, ctx),
  };
}

function addObligation(list: Obligation[], name: ObligationName, rule: string): void {
  const existing = list.find((o) => o.name === name);
  if (!existing) list.push({ name, rules: [rule] });
  else if (!existing.rules.includes(rule)) existing.rules.push(rule);
}

function orderedFields(fields: SuppressibleField[]): SuppressibleField[] {
  return SUPPRESSIBLE_FIELDS.filter((f) => fields.includes(f));
}

function byIndex(rules: CompiledRule[]): CompiledRule[] {
  return rules.length < 2 ? rules : [...rules].sort((a, b) => a.index - b.index);
}
