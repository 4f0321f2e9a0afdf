/**
 * Level-2/3 facade: matrix–vector product (`matvec`), matrix product (`matmul`) and Gram matrices (`gram`).
 *
 * Algorithm: validate once, copy operands into a scratch scope, run the raw kernel of the active backend
 * (`assembly/gemm.ts`: packed, register-blocked f64x2 gemm after Goto & van de Geijn 2008; or its TS twin), copy
 * the result out. Reference: BLAS DGEMV, DGEMM, DSYRK. Complexity: matvec 2mn flops, matmul 2mnk flops, gram
 * about mn² flops (half a gemm: one triangle is computed and mirrored); plus one copy of each operand.
 *
 * Numerical caveats: entrywise |Ĉ − C| ≤ γ_{k+2}(|α||op(A)||op(B)| + |β||C|) with γ_j = ju/(1 − ju) (no FMA).
 * NaN and ±Infinity inside matrix or vector data are not rejected: they flow through with IEEE semantics
 * (one NaN in row i of A makes row i of AB NaN). Two BLAS conventions apply: β = 0 never reads the old C (or y),
 * so NaN there cannot leak, and α = 0 (or an empty inner dimension) gives βC without reading A or B.
 * Only the scalars α and β must be finite.
 */
import { ctx } from './backend.js';
import { checkOptions } from './check.js';
import { rangeError, shapeError, typeError } from './errors.js';
import { checkMatrix, checkScalar, checkVector, type Matrix } from './matrix.js';

/** Options of {@link matvec}. */
export interface MatvecOptions {
  /** Use Aᵀ instead of A (default false). */
  trans?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the old `y` (default 0: `y`'s contents are ignored). Nonzero requires `y`. */
  beta?: number;
  /** Output (and, with β ≠ 0, accumulator) vector, updated in place and returned. */
  y?: Float64Array;
}

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ instead of A (default false). */
  transA?: boolean;
  /** Use Bᵀ instead of B (default false). */
  transB?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the old `C` (default 0: `C`'s contents are ignored). Nonzero requires `C`. */
  beta?: number;
  /** Output (and, with β ≠ 0, accumulator) matrix, updated in place and returned. */
  C?: Matrix;
}

/** Options of {@link gram}. */
export interface GramOptions {
  /** `'AtA'` (default): AᵀA, cols×cols. `'AAt'`: AAᵀ, rows×rows. */
  side?: 'AtA' | 'AAt';
}

function flag(fn: string, what: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw typeError(fn, what, 'be a boolean', v);
  return v;
}

function scalar(fn: string, what: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  checkScalar(fn, what, v);
  return v;
}

/**
 * Matrix–vector product y ← α·op(A)·x + β·y with op(A) = A or Aᵀ.
 * @param A m×n matrix.
 * @param x vector of length n (length m when `trans`).
 * @param opts `trans`, `alpha` (default 1), `beta` (default 0), `y` (length m, or n when `trans`).
 * @returns `opts.y` updated in place when given, else a new vector.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix, non-Float64Array vector or wrongly typed option;
 * ShapeError (E_SHAPE) when lengths do not match A; NonFiniteError (E_NONFINITE) for a non-finite α or β;
 * ArgumentError (E_ARG_RANGE) when β ≠ 0 without `y`.
 * @see BLAS DGEMV.
 * @example
 * matvec(fromRows([[1, 2], [3, 4]]), Float64Array.of(1, 1)); // [3, 7]
 * matvec(fromRows([[1, 2], [3, 4]]), Float64Array.of(1, 1), { trans: true }); // [4, 6]
 */
export function matvec(A: Matrix, x: Float64Array, opts: MatvecOptions = {}): Float64Array {
  const fn = 'matvec';
  checkMatrix(fn, 'A', A);
  checkOptions(fn, opts, 'opts');
  const trans = flag(fn, 'opts.trans', opts.trans);
  const alpha = scalar(fn, 'opts.alpha', opts.alpha, 1);
  const beta = scalar(fn, 'opts.beta', opts.beta, 0);
  const xLen = trans ? A.rows : A.cols;
  const yLen = trans ? A.cols : A.rows;
  checkVector(fn, 'x', x, xLen);
  const y = opts.y;
  if (y !== undefined) checkVector(fn, 'opts.y', y, yLen);
  else if (beta !== 0) throw rangeError(fn, 'opts.y', 'be given when opts.beta is nonzero', y);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const px = s.copyIn(x);
    const py = beta !== 0 ? s.copyIn(y!) : s.f64(yLen);
    c.k.gemv(trans ? 1 : 0, A.rows, A.cols, alpha, pa, px, beta, py);
    const out = y ?? new Float64Array(yLen);
    out.set(c.heap.f64(py, yLen));
    return out;
  } finally {
    s.dispose();
  }
}

