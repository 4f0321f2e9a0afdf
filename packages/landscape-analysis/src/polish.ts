/**
 * Polishing an approximate critical point to a stated gradient tolerance with second-order steps.
 *
 * The one polish of Landscape Lab (trainers' former `polish` was merged into it: its `eta` and `maxStep` options
 * and its per-iteration step log live on here as options and `history` entries).
 *
 * Algorithms (dense Hessian each iteration via {@link hessian}, steps by core-math):
 * - `trust-region` (default): exact trust-region steps (core-math `trustRegionStep`, Moré–Sorensen) with the
 *   classical radius update of Nocedal & Wright Algorithm 4.1 (ρ < ¼ ⇒ Δ ← ¼·min(Δ, ‖s‖); ρ > ¾ on the boundary
 *   ⇒ Δ ← min(2Δ, Δ_max); accept when ρ > η, default 1e−4). A rejected step is retried with the smaller radius
 *   and the same Hessian. Monotone in f, so it converges to local minima (second-order critical points), never
 *   to strict saddles.
 * - `newton`: pseudo-inverse Newton steps s = −H⁺g (core-math `newtonStep`), optionally capped to ‖s‖ ≤ maxStep,
 *   globalised on the merit ‖∇f‖ by step halving; converges quadratically to non-degenerate critical points of ANY
 *   index, saddles included.
 * Near convergence f's decrease drowns in rounding: when |actual| and |predicted| decrease are both below
 * 100ε·max(1, |f|), the trust-region ratio is replaced by the test ‖∇f(θ + s)‖ < ‖∇f(θ)‖.
 * Stopping: ‖∇f(θ)‖₂ ≤ gradTol (converged), maxIters reached, or no acceptable step (`stalled`).
 * Complexity per iteration: one dense Hessian (1 model Hessian, n HVPs or 2n gradients) + O(n³) for the step.
 * @see Nocedal & Wright §4.1–4.3 (trust region), §3.3 (Newton); Moré & Sorensen 1983; SS18 (certification input)
 */
import {
  checkNumber,
  checkObjective,
  checkOneOf,
  checkOptions,
  NON_NEGATIVE,
  newtonStep,
  type Objective,
  POSITIVE,
  rangeError,
  trustRegionStep,
} from '@landscape-lab/core-math';
import { hessian } from './hessian.js';
import { checkComputed, checkPoint } from './internal/check.js';
import { chooseHessianMethod } from './internal/hessian-source.js';
import { EPS, nrm2 } from './internal/vec.js';
import type { HessianMethod } from './operator.js';

/** Options of {@link polish}. */
export interface PolishOptions {
  /** Stop when ‖∇f‖₂ ≤ gradTol (default 1e−10). */
  gradTol?: number;
  /** Iteration cap (default 100). */
  maxIters?: number;
  /** `trust-region` (default; minima) or `newton` (any critical point, saddles included). */
  method?: 'trust-region' | 'newton';
  /** Initial trust radius Δ₀ (default 0.1·max(1, ‖θ₀‖)). */
  radius?: number;
  /** Largest trust radius (default 1e3·Δ₀; at least Δ₀). */
  maxRadius?: number;
  /** Trust-region acceptance threshold η ∈ [0, ¼) on ρ = actual / predicted decrease (default 1e−4). */
  eta?: number;
  /** Newton only: cap on the step length, longer steps are scaled down to it (default +∞). */
  maxStep?: number;
  /** Eigenvalue cut-off of the Newton pseudo-inverse (relative; default core-math's n·ε). */
  rcond?: number;
  /** Hessian source (default `auto`). */
  hessianMethod?: 'auto' | HessianMethod;
}

/** Result of {@link polish}. */
export interface PolishResult {
  /** Final point. */
  theta: Float64Array;
  loss: number;
  /** ‖∇f(θ)‖₂ at the final point. */
  gradNorm: number;
  /** Iterations (Hessian evaluations) made. */
  iterations: number;
  /** ‖∇f‖₂ ≤ gradTol. */
  converged: boolean;
  reason: 'gradTol' | 'maxIters' | 'stalled';
  method: 'trust-region' | 'newton';
  gradTol: number;
  hessianMethod: HessianMethod;
  /**
   * Per-iteration log, index 0 the start and index k the iterate after iteration k: loss, gradient norm, trust
   * radius (NaN for Newton), length of the step taken (NaN at 0 and for an iteration that took none) and λ_min of
   * the Hessian the step was computed from (trust region only; NaN otherwise).
   */
  history: {
    loss: number[];
    gradNorm: number[];
    radius: number[];
    stepNorm: number[];
    minEigenvalue: number[];
  };
}

/**
 * Polishes θ₀ to a critical point with trust-region (minima) or Newton (any critical point) steps.
 * @param objective any objective (dense Hessians are formed, so dim should be modest, ≲ 2000)
 * @param theta0 starting point (not modified)
 * @param options tolerance, cap, method, radius, Hessian source
 * @returns final point, iterations, final gradient norm, converged flag, reason and history
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for malformed options; ShapeError / NonFiniteError for a bad θ₀
 * or non-finite model output at an accepted point.
 * @see Nocedal & Wright Algorithm 4.1, §3.3; Moré & Sorensen 1983
 * @example
 * const p = polish(objective, gdEndpoint, { gradTol: 1e-12 });
 * if (p.converged) classify(objective, p.theta);
 */
