/**
 * Spectra of symmetric matrices and Hessians: dense (all eigenpairs) and Lanczos (a few extremal eigenpairs from
 * matrix-vector products only).
 *
 * Dense: core-math `symEigen` (Householder tridiagonalisation + implicit QL, LAPACK dsyev family), O(n³), normwise
 * backward stable, so every computed eigenvalue is within O(nε‖A‖₂) of a true one (Weyl); we report the bound
 * 10·n·ε·‖A‖₂ and, when vectors are computed, the measured residual max_i ‖Av_i − λ_i v_i‖₂, which bounds each
 * eigenvalue's error a posteriori (for symmetric A some eigenvalue lies within ‖Av − θv‖ of θ, ‖v‖ = 1).
 *
 * Lanczos: the three-term recurrence with FULL reorthogonalisation (no spurious copies, no restarts), the
 * tridiagonal T_m solved by core-math `tridiagEigen`; convergence is monitored with the free estimate
 * |β_m s_{m,i}| of each Ritz pair's residual, and on exit every returned pair's residual ‖Ay − θy‖ is COMPUTED with one
 * more product each. A single start vector finds one copy of a repeated eigenvalue (block Lanczos is not
 * implemented); an invariant subspace triggers a restart from a fresh random vector orthogonal to the basis, which
 * can reveal further copies. Complexity: m products + O(m²n) for reorthogonalisation + O(m³) per convergence check;
 * memory (m + 1)·n doubles.
 * @see Golub & Van Loan §8.3, §10.1; Parlett, The Symmetric Eigenvalue Problem, ch. 11 (residual bounds), 13.
 */
import {
  checkMatrix,
  checkNumber,
  checkOneOf,
  checkOptions,
  type Matrix,
  matvec,
  NON_NEGATIVE,
  type Objective,
  POSITIVE,
  Rng,
  rangeError,
  shapeError,
} from '@landscape-lab/core-math';
import { type HessianOptions, type HessianResult, hessian } from './hessian.js';
import { checkOperator, checkOperatorOutput, checkPoint } from './internal/check.js';
import { symEig, tridiagEig } from './internal/eig.js';
import { lanczosRun } from './internal/lanczos-core.js';
import { EPS, nrm2 } from './internal/vec.js';
import type { LinearOperator } from './operator.js';

/** All eigenvalues (ascending) of a symmetric matrix, with error measures. */
export interface DenseSpectrum {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Eigenvectors as the columns of an n×n matrix (column j belongs to values[j]), when requested. */
  vectors?: Matrix;
  /** False when the QL iteration failed to converge for some eigenvalue (then `values` are not reliable). */
  converged: boolean;
  /** ‖A‖₂ = max |λ_i| (0 for n = 0). */
  norm: number;
  /** A-priori eigenvalue error bound 10·n·ε·‖A‖₂ of the backward-stable solver. */
  errorBound: number;
  /** max_j ‖A v_j − λ_j v_j‖₂ (computed; vectors only): an a-posteriori bound on each eigenvalue's error. */
  maxResidual?: number;
}

/** Options of {@link denseSpectrum}. */
export interface DenseSpectrumOptions {
  /** Also compute eigenvectors (default false). A must be symmetric to 1e−12·max|a_ij| (checked). */
  vectors?: boolean;
}

/**
 * All eigenvalues (and optionally eigenvectors) of a symmetric matrix, via core-math's `symEigen`.
 * @param A n×n symmetric matrix (only its lower triangle is read by the solver; not modified)
 * @param options `vectors` to also compute eigenvectors and their residuals
 * @returns ascending eigenvalues, vectors, convergence flag and error measures
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix, (E_ARG_RANGE) for a non-symmetric one; ShapeError
 * (E_SHAPE) when A is not square;
 * NonFiniteError (E_NONFINITE) for non-finite entries.
 * @see LAPACK DSYEV; Golub & Van Loan §8.3
 * @example
 * denseSpectrum(fromRows([[0, 1], [1, 0]])).values // [-1, 1]
 */
