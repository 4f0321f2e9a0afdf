/**
 * The run loop shared by every discrete optimizer (GD, SGD, momentum, Adam, perturbed GD, custom rules).
 *
 * Each iteration: (1) at evaluation points, compute f(θ_t) and ∇f(θ_t) in full, apply the divergence guard, record
 * the trajectory, test the stopping rules and call `onStep`; (2) let the step rule advance θ_t → θ_{t+1} in place.
 * Full-batch rules reuse the loop's gradient, so an iteration costs one gradient; stochastic rules compute their own
 * mini-batch gradients and the loop evaluates the full objective only every `evalEvery` iterations.
 *
 * Divergence guard (SS18, spec §4.4): when ‖∇f‖₂ > gradNormMax or a loss/gradient is non-finite, restart from the same
 * θ₀ and the same random stream with every step multiplied by ½ (exact in floating point), at most `maxHalvings`
 * times. Divergence detected at θ₀ itself ends the run at once (no step size can help).
 *
 * Determinism: all randomness comes from one seeded `Rng` (restored from its start snapshot on a restart), so the
 * same seed, build and input give a bitwise-identical result apart from `wallTimeMs` (and apart from where a
 * `maxWallTimeMs` cap happens to stop the run).
 *
 * Complexity: per iteration, the rule's cost plus, at evaluation points, one full gradient and O(dim) bookkeeping.
 */
