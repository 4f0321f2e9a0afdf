/**
 * Teacher–student ReLU population loss in closed form (P4 / SS18): typed facade over the `ts*` kernels.
 *
 * F(W) = ½ E_{x~N(0,I_d)}[(Σ_{i≤n} [w_iᵀx]_+ − Σ_{j≤k} [v_jᵀx]_+)²]  — WITH the ½ (spec §4.1 normalisation trap).
 * Student W is n×d and teacher V is k×d, neurons as rows; θ = W row-major is neuron-major (block i = indices
 * i·d … (i+1)·d − 1), the Hessian layout of P4 Theorem 17.
 * Algorithm, closed forms and numerics: `assembly/models/teacherStudent.ts` (arc-cosine kernel κ, accurate angles
 * for nearly (anti)parallel pairs, degenerate-angle limits without special cases, exactly symmetric Hessian).
 * Complexity: loss+gradient O((n + k)²d); Hessian O(n(n + k)d²).
 * Zero student neurons: F is continuous but not differentiable at w_i = 0 (P4 Lemma 1). The loss accepts them
 * (κ(0, ·) = 0); the gradient and the Hessian refuse them with an ArgumentError (E_ARG_RANGE) naming the row, and
 * {@link teacherStudentZeroNeurons} reports them without throwing. A neuron counts as zero when its squared norm
 * is exactly 0 in floating point (all |w_il| ≲ 1e−162 underflow there too).
 * @see P4 Eqs. 10–11, 64–65, Theorem 17; SS18 §4.1.1; spec §4.2
 */

import { ctx } from '../backend.js';
import {
  type GdStatusName,
  GRAD_NORM_NAMES,
  type GradNormName,
  gdStatusName,
  gradNormCode,
} from '../codes.generated.js';
import { rangeError, shapeError, typeError } from '../errors.js';
import { checkFinite, checkMatrix, checkScalar, checkVector, type Matrix } from '../matrix.js';
import { Blocks, checkBytes, type GdIterationCap, gdMaxIters } from './common.js';

function checkPair(fn: string, W: Matrix, V: Matrix): { n: number; k: number; d: number } {
  checkMatrix(fn, 'W', W);
  checkMatrix(fn, 'V', V);
  if (W.cols !== V.cols) throw shapeError(fn, 'W.cols', `equal V.cols = ${V.cols}`, W.cols);
  checkFinite(fn, 'W.data', W.data);
  checkFinite(fn, 'V.data', V.data);
  const n = W.rows;
  const k = V.rows;
  const d = W.cols;
  checkBytes(fn, 'the teacher–student buffers', 8 * (3 * (n + k) * (d + 1) + 2 * d));
  return { n, k, d };
}

/**
 * Indices of the student neurons (rows of W) whose squared norm is exactly 0, where F is not differentiable.
 * @param W student weights n×d (neurons as rows)
 * @throws ArgumentError / ShapeError for a malformed matrix.
 * @example teacherStudentZeroNeurons(fromRows([[1, 0], [0, 0]])) // [1]
 */
export function teacherStudentZeroNeurons(W: Matrix): number[] {
  checkMatrix('teacherStudentZeroNeurons', 'W', W);
  const out: number[] = [];
  const { rows, cols, data } = W;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let l = 0; l < cols; l++) s += data[i * cols + l]! * data[i * cols + l]!;
    if (s === 0) out.push(i);
  }
  return out;
}

function refuseZero(fn: string, W: Matrix): void {
  const z = teacherStudentZeroNeurons(W);
  if (z.length > 0)
    throw rangeError(
      fn,
      `W row ${z[0]}`,
      'be a non-zero student neuron (F is not differentiable at w_i = 0; see teacherStudentZeroNeurons)',
      0,
    );
}

/**
 * Population loss F(W) (with the ½). Zero student neurons are allowed (κ(0, ·) = 0).
 * @param W student n×d (neurons as rows)
 * @param V teacher k×d (neurons as rows; P4/SS18 use the identity with d = k)
 * @throws ShapeError when W.cols ≠ V.cols; NonFiniteError for NaN/±Infinity; StateError before `init()`.
 * @see P4 Eqs. 64–65; spec §4.2
 * @example teacherStudentLoss(matrix(6, 6), identity(6)) // k/4 + k(k−1)/(4π) = 3.887324…
 */
export function teacherStudentLoss(W: Matrix, V: Matrix): number {
  const fn = 'teacherStudentLoss';
  const { n, k, d } = checkPair(fn, W, V);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pw = s.copyIn(W.data);
    const pv = s.copyIn(V.data);
    const pwork = s.bytes(c.k.tsWorkSize(n, k, d));
    return c.k.tsLossGrad(n, k, d, pw, pv, 0, pwork);
  } finally {
    s.dispose();
  }
}

