/**
 * Low-dimensional views of a loss landscape: 1-D interpolation between two points, 1-D and 2-D slices along
 * random (filter/neuron-normalised), Hessian-eigenvector or given directions, and the projection of a trajectory
 * onto a plane with its residual.
 *
 * Filter normalisation (Li et al. 2018): each block b of a random Gaussian direction (one neuron's incoming weights,
 * `blockSize` entries) is rescaled to ‖d_b‖ = ‖θ_b‖, so a step of 1 moves every neuron by its own size and slices of
 * scale-invariant networks become comparable; blocks of θ that are zero get a zero direction block.
 * Projection: least-squares coordinates (a, b) minimising ‖θ_t − θ₀ − a d₁ − b d₂‖ by a 2-column modified
 * Gram–Schmidt QR (stable for nearly parallel directions, which are rejected below 1e−12 relative independence).
 * Complexity: one loss evaluation per slice point; O(n) per projected point.
 * @see Li, Xu, Taylor, Studer, Goldstein, "Visualizing the Loss Landscape of Neural Nets", NeurIPS 2018;
 * Goodfellow, Vinyals, Saxe 2015 (1-D interpolation)
 */
import {
  checkNumber,
  checkObjective,
  checkOneOf,
  checkOptions,
  type Matrix,
  NON_NEGATIVE,
  type Objective,
  Rng,
  rangeError,
} from '@landscape-lab/core-math';
import { hessian } from './hessian.js';
import { checkArray, checkComputed, checkPoint } from './internal/check.js';
import { dot, nrm2 } from './internal/vec.js';
import { type HessianOperatorOptions, hessianOperator } from './operator.js';
import { denseSpectrum, lanczos } from './spectrum.js';

/** A 1-D slice: loss at θ(t) for each t. */
export interface Slice1D {
  t: Float64Array;
  loss: Float64Array;
}

/** Options of 1-D slices. */
export interface Slice1DOptions {
  /** [tmin, tmax] (default [0, 1] for interpolation, [−1, 1] for slices). */
  range?: readonly [number, number];
  /** Number of points (default 51). */
  points?: number;
}

function grid1(fn: string, opts: Slice1DOptions, dflt: readonly [number, number]): Float64Array {
  checkOptions(fn, opts);
  const [lo, hi] = opts.range ?? dflt;
  checkPoint(fn, 'options.range', Float64Array.of(lo, hi), 2);
  if (!(hi >= lo)) throw rangeError(fn, 'options.range', 'satisfy range[0] ≤ range[1]', [lo, hi]);
  const m = opts.points ?? 51;
  checkNumber(fn, 'options.points', m, { min: 1, max: 1e7 }, true);
  return Float64Array.from({ length: m }, (_, i) => (m === 1 ? lo : lo + ((hi - lo) * i) / (m - 1)));
}

/**
 * Loss along the segment θ(t) = (1 − t)θ_a + t θ_b.
 * @param objective any objective
 * @param a start point (t = 0)
 * @param b end point (t = 1)
 * @param options t range (default [0, 1]; extrapolation allowed) and number of points
 * @throws ArgumentError / ShapeError / NonFiniteError for malformed input or a non-finite loss.
 * @see Goodfellow et al. 2015
 * @example interpolate(objective, theta0, thetaFinal, { range: [-0.5, 1.5], points: 81 })
 */
export function interpolate(
  objective: Objective,
  a: Float64Array,
  b: Float64Array,
  options: Slice1DOptions = {},
): Slice1D {
  const fn = 'interpolate';
  checkObjective(fn, 'objective', objective);
  const n = objective.dim;
  checkPoint(fn, 'a', a, n);
  checkPoint(fn, 'b', b, n);
  const t = grid1(fn, options, [0, 1]);
  const x = new Float64Array(n);
  const loss = t.map((tt) => {
    for (let i = 0; i < n; i++) x[i] = (1 - tt) * a[i]! + tt * b[i]!;
    return checkComputed(fn, 'f(θ(t))', objective.loss(x));
  });
  return { t, loss };
}

