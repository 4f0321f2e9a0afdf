/**
 * First-order optimizers over any `Objective`: full-batch gradient descent, mini-batch SGD, heavy-ball momentum,
 * Adam and perturbed gradient descent (P4 Algorithm D.2), all driven by the shared run loop ({@link runOptimizer}).
 *
 * Updates (η_t the step after schedule and guard, g the full or mini-batch gradient):
 * - GD: θ ← θ − η_t ∇f(θ).
 * - SGD: θ ← θ − η_t ∇f_B(θ), ∇f_B = (1/|B|) Σ_{i∈B} ∇f_i, B sampled with the run's seeded `Rng` (random reshuffling
 *   per epoch, or i.i.d. with replacement).
 * - Heavy ball (Polyak 1964): v ← βv − η_t g, θ ← θ + v.
 * - Adam (Kingma & Ba 2015, with bias correction): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 *   θ ← θ − η_t (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 * - Perturbed GD (P4 Algorithm D.2, spec §4.3): ξ ~ N(0, I_d/d) with d = blockSize; add αξ, the SAME ξ, to every
 *   block (neuron) of θ; then take a gradient step from the perturbed point: θ ← θ̃ − η_t ∇f(θ̃).
 *
 * Complexity: O(dim) per step on top of one gradient (full, or of a batch of |B| components). Perturbed GD evaluates
 * the gradient at the perturbed point, so with `evalEvery = 1` (its default) it costs two gradients per iteration.
 */
