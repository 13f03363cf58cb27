import type { InferenceEngine } from '../../models/inference-engine.js';
import { UncomputableRow } from '../../models/predictions.js';
import type { InferenceContext } from '../inference-context.js';
import { InferStage } from './infer.stage.js';

const ctx = { model: { id: 'v1' }, rows: [{}, {}, {}] } as unknown as InferenceContext;
const stageThrowing = (error: Error) => new InferStage({ predict: async () => Promise.reject(error) } as unknown as InferenceEngine);

describe('InferStage', () => {
  it('refuses, as bad input naming the row, a row the model computes no number for', async () => {
    expect(await stageThrowing(new UncomputableRow(2)).run(ctx)).toEqual(
      expect.objectContaining({
        denied: true,
        stage: 'infer',
        code: 'VALIDATION_FAILED',
        rule: 'computable',
        details: { fields: [expect.objectContaining({ field: 'inputs[2]', rule: 'computable' })] },
      }),
    );
  });

  it('lets any other failure through', async () => {
    await expect(stageThrowing(new Error('session lost')).run(ctx)).rejects.toThrow('session lost');
  });
});
