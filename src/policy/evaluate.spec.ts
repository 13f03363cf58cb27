import fc from 'fast-check';
import { compilePolicy, contentVersion } from './compile.js';
import { decidePost, decidePre, decideRows } from './evaluate.js';
import { timeContext, type PolicyContext } from './policy-context.js';
import type { PolicyDocument, PolicyRule } from './policy-document.js';

const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  tenant: { id: 't-1', name: 'Acme' },
  role: 'tenant',
  model: { name: 'credit-approval', version: '1.0.0', riskClass: 'high' },
  purpose: 'credit-scoring',
  jurisdiction: 'FR',
  time: timeContext(new Date('2026-11-20T09:30:00Z')),
  input: { income: 50000 },
  ...over,
});

const rule = (id: string, kind: 'usage' | 'output', effect: string, when?: Record<string, unknown>, extra: object = {}): PolicyRule =>
  ({ id, kind, effect, description: `${id} description`, ...(when ? { when } : {}), ...extra }) as PolicyRule;

const policy = (...rules: PolicyRule[]) => compilePolicy({ name: 'test', rules }, { version: 7 });

const allowCredit = rule('allow-credit', 'usage', 'allow', { 'model.name': 'credit-approval', purpose: 'credit-scoring' });

describe('decidePre', () => {
  it('allows with the rule that matched and the clauses that held', () => {
    const decision = decidePre(policy(allowCredit), ctx());
    expect(decision).toEqual({
      phase: 'pre',
      allowed: true,
      code: 'ALLOWED',
      policyVersion: '7',
      reason: 'Allowed under policy 7 by "allow-credit"',
      rules: [
        {
          id: 'allow-credit',
          kind: 'usage',
          effect: 'allow',
          description: 'allow-credit description',
          matched: true,
          clauses: [
            { path: 'model.name', operator: '$eq', expected: 'credit-approval', actual: 'credit-approval' },
            { path: 'purpose', operator: '$eq', expected: 'credit-scoring', actual: 'credit-scoring' },
          ],
        },
      ],
      obligations: [],
      suppress: [],
    });
  });

  it('lets a deny override an allow, naming the version, rule and clause', () => {
    const deny = rule('no-fr', 'usage', 'deny', { jurisdiction: { $in: ['FR', 'BE'] } });
    const decision = decidePre(policy(allowCredit, deny), ctx());
    expect(decision.allowed).toBe(false);
    expect(decision.code).toBe('POLICY_DENIED');
    expect(decision.rules.map((r) => r.id)).toEqual(['no-fr']);
    expect(decision.rules[0].clauses).toEqual([{ path: 'jurisdiction', operator: '$in', expected: ['FR', 'BE'], actual: 'FR' }]);
    expect(decision.reason).toBe('Denied by rule "no-fr" of policy 7: no-fr description [jurisdiction $in ["FR","BE"] (was "FR")]');
    expect(decision.obligations).toEqual([]);
  });

  it('lists at most ten matching deny rules, the first in document order leading', () => {
    const denies = Array.from({ length: 12 }, (_, i) => rule(`deny-${String(i).padStart(2, '0')}`, 'usage', 'deny', { purpose: 'credit-scoring' }));
    const inDocumentOrder = [...denies].reverse();
    const decision = decidePre(policy(allowCredit, ...inDocumentOrder), ctx());
    expect(decision.rules.map((r) => r.id)).toEqual(inDocumentOrder.slice(0, 10).map((r) => r.id));
    expect(decision.reason).toMatch(/^Denied by rule "deny-11"/);
  });

  it.each<[string, PolicyRule[], Partial<PolicyContext>]>([
    ['no rules at all', [], {}],
    ['an allow rule for another purpose', [allowCredit], { purpose: 'marketing' }],
    ['only an obligate rule', [rule('oblige', 'usage', 'obligate', undefined, { obligations: ['log_reason'] })], {}],
  ])('denies with NO_ALLOWING_RULE given %s', (_name, rules, over) => {
    const decision = decidePre(policy(...rules), ctx(over));
    expect([decision.allowed, decision.code]).toEqual([false, 'NO_ALLOWING_RULE']);
    expect(decision.reason).toContain(`No rule of policy 7 allows model "credit-approval" for purpose "${over.purpose ?? 'credit-scoring'}"`);
  });

  it('lists allow rules for the same model as near misses, with the clause that failed', () => {
    const decision = decidePre(policy(allowCredit), ctx({ purpose: 'marketing' }));
    expect(decision.rules).toEqual([
      expect.objectContaining({
        id: 'allow-credit',
        matched: false,
        clauses: [{ path: 'purpose', operator: '$eq', expected: 'credit-scoring', actual: 'marketing' }],
      }),
    ]);
  });

  it('accumulates obligations from every matching allow and obligate rule', () => {
    const decision = decidePre(
      policy(
        rule('allow-all', 'usage', 'allow', undefined, { obligations: ['log_reason'] }),
        allowCredit,
        rule('notify-high', 'usage', 'obligate', { 'model.riskClass': 'high' }, { obligations: ['notify_subject', 'log_reason'] }),
        rule('review-minimal', 'usage', 'obligate', { 'model.riskClass': 'minimal' }, { obligations: ['human_review'] }),
      ),
      ctx(),
    );
    expect(decision.allowed).toBe(true);
    expect(decision.obligations).toEqual([
      { name: 'log_reason', rules: ['allow-all', 'notify-high'] },
      { name: 'notify_subject', rules: ['notify-high'] },
    ]);
    expect(decision.rules.map((r) => [r.id, r.effect])).toEqual([
      ['allow-all', 'allow'],
      ['allow-credit', 'allow'],
      ['notify-high', 'obligate'],
    ]);
  });

  it.each<[string, Record<string, unknown>, unknown[]]>([
    ['only the $or branch that held', { $or: [{ purpose: 'marketing' }, { 'time.hour': { $lt: 12 } }] }, [{ path: 'time.hour', operator: '$lt', expected: 12, actual: 9 }]],
    ['a negation', { 'model.riskClass': { $not: { $in: ['minimal'] } } }, [{ path: 'model.riskClass', operator: '$not', expected: { $in: ['minimal'] }, actual: 'high' }]],
    ['a $nor', { $nor: [{ role: 'admin' }] }, [{ path: 'role', operator: '$not', expected: { $eq: 'admin' }, actual: 'tenant' }]],
    ['personal data withheld', { 'input.income': { $gt: 1000 } }, [{ path: 'input.income', operator: '$gt', expected: 1000, personal: true }]],
    ['a missing value as null', { jurisdiction: { $ne: 'DE' }, 'subject.id': { $exists: false } }, [
      { path: 'jurisdiction', operator: '$ne', expected: 'DE', actual: 'FR' },
      { path: 'subject.id', operator: '$exists', expected: false, actual: null },
    ]],
    ['a regular expression', { 'model.name': { $regex: '^CREDIT', $options: 'i' } }, [{ path: 'model.name', operator: '$regex', expected: '/^CREDIT/i', actual: 'credit-approval' }]],
    ['a clause about tenants, without the tenants it names', { 'tenant.name': { $in: ['Acme', 'Globex'] } }, [{ path: 'tenant.name', operator: '$in', tenantsWithheld: true, actual: 'Acme' }]],
  ])('explains %s', (_name, when, clauses) => {
    const decision = decidePre(policy(rule('r', 'usage', 'allow', when)), ctx());
    expect(decision.allowed).toBe(true);
    expect(decision.rules[0].clauses).toEqual(clauses);
  });

  it('lists as near misses only rules that did not fail on who the tenant is', () => {
    const forOther = rule('allow-globex', 'usage', 'allow', { 'model.name': 'credit-approval', 'tenant.id': 'globex-id' });
    const forHours = rule('allow-mornings', 'usage', 'allow', { 'model.name': 'credit-approval', 'time.hour': { $lt: 6 } });
    const decision = decidePre(policy(forOther, forHours), ctx());
    expect(decision.code).toBe('NO_ALLOWING_RULE');
    expect(decision.rules.map((r) => r.id)).toEqual(['allow-mornings']);
    expect(JSON.stringify(decision)).not.toContain('globex');
  });

  it('never copies personal data into the reason of a denial', () => {
    const decision = decidePre(policy(allowCredit, rule('low-income', 'usage', 'deny', { 'input.income': { $lt: 60000 } })), ctx());
    expect(decision.reason).toContain('input.income $lt 60000 (personal data, value withheld)');
    expect(JSON.stringify(decision)).not.toContain('50000');
  });
});