import {
  type Bounds,
  type ComponentAccess,
  checkFunction,
  checkNumber,
  checkObjective,
  checkOneOf,
  checkOptions,
  NON_NEGATIVE,
  type Objective,
  POSITIVE,
  type Rng,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';
import type { RunOptions } from './common.js';

/** Bounds of a decay rate β ∈ [0, 1) (momentum, Adam). */
const DECAY: Bounds = { min: 0, max: 1, maxExclusive: true };
const SAMPLINGS: readonly Sampling[] = ['shuffle', 'replacement'];

import { type LoopResult, runOptimizer, type StepRule, type StepSchedule } from './run.js';

/** Options of {@link gd}. */
export interface GdOptions extends RunOptions {
  /** Constant step η > 0 or a schedule t ↦ η_t. */
  step: number | StepSchedule;
}

/** How mini-batches are drawn. */
export type Sampling = 'shuffle' | 'replacement';

/** Mini-batch settings shared by the stochastic methods. */
export interface StochasticOptions {
  /** |B|, in [1, components.count]. */
  batchSize?: number;
  /**
   * `shuffle` (default): random reshuffling, consecutive disjoint batches of a fresh permutation each epoch (a
   * remainder smaller than |B| is skipped); `replacement`: |B| i.i.d. uniform indices per step.
   */
  sampling?: Sampling;
  /** Seed of the run's `Rng`. */
  seed?: number;
  /** Or a generator to draw from (consumed). */
  rng?: Rng;
}

/** Options of {@link sgd}. */
export interface SgdOptions extends RunOptions, StochasticOptions {
  step: number | StepSchedule;
  batchSize: number;
}

/** Options of {@link momentum}. Full-batch unless `batchSize` is given. */
export interface MomentumOptions extends RunOptions, StochasticOptions {
  step: number | StepSchedule;
  /** Momentum β ∈ [0, 1), default 0.9. */
  beta?: number;
}

/** Options of {@link adam}. Full-batch unless `batchSize` is given. */
export interface AdamOptions extends RunOptions, StochasticOptions {
  /** Learning rate, default 1e−3. */
  step?: number | StepSchedule;
  /** First-moment decay β₁ ∈ [0, 1), default 0.9. */
  beta1?: number;
  /** Second-moment decay β₂ ∈ [0, 1), default 0.999. */
  beta2?: number;
  /** ε > 0 added to √v̂, default 1e−8. */
  eps?: number;
}

/** Options of {@link perturbedGd}. */
export interface PerturbedGdOptions extends RunOptions {
  step: number | StepSchedule;
  /** Perturbation scale α ≥ 0 (P4: α = δ/(4n)). */
  alpha: number;
  /** d, the size of a neuron block (ξ ∈ R^d); must divide `objective.dim`. Also used by `blockGradTol`. */
  blockSize: number;
  /** Seed of the run's `Rng`. */
  seed?: number;
  /** Or a generator to draw from (consumed). */
  rng?: Rng;
}

/**
 * Draws mini-batches of component indices from a seeded stream.
 * @example
 * const s = new BatchSampler(100, 10, 'shuffle');
 * const batch = s.next(new Rng(1)); // 10 distinct indices in [0, 100)
 */
export class BatchSampler {
  private perm: Int32Array | null = null;
  private pos = 0;
  private readonly buf: Int32Array;

  /**
   * @param count number of components m (≥ 1).
   * @param batchSize |B| in [1, m].
   * @param sampling `shuffle` or `replacement`.
   * @throws ArgumentError (E_ARG_RANGE) for sizes out of range or an unknown sampling mode.
   */
  constructor(
    readonly count: number,
    readonly batchSize: number,
    readonly sampling: Sampling = 'shuffle',
  ) {
    checkNumber('BatchSampler', 'count', count, { min: 1 }, true);
    checkNumber('BatchSampler', 'batchSize', batchSize, { min: 1, max: count }, true);
    checkOneOf('BatchSampler', 'sampling', sampling, SAMPLINGS);
    this.buf = new Int32Array(batchSize);
  }

  /** Forgets the current epoch. */
  reset(): void {
    this.perm = null;
    this.pos = 0;
  }

  /** The next batch (a view valid until the next call). */
  next(rng: Rng): Int32Array {
    const b = this.batchSize;
    if (this.sampling === 'replacement') {
      for (let i = 0; i < b; i++) this.buf[i] = rng.int(this.count);
      return this.buf;
    }
    if (this.perm === null || this.pos + b > this.count) {
      this.perm = rng.permutation(this.count);
      this.pos = 0;
    }
    const out = this.perm.subarray(this.pos, this.pos + b);
    this.pos += b;
    return out;
  }
}

/** @internal Validates the finite-sum structure a stochastic method needs. */
function checkComponents(fn: string, obj: Objective): ComponentAccess {
  const c = obj.components;
  if (c === undefined || c === null || typeof c !== 'object')
    throw typeError(
      fn,
      'objective.components',
      'be present (a finite-sum objective) for a mini-batch method',
      c,
    );
  checkNumber(fn, 'objective.components.count', c.count, { min: 1 }, true);
  checkFunction(fn, 'objective.components.batchGrad', c.batchGrad);
  return c;
}

/** @internal A mini-batch gradient source (null = use the loop's full gradient). */
function makeSampler(
  fn: string,
  obj: Objective,
  o: Record<string, unknown>,
  required: boolean,
): BatchSampler | null {
  if (o.batchSize === undefined) {
    if (required) throw rangeError(fn, 'options.batchSize', 'be given', undefined);
    if (o.sampling !== undefined)
      throw rangeError(fn, 'options.sampling', 'be omitted without options.batchSize', o.sampling);
    return null;
  }
  const comps = checkComponents(fn, obj);
  const b = checkNumber(fn, 'options.batchSize', o.batchSize, { min: 1, max: comps.count }, true);
  const mode = o.sampling === undefined ? 'shuffle' : o.sampling;
  checkOneOf(fn, 'options.sampling', mode, SAMPLINGS);
  return new BatchSampler(comps.count, b, mode);
}

/**
 * Base for rules that step along a full gradient (the loop's) or a mini-batch gradient (their own).
 * @internal
 */
abstract class GradientRule implements StepRule {
  readonly usesLoopGradient: boolean;
  readonly needsRng: boolean;
  readonly defaultEvalEvery: number;
  lastBatch: Int32Array | undefined;
  protected gb = new Float64Array(0);

  constructor(
    readonly name: string,
    private readonly sampler: BatchSampler | null,
  ) {
    this.usesLoopGradient = sampler === null;
    this.needsRng = sampler !== null;
    this.defaultEvalEvery = sampler === null ? 1 : Math.ceil(sampler.count / sampler.batchSize);
  }

  reset(dim: number): void {
    this.sampler?.reset();
    if (this.gb.length !== dim) this.gb = new Float64Array(dim);
    this.lastBatch = undefined;
  }

  /** The gradient to step along, and the batch loss (undefined for full batch). */
  protected gradient(
    theta: Float64Array,
    ctx: Parameters<StepRule['step']>[1],
  ): [Float64Array, number | undefined] {
    if (this.sampler === null) return [ctx.grad!, undefined];
    const batch = this.sampler.next(ctx.rng!);
    this.lastBatch = batch;
    const l = ctx.objective.components!.batchGrad(theta, batch, this.gb);
    ctx.counts.batchGrad++;
    return [this.gb, l];
  }

  abstract step(theta: Float64Array, ctx: Parameters<StepRule['step']>[1]): number | undefined;
}

class SgdRule extends GradientRule {
  step(theta: Float64Array, ctx: Parameters<StepRule['step']>[1]): number | undefined {
    const [g, l] = this.gradient(theta, ctx);
    const eta = ctx.step;
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - eta * g[i]!;
    return l;
  }
}

class MomentumRule extends GradientRule {
  private v = new Float64Array(0);
  constructor(
    sampler: BatchSampler | null,
    private readonly beta: number,
  ) {
    super('momentum', sampler);
  }
  override reset(dim: number): void {
    super.reset(dim);
    this.v = new Float64Array(dim);
  }
  step(theta: Float64Array, ctx: Parameters<StepRule['step']>[1]): number | undefined {
    const [g, l] = this.gradient(theta, ctx);
    const eta = ctx.step;
    const v = this.v;
    for (let i = 0; i < theta.length; i++) {
      v[i] = this.beta * v[i]! - eta * g[i]!;
      theta[i] = theta[i]! + v[i]!;
    }
    return l;
  }
}

class AdamRule extends GradientRule {
  private m = new Float64Array(0);
  private v = new Float64Array(0);
  private p1 = 1;
  private p2 = 1;
  constructor(
    sampler: BatchSampler | null,
    private readonly b1: number,
    private readonly b2: number,
    private readonly eps: number,
  ) {
    super('adam', sampler);
  }
  override reset(dim: number): void {
    super.reset(dim);
    this.m = new Float64Array(dim);
    this.v = new Float64Array(dim);
    this.p1 = 1;
    this.p2 = 1;
  }
  step(theta: Float64Array, ctx: Parameters<StepRule['step']>[1]): number | undefined {
    const [g, l] = this.gradient(theta, ctx);
    const { b1, b2, eps, m, v } = this;
    this.p1 *= b1;
    this.p2 *= b2;
    const c1 = 1 / (1 - this.p1);
    const c2 = 1 / (1 - this.p2);
    const eta = ctx.step;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      theta[i] = theta[i]! - (eta * (m[i]! * c1)) / (Math.sqrt(v[i]! * c2) + eps);
    }
    return l;
  }
}

