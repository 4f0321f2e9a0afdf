/**
 * The α-β condition of P2 (Islamov et al. 2024): samples, the exact valid region, and checks of given pairs.
 *
 * Definition (P2 §2.1, Definition 1): f = (1/m) Σ_i f_i satisfies the α-β condition at x when, for some
 * x_p ∈ Proj(x, S) and every i,
 *   ⟨∇f_i(x), x − x_p⟩ ≥ α (f_i(x) − f_i(x_p)) − β (f_i(x) − f_i*).
 * Writing g = ⟨∇f_i(x), x − x_p⟩, a = f_i(x) − f_i(x_p) and b = f_i(x) − f_i*, one sample's slack is the affine
 * function T(α, β) = g − α a + β b, and the condition is T ≥ 0. From a trajectory the paper (P2 §2.4) takes the last
 * iterate x_K as x_p for every k and the sampled mini-batch loss as f_i; each iterate then gives one (g_k, a_k, b_k).
 *
 * Algorithm: because every T_k is affine, the valid set {(α, β): β ≥ 0, α ≥ β + minGap, T_k(α, β) ≥ 0 ∀k} is a
 * convex polygon once clipped to a box [0, αmax] × [0, βmax]. It is computed exactly (up to rounding) by clipping the
 * box successively against each half-plane a_k α − b_k β ≤ g_k (Sutherland–Hodgman for one convex polygon).
 * Complexity O(K·V) for K samples and V vertices (V ≤ K + 5, in practice a handful).
 * Numerical caveats: vertex tests use a relative tolerance of 8ε·(|a α| + |b β| + |g|), so a vertex may violate a
 * constraint by a few ulps of its terms; the region is unbounded along (1, 1) (if (α, β) is valid so is
 * (α + δ, β + δ), P2 §2.1), so the box's top-right corner is usually part of it — `touchesBox` says so.
 * @see P2 §2.1 (Definition 1), §2.2 (toy examples), §2.4 (estimation from trajectories)
 */
import { type Objective, rangeError, shapeError, typeError } from '@landscape-lab/core-math';
import {
  checkArray,
  checkComputed,
  checkFunction,
  checkInt,
  checkNonNegative,
  checkObjective,
  checkOptions,
  checkPoint,
  checkPositive,
} from './internal/check.js';
import { dot, EPS } from './internal/vec.js';

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
  checkArray(fn, 'trajectory', trajectory);
  const n = objective.dim;
  for (let k = 0; k < trajectory.length; k++) checkPoint(fn, `trajectory[${k}]`, trajectory[k], n);
  if (trajectory.length === 0 && options.reference === undefined)
    throw rangeError(fn, 'trajectory', 'be non-empty (or options.reference must be given)', trajectory);
  const xp = options.reference ?? trajectory[trajectory.length - 1]!;
  checkPoint(fn, 'options.reference', xp, n);
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
        const i = batch[t]!;
        if (!Number.isInteger(i) || i < 0 || i >= m)
          throw rangeError(fn, `options.batches[${k}][${t}]`, `be an integer in [0, ${m})`, i);
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
  for (let j = 0; j < d; j++) checkInt(fn, `counts[${j}]`, counts[j], 1, 1e7);
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

/** Result of {@link alphaBetaMargin}. */
export interface AlphaBetaCheck {
  alpha: number;
  beta: number;
  /**
   * min over samples of T_k(α, β) = g_k − α a_k + β b_k (with candidate grouping: min over points of the max over
   * projection candidates of the min over components). ≥ 0 means the condition holds on the samples.
   */
  margin: number;
  /** margin ≥ 0. */
  holds: boolean;
  /** Whether the pair is admissible: β ≥ 0 and α ≥ β + minGap. Reported separately from `holds`. */
  admissible: boolean;
  /** Index of the sample attaining the margin (−1 when there are none). */
  worstSample: number;
  /** Point (iterate) of that sample, when the samples carry points. */
  worstPoint: number;
}

/**
 * Checks one (α, β) pair against recorded samples and returns its margin min_k T_k(α, β).
 * @param samples from {@link alphaBetaSamples}, {@link alphaBetaSamplesOnGrid} or recorded elsewhere
 * @param minGap admissibility gap: the pair is admissible when α ≥ β + minGap (default 0; P2's heatmaps use 0.1)
 * @throws ShapeError when g, a, b (and point, candidate) differ in length; ArgumentError / NonFiniteError for
 * non-finite α, β or samples.
 * @see P2 §2.1, §2.4
 * @example alphaBetaMargin({ g: Float64Array.of(1), a: Float64Array.of(1), b: Float64Array.of(1) }, 2, 1).margin // 0
 */
