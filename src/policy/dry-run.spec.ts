import { compilePolicy } from './compile.js';
import { dryRun, type RecordedRequest } from './dry-run.js';
import { timeContext, type PolicyContext } from './policy-context.js';
import type { PolicyRule } from './policy-document.js';

const request = (id: string, purpose: string, jurisdiction: string, score?: number): RecordedRequest => ({
  id,
  context: {
    tenant: { id: 't-1', name: 'Acme' },
    role: 'tenant',
    model: { name: 'credit-approval', version: '1.0.0', riskClass: 'high' },
    purpose,
    jurisdiction,
    time: timeContext(new Date('2026-11-20T09:30:00Z')),
    ...(score === undefined ? {} : { output: { label: score >= 0.5 ? 'approve' : 'decline', score } }),
  } satisfies PolicyContext,
});

const allowCredit: PolicyRule = { id: 'allow-credit', kind: 'usage', effect: 'allow', description: 'a', when: { purpose: 'credit-scoring' } };
const allowFraud: PolicyRule = { id: 'allow-fraud', kind: 'usage', effect: 'allow', description: 'f', when: { purpose: 'fraud-prevention' } };
const denyUs: PolicyRule = { id: 'deny-us', kind: 'usage', effect: 'deny', description: 'u', when: { jurisdiction: 'US' } };
const review = (low: number): PolicyRule => ({
  id: 'review',
  kind: 'output',
  effect: 'obligate',
  description: 'r',
  obligations: ['human_review'],
  when: { 'output.score': { $gte: low, $lte: 0.6 } },
});
const hide: PolicyRule = { id: 'hide', kind: 'output', effect: 'suppress', description: 'h', fields: ['explanation'], when: { jurisdiction: 'FR' } };

const recorded = [
  request('r1', 'credit-scoring', 'DE', 0.9),
  request('r2', 'credit-scoring', 'US', 0.9),
  request('r3', 'fraud-prevention', 'DE'),
  request('r4', 'fraud-prevention', 'US'),
  request('r5', 'marketing', 'DE'),
  request('r6', 'credit-scoring', 'DE', 0.45),
  request('r7', 'credit-scoring', 'FR', 0.9),
];

describe('dryRun', () => {
  const active = compilePolicy({ name: 'p', rules: [allowCredit, denyUs, review(0.5)] }, { version: 1 });

  it('reports no change for the same policy', () => {
    const report = dryRun(active, active, recorded);
    expect(report).toMatchObject({ total: 7, changed: 0, newlyDenied: 0, newlyAllowed: 0, byRule: {}, examples: [] });
  });

  it('counts decisions that flip or change obligations, by the rule responsible', () => {
    const draft = compilePolicy({ name: 'p', rules: [allowCredit, allowFraud, review(0.4), hide] }, { version: 2 });
    const report = dryRun(draft, active, recorded, { examples: 2 });
    expect(report).toMatchObject({ total: 7, changed: 5, newlyDenied: 0, newlyAllowed: 3, obligationsChanged: 1, suppressChanged: 1 });
    expect(report.byRule).toEqual({
      'deny-us': { newlyDenied: 0, newlyAllowed: 2, obligationsChanged: 0, suppressChanged: 0 },
      'allow-fraud': { newlyDenied: 0, newlyAllowed: 1, obligationsChanged: 0, suppressChanged: 0 },
      review: { newlyDenied: 0, newlyAllowed: 0, obligationsChanged: 1, suppressChanged: 0 },
      hide: { newlyDenied: 0, newlyAllowed: 0, obligationsChanged: 0, suppressChanged: 1 },
    });
    expect(report.examples).toEqual([
      {
        id: 'r2',
        before: { allowed: false, code: 'POLICY_DENIED', rules: ['deny-us'], obligations: [], suppress: [] },
        after: { allowed: true, code: 'ALLOWED', rules: ['allow-credit'], obligations: [], suppress: [] },
        rules: ['deny-us'],
      },
      {
        id: 'r3',
        before: { allowed: false, code: 'NO_ALLOWING_RULE', rules: [], obligations: [], suppress: [] },
        after: { allowed: true, code: 'ALLOWED', rules: ['allow-fraud'], obligations: [], suppress: [] },
        rules: ['allow-fraud'],
      },
    ]);
  });

  it('attributes new denials to the denying rule or to NO_ALLOWING_RULE', () => {
    const draft = compilePolicy({ name: 'p', rules: [{ ...allowCredit, when: { purpose: 'credit-scoring', jurisdiction: { $ne: 'FR' } } }, denyUs, { id: 'deny-low', kind: 'output', effect: 'deny', description: 'l', when: { 'output.score': { $lt: 0.5 } } }] });
    const report = dryRun(draft, active, recorded);
    expect(report).toMatchObject({ changed: 2, newlyDenied: 2, newlyAllowed: 0 });
    expect(report.byRule).toEqual({
      'deny-low': { newlyDenied: 1, newlyAllowed: 0, obligationsChanged: 0, suppressChanged: 0 },
      NO_ALLOWING_RULE: { newlyDenied: 1, newlyAllowed: 0, obligationsChanged: 0, suppressChanged: 0 },
    });
    expect(report.examples.map((e) => e.id)).toEqual(['r6', 'r7']);
  });
});

