import { choleskySolve, predictLogistic, trainLogistic } from './logistic.js';
import { matrix } from './matrix.js';
import { bernoulli, mulberry32, normal } from './prng.js';

/** Rows drawn from a known logistic model: x ~ N(0, 1)², y ~ Bernoulli(sigmoid(b + w·x)). */
function sample(n: number, w: number[], b: number, seed: number) {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * w.length);
  const y: number[] = [];
  for (let r = 0; r < n; r++) {
    let z = b;
    for (let j = 0; j < w.length; j++) {
      x[r * w.length + j] = normal(rng);
      z += w[j] * x[r * w.length + j];
    }
    y.push(bernoulli(rng, 1 / (1 + Math.exp(-z))) ? 1 : 0);
  }
  return { x: matrix(x, w.length), y };
}

describe('logistic regression', () => {
  it('recovers the weights that generated the data', () => {
    const { x, y } = sample(20_000, [1.5, -2, 0], 0.5, 1);
    const model = trainLogistic(x, y, { l2: 0 });
    expect(Array.from(model.weights)).toEqual([expect.closeTo(1.5, 1), expect.closeTo(-2, 1), expect.closeTo(0, 1)]);
    expect(model.bias).toBeCloseTo(0.5, 1);
  });

  it('reaches the optimum: the gradient of the penalised loss vanishes', () => {
    const { x, y } = sample(2000, [0.7, -0.3, 1.1, 0.2], -0.4, 2);
    const l2 = 0.01;
    const model = trainLogistic(x, y, { l2 });
    const p = predictLogistic(model, x);
    const grad = Array.from(model.weights, (w, j) => {
      let g = 0;
      for (let r = 0; r < x.rows; r++) g += (p[r] - y[r]) * x.data[r * x.cols + j];
      return g / x.rows + l2 * w;
    });
    const biasGrad = p.reduce((s, v, r) => s + v - y[r], 0) / x.rows;
    for (const g of [...grad, biasGrad]) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it('stays finite on separable data thanks to the penalty', () => {
    const x = matrix(Float32Array.from([-2, -1, 1, 2]), 1);
    const model = trainLogistic(x, [0, 0, 1, 1], { l2: 0.1 });
    expect(Number.isFinite(model.weights[0]) && model.weights[0] > 0).toBe(true);
    expect(Array.from(predictLogistic(model, x), (s) => (s > 0.5 ? 1 : 0))).toEqual([0, 0, 1, 1]);
  });

  it('is deterministic', () => {
    const { x, y } = sample(500, [1, 1], 0, 3);
    expect(trainLogistic(x, y)).toEqual(trainLogistic(x, y));
  });

  it.each([
    [[4, 0, 0, 9], [8, 9], [2, 1]],
    [[4, 2, 2, 3], [10, 8], [1.75, 1.5]],
  ])('solves %p · s = %p by Cholesky', (h, g, want) => {
    const s = choleskySolve(Float64Array.from(h), Float64Array.from(g), 2);
    expect(Array.from(s)).toEqual(want.map((v) => expect.closeTo(v, 12)));
  });
});