class PerturbedRule implements StepRule {
  readonly name = 'perturbed-gd';
  readonly usesLoopGradient = false;
  readonly needsRng = true;
  readonly defaultEvalEvery = 1;
  private xi: Float64Array;
  private gp = new Float64Array(0);
  constructor(
    private readonly alpha: number,
    private readonly d: number,
  ) {
    this.xi = new Float64Array(d);
  }
  reset(dim: number): void {
    if (this.gp.length !== dim) this.gp = new Float64Array(dim);
  }
  step(theta: Float64Array, ctx: Parameters<StepRule['step']>[1]): number {
    const d = this.d;
    const xi = ctx.rng!.fillNormal(this.xi);
    const s = this.alpha / Math.sqrt(d); // ξ ~ N(0, I_d/d): standard normals scaled by 1/√d
    for (let j = 0; j < d; j++) xi[j] = s * xi[j]!;
    for (let i = 0; i < theta.length; i += d)
      for (let j = 0; j < d; j++) theta[i + j] = theta[i + j]! + xi[j]!;
    const l = ctx.objective.grad(theta, this.gp);
    ctx.counts.grad++;
    const eta = ctx.step;
    const g = this.gp;
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - eta * g[i]!;
    return l;
  }
}

/**
 * Full-batch gradient descent θ_{t+1} = θ_t − η_t ∇f(θ_t).
 *
 * @param objective function to minimise (θ ∈ R^dim).
 * @param theta0 initial point (length dim; copied).
 * @param options `step` (constant or schedule), stopping rules, divergence guard, recording, `onStep`.
 * @returns the run result (non-convergence is a result, not an exception).
 * @throws ArgumentError / ShapeError / NonFiniteError (codes E_ARG_TYPE, E_ARG_RANGE, E_SHAPE, E_NONFINITE) for bad
 *   options or θ₀.
 * @see spec §4.4 (SS18: step 0.1, per-neuron stop 1e−9, guard 1e4); P4 §4.2 (step 5/k).
 * @example
 * const r = gd(objective, theta0, { step: 0.1, blockGradTol: 1e-9, blockSize: d, divergence: { gradNormMax: 1e4 } });
 */
