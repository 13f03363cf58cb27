/**
 * The shape of a usage-policy document once it has been parsed and validated. The YAML an admin
 * writes (see policies/ and docs/policies.md) maps onto these types one to one; conditions are kept
 * exactly as written so that diffs and stored versions read like the source.
 */

export const RULE_KINDS = ['usage', 'output', 'quota', 'redaction'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const USAGE_EFFECTS = ['allow', 'deny', 'obligate'] as const;
export type UsageEffect = (typeof USAGE_EFFECTS)[number];

export const OUTPUT_EFFECTS = ['deny', 'obligate', 'suppress'] as const;
export type OutputEffect = (typeof OUTPUT_EFFECTS)[number];

/** What an allowing decision can require of the caller; the pipeline acts on each by name. */
export const OBLIGATIONS = {
  human_review: 'a reviewer must confirm or override the decision before it takes effect',
  notify_subject: 'the data subject must be told that an automated decision was made about them',
  log_reason: 'the caller must record why it made the call (kept with the audit record)',
} as const;
export type ObligationName = keyof typeof OBLIGATIONS;
export const OBLIGATION_NAMES = Object.keys(OBLIGATIONS) as ObligationName[];

/** Parts of an inference response an output rule may withhold. */
export const SUPPRESSIBLE_FIELDS = ['explanation', 'score', 'label'] as const;
export type SuppressibleField = (typeof SUPPRESSIBLE_FIELDS)[number];

/** The outputs of a prediction an answer can leave out: its label, and its score (or probabilities). */
export type OutputField = 'label' | 'score';

/**
 * The outputs an answer leaves out under `suppress`: a withheld label takes the score (or the
 * probabilities) with it, as they give it away (the threshold, the argmax).
 */
export function withheldOutputs(suppress: readonly string[]): OutputField[] {
  if (suppress.includes('label')) return ['label', 'score'];
  return suppress.includes('score') ? ['score'] : [];
}

export const QUOTA_SCOPES = ['tenant', 'model'] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];

export const QUOTA_WINDOWS = ['minute', 'day'] as const;
export type QuotaWindow = (typeof QUOTA_WINDOWS)[number];

/** A MongoDB-style query over the request context, as the author wrote it. */
export type ConditionQuery = Record<string, unknown>;

interface RuleBase {
  /** Lower-case kebab case, unique within the document; decisions and audit records cite it. */
  id: string;
  /** One or two sentences for a human reader; also the reason text of a denial. */
  description: string;
  /** When absent the rule applies to every request. */
  when?: ConditionQuery;
}

export interface UsageRule extends RuleBase {
  kind: 'usage';
  effect: UsageEffect;
  obligations?: ObligationName[];
}

export interface OutputRule extends RuleBase {
  kind: 'output';
  effect: OutputEffect;
  obligations?: ObligationName[];
  /** Only for `effect: suppress`. */
  fields?: SuppressibleField[];
}

export interface QuotaRule extends RuleBase {
  kind: 'quota';
  /** What the counter is keyed by: `[tenant]`, `[model]` or `[tenant, model]`. */
  scope: QuotaScope[];
  per: QuotaWindow;
  limit: number;
}

/** How a redaction rule replaces what it finds (see docs/privacy.md for each operator). */
export const REDACTION_OPERATORS = ['replace', 'redact', 'mask', 'hash', 'encrypt'] as const;
export type RedactionOperator = (typeof REDACTION_OPERATORS)[number];

/**
 * Personal data the redaction stage replaces in text inputs before the model sees them (and in any
 * text the model answers). Anything stored or logged is scrubbed whatever these rules say.
 */
export interface RedactionRule extends RuleBase {
  kind: 'redaction';
  /** Entity types to replace (default: every type Warden recognises). */
  entities?: string[];
  operator: RedactionOperator;
  /** Only for `operator: mask`: characters left visible at the end (default 4). */
  keepLast?: number;
}

export type PolicyRule = UsageRule | OutputRule | QuotaRule | RedactionRule;

export interface PolicyDocument {
  name: string;
  description?: string;
  rules: PolicyRule[];
}

/** A problem found in a document: `path` reads like `rules[2].when.model.riskClass`. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/** A problem found in YAML source, with its 1-based position. */
export interface PolicyError extends PolicyIssue {
  line: number;
  column: number;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