export function alphaBetaMargin(
  samples: AlphaBetaSamples,
  alpha: number,
  beta: number,
  minGap = 0,
): AlphaBetaCheck {
  const fn = 'alphaBetaMargin';
  const K = checkSamples(fn, samples);
  checkPoint(fn, 'alpha', Float64Array.of(alpha), 1);
  checkPoint(fn, 'beta', Float64Array.of(beta), 1);
  checkNonNegative(fn, 'minGap', minGap);
  const { g, a, b, point, candidate } = samples;
  const admissible = beta >= 0 && alpha >= beta + minGap;
  if (K === 0)
    return { alpha, beta, margin: Infinity, holds: true, admissible, worstSample: -1, worstPoint: -1 };
  const T = (k: number) => g[k]! - alpha * a[k]! + beta * b[k]!;
  if (!candidate || !point) {
    let m = Infinity;
    let w = -1;
    for (let k = 0; k < K; k++) {
      const t = T(k);
      if (t < m) {
        m = t;
        w = k;
      }
    }
    return {
      alpha,
      beta,
      margin: m,
      holds: m >= 0,
      admissible,
      worstSample: w,
      worstPoint: point ? point[w]! : w,
    };
  }
  // Grouped: samples of one (point, candidate) are contiguous in our producers, but do not rely on it.
  const byPoint = new Map<number, Map<number, { m: number; k: number }>>();
  for (let k = 0; k < K; k++) {
    const p = point[k]!;
    const c = candidate[k]!;
    let cm = byPoint.get(p);
    if (!cm) byPoint.set(p, (cm = new Map()));
    const t = T(k);
    const cur = cm.get(c);
    if (!cur || t < cur.m) cm.set(c, { m: t, k });
  }
  let margin = Infinity;
  let worst = -1;
  for (const [, cm] of byPoint) {
    let best = -Infinity;
    let bk = -1;
    for (const [, v] of cm)
      if (v.m > best) {
        best = v.m;
        bk = v.k;
      }
    if (best < margin) {
      margin = best;
      worst = bk;
    }
  }
  return {
    alpha,
    beta,
    margin,
    holds: margin >= 0,
    admissible,
    worstSample: worst,
    worstPoint: point[worst]!,
  };
}

function checkSamples(fn: string, s: unknown): number {
  if (s === null || typeof s !== 'object') throw typeError(fn, 'samples', 'be { g, a, b } Float64Arrays', s);
  const t = s as AlphaBetaSamples;
  for (const key of ['g', 'a', 'b'] as const) {
    if (!(t[key] instanceof Float64Array)) throw typeError(fn, `samples.${key}`, 'be a Float64Array', t[key]);
  }
  const K = t.g.length;
  checkPoint(fn, 'samples.g', t.g, K);
  checkPoint(fn, 'samples.a', t.a, K);
  checkPoint(fn, 'samples.b', t.b, K);
  for (const key of ['point', 'candidate'] as const) {
    const v = t[key];
    if (v === undefined) continue;
    if (!(v instanceof Int32Array)) throw typeError(fn, `samples.${key}`, 'be an Int32Array when present', v);
    if (v.length !== K)
      throw shapeError(fn, `samples.${key}.length`, `equal samples.g.length = ${K}`, v.length);
  }
  return K;
}

/** A pair (α, β). */
export interface AlphaBetaPair {
  alpha: number;
  beta: number;
}

/** Options of {@link alphaBetaRegion}. */
export interface AlphaBetaRegionOptions {
  /** Require α ≥ β + minGap (default 0, the closure of Definition 1's α > β; P2's heatmaps use 0.1). */
  minGap?: number;
  /** Upper bound of the α box (default 1e9). */
  alphaMax?: number;
  /** Upper bound of the β box (default: alphaMax). */
  betaMax?: number;
}