/**
 * F(W) and its gradient ∂F/∂w_i = ½w_i + Σ_{i'≠i} g(w_i, w_i') − Σ_j g(w_i, v_j), written neuron-major into `grad`.
 * @param W student n×d; @param V teacher k×d; @param grad output of length n·d (allocated when omitted)
 * @returns `{ loss, grad }`
 * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero; ShapeError / NonFiniteError as
 * {@link teacherStudentLoss}; ShapeError for a grad of the wrong length.
 * @see P4 Eqs. 10–11; SS18 `findMinimum.m`
 * @example
 * const { loss, grad } = teacherStudentLossGrad(identity(3), identity(3)); // loss ≈ 0, grad ≈ 0 (global minimum)
 */
export function teacherStudentLossGrad(
  W: Matrix,
  V: Matrix,
  grad?: Float64Array,
): { loss: number; grad: Float64Array } {
  const fn = 'teacherStudentLossGrad';
  const { n, k, d } = checkPair(fn, W, V);
  if (grad !== undefined) checkVector(fn, 'grad', grad, n * d);
  refuseZero(fn, W);
  const g = grad ?? new Float64Array(n * d);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pw = s.copyIn(W.data);
    const pv = s.copyIn(V.data);
    const pg = s.f64(n * d);
    const pwork = s.bytes(c.k.tsWorkSize(n, k, d));
    const loss = c.k.tsLossGrad(n, k, d, pw, pv, pg, pwork);
    g.set(c.heap.f64(pg, n * d));
    return { loss, grad: g };
  } finally {
    s.dispose();
  }
}

/**
 * The exact Hessian ∇²F (nd×nd, neuron-major d×d blocks, exactly symmetric):
 * H_ii = ½I + Σ_{i'≠i} h_1(w_i, w_i') − Σ_j h_1(w_i, v_j), H_ii' = h_2(w_i, w_i'), with the degenerate-angle limits
 * h_1 → 0 (θ = 0, π), h_2 → ½I (θ = 0), h_2 → 0 (θ = π).
 * @throws ArgumentError (E_ARG_RANGE) for a zero student neuron or when (nd)² doubles exceed 1 GiB; ShapeError /
 * NonFiniteError as {@link teacherStudentLoss}.
 * @see P4 Theorem 17, Lemma 18; SS18 §4.1.1
 * @example teacherStudentHessian(identity(2), identity(2)) // λ_min = ¼ − 1/(2π) (P4 Lemma 20, Theorem 3)
 */
export function teacherStudentHessian(W: Matrix, V: Matrix): Matrix {
  const fn = 'teacherStudentHessian';
  const { n, k, d } = checkPair(fn, W, V);
  refuseZero(fn, W);
  const nd = n * d;
  checkBytes(fn, '(n·d)² Hessian entries', nd * nd * 8);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pw = s.copyIn(W.data);
    const pv = s.copyIn(V.data);
    const ph = s.f64(nd * nd);
    const pwork = s.bytes(c.k.tsWorkSize(n, k, d));
    c.k.tsHessian(n, k, d, pw, pv, ph, pwork);
    return { rows: nd, cols: nd, data: s.copyOut(ph, nd * nd) };
  } finally {
    s.dispose();
  }
}

/**
 * The Hessian-vector product ∇²F(W)·x without forming the Hessian (O((n + k)·n·d) instead of O((nd)²)): the blocks
 * of {@link teacherStudentHessian} applied pair by pair.
 * @param W student n×d; @param V teacher k×d; @param x direction (length n·d, neuron-major)
 * @param out optional output of length n·d
 * @throws ArgumentError (E_ARG_RANGE) for a zero student neuron; ShapeError / NonFiniteError as
 * {@link teacherStudentLoss} and for x/out of the wrong length or a non-finite x.
 * @see P4 Theorem 17
 * @example const Hx = teacherStudentHvp(W, identity(6), x);
 */
export function teacherStudentHvp(W: Matrix, V: Matrix, x: Float64Array, out?: Float64Array): Float64Array {
  const fn = 'teacherStudentHvp';
  const { n, k, d } = checkPair(fn, W, V);
  checkVector(fn, 'x', x, n * d);
  checkFinite(fn, 'x', x);
  if (out !== undefined) checkVector(fn, 'out', out, n * d);
  refuseZero(fn, W);
  const o = out ?? new Float64Array(n * d);
  const c = ctx(fn);
  const s = c.heap.scratch();
  try {
    const pw = s.copyIn(W.data);
    const pv = s.copyIn(V.data);
    const px = s.copyIn(x);
    const po = s.f64(n * d);
    const pwork = s.bytes(c.k.tsWorkSize(n, k, d));
    c.k.tsHvp(n, k, d, pw, pv, px, po, pwork);
    o.set(c.heap.f64(po, n * d));
    return o;
  } finally {
    s.dispose();
  }
}

