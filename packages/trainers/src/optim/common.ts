/**
 * Shared types, option validation and small vector helpers of the optimizers and the run loop.
 *
 * Everything here is O(dim) per call; the objective's gradient dominates every optimizer step, so these loops stay in
 * plain TypeScript (a wasm call with copy-in/copy-out per O(dim) update would cost more than it saves).
 */
import {
  checkFinite,
  checkFunction,
  checkNumber,
  checkVector,
  NON_NEGATIVE,
  type Objective,
  POSITIVE,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';

/**
 * Optional hook an objective may provide (or a caller may pass) to report a relative residual, e.g.
 * ‖r(θ)‖/‖y‖ for a least-squares model, used by the `residualTol` stopping rule.
 */
export interface ResidualHook {
  /** The relative residual at θ (dimensionless, ≥ 0). */
  residual?(theta: Float64Array): number;
}

/** Why a run stopped. The first four mean `converged: true`. */
export type StopReason =
  | 'gradTol'
  | 'blockGradTol'
  | 'lossTarget'
  | 'residualTol'
  | 'maxIters'
  | 'wallTime'
  | 'callback'
  | 'diverged'
  | 'tEnd'
  | 'event'
  | 'stepTooSmall'
  | 'nonFinite';

/** Stop reasons that count as convergence. */
export const CONVERGED_REASONS: readonly StopReason[] = [
  'gradTol',
  'blockGradTol',
  'lossTarget',
  'residualTol',
];

/** Stopping rules shared by every optimizer (all optional; a run with none stops at `maxIters`). */
export interface StopOptions {
  /** Stop when ‖∇f(θ)‖₂ ≤ gradTol. */
  gradTol?: number;
  /**
   * Stop when max_i ‖∇_{θ_i} f‖₂ ≤ blockGradTol, the maximum over consecutive blocks θ_i of `blockSize` entries
   * (SS18: per-neuron gradient norm below 1e−9 with blockSize = d, spec §4.4).
   */
  blockGradTol?: number;
  /** Size of a block (a neuron) for `blockGradTol` and the recorded `blockGradNorm`; must divide `dim`. */
  blockSize?: number;
  /** Stop when f(θ) ≤ lossTarget. */
  lossTarget?: number;
  /** Stop when the relative residual (`residual` below, else `objective.residual`) is ≤ residualTol. */
  residualTol?: number;
  /** Residual hook overriding `objective.residual`. */
  residual?: (theta: Float64Array) => number;
  /** Iteration cap (steps taken), default 10 000. */
  maxIters?: number;
  /** Wall-time cap in milliseconds (makes the stopping point machine-dependent; off by default). */
  maxWallTimeMs?: number;
}

/**
 * The SS18 divergence guard (spec §4.4): when ‖∇f‖₂ exceeds `gradNormMax` or the loss or gradient is non-finite,
 * restart from the same initial point (and the same random stream) with the step halved, at most `maxHalvings` times.
 */
export interface DivergenceOptions {
  /** Gradient-norm threshold (SS18 uses 1e4). Default +∞: only non-finite values trigger the guard. */
  gradNormMax?: number;
  /** Cap on the number of halvings, default 20 (a step reduced by 2^20 ≈ 1e6). */
  maxHalvings?: number;
}

/** Trajectory decimation. Iteration 0 and the final iterate are always recorded. */
export interface RecordOptions {
  /** Record every k-th iteration (default 1 when `logSpaced` is not set). */
  every?: number;
  /** Record at log-spaced iterations, this many per decade (⌈10^{j/p}⌉ for j = 0, 1, …); overrides `every`. */
  logSpaced?: number;
  /** Also store a copy of θ at each recorded point. */
  theta?: boolean;
  /** Also store the mini-batch indices sampled for the step taken from each recorded iterate (stochastic methods). */
  batches?: boolean;
  /** Hard cap on the number of stored points (default 1e6); later points are dropped except the final one. */
  maxPoints?: number;
}

/** What `onStep` sees at each evaluation point. `theta` is the live iterate: copy it to keep it. */
export interface StepInfo {
  /** Steps taken so far in the current attempt (t of θ_t). */
  readonly iteration: number;
  /** f(θ_t). */
  readonly loss: number;
  /** ‖∇f(θ_t)‖₂. */
  readonly gradNorm: number;
  /** θ_t (live buffer, do not modify). */
  readonly theta: Float64Array;
  /** Restarts by the divergence guard so far. */
  readonly restarts: number;
  /** Step size of the next step (after halvings and the schedule). */
  readonly step: number;
  /** Integration time (gradient flow only). */
  readonly t?: number;
}

/** Options every iterative optimizer accepts. */
export interface RunOptions extends StopOptions {
  /** Divergence guard settings, or `false` to disable restarts (non-finite values then stop the run). */
  divergence?: DivergenceOptions | false;
  /** Trajectory recording; omitted or `false` (default) records nothing. */
  record?: RecordOptions | false;
  /** Called at every evaluation point; return `true` to stop the run (`stopReason: 'callback'`). */
  onStep?: (info: StepInfo) => unknown;
  /**
   * Evaluate the full loss and gradient (stopping rules, divergence guard, callback) every this many iterations.
   * Full-batch methods evaluate every iteration regardless; stochastic methods default to once per epoch.
   */
  evalEvery?: number;
}

/** One recorded point of a trajectory. */
export interface TrajectoryPoint {
  /** Iteration t (steps taken). */
  iteration: number;
  /** Integration time (gradient flow only). */
  t?: number;
  /** f(θ_t). */
  loss: number;
  /** ‖∇f(θ_t)‖₂. */
  gradNorm: number;
  /** Copy of θ_t when `record.theta`. */
  theta?: Float64Array;
  /** Mini-batch sampled for the step θ_t → θ_{t+1} when `record.batches` (absent at the final point). */
  batch?: Int32Array;
}

/** One intervention of the divergence guard. */
export interface RestartRecord {
  /** Iteration of the attempt at which divergence was detected. */
  iteration: number;
  /** What triggered it. */
  reason: 'gradNorm' | 'nonFinite';
  /** Loss and gradient norm observed (possibly non-finite). */
  loss: number;
  gradNorm: number;
  /** Step size of the abandoned attempt (at its iteration 0). */
  step: number;
}

/** Counts of objective calls (all attempts). */
export interface EvaluationCounts {
  /** Full `objective.grad` calls. */
  grad: number;
  /** `objective.loss` calls. */
  loss: number;
  /** `components.batchGrad` calls. */
  batchGrad: number;
  /** Hessian builds (`hessian` or dim `hvp` calls). */
  hessian: number;
}

/** The plain result of every iterative optimizer. Float64Arrays in memory; see `serializeRun` for JSON. */
export interface RunResult {
  /** Optimizer name, e.g. `gd`, `sgd`, `adam`. */
  method: string;
  /** Final iterate. */
  theta: Float64Array;
  /** f(θ) at the final iterate. */
  loss: number;
  /** ‖∇f(θ)‖₂ at the final iterate. */
  gradNorm: number;
  /** max_i ‖∇_{θ_i} f‖₂ at the final iterate, when a `blockSize` was given. */
  blockGradNorm?: number;
  /** Residual at the final iterate, when a residual hook exists. */
  residual?: number;
  /** Steps taken in the final attempt. */
  iterations: number;
  /** Why the run stopped. */
  stopReason: StopReason;
  /** True when a tolerance rule (gradTol, blockGradTol, lossTarget, residualTol) stopped the run. */
  converged: boolean;
  /** Number of divergence-guard restarts (step halvings). */
  restarts: number;
  /** Restart log. */
  restartLog: RestartRecord[];
  /** Step size at iteration 0 of the final attempt (base step × 2^−restarts). */
  step: number;
  /** Recorded trajectory (empty when recording is off). */
  trajectory: TrajectoryPoint[];
  /** Seed of the random stream, when the caller gave one; null otherwise. */
  seed: number | null;
  /** Objective call counts. */
  evaluations: EvaluationCounts;
  /** The stopping settings actually used. */
  tolerances: ResolvedStop;
  /** Wall time of the whole call in milliseconds (the only field that differs between identical runs). */
  wallTimeMs: number;
  /** Integration time reached (gradient flow only). */
  t?: number;
}

/** Stopping settings after defaults, recorded in results. */
export interface ResolvedStop {
  gradTol: number | null;
  blockGradTol: number | null;
  blockSize: number | null;
  lossTarget: number | null;
  residualTol: number | null;
  maxIters: number;
  maxWallTimeMs: number | null;
}

/** @internal Validated stopping and monitoring settings. */
export interface StopConfig extends ResolvedStop {
  residual: ((theta: Float64Array) => number) | null;
}

/** Default iteration cap. */
export const DEFAULT_MAX_ITER = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Validation of the shared run options, on top of core-math's vocabulary (`checkNumber`, `checkOptions`,
// `checkFunction`, `checkObjective`; messages `<fn>: invalid argument. <what> must <expectation>. Value: <actual>.`).

/** @internal Validates θ₀ against the objective and returns a private copy. */
export function checkTheta0(fn: string, obj: Objective, theta0: unknown): Float64Array {
  checkVector(fn, 'theta0', theta0, obj.dim);
  checkFinite(fn, 'theta0', theta0);
  return Float64Array.from(theta0);
}

/** @internal Validates the shared stopping options. */
export function resolveStop(fn: string, obj: Objective, o: Record<string, unknown>): StopConfig {
  const opt = (k: string) => o[k];
  const tol = (k: string): number | null =>
    opt(k) === undefined ? null : checkNumber(fn, `options.${k}`, opt(k), NON_NEGATIVE);
  const blockSize =
    opt('blockSize') === undefined
      ? null
      : checkNumber(fn, 'options.blockSize', opt('blockSize'), { min: 1 }, true);
  if (blockSize !== null && obj.dim % blockSize !== 0)
    throw shapeError(fn, 'options.blockSize', `divide objective.dim = ${obj.dim}`, blockSize);
  const blockGradTol = tol('blockGradTol');
  if (blockGradTol !== null && blockSize === null)
    throw rangeError(fn, 'options.blockSize', 'be given when options.blockGradTol is set', undefined);
  let lossTarget: number | null = null;
  if (opt('lossTarget') !== undefined) {
    const v = opt('lossTarget');
    if (typeof v !== 'number') throw typeError(fn, 'options.lossTarget', 'be a number', v);
    if (Number.isNaN(v)) throw rangeError(fn, 'options.lossTarget', 'not be NaN', v);
    lossTarget = v;
  }
  const residualTol = tol('residualTol');
  let residual: ((theta: Float64Array) => number) | null = null;
  const given = opt('residual');
  if (given !== undefined) {
    checkFunction(fn, 'options.residual', given);
    residual = given as (theta: Float64Array) => number;
  } else {
    const hook = (obj as Objective & ResidualHook).residual;
    if (hook !== undefined) {
      checkFunction(fn, 'objective.residual', hook);
      residual = (t) => hook.call(obj, t);
    }
  }
  if (residualTol !== null && residual === null)
    throw typeError(
      fn,
      'options.residual',
      'be a function (or objective.residual exist) when options.residualTol is set',
      undefined,
    );
  return {
    gradTol: tol('gradTol'),
    blockGradTol,
    blockSize,
    lossTarget,
    residualTol,
    residual,
    maxIters:
      opt('maxIters') === undefined
        ? DEFAULT_MAX_ITER
        : checkNumber(fn, 'options.maxIters', opt('maxIters'), NON_NEGATIVE, true),
    maxWallTimeMs:
      opt('maxWallTimeMs') === undefined
        ? null
        : checkNumber(fn, 'options.maxWallTimeMs', opt('maxWallTimeMs'), POSITIVE),
  };
}

/** @internal The plain (JSON-safe) part of a StopConfig. */
export function publicStop(s: StopConfig): ResolvedStop {
  return {
    gradTol: s.gradTol,
    blockGradTol: s.blockGradTol,
    blockSize: s.blockSize,
    lossTarget: s.lossTarget,
    residualTol: s.residualTol,
    maxIters: s.maxIters,
    maxWallTimeMs: s.maxWallTimeMs,
  };
}

/** @internal Validated divergence guard (null = disabled). */
export interface GuardConfig {
  gradNormMax: number;
  maxHalvings: number;
}

/** @internal */
export function resolveGuard(fn: string, v: unknown): GuardConfig | null {
  if (v === false) return null;
  if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v)))
    throw typeError(fn, 'options.divergence', 'be an object or false', v);
  const o = (v ?? {}) as Record<string, unknown>;
  return {
    gradNormMax:
      o.gradNormMax === undefined
        ? Number.POSITIVE_INFINITY
        : checkNumber(fn, 'options.divergence.gradNormMax', o.gradNormMax, POSITIVE),
    maxHalvings:
      o.maxHalvings === undefined
        ? 20
        : checkNumber(fn, 'options.divergence.maxHalvings', o.maxHalvings, { min: 0, max: 1000 }, true),
  };
}