/** The exact valid region of {@link alphaBetaRegion}. */
export interface AlphaBetaRegion {
  /** True when no pair in the box satisfies every sample (e.g. a sample with a = b = 0 and g < 0). */
  empty: boolean;
  /** Polygon vertices (α, β), counter-clockwise, without repeats. Empty when `empty`. */
  vertices: AlphaBetaPair[];
  /**
   * Pareto-minimal vertices (no other valid pair has both α′ ≤ α and β′ ≤ β), by increasing β: the lower-left
   * corner(s) of the region; usually one pair, or a chain along which α decreases as β grows.
   */
  minimalPairs: AlphaBetaPair[];
  /** Vertices of the left boundary α_min(β) (smallest valid α for each β), by increasing β. */
  leftBoundary: AlphaBetaPair[];
  /** Smallest valid α (NaN when empty) and the smallest β at which it is attained. */
  alphaMin: number;
  betaAtAlphaMin: number;
  /** Smallest valid β (NaN when empty). */
  betaMin: number;
  /** True when a vertex lies on α = alphaMax or β = betaMax: the box, not the samples, bounds the region there. */
  touchesBox: boolean;
  /** The box and gap used. */
  alphaMax: number;
  betaMax: number;
  minGap: number;
  /** Number of samples. */
  samples: number;
}

type P = [number, number];

/** Clips a convex polygon (CCW) to {p : nx·p.x + ny·p.y ≤ c}. */
function clip(poly: P[], nx: number, ny: number, c: number): P[] {
  const out: P[] = [];
  const len = poly.length;
  if (len === 0) return out;
  const s = new Float64Array(len);
  const inside = new Array<boolean>(len);
  for (let i = 0; i < len; i++) {
    const [x, y] = poly[i]!;
    const v = nx * x + ny * y - c;
    s[i] = v;
    inside[i] = v <= 8 * EPS * (Math.abs(nx * x) + Math.abs(ny * y) + Math.abs(c));
  }
  for (let i = 0; i < len; i++) {
    const j = (i + 1) % len;
    const P0 = poly[i]!;
    const P1 = poly[j]!;
    if (inside[i]) out.push(P0);
    if (inside[i] !== inside[j]) {
      const t = s[i]! / (s[i]! - s[j]!);
      out.push([P0[0] + t * (P1[0] - P0[0]), P0[1] + t * (P1[1] - P0[1])]);
    }
  }
  return cleanup(out);
}

/** Removes repeated and collinear vertices (relative tolerance). */
function cleanup(poly: P[]): P[] {
  let scale = 0;
  for (const [x, y] of poly) scale = Math.max(scale, Math.abs(x), Math.abs(y));
  const tol = 64 * EPS * Math.max(scale, 1e-300);
  let pts = poly.filter((p, i) => {
    const q = poly[(i + poly.length - 1) % poly.length]!;
    return poly.length === 1 || Math.abs(p[0] - q[0]) > tol || Math.abs(p[1] - q[1]) > tol;
  });
  if (pts.length >= 3) {
    pts = pts.filter((p, i) => {
      const a = pts[(i + pts.length - 1) % pts.length]!;
      const b = pts[(i + 1) % pts.length]!;
      const ux = p[0] - a[0];
      const uy = p[1] - a[1];
      const vx = b[0] - p[0];
      const vy = b[1] - p[1];
      const cr = ux * vy - uy * vx;
      return Math.abs(cr) > 64 * EPS * Math.hypot(ux, uy) * Math.hypot(vx, vy);
    });
  }
  return pts;
}

/**
 * The exact valid (α, β) region of recorded samples: the convex polygon
 * {(α, β) ∈ [0, αmax] × [0, βmax] : α ≥ β + minGap, g_k − α a_k + β b_k ≥ 0 for every k},
 * with its Pareto-minimal pairs and left boundary.
 * @param samples one projection candidate per point (grouped samples with several candidates define a non-convex
 * union; compute one region per candidate instead)
 * @param options gap and box
 * @throws ShapeError for ragged samples; ArgumentError (E_ARG_RANGE) for a negative gap, a non-positive box or
 * samples with several projection candidates; NonFiniteError for non-finite samples.
 * @see P2 §2.4 (the [derived] polyhedron), §2.1 (monotonicity along (1, 1))
 * @example
 * const r = alphaBetaRegion(samples, { minGap: 0.1, alphaMax: 1e4 });
 * r.minimalPairs[0]; // { alpha, beta } with the smallest valid α and β
 */
