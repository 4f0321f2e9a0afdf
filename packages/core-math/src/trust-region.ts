/**
 * Trust-region and Newton steps for a quadratic model m(s) = gᵀs + ½sᵀHs with a symmetric, possibly indefinite H.
 *
 * Algorithm ({@link trustRegionStep}): the exact solution of min m(s) s.t. ‖s‖₂ ≤ Δ through the eigendecomposition
 * H = QΛQᵀ (Moré–Sorensen characterisation): s solves (H + λI)s = −g with H + λI ⪰ 0, λ ≥ 0 and λ(Δ − ‖s‖) = 0.
 * In the eigenbasis ŝ_i(λ) = −ĝ_i/(λ_i + λ), ĝ = Qᵀg, so the secular equation ‖s(λ)‖ = Δ is solved on
 * (max(0, −λ_1), ∞) by Newton's method on φ(λ) = 1/‖s(λ)‖ − 1/Δ (concave and increasing there, so Newton converges
 * monotonically once left of the root), safeguarded by bisection on a bracket [λ_lo, λ_hi] with
 * λ_hi = ‖g‖/Δ − λ_1. The hard case (g ⟂ the eigenspace of λ_1 ≤ 0 and ‖s(−λ_1)‖ < Δ) is detected explicitly and
 * completed along an eigenvector of λ_1 to reach the boundary. {@link newtonStep} is the pseudo-inverse Newton step
 * s = −H⁺g (via {@link solveSymmetric}), which converges to saddles as well as minima.
 *
 * References: J. J. Moré & D. C. Sorensen (1983), "Computing a trust region step", SIAM J. Sci. Stat. Comput. 4(3);
 * J. Nocedal & S. J. Wright, "Numerical Optimization", 2nd ed., §4.3 (Theorem 4.1, the hard case);
 * A. R. Conn, N. I. M. Gould & Ph. L. Toint, "Trust-Region Methods" (2000), §7.3.
 *
 * Complexity: one symmetric eigendecomposition (≈ 9n³ flops with vectors) plus O(n) per secular iteration
 * (typically < 10, at most 200) and two n² products.
 *
 * Numerical caveats: eigenvalues are known to O(nε‖H‖), so eigenvalues within 8nε·‖H‖₂ of λ_1 count as one cluster,
 * and components of ĝ below 8nε·‖g‖ count as zero (the hard-case test); in a "nearly hard" case the secular
 * equation is ill-conditioned (‖s(λ)‖ varies faster than λ can be resolved next to the pole −λ_1), so the
 * remaining mismatch ‖s‖ − Δ is put into the λ_1-cluster components, whose residual (λ_i + λ)·Δŝ_i is negligible. `predictedDecrease` is computed in the eigenbasis and is ≥ 0
 * up to rounding of order ε·(|gᵀs| + |sᵀHs|).
 */
import { checkNumber, checkOptions, POSITIVE } from './check.js';
import { solveSymmetric, symEigen } from './eigen.js';
import { ArgumentError, rangeError, typeError } from './errors.js';
import { matvec } from './gemm.js';
import { checkFinite, checkSquare, checkVector, type Matrix } from './matrix.js';

const EPS = Number.EPSILON;
/** Same symmetry tolerance as {@link symEigen}: |h_ij − h_ji| ≤ 1e-12·max|h|. */
const SYM_TOL = 1e-12;

/** Options of {@link trustRegionStep}. */
export interface TrustRegionOptions {
  /** Relative accuracy of ‖s‖ = Δ on the boundary (default 1e-12; at least 4ε). */
  tol?: number;
  /** Cap on secular-equation iterations (default 200). */
  maxIters?: number;
}

/** Result of {@link trustRegionStep}. */
export interface TrustRegionStepResult {
  /** The step s (length n), ‖s‖ ≤ Δ(1 + tol). */
  step: Float64Array;
  /** −m(s) = −(gᵀs + ½sᵀHs) ≥ 0 (up to rounding): the decrease the quadratic model predicts. */
  predictedDecrease: number;
  /** True when the constraint is active (‖s‖ = Δ to within tol). */
  hitBoundary: boolean;
  /** The multiplier λ ≥ 0 with (H + λI)s = −g and H + λI ⪰ 0. */
  lambda: number;
  /** True in the hard case (g ⟂ the λ_1 eigenspace to rounding, λ_1 ≤ 0 and ‖(H − λ_1I)⁺g‖ < Δ). */
  hardCase: boolean;
  /** λ_1, the smallest eigenvalue of H. */
  minEigenvalue: number;
  /** Secular-equation iterations used (0 for interior and hard-case steps). */
  iterations: number;
  /** False when the eigensolver or the secular iteration hit its cap (the step is then the best found). */
  converged: boolean;
}

