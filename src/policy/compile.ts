import { createHash } from 'node:crypto';
import { CompoundCondition, FieldCondition, MongoQueryParser, allParsingInstructions, type Condition } from '@ucast/mongo2js';
import { canonicalJson } from '../common/canonical-json.js';
import { checkCondition } from './condition.js';
import type { PolicyContext } from './policy-context.js';
import { formatPath, type PolicyDocument, type PolicyIssue, type PolicyRule, type RuleKind } from './policy-document.js';
import { checkPolicyData } from './policy-validate.js';
import { planCondition, type Plan } from './predicate.js';

/**
 * A document compiled once into predicates. Each rule's condition is parsed by ucast's Mongo
 * parser into an AST and turned into closures (predicate.ts); rules that pin a model name or
 * purpose with $eq/$in at the top of their condition are indexed by it, so a request only
 * visits the rules that can apply to its model and purpose.
 */

export interface CompiledRule {
  readonly rule: PolicyRule;
  /** Position in the document; decisions list rules in this order. */
  readonly index: number;
  readonly condition: Condition;
  /** The condition's closures, with what explanations cite. */
  readonly plan: Plan;
  readonly test: (ctx: PolicyContext) => boolean;
  readonly pins: { readonly model?: readonly string[]; readonly purpose?: readonly string[] };
}

export interface RuleIndex {
  readonly rules: readonly CompiledRule[];
  readonly byModelAndPurpose: ReadonlyMap<string, CompiledRule[]>;
  readonly byModel: ReadonlyMap<string, CompiledRule[]>;
  readonly byPurpose: ReadonlyMap<string, CompiledRule[]>;
  readonly unpinned: readonly CompiledRule[];
}

export interface CompiledPolicy {
  /** Cited by every decision: the stored version number, or a content hash when none was given. */
  readonly version: string;
  readonly name: string;
  readonly document: PolicyDocument;
  readonly usage: RuleIndex;
  readonly output: RuleIndex;
  readonly quota: RuleIndex;
  readonly redaction: RuleIndex;
}

export class PolicyValidationError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`Invalid policy document: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'PolicyValidationError';
  }
}

const { $where: _where, ...instructions } = allParsingInstructions;
const parser = new MongoQueryParser(instructions);

export function compilePolicy(document: PolicyDocument, options: { version?: string | number } = {}): CompiledPolicy {
  const checked = checkPolicyData(document);
  if (!checked.document) throw new PolicyValidationError(checked.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  const compiled = checked.document.rules.map((rule, index) => compileRule(rule, index));
  const ofKind = (kind: RuleKind) => indexRules(compiled.filter((c) => c.rule.kind === kind));
  return {
    version: options.version === undefined ? contentVersion(checked.document) : String(options.version),
    name: checked.document.name,
    document: checked.document,
    usage: ofKind('usage'),
    output: ofKind('output'),
    quota: ofKind('quota'),
    redaction: ofKind('redaction'),
  };
}

/** A stable name for a document's content: the same rules give the same version everywhere. */
export function contentVersion(document: PolicyDocument): string {
  return `sha256:${createHash('sha256').update(canonicalJson(document)).digest('hex').slice(0, 16)}`;
}

/** Calls `visit` once for every rule that may apply to this model and purpose. */
export function forEachCandidate(index: RuleIndex, model: string, purpose: string, visit: (rule: CompiledRule) => void): void {
  for (const rule of index.unpinned) visit(rule);
  const byModel = index.byModel.get(model);
  if (byModel) for (const rule of byModel) visit(rule);
  const byPurpose = index.byPurpose.get(purpose);
  if (byPurpose) for (const rule of byPurpose) visit(rule);
  if (index.byModelAndPurpose.size > 0) {
    const both = index.byModelAndPurpose.get(pairKey(model, purpose));
    if (both) for (const rule of both) visit(rule);
  }
}

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const { query } = checkCondition(rule.when ?? {}, rule.kind === 'output' ? 'post' : 'pre', ['when']);
  const condition = parser.parse(query);
  const plan = planCondition(condition);
  return { rule, index, condition, plan, test: plan.test, pins: pinsOf(condition) };
}

/** Model names and purposes a condition requires outright (a top-level $eq or $in). */
function pinsOf(condition: Condition): CompiledRule['pins'] {
  const conjuncts = condition instanceof CompoundCondition && condition.operator === 'and' ? condition.value : [condition];
  const pins: { model?: string[]; purpose?: string[] } = {};
  for (const part of conjuncts) {
    if (!(part instanceof FieldCondition)) continue;
    const key = part.field === 'model.name' ? 'model' : part.field === 'purpose' ? 'purpose' : undefined;
    if (!key || pins[key]) continue;
    if (part.operator === 'eq' && typeof part.value === 'string') pins[key] = [part.value];
    if (part.operator === 'in' && Array.isArray(part.value) && part.value.every((v) => typeof v === 'string')) pins[key] = [...new Set(part.value as string[])];
  }
  return pins;
}

function indexRules(rules: CompiledRule[]): RuleIndex {
  const byModelAndPurpose = new Map<string, CompiledRule[]>();
  const byModel = new Map<string, CompiledRule[]>();
  const byPurpose = new Map<string, CompiledRule[]>();
  const unpinned: CompiledRule[] = [];
  const add = (map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule) => {
    const list = map.get(key);
    if (list) list.push(rule);
    else map.set(key, [rule]);
  };
  for (const rule of rules) {
    const { model, purpose } = rule.pins;
    if (model && purpose) for (const m of model) for (const p of purpose) add(byModelAndPurpose, pairKey(m, p), rule);
    else if (model) for (const m of model) add(byModel, m, rule);
    else if (purpose) for (const p of purpose) add(byPurpose, p, rule);
    else unpinned.push(rule);
  }
  return { rules, byModelAndPurpose, byModel, byPurpose, unpinned };
}

function pairKey(model: string, purpose: string): string {
  return `${model}\u0000${purpose}`;
}