export function alphaBetaRegion(
  samples: AlphaBetaSamples,
  options: AlphaBetaRegionOptions = {},
): AlphaBetaRegion {
  const fn = 'alphaBetaRegion';
  checkOptions(fn, options);
  const K = checkSamples(fn, samples);
  const minGap = options.minGap ?? 0;
  const alphaMax = options.alphaMax ?? 1e9;
  const betaMax = options.betaMax ?? alphaMax;
  checkNonNegative(fn, 'options.minGap', minGap);
  checkPositive(fn, 'options.alphaMax', alphaMax);
  checkPositive(fn, 'options.betaMax', betaMax);
  if (samples.candidate?.some((c) => c !== 0))
    throw rangeError(
      fn,
      'samples.candidate',
      'be 0 everywhere (one projection per point)',
      samples.candidate,
    );
  const base = {
    alphaMax,
    betaMax,
    minGap,
    samples: K,
  };
  let poly: P[] = [
    [0, 0],
    [alphaMax, 0],
    [alphaMax, betaMax],
    [0, betaMax],
  ];
  // α − β ≥ minGap  ⇔  −α + β ≤ −minGap
  poly = clip(poly, -1, 1, -minGap);
  const { g, a, b } = samples;
  for (let k = 0; k < K && poly.length > 0; k++) {
    const ak = a[k]!;
    const bk = b[k]!;
    const gk = g[k]!;
    if (ak === 0 && bk === 0) {
      if (gk < 0) poly = [];
      continue;
    }
    poly = clip(poly, ak, -bk, gk);
  }
  if (poly.length === 0) {
    return {
      empty: true,
      vertices: [],
      minimalPairs: [],
      leftBoundary: [],
      alphaMin: Number.NaN,
      betaAtAlphaMin: Number.NaN,
      betaMin: Number.NaN,
      touchesBox: false,
      ...base,
    };
  }
  const len = poly.length;
  const minimal: P[] = [];
  const left: P[] = [];
  if (len === 1) {
    minimal.push(poly[0]!);
    left.push(poly[0]!);
  } else {
    for (let i = 0; i < len; i++) {
      const v = poly[i]!;
      const nx = poly[(i + 1) % len]!;
      const pv = poly[(i + len - 1) % len]!;
      const e1 = unit(nx[0] - v[0], nx[1] - v[1]);
      const e2 = unit(pv[0] - v[0], pv[1] - v[1]);
      const degenerate = len === 2; // a segment: the "cone" is two opposite rays
      const inCone = (d: P) =>
        degenerate ? parallel(d, e1) || parallel(d, e2) : cross(e1, d) >= -1e-12 && cross(d, e2) >= -1e-12;
      const dominatedDir = (e: P) => e[0] <= 1e-12 && e[1] <= 1e-12;
      const pareto = !dominatedDir(e1) && !dominatedDir(e2) && !inCone([-1, 0]) && !inCone([0, -1]);
      if (pareto) minimal.push(v);
      if (!inCone([-1, 0])) left.push(v);
    }
  }
  const byBeta = (p: P, q: P) => p[1] - q[1] || p[0] - q[0];
  minimal.sort(byBeta);
  left.sort(byBeta);
  let amin = Infinity;
  let bAt = Infinity;
  let bmin = Infinity;
  let touches = false;
  const tolA = 64 * EPS * alphaMax;
  const tolB = 64 * EPS * betaMax;
  for (const [x, y] of poly) {
    if (x < amin - tolA || (Math.abs(x - amin) <= tolA && y < bAt)) {
      amin = x;
      bAt = y;
    }
    if (y < bmin) bmin = y;
    if (x >= alphaMax - tolA || y >= betaMax - tolB) touches = true;
  }
  const pair = (p: P): AlphaBetaPair => ({ alpha: p[0], beta: p[1] });
  return {
    empty: false,
    vertices: poly.map(pair),
    minimalPairs: minimal.map(pair),
    leftBoundary: left.map(pair),
    alphaMin: amin,
    betaAtAlphaMin: bAt,
    betaMin: bmin,
    touchesBox: touches,
    ...base,
  };
}

function unit(x: number, y: number): P {
  const h = Math.hypot(x, y);
  return h === 0 ? [0, 0] : [x / h, y / h];
}
function cross(u: P, v: P): number {
  return u[0] * v[1] - u[1] * v[0];
}
function parallel(d: P, e: P): boolean {
  return Math.abs(cross(d, e)) <= 1e-12 && d[0] * e[0] + d[1] * e[1] > 0;
}

/**
 * The smallest valid α at a given β (the left boundary of the region), or NaN when the horizontal line misses it.
 * @throws ArgumentError / NonFiniteError for a non-finite β or a malformed region.
 * @example alphaMinAt(region, 0) // smallest α with β = 0, NaN when β = 0 is impossible (P2 Ex. 1–3, 6)
 */