/** Options of {@link newtonStep}. */
export interface NewtonStepOptions {
  /** Eigenvalues with |λ| ≤ rcond·max|λ| are treated as zero (default n·ε). */
  rcond?: number;
}

/** Result of {@link newtonStep}. */
export interface NewtonStepResult {
  /** s = −H⁺g. */
  step: Float64Array;
  /** −m(s) = −(gᵀs + ½sᵀHs) = ½ gᵀH⁺g: positive towards a minimum, negative towards a maximum, any sign at a saddle. */
  predictedDecrease: number;
  /** Numerical rank of H at `rcond`. */
  rank: number;
  /** The relative cut-off used. */
  rcond: number;
  /** False when the eigensolver did not converge. */
  converged: boolean;
}

function checkSym(fn: string, H: Matrix): void {
  const n = H.rows;
  const a = H.data;
  let amax = 0;
  for (let k = 0; k < a.length; k++) amax = Math.max(amax, Math.abs(a[k]!));
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
  if (worst > SYM_TOL * amax)
    throw new ArgumentError(
      'E_ARG_RANGE',
      fn,
      `${fn}: invalid argument. H must be symmetric to within 1e-12·max|h_ij| = ${SYM_TOL * amax}. ` +
        `Value: |H[${wi}][${wj}] − H[${wj}][${wi}]| = ${worst}.`,
    );
}

function validate(fn: string, H: unknown, g: unknown): asserts H is Matrix {
  checkSquare(fn, 'H', H);
  checkVector(fn, 'g', g, H.rows);
  checkFinite(fn, 'H.data', H.data);
  checkFinite(fn, 'g', g);
  checkSym(fn, H);
}

/**
 * Exact solution of the trust-region subproblem min gᵀs + ½sᵀHs subject to ‖s‖₂ ≤ Δ, for symmetric H of any inertia.
 *
 * @param H n×n symmetric matrix (finite; symmetric to within 1e-12·max|h|).
 * @param g gradient, length n (finite).
 * @param radius Δ > 0 (finite).
 * @param opts `tol` (boundary accuracy, default 1e-12), `maxIters` (secular iterations, default 200).
 * @returns `{ step, predictedDecrease, hitBoundary, lambda, hardCase, minEigenvalue, iterations, converged }`.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix, vector or options; ShapeError (E_SHAPE) when H is not
 *   square or g.length ≠ n; NonFiniteError (E_NONFINITE) for non-finite entries or radius; ArgumentError
 *   (E_ARG_RANGE) for a radius ≤ 0, an out-of-range option, or an asymmetric H; StateError (E_NOT_INITIALIZED)
 *   before `init()`.
 * @see Moré & Sorensen (1983); Nocedal & Wright §4.3 (Theorem 4.1).
 * @example
 * // Indefinite H: the step goes to the boundary along negative curvature.
 * const r = trustRegionStep(fromRows([[1, 0], [0, -1]]), Float64Array.of(1, 0), 2);
 * // r.hitBoundary === true, r.lambda > 1, ‖r.step‖ = 2
 */
