/**
 * Spectrum and classification of the Hessian at a given point of a model (teacher–student population loss): loss,
 * gradient norm, all eigenvalues, inertia with its zero tolerance, and a label (P4 §4.6 claims 2–5).
 * @see spec §4.2 (closed-form Hessian), landscape-analysis `classify` (tolerance 100·N·ε·‖H‖₂)
 */
import { classify } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study } from './task.js';
import {
  type PointLabel,
  pointLabel,
  TS_MODEL_FIELD,
  TS_POINT_FIELDS,
  toMatrix,
  tsPoint,
} from './teacher-student.js';
import { flat } from './util.js';

/** The study's parameters: one declaration for the library and the CLI. */
export const HESSIAN_SCHEMA = defineSchema({
  ...TS_MODEL_FIELD,
  ...TS_POINT_FIELDS,
  gradTol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-6,
    defaultText: '1e-6',
    help: '‖∇F‖ above which the point is non-critical',
  },
});

/** Input of {@link hessianStudy} (see {@link HESSIAN_SCHEMA}; `W` is required). */
export type HessianInput = SchemaInput<typeof HESSIAN_SCHEMA>;

/** Resolved parameters. */
export interface HessianParams {
  model: 'teacher-student';
  W: number[][];
  V: number[][];
  gradTol: number;
}

/** Result of {@link hessianStudy}. */
export interface HessianResult {
  loss: number;
  gradNorm: number;
  eigenvalues: number[];
  inertia: { negative: number; zero: number; positive: number };
  /** |λ| ≤ tolerance counts as zero. */
  tolerance: number;
  /** `non-critical` when gradNorm > gradTol, else the Hessian label. */
  classification: PointLabel;
  lambdaMin: number;
  lambdaMax: number;
  n: number;
  k: number;
  d: number;
}

const FN = 'hessianStudy';

/**
 * The Hessian study (one task).
 * @example
 * const p = hessianStudy.resolve({ W: [[1, 0], [0, 1]] }); // the global minimum W = V = I₂
 * hessianStudy.run(hessianStudy.plan(p, 1)[0].params, 0).lambdaMin; // ¼ − 1/(2π) (P4 Theorem 3)
 */
export const hessianStudy: Study<HessianInput, HessianParams, HessianParams, HessianResult, HessianResult> = {
  name: 'hessian',
  summary: 'Spectrum, inertia and classification of the Hessian at a point (teacher–student model).',
  resolve(input) {
    const r = resolveSchema(FN, HESSIAN_SCHEMA, input);
    return { ...r, ...tsPoint(FN, r.W, r.V) };
  },
  plan(p, seed) {
    return makeTasks('hessian', seed, [{ id: 'hessian', params: p }]);
  },
  run(p) {
    const V = toMatrix(p.V);
    const n = p.W.length;
    const obj = teacherStudent({ n, V });
    const theta = flat(p.W);
    const c = classify(obj, theta);
    return {
      loss: obj.loss(theta),
      gradNorm: c.gradNorm!,
      eigenvalues: Array.from(c.eigenvalues),
      inertia: c.inertia,
      tolerance: c.zeroTol,
      classification: pointLabel(c, c.gradNorm!, p.gradTol),
      lambdaMin: c.lambdaMin,
      lambdaMax: c.lambdaMax,
      n,
      k: V.rows,
      d: V.cols,
    };
  },
  aggregate(_p, _tasks, results) {
    return results[0]!;
  },
};
