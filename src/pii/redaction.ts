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
 * Types whose values can hold values of other types (a URL an e-mail address, a postal address a
 * name); numbers (cards, phones, IBANs) hold none, though their digits may look like another's.
 */
const CONTAINERS: ReadonlySet<EntityType> = new Set(['URL', 'STREET_ADDRESS']);

/**
 * Finds personal data of every type in `text` once, then writes two versions of it: the model's,
 * where the plan's entity types are replaced by the plan's operators (others are left for the model
 * to read), and the stored one, where every finding is replaced. Overlapping findings are resolved
 * to one, which may be of a type the plan leaves alone but that holds one it replaces (a URL with
 * an e-mail address in it): such a value is searched again for the plan's types, so that what the
 * plan replaces is never left inside what it does not. Throws RedactionFailedError, so a caller
 * can only fail closed.
 */
export function redactText(text: string, operators: PlanOperators, options: { timeBudgetMs?: number; analyzer?: Analyzer } = {}): RedactedText {
  const analyze = (within: string, entities?: readonly EntityType[]): Finding[] => {
    try {
      return (options.analyzer ?? defaultAnalyzer).analyze(within, { timeBudgetMs: options.timeBudgetMs, ...(entities ? { entities } : {}) });
    } catch (cause) {
      if (cause instanceof RedactionFailedError) throw cause;
      throw new RedactionFailedError('ANALYZER_FAILED', 'PII analysis failed', { cause });
    }
  };
  const findings = analyze(text);
  if (findings.length === 0) return { forModel: text, forStorage: text, found: [] };
  const planned = [...operators.keys()];
  const replace = (value: string, f: Finding) => operators.get(f.type)!.operator(value, f.type);
  try {
    // One token per finding, shared by both versions (an encrypt token is stored as the model saw it).
    const tokens = findings.map((f) => {
      const value = text.slice(f.start, f.end);
      if (operators.has(f.type)) return replace(value, f);
      return CONTAINERS.has(f.type) && planned.length > 0 ? rewrite(value, analyze(value, planned), replace) : null;
    });
    return {
      forModel: rewrite(text, findings, (value, _f, i) => tokens[i] ?? value),
      forStorage: rewrite(text, findings, (_value, f, i) => (operators.get(f.type)?.keeps ? tokens[i]! : `<${f.type}>`)),
      found: findings.map((f) => f.type),
    };
  } catch (cause) {
    if (cause instanceof RedactionFailedError) throw cause;
    throw new RedactionFailedError('OPERATOR_FAILED', 'Applying the redaction operator failed', { cause });
  }
}

/** `text` with each finding (in order, not overlapping) replaced by what `token` makes of it. */
function rewrite(text: string, findings: readonly Finding[], token: (value: string, finding: Finding, index: number) => string): string {
  let out = '';
  let at = 0;
  for (const [i, f] of findings.entries()) {
    out += text.slice(at, f.start) + token(text.slice(f.start, f.end), f, i);
    at = f.end;
  }
  return out + text.slice(at);
}