export function alphaMinAt(region: AlphaBetaRegion, beta: number): number {
  const fn = 'alphaMinAt';
  if (region === null || typeof region !== 'object' || !Array.isArray(region.vertices))
    throw typeError(fn, 'region', 'be an AlphaBetaRegion', region);
  checkPoint(fn, 'beta', Float64Array.of(beta), 1);
  const v = region.vertices;
  if (v.length === 0) return Number.NaN;
  let best = Infinity;
  const tol = 64 * EPS * Math.max(region.betaMax, 1);
  for (let i = 0; i < v.length; i++) {
    const p = v[i]!;
    const q = v[(i + 1) % v.length]!;
    const lo = Math.min(p.beta, q.beta);
    const hi = Math.max(p.beta, q.beta);
    if (beta < lo - tol || beta > hi + tol) continue;
    if (Math.abs(q.beta - p.beta) <= tol) best = Math.min(best, p.alpha, q.alpha);
    else best = Math.min(best, p.alpha + ((beta - p.beta) * (q.alpha - p.alpha)) / (q.beta - p.beta));
  }
  return best === Infinity ? Number.NaN : best;
}

/** Result of {@link alphaBetaGapLine}. */
export interface AlphaBetaGapLine {
  minGap: number;
  /** Smallest α with β = α − minGap ≥ 0 and every T_k(α, α − minGap) ≥ 0 (NaN when there is none). */
  alphaMin: number;
  /** alphaMin − minGap (NaN when there is none). */
  betaAtAlphaMin: number;
  /** Largest such α (Infinity when the line is valid for all large α). */
  alphaMax: number;
  /** Sample whose constraint sets alphaMin (−1 when β ≥ 0 sets it, or when there is none). */
  binding: number;
  /** Of the binding sample: gap·b_k − g_k (numerator) and e_k = b_k − a_k (denominator); alphaMin = num/den. */
  numerator: number;
  denominator: number;
  /**
   * True when every b_k ≥ 0 (f* below every sampled loss): raising β at fixed α then only raises T, so alphaMin is
   * also the smallest valid α of the whole region ({@link alphaBetaRegion}).
   */
  regionMinimum: boolean;
}

/**
 * The valid α on the line β = α − minGap, in closed form. On that line
 * T_k = g_k − α a_k + (α − minGap) b_k = (g_k − minGap·b_k) + α e_k with e_k = b_k − a_k = f_{i_k}(x_p) − f*_{i_k}, so each
 * sample gives α ≥ (minGap·b_k − g_k)/e_k when e_k > 0 and α ≤ (g_k − minGap·b_k)/(−e_k) when e_k < 0. Hence the
 * smallest valid α is max_k (minGap·b_k − g_k)/e_k: it scales as 1/(f_i(x_p) − f_i*), which is why a per-sample f_i*
 * just below the final per-sample loss makes α huge (P2 Fig. 9, α ≈ 3.3·10⁴).
 * Exact up to the rounding of one division per sample (no polygon clipping, no box).
 * @throws as {@link alphaBetaMargin} for malformed samples or a negative gap.
 * @see P2 §2.4; spec §2.5 (Fig. 9)
 * @example alphaBetaGapLine({ g: Float64Array.of(0), a: Float64Array.of(0.9), b: Float64Array.of(1) }, 0.1).alphaMin // 1
 */
export function alphaBetaGapLine(samples: AlphaBetaSamples, minGap = 0): AlphaBetaGapLine {
  const fn = 'alphaBetaGapLine';
  const K = checkSamples(fn, samples);
  checkNonNegative(fn, 'minGap', minGap);
  const { g, a, b } = samples;
  let lo = minGap;
  let hi = Infinity;
  let binding = -1;
  let numerator = Number.NaN;
  let denominator = Number.NaN;
  let feasible = true;
  let nonNegB = true;
  for (let k = 0; k < K; k++) {
    const bk = b[k]!;
    if (bk < 0) nonNegB = false;
    const e = bk - a[k]!;
    const num = minGap * bk - g[k]!;
    if (e > 0) {
      const v = num / e;
      if (v > lo) {
        lo = v;
        binding = k;
        numerator = num;
        denominator = e;
      }
    } else if (e < 0) hi = Math.min(hi, num / e);
    else if (num > 0) feasible = false;
  }
  const ok = feasible && lo <= hi;
  return {
    minGap,
    alphaMin: ok ? lo : Number.NaN,
    betaAtAlphaMin: ok ? lo - minGap : Number.NaN,
    alphaMax: ok ? hi : Number.NaN,
    binding: ok ? binding : -1,
    numerator: ok ? numerator : Number.NaN,
    denominator: ok ? denominator : Number.NaN,
    regionMinimum: nonNegB,
  };
}
