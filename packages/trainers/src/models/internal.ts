/**
 * @internal Small dense helpers shared by the TypeScript models (not exported from the package).
 * These serve the models whose sizes are small (deep linear nets of width ≲ 50, MLPs, 2-D toys); the hot loops of
 * the P3 and P4 models run in core-math's wasm kernels.
 */
import {
  checkFinite,
  checkNumber,
  checkVector,
  type Matrix,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';

/** Throws unless θ is a finite Float64Array of length `dim`. */
export function checkTheta(
  fn: string,
  theta: unknown,
  dim: number,
  what = 'theta',
): asserts theta is Float64Array {
  checkVector(fn, what, theta, dim);
  checkFinite(fn, what, theta);
}

/** C = A·B (A m×k, B k×n), plain row-major loops (i-p-j order, B rows streamed). */
export function mul(A: Matrix, B: Matrix): Matrix {
  const m = A.rows;
  const k = A.cols;
  const n = B.cols;
  const c = new Float64Array(m * n);
  const a = A.data;
  const b = B.data;
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const s = a[i * k + p]!;
      if (s === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + s * b[p * n + j]!;
    }
  return { rows: m, cols: n, data: c };
}

/** C = Aᵀ·B (A k×m, B k×n). */
export function mulTN(A: Matrix, B: Matrix): Matrix {
  const k = A.rows;
  const m = A.cols;
  const n = B.cols;
  const c = new Float64Array(m * n);
  const a = A.data;
  const b = B.data;
  for (let p = 0; p < k; p++)
    for (let i = 0; i < m; i++) {
      const s = a[p * m + i]!;
      if (s === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + s * b[p * n + j]!;
    }
  return { rows: m, cols: n, data: c };
}

/** C = A·Bᵀ (A m×k, B n×k). */
export function mulNT(A: Matrix, B: Matrix): Matrix {
  const m = A.rows;
  const k = A.cols;
  const n = B.rows;
  const c = new Float64Array(m * n);
  const a = A.data;
  const b = B.data;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      c[i * n + j] = s;
    }
  return { rows: m, cols: n, data: c };
}

/** A + B (same shape), new matrix. */
export function add(A: Matrix, B: Matrix): Matrix {
  const c = new Float64Array(A.data.length);
  for (let i = 0; i < c.length; i++) c[i] = A.data[i]! + B.data[i]!;
  return { rows: A.rows, cols: A.cols, data: c };
}

/** The n×n identity. */
export function eye(n: number): Matrix {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) c[i * n + i] = 1;
  return { rows: n, cols: n, data: c };
}

/** The zero matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** out = H·v for a dense symmetric H. */
export function matVec(H: Matrix, v: Float64Array, out: Float64Array): void {
  const n = H.rows;
  const m = H.cols;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += H.data[i * m + j]! * v[j]!;
    out[i] = s;
  }
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** 1/(1 + e^{−x}) without overflow. */
export function sigmoid(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** Scalar φ, φ′, φ″ of a core-math activation (same formulas as core-math's kernels; relu′(0) = relu″ = 0). */
export interface ScalarActivation {
  f(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
}

const ACT_TABLE: Record<string, ScalarActivation> = {
  // biome-ignore lint/complexity/useMathMinMax: mirrors the kernels (NaN → 0, as z > 0 is false)
  relu: { f: (z) => (z > 0 ? z : 0), d1: (z) => (z > 0 ? 1 : 0), d2: () => 0 },
  softplus: {
    f: softplus,
    d1: sigmoid,
    d2: (z) => {
      const s = sigmoid(z);
      return s * (1 - s);
    },
  },
  tanh: {
    f: Math.tanh,
    d1: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
    d2: (z) => {
      const t = Math.tanh(z);
      return -2 * t * (1 - t * t);
    },
  },
  sigmoid: {
    f: sigmoid,
    d1: (z) => {
      const s = sigmoid(z);
      return s * (1 - s);
    },
    d2: (z) => {
      const s = sigmoid(z);
      return s * (1 - s) * (1 - 2 * s);
    },
  },
  quadratic: { f: (z) => z * z, d1: (z) => 2 * z, d2: () => 2 },
  linear: { f: (z) => z, d1: () => 1, d2: () => 0 },
};

/** The scalar functions of an activation name (undefined for an unknown name). */
export function scalarActivation(kind: string): ScalarActivation | undefined {
  return Object.hasOwn(ACT_TABLE, kind) ? ACT_TABLE[kind] : undefined;
}

/** Throws E_ARG_RANGE unless i is an integer in [0, count). */
export function checkIndex(fn: string, what: string, i: unknown, count: number): asserts i is number {
  checkNumber(fn, what, i, { min: 0, max: count, maxExclusive: true }, true);
}

/** Validates a mini-batch of component indices (non-empty, each in [0, count)). */
export function checkBatch(fn: string, batch: unknown, count: number): asserts batch is ArrayLike<number> {
  if (
    batch === null ||
    typeof batch !== 'object' ||
    typeof (batch as { length?: unknown }).length !== 'number'
  )
    throw typeError(fn, 'batch', 'be an array of component indices', batch);
  const b = batch as ArrayLike<number>;
  if (b.length === 0) throw rangeError(fn, 'batch.length', 'be positive', 0);
  for (let t = 0; t < b.length; t++) checkIndex(fn, `batch[${t}]`, b[t], count);
}