/**
 * General matrix product C ← α·op(A)·op(B) + β·C, op(X) = X or Xᵀ, on the packed, register-blocked kernel.
 * @param A m×k matrix (k×m when `transA`).
 * @param B k×n matrix (n×k when `transB`).
 * @param opts `transA`, `transB`, `alpha` (default 1), `beta` (default 0), `C` (m×n).
 * @returns `opts.C` updated in place when given (its old contents are the accumulator only when β ≠ 0), else a
 * new m×n matrix.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix or wrongly typed option; ShapeError (E_SHAPE) when the
 * inner dimensions differ or `C` is not m×n; NonFiniteError (E_NONFINITE) for a non-finite α or β;
 * ArgumentError (E_ARG_RANGE) when β ≠ 0 without `C`.
 * @see BLAS DGEMM; Goto & van de Geijn, ACM TOMS 34(3) 2008.
 * @example
 * matmul(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]])); // 2×1: [17, 39]
 * const C = fromRows([[1], [1]]);
 * matmul(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]]), { beta: 1, C }); // C = [18, 40]
 */
export function matmul(A: Matrix, B: Matrix, opts: MatmulOptions = {}): Matrix {
  const fn = 'matmul';
  checkMatrix(fn, 'A', A);
  checkMatrix(fn, 'B', B);
  checkOptions(fn, opts, 'opts');
  const transA = flag(fn, 'opts.transA', opts.transA);
  const transB = flag(fn, 'opts.transB', opts.transB);
  const alpha = scalar(fn, 'opts.alpha', opts.alpha, 1);
  const beta = scalar(fn, 'opts.beta', opts.beta, 0);
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const kB = transB ? B.cols : B.rows;
  const n = transB ? B.rows : B.cols;
  if (kB !== k)
    throw shapeError(fn, transB ? 'B.cols' : 'B.rows', `equal the inner dimension of op(A), ${k}`, kB);
  const C = opts.C;
  if (C !== undefined) {
    checkMatrix(fn, 'opts.C', C);
    if (C.rows !== m || C.cols !== n) throw shapeError(fn, 'opts.C', `be ${m}x${n}`, C);
  } else if (beta !== 0) throw rangeError(fn, 'opts.C', 'be given when opts.beta is nonzero', C);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const pb = B.data === A.data ? pa : s.copyIn(B.data);
    const pc = beta !== 0 ? s.copyIn(C!.data) : s.f64(m * n);
    const pw = s.bytes(c.k.gemmWorkSize(transA ? 1 : 0, transB ? 1 : 0, m, n, k));
    c.k.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, pa, pb, beta, pc, pw);
    const out = C ?? { rows: m, cols: n, data: new Float64Array(m * n) };
    out.data.set(c.heap.f64(pc, m * n));
    return out;
  } finally {
    s.dispose();
  }
}

/**
 * Gram matrix AᵀA (default) or AAᵀ, symmetric and written in full; about half the cost of the equivalent
 * `matmul`, and exactly symmetric (the upper triangle is a mirror of the lower one).
 * @param A m×n matrix.
 * @param opts `side`: `'AtA'` (n×n result, default) or `'AAt'` (m×m result).
 * @returns a new symmetric matrix.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix or options; ArgumentError (E_ARG_RANGE) for an unknown
 * `side`.
 * @see BLAS DSYRK.
 * @example
 * gram(fromRows([[1, 2], [3, 4]])); // AᵀA = [[10, 14], [14, 20]]
 * gram(fromRows([[1, 2], [3, 4]]), { side: 'AAt' }); // [[5, 11], [11, 25]]
 */
export function gram(A: Matrix, opts: GramOptions = {}): Matrix {
  const fn = 'gram';
  checkMatrix(fn, 'A', A);
  checkOptions(fn, opts, 'opts');
  const side = opts.side ?? 'AtA';
  if (side !== 'AtA' && side !== 'AAt') throw rangeError(fn, 'opts.side', "be 'AtA' or 'AAt'", side);
  const trans = side === 'AtA' ? 1 : 0;
  const N = trans ? A.cols : A.rows;
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const pc = s.f64(N * N);
    const pw = s.bytes(c.k.gramWorkSize(trans, A.rows, A.cols));
    c.k.gram(trans, A.rows, A.cols, pa, pc, pw);
    return { rows: N, cols: N, data: s.copyOut(pc, N * N) };
  } finally {
    s.dispose();
  }
}
