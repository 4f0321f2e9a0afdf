/**
 * Symmetric eigenproblems, Cholesky and symmetric solves: the typed facade over the eigen kernels.
 *
 * Algorithms (kernels in `assembly/eigen.ts`, TS twins in `reference/eigen.ts`): Householder tridiagonalisation +
 * implicit QL with Wilkinson shifts (LAPACK dsytrd/dorgtr/dsteqr family) for {@link symEigen} and
 * {@link tridiagEigen}; row-oriented Cholesky (dpotrf/dpotrs) for {@link cholesky} and {@link choleskySolve};
 * {@link solveSymmetric} and {@link pinvSymmetric} go through the eigendecomposition (minimum-norm least squares,
 * like LAPACK dgelsd/dgelss with a symmetric spectral factorisation instead of an SVD).
 * Reference: Golub & Van Loan, Matrix Computations (4th ed.) §8.3 (symmetric QR), §4.2 (Cholesky), §5.5
 * (rank-deficient least squares).
 * Complexity: symEigen ≈ 4/3·n³ flops for values, ≈ 9n³ with vectors; cholesky n³/3; choleskySolve n³/3 + 2n²k;
 * solveSymmetric = symEigen + 4n²; pinvSymmetric = symEigen + 2n²r (r = rank). Memory: one copy of A.
 * Numerical caveats: the eigensolver is normwise backward stable: ‖AV − VΛ‖_F = O(nε‖A‖_F), ‖VᵀV − I‖_F = O(nε),
 * each computed eigenvalue within O(nε‖A‖₂) of an exact one (Weyl); eigenvectors of clustered eigenvalues are
 * individually ill-conditioned (only the invariant subspace is well determined). Small eigenvalues of graded
 * matrices get absolute, not relative, accuracy. The symmetry check in {@link symEigen} compares
 * |a_ij − a_ji| with 1e-12·max|a|; only the lower triangle is used afterwards.
 */
import { ctx } from './backend.js';
import { checkOptions } from './check.js';
import { ArgumentError, rangeError, shapeError, typeError } from './errors.js';
import { matmul, matvec } from './gemm.js';
import { checkFinite, checkMatrix, checkSquare, checkVector, type Matrix } from './matrix.js';

/** Relative asymmetry tolerated by default: |a_ij − a_ji| ≤ SYM_TOL·max|a_kl| (a few hundred ulps of max|a|). */
const SYM_TOL = 1e-12;

/** Options of {@link symEigen}. */
export interface SymEigenOptions {
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
  /**
   * Check symmetry: throw E_ARG_RANGE when some |a_ij − a_ji| > 1e-12·max|a| (default true). With `false` only
   * the lower triangle is read and the strict upper triangle is ignored.
   */
  check?: boolean;
}

/** Options of {@link tridiagEigen}. */
export interface TridiagEigenOptions {
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
}

/** Result of {@link symEigen} and {@link tridiagEigen}. */
export interface EigenResult {
  /** Eigenvalues in ascending order (length n). */
  values: Float64Array;
  /** n×n matrix V with the unit eigenvectors as columns (V[i·n + j] = component i of eigenvector j); A = VΛVᵀ. */
  vectors?: Matrix;
  /**
   * False when the QL iteration hit its limit (30 sweeps per eigenvalue). The values (and vectors) are then only
   * partly reduced and must not be trusted. Never observed for finite input; reported rather than thrown.
   */
  converged: boolean;
}

/** Result of {@link cholesky}: the factor, or the pivot at which A proved not positive definite. */
export type CholeskyResult =
  | {
      ok: true /** Lower-triangular n×n factor with A = LLᵀ; the strict upper triangle is zero. */;
      L: Matrix;
    }
  | {
      ok: false;
      /**
       * 0-based index j of the failing pivot: the leading (j+1)×(j+1) minor of A is not positive definite
       * (LAPACK dpotrf reports info = j+1).
       */
      failedAt: number;
    };

