/**
 * Shallow network with a fixed output layer (P3 §3.1): typed facade over the `shallow*` kernels.
 *
 * Model: f(x) = vᵀφ(Wx) with W ∈ R^{k×d} trained (row-major, `W[j·d + l]`), v ∈ R^k fixed; data X ∈ R^{n×d}
 * (rows are samples), y ∈ R^n; loss L(W) = ½‖φ(XWᵀ)v − y‖² (one half, a sum over samples, not a mean).
 * Algorithm and numerics: `assembly/models/shallow.ts` (fused forward/backward, f64x2, fixed summation order, so
 * repeated calls are bitwise identical). Complexity: 4nkd flops per loss-and-gradient.
 *
 * Two levels, as for every core-math kernel: {@link shallowNetLossGrad} copies its inputs in and out on each call;
 * {@link ShallowNetSession} keeps X, y, v and W resident for hot loops ({@link ShallowNetSession.gdSteps} runs
 * thousands of GD steps in one kernel call).
 * @see P3 §3.1 (model, loss, gradient), spec §3.4 (the phase-transition protocol these kernels serve)
 */
import { ACTIVATIONS, type Activation, activationCode } from '../abi/elementwise.js';
import { ctx } from '../backend.js';
import { checkNumber, checkOneOf, NON_NEGATIVE, POSITIVE } from '../check.js';
import { typeError } from '../errors.js';
import { checkFinite, checkMatrix, checkVector, type Matrix } from '../matrix.js';
import { Blocks, checkBytes, type GdIterationCap, gdMaxIters } from './common.js';

/** Data and fixed parts of a P3 shallow network. */
export interface ShallowNetData {
  /** Inputs, n×d, one sample per row (P3 normalises rows to unit norm; not required here). */
  readonly X: Matrix;
  /** Labels, length n. */
  readonly y: Float64Array;
  /** Fixed output weights, length k (P3: ±ν with balanced signs). */
  readonly v: Float64Array;
  /** Hidden activation φ. relu uses relu′(0) = 0. */
  readonly activation: Activation;
}

/** Options of {@link ShallowNetSession.gdSteps}. */
export type ShallowGdOptions = GdIterationCap & {
  /** Step size η > 0. */
  step: number;
  /** Stop as soon as ‖r‖ = ‖φ(XWᵀ)v − y‖ ≤ residualTol (absolute; default 0 = never stop early). */
  residualTol?: number;
};

/** Outcome of {@link ShallowNetSession.gdSteps}; all values are at the final W. */
export interface ShallowGdResult {
  /** L(W) = ½‖r‖². */
  loss: number;
  /** ‖r‖₂. */
  residualNorm: number;
  /** Number of updates made (< `maxIters` when the tolerance was met or the loss stopped being finite). */
  iterations: number;
}

interface Dims {
  n: number;
  d: number;
  k: number;
  act: number;
}

function checkData(fn: string, data: ShallowNetData): Dims {
  if (data === null || typeof data !== 'object')
    throw typeError(fn, 'data', 'be a ShallowNetData object', data);
  checkMatrix(fn, 'data.X', data.X);
  const n = data.X.rows;
  const d = data.X.cols;
  checkVector(fn, 'data.y', data.y, n);
  checkVector(fn, 'data.v', data.v);
  const k = data.v.length;
  checkOneOf(fn, 'data.activation', data.activation, ACTIVATIONS);
  checkFinite(fn, 'data.X.data', data.X.data);
  checkFinite(fn, 'data.y', data.y);
  checkFinite(fn, 'data.v', data.v);
  checkBytes(fn, 'n·d + n·k + k·d', 8 * (n * d + n * k + 2 * k * d + 2 * n));
  return { n, d, k, act: activationCode(data.activation) };
}

function checkWeights(fn: string, W: unknown, k: number, d: number): asserts W is Float64Array {
  checkVector(fn, 'W', W, k * d);
  checkFinite(fn, 'W', W);
}