export function trustRegionStep(
  H: Matrix,
  g: Float64Array,
  radius: number,
  opts: TrustRegionOptions = {},
): TrustRegionStepResult {
  const fn = 'trustRegionStep';
  validate(fn, H, g);
  checkNumber(fn, 'radius', radius, POSITIVE);
  checkOptions(fn, opts, 'opts');
  let tol = 1e-12;
  if (opts.tol !== undefined) {
    if (typeof opts.tol !== 'number') throw typeError(fn, 'opts.tol', 'be a number', opts.tol);
    if (!(opts.tol >= 4 * EPS && opts.tol < 1))
      throw rangeError(fn, 'opts.tol', 'be a number in [4ε, 1)', opts.tol);
    tol = opts.tol;
  }
  let maxIters = 200;
  if (opts.maxIters !== undefined) {
    maxIters = checkNumber(fn, 'opts.maxIters', opts.maxIters, { min: 1 }, true);
  }
  const n = H.rows;
  const D = radius;
  if (n === 0)
    return {
      step: new Float64Array(0),
      predictedDecrease: 0,
      hitBoundary: false,
      lambda: 0,
      hardCase: false,
      minEigenvalue: Number.NaN,
      iterations: 0,
      converged: true,
    };

  const eig = symEigen(H, { vectors: true, check: false });
  const lam = eig.values;
  const V = eig.vectors!;
  const gh = matvec(V, g, { trans: true }); // ĝ = Qᵀg
  let hnorm = 0;
  for (let i = 0; i < n; i++) hnorm = Math.max(hnorm, Math.abs(lam[i]!));
  let gnorm = 0;
  for (let i = 0; i < n; i++) gnorm += gh[i]! * gh[i]!;
  gnorm = Math.sqrt(gnorm);
  const l1 = lam[0]!;
  const tauL = 8 * n * EPS * hnorm; // eigenvalue resolution
  const tauG = 8 * n * EPS * gnorm; // resolution of ĝ components
  // Cluster of λ_1: indices with λ_i − λ_1 ≤ τ_λ (values are ascending).
  let m1 = 1;
  while (m1 < n && lam[m1]! - l1 <= tauL) m1++;
  let gClu = 0;
  for (let i = 0; i < m1; i++) gClu += gh[i]! * gh[i]!;
  gClu = Math.sqrt(gClu);
  const gPerpOfCluster = gClu <= tauG;

  const sh = new Float64Array(n); // ŝ
  // The secular equation is solved in μ = λ + λ_1 (the distance to the pole −λ_1), with λ_i + λ formed as
  // (λ_i − λ_1) + μ: next to the pole μ then keeps full relative precision, which λ itself (≈ −λ_1) cannot.
  const gap = new Float64Array(n);
  for (let i = 0; i < n; i++) gap[i] = lam[i]! - l1;
  /** ‖s‖ at μ = λ + λ_1, filling ŝ; the first `skip` (cluster) components are set to zero. */
  const fill = (mu: number, skip: number): number => {
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      if (i < skip) {
        sh[i] = 0;
        continue;
      }
      const d = gap[i]! + mu;
      const v = d === 0 ? 0 : -gh[i]! / d;
      sh[i] = v;
      s2 += v * v;
    }
    return Math.sqrt(s2);
  };

  let lambda = 0;
  let hardCase = false;
  let iterations = 0;
  let converged = eig.converged;
  let boundary = false;

  const psd = l1 >= -tauL;
  let interior = false;
  if (psd) {
    // Candidate λ = 0: Newton step (minimum-norm when H is singular and g ⟂ its null space).
    const singular = l1 <= tauL;
    if (!singular || gPerpOfCluster) {
      const norm = fill(l1, singular ? m1 : 0); // λ = 0
      if (norm <= D * (1 + tol)) interior = true;
    }
  }

  if (!interior) {
    boundary = true;
    const lo0 = Math.max(0, -l1); // smallest admissible λ
    const muLo = Math.max(l1, 0); // the same in μ
    let hard = false;
    if (gPerpOfCluster && l1 <= tauL) {
      // Possible hard case: s(−λ_1) with the λ_1-cluster removed.
      const norm = fill(muLo, m1);
      if (norm < D) {
        hard = true;
        lambda = lo0;
        completeAlongCluster(sh, norm, D, gh, m1);
      }
    }
    if (!hard) {
      // Secular equation in μ on [lo, hi]: φ(μ) = 1/‖s(μ)‖ − 1/Δ is increasing and concave, φ(lo) ≤ 0 ≤ φ(hi).
      // With g ⟂ the λ_1-cluster (to rounding), its components are exactly zero in theory: leave them out, so
      // noise-level ĝ_i over tiny λ_i + λ cannot pollute ‖s‖.
      const skip = gPerpOfCluster ? m1 : 0;
      let lo = muLo;
      let hi = Math.max(muLo, gnorm / D); // ‖s(μ)‖ ≤ ‖g‖/μ
      // Start left of the root: at μ = |ĝ_1|/Δ the first term alone gives ‖s‖ ≥ Δ. From there Newton on the
      // concave φ increases monotonically to the root (no slow bisection towards a root next to the pole).
      let l = Math.min(hi, skip > 0 ? muLo : Math.max(muLo, Math.abs(gh[0]!) / D));
      let norm = fill(l, skip);
      while (Math.abs(norm - D) > tol * D && iterations < maxIters) {
        iterations++;
        if (norm > D) lo = l;
        else hi = l;
        if (hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break; // bracket collapsed
        // Newton on φ: μ⁺ = μ + (‖s‖ − Δ)/Δ · ‖s‖² / Σ ĝ_i²/(λ_i + λ)³.
        let q = 0;
        for (let i = skip; i < n; i++) {
          const d = gap[i]! + l;
          if (d > 0) q += (gh[i]! * gh[i]!) / (d * d * d);
        }
        let next = q > 0 ? l + ((norm - D) / D) * ((norm * norm) / q) : Number.NaN;
        if (!(next > lo && next < hi)) next = lo + 0.5 * (hi - lo);
        if (next === l) break; // stagnation at working precision
        l = next;
        norm = fill(l, skip);
      }
      lambda = Math.max(lo0, l - l1);
      if (Math.abs(norm - D) > tol * D) {
        if (iterations >= maxIters) converged = false;
        // Near a pole (nearly hard case) ‖s(λ)‖ changes faster than λ can resolve: put the remaining mismatch into
        // the λ_1-cluster components, which carry the ill-conditioning (their residual is (λ_i + λ)·Δŝ_i ≈ 0).
        let perp2 = 0;
        let clu2 = 0;
        for (let i = 0; i < n; i++) {
          if (i < m1) clu2 += sh[i]! * sh[i]!;
          else perp2 += sh[i]! * sh[i]!;
        }
        if (clu2 > 0 && D * D >= perp2) {
          const f = Math.sqrt((D * D - perp2) / clu2);
          for (let i = 0; i < m1; i++) sh[i] = sh[i]! * f;
        } else if (norm > D) for (let i = 0; i < n; i++) sh[i] = (sh[i]! * D) / norm;
      }
    } else hardCase = true;
  }

  // Model value in the eigenbasis: m = Σ ĝ_i ŝ_i + ½ λ_i ŝ_i².
  let m = 0;
  for (let i = 0; i < n; i++) m += gh[i]! * sh[i]! + 0.5 * lam[i]! * sh[i]! * sh[i]!;
  const step = matvec(V, sh);
  return {
    step,
    predictedDecrease: -m,
    hitBoundary: boundary,
    lambda,
    hardCase,
    minEigenvalue: l1,
    iterations,
    converged,
  };
}