export function denseSpectrum(A: Matrix, options: DenseSpectrumOptions = {}): DenseSpectrum {
  const fn = 'denseSpectrum';
  checkMatrix(fn, 'A', A);
  if (A.rows !== A.cols) throw shapeError(fn, 'A', 'be square', A);
  checkOptions(fn, options);
  const n = A.rows;
  checkPoint(fn, 'A.data', A.data, n * n);
  checkSymmetric(fn, A);
  const wantVectors = options.vectors ?? false;
  const e = symEig(A, wantVectors);
  const norm = n === 0 ? 0 : Math.max(Math.abs(e.values[0]!), Math.abs(e.values[n - 1]!));
  const out: DenseSpectrum = {
    values: e.values,
    converged: e.converged,
    norm,
    errorBound: 10 * n * EPS * norm,
  };
  if (wantVectors) {
    out.vectors = e.vectors!;
    out.maxResidual = eigResidual(A, e.values, e.vectors!);
  }
  return out;
}

/** Symmetry to 1e−12·max|a| (a few hundred ulps), the same default as core-math's symEigen. */
function checkSymmetric(fn: string, A: Matrix): void {
  const n = A.rows;
  const d = A.data;
  let mx = 0;
  for (let i = 0; i < d.length; i++) mx = Math.max(mx, Math.abs(d[i]!));
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const t = Math.abs(d[i * n + j]! - d[j * n + i]!);
      if (t > worst) {
        worst = t;
        wi = i;
        wj = j;
      }
    }
  if (worst > 1e-12 * mx)
    throw rangeError(
      fn,
      'A',
      `be symmetric to 1e-12·max|a| (|a[${wi}][${wj}] − a[${wj}][${wi}]| is too large)`,
      worst,
    );
}

/** max_j ‖A v_j − λ_j v_j‖₂ with V's columns as the v_j. */
function eigResidual(A: Matrix, values: Float64Array, V: Matrix): number {
  const n = A.rows;
  if (n === 0) return 0;
  const v = new Float64Array(n);
  const Av = new Float64Array(n);
  let worst = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) v[i] = V.data[i * n + j]!;
    matvec(A, v, { y: Av });
    for (let i = 0; i < n; i++) Av[i] = Av[i]! - values[j]! * v[i]!;
    worst = Math.max(worst, nrm2(Av));
  }
  return worst;
}

/** Dense spectrum of a Hessian, with the Hessian's provenance. */
export interface HessianSpectrum extends DenseSpectrum {
  /** The Hessian that was decomposed (method, asymmetry, …). */
  hessian: HessianResult;
}

/**
 * The full spectrum of ∇²f(θ): {@link hessian} then {@link denseSpectrum}.
 * @param objective any objective of dimension n
 * @param theta point θ ∈ R^n
 * @param options Hessian method / step, and `vectors`
 * @throws as {@link hessian} and {@link denseSpectrum}
 * @see P4 §4.2 (Hessian of the teacher–student loss), §4.6 claim 2
 * @example
 * hessianSpectrum(teacherStudent, thetaAtV).values[0] // λ_min = 1/4 − 1/(2π) at W = V (P4 Theorem 3)
 */
export function hessianSpectrum(
  objective: Objective,
  theta: Float64Array,
  options: HessianOptions & DenseSpectrumOptions = {},
): HessianSpectrum {
  checkOptions('hessianSpectrum', options);
  const h = hessian(objective, theta, options);
  return { ...denseSpectrum(h.matrix, options), hessian: h };
}

/** Which end(s) of the spectrum {@link lanczos} targets. */
export type LanczosWhich = 'largest' | 'smallest' | 'both-ends' | 'largest-magnitude';

/** Options of {@link lanczos}. */
export interface LanczosOptions {
  /** Number of eigenpairs (default 1, or 0 when dim = 0; at most dim). */
  k?: number;
  /**
   * `largest` (algebraic: λ_max first, e.g. sharpness), `smallest` (algebraic: the most negative first, e.g. escape
   * directions), `both-ends` (⌈k/2⌉ largest and ⌊k/2⌋ smallest), `largest-magnitude`. Default `largest`.
   */
  which?: LanczosWhich;
  /** Maximum Krylov dimension m (default min(dim, max(100, 20k))). */
  maxIters?: number;
  /**
   * Relative residual tolerance (default 1e−10): stop when every wanted Ritz pair has |β_m s_{m,i}| ≤ tol·‖T‖;
   * `converged` reports whether every COMPUTED residual ‖Ay − θy‖ meets max(tol, n·ε)·‖T‖.
   */
  tol?: number;
  /** Seed of the random start vector and restart vectors (default 0). */
  seed?: number;
  /** Start vector (default: Gaussian from `seed`); must be nonzero. */
  start?: Float64Array;
  /** Check convergence every this many steps (default 5). */
  checkEvery?: number;
}

