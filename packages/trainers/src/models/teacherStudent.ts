/**
 * The P4 / SS18 teacher–student ReLU network as objectives: the closed-form population loss, and the same model on
 * a finite Gaussian sample (for Monte Carlo checks of the closed form).
 *
 * Population: F(W) = ½ E_{x~N(0,I_d)}[(Σ_{i≤n} [w_iᵀx]_+ − Σ_{j≤k} [v_jᵀx]_+)²] — WITH the ½ (spec §4.1). Letters as
 * in P4: n student neurons, k teacher neurons, d input dimension. θ = W with student neurons as rows, n×d
 * row-major, i.e. neuron-major (block i = θ[i·d … (i+1)·d − 1]), the layout of the Hessian in P4 Theorem 17.
 * Loss, gradient and Hessian run in core-math's wasm kernels (O((n+k)²d) and O(n(n+k)d²)); see
 * `assembly/models/teacherStudent.ts` there for the closed forms and the numerics (accurate angles near 0 and π,
 * degenerate limits h_1 → 0, h_2 → ½I at θ = 0, h_2 → 0 at θ = π).
 *
 * Zero student neurons (‖w_i‖² = 0): F is not differentiable there (P4 Lemma 1). `loss` accepts them;
 * `grad`, `hessian` and `hvp` throw an ArgumentError with code E_ARG_RANGE naming the row, and
 * {@link TeacherStudent.zeroNeurons} lists them without throwing. No silent differentiation at 0.
 * @see P4 Eqs. 2, 10–11, 64–65, Theorem 17; SS18; spec §4.1–4.2, §5
 */
import {
  checkFinite,
  checkMatrix,
  checkSize,
  checkVector,
  identity,
  type Matrix,
  type Objective,
  rangeError,
  shapeError,
  type TeacherStudentSession,
  teacherStudentHessian,
  teacherStudentHvp,
  teacherStudentLoss,
  teacherStudentLossGrad,
  teacherStudentSession,
  teacherStudentZeroNeurons,
  typeError,
} from '@landscape-lab/core-math';
import { teacherOutputs } from '../data/index.js';
import { checkTheta } from './internal.js';
import { ShallowNet } from './shallowNet.js';

/** Options of {@link teacherStudent}. */
export interface TeacherStudentOptions {
  /** Student width n (P4's n). */
  n: number;
  /** Teacher k×d (neurons as rows). Default: the identity I_k with d = k (P4 and SS18 experiments). */
  V?: Matrix;
  /** Teacher width k when V is not given. */
  k?: number;
}

function resolveTeacher(fn: string, opts: TeacherStudentOptions): { V: Matrix; n: number } {
  if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
  checkSize(fn, 'opts.n', opts.n);
  let V: Matrix;
  if (opts.V !== undefined) {
    checkMatrix(fn, 'opts.V', opts.V);
    if (opts.k !== undefined && opts.k !== opts.V.rows)
      throw rangeError(fn, 'opts.k', `equal V.rows = ${opts.V.rows}`, opts.k);
    V = { rows: opts.V.rows, cols: opts.V.cols, data: opts.V.data.slice() };
  } else {
    if (opts.k === undefined) throw typeError(fn, 'opts.k', 'be given when opts.V is not', undefined);
    checkSize(fn, 'opts.k', opts.k);
    V = identity(opts.k);
  }
  return { V, n: opts.n };
}

/**
 * The closed-form teacher–student population loss F (with the ½), implementing `Objective` (θ = W, n×d neuron-major).
 * `minValue` is 0 when n ≥ k (F(W) = 0 at W = V padded with split or extra neurons), absent otherwise.
 * @example
 * const ts = teacherStudent({ n: 6, k: 6 });        // V = I_6, d = 6
 * ts.loss(new Float64Array(36));                   // F(0) = 6/4 + 30/(4π) = 3.887324
 * const g = new Float64Array(36);
 * ts.grad(identity(6).data, g);                    // 0 at the global minimum W = V
 */
export class TeacherStudent implements Objective {
  readonly dim: number;
  readonly name: string;
  /** Student neurons n. */
  readonly n: number;
  /** Teacher neurons k. */
  readonly k: number;
  /** Input dimension d. */
  readonly d: number;
  /** Teacher k×d (a copy). */
  readonly V: Matrix;
  readonly minValue?: number;

  /** @internal use {@link teacherStudent}. */
  constructor(opts: TeacherStudentOptions) {
    const { V, n } = resolveTeacher('teacherStudent', opts);
    checkFinite('teacherStudent', 'opts.V.data', V.data);
    this.V = V;
    this.n = n;
    this.k = V.rows;
    this.d = V.cols;
    this.dim = n * this.d;
    this.name = `teacher-student(k=${this.k},n=${n},d=${this.d})`;
    if (n >= this.k) this.minValue = 0;
  }

  private W(fn: string, theta: Float64Array): Matrix {
    checkTheta(fn, theta, this.dim);
    return { rows: this.n, cols: this.d, data: theta };
  }

  /** F(θ) (zero neurons allowed). */
  loss(theta: Float64Array): number {
    return teacherStudentLoss(this.W('TeacherStudent.loss', theta), this.V);
  }