export function gd(objective: Objective, theta0: Float64Array, options: GdOptions): LoopResult {
  checkOptions('gd', options);
  return runOptimizer(objective, theta0, new SgdRule('gd', null), options, 'gd');
}

/**
 * Mini-batch stochastic gradient descent over a finite sum f = (1/m) Σ f_i (`objective.components.batchGrad`).
 *
 * The full objective is evaluated (stopping rules, guard, callback) every `evalEvery` iterations, default once per
 * epoch ⌈m/|B|⌉, and at recorded iterations.
 *
 * @param objective a finite-sum objective (`components` required).
 * @param theta0 initial point (length dim; copied).
 * @param options `step`, `batchSize`, `sampling`, `seed` (or `rng`), plus the shared run options.
 * @returns the run result; `trajectory[i].batch` holds the batch of the step from each recorded iterate when
 *   `record.batches` is set (P2).
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) when components are missing, the batch size is out of range, or no
 *   seed is given; plus the errors of {@link gd}.
 * @see spec §2 (P2 α-β condition along SGD trajectories)
 * @example
 * const r = sgd(leastSquares, theta0, { step: 0.05, batchSize: 8, seed: 1, maxIters: 2000 });
 */
export function sgd(objective: Objective, theta0: Float64Array, options: SgdOptions): LoopResult {
  checkObjective('sgd', 'objective', objective);
  const o = checkOptions('sgd', options);
  const sampler = makeSampler('sgd', objective, o, true);
  return runOptimizer(objective, theta0, new SgdRule('sgd', sampler), options, 'sgd');
}

/**
 * Heavy-ball momentum v ← βv − η_t g, θ ← θ + v (full-batch, or mini-batch with `batchSize`).
 *
 * @param objective function to minimise.
 * @param theta0 initial point (copied).
 * @param options `step`, `beta` (default 0.9), optional mini-batch settings, shared run options.
 * @returns the run result.
 * @throws ArgumentError (E_ARG_RANGE) for β outside [0, 1); plus the errors of {@link sgd}.
 * @see Polyak (1964), "Some methods of speeding up the convergence of iteration methods".
 * @example
 * const r = momentum(objective, theta0, { step: 0.01, beta: 0.9, gradTol: 1e-8 });
 */