/** Options of {@link randomDirection}. */
export interface RandomDirectionOptions {
  /** Seed (default 0). */
  seed?: number;
  /** `filter` (default; per block, Li et al.), `global` (‖d‖ = ‖θ‖), or `none` (raw Gaussian). */
  normalization?: 'filter' | 'global' | 'none';
  /** Block (neuron) size for `filter` (default: the whole vector, i.e. `global`). Must divide dim. */
  blockSize?: number;
}

/**
 * A seeded Gaussian direction, normalised per neuron block to the norms of θ's blocks (filter normalisation).
 * @param theta the base point (its block norms set the scale)
 * @param options seed, normalisation, block size
 * @throws ArgumentError for a block size that does not divide dim; ShapeError / NonFiniteError for a bad θ.
 * @see Li et al. 2018, §4 (filter-wise normalisation)
 * @example const d1 = randomDirection(theta, { seed: 1, blockSize: d }); // teacher–student: d entries per neuron
 */
export function randomDirection(theta: Float64Array, options: RandomDirectionOptions = {}): Float64Array {
  const fn = 'randomDirection';
  checkOptions(fn, options);
  checkPoint(fn, 'theta', theta, theta?.length);
  const n = theta.length;
  const seed = options.seed ?? 0;
  checkNumber(fn, 'options.seed', seed, NON_NEGATIVE, true);
  const norm = options.normalization ?? 'filter';
  checkOneOf(fn, 'options.normalization', norm, ['filter', 'global', 'none'] as const);
  const bs = options.blockSize ?? Math.max(n, 1);
  checkNumber(fn, 'options.blockSize', bs, { min: 1 }, true);
  if (n % bs !== 0) throw rangeError(fn, 'options.blockSize', `divide theta.length = ${n}`, bs);
  const d = new Rng(seed).fillNormal(new Float64Array(n));
  if (norm === 'none') return d;
  const block = norm === 'global' ? Math.max(n, 1) : bs;
  for (let s = 0; s < n; s += block) {
    const tb = theta.subarray(s, s + block);
    const db = d.subarray(s, s + block);
    const nt = nrm2(tb);
    const nd = nrm2(db);
    const f = nt === 0 || nd === 0 ? 0 : nt / nd;
    for (let i = 0; i < db.length; i++) db[i] = db[i]! * f;
  }
  return d;
}

/**
 * Loss along θ + t·d.
 * @param objective any objective
 * @param theta base point
 * @param direction d (length dim)
 * @param options t range (default [−1, 1]) and number of points
 * @throws ArgumentError / ShapeError / NonFiniteError for malformed input or a non-finite loss.
 * @see Li et al. 2018
 * @example slice1d(objective, theta, randomDirection(theta, { seed: 2, blockSize: d }))
 */
export function slice1d(
  objective: Objective,
  theta: Float64Array,
  direction: Float64Array,
  options: Slice1DOptions = {},
): Slice1D {
  const fn = 'slice1d';
  checkObjective(fn, 'objective', objective);
  const n = objective.dim;
  checkPoint(fn, 'theta', theta, n);
  checkPoint(fn, 'direction', direction, n);
  const t = grid1(fn, options, [-1, 1]);
  const x = new Float64Array(n);
  const loss = t.map((tt) => {
    for (let i = 0; i < n; i++) x[i] = theta[i]! + tt * direction[i]!;
    return checkComputed(fn, 'f(θ + t d)', objective.loss(x));
  });
  return { t, loss };
}

/** Options of {@link slice2d}. */
export interface Slice2DOptions {
  /** Range of the first coordinate (default [−1, 1]). */
  xRange?: readonly [number, number];
  /** Range of the second coordinate (default: xRange). */
  yRange?: readonly [number, number];
  /** Points per axis [nx, ny] or one number for both (default 21). */
  points?: number | readonly [number, number];
}

