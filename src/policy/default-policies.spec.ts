import { readdirSync, readFileSync } from 'node:fs';
import { compilePolicy } from './compile.js';
import { decidePost, decidePre } from './evaluate.js';
import { countryOf, timeContext, type PolicyContext } from './policy-context.js';
import { formatPolicyErrors, parsePolicy } from './policy-parse.js';
import { quotaChecks } from './quota.js';
import { planRedaction } from './redaction-plan.js';

const folder = new URL('../../policies/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));

describe('policy files', () => {
  it('there is at least one', () => {
    expect(files).toContain('default.yaml');
  });

  it.each(files)('%s parses without errors and compiles', (file) => {
    const result = parsePolicy(readFileSync(new URL(file, folder), 'utf8'));
    expect(formatPolicyErrors(result.errors ?? [])).toBe('');
    expect(() => compilePolicy(result.document!)).not.toThrow();
  });
});

describe('the default policy', () => {
  const parsed = parsePolicy(readFileSync(new URL('default.yaml', folder), 'utf8'));
  const policy = compilePolicy(parsed.document!, { version: 1 });

  const credit = { name: 'credit-approval', version: '1.0.0', riskClass: 'high' } as const;
  const router = { name: 'support-router', version: '1.0.0', riskClass: 'limited' } as const;
  const ctx = (over: Partial<PolicyContext>): PolicyContext => ({
    tenant: { id: 't-1', name: 'Acme' },
    role: 'tenant',
    model: credit,
    purpose: 'credit-scoring',
    time: timeContext(new Date('2026-11-20T09:30:00Z')),
    ...over,
    ...(over.jurisdiction ? { country: countryOf(over.jurisdiction) } : {}),
  });

  it.each<[string, Partial<PolicyContext>, string, string[], string[]]>([
    ['credit scoring in Germany', { jurisdiction: 'DE' }, 'ALLOWED', ['credit-approval-for-credit-scoring', 'notify-eu-subjects-of-high-risk-decisions'], ['notify_subject']],
    ['credit scoring in the US', { jurisdiction: 'US' }, 'ALLOWED', ['credit-approval-for-credit-scoring'], []],
    ['credit model for fraud prevention', { purpose: 'fraud-prevention' }, 'POLICY_DENIED', ['credit-approval-only-for-credit-scoring'], []],
    ['credit model for marketing', { purpose: 'marketing' }, 'POLICY_DENIED', ['credit-approval-only-for-credit-scoring', 'no-marketing-on-high-risk-models'], []],
    ['support router for customer support', { model: router, purpose: 'customer-support' }, 'ALLOWED', ['support-router-for-customer-support'], []],
    ['support router for marketing', { model: router, purpose: 'marketing' }, 'NO_ALLOWING_RULE', ['support-router-for-customer-support'], []],
    ['an unknown model', { model: { name: 'other', version: '1', riskClass: 'minimal' } }, 'NO_ALLOWING_RULE', ['credit-approval-for-credit-scoring'], []],
  ])('before inference: %s', (_name, over, code, rules, obligations) => {
    const decision = decidePre(policy, ctx(over));
    expect(decision.code).toBe(code);
    expect(decision.rules.map((r) => r.id)).toEqual(rules);
    expect(decision.obligations.map((o) => o.name)).toEqual(obligations);
  });

  it('names the rule and the clause when the credit model is used for marketing', () => {
    const decision = decidePre(policy, ctx({ purpose: 'marketing' }));
    expect(decision.reason).toBe(
      'Denied by rule "credit-approval-only-for-credit-scoring" of policy 1: The credit-approval model is assessed only for credit scoring; ' +
        'any other purpose is refused. [model.name $eq "credit-approval" (was "credit-approval"); purpose $ne "credit-scoring" (was "marketing")]',
    );
  });

  it.each<[string, Partial<PolicyContext>, string[], string[]]>([
    ['an uncertain score in the EU', { jurisdiction: 'IT', output: { label: 'approve', score: 0.52 } }, ['human_review'], []],
    ['the lower edge of the band', { jurisdiction: 'GR', output: { label: 'decline', score: 0.4 } }, ['human_review'], []],
    ['a confident score in the EU', { jurisdiction: 'IT', output: { label: 'approve', score: 0.61 } }, [], []],
    ['an uncertain score outside the EU', { jurisdiction: 'CH', output: { label: 'approve', score: 0.5 } }, [], []],
    ['an uncertain score with no jurisdiction', { output: { label: 'approve', score: 0.5 } }, [], []],
    ['a routed message that held PII', { model: router, purpose: 'customer-support', pii: { found: ['EMAIL'], count: 1 }, output: { label: 'billing', score: 0.8 } }, [], ['explanation']],
    ['a routed message without PII', { model: router, purpose: 'customer-support', pii: { found: [], count: 0 }, output: { label: 'billing', score: 0.8 } }, [], []],
  ])('after inference: %s', (_name, over, obligations, suppress) => {
    const decision = decidePost(policy, ctx(over));
    expect(decision.allowed).toBe(true);
    expect(decision.obligations.map((o) => o.name)).toEqual(obligations);
    expect(decision.suppress).toEqual(suppress);
  });

  it('counts every call against a daily and a per-minute quota per tenant and model', () => {
    expect(quotaChecks(policy, ctx({})).map((c) => [c.rule, c.window, c.limit])).toEqual([
      ['daily-calls-per-tenant-and-model', 'day', 10000],
      ['calls-per-minute-per-tenant-and-model', 'minute', 600],
    ]);
  });

  it('has the support router read messages with every kind of personal data replaced, and nothing redacted for the credit model', () => {
    const routed = planRedaction(policy, ctx({ model: router, purpose: 'customer-support' }));
    expect(routed.rules).toEqual(['redact-personal-data-before-the-support-router']);
    expect(routed.byEntity.get('EMAIL')).toEqual({ operator: 'replace', rule: 'redact-personal-data-before-the-support-router' });
    expect(routed.byEntity.size).toBeGreaterThanOrEqual(10);
    expect(planRedaction(policy, ctx({})).byEntity.size).toBe(0);
  });
});
