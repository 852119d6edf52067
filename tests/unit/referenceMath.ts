/**
 * Plain float64 matrix helpers for the reference forward pass: loops, no libraries, each the
 * textbook definition.
 */

export interface RefParam {
  shape: number[];
  data: ArrayLike<number>;
}

export type Matrix = { rows: number; cols: number; data: Float64Array };

export function embed(
  ids: number[],
  words: RefParam,
  positions: RefParam,
  posIds: number[],
): Matrix {
  const d = words.shape[1];
  const x = zeros(ids.length, d);
  ids.forEach((id, i) => {
    for (let j = 0; j < d; j++) {
      x.data[i * d + j] = words.data[id * d + j] + positions.data[posIds[i] * d + j];
    }
  });
  return x;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** x [n, in] times W [in, out] plus b: GPT-2's Conv1D layout. */
export function conv1d(x: Matrix, w: RefParam, b: RefParam): Matrix {
  const [inputs, outputs] = w.shape;
  const out = zeros(x.rows, outputs);
  for (let i = 0; i < x.rows; i++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b.data[o];
      for (let c = 0; c < inputs; c++) sum += x.data[i * inputs + c] * w.data[c * outputs + o];
      out.data[i * outputs + o] = sum;
    }
  }
  return out;
}

/** x [n, in] times W^T for W [out, in] plus b: PyTorch nn.Linear (and tied decoders). */
export function linearOutIn(x: Matrix, w: RefParam, b: RefParam | null): Matrix {
  const [outputs, inputs] = w.shape;
  const out = zeros(x.rows, outputs);
  for (let i = 0; i < x.rows; i++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b ? b.data[o] : 0;
      for (let c = 0; c < inputs; c++) sum += x.data[i * inputs + c] * w.data[o * inputs + c];
      out.data[i * outputs + o] = sum;
    }
  }
  return out;
}

export function columns(m: Matrix, from: number, to: number): Matrix {
  const out = zeros(m.rows, to - from);
  for (let i = 0; i < m.rows; i++) {
    for (let j = from; j < to; j++) out.data[i * out.cols + j - from] = m.data[i * m.cols + j];
  }
  return out;
}

export function layerNorm(x: Matrix, gamma: RefParam, beta: RefParam, eps: number): Matrix {
  const out = zeros(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) {
    let mean = 0;
    for (let j = 0; j < x.cols; j++) mean += x.data[i * x.cols + j];
    mean /= x.cols;
    let variance = 0;
    for (let j = 0; j < x.cols; j++) variance += (x.data[i * x.cols + j] - mean) ** 2;
    variance /= x.cols;
    for (let j = 0; j < x.cols; j++) {
      const normalized = (x.data[i * x.cols + j] - mean) / Math.sqrt(variance + eps);
      out.data[i * x.cols + j] = normalized * gamma.data[j] + beta.data[j];
    }
  }
  return out;
}

export function add(a: Matrix, b: Matrix): Matrix {
  return { ...a, data: a.data.map((v, i) => v + b.data[i]) };
}

export function map(m: Matrix, f: (v: number) => number): Matrix {
  return { ...m, data: m.data.map(f) };
}

export const relu = (x: number) => Math.max(0, x);
export const geluErf = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
export const geluTanh = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/**
 * erf to about 1e-15: its Maclaurin series near zero, where it converges fast, and the
 * continued fraction for erfc further out, where the series would lose digits to cancellation.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let fraction = a;
  for (let n = 60; n >= 1; n--) fraction = a + n / 2 / fraction;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
  return Math.sign(x) * (1 - erfc);
}