/** A 2-D slice: loss[j·nx + i] = f(θ + x_i d₁ + y_j d₂) (rows are y, columns are x). */
export interface Slice2D {
  x: Float64Array;
  y: Float64Array;
  /** ny×nx row-major. */
  loss: Matrix;
}

/**
 * Loss on the plane θ + x·d₁ + y·d₂.
 * @param objective any objective
 * @param theta base point
 * @param d1 first direction
 * @param d2 second direction
 * @param options ranges and grid size
 * @throws ArgumentError / ShapeError / NonFiniteError for malformed input or a non-finite loss.
 * @see Li et al. 2018 (2-D contour plots)
 * @example slice2d(objective, theta, d1, d2, { xRange: [-1, 1], points: 41 }).loss
 */
export function slice2d(
  objective: Objective,
  theta: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  options: Slice2DOptions = {},
): Slice2D {
  const fn = 'slice2d';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  checkPoint(fn, 'theta', theta, n);
  checkPoint(fn, 'd1', d1, n);
  checkPoint(fn, 'd2', d2, n);
  const p = options.points ?? 21;
  const [nx, ny] = typeof p === 'number' ? [p, p] : p;
  const xr = options.xRange ?? [-1, 1];
  const x = grid1(fn, { range: xr, points: nx }, [-1, 1]);
  const y = grid1(fn, { range: options.yRange ?? xr, points: ny }, [-1, 1]);
  const data = new Float64Array(nx * ny);
  const z = new Float64Array(n);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const a = x[i]!;
      const b = y[j]!;
      for (let q = 0; q < n; q++) z[q] = theta[q]! + a * d1[q]! + b * d2[q]!;
      data[j * nx + i] = checkComputed(fn, 'f(θ + x d1 + y d2)', objective.loss(z));
    }
  return { x, y, loss: { rows: ny, cols: nx, data } };
}

/** Options of {@link hessianDirections}. */
export interface HessianDirectionsOptions extends HessianOperatorOptions {
  /** Number of directions (default 2). */
  count?: number;
  /** `largest` (default) or `smallest` (most negative) eigenvalues. */
  which?: 'largest' | 'smallest';
  /** `dense` (default for dim ≤ 2000) or `lanczos`. */
  solver?: 'dense' | 'lanczos';
  /** Lanczos seed (default 0). */
  seed?: number;
}

/**
 * Unit Hessian eigenvectors at θ, for slicing along the sharpest or most negative curvature.
 * @returns directions with their eigenvalues (most extreme first) and residuals
 * @throws as {@link hessian} / {@link lanczos}; ArgumentError when count > dim.
 * @see Li et al. 2018 §6; Ghorbani et al. 2019
 * @example const { directions } = hessianDirections(objective, theta, { which: 'smallest' }); // escape directions
 */
export function hessianDirections(
  objective: Objective,
  theta: Float64Array,
  options: HessianDirectionsOptions = {},
): { directions: Float64Array[]; eigenvalues: Float64Array; residuals: Float64Array } {
  const fn = 'hessianDirections';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  checkPoint(fn, 'theta', theta, n);
  const count = options.count ?? 2;
  checkNumber(fn, 'options.count', count, { min: 0, max: n }, true);
  const which = options.which ?? 'largest';
  checkOneOf(fn, 'options.which', which, ['largest', 'smallest'] as const);
  const solver = options.solver ?? (n <= 2000 ? 'dense' : 'lanczos');
  checkOneOf(fn, 'options.solver', solver, ['dense', 'lanczos'] as const);
  const hopts: HessianOperatorOptions = {};
  if (options.method !== undefined) hopts.method = options.method;
  if (options.relStep !== undefined) hopts.relStep = options.relStep;
  if (solver === 'lanczos') {
    const r = lanczos(hessianOperator(objective, theta, hopts), { k: count, which, seed: options.seed ?? 0 });
    return { directions: r.vectors, eigenvalues: r.values, residuals: r.residuals };
  }
  const h = hessian(objective, theta, hopts);
  const sp = denseSpectrum(h.matrix, { vectors: true });
  const V = sp.vectors!;
  const idx = Array.from({ length: count }, (_, i) => (which === 'largest' ? n - 1 - i : i));
  const directions = idx.map((j) => Float64Array.from({ length: n }, (_, i) => V.data[i * n + j]!));
  const residuals = new Float64Array(count).fill(sp.maxResidual ?? 0);
  return { directions, eigenvalues: Float64Array.from(idx, (j) => sp.values[j]!), residuals };
}

