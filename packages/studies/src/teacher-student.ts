/**
 * Shared helpers for the teacher–student studies (spec §4): the teacher V = [I_k 0] (v_j = e_j, d ≥ k), Hessian
 * facts at a point (spectrum, inertia with its tolerance, the blocks H′_ii = H_ii − ½I of P4 Lemma 28), and the
 * neuron split w(α, i) of P4 §4.
 */
import {
  type Matrix,
  matrix,
  type Objective,
  rangeError,
  symEigen,
  teacherStudentHessian,
  teacherStudentLoss,
  teacherStudentLossGrad,
  typeError,
} from '@landscape-lab/core-math';
import { eyeRows, flat, rows } from './validate.js';

/** The teacher used by SS18 and P4: k×d with v_j = e_j (V = I when d = k). */
export function teacherMatrix(k: number, d: number): Matrix {
  const V = matrix(k, d);
  for (let j = 0; j < k; j++) V.data[j * d + j] = 1;
  return V;
}

/** What the Hessian says about a point. */
export interface HessianFacts {
  /** All eigenvalues, ascending. */
  eigenvalues: number[];
  lambdaMin: number;
  lambdaMax: number;
  /**
   * |λ| ≤ tolerance counts as zero: 64·N·ε·max|λ| with N = dim, the backward-error bound of a symmetric
   * eigensolver (|λ̂ − λ| ≤ c·N·ε·‖H‖₂, Golub & Van Loan §8.1) with c = 64.
   */
  tolerance: number;
  inertia: { negative: number; zero: number; positive: number };
  /** λ_min of each diagonal block H′_ii = H_ii − ½I (P4 Lemma 28), per student neuron. */
  blockMinEigs: number[];
  /** Every H′_ii has an eigenvalue < −tolerance (spec §4.5: splitting any neuron then gives a saddle). */
  allBlocksIndefinite: boolean;
}

/**
 * Spectrum, inertia and the P4 block test of a teacher–student Hessian (N = n·d, neuron-major blocks).
 * @param H the N×N Hessian; @param n student neurons; @param d input dimension.
 */
export function tsHessianFacts(H: Matrix, n: number, d: number): HessianFacts {
  const N = H.rows;
  const ev = symEigen(H, { vectors: false, check: false }).values;
  const eigenvalues = Array.from(ev);
  const lambdaMin = N ? ev[0]! : Number.NaN;
  const lambdaMax = N ? ev[N - 1]! : Number.NaN;
  const scale = N ? Math.max(Math.abs(lambdaMin), Math.abs(lambdaMax)) : 0;
  const tolerance = 64 * N * Number.EPSILON * scale;
  const inertia = { negative: 0, zero: 0, positive: 0 };
  for (const l of eigenvalues) {
    if (l < -tolerance) inertia.negative++;
    else if (l > tolerance) inertia.positive++;
    else inertia.zero++;
  }
  const blockMinEigs: number[] = [];
  for (let i = 0; i < n; i++) blockMinEigs.push(blockPrime(H, i, d).min);
  return {
    eigenvalues,
    lambdaMin,
    lambdaMax,
    tolerance,
    inertia,
    blockMinEigs,
    allBlocksIndefinite: blockMinEigs.every((l) => l < -tolerance),
  };
}

/** H′_ii = H_ii − ½I for neuron i: its smallest eigenvalue and a unit eigenvector for it. */
export function blockPrime(H: Matrix, i: number, d: number): { min: number; vector: Float64Array } {
  const N = H.cols;
  const B = matrix(d, d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++)
      B.data[a * d + b] = H.data[(i * d + a) * N + i * d + b]! - (a === b ? 0.5 : 0);
  // Symmetrise (the Hessian kernel is symmetric up to rounding).
  for (let a = 0; a < d; a++)
    for (let b = 0; b < a; b++) {
      const m = (B.data[a * d + b]! + B.data[b * d + a]!) / 2;
      B.data[a * d + b] = m;
      B.data[b * d + a] = m;
    }
  const e = symEigen(B);
  const v = new Float64Array(d);
  for (let a = 0; a < d; a++) v[a] = e.vectors!.data[a * d]!;
  return { min: e.values[0]!, vector: v };
}

/** Classification from an inertia (tolerances already applied). */
export function classify(
  inertia: { negative: number; zero: number; positive: number },
  gradNorm: number,
  gradTol: number,
): 'non-critical' | 'strict-local-min' | 'local-max' | 'strict-saddle' | 'degenerate' {
  if (!(gradNorm <= gradTol)) return 'non-critical';
  if (inertia.negative > 0 && inertia.positive > 0) return 'strict-saddle';
  if (inertia.negative > 0 && inertia.positive === 0 && inertia.zero === 0) return 'local-max';
  if (inertia.negative === 0 && inertia.zero === 0) return 'strict-local-min';
  return 'degenerate';
}

/**
 * Splits student neuron i of W (n×d rows) into αw_i and (1 − α)w_i, appended as rows i and n (P4 §4, w(α, i)).
 * @returns the (n+1)×d point as rows.
 */
export function splitNeuron(W: readonly (readonly number[])[], i: number, alpha: number): number[][] {
  const out = W.map((r) => [...r]);
  out[i] = W[i]!.map((x) => alpha * x);
  out.push(W[i]!.map((x) => (1 - alpha) * x));
  return out;
}

/**
 * The teacher–student population loss as an {@link Objective} over θ = vec(W) (n×d, neuron-major), built on the
 * core-math closed forms (loss, gradient, exact Hessian).
 * @param V teacher k×d; @param n student width.
 */
export function tsObjective(V: Matrix, n: number): Objective {
  const d = V.cols;
  const Wof = (theta: Float64Array): Matrix => ({ rows: n, cols: d, data: theta });
  return {
    dim: n * d,
    name: `teacher-student(k=${V.rows},n=${n},d=${d})`,
    loss: (theta) => teacherStudentLoss(Wof(theta), V),
    grad: (theta, grad) => teacherStudentLossGrad(Wof(theta), V, grad).loss,
    hessian: (theta) => teacherStudentHessian(Wof(theta), V),
  };
}

/** Validated input of the point-based teacher–student studies. */
export interface TsPointInput {
  /** Student neurons as rows (n×d). */
  W?: number[][];
  /** Teacher neurons as rows (k×d); default the d×d identity. */
  V?: number[][] | null;
}

/** Validates W (n×d, finite, no zero neuron) and V (k×d, default I_d). */
export function resolveTsPoint(fn: string, input: TsPointInput): { W: number[][]; V: number[][] } {
  if (!input || input.W === undefined)
    throw typeError(fn, 'W', 'be given (student neurons as rows, number[][])', undefined);
  const W = rows(fn, 'W', input.W);
  const d = W[0]!.length;
  const V = input.V === undefined || input.V === null ? eyeRows(d) : rows(fn, 'V', input.V, d);
  W.forEach((r, i) => {
    if (r.every((x) => x === 0))
      throw rangeError(
        fn,
        `W[${i}]`,
        'be a non-zero student neuron (F is not differentiable at w_i = 0)',
        'all zeros',
      );
  });
  return { W, V };
}

/** Row arrays → Matrix. */
export function toMatrix(m: readonly (readonly number[])[]): Matrix {
  return { rows: m.length, cols: m[0]?.length ?? 0, data: flat(m) };
}