/** Stopping rule of {@link TeacherStudentSession.gdSteps} (codes: codes/codes.json). */
export type GradNormRule = GradNormName;

/** Options of {@link TeacherStudentSession.gdSteps}. */
export type TeacherStudentGdOptions = GdIterationCap & {
  /** Step size η > 0 (SS18: 0.1; P4: 5/k). */
  step: number;
  /** Stop when the gradient norm is ≤ gradTol (default 0: never). SS18: 1e−9 (maxNeuron); P4: 1e−12 (frobenius). */
  gradTol?: number;
  /** Which norm `gradTol` and `divergeAbove` use (default 'frobenius'; SS18 uses 'maxNeuron', max_i ‖∂F/∂w_i‖). */
  gradNorm?: GradNormRule;
  /** Stop as diverging when the gradient norm exceeds this (default +Infinity; SS18 restarts at 1e4). */
  divergeAbove?: number;
  /**
   * Stop with status 'belowThreshold' as soon as F < lossBelow (default −Infinity: never). SS18 counts a run
   * ending below 1e−3 as global; with a stable step F is non-increasing, so stopping there changes no outcome.
   */
  lossBelow?: number;
};

/** Why {@link TeacherStudentSession.gdSteps} stopped (codes: codes/codes.json). */
export type TeacherStudentGdStatus = GdStatusName;

/** Outcome of {@link TeacherStudentSession.gdSteps}, at the final W. */
export interface TeacherStudentGdResult {
  loss: number;
  /** Gradient norm in the chosen rule (0 when status is 'zeroNeuron'). */
  gradNorm: number;
  /** Updates made. */
  iterations: number;
  status: TeacherStudentGdStatus;
}

/**
 * A teacher–student problem whose teacher, student weights and scratch stay resident in one backend, for GD
 * loops and repeated gradient calls without re-copying V.
 *
 * Runs on the backend active at creation, even if another is activated later. Free with {@link dispose}.
 * @example
 * using s = teacherStudentSession(identity(6), W0);
 * const r = s.gdSteps({ step: 0.1, maxIters: 100000, gradTol: 1e-9, gradNorm: 'maxNeuron', divergeAbove: 1e4 });
 */
export class TeacherStudentSession {
  /** Student neurons. */
  readonly n: number;
  /** Teacher neurons. */
  readonly k: number;
  /** Input dimension. */
  readonly d: number;
  private readonly mem: Blocks;
  private readonly pw: number;
  private readonly pv: number;
  private readonly pg: number;
  private readonly pout: number;
  private readonly pwork: number;
  private ph = 0;

  /** @internal use {@link teacherStudentSession}. */
  constructor(V: Matrix, W0: Matrix) {
    const fn = 'teacherStudentSession';
    const { n, k, d } = checkPair(fn, W0, V);
    this.n = n;
    this.k = k;
    this.d = d;
    const m = new Blocks(fn);
    this.mem = m;
    this.pw = m.f64(n * d);
    this.pv = m.f64(k * d);
    this.pg = m.f64(n * d);
    this.pout = m.f64(3);
    this.pwork = m.bytes(m.c.k.tsWorkSize(n, k, d));
    m.c.heap.f64(this.pw, n * d).set(W0.data);
    m.c.heap.f64(this.pv, k * d).set(V.data);
  }

  /** The backend this session runs on. */
  get backend(): string {
    return this.mem.c.name;
  }

  /** True after {@link dispose}. */
  get disposed(): boolean {
    return this.mem.disposed;
  }

  /** The current W (n×d, neurons as rows) as a flat copy, into `out` when given. */
  weights(out?: Float64Array): Float64Array {
    const fn = 'TeacherStudentSession.weights';
    this.mem.check(fn);
    if (out !== undefined) checkVector(fn, 'out', out, this.n * this.d);
    const dst = out ?? new Float64Array(this.n * this.d);
    dst.set(this.mem.c.heap.f64(this.pw, this.n * this.d));
    return dst;
  }

  /** Replaces W (flat n·d, neuron-major). @throws ShapeError / NonFiniteError; StateError after dispose. */
  setWeights(W: Float64Array): void {
    const fn = 'TeacherStudentSession.setWeights';
    this.mem.check(fn);
    checkVector(fn, 'W', W, this.n * this.d);
    checkFinite(fn, 'W', W);
    this.mem.c.heap.f64(this.pw, this.n * this.d).set(W);
  }

  /** F at the current W. */
  loss(): number {
    this.mem.check('TeacherStudentSession.loss');
    const { n, k, d } = this;
    return this.mem.c.k.tsLossGrad(n, k, d, this.pw, this.pv, 0, this.pwork);
  }

