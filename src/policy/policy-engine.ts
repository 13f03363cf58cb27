/** The policy engine's public surface: parse, validate, compile, decide, count, compare, replay. */
export * from './policy-document.js';
export * from './policy-context.js';
export { CONDITION_OPERATORS, FIELD_OPERATORS, LOGICAL_OPERATORS, checkCondition, type CheckedCondition, type ConditionIssue } from './condition.js';
export { parsePolicy, formatPolicyErrors, type ParseResult } from './policy-parse.js';
export { validatePolicy } from './policy-validate.js';
export { compilePolicy, contentVersion, PolicyValidationError, type CompiledPolicy, type CompiledRule } from './compile.js';
export { decidePre, decidePost, decideRows, type Decision, type DecisionCode, type Obligation, type RuleExplanation } from './evaluate.js';
export { describeClause, type Clause } from './explain.js';
export { quotaChecks, quotaVerdict, type QuotaCheck, type QuotaVerdict } from './quota.js';
export { diffPolicies, type FieldChange, type PolicyDiff, type RuleChange } from './diff.js';
export { dryRun, type DryRunExample, type DryRunReport, type Outcome, type RecordedRequest, type RuleImpact } from './dry-run.js';
export { planRedaction, type RedactionPlan } from './redaction-plan.js';