/** Options of {@link solveSymmetric} and {@link pinvSymmetric}. */
export interface SymmetricSolveOptions {
  /** Eigenvalues with |λ| ≤ rcond·max|λ| are treated as zero (default n·ε, ε = 2^-52). */
  rcond?: number;
  /** Check symmetry as in {@link symEigen} (default true). */
  check?: boolean;
}

/** Result of {@link solveSymmetric}. */
export interface SymmetricSolveResult {
  /** The minimum-norm least-squares solution A⁺b (length n). */
  x: Float64Array;
  /** Number of eigenvalues kept (numerical rank of A at this rcond). */
  rank: number;
  /** The relative cut-off used. */
  rcond: number;
  /** False when the eigensolver did not converge (see {@link EigenResult.converged}). */
  converged: boolean;
}

/** Result of {@link pinvSymmetric}. */
export interface PinvSymmetricResult {
  /** The n×n symmetric pseudo-inverse A⁺. */
  pinv: Matrix;
  /** Number of eigenvalues kept. */
  rank: number;
  /** The relative cut-off used. */
  rcond: number;
  /** False when the eigensolver did not converge. */
  converged: boolean;
}

function flag(fn: string, what: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw typeError(fn, what, 'be a boolean', v);
  return v;
}

function rcondOption(fn: string, v: unknown, n: number): number {
  if (v === undefined) return n * Number.EPSILON;
  if (typeof v !== 'number') throw typeError(fn, 'opts.rcond', 'be a number', v);
  if (!(v >= 0 && v < Number.POSITIVE_INFINITY)) throw rangeError(fn, 'opts.rcond', 'be finite and ≥ 0', v);
  return v;
}

/** Throws E_ARG_RANGE naming the worst asymmetric pair when some |a_ij − a_ji| > 1e-12·max|a|. */
function checkSymmetric(fn: string, A: Matrix): void {
  const n = A.rows;
  const a = A.data;
  let amax = 0;
  for (let k = 0; k < a.length; k++) amax = Math.max(amax, Math.abs(a[k]!));
  const tol = SYM_TOL * amax;
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i * n + j]! - a[j * n + i]!);
      if (d > worst) {
        worst = d;
        wi = i;
        wj = j;
      }
    }
  if (worst > tol)
    throw new ArgumentError(
      'E_ARG_RANGE',
      fn,
      `${fn}: invalid argument. A must be symmetric to within 1e-12·max|a_ij| = ${tol}. ` +
        `Value: |A[${wi}][${wj}] − A[${wj}][${wi}]| = ${worst}.`,
    );
}

function validateSymmetric(fn: string, A: Matrix, check: boolean): void {
  checkFinite(fn, 'A.data', A.data);
  if (check) checkSymmetric(fn, A);
}

/** Runs the raw symEig kernel on a validated matrix. */
function rawSymEig(fn: string, A: Matrix, vectors: boolean): EigenResult {
  const n = A.rows;
  const want = vectors ? 1 : 0;
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const pw = s.f64(n);
    const pk = s.bytes(c.k.symEigWorkSize(n, want));
    const info = c.k.symEig(n, pa, pw, want, pk);
    const values = s.copyOut(pw, n);
    const out: EigenResult = { values, converged: info === 0 };
    if (vectors) out.vectors = { rows: n, cols: n, data: s.copyOut(pa, n * n) };
    return out;
  } finally {
    s.dispose();
  }
}

/**
 * Eigenvalues (ascending) and, by default, orthonormal eigenvectors of a real symmetric matrix: A = VΛVᵀ.
 * @param A n×n symmetric matrix (finite). Only its lower triangle enters the computation.
 * @param opts `vectors` (default true): also return V; `check` (default true): reject A unless
 * |a_ij − a_ji| ≤ 1e-12·max|a| for all i, j.
 * @returns `{ values, vectors?, converged }`; `vectors` is n×n with eigenvector j in column j. Non-convergence is
 * reported through `converged: false`, never thrown.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix or options; ShapeError (E_SHAPE) when A is not square;
 * NonFiniteError (E_NONFINITE) naming the first NaN/±Infinity entry; ArgumentError (E_ARG_RANGE) when A is not
 * symmetric (the message names the worst pair); StateError (E_NOT_INITIALIZED) before `init()`.
 * @see LAPACK dsyev (dsytrd + dorgtr + dsteqr); Golub & Van Loan §8.3.
 * @example
 * const { values, vectors } = symEigen(fromRows([[2, 1], [1, 2]]));
 * // values = [1, 3]; vectors columns ±[1, −1]/√2 and ±[1, 1]/√2
 */