/**
 * L(W) = ½‖φ(XWᵀ)v − y‖² and, optionally, ∇_W L and the residual r = φ(XWᵀ)v − y.
 * @param data X (n×d), y (n), v (k), activation
 * @param W hidden weights k×d, row-major (θ = W), length k·d
 * @param grad optional output, length k·d: ∇L = Σ_i r_i (v ⊙ φ′(Wx_i)) x_iᵀ
 * @param residual optional output, length n
 * @returns the loss
 * @throws ShapeError (E_SHAPE) when lengths disagree; ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a bad data
 * object or activation; NonFiniteError (E_NONFINITE) for NaN/±Infinity in X, y, v or W; StateError before `init()`.
 * @see P3 §3.1
 * @example
 * const data = { X: fromRows([[1, 0], [0, 1]]), y: Float64Array.of(1, -1), v: Float64Array.of(1, -1), activation: 'relu' };
 * const g = new Float64Array(4);
 * shallowNetLossGrad(data, Float64Array.of(1, 0, 0, 1), g); // 0.5·((1−0)−1)² + 0.5·((0−1)+1)² = 0
 */
export function shallowNetLossGrad(
  data: ShallowNetData,
  W: Float64Array,
  grad?: Float64Array,
  residual?: Float64Array,
): number {
  const fn = 'shallowNetLossGrad';
  const { n, d, k, act } = checkData(fn, data);
  checkWeights(fn, W, k, d);
  if (grad !== undefined) checkVector(fn, 'grad', grad, k * d);
  if (residual !== undefined) checkVector(fn, 'residual', residual, n);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const px = s.copyIn(data.X.data);
    const py = s.copyIn(data.y);
    const pv = s.copyIn(data.v);
    const pw = s.copyIn(W);
    const pg = grad ? s.f64(k * d) : 0;
    const pr = residual ? s.f64(n) : 0;
    const pwork = s.bytes(c.k.shallowWorkSize(n, d, k));
    const loss = c.k.shallowLossGrad(act, n, d, k, px, py, pv, pw, pr, pg, pwork);
    if (grad) grad.set(c.heap.f64(pg, k * d));
    if (residual) residual.set(c.heap.f64(pr, n));
    return loss;
  } finally {
    s.dispose();
  }
}

/**
 * A shallow network whose data and weights stay in the linear memory of one backend, for hot loops.
 *
 * The session runs on the backend that was active when it was created, even if another backend is made active
 * later (this is what lets a benchmark interleave a wasm and a reference session). Free it with
 * {@link ShallowNetSession.dispose} (or `using`).
 * @example
 * using s = shallowNetSession(data, W0);
 * const r = s.gdSteps({ step: 0.1, maxIters: 5000, residualTol: 1e-3 * norm(y) });
 * const W = s.weights();
 */
export class ShallowNetSession {
  /** Samples. */
  readonly n: number;
  /** Input dimension. */
  readonly d: number;
  /** Hidden width. */
  readonly k: number;
  /** Activation. */
  readonly activation: Activation;
  private readonly act: number;
  private readonly mem: Blocks;
  private readonly px: number;
  private readonly py: number;
  private readonly pv: number;
  private readonly pw: number;
  private readonly pg: number;
  private readonly pr: number;
  private readonly pout: number;
  private readonly pwork: number;

  /** @internal use {@link shallowNetSession}. */
  constructor(data: ShallowNetData, W0: Float64Array) {
    const fn = 'shallowNetSession';
    const { n, d, k, act } = checkData(fn, data);
    checkWeights(fn, W0, k, d);
    this.n = n;
    this.d = d;
    this.k = k;
    this.act = act;
    this.activation = data.activation;
    const m = new Blocks(fn);
    this.mem = m;
    const h = m.c.heap;
    this.px = m.f64(n * d);
    this.py = m.f64(n);
    this.pv = m.f64(k);
    this.pw = m.f64(k * d);
    this.pg = m.f64(k * d);
    this.pr = m.f64(n);
    this.pout = m.f64(2);
    this.pwork = m.bytes(m.c.k.shallowWorkSize(n, d, k));
    h.f64(this.px, n * d).set(data.X.data);
    h.f64(this.py, n).set(data.y);
    h.f64(this.pv, k).set(data.v);
    h.f64(this.pw, k * d).set(W0);
  }