describe('decidePost', () => {
  const review = rule('review-band', 'output', 'obligate', { 'output.score': { $gte: 0.4, $lte: 0.6 } }, { obligations: ['human_review'] });
  const hideScore = rule('hide-score', 'output', 'suppress', { purpose: 'credit-scoring' }, { fields: ['score'] });
  const hideBoth = rule('hide-explanation', 'output', 'suppress', { 'output.label': 'decline' }, { fields: ['score', 'explanation'] });
  const denyLow = rule('deny-very-low', 'output', 'deny', { 'output.score': { $lt: 0.05 } });
  const rules = [review, hideScore, hideBoth, denyLow];

  it.each<[string, PolicyContext['output'], boolean, string[], string[]]>([
    ['inside the review band', { label: 'approve', score: 0.5 }, true, ['human_review'], ['score']],
    ['outside the band', { label: 'approve', score: 0.9 }, true, [], ['score']],
    ['declined: suppressions merge', { label: 'decline', score: 0.3 }, true, [], ['explanation', 'score']],
    ['denied output', { label: 'decline', score: 0.01 }, false, [], []],
  ])('%s', (_name, output, allowed, obligations, suppress) => {
    const decision = decidePost(policy(...rules), ctx({ output }));
    expect(decision.allowed).toBe(allowed);
    expect(decision.obligations.map((o) => o.name)).toEqual(obligations);
    expect(decision.suppress).toEqual(suppress);
  });

  it('gives no suppressed output in its clauses, and no output at all when it refuses', () => {
    const bandOnLabel = rule('review-declines', 'output', 'obligate', { 'output.label': 'decline', 'output.score': { $lt: 0.6 } }, { obligations: ['human_review'] });
    const hideLabel = rule('hide-label', 'output', 'suppress', { purpose: 'credit-scoring' }, { fields: ['label'] });
    const scoreHidden = decidePost(policy(review, hideScore), ctx({ output: { label: 'approve', score: 0.5123 } }));
    expect(scoreHidden.rules[0].clauses).toEqual([
      { path: 'output.score', operator: '$gte', expected: 0.4, withheld: true },
      { path: 'output.score', operator: '$lte', expected: 0.6, withheld: true },
    ]);
    // The label's suppression withholds the score as well, which gives the label away.
    const labelHidden = decidePost(policy(bandOnLabel, hideLabel), ctx({ output: { label: 'decline', score: 0.5123 } }));
    expect(labelHidden.rules[0].clauses.every((c) => c.withheld && !('actual' in c))).toBe(true);
    const refused = decidePost(policy(denyLow), ctx({ output: { label: 'decline', score: 0.0123 } }));
    expect(refused.allowed).toBe(false);
    expect(refused.reason).toContain('output.score $lt 0.05 (value withheld)');
    expect(JSON.stringify(refused)).not.toContain('0.0123');
    // Kept where nothing is withheld.
    expect(decidePost(policy(review), ctx({ output: { label: 'approve', score: 0.5123 } })).rules[0].clauses[0].actual).toBe(0.5123);
    // In a batch, a field one row suppresses is withheld from every row's clauses.
    const batch = decideRows(policy(review, hideBoth), 'post', [ctx({ output: { label: 'approve', score: 0.5123 } }), ctx({ output: { label: 'decline', score: 0.4567 } })]);
    expect(batch.suppress).toEqual(['explanation', 'score']);
    expect(JSON.stringify(batch)).not.toMatch(/0\.5123|0\.4567/);
  });

  it('allows when no output rule applies', () => {
    const decision = decidePost(policy(review), ctx({ output: { label: 'approve', score: 0.99 } }));
    expect(decision).toMatchObject({ allowed: true, code: 'ALLOWED', rules: [], reason: 'No output rule of policy 7 applies' });
  });

  it('ignores usage rules, and decidePre ignores output rules', () => {
    const p = policy(allowCredit, denyLow);
    expect(decidePost(p, ctx({ output: { label: 'x', score: 0.5 } })).rules).toEqual([]);
    expect(decidePre(p, ctx({ output: { label: 'x', score: 0.01 } })).rules.map((r) => r.id)).toEqual(['allow-credit']);
  });
});