/** @internal Validated recording options (null = off). */
export interface RecordConfig {
  every: number;
  logSpaced: number | null;
  theta: boolean;
  batches: boolean;
  maxPoints: number;
}

/** @internal */
export function resolveRecord(fn: string, v: unknown): RecordConfig | null {
  if (v === undefined || v === false) return null;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw typeError(fn, 'options.record', 'be an object or false', v);
  const o = v as Record<string, unknown>;
  const bool = (k: string) => {
    const b = o[k];
    if (b !== undefined && typeof b !== 'boolean')
      throw typeError(fn, `options.record.${k}`, 'be a boolean', b);
    return b === true;
  };
  return {
    every: o.every === undefined ? 1 : checkNumber(fn, 'options.record.every', o.every, { min: 1 }, true),
    logSpaced:
      o.logSpaced === undefined
        ? null
        : checkNumber(fn, 'options.record.logSpaced', o.logSpaced, { min: 1, max: 1000 }, true),
    theta: bool('theta'),
    batches: bool('batches'),
    maxPoints:
      o.maxPoints === undefined
        ? 1_000_000
        : checkNumber(fn, 'options.record.maxPoints', o.maxPoints, { min: 2 }, true),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Vector helpers.

/** @internal ‖x‖₂ (plain sum of squares; an overflow to +∞ is reported as such and trips the divergence guard). */
export function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** @internal max_i ‖x_{[i·b, (i+1)·b)}‖₂ over consecutive blocks of size b. */
export function blockMaxNorm(x: Float64Array, b: number): number {
  let m = 0;
  for (let i = 0; i < x.length; i += b) {
    let s = 0;
    for (let j = i; j < i + b; j++) s += x[j]! * x[j]!;
    if (Number.isNaN(s)) return Number.NaN;
    if (s > m) m = s;
  }
  return Math.sqrt(m);
}

/** @internal Milliseconds from a monotonic clock. */
export function now(): number {
  return performance.now();
}
