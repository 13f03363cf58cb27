import { compilePolicy } from './compile.js';
import { timeContext, type PolicyContext } from './policy-context.js';
import { parsePolicy } from './policy-parse.js';
import { planRedaction } from './redaction-plan.js';

const ctx: PolicyContext = {
  tenant: { id: 't-1', name: 'Acme' },
  role: 'tenant',
  model: { name: 'support-router', version: '1.0.0', riskClass: 'limited' },
  purpose: 'customer-support',
  time: timeContext(new Date('2026-11-20T09:30:00Z')),
};

function policyOf(rules: string) {
  const parsed = parsePolicy(`name: p\nrules:\n${rules}`);
  if (!parsed.document) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.document, { version: 1 });
}

describe('redaction rules', () => {
  it('the first rule in the document decides an entity type named by several', () => {
    const policy = policyOf(`
  - { id: hash-emails, kind: redaction, description: d, entities: [EMAIL], operator: hash }
  - { id: mask-cards, kind: redaction, description: d, entities: [CREDIT_CARD, EMAIL], operator: mask, keepLast: 4 }
  - { id: everything-else, kind: redaction, description: d, operator: replace, when: { model.name: support-router } }
`);
    const plan = planRedaction(policy, ctx);
    expect(plan.rules).toEqual(['hash-emails', 'mask-cards', 'everything-else']);
    expect(plan.byEntity.get('EMAIL')).toEqual({ operator: 'hash', rule: 'hash-emails' });
    expect(plan.byEntity.get('CREDIT_CARD')).toEqual({ operator: 'mask', keepLast: 4, rule: 'mask-cards' });
    expect(plan.byEntity.get('PERSON')).toEqual({ operator: 'replace', rule: 'everything-else' });
  });

  it('applies only where its condition holds', () => {
    const policy = policyOf(`
  - { id: only-eu, kind: redaction, description: d, operator: redact, when: { jurisdiction: { $in: [DE, FR] } } }
`);
    expect(planRedaction(policy, ctx).byEntity.size).toBe(0);
    expect(planRedaction(policy, { ...ctx, jurisdiction: 'DE' }).byEntity.get('PHONE')?.operator).toBe('redact');
  });

  it.each([
    ['an unknown entity type', '{ id: r, kind: redaction, description: d, entities: [EMAIL, PASSPORT], operator: replace }', 'rules[0].entities[1]', 'unknown entity type "PASSPORT"'],
    ['an unknown operator', '{ id: r, kind: redaction, description: d, operator: shred }', 'rules[0].operator', 'operator "shred" is unknown'],
    ['no operator', '{ id: r, kind: redaction, description: d }', 'rules[0]', 'operator is required'],
    ['keepLast without mask', '{ id: r, kind: redaction, description: d, operator: hash, keepLast: 2 }', 'rules[0].keepLast', 'keepLast only goes with operator: mask'],
    ['an effect, which redaction rules do not have', '{ id: r, kind: redaction, description: d, operator: replace, effect: deny }', 'rules[0].effect', 'unknown field "effect"'],
  ])('rejects %s, naming the line and field', (_name, rule, path, message) => {
    const parsed = parsePolicy(`name: p\nrules:\n  - ${rule}\n`);
    expect(parsed.errors).toEqual([expect.objectContaining({ path, line: 3, message: expect.stringContaining(message) })]);
  });
});