describe('dryRun, where the record cannot tell', () => {
  const active = compilePolicy({ name: 'p', rules: [allowCredit] }, { version: 1 });
  const withReason = (r: RecordedRequest, reasonGiven?: boolean): RecordedRequest => ({ ...r, ...(reasonGiven === undefined ? {} : { reasonGiven }) });
  const explainCredit: PolicyRule = { id: 'explain-credit', kind: 'usage', effect: 'obligate', description: 'e', obligations: ['log_reason'], when: { purpose: 'credit-scoring' } };

  it('names the rules that read subject attributes, which recorded calls do not keep', () => {
    const segment: PolicyRule = { id: 'no-vulnerable', kind: 'usage', effect: 'deny', description: 'v', when: { subject: { attributes: { segment: 'vulnerable' } } } };
    const nested: PolicyRule = { id: 'adults', kind: 'output', effect: 'deny', description: 'a', when: { $or: [{ 'subject.attributes.age': { $lt: 18 } }, { purpose: 'x' }] } };
    const report = dryRun(compilePolicy({ name: 'p', rules: [allowCredit, segment, nested] }), active, recorded);
    expect(report.notReplayable).toEqual([
      { rule: 'no-vulnerable', paths: ['subject.attributes.segment'], reason: expect.stringContaining('subject attributes') },
      { rule: 'adults', paths: ['subject.attributes.age'], reason: expect.stringContaining('subject attributes') },
    ]);
    expect(dryRun(active, active, recorded).notReplayable).toEqual([]);
  });

  it('replays a call without the reason a draft obliges as refused, attributed to the obliging rule', () => {
    const draft = compilePolicy({ name: 'p', rules: [allowCredit, explainCredit] }, { version: 2 });
    const calls = [withReason(recorded[0], false), withReason(recorded[5], true), withReason(recorded[6], false)];
    const report = dryRun(draft, active, calls);
    expect(report).toMatchObject({ changed: 3, newlyDenied: 2, wouldRequireReason: 2, obligationsChanged: 1, notReplayable: [] });
    expect(report.byRule['explain-credit']).toEqual({ newlyDenied: 2, newlyAllowed: 0, obligationsChanged: 1, suppressChanged: 0 });
    expect(report.examples[0].after).toEqual({ allowed: false, code: 'REASON_REQUIRED', rules: ['explain-credit'], obligations: [], suppress: [] });
    // And back: a draft that no longer obliges a reason lets such a call through.
    expect(dryRun(active, draft, calls)).toMatchObject({ newlyAllowed: 2, byRule: { 'explain-credit': { newlyAllowed: 2, obligationsChanged: 1 } } });
  });

  it('names the obliging rule when whether a call gave a reason is not known, instead of guessing', () => {
    const draft = compilePolicy({ name: 'p', rules: [allowCredit, explainCredit] }, { version: 2 });
    const report = dryRun(draft, active, [withReason(recorded[0]), withReason(recorded[6], false), withReason(recorded[2])]);
    expect(report).toMatchObject({ newlyDenied: 1, obligationsChanged: 1 });
    expect(report.notReplayable).toEqual([{ rule: 'explain-credit', paths: [], reason: expect.stringContaining('whether 1 replayed call(s) gave a reason is not recorded') }]);
  });
});