export function symEigen(A: Matrix, opts: SymEigenOptions = {}): EigenResult {
  const fn = 'symEigen';
  checkSquare(fn, 'A', A);
  checkOptions(fn, opts, 'opts');
  const vectors = flag(fn, 'opts.vectors', opts.vectors, true);
  const check = flag(fn, 'opts.check', opts.check, true);
  validateSymmetric(fn, A, check);
  return rawSymEig(fn, A, vectors);
}

/**
 * Eigenvalues (ascending) and, by default, eigenvectors of the symmetric tridiagonal matrix with diagonal d and
 * off-diagonal e (T_{i,i+1} = T_{i+1,i} = e_i), e.g. the Lanczos matrix.
 * @param d diagonal, length n (finite).
 * @param e off-diagonal, length n − 1 (length 0 when n = 0; finite).
 * @param opts `vectors` (default true).
 * @returns `{ values, vectors?, converged }` as {@link symEigen}, for T = VΛVᵀ. The inputs are not modified.
 * @throws ArgumentError (E_ARG_TYPE) for non-Float64Array inputs or malformed options; ShapeError (E_SHAPE) when
 * e.length ≠ max(n − 1, 0); NonFiniteError (E_NONFINITE) naming the first non-finite entry.
 * @see LAPACK dsteqr; Golub & Van Loan §8.3.5 (implicit symmetric QR step with Wilkinson shift).
 * @example
 * tridiagEigen(Float64Array.of(2, 2, 2), Float64Array.of(-1, -1)).values; // [2 − √2, 2, 2 + √2]
 */
export function tridiagEigen(d: Float64Array, e: Float64Array, opts: TridiagEigenOptions = {}): EigenResult {
  const fn = 'tridiagEigen';
  checkVector(fn, 'd', d);
  const n = d.length;
  checkVector(fn, 'e', e, Math.max(n - 1, 0));
  checkOptions(fn, opts, 'opts');
  const vectors = flag(fn, 'opts.vectors', opts.vectors, true);
  checkFinite(fn, 'd', d);
  checkFinite(fn, 'e', e);
  const want = vectors ? 1 : 0;
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pd = s.copyIn(d);
    const pe = s.copyIn(e);
    const pz = vectors ? s.f64(n * n) : 0;
    const pk = s.bytes(c.k.tridiagEigWorkSize(n, want));
    const info = c.k.tridiagEig(n, pd, pe, pz, want, pk);
    const out: EigenResult = { values: s.copyOut(pd, n), converged: info === 0 };
    if (vectors) out.vectors = { rows: n, cols: n, data: s.copyOut(pz, n * n) };
    return out;
  } finally {
    s.dispose();
  }
}

/** Factors the validated A in scratch; returns the kernel's info and, on success, leaves L at the pointer. */
function rawCholesky(fn: string, A: Matrix): CholeskyResult {
  const n = A.rows;
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const info = c.k.cholesky(n, pa);
    if (info !== 0) return { ok: false, failedAt: info - 1 };
    return { ok: true, L: { rows: n, cols: n, data: s.copyOut(pa, n * n) } };
  } finally {
    s.dispose();
  }
}

/**
 * Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix. Not being positive definite is a result
 * (`ok: false`), not an exception: it is the cheapest test of definiteness.
 * @param A n×n matrix (finite); only its lower triangle is read (LAPACK convention), symmetry is not checked.
 * @returns `{ ok: true, L }` with L lower triangular (zero strict upper triangle), or `{ ok: false, failedAt }`
 * where the leading (failedAt+1)×(failedAt+1) minor is not positive definite.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix; ShapeError (E_SHAPE) when not square;
 * NonFiniteError (E_NONFINITE) naming the first non-finite entry.
 * @see LAPACK dpotrf; Golub & Van Loan §4.2.
 * @example
 * cholesky(fromRows([[4, 2], [2, 3]])); // { ok: true, L: [[2, 0], [1, √2]] }
 * cholesky(fromRows([[1, 2], [2, 1]])); // { ok: false, failedAt: 1 }
 */