/**
 * Adds τ·(unit vector in the λ_1-cluster) to ŝ so that ‖ŝ‖ = Δ. The direction is the cluster part of −ĝ when it is
 * not negligible (that choice lowers the model), else the first eigenvector; deterministic either way.
 */
function completeAlongCluster(sh: Float64Array, norm: number, D: number, gh: Float64Array, m1: number): void {
  const tau = Math.sqrt(Math.max(0, D * D - norm * norm));
  let c = 0;
  for (let i = 0; i < m1; i++) c += gh[i]! * gh[i]!;
  c = Math.sqrt(c);
  if (c > 0) for (let i = 0; i < m1; i++) sh[i] = sh[i]! - (tau * gh[i]!) / c;
  else sh[0] = sh[0]! + tau;
}

/**
 * Pseudo-inverse Newton step s = −H⁺g for symmetric H of any inertia: the stationary point of the quadratic model
 * (minimum-norm on flat directions), so Newton iterations converge quadratically to non-degenerate saddles as well as
 * minima.
 *
 * @param H n×n symmetric matrix (finite; symmetric to within 1e-12·max|h|).
 * @param g gradient, length n (finite).
 * @param opts `rcond` (default n·ε): eigenvalues with |λ| ≤ rcond·max|λ| are dropped.
 * @returns `{ step, predictedDecrease, rank, rcond, converged }`.
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix, vector or options; ShapeError (E_SHAPE) when H is not
 *   square or g.length ≠ n; NonFiniteError (E_NONFINITE) for non-finite entries; ArgumentError (E_ARG_RANGE) for a
 *   negative rcond or an asymmetric H; StateError (E_NOT_INITIALIZED) before `init()`.
 * @see {@link solveSymmetric}; Nocedal & Wright §3.3 (Newton's method), Golub & Van Loan §5.5.4.
 * @example
 * // Saddle of f(a, b) = ½(ab − 1)² at the origin: H = [[0, −1], [−1, 0]], g = (0.1, 0.2).
 * newtonStep(fromRows([[0, -1], [-1, 0]]), Float64Array.of(0.1, 0.2)).step; // [0.2, 0.1]
 */
export function newtonStep(H: Matrix, g: Float64Array, opts: NewtonStepOptions = {}): NewtonStepResult {
  const fn = 'newtonStep';
  validate(fn, H, g);
  checkOptions(fn, opts, 'opts');
  const n = H.rows;
  let rcond = n * EPS;
  if (opts.rcond !== undefined) {
    if (typeof opts.rcond !== 'number') throw typeError(fn, 'opts.rcond', 'be a number', opts.rcond);
    if (!(opts.rcond >= 0 && opts.rcond < Number.POSITIVE_INFINITY))
      throw rangeError(fn, 'opts.rcond', 'be finite and >= 0', opts.rcond);
    rcond = opts.rcond;
  }
  const r = solveSymmetric(H, g, { rcond, check: false });
  const step = r.x;
  for (let i = 0; i < n; i++) step[i] = -step[i]!;
  // −m(s) = −gᵀs − ½sᵀHs; with Hs = −P_range g this is ½gᵀH⁺g, computed directly for robustness.
  let m = 0;
  if (n > 0) {
    const hs = matvec(H, step);
    for (let i = 0; i < n; i++) m += g[i]! * step[i]! + 0.5 * step[i]! * hs[i]!;
  }
  return { step, predictedDecrease: -m, rank: r.rank, rcond: r.rcond, converged: r.converged };
}