/** Extremal Ritz pairs with their residuals. */
export interface LanczosResult {
  /** Ritz values, most wanted first (`largest`: descending; `smallest`: ascending; `both-ends`: ascending; `largest-magnitude`: by decreasing |θ|). */
  values: Float64Array;
  /** Unit Ritz vectors, aligned with `values`. */
  vectors: Float64Array[];
  /** Computed residuals ‖A y_i − θ_i y_i‖₂: some eigenvalue of A lies within residuals[i] of values[i]. */
  residuals: Float64Array;
  /** Lanczos' own estimates |β_m s_{m,i}| (equal to the residuals in exact arithmetic). */
  residualEstimates: Float64Array;
  /** Krylov dimension m reached. */
  iterations: number;
  /** Operator products, including the k used to compute residuals. */
  applications: number;
  /** max |θ| over all Ritz values of T_m (a lower bound on ‖A‖₂, used as the scale of `tol`). */
  normEstimate: number;
  /** Every returned pair's computed residual ≤ max(tol, n·ε)·normEstimate. */
  converged: boolean;
  /** The Krylov space became invariant and could not be extended (all of A's reachable spectrum was found). */
  invariant: boolean;
  /** Options used. */
  which: LanczosWhich;
  tol: number;
  seed: number;
}

function selectIndices(values: Float64Array, k: number, which: LanczosWhich): number[] {
  const m = values.length;
  const kk = Math.min(k, m);
  const idx: number[] = [];
  if (which === 'largest') for (let i = 0; i < kk; i++) idx.push(m - 1 - i);
  else if (which === 'smallest') for (let i = 0; i < kk; i++) idx.push(i);
  else if (which === 'both-ends') {
    const top = Math.ceil(kk / 2);
    const bot = kk - top;
    for (let i = 0; i < bot; i++) idx.push(i);
    for (let i = top - 1; i >= 0; i--) idx.push(m - 1 - i);
  } else {
    const order = Array.from({ length: m }, (_, i) => i).sort(
      (a, b) => Math.abs(values[b]!) - Math.abs(values[a]!),
    );
    idx.push(...order.slice(0, kk));
  }
  return idx;
}

/**
 * A few extremal eigenpairs of a symmetric operator by Lanczos with full reorthogonalisation.
 * @param op symmetric operator (e.g. {@link hessianOperator} or {@link matrixOperator}), dimension n
 * @param options k, which end, Krylov dimension, tolerance, seed / start
 * @returns Ritz values and unit vectors with computed and estimated residuals
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a malformed operator or options (k > n, tol ≤ 0, …);
 * ShapeError / NonFiniteError for a bad start vector; NonFiniteError when the operator returns non-finite values.
 * @see Golub & Van Loan §10.1; Parlett ch. 11, 13
 * @example
 * const r = lanczos(hessianOperator(objective, theta), { k: 10, which: 'largest' });
 * r.values[0]; // λ_max, within r.residuals[0] of a true eigenvalue
 */
