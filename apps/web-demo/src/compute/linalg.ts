/**
 * Small dense helpers for the labs. The symmetric eigenproblem goes to core-math's `symEigen` (Householder
 * tridiagonalisation + implicit QL in wasm SIMD, LAPACK dsyev's algorithm), so Hessian spectra run in wasm.
 */
import { StateError, symEigen } from '@landscape-lab/core-math';

/** Eigen-decomposition of a symmetric n×n matrix (row-major). Values ascending; vectors as columns of `vectors`. */
export function symEig(
  a: Float64Array,
  n: number,
  wantVectors = true,
): { values: Float64Array; vectors: Float64Array } {
  const r = symEigen({ rows: n, cols: n, data: a }, { vectors: wantVectors });
  if (!r.converged)
    throw new StateError('E_INTERNAL', 'symEig', 'symEig: the symmetric eigensolver did not converge.');
  return { values: r.values, vectors: r.vectors?.data ?? new Float64Array(0) };
}

/** Column `j` of an n×n row-major matrix. */
export function column(m: Float64Array, n: number, j: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = m[i * n + j]!;
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm2(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Quadratic form vᵀHv for a row-major n×n H. */
export function quad(h: Float64Array, v: ArrayLike<number>): number {
  const n = v.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += h[i * n + j]! * v[j]!;
    s += v[i]! * r;
  }
  return s;
}

/** Evenly thins a series to at most `max` points, always keeping the last. */
export function thin<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  const step = (xs.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(xs[Math.round(i * step)]!);
  return out;
}