export function cholesky(A: Matrix): CholeskyResult {
  const fn = 'cholesky';
  checkSquare(fn, 'A', A);
  checkFinite(fn, 'A.data', A.data);
  return rawCholesky(fn, A);
}

/**
 * Solves AX = B for symmetric positive definite A through its Cholesky factor.
 * @param A n×n symmetric positive definite matrix (finite; lower triangle read).
 * @param B right-hand side: an n×k Matrix, or a Float64Array of length n.
 * @returns the solution, of the same kind and shape as B.
 * @throws ArgumentError (E_ARG_TYPE) for malformed inputs; ShapeError (E_SHAPE) when A is not square or B has
 * ≠ n rows; NonFiniteError (E_NONFINITE) for non-finite entries; ArgumentError (E_ARG_RANGE) when A is not
 * positive definite (the message names the failing leading minor).
 * @see LAPACK dposv (dpotrf + dpotrs).
 * @example
 * choleskySolve(fromRows([[4, 2], [2, 3]]), Float64Array.of(2, 1)); // [0.5, 0]
 */
export function choleskySolve(A: Matrix, B: Matrix): Matrix;
/** {@inheritDoc choleskySolve} */
export function choleskySolve(A: Matrix, B: Float64Array): Float64Array;
export function choleskySolve(A: Matrix, B: Matrix | Float64Array): Matrix | Float64Array {
  const fn = 'choleskySolve';
  checkSquare(fn, 'A', A);
  const n = A.rows;
  let nrhs: number;
  let bData: Float64Array;
  const isVector = B instanceof Float64Array;
  if (isVector) {
    checkVector(fn, 'B', B, n);
    nrhs = 1;
    bData = B;
  } else {
    if (B === null || typeof B !== 'object') throw typeError(fn, 'B', 'be a Matrix or a Float64Array', B);
    checkMatrix(fn, 'B', B);
    if (B.rows !== n) throw shapeError(fn, 'B.rows', `equal A.rows = ${n}`, B.rows);
    nrhs = B.cols;
    bData = B.data;
  }
  checkFinite(fn, 'A.data', A.data);
  checkFinite(fn, isVector ? 'B' : 'B.data', bData);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pa = s.copyIn(A.data);
    const info = c.k.cholesky(n, pa);
    if (info !== 0)
      throw new ArgumentError(
        'E_ARG_RANGE',
        fn,
        `${fn}: invalid argument. A must be positive definite. Value: its leading minor of order ${info} is not.`,
      );
    const pb = s.copyIn(bData);
    c.k.cholSolve(n, nrhs, pa, pb);
    const x = s.copyOut(pb, n * nrhs);
    return isVector ? x : { rows: n, cols: nrhs, data: x };
  } finally {
    s.dispose();
  }
}

/** Reciprocals of the kept eigenvalues (0 for discarded ones), and the rank. */
function invertSpectrum(values: Float64Array, rcond: number): { inv: Float64Array; rank: number } {
  let lmax = 0;
  for (const v of values) lmax = Math.max(lmax, Math.abs(v));
  const cut = rcond * lmax;
  const inv = new Float64Array(values.length);
  let rank = 0;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (Math.abs(v) > cut && v !== 0) {
      inv[j] = 1 / v;
      rank++;
    }
  }
  return { inv, rank };
}

