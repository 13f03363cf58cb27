import type { EncodingSpec, ExplanationSpec, OutputSchema } from './model-schema.js';
import { servedOutputProblem } from './served-output.js';

const binary: OutputSchema = { kind: 'binary', labels: ['no', 'yes'], threshold: 0.5, scoreName: 'p' } as OutputSchema;
const multi: OutputSchema = { kind: 'multiclass', labels: ['a', 'b', 'c'] } as OutputSchema;
const sampled = { kind: 'shapley' } as unknown as ExplanationSpec;
const linear: ExplanationSpec = { kind: 'linear', space: 'logit', weights: [1, -1], bias: 0.5 };
const encoded = new Float32Array([1, 2, 0, 0]); // two rows of width 2
const encoding: EncodingSpec = { version: 1, steps: [{ kind: 'standardize', feature: 'x', mean: 0, std: 1 }, { kind: 'standardize', feature: 'y', mean: 0, std: 1 }] };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('what a graph serves, against what its manifest declares', () => {
  it('accepts one probability a row that the exact explanation gives', () => {
    expect(servedOutputProblem(binary, linear, encoding, encoded, 2, new Float32Array([sigmoid(-0.5), sigmoid(0.5)]))).toBeNull();
  });

  it.each([
    ['two values a row behind a shape of one', binary, sampled, new Float32Array([0.1, 0.9, 0.2, 0.8]), /answers 2 rows with 4 values; the schema needs 1 a row/],
    ['a score above 1', binary, sampled, new Float32Array([0.5, 5]), /answers 5, not a probability/],
    ['NaN', binary, sampled, new Float32Array([0.5, NaN]), /not a probability/],
    ['probabilities that do not sum to 1', multi, sampled, new Float32Array([0.2, 0.2, 0.2, 0.3, 0.3, 0.4]), /row 0 sum to 0\.6/],
    ['an explanation of other weights', binary, { ...linear, bias: 0 } as ExplanationSpec, new Float32Array([sigmoid(-0.5), sigmoid(0.5)]), /the explanation is not of this graph/],
  ])('refuses %s', (_, output, explanation, served, message) => {
    expect(servedOutputProblem(output, explanation, encoding, encoded, 2, served)).toMatch(message);
  });

  it('checks a softmax explanation class by class', () => {
    const spec: ExplanationSpec = { kind: 'linear-softmax', space: 'logit', weights: [[1, 0], [0, 1], [0, 0]], biases: [0, 0, 0] };
    const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((s, w) => s + Math.exp(w), 0));
    const served = new Float32Array([...softmax([1, 2, 0]), ...softmax([0, 0, 0])]);
    expect(servedOutputProblem(multi, spec, encoding, encoded, 2, served)).toBeNull();
    expect(servedOutputProblem(multi, spec, encoding, encoded, 2, new Float32Array([...softmax([2, 1, 0]), ...softmax([0, 0, 0])]))).toMatch(/not of this graph/);
  });
});
