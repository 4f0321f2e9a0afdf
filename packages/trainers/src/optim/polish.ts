/**
 * Second-order polishing to a critical point: a trust-region Newton method (to minima) and the pseudo-inverse Newton
 * iteration (to any non-degenerate critical point, saddles included).
 *
 * Algorithm (`method: 'trust-region'`, Nocedal & Wright Algorithm 4.1): at θ_k solve the subproblem
 * min gᵀs + ½sᵀHs, ‖s‖ ≤ Δ_k exactly ({@link trustRegionStep}, eigen-based, handles indefinite H and the hard case);
 * ρ = (f(θ_k) − f(θ_k + s)) / predicted decrease; accept when ρ > η (default 1e−4); Δ ← ¼‖s‖ when ρ < ¼,
 * Δ ← min(2Δ, Δ_max) when ρ > ¾ and the step hit the boundary. Near a non-degenerate minimum the steps become
 * interior Newton steps and convergence is quadratic. (`method: 'newton'`): θ ← θ − H⁺∇f ({@link newtonStep}),
 * optionally capped to ‖s‖ ≤ maxStep; quadratic convergence to any non-degenerate critical point, no globalisation.
 *
 * The Hessian is `objective.hessian(θ)` when present, else assembled column by column from dim calls of
 * `objective.hvp` and symmetrised ((H + Hᵀ)/2).
 *
 * Complexity per iteration: one Hessian (exact, or dim HVPs), one dense symmetric eigendecomposition (≈ 9·dim³
 * flops), one gradient. Meant for polishing (dim up to a few hundred), not for training.
 *
 * Numerical caveat: once f(θ_k) − f(θ_k + s) is at the rounding level of f (≈ 10ε|f|) the ratio ρ is noise; such
 * steps are accepted when the model also predicts a decrease at that level, so the gradient-norm test decides.
 */
import {
  hessianFromHvp,
  type Matrix,
  newtonStep,
  type Objective,
  rangeError,
  trustRegionStep,
  typeError,
} from '@landscape-lab/core-math';
import {
  blockMaxNorm,
  CONVERGED_REASONS,
  checkObjective,
  checkOptions,
  checkTheta0,
  type EvaluationCounts,
  inRange,
  norm2,
  now,
  optFunction,
  optPositive,
  publicStop,
  type RecordOptions,
  type RunResult,
  resolveRecord,
  resolveStop,
  type StepInfo,
  type StopOptions,
  type StopReason,
} from './common.js';
import { TrajectoryRecorder } from './recorder.js';
import { testStop } from './run.js';

/**
 * Options of {@link polish}. `maxIter` caps the iterations (trust-region: accepted and rejected steps) and defaults
 * to 100; `gradTol` defaults to 1e−10 when no tolerance rule is given.
 */
export interface PolishOptions extends StopOptions {
  /** `trust-region` (default; converges to minima) or `newton` (pseudo-inverse; converges to saddles too). */
  method?: 'trust-region' | 'newton';
  /** Initial trust radius Δ₀ (default max(1, ‖θ₀‖)/10). */
  radius?: number;
  /** Largest trust radius (default 1e3·Δ₀). */
  maxRadius?: number;
  /** Acceptance threshold η ∈ [0, ¼) on ρ (default 1e−4). */
  eta?: number;
  /** Relative eigenvalue cut-off of the Newton step (default dim·ε). */
  rcond?: number;
  /** Cap on the Newton step length (scaled down to it; default +∞). */
  maxStep?: number;
  /** Where the Hessian comes from: `auto` (default: exact if available, else HVPs), `exact` or `hvp`. */
  hessian?: 'auto' | 'exact' | 'hvp';
  /** Trajectory recording (iterates of the method). */
  record?: RecordOptions | false;
  /** Called at every iterate; return true to stop. */
  onStep?: (info: StepInfo) => unknown;
}

