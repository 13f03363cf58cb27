import type { LeafPlan, NegatedClause, Plan } from './predicate.js';

/**
 * Clause-level explanations: which comparisons of a rule's condition decided the outcome. For a
 * rule that matched these are the clauses that held (for $or, only the branches that held); for
 * a rule that did not match, the clauses that failed.
 */

export interface Clause {
  /** Dotted context path, e.g. `model.riskClass`. */
  path: string;
  /** Mongo operator, e.g. `$in`; `$not` wraps the negated comparison in `expected`. */
  operator: string;
  expected: unknown;
  /** The request's value (null when missing); left out for personal data. */
  actual?: unknown;
  /** Set instead of `actual` for input features and subject attributes. */
  personal?: true;
}

export function clausesThatHeld(plan: Plan, ctx: unknown, out: Clause[] = []): Clause[] {
  switch (plan.kind) {
    case 'leaf':
      out.push(leafClause(plan, ctx));
      break;
    case 'and':
      for (const child of plan.children) clausesThatHeld(child, ctx, out);
      break;
    case 'or':
      for (const child of plan.children) if (child.test(ctx)) clausesThatHeld(child, ctx, out);
      break;
    case 'not':
    case 'nor':
      for (const negated of plan.negatedClauses) out.push(negatedClause(negated, ctx));
      break;
  }
  return out;
}

export function clausesThatFailed(plan: Plan, ctx: unknown, out: Clause[] = []): Clause[] {
  switch (plan.kind) {
    case 'leaf':
      out.push(leafClause(plan, ctx));
      break;
    case 'and':
    case 'or':
      for (const child of plan.children) if (!child.test(ctx)) clausesThatFailed(child, ctx, out);
      break;
    case 'not':
    case 'nor':
      plan.children.forEach((child, i) => {
        if (child.test(ctx)) out.push(negatedClause(plan.negatedClauses[i], ctx));
      });
      break;
  }
  return out;
}

/** `path $op expected (was actual)`, for messages. */
export function describeClause(clause: Clause): string {
  const actual = clause.personal ? ' (personal data, value withheld)' : ` (was ${JSON.stringify(clause.actual) ?? 'missing'})`;
  return `${clause.path} ${clause.operator} ${JSON.stringify(clause.expected)}${actual}`;
}

function leafClause(plan: LeafPlan, ctx: unknown): Clause {
  if (plan.personal) return { path: plan.path, operator: plan.operator, expected: plan.expected, personal: true };
  return { path: plan.path, operator: plan.operator, expected: plan.expected, actual: plan.get(ctx) ?? null };
}

function negatedClause(negated: NegatedClause, ctx: unknown): Clause {
  const clause: Clause = { path: negated.path, operator: negated.operator, expected: negated.expected };
  if (negated.personal) clause.personal = true;
  else if (negated.get) clause.actual = negated.get(ctx) ?? null;
  return clause;
}