  /**
   * F and ∇F at the current W; the gradient goes to `grad` (length n·d).
   * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero; ShapeError for a wrong length.
   */
  lossGrad(grad: Float64Array): number {
    const fn = 'TeacherStudentSession.lossGrad';
    this.mem.check(fn);
    const { n, k, d } = this;
    checkVector(fn, 'grad', grad, n * d);
    const h = this.mem.c.heap;
    const w = h.f64(this.pw, n * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += w[i * d + l]! * w[i * d + l]!;
      if (s === 0)
        throw rangeError(
          fn,
          `W row ${i}`,
          'be a non-zero student neuron (F is not differentiable at w_i = 0)',
          0,
        );
    }
    const loss = this.mem.c.k.tsLossGrad(n, k, d, this.pw, this.pv, this.pg, this.pwork);
    grad.set(h.f64(this.pg, n * d));
    return loss;
  }

  /**
   * Runs GD on F in one kernel call: up to `maxIters` updates W ← W − η∇F, stopping on the gradient-norm rule, on
   * divergence, below the loss threshold, on a zero neuron or on non-finite values (the status says which); `steps`
   * of the result is the exact number of updates made.
   * @throws ArgumentError (E_ARG_RANGE / E_ARG_TYPE) for a bad option; StateError after dispose.
   * @see spec §4.4 (SS18 and P4 protocols)
   */
  gdSteps(opts: TeacherStudentGdOptions): TeacherStudentGdResult {
    const fn = 'TeacherStudentSession.gdSteps';
    this.mem.check(fn);
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    checkScalar(fn, 'opts.step', opts.step);
    if (!(opts.step > 0)) throw rangeError(fn, 'opts.step', 'be positive', opts.step);
    const maxIters = gdMaxIters(fn, opts);
    const gtol = opts.gradTol ?? 0;
    checkScalar(fn, 'opts.gradTol', gtol);
    if (gtol < 0) throw rangeError(fn, 'opts.gradTol', 'be non-negative', gtol);
    const rule = opts.gradNorm ?? 'frobenius';
    if (!(GRAD_NORM_NAMES as readonly string[]).includes(rule))
      throw rangeError(fn, 'opts.gradNorm', `be one of ${GRAD_NORM_NAMES.join(', ')}`, rule);
    const gmax = opts.divergeAbove ?? Number.POSITIVE_INFINITY;
    if (typeof gmax !== 'number' || Number.isNaN(gmax) || !(gmax > 0))
      throw rangeError(fn, 'opts.divergeAbove', 'be a positive number or Infinity', gmax);
    const floss = opts.lossBelow ?? Number.NEGATIVE_INFINITY;
    if (typeof floss !== 'number' || Number.isNaN(floss) || floss === Number.POSITIVE_INFINITY)
      throw rangeError(fn, 'opts.lossBelow', 'be a number or -Infinity', floss);
    const { n, k, d } = this;
    const c = this.mem.c;
    const loss = c.k.tsGdSteps(
      n,
      k,
      d,
      this.pw,
      this.pv,
      opts.step,
      maxIters,
      gtol,
      gradNormCode(rule),
      gmax,
      floss,
      this.pout,
      this.pwork,
    );
    const out = c.heap.f64(this.pout, 3);
    return { loss, gradNorm: out[0]!, iterations: out[1]!, status: gdStatusName(out[2]!) };
  }

  /**
   * The Hessian at the current W (allocated in this session's memory on first use, kept until dispose).
   * @throws ArgumentError (E_ARG_RANGE) for a zero student neuron.
   */
  hessian(): Matrix {
    const fn = 'TeacherStudentSession.hessian';
    this.mem.check(fn);
    const { n, k, d } = this;
    const nd = n * d;
    checkBytes(fn, '(n·d)² Hessian entries', nd * nd * 8);
    refuseZero(fn, { rows: n, cols: d, data: this.weights() });
    if (this.ph === 0) this.ph = this.mem.f64(nd * nd);
    const c = this.mem.c;
    c.k.tsHessian(n, k, d, this.pw, this.pv, this.ph, this.pwork);
    return { rows: nd, cols: nd, data: c.heap.f64(this.ph, nd * nd).slice() };
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
 * Creates a {@link TeacherStudentSession} on the active backend (V and W0 are copied).
 * @param V teacher k×d; @param W0 initial student n×d
 * @throws ShapeError when W0.cols ≠ V.cols; NonFiniteError for NaN/±Infinity; StateError before `init()`.
 * @see spec §4.4
 * @example using s = teacherStudentSession(identity(6), W0); s.gdSteps({ step: 0.1, maxIters: 1000 });
 */
export function teacherStudentSession(V: Matrix, W0: Matrix): TeacherStudentSession {
  return new TeacherStudentSession(V, W0);
}