/** One iteration of {@link polish}. */
export interface PolishStep {
  /** Iteration k (of θ_k the step was computed at). */
  iteration: number;
  /** f(θ_k) and ‖∇f(θ_k)‖. */
  loss: number;
  gradNorm: number;
  /** ‖s‖. */
  stepNorm: number;
  /** Predicted decrease −m(s). */
  predicted: number;
  /** Actual decrease f(θ_k) − f(θ_k + s). */
  actual: number;
  /** Whether θ_{k+1} = θ_k + s. */
  accepted: boolean;
  /** Trust radius used (trust-region only). */
  radius?: number;
  /** ρ = actual / predicted (trust-region only). */
  rho?: number;
  /** Subproblem details (trust-region only). */
  hitBoundary?: boolean;
  lambda?: number;
  hardCase?: boolean;
  /** λ_min of the Hessian at θ_k (trust-region only). */
  minEigenvalue?: number;
  /** Numerical rank of the Hessian (Newton only). */
  rank?: number;
}

/** Result of {@link polish}. */
export interface PolishResult extends RunResult {
  /** Where the Hessians came from. */
  hessianSource: 'exact' | 'hvp';
  /** Per-iteration log (every iteration; a polish run is short). */
  steps: PolishStep[];
  /** Final trust radius (trust-region only). */
  radius?: number;
}

/**
 * Builds the dense Hessian of `objective` at θ from `hessian` or, failing that, from dim Hessian-vector products.
 * @param objective needs `hessian` or `hvp`.
 * @param theta the point (length dim).
 * @param source `auto` (default), `exact` or `hvp`.
 * @returns the symmetric dim×dim Hessian (the HVP version is symmetrised as (H + Hᵀ)/2).
 * @throws ArgumentError (E_ARG_TYPE) when the requested source is missing; ShapeError (E_SHAPE) when `hessian`
 *   returns a matrix of the wrong size.
 * @example
 * const H = hessianOf(objective, theta); // H.rows === objective.dim
 */
export function hessianOf(
  objective: Objective,
  theta: Float64Array,
  source: 'auto' | 'exact' | 'hvp' = 'auto',
): Matrix {
  const fn = 'hessianOf';
  const n = objective.dim;
  const exact = typeof objective.hessian === 'function';
  const hvp = typeof objective.hvp === 'function';
  if (source === 'exact' || (source === 'auto' && exact)) {
    if (!exact)
      throw typeError(
        fn,
        'objective.hessian',
        'be a function when the Hessian source is "exact"',
        objective.hessian,
      );
    const H = objective.hessian!(theta);
    if (
      H === null ||
      typeof H !== 'object' ||
      H.rows !== n ||
      H.cols !== n ||
      !(H.data instanceof Float64Array) ||
      H.data.length !== n * n
    )
      throw typeError(fn, 'objective.hessian(theta)', `return a ${n}x${n} Matrix`, H);
    return H;
  }
  if (!hvp)
    throw typeError(
      fn,
      'objective.hvp',
      'be a function (the objective has neither hessian nor hvp)',
      objective.hvp,
    );
  return hessianFromHvp(n, (e, col) => objective.hvp!(theta, e, col)).matrix;
}

/**
 * Polishes θ₀ to a critical point of `objective` with second-order steps (trust-region Newton by default, or the
 * pseudo-inverse Newton iteration that also converges to saddles).
 *
 * @param objective f with `grad` and `hessian` or `hvp`; needs core-math `init()` (eigensolver).
 * @param theta0 starting point (copied), ideally near the critical point (e.g. the end of a GD run).
 * @param options method, radius settings, stopping rules (default gradTol 1e−10, maxIter 100), recording, callback.
 * @returns a {@link PolishResult} (non-convergence is a result; `stopReason` may be `stepTooSmall` when the trust
 *   radius collapses, `diverged` when Newton produces non-finite values).
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for bad options or an objective without second-order
 *   information; ShapeError / NonFiniteError for a bad θ₀.
 * @see Nocedal & Wright, Numerical Optimization, Algorithm 4.1 (trust region) and §3.3 (Newton); spec §4.4 (SS18
 *   polishes GD end points before certification).
 * @example
 * const p = polish(teacherStudent, gdResult.theta, { gradTol: 1e-12 });
 * const s = polish(objective, nearSaddle, { method: 'newton' }); // converges to the saddle
 */
