import type { InferenceContext } from '../inference-context.js';
import { ReasonStage } from './reason.stage.js';

const ctx = (reason: string | undefined, obligations: { name: string; rules: string[] }[]) => ({ request: { reason }, obligations, facts: {} }) as unknown as InferenceContext;

describe('ReasonStage', () => {
  const stage = new ReasonStage();

  it('refuses a call a rule obliges to give its reason when it gives none, naming the rules', async () => {
    const next = await stage.run(ctx(undefined, [{ name: 'log_reason', rules: ['high-risk-reason'] }]));
    expect(next).toMatchObject({ denied: true, code: 'VALIDATION_FAILED', rule: 'log_reason', details: { fields: [{ field: 'reason', rule: 'log_reason' }] } });
    expect((next as { message: string }).message).toMatch(/high-risk-reason/);
  });

  it('keeps a reason given, with personal data replaced, obliged or not', async () => {
    for (const obligations of [[], [{ name: 'log_reason', rules: ['r'] }]]) {
      const next = (await stage.run(ctx('  Second look, asked by jana.novak@example.com ', obligations))) as InferenceContext;
      expect(next.facts.callerReason).toBe('Second look, asked by <EMAIL>');
    }
  });

  it('lets a call without the obligation go without a reason', async () => {
    const given = ctx(undefined, [{ name: 'notify_subject', rules: ['r'] }]);
    expect(await stage.run(given)).toBe(given);
  });
});