export function lanczos(op: LinearOperator, options: LanczosOptions = {}): LanczosResult {
  const fn = 'lanczos';
  checkOperator(fn, op);
  checkOptions(fn, options);
  const n = op.dim;
  const k = options.k ?? Math.min(1, n);
  checkNumber(fn, 'options.k', k, { min: 0, max: Math.max(n, 0) }, true);
  const which = options.which ?? 'largest';
  checkOneOf(fn, 'options.which', which, ['largest', 'smallest', 'both-ends', 'largest-magnitude'] as const);
  const maxIters = options.maxIters ?? Math.min(n, Math.max(100, 20 * k));
  checkNumber(fn, 'options.maxIters', maxIters, { min: Math.min(1, n) }, true);
  if (maxIters < k) throw rangeError(fn, 'options.maxIters', `be at least k = ${k}`, maxIters);
  const tol = options.tol ?? 1e-10;
  checkNumber(fn, 'options.tol', tol, POSITIVE);
  const seed = options.seed ?? 0;
  checkNumber(fn, 'options.seed', seed, NON_NEGATIVE, true);
  const checkEvery = options.checkEvery ?? 5;
  checkNumber(fn, 'options.checkEvery', checkEvery, { min: 1 }, true);
  const rng = new Rng(seed);
  const empty = (): LanczosResult => ({
    values: new Float64Array(0),
    vectors: [],
    residuals: new Float64Array(0),
    residualEstimates: new Float64Array(0),
    iterations: 0,
    applications: 0,
    normEstimate: 0,
    converged: true,
    invariant: n === 0,
    which,
    tol,
    seed,
  });
  if (n === 0 || k === 0) return empty();
  let q0: Float64Array;
  if (options.start !== undefined) {
    checkPoint(fn, 'options.start', options.start, n);
    q0 = Float64Array.from(options.start);
  } else q0 = rng.fillNormal(new Float64Array(n));
  const nq = nrm2(q0);
  if (nq === 0) throw rangeError(fn, 'options.start', 'be nonzero', options.start);
  for (let i = 0; i < n; i++) q0[i] = q0[i]! / nq;

  const restartRng = rng.split(1);
  const converged = (alpha: Float64Array, beta: Float64Array, m: number): boolean => {
    if (m < k) return false;
    const e = tridiagEig(alpha.subarray(0, m), beta.subarray(0, m - 1), true);
    const S = e.vectors!;
    const bm = beta[m - 1]!;
    const norm = Math.max(Math.abs(e.values[0]!), Math.abs(e.values[m - 1]!));
    for (const i of selectIndices(e.values, k, which))
      if (Math.abs(bm * S.data[(m - 1) * m + i]!) > tol * norm) return false;
    return true;
  };
  const run = lanczosRun(op, q0, maxIters, true, restartRng, (r, j) => {
    const m = j + 1;
    checkOperatorOutput(fn, r.alpha[j]! + r.beta[j]!);
    return m >= k && (m % checkEvery === 0 || m === maxIters) && converged(r.alpha, r.beta, m);
  });
  const m = run.m;
  const e = tridiagEig(run.alpha.subarray(0, m), run.beta.subarray(0, Math.max(0, m - 1)), true);
  const S = e.vectors!;
  const bm = run.invariant ? 0 : run.beta[m - 1]!;
  const normEstimate = Math.max(Math.abs(e.values[0]!), Math.abs(e.values[m - 1]!));
  const idx = selectIndices(e.values, k, which);
  if (which === 'both-ends') idx.sort((a, b) => e.values[a]! - e.values[b]!);
  const Qv = { rows: m, cols: n, data: run.Q.subarray(0, m * n) };
  const values = new Float64Array(idx.length);
  const vectors: Float64Array[] = [];
  const residuals = new Float64Array(idx.length);
  const estimates = new Float64Array(idx.length);
  const s = new Float64Array(m);
  const Ay = new Float64Array(n);
  let applications = run.applications;
  idx.forEach((col, t) => {
    for (let i = 0; i < m; i++) s[i] = S.data[i * m + col]!;
    const y = matvec(Qv, s, { trans: true });
    const ny = nrm2(y);
    for (let i = 0; i < n; i++) y[i] = y[i]! / ny;
    const theta = e.values[col]!;
    op.apply(y, Ay);
    applications++;
    for (let i = 0; i < n; i++) Ay[i] = Ay[i]! - theta * y[i]!;
    values[t] = theta;
    vectors.push(y);
    residuals[t] = nrm2(Ay);
    estimates[t] = Math.abs(bm * s[m - 1]!);
  });
  const tolEff = Math.max(tol, n * EPS) * normEstimate;
  return {
    values,
    vectors,
    residuals,
    residualEstimates: estimates,
    iterations: m,
    applications,
    normEstimate,
    converged: e.converged && residuals.every((r) => r <= tolEff),
    invariant: run.invariant,
    which,
    tol,
    seed,
  };
}
