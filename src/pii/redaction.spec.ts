import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { compilePolicy } from '../policy/compile.js';
import { timeContext } from '../policy/policy-context.js';
import { parsePolicy } from '../policy/policy-parse.js';
import { planRedaction } from '../policy/redaction-plan.js';
import { RedactionFailedError } from '../privacy/index.js';
import { derivePiiKeys } from './pii-keys.service.js';
import { planOperators, redactText } from './redaction.js';
import { scrubForStorage } from './scrub.js';

const keys = derivePiiKeys(Buffer.alloc(32, 7));
const otherKeys = derivePiiKeys(Buffer.alloc(32, 8));
const text = 'Hi, Jana Novak here: mail jana.novak@example.org or call +44 20 7946 0958, card 4111 1111 1111 1111.';

function operatorsFor(rules: string, k = keys) {
  const parsed = parsePolicy(`name: p\nrules:\n${rules}`);
  const policy = compilePolicy(parsed.document!, { version: 1 });
  const plan = planRedaction(policy, {
    tenant: { id: 't', name: 't' },
    role: 'tenant',
    model: { name: 'support-router', version: '1.0.0', riskClass: 'limited' },
    purpose: 'customer-support',
    time: timeContext(new Date('2026-12-01T00:00:00Z')),
  });
  return planOperators(plan, () => k);
}

describe('redactText', () => {
  it('gives the model the planned replacements and stores every finding replaced', () => {
    const result = redactText(text, operatorsFor('  - { id: r, kind: redaction, description: d, entities: [EMAIL, PHONE], operator: replace }'));
    expect(result.forModel).toContain('<EMAIL>');
    expect(result.forModel).toContain('<PHONE>');
    // Not in the plan: the model reads them, storage never does.
    expect(result.forModel).toContain('4111 1111 1111 1111');
    expect(result.forStorage).toContain('<CREDIT_CARD>');
    expect(result.forStorage).not.toMatch(/Novak|7946|4111/);
    expect(result.found).toEqual(expect.arrayContaining(['PERSON', 'EMAIL', 'PHONE', 'CREDIT_CARD']));
  });

  it('replaces a planned type found inside a finding of a type the plan leaves to the model', () => {
    const operators = operatorsFor('  - { id: r, kind: redaction, description: d, entities: [EMAIL, PHONE], operator: replace }');
    const url = redactText('see https://crm.example.com/customers/jana.novak@example.org/history', operators);
    expect(url.forModel).toBe('see https://crm.example.com/customers/<EMAIL>/history');
    expect(url.forStorage).toBe('see <URL>');
    const query = redactText('see www.example.com/contact?email=jana.novak@example.org&tel=+442079460958', operators);
    expect(query.forModel).not.toMatch(/jana|2079460958/);
    const person = redactText('Deliver to Jana Novak, 10 Downing Street, London SW1A 2AA', operatorsFor('  - { id: r, kind: redaction, description: d, entities: [PERSON], operator: replace }'));
    expect(person.forModel).toContain('<PERSON>');
    expect(person.forModel).not.toContain('Novak');
  });

  it('stores hash tokens as they are: one token per value within a tenant, another across tenants', () => {
    const rules = '  - { id: r, kind: redaction, description: d, entities: [EMAIL], operator: hash }';
    const a = redactText('write to jana.novak@example.org', operatorsFor(rules));
    const b = redactText('JANA.NOVAK@example.org is my address', operatorsFor(rules));
    const c = redactText('write to jana.novak@example.org', operatorsFor(rules, otherKeys));
    const token = (s: string) => /<EMAIL:[0-9a-f]+>/.exec(s)?.[0];
    expect(token(a.forModel)).toBeDefined();
    expect(token(a.forModel)).toBe(token(b.forModel));
    expect(token(a.forModel)).not.toBe(token(c.forModel));
    expect(a.forStorage).toBe(a.forModel);
  });

  it('never stores what mask leaves visible', () => {
    const result = redactText('card 4111 1111 1111 1111', operatorsFor('  - { id: r, kind: redaction, description: d, operator: mask, keepLast: 4 }'));
    expect(result.forModel).toMatch(/\*+1111/);
    expect(result.forStorage).toBe('card <CREDIT_CARD>');
  });

  it('fails closed when the time budget is spent', () => {
    const operators = operatorsFor('  - { id: r, kind: redaction, description: d, operator: replace }');
    expect(() => redactText(text, operators, { timeBudgetMs: 0 })).toThrow(RedactionFailedError);
  });
});

describe('scrubForStorage', () => {
  it('replaces personal data in any string, however deep', () => {
    expect(scrubForStorage({ a: [{ note: 'from jana.novak@example.org' }], n: 3, ok: true })).toEqual({ a: [{ note: 'from <EMAIL>' }], n: 3, ok: true });
  });

  it.each([
    '3f1c9a5e-2b7d-4c1e-9f0a-1b2c3d4e5f60',
    'a'.repeat(64),
    'sha256:0123456789abcdef',
    'tenant:3f1c9a5e-2b7d-4c1e-9f0a-1b2c3d4e5f60',
    '2026-12-06T13:42:08.123Z',
    'REDACTION_FAILED',
    'credit-approval@1.0.0',
    'derived-credit@2.10.0-rc.1',
  ])('leaves the identifier %s alone', (id) => {
    expect(scrubForStorage({ id })).toEqual({ id });
  });

  it.each(['GB29NWBK60161331926819', 'AB123456C', '4111111111111111', '+441614960753'])('scrubs %s however machine-like it looks', (value) => {
    expect(scrubForStorage({ value }).value).toMatch(/^<[A-Z_]+>$/);
  });

  it.each(['sha256:4111111111111111', '4111111111111111ABCDEFABCDEFABCDEF', '4111111111111111abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd'])('scrubs a card in %s, which only looks like a digest', (value) => {
    expect(scrubForStorage({ value }).value).not.toContain('4111111111111111');
  });

  it('leaves real digests alone, with or without their algorithm', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom('sha256', 'sha512', 'sha1', 'md5'), fc.boolean(), (bytes, algorithm, prefixed) => {
        const digest = createHash(algorithm).update(bytes).digest('hex');
        const value = prefixed ? `${algorithm}:${digest}` : digest;
        expect(scrubForStorage({ value })).toEqual({ value });
      }),
      { numRuns: 2000, seed: Number(process.env.FC_SEED ?? 20261207) },
    );
  });

  it('scrubs keys that are not field names, and cuts off what is nested too deep', () => {
    expect(Object.keys(scrubForStorage({ 'jana.novak@example.org': 1, amount: 2 }))).toEqual(['<EMAIL>', 'amount']);
    let deep: unknown = 'jana.novak@example.org';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(JSON.stringify(scrubForStorage(deep))).not.toContain('jana');
  });

  it('keeps an error an error, with its message and stack scrubbed', () => {
    const clean = scrubForStorage(new TypeError('no consent for jana.novak@example.org'));
    expect(clean).toBeInstanceOf(Error);
    expect((clean as Error).message).toBe('no consent for <EMAIL>');
    expect((clean as Error).stack).not.toContain('jana.novak');
  });

  it('reads model references in a sentence as what they are, not as addresses', () => {
    const line = 'Installed demo models: credit-approval@1.0.0, support-router@1.0.0';
    expect(scrubForStorage(line)).toBe(line);
  });

  it('leaves numbers alone, and never leaves a card number written as text', () => {
    expect(scrubForStorage({ amount: 4111111111111111, text: '4111111111111111' })).toEqual({ amount: 4111111111111111, text: '<CREDIT_CARD>' });
  });
});