/**
 * Minimum-norm least-squares solution x = A⁺b of Ax = b for a symmetric, possibly indefinite or singular A,
 * through its eigendecomposition: x = Σ_{|λ_j| > rcond·max|λ|} v_j (v_jᵀb) / λ_j. This is the Newton step at a
 * saddle or on a flat direction of a loss landscape.
 * @param A n×n symmetric matrix (finite).
 * @param b right-hand side, length n (finite).
 * @param opts `rcond` (default n·ε): relative cut-off below which eigenvalues count as zero; `check` (default true)
 * as in {@link symEigen}.
 * @returns `{ x, rank, rcond, converged }`; A·x is the orthogonal projection of b onto range(A) (restricted to the
 * kept eigenvectors), and x ⟂ null space.
 * @throws as {@link symEigen}; ShapeError (E_SHAPE) when b.length ≠ n; ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for
 * a non-number or negative/non-finite `rcond`.
 * @see LAPACK dgelss (the same truncated spectral solve, with an SVD); Golub & Van Loan §5.5.4.
 * @example
 * solveSymmetric(fromRows([[1, 0], [0, 0]]), Float64Array.of(2, 3)); // { x: [2, 0], rank: 1, … }
 */
export function solveSymmetric(
  A: Matrix,
  b: Float64Array,
  opts: SymmetricSolveOptions = {},
): SymmetricSolveResult {
  const fn = 'solveSymmetric';
  checkSquare(fn, 'A', A);
  const n = A.rows;
  checkVector(fn, 'b', b, n);
  checkOptions(fn, opts, 'opts');
  const rcond = rcondOption(fn, opts.rcond, n);
  const check = flag(fn, 'opts.check', opts.check, true);
  validateSymmetric(fn, A, check);
  checkFinite(fn, 'b', b);
  const { values, vectors, converged } = rawSymEig(fn, A, true);
  const V = vectors!;
  const { inv, rank } = invertSpectrum(values, rcond);
  if (n === 0) return { x: new Float64Array(0), rank: 0, rcond, converged };
  const y = matvec(V, b, { trans: true });
  for (let j = 0; j < n; j++) y[j] = y[j]! * inv[j]!;
  return { x: matvec(V, y), rank, rcond, converged };
}

/**
 * Moore–Penrose pseudo-inverse A⁺ = Σ_{|λ_j| > rcond·max|λ|} v_j v_jᵀ / λ_j of a symmetric matrix.
 * @param A n×n symmetric matrix (finite).
 * @param opts `rcond` (default n·ε), `check` (default true) as in {@link solveSymmetric}.
 * @returns `{ pinv, rank, rcond, converged }`; `pinv` is symmetric (mirrored exactly).
 * @throws as {@link solveSymmetric}.
 * @see LAPACK dgelss; Golub & Van Loan §5.5.2.
 * @example
 * pinvSymmetric(fromRows([[2, 0], [0, 0]])).pinv; // [[0.5, 0], [0, 0]]
 */
export function pinvSymmetric(A: Matrix, opts: SymmetricSolveOptions = {}): PinvSymmetricResult {
  const fn = 'pinvSymmetric';
  checkSquare(fn, 'A', A);
  const n = A.rows;
  checkOptions(fn, opts, 'opts');
  const rcond = rcondOption(fn, opts.rcond, n);
  const check = flag(fn, 'opts.check', opts.check, true);
  validateSymmetric(fn, A, check);
  const { values, vectors, converged } = rawSymEig(fn, A, true);
  const V = vectors!;
  const { inv, rank } = invertSpectrum(values, rcond);
  // Pack the kept eigenvectors as columns of W (n×r) and S = W·diag(1/λ); A⁺ = S Wᵀ.
  const keep: number[] = [];
  for (let j = 0; j < n; j++) if (inv[j] !== 0) keep.push(j);
  const r = keep.length;
  const W = new Float64Array(n * r);
  const S = new Float64Array(n * r);
  for (let i = 0; i < n; i++)
    for (let q = 0; q < r; q++) {
      const v = V.data[i * n + keep[q]!]!;
      W[i * r + q] = v;
      S[i * r + q] = v * inv[keep[q]!]!;
    }
  const P =
    r === 0
      ? { rows: n, cols: n, data: new Float64Array(n * n) }
      : matmul({ rows: n, cols: r, data: S }, { rows: n, cols: r, data: W }, { transB: true });
  // Mirror the lower triangle so that the result is exactly symmetric.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) P.data[j * n + i] = P.data[i * n + j]!;
  return { pinv: P, rank, rcond, converged };
}