export function momentum(objective: Objective, theta0: Float64Array, options: MomentumOptions): LoopResult {
  checkObjective('momentum', 'objective', objective);
  const o = checkOptions('momentum', options);
  const beta = o.beta === undefined ? 0.9 : checkNumber('momentum', 'options.beta', o.beta, DECAY);
  const sampler = makeSampler('momentum', objective, o, false);
  return runOptimizer(objective, theta0, new MomentumRule(sampler, beta), options, 'momentum');
}

/**
 * Adam with bias correction (full-batch, or mini-batch with `batchSize`).
 *
 * @param objective function to minimise.
 * @param theta0 initial point (copied).
 * @param options `step` (default 1e−3), `beta1` (0.9), `beta2` (0.999), `eps` (1e−8), optional mini-batch settings.
 * @returns the run result.
 * @throws ArgumentError (E_ARG_RANGE) for β₁, β₂ outside [0, 1) or ε ≤ 0; plus the errors of {@link sgd}.
 * @see Kingma & Ba (2015), "Adam: a method for stochastic optimization", Algorithm 1.
 * @example
 * const r = adam(objective, theta0, { step: 1e-2, batchSize: 16, seed: 3, maxIters: 5000 });
 */
export function adam(objective: Objective, theta0: Float64Array, options: AdamOptions = {}): LoopResult {
  checkObjective('adam', 'objective', objective);
  const o = checkOptions('adam', options);
  const b1 = o.beta1 === undefined ? 0.9 : checkNumber('adam', 'options.beta1', o.beta1, DECAY);
  const b2 = o.beta2 === undefined ? 0.999 : checkNumber('adam', 'options.beta2', o.beta2, DECAY);
  const eps = o.eps === undefined ? 1e-8 : checkNumber('adam', 'options.eps', o.eps, POSITIVE);
  const sampler = makeSampler('adam', objective, o, false);
  return runOptimizer(
    objective,
    theta0,
    new AdamRule(sampler, b1, b2, eps),
    { ...options, step: options.step ?? 1e-3 },
    'adam',
  );
}

/**
 * Perturbed gradient descent (P4 Algorithm D.2): each step draws ξ ~ N(0, I_d/d), adds αξ to every neuron block
 * θ_i ∈ R^d (the same ξ for all blocks), then takes a gradient step from the perturbed point.
 *
 * @param objective function to minimise; `dim` must be a multiple of `blockSize`.
 * @param theta0 initial point (copied).
 * @param options `step`, `alpha` ≥ 0, `blockSize` = d, `seed` (or `rng`), shared run options.
 * @returns the run result (two gradients per iteration at the default `evalEvery = 1`).
 * @throws ShapeError (E_SHAPE) when `blockSize` does not divide dim; ArgumentError for a bad α, block size or a
 *   missing seed; plus the errors of {@link gd}.
 * @see spec §4.3 (P4 Theorem 13: η < λδ²/(64L²), α = δ/(4n)).
 * @example
 * const r = perturbedGd(teacherStudent, theta0, { step: 0.05, alpha: 1e-3, blockSize: d, seed: 7, maxIters: 1e4 });
 */
export function perturbedGd(
  objective: Objective,
  theta0: Float64Array,
  options: PerturbedGdOptions,
): LoopResult {
  checkObjective('perturbedGd', 'objective', objective);
  const o = checkOptions('perturbedGd', options);
  if (o.alpha === undefined) throw rangeError('perturbedGd', 'options.alpha', 'be given', undefined);
  const alpha = checkNumber('perturbedGd', 'options.alpha', o.alpha, NON_NEGATIVE);
  if (o.blockSize === undefined) throw rangeError('perturbedGd', 'options.blockSize', 'be given', undefined);
  const d = checkNumber('perturbedGd', 'options.blockSize', o.blockSize, { min: 1 }, true);
  // resolveStop (inside the loop) checks that d divides dim, with a ShapeError.
  return runOptimizer(objective, theta0, new PerturbedRule(alpha, d), options, 'perturbedGd');
}
