import { nonZeroColumns, sigmoid, type Matrix } from './matrix.js';

// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { max, abs, log1p, exp, sqrt } = Math;

/** P(y = 1 | x) = sigmoid(bias + weights · x). */
export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), added to the mean log-loss as l2/2·‖w‖². */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest Newton step component falls below this. */
  tolerance?: number;
}

/**
 * L2-regularised logistic regression by Newton's method with step halving. The objective is
 * strictly convex, so the answer is the unique optimum: deterministic and independent of any
 * seed or row order beyond floating-point summation.
 */
export function trainLogistic(x: Matrix, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const { l2 = 1e-4, maxIterations = 50, tolerance = 1e-9 } = options;
  const d = x.cols;
  const n = x.rows;
  const nz = nonZeroColumns(x);
  // θ = [w_0 … w_{d-1}, bias]; the bias is the last coordinate.
  let theta = new Float64Array(d + 1);
  let loss = objective(x, y, nz, theta, l2);
  for (let iter = 0; iter < maxIterations; iter++) {
    const g = new Float64Array(d + 1);
    // Lower triangle of the Hessian only; columns in `nz` ascend, so (ca, cols[b ≤ a]) stays below the diagonal.
    const h = new Float64Array((d + 1) * (d + 1));
    for (let r = 0; r < n; r++) {
      const cols = nz[r];
      const o = r * d;
      const p = sigmoid(dot(x.data, o, cols, theta) + theta[d]);
      const e = p - y[r];
      const w = max(p * (1 - p), 1e-12);
      for (let a = 0; a < cols.length; a++) {
        const ca = cols[a];
        const xa = x.data[o + ca];
        g[ca] += e * xa;
        const row = ca * (d + 1);
        for (let b = 0; b <= a; b++) h[row + cols[b]] += w * xa * x.data[o + cols[b]];
        h[d * (d + 1) + ca] += w * xa;
      }
      g[d] += e;
      h[d * (d + 1) + d] += w;
    }
    for (let a = 0; a <= d; a++) {
      g[a] /= n;
      for (let b = 0; b <= a; b++) h[a * (d + 1) + b] /= n;
    }
    for (let a = 0; a < d; a++) {
      g[a] += l2 * theta[a];
      h[a * (d + 1) + a] += l2;
    }
    h[d * (d + 1) + d] += 1e-12;
    const step = choleskySolve(h, g, d + 1);
    let t = 1;
    let next = theta;
    let nextLoss = loss;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      next = theta.map((v, i) => v - t * step[i]);
      nextLoss = objective(x, y, nz, next, l2);
      if (nextLoss <= loss) break;
    }
    const moved = max(...step.map((s) => abs(s * t)));
    theta = next;
    loss = nextLoss;
    if (moved < tolerance) break;
  }
  return { weights: theta.slice(0, d), bias: theta[d] };
}

/** P(y = 1) per row. */
export function predictLogistic(model: LogisticModel, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let z = model.bias;
    for (let c = 0, o = r * x.cols; c < x.cols; c++) z += model.weights[c] * x.data[o + c];
    out[r] = sigmoid(z);
  }
  return out;
}

function dot(data: Float32Array, offset: number, cols: Int32Array, theta: Float64Array): number {
  let z = 0;
  for (const c of cols) z += theta[c] * data[offset + c];
  return z;
}

function objective(x: Matrix, y: ArrayLike<number>, nz: Int32Array[], theta: Float64Array, l2: number): number {
  const d = x.cols;
  let loss = 0;
  for (let r = 0; r < x.rows; r++) {
    const z = dot(x.data, r * d, nz[r], theta) + theta[d];
    // log(1 + e^z) − y·z, computed without overflow.
    loss += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - y[r] * z;
  }
  let penalty = 0;
  for (let a = 0; a < d; a++) penalty += theta[a] * theta[a];
  return loss / x.rows + (l2 / 2) * penalty;
}

/** Solves H·s = g for symmetric positive-definite H given by its lower triangle (row-major). */
export function choleskySolve(h: Float64Array, g: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) l[i * n + i] = sqrt(max(s, 1e-300));
      else l[i * n + j] = s / l[j * n + j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * z[k];
    z[i] = s / l[i * n + i];
  }
  const s = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let v = z[i];
    for (let k = i + 1; k < n; k++) v -= l[k * n + i] * s[k];
    s[i] = v / l[i * n + i];
  }
  return s;
}
