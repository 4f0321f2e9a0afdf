/**
 * Gradient flow θ' = −∇f(θ), integrated accurately by the adaptive Dormand–Prince 5(4) method ({@link dopri5}).
 *
 * This is the object P1's claims are about (spec §1, §5: "use an adaptive RK45 integrator for gradient-flow claims"):
 * discrete GD drifts off the flow's invariants by O(η²) per step, the integrator's drift is controlled by its local
 * tolerance. The flow is sampled at requested times through the dense output, and events g(t, θ) = 0 (e.g. "the
 * product z reached a level") are located on it.
 *
 * Stopping: tEnd, the shared tolerance rules (gradTol, blockGradTol, lossTarget, residualTol) tested after each
 * accepted step, an accepted-step cap (`maxIters`, default 1e6), wall time, a terminal event, or `onStep`.
 *
 * Complexity: 6 gradients per accepted step (FSAL), plus one loss per sample and one final gradient. Caveat: explicit
 * integration of a stiff flow (large imbalance c in P1 §1.4, Hessian scale ≈ f″·S) takes many small steps.
 */
import {
  checkFunction,
  checkObjective,
  checkOptions,
  type Objective,
  rangeError,
} from '@landscape-lab/core-math';
import {
  blockMaxNorm,
  CONVERGED_REASONS,
  checkTheta0,
  type EvaluationCounts,
  norm2,
  now,
  publicStop,
  type RecordOptions,
  type RunResult,
  resolveRecord,
  resolveStop,
  type StepInfo,
  type StopOptions,
  type StopReason,
} from './common.js';
import { type Dopri5Options, dopri5, type OdeEvent, type OdeEventHit } from './dopri5.js';
import { TrajectoryRecorder } from './recorder.js';
import { testStop } from './run.js';

/** Options of {@link gradientFlow}. `maxIters` caps accepted steps (default 1e6). */
export interface FlowOptions extends StopOptions {
  /** End time (default +∞, in which case a tolerance rule, event, callback or cap must end the run). */
  tEnd?: number;
  /** Relative tolerance of the integrator (default 1e−8). */
  rtol?: number;
  /** Absolute tolerance (default 1e−10). */
  atol?: number | Float64Array;
  /** Initial step (default: automatic). */
  h0?: number;
  /** Largest step. */
  hMax?: number;
  /** Step-size controller, default `pi`. */
  controller?: 'pi' | 'standard';
  /** Times at which to sample θ(t) (dense output). */
  times?: ArrayLike<number>;
  /** Events g(t, θ) located on the dense output. */
  events?: OdeEvent[];
  /** Trajectory over accepted steps (iteration = accepted-step index, `t` the time). */
  record?: RecordOptions | false;
  /** Called after every accepted step; return true to stop. */
  onStep?: (info: StepInfo) => unknown;
}

/** Result of {@link gradientFlow}. */
export interface FlowResult extends RunResult {
  /** Time reached. */
  t: number;
  /** Dense-output samples at the requested times reached: time, θ(t), f(θ(t)). */
  samples: { t: number[]; theta: Float64Array[]; loss: number[] };
  /** Located events. */
  events: OdeEventHit[];
  /** Accepted and rejected steps. */
  accepted: number;
  rejected: number;
  /** Largest accepted error norm (≤ 1). */
  maxErr: number;
  /** Integrator tolerances used. */
  rtol: number;
  atol: number | Float64Array;
}

/**
 * Integrates the gradient flow θ' = −∇f(θ) from θ₀ with DOPRI5 and returns the end point, samples and events.
 *
 * @param objective f (θ ∈ R^dim).
 * @param theta0 θ(0) (copied).
 * @param options tEnd, tolerances, sampling times, events, stopping rules, recording, callback.
 * @returns a {@link FlowResult}: `stopReason` is `tEnd`, a tolerance rule, `event`, `callback`, `maxIters`,
 *   `wallTime`, `stepTooSmall` or `nonFinite`; `step` is the last step size; `iterations` the accepted steps.
 * @throws ArgumentError / ShapeError / NonFiniteError for bad options or θ₀; an unbounded run (tEnd = +∞ without any
 *   tolerance rule, event, callback or explicit `maxIters`) is rejected with E_ARG_RANGE.
 * @see spec §1.2 (conserved imbalance), §1.4 (closed-form flow time), §5 (discrete vs continuous).
 * @example
 * const r = gradientFlow(deepLinear, theta0, { tEnd: 10, rtol: 1e-10, atol: 1e-12, times: [1, 2, 5] });
 */