export function polish(
  objective: Objective,
  theta0: Float64Array,
  options: PolishOptions = {},
): PolishResult {
  const fn = 'polish';
  const tStart = now();
  checkObjective(fn, objective);
  const o = checkOptions(fn, options);
  const th = checkTheta0(fn, objective, theta0);
  const noRule = ['gradTol', 'blockGradTol', 'lossTarget', 'residualTol'].every((k) => o[k] === undefined);
  const stop = resolveStop(fn, objective, {
    ...o,
    gradTol: noRule ? 1e-10 : o.gradTol,
    maxIter: o.maxIter ?? 100,
  });
  const method = o.method === undefined ? 'trust-region' : o.method;
  if (method !== 'trust-region' && method !== 'newton')
    throw rangeError(fn, 'options.method', "be 'trust-region' or 'newton'", method);
  const source = o.hessian === undefined ? 'auto' : o.hessian;
  if (source !== 'auto' && source !== 'exact' && source !== 'hvp')
    throw rangeError(fn, 'options.hessian', "be 'auto', 'exact' or 'hvp'", source);
  const hasExact = typeof objective.hessian === 'function';
  const hasHvp = typeof objective.hvp === 'function';
  if ((source === 'exact' && !hasExact) || (source === 'hvp' && !hasHvp) || (!hasExact && !hasHvp))
    throw typeError(
      fn,
      source === 'hvp' ? 'objective.hvp' : 'objective.hessian',
      'be a function (polish needs objective.hessian or objective.hvp)',
      source === 'hvp' ? objective.hvp : objective.hessian,
    );
  const hessianSource: 'exact' | 'hvp' =
    source === 'hvp' || (source === 'auto' && !hasExact) ? 'hvp' : 'exact';
  let radius = optPositive(fn, 'options.radius', o.radius, Math.max(1, norm2(th)) / 10);
  const maxRadius = optPositive(fn, 'options.maxRadius', o.maxRadius, 1e3 * radius);
  if (maxRadius < radius)
    throw rangeError(fn, 'options.maxRadius', `be >= options.radius = ${radius}`, maxRadius);
  const eta = o.eta === undefined ? 1e-4 : inRange(fn, 'options.eta', o.eta, 0, 0.25);
  const rcond = o.rcond === undefined ? undefined : optPositive(fn, 'options.rcond', o.rcond, 0, true);
  const maxStep = optPositive(fn, 'options.maxStep', o.maxStep, Number.POSITIVE_INFINITY);
  if (o.maxStep !== undefined && !Number.isFinite(maxStep))
    throw rangeError(fn, 'options.maxStep', 'be finite', maxStep);
  const rec = new TrajectoryRecorder(resolveRecord(fn, o.record));
  const onStep = optFunction<(i: StepInfo) => unknown>(fn, 'options.onStep', o.onStep);

  const n = objective.dim;
  const counts: EvaluationCounts = { grad: 0, loss: 0, batchGrad: 0, hessian: 0 };
  const bs = stop.blockSize;
  let theta: Float64Array = th;
  let g: Float64Array = new Float64Array(n);
  let f = objective.grad(theta, g);
  counts.grad++;
  let gn = norm2(g);
  const steps: PolishStep[] = [];
  let iter = 0;
  let stopReason: StopReason;
  let residual: number | undefined;
  let trial: Float64Array = new Float64Array(n);
  let gTrial: Float64Array = new Float64Array(n);
  const EPS = Number.EPSILON;

  for (;;) {
    if (!Number.isFinite(f) || !Number.isFinite(gn)) {
      stopReason = 'diverged';
      break;
    }
    if (rec.wants(iter)) rec.record(iter, f, gn, theta);
    const st = testStop(stop, f, gn, bs === null ? Number.NaN : blockMaxNorm(g, bs), theta);
    residual = st.residual;
    if (st.reason !== null) {
      stopReason = st.reason;
      break;
    }
    if (
      onStep !== undefined &&
      onStep({ iteration: iter, loss: f, gradNorm: gn, theta, restarts: 0, step: radius }) === true
    ) {
      stopReason = 'callback';
      break;
    }
    if (steps.length >= stop.maxIter) {
      stopReason = 'maxIter';
      break;
    }
    if (stop.maxWallTimeMs !== null && now() - tStart > stop.maxWallTimeMs) {
      stopReason = 'wallTime';
      break;
    }
    const H = hessianOf(objective, theta, hessianSource);
    counts.hessian++;
    if (method === 'newton') {
      const r = newtonStep(H, g, rcond === undefined ? {} : { rcond });
      const s = r.step;
      let sn = norm2(s);
      if (sn > maxStep) {
        for (let i = 0; i < n; i++) s[i] = (s[i]! * maxStep) / sn;
        sn = maxStep;
      }
      for (let i = 0; i < n; i++) trial[i] = theta[i]! + s[i]!;
      const fNew = objective.grad(trial, gTrial);
      counts.grad++;
      steps.push({
        iteration: iter,
        loss: f,
        gradNorm: gn,
        stepNorm: sn,
        predicted: r.predictedDecrease,
        actual: f - fNew,
        accepted: true,
        rank: r.rank,
      });
      [theta, trial] = [trial, theta];
      [g, gTrial] = [gTrial, g];
      f = fNew;
      gn = norm2(g);
      iter++;
      continue;
    }
    // Trust region.
    const r = trustRegionStep(H, g, radius);
    const s = r.step;
    const sn = norm2(s);
    for (let i = 0; i < n; i++) trial[i] = theta[i]! + s[i]!;
    const fNew = objective.grad(trial, gTrial);
    counts.grad++;
    const actual = f - fNew;
    const pred = r.predictedDecrease;
    const noise = 10 * EPS * Math.max(Math.abs(f), Math.abs(fNew));
    let rho: number;
    if (!Number.isFinite(fNew)) rho = Number.NEGATIVE_INFINITY;
    else if (pred <= noise && Math.abs(actual) <= noise)
      rho = 1; // both at rounding level: the model is exact enough
    else rho = actual / pred;
    const accepted = rho > eta;
    steps.push({
      iteration: iter,
      loss: f,
      gradNorm: gn,
      stepNorm: sn,
      predicted: pred,
      actual,
      accepted,
      radius,
      rho,
      hitBoundary: r.hitBoundary,
      lambda: r.lambda,
      hardCase: r.hardCase,
      minEigenvalue: r.minEigenvalue,
    });
    if (rho < 0.25) radius = 0.25 * sn;
    else if (rho > 0.75 && r.hitBoundary) radius = Math.min(2 * radius, maxRadius);
    if (accepted) {
      [theta, trial] = [trial, theta];
      [g, gTrial] = [gTrial, g];
      f = fNew;
      gn = norm2(g);
      iter++;
    }
    if (!(radius > 4 * EPS * Math.max(1, norm2(theta)))) {
      stopReason = 'stepTooSmall';
      break;
    }
  }

  if (residual === undefined && stop.residual !== null && Number.isFinite(f)) residual = stop.residual(theta);
  rec.recordFinal(iter, f, gn, theta);
  const result: PolishResult = {
    method: method === 'newton' ? 'newton' : 'trust-region',
    theta: Float64Array.from(theta),
    loss: f,
    gradNorm: gn,
    iterations: iter,
    stopReason,
    converged: CONVERGED_REASONS.includes(stopReason),
    restarts: 0,
    restartLog: [],
    step: steps.length > 0 ? steps[steps.length - 1]!.stepNorm : 0,
    trajectory: rec.points,
    seed: null,
    evaluations: counts,
    tolerances: publicStop(stop),
    wallTimeMs: now() - tStart,
    hessianSource,
    steps,
  };
  if (method === 'trust-region') result.radius = radius;
  if (bs !== null) result.blockGradNorm = blockMaxNorm(g, bs);
  if (residual !== undefined) result.residual = residual;
  return result;
}
