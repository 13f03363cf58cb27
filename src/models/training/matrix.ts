// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { exp, log } = Math;

/** A row-major float32 matrix: the shape encoded inputs take from `encodeRows` to the trainers. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

export const matrix = (data: Float32Array, cols: number): Matrix => ({ data, rows: cols === 0 ? 0 : data.length / cols, cols });

/** The rows of `m` at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) out.set(m.data.subarray(indices[i] * m.cols, (indices[i] + 1) * m.cols), i * m.cols);
  return { data: out, rows: indices.length, cols: m.cols };
}

export function take<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  return Array.from({ length: indices.length }, (_, i) => values[indices[i]]);
}

/** Per row, the columns that are not zero: one-hot and hashed inputs are mostly zeros. */
export function nonZeroColumns(m: Matrix): Int32Array[] {
  const out: Int32Array[] = [];
  for (let r = 0; r < m.rows; r++) {
    const cols: number[] = [];
    for (let c = 0, o = r * m.cols; c < m.cols; c++) if (m.data[o + c] !== 0) cols.push(c);
    out.push(Int32Array.from(cols));
  }
  return out;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)));

export const logit = (p: number): number => log(p / (1 - p));
