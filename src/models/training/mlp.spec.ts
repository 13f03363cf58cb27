import { predictLogistic, trainLogistic } from './logistic.js';
import { matrix } from './matrix.js';
import { accuracy } from './metrics.js';
import { predictMlp, trainMlp } from './mlp.js';
import { mulberry32 } from './prng.js';

/** XOR of signs: no linear model can beat a coin, one hidden layer can. */
function xor(n: number, seed: number) {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * 2);
  const y: number[] = [];
  for (let r = 0; r < n; r++) {
    x[2 * r] = rng.next() * 2 - 1;
    x[2 * r + 1] = rng.next() * 2 - 1;
    y.push(x[2 * r] * x[2 * r + 1] > 0 ? 1 : 0);
  }
  return { x: matrix(x, 2), y };
}

describe('MLP', () => {
  const train = xor(2000, 1);
  const test = xor(500, 2);

  it('learns a non-linear boundary a logistic model cannot', () => {
    const mlp = trainMlp(train.x, train.y, { seed: 1, hidden: 8, epochs: 60, learningRate: 0.02 });
    const linear = trainLogistic(train.x, train.y);
    expect(accuracy(test.y, predictMlp(mlp, test.x))).toBeGreaterThan(0.9);
    expect(accuracy(test.y, predictLogistic(linear, test.x))).toBeLessThan(0.65);
  });

  it('is a pure function of data and seed', () => {
    const options = { seed: 5, hidden: 4, epochs: 3 };
    expect(trainMlp(train.x, train.y, options)).toEqual(trainMlp(train.x, train.y, options));
    expect(trainMlp(train.x, train.y, options).w1).not.toEqual(trainMlp(train.x, train.y, { ...options, seed: 6 }).w1);
  });
});