/** A trajectory projected onto a plane. */
export interface TrajectoryProjection {
  /** Least-squares coordinates along d₁. */
  x: Float64Array;
  /** Least-squares coordinates along d₂. */
  y: Float64Array;
  /** ‖θ_t − θ₀ − x_t d₁ − y_t d₂‖ (the part of the motion the plane does not show). */
  residual: Float64Array;
  /** residual / ‖θ_t − θ₀‖ (0 where θ_t = θ₀). */
  relativeResidual: Float64Array;
  /** |cos∠(d₁, d₂)|: near 1 means an ill-conditioned plane. */
  directionCosine: number;
}

/**
 * Projects trajectory points onto the plane θ₀ + span(d₁, d₂) by least squares, reporting the residual.
 * @param trajectory points θ_t
 * @param origin θ₀ (e.g. the final iterate)
 * @param d1 first direction
 * @param d2 second direction (linearly independent of d₁)
 * @throws ArgumentError (E_ARG_RANGE) for zero or (numerically) parallel directions; ShapeError / NonFiniteError
 * for malformed points.
 * @see Li et al. 2018 §7 (optimizer trajectories)
 * @example projectTrajectory(run.trajectory, thetaFinal, d1, d2).relativeResidual
 */
export function projectTrajectory(
  trajectory: readonly Float64Array[],
  origin: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
): TrajectoryProjection {
  const fn = 'projectTrajectory';
  checkArray(fn, 'trajectory', trajectory);
  checkPoint(fn, 'origin', origin, origin?.length);
  const n = origin.length;
  checkPoint(fn, 'd1', d1, n);
  checkPoint(fn, 'd2', d2, n);
  const r11 = nrm2(d1);
  if (r11 === 0) throw rangeError(fn, 'd1', 'be nonzero', d1);
  const q1 = d1.map((v) => v / r11);
  const r12 = dot(q1, d2);
  const w = d2.map((v, i) => v - r12 * q1[i]!);
  const r22 = nrm2(w);
  const n2 = nrm2(d2);
  if (!(r22 > 1e-12 * n2)) throw rangeError(fn, 'd2', 'be linearly independent of d1', d2);
  const q2 = w.map((v) => v / r22);
  const T = trajectory.length;
  const x = new Float64Array(T);
  const y = new Float64Array(T);
  const residual = new Float64Array(T);
  const rel = new Float64Array(T);
  const r = new Float64Array(n);
  for (let t = 0; t < T; t++) {
    const p = trajectory[t]!;
    checkPoint(fn, `trajectory[${t}]`, p, n);
    for (let i = 0; i < n; i++) r[i] = p[i]! - origin[i]!;
    const total = nrm2(r);
    const c1 = dot(q1, r);
    for (let i = 0; i < n; i++) r[i] = r[i]! - c1 * q1[i]!;
    const c2 = dot(q2, r);
    for (let i = 0; i < n; i++) r[i] = r[i]! - c2 * q2[i]!;
    const b = c2 / r22;
    y[t] = b;
    x[t] = (c1 - r12 * b) / r11;
    residual[t] = nrm2(r);
    rel[t] = total > 0 ? residual[t]! / total : 0;
  }
  return { x, y, residual, relativeResidual: rel, directionCosine: Math.abs(r12) / n2 };
}