import {
  checkFunction,
  checkNumber,
  checkObjective,
  checkOptions,
  type Objective,
  POSITIVE,
  Rng,
  type RngSnapshot,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';
import {
  blockMaxNorm,
  CONVERGED_REASONS,
  checkTheta0,
  type EvaluationCounts,
  norm2,
  now,
  publicStop,
  type RestartRecord,
  type RunOptions,
  type RunResult,
  resolveGuard,
  resolveRecord,
  resolveStop,
  type StepInfo,
  type StopConfig,
  type StopReason,
} from './common.js';
import { TrajectoryRecorder } from './recorder.js';

/** A step-size schedule: iteration t ↦ η_t > 0 (must be a pure function of t). */
export type StepSchedule = (iteration: number) => number;

/** What a step rule sees when asked to advance θ_t. */
export interface StepContext {
  /** The objective being minimised. */
  readonly objective: Objective;
  /** t, the index of the current iterate. */
  readonly iteration: number;
  /** η_t after the schedule and the divergence guard's halvings. */
  readonly step: number;
  /** The run's random stream (null for deterministic methods without a seed). */
  readonly rng: Rng | null;
  /** ∇f(θ_t) when the rule declares `usesLoopGradient`, else null. */
  readonly grad: Float64Array | null;
  /** Objective call counters; a rule increments the ones it uses. */
  readonly counts: EvaluationCounts;
}

/**
 * An update rule θ_t → θ_{t+1}, the pluggable part of {@link runOptimizer}.
 * @example
 * const signGd: StepRule = {
 *   name: 'sign-gd', usesLoopGradient: true, needsRng: false, defaultEvalEvery: 1, reset() {},
 *   step(theta, ctx) { for (let i = 0; i < theta.length; i++) theta[i]! -= ctx.step * Math.sign(ctx.grad![i]!); },
 * };
 */
export interface StepRule {
  /** Method name recorded in the result. */
  readonly name: string;
  /** True when the rule steps along the loop's full gradient ∇f(θ_t) (the loop then evaluates every iteration). */
  readonly usesLoopGradient: boolean;
  /** True when the rule draws random numbers (a seed or an Rng is then required). */
  readonly needsRng: boolean;
  /** Evaluation period used when the caller gives no `evalEvery` (ignored when `usesLoopGradient`). */
  readonly defaultEvalEvery: number;
  /** Clears internal state (velocity, moments, sampler); called at the start and on every restart. */
  reset(dim: number): void;
  /**
   * Advances θ in place. May return a loss it observed on the way (e.g. a mini-batch loss); a non-finite value trips
   * the divergence guard.
   */
  step(theta: Float64Array, ctx: StepContext): number | undefined;
  /** Mini-batch indices used by the last `step`, if any (recorded with `record.batches`). */
  readonly lastBatch?: ArrayLike<number> | undefined;
}

/** Options of {@link runOptimizer}: the shared run options plus the step size and the random stream. */
export interface LoopOptions extends RunOptions {
  /** Constant step η > 0, or a schedule t ↦ η_t. */
  step: number | StepSchedule;
  /** Seed of the run's `Rng` (recorded in the result). */
  seed?: number;
  /** A generator to draw from instead of `seed` (consumed; its start state is recorded as `rngStart`). */
  rng?: Rng;
}

/** Result of {@link runOptimizer}: {@link RunResult} plus the start state of the random stream. */
export interface LoopResult extends RunResult {
  /** Snapshot of the random stream at the start of the run (null for deterministic methods without one). */
  rngStart: RngSnapshot | null;
}

/** @internal Validates a step / schedule option and returns a checked evaluator. */
export function resolveStep(fn: string, v: unknown): (t: number) => number {
  if (typeof v === 'number') {
    checkNumber(fn, 'options.step', v, POSITIVE);
    return () => v;
  }
  if (typeof v === 'function') {
    const f = v as StepSchedule;
    return (t) => {
      const eta = f(t);
      if (typeof eta !== 'number' || !(eta > 0) || !Number.isFinite(eta))
        throw rangeError(fn, `options.step(${t})`, 'return a finite number > 0', eta);
      return eta;
    };
  }
  throw typeError(fn, 'options.step', 'be a number or a function of the iteration', v);
}

/** @internal Seed / rng resolution shared by the stochastic methods. */
export function resolveRng(
  fn: string,
  o: Record<string, unknown>,
  required: boolean,
): { seed: number | null; snap: RngSnapshot | null } {
  if (o.rng !== undefined && o.seed !== undefined)
    throw rangeError(fn, 'options.seed', 'be omitted when options.rng is given', o.seed);
  if (o.rng !== undefined) {
    if (!(o.rng instanceof Rng)) throw typeError(fn, 'options.rng', 'be an Rng', o.rng);
    return { seed: null, snap: o.rng.snapshot() };
  }
  if (o.seed !== undefined) {
    const seed = checkNumber(fn, 'options.seed', o.seed, { min: 0 }, true);
    return { seed, snap: new Rng(seed).snapshot() };
  }
  if (required)
    throw rangeError(fn, 'options.seed', 'be given (or options.rng) for a stochastic method', undefined);
  return { seed: null, snap: null };
}

/** @internal Tests the tolerance rules at an evaluated iterate. */
export function testStop(
  s: StopConfig,
  loss: number,
  gradNorm: number,
  blockNorm: number,
  theta: Float64Array,
): { reason: StopReason | null; residual: number | undefined } {
  if (s.gradTol !== null && gradNorm <= s.gradTol) return { reason: 'gradTol', residual: undefined };
  if (s.blockGradTol !== null && blockNorm <= s.blockGradTol)
    return { reason: 'blockGradTol', residual: undefined };
  if (s.lossTarget !== null && loss <= s.lossTarget) return { reason: 'lossTarget', residual: undefined };
  if (s.residualTol !== null && s.residual !== null) {
    const r = s.residual(theta);
    if (r <= s.residualTol) return { reason: 'residualTol', residual: r };
    return { reason: null, residual: r };
  }
  return { reason: null, residual: undefined };
}

/**
 * Runs a step rule over an objective with the shared stopping rules, divergence guard, trajectory recorder and
 * progress callback. The building block of {@link gd}, {@link sgd}, {@link momentum}, {@link adam} and
 * {@link perturbedGd}; use it directly for a custom {@link StepRule}.
 *
 * @param objective the function to minimise (θ ∈ R^dim).
 * @param theta0 initial point, length `objective.dim` (copied, never modified).
 * @param rule the update rule.
 * @param options step size, stopping rules, guard, recording, callback, seed.
 * @param fn name used in error messages (the public wrapper's name).
 * @returns a plain result; non-convergence is reported through `stopReason`/`converged`, never thrown.
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE), ShapeError (E_SHAPE) or NonFiniteError (E_NONFINITE) for bad
 *   options, a θ₀ of the wrong length or with non-finite entries.
 * @see spec §4.4 (SS18 protocol: per-neuron stopping rule, divergence guard)
 * @example
 * const r = runOptimizer(objective, theta0, signGd, { step: 1e-3, gradTol: 1e-6 });
 */
export function runOptimizer(
  objective: Objective,
  theta0: Float64Array,
  rule: StepRule,
  options: LoopOptions,
  fn = 'runOptimizer',
): LoopResult {
  const tStart = now();
  checkObjective(fn, 'objective', objective);
  const o = checkOptions(fn, options);
  if (
    rule === null ||
    typeof rule !== 'object' ||
    typeof rule.step !== 'function' ||
    typeof rule.reset !== 'function'
  )
    throw typeError(fn, 'rule', 'be a StepRule { name, step, reset, ... }', rule);
  const theta0c = checkTheta0(fn, objective, theta0);
  const stop = resolveStop(fn, objective, o);
  const guard = resolveGuard(fn, o.divergence);
  const rec = new TrajectoryRecorder(resolveRecord(fn, o.record));
  if (o.onStep !== undefined) checkFunction(fn, 'options.onStep', o.onStep);
  const onStep = o.onStep as ((i: StepInfo) => boolean | undefined) | undefined;
  const base = resolveStep(fn, o.step);
  const userEvery =
    o.evalEvery === undefined ? null : checkNumber(fn, 'options.evalEvery', o.evalEvery, { min: 1 }, true);
  const evalEvery = rule.usesLoopGradient ? 1 : (userEvery ?? Math.max(1, rule.defaultEvalEvery));
  const { seed, snap } = resolveRng(fn, o, rule.needsRng);

  const dim = objective.dim;
  const theta = new Float64Array(dim);
  const g = new Float64Array(dim);
  const counts: EvaluationCounts = { grad: 0, loss: 0, batchGrad: 0, hessian: 0 };
  const restartLog: RestartRecord[] = [];
  const bs = stop.blockSize;

  let attempt = 0;
  for (;;) {
    const scale = 0.5 ** attempt;
    const stepAt = (t: number) => scale * base(t);
    theta.set(theta0c);
    rule.reset(dim);
    rec.reset();
    const rng = snap === null ? null : Rng.restore(snap);
    let iter = 0;
    let loss = Number.NaN;
    let gn = Number.NaN;
    let blockNorm = Number.NaN;
    let residual: number | undefined;
    let evaluatedAt = -1;
    let stopReason: StopReason | null = null;
    let diverged: RestartRecord | null = null;

    for (;;) {
      const due = rule.usesLoopGradient || iter % evalEvery === 0 || rec.wants(iter) || iter >= stop.maxIters;
      if (due) {
        loss = objective.grad(theta, g);
        counts.grad++;
        gn = norm2(g);
        blockNorm = bs === null ? Number.NaN : blockMaxNorm(g, bs);
        evaluatedAt = iter;
        const bad = !Number.isFinite(loss) || !Number.isFinite(gn);
        if (bad || (guard !== null && gn > guard.gradNormMax)) {
          diverged = {
            iteration: iter,
            reason: bad ? 'nonFinite' : 'gradNorm',
            loss,
            gradNorm: gn,
            step: stepAt(0),
          };
          break;
        }
        if (rec.wants(iter)) rec.record(iter, loss, gn, theta);
        const st = testStop(stop, loss, gn, blockNorm, theta);
        residual = st.residual;
        stopReason = st.reason;
        if (stopReason === null && onStep !== undefined) {
          const info: StepInfo = {
            iteration: iter,
            loss,
            gradNorm: gn,
            theta,
            restarts: attempt,
            step: stepAt(iter),
          };
          if (onStep(info) === true) stopReason = 'callback';
        }
        if (stopReason !== null) break;
      }
      if (iter >= stop.maxIters) {
        stopReason = 'maxIters';
        break;
      }
      if (stop.maxWallTimeMs !== null && now() - tStart > stop.maxWallTimeMs) {
        stopReason = 'wallTime';
        break;
      }
      const observed = rule.step(theta, {
        objective,
        iteration: iter,
        step: stepAt(iter),
        rng,
        grad: rule.usesLoopGradient ? g : null,
        counts,
      });
      rec.attachBatch(iter, rule.lastBatch);
      if (typeof observed === 'number' && !Number.isFinite(observed)) {
        diverged = {
          iteration: iter,
          reason: 'nonFinite',
          loss: observed,
          gradNorm: Number.NaN,
          step: stepAt(0),
        };
        iter++;
        break;
      }
      iter++;
    }

    if (diverged !== null) {
      if (guard !== null && diverged.iteration > 0 && attempt < guard.maxHalvings) {
        restartLog.push(diverged);
        attempt++;
        continue;
      }
      restartLog.push(diverged);
      stopReason = 'diverged';
    }

    // Final values at the returned iterate.
    if (evaluatedAt !== iter) {
      loss = objective.grad(theta, g);
      counts.grad++;
      gn = norm2(g);
      blockNorm = bs === null ? Number.NaN : blockMaxNorm(g, bs);
      residual = undefined;
    }
    if (residual === undefined && stop.residual !== null && Number.isFinite(loss))
      residual = stop.residual(theta);
    rec.recordFinal(iter, loss, gn, theta);
    const reason = stopReason ?? 'maxIters';
    const result: LoopResult = {
      method: rule.name,
      theta: Float64Array.from(theta),
      loss,
      gradNorm: gn,
      iterations: iter,
      stopReason: reason,
      converged: CONVERGED_REASONS.includes(reason),
      restarts: attempt,
      restartLog,
      step: stepAt(0),
      trajectory: rec.points,
      seed,
      rngStart: snap,
      evaluations: counts,
      tolerances: publicStop(stop),
      wallTimeMs: now() - tStart,
    };
    if (bs !== null) result.blockGradNorm = blockNorm;
    if (residual !== undefined) result.residual = residual;
    return result;
  }
}