  /**
   * Writes ∇F(θ) (neuron-major) into `grad` and returns F(θ).
   * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero.
   */
  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'TeacherStudent.grad';
    const W = this.W(fn, theta);
    checkVector(fn, 'grad', grad, this.dim);
    return teacherStudentLossGrad(W, this.V, grad).loss;
  }

  /**
   * The exact Hessian (nd×nd, neuron-major blocks, exactly symmetric).
   * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero.
   */
  hessian(theta: Float64Array): Matrix {
    return teacherStudentHessian(this.W('TeacherStudent.hessian', theta), this.V);
  }

  /**
   * out = ∇²F(θ)·v without forming the Hessian (core-math `teacherStudentHvp`, O((n + k)·n·d)).
   * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero.
   */
  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const fn = 'TeacherStudent.hvp';
    const W = this.W(fn, theta);
    checkTheta(fn, v, this.dim, 'v');
    checkVector(fn, 'out', out, this.dim);
    teacherStudentHvp(W, this.V, v, out);
  }

  /** Indices of the zero student neurons (where F is not differentiable); never throws for them. */
  zeroNeurons(theta: Float64Array): number[] {
    return teacherStudentZeroNeurons(this.W('TeacherStudent.zeroNeurons', theta));
  }

  /**
   * The diagonal d×d blocks of the Hessian, H_ii, or H′_ii = H_ii − ½I when `shifted` (P4 Section 4: a negative
   * eigenvalue of H′_ii makes splitting neuron i a saddle).
   * @throws ArgumentError (E_ARG_RANGE) when a student neuron is zero.
   * @see P4 Lemma 28, Theorem 16
   */
  diagonalBlocks(theta: Float64Array, shifted = false): Matrix[] {
    const H = this.hessian(theta);
    return hessianDiagonalBlocks(H, this.n, this.d, shifted);
  }

  /** A resident core-math session (GD in one wasm call) starting at θ0 on the active backend. Dispose it. */
  session(theta0: Float64Array): TeacherStudentSession {
    return teacherStudentSession(this.V, this.W('TeacherStudent.session', theta0));
  }
}

/**
 * The diagonal d×d blocks H_ii of a neuron-major Hessian (nd×nd), optionally shifted by −½I (P4's H′_ii).
 * @throws ShapeError when H is not (n·d)×(n·d).
 * @see P4 Section 4 (H′_ii := H_ii − ½I)
 * @example const Hp = teacherStudentHessianBlocks(ts.hessian(theta), ts.n, ts.d, true);
 */
export function teacherStudentHessianBlocks(H: Matrix, n: number, d: number, shifted = false): Matrix[] {
  const fn = 'teacherStudentHessianBlocks';
  checkMatrix(fn, 'H', H);
  checkSize(fn, 'n', n);
  checkSize(fn, 'd', d);
  if (H.rows !== n * d || H.cols !== n * d) throw shapeError(fn, 'H', `be ${n * d}×${n * d}`, H);
  return hessianDiagonalBlocks(H, n, d, shifted);
}

function hessianDiagonalBlocks(H: Matrix, n: number, d: number, shifted: boolean): Matrix[] {
  const nd = n * d;
  const out: Matrix[] = [];
  for (let i = 0; i < n; i++) {
    const B = new Float64Array(d * d);
    for (let r = 0; r < d; r++)
      for (let c = 0; c < d; c++)
        B[r * d + c] = H.data[(i * d + r) * nd + i * d + c]! - (shifted && r === c ? 0.5 : 0);
    out.push({ rows: d, cols: d, data: B });
  }
  return out;
}

/**
 * Builds the population teacher–student objective.
 * @throws ArgumentError (E_ARG_TYPE) when neither V nor k is given; E_ARG_RANGE for bad sizes or k ≠ V.rows;
 * NonFiniteError for a non-finite teacher.
 * @see P4 §2 (Eq. 2 with the ½ of its gradient formulas), SS18
 * @example const ts = teacherStudent({ n: 7, k: 6 }); // mildly over-parameterised student, V = I_6
 */
export function teacherStudent(opts: TeacherStudentOptions): TeacherStudent {
  return new TeacherStudent(opts);
}

/** Options of {@link empiricalTeacherStudent}. */
export interface EmpiricalTeacherStudentOptions extends TeacherStudentOptions {
  /** The sample, m×d, one draw x_s ~ N(0, I_d) per row (see `gaussianMatrix`). */
  X: Matrix;
}

/**
 * The teacher–student model on a finite sample: F̂(W) = ½·(1/m)Σ_s (Σ_i [w_iᵀx_s]_+ − Σ_j [v_jᵀx_s]_+)², the
 * Monte Carlo estimate of F. It is a {@link ShallowNet} with relu, v = 1 (all ones), labels = the teacher's outputs
 * and `reduction: 'mean'`, so it runs the same wasm kernel; θ = W (n×d neuron-major), as for the population loss.
 * Its components are the per-sample terms ½r_s² (their mean is F̂ exactly), whose spread gives the Monte Carlo
 * standard error of F̂ as an estimate of F.
 * @throws as {@link teacherStudent}; ShapeError when X.cols ≠ d.
 * @see spec §4.2 ("κ matches a 2·10⁶-sample Monte Carlo estimate to about 0.2%")
 * @example
 * const emp = empiricalTeacherStudent({ n: 4, k: 3, X: gaussianMatrix(new Rng(5), 100000, 3) });
 */
export function empiricalTeacherStudent(opts: EmpiricalTeacherStudentOptions): ShallowNet {
  const fn = 'empiricalTeacherStudent';
  const { V, n } = resolveTeacher(fn, opts);
  checkMatrix(fn, 'opts.X', opts.X);
  if (opts.X.cols !== V.cols) throw shapeError(fn, 'opts.X.cols', `equal d = ${V.cols}`, opts.X.cols);
  const y = teacherOutputs(V, opts.X);
  const net = new ShallowNet({
    X: opts.X,
    y,
    v: new Float64Array(n).fill(1),
    activation: 'relu',
    reduction: 'mean',
    name: `empirical-teacher-student(k=${V.rows},n=${n},d=${V.cols},m=${opts.X.rows})`,
  });
  return net;
}
