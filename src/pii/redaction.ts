import {
  RedactionFailedError,
  createOperator,
  defaultAnalyzer,
  type Analyzer,
  type EntityType,
  type Finding,
  type Operator,
} from '../privacy/index.js';
import type { RedactionPlan } from '../policy/policy-engine.js';

/** A tenant's keys for the hash and encrypt operators (derived from its secret, never stored apart). */
export interface TenantPiiKeys {
  hashKey: Buffer;
  encryptionKey: Buffer;
}

/** One text after redaction: what the model is given, what may be stored, and what was found. */
export interface RedactedText {
  forModel: string;
  forStorage: string;
  found: EntityType[];
}

/** Operators of one plan, built once per call. */
export type PlanOperators = Map<EntityType, { operator: Operator; keeps: boolean }>;

export function planOperators(plan: RedactionPlan, keys: () => TenantPiiKeys): PlanOperators {
  const out: PlanOperators = new Map();
  for (const [type, step] of plan.byEntity) {
    try {
      const needsKeys = step.operator === 'hash' || step.operator === 'encrypt';
      const operator = createOperator(step.operator, needsKeys ? { hashKey: keys().hashKey, encryptionKey: keys().encryptionKey } : { keepLast: step.keepLast });
      // Hash and encrypt tokens carry no personal data in the clear, so they may be stored as they are.
      out.set(type, { operator, keeps: needsKeys });
    } catch (cause) {
      throw new RedactionFailedError('OPERATOR_FAILED', `Redaction operator ${step.operator} could not be set up`, { cause });
    }
  }
  return out;
}

/**
 * Finds personal data of every type in `text` once, then writes two versions of it: the model's,
 * where the plan's entity types are replaced by the plan's operators (others are left for the model
 * to read), and the stored one, where every finding is replaced. Throws RedactionFailedError, so a
 * caller can only fail closed.
 */
export function redactText(text: string, operators: PlanOperators, options: { timeBudgetMs?: number; analyzer?: Analyzer } = {}): RedactedText {
  let findings: Finding[];
  try {
    findings = (options.analyzer ?? defaultAnalyzer).analyze(text, { timeBudgetMs: options.timeBudgetMs });
  } catch (cause) {
    if (cause instanceof RedactionFailedError) throw cause;
    throw new RedactionFailedError('ANALYZER_FAILED', 'PII analysis failed', { cause });
  }
  if (findings.length === 0) return { forModel: text, forStorage: text, found: [] };
  let forModel = '';
  let forStorage = '';
  let at = 0;
  try {
    for (const f of findings) {
      const value = text.slice(f.start, f.end);
      const step = operators.get(f.type);
      const token = step ? step.operator(value, f.type) : value;
      const between = text.slice(at, f.start);
      forModel += between + token;
      forStorage += between + (step?.keeps ? token : `<${f.type}>`);
      at = f.end;
    }
  } catch (cause) {
    throw new RedactionFailedError('OPERATOR_FAILED', 'Applying the redaction operator failed', { cause });
  }
  return { forModel: forModel + text.slice(at), forStorage: forStorage + text.slice(at), found: findings.map((f) => f.type) };
}
