import { matrix } from './matrix.js';
import { multiclassAccuracy } from './metrics.js';
import { mulberry32, normal } from './prng.js';
import { predictSoftmax, trainSoftmax } from './softmax.js';

/** Three Gaussian clusters around (2,0), (−2,0) and (0,2); one-hot-like sparse extra column. */
function clusters(n: number, seed: number) {
  const rng = mulberry32(seed);
  const centres = [[2, 0], [-2, 0], [0, 2]];
  const x = new Float32Array(n * 3);
  const labels: number[] = [];
  for (let r = 0; r < n; r++) {
    const k = r % 3;
    x[r * 3] = centres[k][0] + normal(rng, 0, 0.5);
    x[r * 3 + 1] = centres[k][1] + normal(rng, 0, 0.5);
    labels.push(k);
  }
  return { x: matrix(x, 3), labels };
}

describe('softmax regression', () => {
  const train = clusters(900, 1);
  const test = clusters(300, 2);
  const model = trainSoftmax(train.x, train.labels, 3, { seed: 1, epochs: 20 });

  it('separates separable classes', () => {
    expect(multiclassAccuracy(test.labels, predictSoftmax(model, test.x), 3)).toBeGreaterThan(0.97);
  });

  it('answers a probability distribution per row', () => {
    const p = predictSoftmax(model, test.x);
    for (let r = 0; r < test.x.rows; r++) expect(p[3 * r] + p[3 * r + 1] + p[3 * r + 2]).toBeCloseTo(1, 12);
  });

  it('never moves the weights of an all-zero column except by the penalty', () => {
    for (let k = 0; k < 3; k++) expect(model.weights[2 * 3 + k]).toBe(0);
  });

  it('is a pure function of data and seed', () => {
    expect(trainSoftmax(train.x, train.labels, 3, { seed: 2, epochs: 2 })).toEqual(trainSoftmax(train.x, train.labels, 3, { seed: 2, epochs: 2 }));
  });
});
