import { compilePolicy } from './compile.js';
import { timeContext, type PolicyContext } from './policy-context.js';
import type { PolicyRule } from './policy-document.js';
import { quotaChecks, quotaVerdict, type QuotaCheck } from './quota.js';

const at = new Date('2026-11-20T23:59:30.500Z');
const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  tenant: { id: 'tenant 1', name: 'Acme' },
  role: 'tenant',
  model: { name: 'credit-approval', version: '1.0.0', riskClass: 'high' },
  purpose: 'credit-scoring',
  time: timeContext(at),
  ...over,
});

const quota = (id: string, scope: string[], per: 'minute' | 'day', limit: number, when?: object): PolicyRule =>
  ({ id, kind: 'quota', description: id, scope, per, limit, ...(when ? { when } : {}) }) as PolicyRule;

const policy = compilePolicy({
  name: 'q',
  rules: [
    quota('daily', ['tenant', 'model'], 'day', 100),
    quota('burst', ['tenant'], 'minute', 10),
    quota('credit-only', ['model'], 'day', 5, { 'model.name': 'credit-approval' }),
    { id: 'allow', kind: 'usage', effect: 'allow', description: 'd' },
  ],
});

describe('quotaChecks', () => {
  it('names one counter per matching quota rule, keyed by scope and aligned UTC window', () => {
    expect(quotaChecks(policy, ctx())).toEqual([
      {
        rule: 'daily',
        key: 'quota:daily:tenant=tenant%201:model=credit-approval:day=2026-11-20',
        scope: { tenant: 'tenant 1', model: 'credit-approval' },
        window: 'day',
        windowStart: '2026-11-20T00:00:00.000Z',
        resetAt: '2026-11-21T00:00:00.000Z',
        limit: 100,
      },
      {
        rule: 'burst',
        key: 'quota:burst:tenant=tenant%201:minute=2026-11-20T23:59',
        scope: { tenant: 'tenant 1' },
        window: 'minute',
        windowStart: '2026-11-20T23:59:00.000Z',
        resetAt: '2026-11-21T00:00:00.000Z',
        limit: 10,
      },
      expect.objectContaining({ rule: 'credit-only', key: 'quota:credit-only:model=credit-approval:day=2026-11-20', limit: 5 }),
    ]);
  });

  it('skips rules whose condition does not hold', () => {
    const other = ctx({ model: { name: 'support-router', version: '1', riskClass: 'limited' } });
    expect(quotaChecks(policy, other).map((c) => c.rule)).toEqual(['daily', 'burst']);
  });

  it('refuses a context without a usable time', () => {
    expect(() => quotaChecks(policy, ctx({ time: { iso: 'yesterday', hour: 0, weekday: 'mon' } }))).toThrow(RangeError);
  });
});

describe('quotaVerdict', () => {
  const checks = quotaChecks(policy, ctx());
  const counts = (daily: number, burst: number, credit: number) => Object.fromEntries(checks.map((c, i) => [c.key, [daily, burst, credit][i]]));

  it.each<[string, [number, number, number], string | undefined]>([
    ['under every limit', [1, 1, 1], undefined],
    ['exactly at the limits', [100, 10, 5], undefined],
    ['over the burst limit', [50, 11, 1], 'burst'],
    ['over the daily limit', [101, 1, 1], 'daily'],
  ])('%s', (_name, [daily, burst, credit], exceeded) => {
    const verdict = quotaVerdict(counts(daily, burst, credit), checks, at);
    expect(verdict.ok ? undefined : verdict.rule).toBe(exceeded);
  });

  it('reports the limit that resets last, with the wait in whole seconds', () => {
    const hourly: QuotaCheck[] = [
      { ...checks[1], key: 'a', resetAt: '2026-11-21T00:00:00.000Z' },
      { ...checks[0], key: 'b', resetAt: '2026-11-21T00:00:00.000Z' },
      { ...checks[2], key: 'c', resetAt: '2026-11-21T00:10:00.000Z' },
    ];
    expect(quotaVerdict({ a: 99, b: 999, c: 6 }, hourly, at)).toEqual({
      ok: false,
      code: 'QUOTA_EXCEEDED',
      rule: 'credit-only',
      description: '5 calls per day for model credit-approval',
      window: 'day',
      limit: 5,
      count: 6,
      resetAt: '2026-11-21T00:10:00.000Z',
      retryAfterSeconds: 630,
    });
    expect(quotaVerdict({ a: 11, b: 1, c: 1 }, hourly, at)).toMatchObject({ rule: 'burst', retryAfterSeconds: 30 });
  });

  it('refuses to decide without a count for every check', () => {
    expect(() => quotaVerdict({}, checks, at)).toThrow(/no count given/);
  });
});