export function polish(
  objective: Objective,
  theta0: Float64Array,
  options: PolishOptions = {},
): PolishResult {
  const fn = 'polish';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  checkPoint(fn, 'theta0', theta0, n);
  const gradTol = options.gradTol ?? 1e-10;
  checkNumber(fn, 'options.gradTol', gradTol, POSITIVE);
  const maxIters = options.maxIters ?? 100;
  checkNumber(fn, 'options.maxIters', maxIters, NON_NEGATIVE, true);
  const method = options.method ?? 'trust-region';
  checkOneOf(fn, 'options.method', method, ['trust-region', 'newton'] as const);
  let radius = options.radius ?? 0.1 * Math.max(1, nrm2(theta0));
  checkNumber(fn, 'options.radius', radius, POSITIVE);
  const maxRadius = options.maxRadius ?? 1e3 * radius;
  checkNumber(fn, 'options.maxRadius', maxRadius, POSITIVE);
  if (maxRadius < radius)
    throw rangeError(fn, 'options.maxRadius', `be >= options.radius = ${radius}`, maxRadius);
  const eta = options.eta ?? 1e-4;
  checkNumber(fn, 'options.eta', eta, { min: 0, max: 0.25, maxExclusive: true });
  if (options.maxStep !== undefined) checkNumber(fn, 'options.maxStep', options.maxStep, POSITIVE);
  const maxStep = options.maxStep ?? Number.POSITIVE_INFINITY;
  if (options.rcond !== undefined) checkNumber(fn, 'options.rcond', options.rcond, POSITIVE);
  const want = options.hessianMethod ?? 'auto';
  checkOneOf(fn, 'options.hessianMethod', want, ['auto', 'exact', 'hvp', 'finite-difference'] as const);
  const hMethod = chooseHessianMethod(fn, objective, want, 'matrix', 'options.hessianMethod');
  const hopts = { method: hMethod };

  const theta = Float64Array.from(theta0);
  const g = new Float64Array(n);
  const trial = new Float64Array(n);
  const gt = new Float64Array(n);
  let f = checkComputed(fn, 'f(theta0)', objective.grad(theta, g));
  let gn = nrm2(g);
  const history: PolishResult['history'] = {
    loss: [f],
    gradNorm: [gn],
    radius: [method === 'trust-region' ? radius : Number.NaN],
    stepNorm: [Number.NaN],
    minEigenvalue: [Number.NaN],
  };
  let iterations = 0;
  let reason: PolishResult['reason'] = 'maxIters';
  const evalTrial = (): { ft: number; gtn: number } | undefined => {
    const ft = objective.grad(trial, gt);
    if (!Number.isFinite(ft)) return undefined;
    const gtn = nrm2(gt);
    return Number.isFinite(gtn) ? { ft, gtn } : undefined;
  };
  while (true) {
    if (gn <= gradTol) {
      reason = 'gradTol';
      break;
    }
    if (iterations >= maxIters) break;
    iterations++;
    const h = hessian(objective, theta, hopts);
    let accepted = false;
    let stepNorm = Number.NaN;
    let minEigenvalue = Number.NaN;
    if (method === 'trust-region') {
      // Retry with smaller radii in the same iteration until a step is accepted (Hessian reused).
      for (let tries = 0; tries < 60 && !accepted; tries++) {
        const st = trustRegionStep(h.matrix, g, radius);
        minEigenvalue = st.minEigenvalue;
        const s = st.step;
        for (let i = 0; i < n; i++) trial[i] = theta[i]! + s[i]!;
        const r = evalTrial();
        const pred = st.predictedDecrease;
        let rho: number;
        if (!r) rho = -1;
        else {
          const act = f - r.ft;
          const noise = 100 * EPS * Math.max(1, Math.abs(f));
          if (Math.abs(act) <= noise && Math.abs(pred) <= noise) rho = r.gtn < gn ? 1 : -1;
          else rho = pred > 0 ? act / pred : -1;
        }
        const sn = nrm2(s);
        if (rho < 0.25) radius = 0.25 * Math.min(radius, Math.max(sn, EPS));
        else if (rho > 0.75 && st.hitBoundary) radius = Math.min(2 * radius, maxRadius);
        if (rho > eta && r) {
          theta.set(trial);
          g.set(gt);
          f = r.ft;
          gn = r.gtn;
          accepted = true;
          stepNorm = sn;
        } else if (radius < EPS * Math.max(1, nrm2(theta))) break;
      }
    } else {
      const opts = options.rcond !== undefined ? { rcond: options.rcond } : {};
      const s = newtonStep(h.matrix, g, opts).step;
      const sn = nrm2(s);
      let t = sn > maxStep ? maxStep / sn : 1;
      for (let tries = 0; tries < 40 && !accepted; tries++, t *= 0.5) {
        for (let i = 0; i < n; i++) trial[i] = theta[i]! + t * s[i]!;
        const r = evalTrial();
        if (r && r.gtn < gn) {
          theta.set(trial);
          g.set(gt);
          f = r.ft;
          gn = r.gtn;
          accepted = true;
          stepNorm = t * sn;
        }
      }
    }
    history.loss.push(f);
    history.gradNorm.push(gn);
    history.radius.push(method === 'trust-region' ? radius : Number.NaN);
    history.stepNorm.push(stepNorm);
    history.minEigenvalue.push(minEigenvalue);
    if (!accepted) {
      reason = gn <= gradTol ? 'gradTol' : 'stalled';
      break;
    }
  }
  return {
    theta,
    loss: f,
    gradNorm: gn,
    iterations,
    converged: gn <= gradTol,
    reason,
    method,
    gradTol,
    hessianMethod: hMethod,
    history,
  };
}
