/**
 * Shared helpers for the teacher–student studies (spec §4): the teacher V = [I_k 0] (v_j = e_j, d ≥ k), the
 * objective (trainers' `teacherStudent`), the CLI's label of a point (landscape-analysis' `classify` plus the
 * gradient check), and validation of a user-given point.
 * @see trainers `teacherStudent` (loss, gradient, exact Hessian, `diagonalBlocks`); landscape-analysis `classify`
 */
import { type Matrix, matrix, rangeError, shapeError } from '@landscape-lab/core-math';
import type { Classification, CriticalLabel } from '@landscape-lab/landscape-analysis';
import { defineSchema } from './schema.js';
import { eyeRows, flat } from './util.js';

/** The teacher used by SS18 and P4: k×d with v_j = e_j (V = I when d = k). */
export function teacherMatrix(k: number, d: number): Matrix {
  const V = matrix(k, d);
  for (let j = 0; j < k; j++) V.data[j * d + j] = 1;
  return V;
}

/** Label the studies report for a point: `non-critical` when its gradient is not small, else the Hessian's label. */
export type PointLabel = 'non-critical' | CriticalLabel;

/**
 * The label of a point: `non-critical` unless ‖∇F‖ ≤ gradTol (a NaN gradient norm is non-critical too), otherwise
 * the inertia label of landscape-analysis `classify` ('local-minimum' | 'strict-saddle' | 'local-maximum' |
 * 'degenerate').
 * @param c the Hessian classification; @param gradNorm ‖∇F(θ)‖₂; @param gradTol the criticality threshold.
 * @example pointLabel(classify(obj, theta), 1e-3, 1e-6) // 'non-critical'
 */
export function pointLabel(c: Classification, gradNorm: number, gradTol: number): PointLabel {
  return gradNorm <= gradTol ? c.label : 'non-critical';
}

/** The point of the point-based teacher–student studies (hessian, slice, split-neuron): schema fields. */
export const TS_POINT_FIELDS = defineSchema({
  W: { kind: 'matrix', help: 'student neurons as rows (n×d, number[][])' },
  V: {
    kind: 'matrix',
    nullable: true,
    defaultText: 'I_d',
    help: 'teacher neurons as rows (k×d); default I_d',
  },
});

/** The model field of the point studies (one model so far). */
export const TS_MODEL_FIELD = defineSchema({
  model: { kind: 'enum', choices: ['teacher-student'], default: 'teacher-student', help: 'the model' },
});

/**
 * Checks what the fields cannot say alone: V has W's column count, and no student neuron is zero (F is not
 * differentiable there); V defaults to I_d.
 */
export function tsPoint(fn: string, W: number[][], V: number[][] | null): { W: number[][]; V: number[][] } {
  const d = W[0]!.length;
  if (V !== null && V[0]!.length !== d)
    throw shapeError(fn, 'V[0].length', `equal ${d} (the columns of W)`, V[0]!.length);
  W.forEach((r, i) => {
    if (r.every((x) => x === 0))
      throw rangeError(
        fn,
        `W[${i}]`,
        'be a non-zero student neuron (F is not differentiable at w_i = 0)',
        'all zeros',
      );
  });
  return { W, V: V ?? eyeRows(d) };
}

/** Row arrays → Matrix. */
export function toMatrix(m: readonly (readonly number[])[]): Matrix {
  return { rows: m.length, cols: m[0]?.length ?? 0, data: flat(m) };
}
