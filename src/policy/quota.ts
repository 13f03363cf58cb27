import { forEachCandidate, type CompiledPolicy, type CompiledRule } from './compile.js';
import type { PolicyContext } from './policy-context.js';
import type { QuotaRule, QuotaWindow } from './policy-document.js';

/**
 * Quotas are fixed windows aligned to the UTC minute or day. The engine only says which counters
 * a call touches; counting happens in a shared store (so that every instance sees the same
 * count), and the caller hands the counts back to `quotaVerdict`.
 */

export interface QuotaCheck {
  rule: string;
  /** The counter to increment for this call; it names the rule, the scope and the window. */
  key: string;
  scope: { tenant?: string; model?: string };
  window: QuotaWindow;
  windowStart: string;
  /** When this window's counter starts again from zero (also a good expiry for the key). */
  resetAt: string;
  limit: number;
}

export type QuotaVerdict =
  | { ok: true }
  | {
      ok: false;
      code: 'QUOTA_EXCEEDED';
      rule: string;
      description: string;
      window: QuotaWindow;
      limit: number;
      count: number;
      resetAt: string;
      retryAfterSeconds: number;
    };

const WINDOW_MS: Record<QuotaWindow, number> = { minute: 60_000, day: 86_400_000 };

/** The counters this call must increment: one for every quota rule whose `when` holds. */
export function quotaChecks(policy: CompiledPolicy, ctx: PolicyContext): QuotaCheck[] {
  const at = Date.parse(ctx.time.iso);
  if (Number.isNaN(at)) throw new RangeError(`context time.iso "${ctx.time.iso}" is not a timestamp`);
  const matched: CompiledRule[] = [];
  forEachCandidate(policy.quota, ctx.model.name, ctx.purpose, (rule) => {
    if (rule.test(ctx)) matched.push(rule);
  });
  return matched.sort((a, b) => a.index - b.index).map(({ rule }) => check(rule as QuotaRule, ctx, at));
}

/**
 * `counts` maps each check's key to its count after this call was added. A call is over quota
 * when a count exceeds its limit; when several are, the one that resets last is reported, since
 * that is how long the caller must wait.
 */
export function quotaVerdict(counts: Readonly<Record<string, number>>, checks: readonly QuotaCheck[], now: Date): QuotaVerdict {
  let worst: { check: QuotaCheck; count: number } | undefined;
  for (const check of checks) {
    const count = counts[check.key];
    if (typeof count !== 'number') throw new RangeError(`no count given for quota counter ${check.key}`);
    if (count > check.limit && (!worst || check.resetAt > worst.check.resetAt)) worst = { check, count };
  }
  if (!worst) return { ok: true };
  const { check, count } = worst;
  const waitMs = Date.parse(check.resetAt) - now.getTime();
  return {
    ok: false,
    code: 'QUOTA_EXCEEDED',
    rule: check.rule,
    description: `${check.limit} calls per ${check.window}${describeScope(check.scope)}`,
    window: check.window,
    limit: check.limit,
    count,
    resetAt: check.resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

function check(rule: QuotaRule, ctx: PolicyContext, at: number): QuotaCheck {
  const size = WINDOW_MS[rule.per];
  const start = Math.floor(at / size) * size;
  const windowStart = new Date(start).toISOString();
  const scope: QuotaCheck['scope'] = {};
  if (rule.scope.includes('tenant')) scope.tenant = ctx.tenant.id;
  if (rule.scope.includes('model')) scope.model = ctx.model.name;
  const bucket = rule.per === 'day' ? windowStart.slice(0, 10) : windowStart.slice(0, 16);
  const parts = Object.entries(scope).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return {
    rule: rule.id,
    key: ['quota', rule.id, ...parts, `${rule.per}=${bucket}`].join(':'),
    scope,
    window: rule.per,
    windowStart,
    resetAt: new Date(start + size).toISOString(),
    limit: rule.limit,
  };
}

function describeScope(scope: QuotaCheck['scope']): string {
  const parts = [scope.tenant && `tenant ${scope.tenant}`, scope.model && `model ${scope.model}`].filter(Boolean);
  return parts.length ? ` for ${parts.join(' and ')}` : '';
}
