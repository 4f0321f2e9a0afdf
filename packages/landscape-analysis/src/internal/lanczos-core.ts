/**
 * The Lanczos three-term recurrence with full reorthogonalisation, shared by `lanczos` (extremal eigenpairs) and
 * `slq` (quadrature). Builds Q = [q_0 … q_{m−1}] (stored as the ROWS of one m×n array) and the tridiagonal
 * T = tridiag(β, α, β) with A Q_jᵀ = Q_jᵀ T_j + β_j q_{j+1} e_jᵀ.
 *
 * Reorthogonalisation: after the three-term step, w ← w − Qᵀ(Q w) (classical Gram–Schmidt as two core-math
 * `matvec` calls, BLAS DGEMV on the rows of Q), repeated once when the DGKS test says cancellation was severe
 * ("twice is enough", Giraud et al. 2005). The coefficient on q_j is folded into α_j so T stays the projection QᵀAQ.
 * Complexity per step: one operator product + 4·j·n flops per pass (each pass also copies Q into linear memory,
 * which dominates for large n). Memory (m+1)·n doubles.
 * @see Golub & Van Loan §10.1; Parlett, The Symmetric Eigenvalue Problem, ch. 13; Daniel, Gragg, Kaufman & Stewart,
 * Math. Comp. 30 (1976) (the reorthogonalisation test).
 */
import { matvec, type Rng } from '@landscape-lab/core-math';
import type { LinearOperator } from '../operator.js';
import { EPS, nrm2 } from './vec.js';

/** Output of {@link lanczosRun}. */
export interface LanczosRun {
  /** Diagonal α_0 … α_{m−1}. */
  alpha: Float64Array;
  /** Off-diagonal β_0 … β_{m−1}; β_{m−1} couples to the (unbuilt) next vector; β_j = 0 marks a restart. */
  beta: Float64Array;
  /** Rows 0 … m−1 are the Lanczos vectors (orthonormal to rounding). Length ≥ m·n. */
  Q: Float64Array;
  /** Number of vectors built. */
  m: number;
  /** Operator applications. */
  applications: number;
  /** True when the Krylov space became invariant (β ≈ 0) and no restart was made (or none was possible). */
  invariant: boolean;
}

/**
 * Orthogonalises w against rows 0..rows−1 of Q by classical Gram–Schmidt, with a second pass only when the first
 * removed most of w (‖w_after‖ < ‖w_before‖/√2, the DGKS criterion), which keeps Q orthonormal to O(ε) while
 * usually costing one pass. Returns the total coefficients Qᵀw removed.
 */
function reorth(Q: Float64Array, rows: number, n: number, w: Float64Array): Float64Array {
  const Qv = { rows, cols: n, data: Q.subarray(0, rows * n) };
  const before = nrm2(w);
  const h1 = matvec(Qv, w);
  matvec(Qv, h1, { trans: true, alpha: -1, beta: 1, y: w });
  if (nrm2(w) < Math.SQRT1_2 * before) {
    const h2 = matvec(Qv, w);
    matvec(Qv, h2, { trans: true, alpha: -1, beta: 1, y: w });
    for (let i = 0; i < rows; i++) h1[i] += h2[i]!;
  }
  return h1;
}

/**
 * Runs up to `maxIters` Lanczos steps from the unit vector `q0`.
 * @param restart when the space becomes invariant before `maxIters`, continue from a fresh random vector
 * orthogonal to Q (drawn from `rng`), with β = 0 at the seam (for eigenpairs); otherwise stop (for quadrature,
 * where the invariant space makes the rule exact).
 * @param onStep called after each completed step j (0-based) with the run so far; returning true stops early.
 */
export function lanczosRun(
  op: LinearOperator,
  q0: Float64Array,
  maxIters: number,
  restart: boolean,
  rng: Rng | undefined,
  onStep?: (run: LanczosRun, j: number) => boolean,
): LanczosRun {
  const n = op.dim;
  const mMax = Math.min(maxIters, n);
  const Q = new Float64Array(Math.max(1, (mMax + 1) * n));
  const alpha = new Float64Array(mMax);
  const beta = new Float64Array(mMax);
  Q.set(q0, 0);
  const w = new Float64Array(n);
  const run: LanczosRun = { alpha, beta, Q, m: 0, applications: 0, invariant: false };
  let normEst = 0;
  for (let j = 0; j < mMax; j++) {
    const qj = Q.subarray(j * n, (j + 1) * n);
    op.apply(qj, w);
    run.applications++;
    let a = 0;
    for (let i = 0; i < n; i++) a += qj[i]! * w[i]!;
    for (let i = 0; i < n; i++) w[i] -= a * qj[i]!;
    if (j > 0) {
      const b = beta[j - 1]!;
      if (b !== 0) {
        const qp = Q.subarray((j - 1) * n, j * n);
        for (let i = 0; i < n; i++) w[i] -= b * qp[i]!;
      }
    }
    const h = reorth(Q, j + 1, n, w);
    a += h[j]!;
    alpha[j] = a;
    normEst = Math.max(normEst, Math.abs(a) + (j > 0 ? beta[j - 1]! : 0));
    let b = nrm2(w);
    run.m = j + 1;
    normEst = Math.max(normEst, b);
    const tiny = n * EPS * Math.max(normEst, Number.MIN_VALUE);
    if (b <= tiny) {
      beta[j] = 0;
      if (j + 1 >= mMax) break;
      if (!restart || !rng) {
        run.invariant = true;
        if (onStep) onStep(run, j);
        break;
      }
      // Fresh direction orthogonal to the invariant subspace found so far.
      rng.fillNormal(w);
      reorth(Q, j + 1, n, w);
      b = nrm2(w);
      if (b <= Math.sqrt(n) * EPS * 16) {
        run.invariant = true;
        if (onStep) onStep(run, j);
        break;
      }
      const qn = Q.subarray((j + 1) * n, (j + 2) * n);
      for (let i = 0; i < n; i++) qn[i] = w[i]! / b;
      if (onStep?.(run, j)) break;
      continue;
    }
    beta[j] = b;
    const qn = Q.subarray((j + 1) * n, (j + 2) * n);
    const inv = 1 / b;
    for (let i = 0; i < n; i++) qn[i] = w[i]! * inv;
    if (onStep?.(run, j)) break;
  }
  return run;
}
