/**
 * The α-β samplers: per-sample scalars (g_k, a_k, b_k) of P2's Definition 1 recorded along a trajectory
 * ({@link alphaBetaSamples}, P2 §2.4) or on given points with a known projection ({@link alphaBetaSamplesOnGrid},
 * P2 §2.2), and the tensor grids to record them on ({@link gridPoints}). The definition is in `../alpha-beta.ts`.
 * @see P2 §2.1 (Definition 1), §2.2 (toy examples), §2.4 (estimation from trajectories)
 */
import {
  checkFunction,
  checkNumber,
  checkObjective,
  checkOptions,
  type Objective,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';
import { checkArray, checkComputed, checkPoint, checkTrajectory } from '../internal/check.js';
import { dot } from '../internal/vec.js';

/** Recorded per-sample scalars: T_k(α, β) = g_k − α a_k + β b_k. Struct of arrays, all of one length K. */
export interface AlphaBetaSamples {
  /** g_k = ⟨∇f_{i_k}(x_k), x_k − x_p⟩. */
  readonly g: Float64Array;
  /** a_k = f_{i_k}(x_k) − f_{i_k}(x_p). */
  readonly a: Float64Array;
  /** b_k = f_{i_k}(x_k) − f*_{i_k}. */
  readonly b: Float64Array;
  /** Optional grouping (grid checks with several projections): index of the point x each sample belongs to. */
  readonly point?: Int32Array;
  /** Optional grouping: index of the projection candidate x_p (within its point) each sample belongs to. */
  readonly candidate?: Int32Array;
}

/** Samples recorded along a trajectory (or on a grid), with where each one came from. */
export interface AlphaBetaSampleSet extends AlphaBetaSamples {
  /** Iterate (or grid point) index of each sample. */
  readonly point: Int32Array;
  /** Component index of each sample, or −1 for the full loss / a mini-batch mean. */
  readonly component: Int32Array;
  /** Where f_i* came from: the option, the objective's `minValue`, or the paper's assumption f_i* = 0. */
  readonly fiStarSource: 'option' | 'objective' | 'assumed-zero';
}

/** Options of {@link alphaBetaSamples}. */
export interface AlphaBetaSamplesOptions {
  /** x_p used for every iterate. Default: the last iterate (P2 §2.4 uses x_K). */
  reference?: Float64Array;
  /**
   * Which losses give samples: `'components'` (every f_i at every iterate; default when the objective has
   * components), `'full'` (f itself; default otherwise), or one batch of component indices per iterate (the
   * sampled mini-batch mean, as in P2 §2.4).
   */
  batches?: 'components' | 'full' | readonly ArrayLike<number>[];
  /**
   * f_i* (the minimum VALUE of each f_i). Default: `components.minValue(i)` when present, else `objective.minValue`
   * for the full loss, else 0 (the paper's assumption for cross-entropy-type losses). A batch uses the mean of its
   * f_i*, a lower bound of the batch minimum (exact when f_i* = 0).
   */
  fiStar?: number | ((i: number) => number);
}

/**
 * Records the α-β samples (g_k, a_k, b_k) along a trajectory, P2 §2.4 style.
 * @param objective the loss (with `components` for per-sample or mini-batch samples)
 * @param trajectory iterates x_0 … x_K, each of length `objective.dim`
 * @param options reference point, sampling mode and f_i*
 * @returns samples with their iterate and component indices
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a bad objective, mode or batch index; ShapeError for
 * iterates of the wrong length or a batch list whose length differs from the trajectory's; NonFiniteError for
 * non-finite iterates or losses.
 * @see P2 §2.4
 * @example
 * const s = alphaBetaSamples(objective, trajectory, { batches: sampledBatches });
 * const region = alphaBetaRegion(s, { minGap: 0.1 });
 */
export function alphaBetaSamples(
  objective: Objective,
  trajectory: readonly Float64Array[],
  options: AlphaBetaSamplesOptions = {},
): AlphaBetaSampleSet {
  const fn = 'alphaBetaSamples';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  const xp = checkTrajectory(fn, trajectory, n, options.reference);
  const comps = objective.components;
  const mode = options.batches ?? (comps ? 'components' : 'full');
  if (mode !== 'full' && !comps)
    throw typeError(fn, 'objective.components', "be present for batches other than 'full'", comps);
  if (typeof mode === 'string' && mode !== 'components' && mode !== 'full')
    throw rangeError(fn, 'options.batches', "be 'components', 'full' or an array of batches", mode);
  if (Array.isArray(mode) && mode.length !== trajectory.length)
    throw shapeError(
      fn,
      'options.batches.length',
      `equal the number of iterates ${trajectory.length}`,
      mode.length,
    );
  const { star, source } = fiStarResolver(fn, objective, options.fiStar, mode === 'full');

  const g: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const point: number[] = [];
  const component: number[] = [];
  const grad = new Float64Array(n);
  const diff = new Float64Array(n);
  const push = (k: number, i: number, fx: number, fp: number, fs: number) => {
    g.push(dot(grad, diff));
    a.push(fx - fp);
    b.push(fx - fs);
    point.push(k);
    component.push(i);
  };
  const m = comps?.count ?? 0;
  // f_i(x_p) does not depend on k: evaluate once.
  const fpComp =
    mode === 'full'
      ? []
      : Array.from({ length: m }, (_, i) => checkComputed(fn, `f_${i}(x_p)`, comps!.loss(xp, i)));
  const fpFull = mode === 'full' ? checkComputed(fn, 'f(x_p)', objective.loss(xp)) : 0;
  for (let k = 0; k < trajectory.length; k++) {
    const x = trajectory[k]!;
    for (let j = 0; j < n; j++) diff[j] = x[j]! - xp[j]!;
    if (mode === 'full') {
      const fx = checkComputed(fn, `f(trajectory[${k}])`, objective.grad(x, grad));
      push(k, -1, fx, fpFull, star(-1));
    } else if (mode === 'components') {
      for (let i = 0; i < m; i++) {
        const fx = checkComputed(fn, `f_${i}(trajectory[${k}])`, comps!.grad(x, i, grad));
        push(k, i, fx, fpComp[i]!, star(i));
      }
    } else {
      const batch = mode[k]!;
      if (
        batch === null ||
        typeof batch !== 'object' ||
        typeof batch.length !== 'number' ||
        batch.length === 0
      )
        throw typeError(fn, `options.batches[${k}]`, 'be a non-empty array of component indices', batch);
      let fp = 0;
      let fs = 0;
      for (let t = 0; t < batch.length; t++) {
        const i = checkNumber(
          fn,
          `options.batches[${k}][${t}]`,
          batch[t],
          { min: 0, max: m, maxExclusive: true },
          true,
        );
        fp += fpComp[i]!;
        fs += star(i);
      }
      const fx = checkComputed(fn, `f_B(trajectory[${k}])`, comps!.batchGrad(x, batch, grad));
      push(k, -1, fx, fp / batch.length, fs / batch.length);
    }
  }
  return {
    g: Float64Array.from(g),
    a: Float64Array.from(a),
    b: Float64Array.from(b),
    point: Int32Array.from(point),
    component: Int32Array.from(component),
    fiStarSource: source,
  };
}

function fiStarResolver(
  fn: string,
  objective: Objective,
  opt: AlphaBetaSamplesOptions['fiStar'],
  full: boolean,
): { star: (i: number) => number; source: AlphaBetaSampleSet['fiStarSource'] } {
  if (typeof opt === 'number') {
    checkPoint(fn, 'options.fiStar', Float64Array.of(opt), 1);
    return { star: () => opt, source: 'option' };
  }
  if (opt !== undefined) {
    checkFunction(fn, 'options.fiStar', opt);
    return { star: (i) => checkComputed(fn, `options.fiStar(${i})`, opt(i)), source: 'option' };
  }
  if (full) {
    if (typeof objective.minValue === 'number') {
      const v = objective.minValue;
      return { star: () => v, source: 'objective' };
    }
    return { star: () => 0, source: 'assumed-zero' };
  }
  const mv = objective.components?.minValue;
  if (typeof mv === 'function') {
    const c = objective.components!;
    return {
      star: (i) => checkComputed(fn, `components.minValue(${i})`, mv.call(c, i)),
      source: 'objective',
    };
  }
  return { star: () => 0, source: 'assumed-zero' };
}

/** Options of {@link alphaBetaSamplesOnGrid}. */
export interface AlphaBetaGridOptions {
  /** f_i* per component; default `components.minValue(i)`, else 0. */
  fiStar?: number | ((i: number) => number);
}

/**
 * Definition 1 samples on given points, with a known projection onto the solution set: for every point x, every
 * projection candidate x_p ∈ Proj(x, S) returned by `project`, and every component i, one sample
 * (⟨∇f_i(x), x − x_p⟩, f_i(x) − f_i(x_p), f_i(x) − f_i*). Several candidates (a point equidistant from two
 * minimisers) are kept apart: Definition 1 needs SOME candidate to work, which {@link alphaBetaMargin} honours.
 * @param objective finite-sum objective with `components`
 * @param points the points x (e.g. from {@link gridPoints})
 * @param project x ↦ one nearest point of S, or an array of all nearest points
 * @throws ArgumentError for a missing `components` or a bad `project`; ShapeError for points of the wrong length;
 * NonFiniteError for non-finite points, projections or losses.
 * @see P2 §2.1 Definition 1, §2.2 (the toy examples with known S)
 * @example
 * const pts = gridPoints([-6, -6], [7, 7], [131, 131]);
 * const s = alphaBetaSamplesOnGrid(ex1, pts, (x) => { const t = (x[0] - x[1]) / 2; return Float64Array.of(t - 0.25, -t - 0.25); });
 * alphaBetaMargin(s, 2.5, 2).margin; // ≈ +0.0107 (P2 Ex. 1)
 */
export function alphaBetaSamplesOnGrid(
  objective: Objective,
  points: readonly Float64Array[],
  project: (x: Float64Array) => Float64Array | readonly Float64Array[],
  options: AlphaBetaGridOptions = {},
): AlphaBetaSampleSet {
  const fn = 'alphaBetaSamplesOnGrid';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  checkArray(fn, 'points', points);
  checkFunction(fn, 'project', project);
  const comps = objective.components;
  if (!comps)
    throw typeError(fn, 'objective.components', 'be present (Definition 1 is per component)', comps);
  const n = objective.dim;
  const m = comps.count;
  const { star } = fiStarResolver(fn, objective, options.fiStar, false);
  const fstar = Array.from({ length: m }, (_, i) => star(i));
  const g: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const point: number[] = [];
  const candidate: number[] = [];
  const component: number[] = [];
  const grad = new Float64Array(n);
  const diff = new Float64Array(n);
  const fx = new Float64Array(m);
  const gx: Float64Array[] = Array.from({ length: m }, () => new Float64Array(n));
  for (let p = 0; p < points.length; p++) {
    const x = points[p]!;
    checkPoint(fn, `points[${p}]`, x, n);
    for (let i = 0; i < m; i++) {
      fx[i] = checkComputed(fn, `f_${i}(points[${p}])`, comps.grad(x, i, grad));
      gx[i]!.set(grad);
    }
    const pr = project(x);
    const cands = pr instanceof Float64Array ? [pr] : pr;
    if (!Array.isArray(cands) || cands.length === 0)
      throw typeError(fn, 'project(x)', 'return a Float64Array or a non-empty array of them', pr);
    for (let c = 0; c < cands.length; c++) {
      const xp = cands[c]!;
      checkPoint(fn, `project(points[${p}])[${c}]`, xp, n);
      for (let j = 0; j < n; j++) diff[j] = x[j]! - xp[j]!;
      for (let i = 0; i < m; i++) {
        const fp = checkComputed(fn, `f_${i}(x_p)`, comps.loss(xp, i));
        g.push(dot(gx[i]!, diff));
        a.push(fx[i]! - fp);
        b.push(fx[i]! - fstar[i]!);
        point.push(p);
        candidate.push(c);
        component.push(i);
      }
    }
  }
  return {
    g: Float64Array.from(g),
    a: Float64Array.from(a),
    b: Float64Array.from(b),
    point: Int32Array.from(point),
    candidate: Int32Array.from(candidate),
    component: Int32Array.from(component),
    fiStarSource:
      options.fiStar !== undefined
        ? 'option'
        : typeof comps.minValue === 'function'
          ? 'objective'
          : 'assumed-zero',
  };
}

/**
 * The points of a tensor grid: `counts[j]` equally spaced values from `lo[j]` to `hi[j]` (inclusive) per axis,
 * first axis slowest.
 * @throws ShapeError when lo, hi and counts differ in length; ArgumentError for counts < 1 or non-finite bounds.
 * @example gridPoints([-6, -6], [7, 7], [14, 14]) // 196 points with integer coordinates
 */
export function gridPoints(
  lo: readonly number[],
  hi: readonly number[],
  counts: readonly number[],
): Float64Array[] {
  const fn = 'gridPoints';
  checkArray(fn, 'lo', lo);
  checkArray(fn, 'hi', hi, lo.length);
  checkArray(fn, 'counts', counts, lo.length);
  const d = lo.length;
  checkPoint(fn, 'lo', Float64Array.from(lo), d);
  checkPoint(fn, 'hi', Float64Array.from(hi), d);
  for (let j = 0; j < d; j++) checkNumber(fn, `counts[${j}]`, counts[j], { min: 1, max: 1e7 }, true);
  const total = counts.reduce((p, c) => p * c, 1);
  if (total > 1e7) throw rangeError(fn, 'the product of counts', 'be at most 1e7', total);
  const out: Float64Array[] = [];
  const idx = new Array<number>(d).fill(0);
  for (let t = 0; t < total; t++) {
    const x = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const c = counts[j]!;
      x[j] = c === 1 ? lo[j]! : lo[j]! + ((hi[j]! - lo[j]!) * idx[j]!) / (c - 1);
    }
    out.push(x);
    for (let j = d - 1; j >= 0; j--) {
      idx[j]!++;
      if (idx[j]! < counts[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}
