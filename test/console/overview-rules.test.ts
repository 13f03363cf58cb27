import { summariseCalls, summariseModels, UNCODED, type CallCountRow } from '../../src/console/overview-rules.js';

const row = (over: Partial<CallCountRow>): CallCountRow => ({ tenantId: 't1', tenantName: 'Acme', model: 'credit-approval', purpose: 'credit-scoring', decision: 'allow', reason: null, stage: null, calls: 1, ...over });

describe('summariseCalls', () => {
  it('is all zeros for no calls', () => {
    expect(summariseCalls([])).toEqual({ total: 0, allowed: 0, denied: 0, byReason: [], byModel: [], byTenant: [], byPurpose: [], usage: [] });
  });

  it('adds allowed and denied calls up by reason, model, tenant, purpose and usage, busiest first', () => {
    const summary = summariseCalls([
      row({ calls: 5 }),
      row({ decision: 'deny', reason: 'CONSENT_MISSING', stage: 'consent', calls: 2 }),
      row({ purpose: 'marketing', decision: 'deny', reason: 'PURPOSE_NOT_ALLOWED', stage: 'authorise', calls: 3 }),
      row({ tenantId: 't2', tenantName: 'Bank', model: 'support-router', purpose: 'customer-support', calls: 1 }),
      row({ tenantId: 't2', tenantName: 'Bank', model: 'no-such-model', decision: 'deny', reason: 'NOT_FOUND', stage: 'resolve-model', calls: 3 }),
      row({ tenantId: 't2', tenantName: 'Bank', decision: 'deny', reason: 'CONSENT_MISSING', stage: 'consent', calls: 1 }),
    ]);
    expect(summary).toEqual(
      expect.objectContaining({ total: 15, allowed: 6, denied: 9 }),
    );
    expect(summary.byReason).toEqual([
      { reason: 'CONSENT_MISSING', stages: ['consent'], calls: 3 },
      { reason: 'NOT_FOUND', stages: ['resolve-model'], calls: 3 },
      { reason: 'PURPOSE_NOT_ALLOWED', stages: ['authorise'], calls: 3 },
    ]);
    expect(summary.byModel).toEqual([
      { model: 'credit-approval', allowed: 5, denied: 6 },
      { model: 'no-such-model', allowed: 0, denied: 3 },
      { model: 'support-router', allowed: 1, denied: 0 },
    ]);
    expect(summary.byTenant).toEqual([
      { tenantId: 't1', tenantName: 'Acme', allowed: 5, denied: 5 },
      { tenantId: 't2', tenantName: 'Bank', allowed: 1, denied: 4 },
    ]);
    expect(summary.byPurpose.map((p) => [p.purpose, p.allowed, p.denied])).toEqual([
      ['credit-scoring', 5, 6],
      ['marketing', 0, 3],
      ['customer-support', 1, 0],
    ]);
    expect(summary.usage[0]).toEqual({ tenantId: 't1', tenantName: 'Acme', model: 'credit-approval', purpose: 'credit-scoring', allowed: 5, denied: 2 });
    expect(summary.usage).toHaveLength(5);
    expect(summary.usage.reduce((sum, u) => sum + u.allowed + u.denied, 0)).toBe(15);
  });

  it('counts a denial recorded without a code, and merges the stages a reason was given at', () => {
    const summary = summariseCalls([
      row({ decision: 'deny', reason: null, calls: 1 }),
      row({ decision: 'deny', reason: 'INTERNAL', stage: 'infer', calls: 1 }),
      row({ decision: 'deny', reason: 'INTERNAL', stage: 'consent', calls: 1 }),
    ]);
    expect(summary.byReason).toEqual([
      { reason: 'INTERNAL', stages: ['consent', 'infer'], calls: 2 },
      { reason: UNCODED, stages: [], calls: 1 },
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p as a count', (calls) => {
    expect(() => summariseCalls([row({ calls })])).toThrow(RangeError);
  });
});

describe('summariseModels', () => {
  it('counts models, the ones serving, and versions by status', () => {
    expect(
      summariseModels([
        { name: 'a', status: 'active' },
        { name: 'a', status: 'retired' },
        { name: 'b', status: 'suspended' },
        { name: 'c', status: 'draft' },
        { name: 'c', status: 'active' },
      ]),
    ).toEqual({ total: 3, serving: 2, versions: { active: 2, suspended: 1, draft: 1, retired: 1 } });
    expect(summariseModels([])).toEqual({ total: 0, serving: 0, versions: { active: 0, suspended: 0, draft: 0, retired: 0 } });
  });
});
