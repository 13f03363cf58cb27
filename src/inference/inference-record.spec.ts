import type { Prediction } from '../models/predictions.js';
import type { PolicyContext } from '../policy/policy-context.js';
import { withheldOutputs } from '../policy/policy-document.js';
import { publicOutputs, withholdContexts, withholdStored } from './inference-record.js';

const binary: Prediction = { label: 'approved', score: 0.55, scoreName: 'approvalProbability' };
const multiclass: Prediction = { label: 'billing', probabilities: { billing: 0.7, technical: 0.3 } };

describe('withheldOutputs', () => {
  it.each([
    [[], []],
    [['explanation'], []],
    [['score'], ['score']],
    // The score (threshold) and probabilities (argmax) give the label away.
    [['label'], ['label', 'score']],
    [['label', 'score', 'explanation'], ['label', 'score']],
  ])('with %j suppressed, leaves out %j', (suppress, withheld) => {
    expect(withheldOutputs(suppress)).toEqual(withheld);
  });
});

describe('publicOutputs', () => {
  it.each([
    [[], [{ label: 'approved', approvalProbability: 0.55 }, { label: 'billing', probabilities: multiclass.probabilities }]],
    [['score'], [{ label: 'approved' }, { label: 'billing' }]],
    [['label'], [{}, {}]],
  ])('with %j suppressed, answers %j', (suppress, outputs) => {
    expect(publicOutputs([binary, multiclass], suppress)).toEqual(outputs);
  });
});

describe('withholdStored', () => {
  it.each([
    [null, [binary, multiclass]],
    [[], [binary, multiclass]],
    [['score'], [{ label: 'approved' }, { label: 'billing' }]],
    [['label', 'score'], [{}, {}]],
  ])('with %j withheld, reads back %j', (withheld, outputs) => {
    expect(withholdStored([binary, multiclass], withheld)).toEqual(outputs);
  });
});

describe('withholdContexts', () => {
  const contexts = [{ purpose: 'credit-scoring', output: { label: 'approved', score: 0.55 } }, { purpose: 'credit-scoring' }] as PolicyContext[];
  it.each([
    [null, contexts],
    [['score'], [{ purpose: 'credit-scoring', output: { label: 'approved' } }, { purpose: 'credit-scoring' }]],
    [['label', 'score'], [{ purpose: 'credit-scoring' }, { purpose: 'credit-scoring' }]],
  ])('with %j withheld, reads back %j', (withheld, expected) => {
    expect(withholdContexts(contexts, withheld)).toEqual(expected);
  });
});
