import { withheldOutputs } from './policy-document.js';
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
  /** What the rule compares with; left out for clauses about tenants. */
  expected?: unknown;
  /**
   * Set instead of `expected` for clauses about the tenant (`tenant.*`): a rule may name other
   * tenants, and who they are is for the policy's authors to read, not for a caller.
   */
  tenantsWithheld?: true;
  /** The request's value (null when missing); left out for personal data and withheld outputs. */
  actual?: unknown;
  /** Set instead of `actual` for input features and subject attributes. */
  personal?: true;
  /** Set instead of `actual` for an output the answer does not give: suppressed, or the call refused. */
  withheld?: true;
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
  const actual = clause.personal ? ' (personal data, value withheld)' : clause.withheld ? ' (value withheld)' : ` (was ${JSON.stringify(clause.actual) ?? 'missing'})`;
  const expected = clause.tenantsWithheld ? '(tenants withheld)' : JSON.stringify(clause.expected);
  return `${clause.path} ${clause.operator} ${expected}${actual}`;
}

/** Is this a clause about the tenant, whose `expected` may name other tenants? */
export const aboutTenants = (path: string): boolean => path === 'tenant' || path.startsWith('tenant.') || path.split(' ').some((p) => p.startsWith('tenant.'));

/** Is this a clause about the model's output (`output.score`, `output.label` …)? */
const aboutOutput = (path: string): boolean => path.split(' ').some((p) => p === 'output' || p.startsWith('output.'));

/**
 * Takes the output's values out of clauses, where the answer does not give them: those the
 * suppressed fields withhold (`withheldOutputs`), or all of them (`'all'`) when the call is
 * refused and no output is given at all.
 */
export function withholdOutputs(clauses: Clause[], suppress: readonly string[] | 'all'): void {
  const hidden = suppress === 'all' ? null : new Set<string>(withheldOutputs(suppress));
  for (const clause of clauses) {
    if (!aboutOutput(clause.path)) continue;
    const field = clause.path.split(' ')[0].split('.')[1];
    if (hidden && !hidden.has(field)) continue;
    delete clause.actual;
    clause.withheld = true;
  }
}

function leafClause(plan: LeafPlan, ctx: unknown): Clause {
  const clause = expectedOf(plan.path, plan.operator, plan.expected);
  if (plan.personal) clause.personal = true;
  else clause.actual = plan.get(ctx) ?? null;
  return clause;
}

function negatedClause(negated: NegatedClause, ctx: unknown): Clause {
  const clause = expectedOf(negated.path, negated.operator, negated.expected);
  if (negated.personal) clause.personal = true;
  else if (negated.get) clause.actual = negated.get(ctx) ?? null;
  return clause;
}

function expectedOf(path: string, operator: string, expected: unknown): Clause {
  return aboutTenants(path) ? { path, operator, tenantsWithheld: true } : { path, operator, expected };
}
