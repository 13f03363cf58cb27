import type { InferenceEngine } from '../../models/inference-engine.js';
import type { InferenceContext } from '../inference-context.js';
import { ExplainStage } from './explain.stage.js';

describe('ExplainStage', () => {
  const engine = { explain: async () => [{ space: 'logit', base: -1, contributions: [], output: 1.1 }] } as unknown as InferenceEngine;
  const ctx = (suppress: string[], explain?: boolean) => ({ request: { explain }, suppress, model: {}, rows: [{}], predictions: [{}] }) as unknown as InferenceContext;

  it.each([
    [[], undefined, true],
    [[], false, false],
    [['explanation'], undefined, false],
    [['score'], undefined, false], // its output is the score's logit
    [['label'], undefined, false], // and the score gives the label
    [['notify_subject'], undefined, true],
  ])('with %j suppressed and explain %p, explains: %p', async (suppress, explain, explained) => {
    const next = await new ExplainStage(engine).run(ctx(suppress as string[], explain as boolean | undefined));
    expect(next.explanations !== undefined).toBe(explained);
  });
});
