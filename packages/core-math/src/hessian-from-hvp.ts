/**
 * Dense Hessians assembled from Hessian-vector products, and the one symmetrisation rule every package uses.
 *
 * Column j of H is H·e_j, so n products give the whole matrix. Products computed in floating point (exact HVPs
 * with their own rounding, or finite differences) give a matrix that is symmetric only up to their error; it is
 * replaced by its symmetric part ½(H + Hᵀ), the nearest symmetric matrix in the Frobenius norm, after measuring
 * max_ij |H_ij − H_ji| (for an exact HVP a bug detector, for approximate ones an observable proxy of their error).
 * Complexity: n products plus O(n²). Pure TypeScript (no kernels needed, no `init()`).
 * @see Nocedal & Wright, Numerical Optimization, §8.1 (Hessians from gradient or Hessian-vector information)
 */
import { typeError } from './errors.js';
import { checkSize, checkSquare, type Matrix } from './matrix.js';

/** A dense symmetrised Hessian with the asymmetry of the raw matrix it came from. */
export interface SymmetrizedHessian {
  /** ½(H + Hᵀ), n×n row-major. */
  matrix: Matrix;
  /** max_ij |H_ij − H_ji| of the raw matrix, before symmetrising (NaN propagates). */
  asymmetry: number;
}

/**
 * Replaces the square matrix A (in place) by its symmetric part ½(A + Aᵀ).
 * @param A n×n matrix, overwritten
 * @throws ArgumentError / ShapeError for a malformed or non-square A.
 * @returns max_ij |A_ij − A_ji| before symmetrising
 * @example
 * const A = fromRows([[1, 2], [4, 3]]);
 * symmetrize(A); // 2; A is now [[1, 3], [3, 3]]
 */
export function symmetrize(A: Matrix): number {
  checkSquare('symmetrize', 'A', A);
  const n = A.rows;
  const H = A.data;
  let asym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = H[i * n + j]!;
      const b = H[j * n + i]!;
      const d = Math.abs(a - b);
      if (!(d <= asym)) asym = d; // keeps NaN
      const s = 0.5 * (a + b);
      H[i * n + j] = s;
      H[j * n + i] = s;
    }
  }
  return asym;
}

/**
 * The dense Hessian from n Hessian-vector products H·e_j (column j), symmetrised by {@link symmetrize}.
 * @param dim n, the number of parameters
 * @param hvp writes H·v into `out` (both length n; `v` is a unit vector the callee must not keep or modify)
 * @returns the symmetrised n×n Hessian and the raw matrix's asymmetry
 * @throws ArgumentError (E_ARG_RANGE / E_ARG_TYPE) for a bad `dim` or a non-function `hvp`.
 * @example
 * const { matrix } = hessianFromHvp(objective.dim, (v, out) => objective.hvp!(theta, v, out));
 */
export function hessianFromHvp(
  dim: number,
  hvp: (v: Float64Array, out: Float64Array) => void,
): SymmetrizedHessian {
  const fn = 'hessianFromHvp';
  checkSize(fn, 'dim', dim);
  if (typeof hvp !== 'function') throw typeError(fn, 'hvp', 'be a function', hvp);
  const n = dim;
  const H = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    hvp(e, col);
    e[j] = 0;
    for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
  }
  const matrix: Matrix = { rows: n, cols: n, data: H };
  return { matrix, asymmetry: symmetrize(matrix) };
}