describe('decideRows', () => {
  const p = policy(allowCredit, rule('no-minors', 'usage', 'deny', { 'input.age': { $lt: 18 } }));

  it('allows a batch when every row is allowed, listing the rows each rule applied to', () => {
    const decision = decideRows(p, 'pre', [ctx({ input: { age: 30 } }), ctx({ input: { age: 40 } })]);
    expect(decision.allowed).toBe(true);
    expect(decision.rules.map((r) => [r.id, r.rows])).toEqual([['allow-credit', [0, 1]]]);
  });

  it('lists obligations and suppressions with the rows that need them', () => {
    const review = rule('review-band', 'output', 'obligate', { 'output.score': { $gte: 0.4, $lte: 0.6 } }, { obligations: ['human_review'] });
    const hide = rule('hide', 'output', 'suppress', { 'output.label': 'decline' }, { fields: ['explanation'] });
    const outputs = [0.9, 0.5, 0.45, 0.1].map((score) => ctx({ output: { label: score < 0.5 ? 'decline' : 'approve', score } }));
    const decision = decideRows(policy(review, hide), 'post', outputs);
    expect(decision.allowed).toBe(true);
    expect(decision.obligations).toEqual([{ name: 'human_review', rules: ['review-band'], rows: [1, 2] }]);
    expect(decision.suppress).toEqual(['explanation']);
    expect(decision.rules.map((r) => [r.id, r.rows])).toEqual([['review-band', [1, 2]], ['hide', [2, 3]]]);
  });

  it('refuses an empty batch', () => {
    expect(decideRows(p, 'pre', [])).toMatchObject({ allowed: false, rules: [] });
  });

  it('denies the batch when one row is denied and names the row', () => {
    const decision = decideRows(p, 'pre', [ctx({ input: { age: 30 } }), ctx({ input: { age: 16 } }), ctx({ input: { age: 12 } })]);
    expect([decision.allowed, decision.code]).toEqual([false, 'POLICY_DENIED']);
    expect(decision.reason).toMatch(/^Row 1: Denied by rule "no-minors"/);
    expect(decision.rules.map((r) => [r.id, r.rows])).toEqual([['no-minors', [1, 2]]]);
  });
});