export function gradientFlow(
  objective: Objective,
  theta0: Float64Array,
  options: FlowOptions = {},
): FlowResult {
  const fn = 'gradientFlow';
  const tStart = now();
  checkObjective(fn, 'objective', objective);
  const o = checkOptions(fn, options);
  const th0 = checkTheta0(fn, objective, theta0);
  const cap = o.maxIters === undefined ? { maxIters: 1_000_000 } : {};
  const stop = resolveStop(fn, objective, { ...o, ...cap });
  const rec = new TrajectoryRecorder(resolveRecord(fn, o.record));
  if (o.onStep !== undefined) checkFunction(fn, 'options.onStep', o.onStep);
  const onStep = o.onStep as ((i: StepInfo) => boolean | undefined) | undefined;
  const tEnd = o.tEnd === undefined ? Number.POSITIVE_INFINITY : (o.tEnd as number);
  if (typeof tEnd !== 'number' || !(tEnd > 0)) throw rangeError(fn, 'options.tEnd', 'be a number > 0', tEnd);
  const bounded =
    Number.isFinite(tEnd) ||
    stop.gradTol !== null ||
    stop.blockGradTol !== null ||
    stop.lossTarget !== null ||
    stop.residualTol !== null ||
    o.maxIters !== undefined ||
    onStep !== undefined ||
    (Array.isArray(o.events) && o.events.some((e: OdeEvent) => e?.terminal === true));
  if (!bounded)
    throw rangeError(
      fn,
      'options.tEnd',
      'be finite unless a tolerance rule, a terminal event, onStep or maxIters ends the run',
      tEnd,
    );

  const counts: EvaluationCounts = { grad: 0, loss: 0, batchGrad: 0, hessian: 0 };
  const bs = stop.blockSize;
  let lastLoss = Number.NaN;
  const rhs = (_t: number, y: Float64Array, dy: Float64Array) => {
    lastLoss = objective.grad(y, dy);
    counts.grad++;
    for (let i = 0; i < dy.length; i++) dy[i] = -dy[i]!;
  };
  let stopReason: StopReason | null = null;
  let acceptedSeen = 0;
  let lastH = 0;
  let tPrev = 0;

  // Iterate 0.
  {
    const g0 = new Float64Array(objective.dim);
    const l0 = objective.grad(th0, g0);
    counts.grad++;
    const gn0 = norm2(g0);
    if (rec.wants(0)) rec.record(0, l0, gn0, th0, 0);
    if (Number.isFinite(l0) && Number.isFinite(gn0)) {
      stopReason = testStop(stop, l0, gn0, bs === null ? Number.NaN : blockMaxNorm(g0, bs), th0).reason;
      if (stopReason === null && onStep !== undefined) {
        if (
          onStep({ iteration: 0, loss: l0, gradNorm: gn0, theta: th0, restarts: 0, step: 0, t: 0 }) === true
        )
          stopReason = 'callback';
      }
    } else stopReason = 'nonFinite';
  }

  const opts: Dopri5Options = {
    rtol: o.rtol === undefined ? 1e-8 : (o.rtol as number),
    atol: o.atol === undefined ? 1e-10 : (o.atol as number | Float64Array),
    maxIters: stop.maxIters,
    onAccept: (tt, y, dy) => {
      acceptedSeen++;
      lastH = tt - tPrev;
      tPrev = tt;
      const gn = norm2(dy);
      const loss = lastLoss; // the last F evaluation of an accepted step is at (t, y) (FSAL stage)
      if (rec.wants(acceptedSeen)) rec.record(acceptedSeen, loss, gn, y, tt);
      if (!Number.isFinite(loss) || !Number.isFinite(gn)) {
        stopReason = 'nonFinite';
        return true;
      }
      const st = testStop(stop, loss, gn, bs === null ? Number.NaN : blockMaxNorm(dy, bs), y);
      if (st.reason !== null) {
        stopReason = st.reason;
        return true;
      }
      if (
        onStep !== undefined &&
        onStep({ iteration: acceptedSeen, loss, gradNorm: gn, theta: y, restarts: 0, step: lastH, t: tt }) ===
          true
      ) {
        stopReason = 'callback';
        return true;
      }
      if (stop.maxWallTimeMs !== null && now() - tStart > stop.maxWallTimeMs) {
        stopReason = 'wallTime';
        return true;
      }
      return false;
    },
  };
  for (const k of ['h0', 'hMax', 'controller', 'times', 'events'] as const)
    if (o[k] !== undefined) (opts as Record<string, unknown>)[k] = o[k];

  let theta = th0;
  let t = 0;
  let accepted = 0;
  let rejected = 0;
  let maxErr = 0;
  let samples: { t: number[]; y: Float64Array[] } = { t: [], y: [] };
  let events: OdeEventHit[] = [];
  const rtolUsed = opts.rtol!;
  let atolUsed = opts.atol!;
  if (stopReason === null) {
    const r = dopri5(rhs, 0, th0, tEnd, opts);
    theta = r.y;
    t = r.t;
    accepted = r.accepted;
    rejected = r.rejected;
    maxErr = r.maxErr;
    samples = r.samples;
    events = r.events;
    atolUsed = r.atol;
    if (stopReason === null) {
      stopReason = r.status;
    }
  }

  const g = new Float64Array(objective.dim);
  const loss = objective.grad(theta, g);
  counts.grad++;
  const gn = norm2(g);
  rec.recordFinal(accepted, loss, gn, theta, t);
  const sampleLoss = samples.y.map((y) => {
    counts.loss++;
    return objective.loss(y);
  });
  const reason = stopReason as StopReason;
  const result: FlowResult = {
    method: 'gradient-flow-dopri5',
    theta: Float64Array.from(theta),
    loss,
    gradNorm: gn,
    iterations: accepted,
    stopReason: reason,
    converged: CONVERGED_REASONS.includes(reason),
    restarts: 0,
    restartLog: [],
    step: lastH,
    trajectory: rec.points,
    seed: null,
    evaluations: counts,
    tolerances: publicStop(stop),
    wallTimeMs: 0,
    t,
    samples: { t: samples.t, theta: samples.y, loss: sampleLoss },
    events,
    accepted,
    rejected,
    maxErr,
    rtol: rtolUsed,
    atol: atolUsed,
  };
  if (bs !== null) result.blockGradNorm = blockMaxNorm(g, bs);
  if (stop.residual !== null && Number.isFinite(loss)) result.residual = stop.residual(theta);
  result.wallTimeMs = now() - tStart;
  return result;
}
