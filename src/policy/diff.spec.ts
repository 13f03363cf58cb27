import { diffPolicies } from './diff.js';
import type { PolicyDocument, PolicyRule } from './policy-document.js';

const before: PolicyDocument = {
  name: 'p',
  description: 'first',
  rules: [
    { id: 'allow-credit', kind: 'usage', effect: 'allow', description: 'a', when: { 'model.name': 'credit-approval', purpose: 'credit-scoring' } },
    { id: 'eu-review', kind: 'output', effect: 'obligate', description: 'r', obligations: ['human_review'], when: { jurisdiction: { $in: ['DE', 'FR'] }, 'output.score': { $gte: 0.4 } } },
    { id: 'daily', kind: 'quota', description: 'q', scope: ['tenant'], per: 'day', limit: 100 },
    { id: 'old', kind: 'usage', effect: 'deny', description: 'o' },
  ],
};

describe('diffPolicies', () => {
  it('finds nothing between a document and itself, whatever the rule order', () => {
    const shuffled = { ...before, rules: [...before.rules].reverse() };
    expect(diffPolicies(before, shuffled)).toEqual({
      identical: true,
      document: [],
      added: [],
      removed: [],
      changed: [],
      unchanged: ['old', 'daily', 'eu-review', 'allow-credit'],
    });
  });

  it('reports a change in the order of redaction rules, which decides the operator an entity type gets', () => {
    const hash: PolicyRule = { id: 'hash-emails', kind: 'redaction', description: 'h', entities: ['EMAIL'], operator: 'hash' };
    const replace: PolicyRule = { id: 'replace-all', kind: 'redaction', description: 'r', operator: 'replace' };
    const withRedaction = { ...before, rules: [...before.rules, hash, replace] };
    const swapped = { ...before, rules: [...[...before.rules].reverse(), replace, hash] };
    expect(diffPolicies(withRedaction, swapped)).toEqual(
      expect.objectContaining({ identical: false, changed: [], added: [], removed: [], redactionOrder: { before: ['hash-emails', 'replace-all'], after: ['replace-all', 'hash-emails'] } }),
    );
    // Another redaction rule added in between leaves the order of the shared ones as it was.
    const added: PolicyRule = { id: 'mask-cards', kind: 'redaction', description: 'm', entities: ['CREDIT_CARD'], operator: 'mask' };
    expect(diffPolicies(withRedaction, { ...before, rules: [hash, added, replace] }).redactionOrder).toBeUndefined();
  });

  it('reports added, removed and field-level changes', () => {
    const after: PolicyDocument = {
      name: 'p',
      description: 'second',
      rules: [
        before.rules[0],
        { id: 'eu-review', kind: 'output', effect: 'obligate', description: 'r', obligations: ['human_review', 'notify_subject'], when: { jurisdiction: { $in: ['DE', 'IT'] }, 'output.score': { $gte: 0.35 }, 'model.riskClass': 'high' } },
        { id: 'daily', kind: 'quota', description: 'q', scope: ['tenant'], per: 'day', limit: 500 },
        { id: 'new', kind: 'usage', effect: 'allow', description: 'n', when: { purpose: 'customer-support' } },
      ],
    };
    const diff = diffPolicies(before, after);
    expect(diff.identical).toBe(false);
    expect(diff.document).toEqual([{ field: 'description', before: 'first', after: 'second' }]);
    expect(diff.added.map((r) => r.id)).toEqual(['new']);
    expect(diff.removed.map((r) => r.id)).toEqual(['old']);
    expect(diff.unchanged).toEqual(['allow-credit']);
    expect(diff.changed).toEqual([
      {
        id: 'eu-review',
        changes: [
          { field: 'obligations', before: ['human_review'], after: ['human_review', 'notify_subject'], added: ['notify_subject'], removed: [] },
          { field: 'when.jurisdiction.$in', before: ['DE', 'FR'], after: ['DE', 'IT'], added: ['IT'], removed: ['FR'] },
          { field: 'when.output.score.$gte', before: 0.4, after: 0.35 },
          { field: 'when.model.riskClass', after: 'high' },
        ],
      },
      { id: 'daily', changes: [{ field: 'limit', before: 100, after: 500 }] },
    ]);
  });

  it('reports a field that disappears', () => {
    const after: PolicyDocument = { ...before, rules: [{ ...before.rules[0], when: undefined } as never] };
    expect(diffPolicies({ ...before, rules: [before.rules[0]] }, after).changed).toEqual([
      { id: 'allow-credit', changes: [{ field: 'when', before: { 'model.name': 'credit-approval', purpose: 'credit-scoring' } }] },
    ]);
  });
});
