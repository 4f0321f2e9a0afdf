/**
 * 1-D and 2-D loss slices around a point of the teacher–student loss, along seeded random filter-normalised
 * directions (Li et al. 2018: each neuron's block scaled to the neuron's norm) or Hessian eigenvectors (the most
 * negative curvature first, the escape directions at a saddle).
 * @see landscape-analysis `slice1d`, `slice2d`, `randomDirection`, `hessianDirections`
 */
import { hessianDirections, randomDirection, slice1d, slice2d } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study, taskSeed } from './task.js';
import { TS_MODEL_FIELD, TS_POINT_FIELDS, toMatrix, tsPoint } from './teacher-student.js';
import { flat } from './util.js';

/** The study's parameters: one declaration for the library, the CLI and the web demo. */
export const SLICE_SCHEMA = defineSchema({
  ...TS_MODEL_FIELD,
  ...TS_POINT_FIELDS,
  directions: {
    kind: 'enum',
    choices: ['random', 'hessian'],
    default: 'random',
    help: 'slice directions: random filter-normalised, or Hessian eigenvectors of the smallest eigenvalues',
  },
  dims: { kind: 'int', values: [1, 2], default: 2, arg: '<1|2>', help: 'slice dimension' },
  span: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1,
    help: 'half-width of the slice (direction units)',
  },
  points: { kind: 'int', min: 2, max: 1001, default: 41, help: 'points per axis' },
});

/** Input of {@link sliceStudy} (see {@link SLICE_SCHEMA}; `W` is required). */
export type SliceInput = SchemaInput<typeof SLICE_SCHEMA>;

/** Resolved parameters. */
export interface SliceParams {
  model: 'teacher-student';
  W: number[][];
  V: number[][];
  directions: 'random' | 'hessian';
  dims: 1 | 2;
  span: number;
  points: number;
}

/** Result of {@link sliceStudy}. */
export interface SliceResult {
  dims: 1 | 2;
  directions: 'random' | 'hessian';
  /** Curvature (Hessian eigenvalue) of each direction when `hessian`, else null. */
  curvatures: number[] | null;
  /** Coordinates along direction 1 (and 2). */
  x: number[];
  y: number[] | null;
  /** Loss values: length |x| (1-D), or |y| rows of |x| (2-D). */
  loss: number[] | number[][];
  /** Loss at the centre point. */
  center: number;
}

const FN = 'sliceStudy';

/**
 * The slice study (one task; the task seed draws the random directions).
 * @example sliceStudy.resolve({ W: [[1, 0], [0, 1]], dims: 1, points: 21 })
 */
export const sliceStudy: Study<SliceInput, SliceParams, SliceParams, SliceResult, SliceResult> = {
  name: 'slice',
  summary:
    '1-D / 2-D loss slices around a point along random filter-normalised or Hessian-eigenvector directions.',
  resolve(input) {
    const r = resolveSchema(FN, SLICE_SCHEMA, input);
    return { ...r, ...tsPoint(FN, r.W, r.V), dims: r.dims as 1 | 2 };
  },
  plan(p, seed) {
    return makeTasks('slice', seed, [{ id: 'slice', params: p }]);
  },
  run(p, seed) {
    const V = toMatrix(p.V);
    const n = p.W.length;
    const d = V.cols;
    const obj = teacherStudent({ n, V });
    const theta = flat(p.W);
    let dirs: Float64Array[];
    let curvatures: number[] | null = null;
    if (p.directions === 'hessian') {
      const h = hessianDirections(obj, theta, { count: p.dims, which: 'smallest' });
      dirs = h.directions;
      curvatures = Array.from(h.eigenvalues);
    } else {
      // Independent seeds per direction, derived purely from the task seed.
      dirs = Array.from({ length: p.dims }, (_, j) =>
        randomDirection(theta, { seed: taskSeed(seed, j), normalization: 'filter', blockSize: d }),
      );
    }
    const range: [number, number] = [-p.span, p.span];
    if (p.dims === 1) {
      const s = slice1d(obj, theta, dirs[0]!, { range, points: p.points });
      return {
        dims: 1,
        directions: p.directions,
        curvatures,
        x: Array.from(s.t),
        y: null,
        loss: Array.from(s.loss),
        center: obj.loss(theta),
      };
    }
    const s = slice2d(obj, theta, dirs[0]!, dirs[1]!, { xRange: range, yRange: range, points: p.points });
    const grid: number[][] = [];
    for (let j = 0; j < s.loss.rows; j++)
      grid.push(Array.from(s.loss.data.subarray(j * s.loss.cols, (j + 1) * s.loss.cols)));
    return {
      dims: 2,
      directions: p.directions,
      curvatures,
      x: Array.from(s.x),
      y: Array.from(s.y),
      loss: grid,
      center: obj.loss(theta),
    };
  },
  aggregate(_p, _tasks, results) {
    return results[0]!;
  },
};