  /** The backend this session runs on. */
  get backend(): string {
    return this.mem.c.name;
  }

  /** True after {@link dispose}. */
  get disposed(): boolean {
    return this.mem.disposed;
  }

  /** Copies the current W (k×d row-major) out, into `out` when given. */
  weights(out?: Float64Array): Float64Array {
    const fn = 'ShallowNetSession.weights';
    this.mem.check(fn);
    if (out !== undefined) checkVector(fn, 'out', out, this.k * this.d);
    const dst = out ?? new Float64Array(this.k * this.d);
    dst.set(this.mem.c.heap.f64(this.pw, this.k * this.d));
    return dst;
  }

  /** Replaces W. @throws ShapeError / NonFiniteError for a bad W; StateError (E_DISPOSED) after dispose. */
  setWeights(W: Float64Array): void {
    const fn = 'ShallowNetSession.setWeights';
    this.mem.check(fn);
    checkWeights(fn, W, this.k, this.d);
    this.mem.c.heap.f64(this.pw, this.k * this.d).set(W);
  }

  /**
   * L at the current W; writes ∇L (k·d) into `grad` and r (n) into `residual` when given.
   * @throws ShapeError for wrong output lengths; StateError (E_DISPOSED) after dispose.
   */
  lossGrad(grad?: Float64Array, residual?: Float64Array): number {
    const fn = 'ShallowNetSession.lossGrad';
    this.mem.check(fn);
    const { n, d, k } = this;
    if (grad !== undefined) checkVector(fn, 'grad', grad, k * d);
    if (residual !== undefined) checkVector(fn, 'residual', residual, n);
    const c = this.mem.c;
    const loss = c.k.shallowLossGrad(
      this.act,
      n,
      d,
      k,
      this.px,
      this.py,
      this.pv,
      this.pw,
      residual ? this.pr : 0,
      grad ? this.pg : 0,
      this.pwork,
    );
    if (grad) grad.set(c.heap.f64(this.pg, k * d));
    if (residual) residual.set(c.heap.f64(this.pr, n));
    return loss;
  }

  /**
   * Runs up to `maxIters` full-batch GD updates W ← W − η∇L(W) in one kernel call (no per-step boundary crossing).
   * @throws ArgumentError (E_ARG_RANGE) for a non-positive or non-finite step, a negative or non-integer step
   * count, or a negative tolerance; StateError (E_DISPOSED) after dispose.
   * @see P3 §3.1 (GD), spec §3.4 (success criterion ‖r‖/‖y‖ < 1e−3)
   */
  gdSteps(opts: ShallowGdOptions): ShallowGdResult {
    const fn = 'ShallowNetSession.gdSteps';
    this.mem.check(fn);
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    checkNumber(fn, 'opts.step', opts.step, POSITIVE);
    const maxIters = gdMaxIters(fn, opts);
    const tol = opts.residualTol ?? 0;
    checkNumber(fn, 'opts.residualTol', tol, NON_NEGATIVE);
    const c = this.mem.c;
    const loss = c.k.shallowGdSteps(
      this.act,
      this.n,
      this.d,
      this.k,
      this.px,
      this.py,
      this.pv,
      this.pw,
      opts.step,
      maxIters,
      tol,
      this.pout,
      this.pwork,
    );
    const out = c.heap.f64(this.pout, 2);
    return { loss, residualNorm: out[0]!, iterations: out[1]! };
  }

  /** Frees the memory; later calls throw E_DISPOSED. Idempotent. */
  dispose(): void {
    this.mem.release();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates a {@link ShallowNetSession} on the active backend with the given data and initial weights (copied).
 * @throws as {@link shallowNetLossGrad}; ShapeError when W0 does not have k·d entries.
 * @see P3 §3.1
 * @example
 * using s = shallowNetSession(data, W0);
 * s.gdSteps({ step: 0.5, maxIters: 1000 });
 */
export function shallowNetSession(data: ShallowNetData, W0: Float64Array): ShallowNetSession {
  return new ShallowNetSession(data, W0);
}