describe('policy version', () => {
  const doc: PolicyDocument = { name: 'v', rules: [allowCredit] };

  it('defaults to a hash of the content that ignores key order', () => {
    const reordered = JSON.parse(JSON.stringify({ rules: doc.rules, name: doc.name })) as PolicyDocument;
    expect(compilePolicy(doc).version).toBe(contentVersion(reordered));
    expect(compilePolicy(doc).version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(compilePolicy({ ...doc, name: 'w' }).version).not.toBe(compilePolicy(doc).version);
  });

  it('refuses to compile an invalid document', () => {
    expect(() => compilePolicy({ name: 'x', rules: [rule('a', 'usage', 'perhaps')] })).toThrow(/rules\[0\]\.effect/);
  });
});

describe('rule index', () => {
  const models = ['m1', 'm2', 'm3'];
  const purposes = ['p1', 'p2'];
  const pin = (field: string, values: string[]) =>
    fc.oneof(fc.constant(undefined), fc.constantFrom(...values).map((v) => ({ [field]: v })), fc.subarray(values, { minLength: 1 }).map((v) => ({ [field]: { $in: v } })));
  const arbitraryRule = fc
    .record({ effect: fc.constantFrom('allow', 'deny', 'obligate'), model: pin('model.name', models), purpose: pin('purpose', purposes), tenant: fc.boolean() })
    .map(({ effect, model, purpose, tenant }) => ({ effect, when: { ...model, ...purpose, ...(tenant ? { 'tenant.id': 't-1' } : {}) } }));

  it('gives the same decision as testing every rule', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRule, { maxLength: 12 }), fc.constantFrom(...models), fc.constantFrom(...purposes), (specs, model, purpose) => {
        const rules = specs.map((s, i) => rule(`r${i}`, 'usage', s.effect, s.when, s.effect === 'obligate' ? { obligations: ['log_reason'] } : {}));
        const compiled = policy(...rules);
        const request = ctx({ model: { name: model, version: '1', riskClass: 'high' }, purpose });
        const matching = compiled.usage.rules.filter((r) => r.test(request)).map((r) => r.rule);
        const denied = matching.some((r) => r.kind === 'usage' && r.effect === 'deny');
        const allowed = !denied && matching.some((r) => r.kind === 'usage' && r.effect === 'allow');
        const decision = decidePre(compiled, request);
        expect(decision.allowed).toBe(allowed);
        if (denied) expect(decision.rules.map((r) => r.id)).toEqual(matching.filter((r) => r.kind === 'usage' && r.effect === 'deny').map((r) => r.id));
        if (allowed) expect(decision.rules.map((r) => r.id)).toEqual(matching.map((r) => r.id));
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
