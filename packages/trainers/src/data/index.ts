/**
 * Seeded data generators for the models (every random draw goes through a passed core-math `Rng`).
 *
 * - P3 (spec §3.4): unit-norm Gaussian inputs, Gaussian or ±1 labels, balanced fixed output weights ±ν.
 * - P4/SS18 Monte Carlo: i.i.d. N(0, I_d) samples and the teacher's outputs on them.
 * - P2 half-space learning (spec §2.5): two Gaussian classes with ±1 labels.
 * Same seed ⇒ bitwise-identical data on every backend (the Rng's bulk fills give identical bits in wasm and TS).
 */
import {
  checkFinite,
  checkMatrix,
  checkNumber,
  checkScalar,
  checkSize,
  type Matrix,
  matrix,
  POSITIVE,
  Rng,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';

function checkRng(fn: string, rng: unknown): asserts rng is Rng {
  if (!(rng instanceof Rng)) throw typeError(fn, 'rng', 'be a core-math Rng', rng);
}

/**
 * An rows×cols matrix of i.i.d. N(0, scale²) entries, filled row by row.
 * @param rng seeded generator (consumed); @param scale standard deviation (default 1)
 * @throws ArgumentError for a bad generator, size or scale.
 * @example const W0 = gaussianMatrix(new Rng(1), 20, 10); // P3: W_0 i.i.d. N(0, 1)
 */
export function gaussianMatrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const fn = 'gaussianMatrix';
  checkRng(fn, rng);
  checkSize(fn, 'rows', rows);
  checkSize(fn, 'cols', cols);
  checkScalar(fn, 'scale', scale);
  const m = matrix(rows, cols, rng.fillNormal(new Float64Array(rows * cols)));
  if (scale !== 1) for (let i = 0; i < m.data.length; i++) m.data[i] = m.data[i]! * scale;
  return m;
}

/**
 * n inputs x_i ~ N(0, I_d) normalised to ‖x_i‖ = 1 (rows of an n×d matrix), the P3 data model.
 * A draw of exactly zero norm (probability 0) is redrawn.
 * @throws ArgumentError for a bad generator or size; E_ARG_RANGE for d = 0 with n > 0.
 * @see P3 §3.1, spec §3.4
 * @example const X = unitNormInputs(new Rng(7), 100, 10);
 */
export function unitNormInputs(rng: Rng, n: number, d: number): Matrix {
  const fn = 'unitNormInputs';
  checkRng(fn, rng);
  checkSize(fn, 'n', n);
  checkSize(fn, 'd', d);
  if (d === 0 && n > 0) throw rangeError(fn, 'd', 'be positive (a unit-norm vector needs d ≥ 1)', d);
  const X = matrix(n, d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    do {
      rng.fillNormal(row);
      s = 0;
      for (let l = 0; l < d; l++) s += row[l]! * row[l]!;
    } while (s === 0);
    const inv = 1 / Math.sqrt(s);
    for (let l = 0; l < d; l++) X.data[i * d + l] = row[l]! * inv;
  }
  return X;
}

/**
 * n labels y_i ~ N(0, σ²) (default σ = 1, spec §3.4).
 * @example const y = gaussianLabels(new Rng(7).split(1), 100);
 */
export function gaussianLabels(rng: Rng, n: number, sigma = 1): Float64Array {
  const fn = 'gaussianLabels';
  checkRng(fn, rng);
  checkSize(fn, 'n', n);
  checkScalar(fn, 'sigma', sigma);
  const y = rng.fillNormal(new Float64Array(n));
  if (sigma !== 1) for (let i = 0; i < n; i++) y[i] = y[i]! * sigma;
  return y;
}

/**
 * n labels uniform on {−1, +1}.
 * @example const y = signLabels(new Rng(3), 40);
 */
export function signLabels(rng: Rng, n: number): Float64Array {
  const fn = 'signLabels';
  checkRng(fn, rng);
  checkSize(fn, 'n', n);
  const y = rng.fillUniform(new Float64Array(n));
  for (let i = 0; i < n; i++) y[i] = y[i]! < 0.5 ? -1 : 1;
  return y;
}

/**
 * The fixed P3 output layer: v_j = +ν for even j and −ν for odd j (balanced signs; one more + when k is odd, so
 * k = 1 gives v = +ν). Default ν = 1/√k (spec §3.4).
 * @throws ArgumentError for a bad k or a non-positive / non-finite ν.
 * @see P3 §3.1
 * @example balancedOutputWeights(4) // [0.5, −0.5, 0.5, −0.5]
 */
export function balancedOutputWeights(k: number, nu?: number): Float64Array {
  const fn = 'balancedOutputWeights';
  checkSize(fn, 'k', k);
  const a = nu ?? 1 / Math.sqrt(Math.max(k, 1));
  checkNumber(fn, 'nu', a, POSITIVE);
  const v = new Float64Array(k);
  for (let j = 0; j < k; j++) v[j] = j % 2 === 0 ? a : -a;
  return v;
}

/**
 * The teacher's outputs Σ_j [v_jᵀx_s]_+ on each row x_s of X (P4/SS18 target function).
 * @param V teacher k×d (neurons as rows); @param X samples m×d
 * @throws ShapeError when the column counts differ; NonFiniteError for NaN/±Infinity.
 * @example const y = teacherOutputs(identity(3), gaussianMatrix(new Rng(1), 1000, 3));
 */
export function teacherOutputs(V: Matrix, X: Matrix): Float64Array {
  const fn = 'teacherOutputs';
  checkMatrix(fn, 'V', V);
  checkMatrix(fn, 'X', X);
  if (V.cols !== X.cols) throw shapeError(fn, 'X.cols', `equal V.cols = ${V.cols}`, X.cols);
  checkFinite(fn, 'V.data', V.data);
  checkFinite(fn, 'X.data', X.data);
  const { rows: m, cols: d } = X;
  const y = new Float64Array(m);
  for (let s = 0; s < m; s++) {
    let t = 0;
    for (let j = 0; j < V.rows; j++) {
      let z = 0;
      for (let l = 0; l < d; l++) z += V.data[j * d + l]! * X.data[s * d + l]!;
      if (z > 0) t += z;
    }
    y[s] = t;
  }
  return y;
}

/** Options of {@link twoGaussianClasses}. */
export interface TwoGaussianOptions {
  /** Points per class (spec §2.5: 20). */
  perClass?: number;
  /** Mean of the +1 class (default (1, 1): our choice, the paper does not state its means). */
  meanPos?: ArrayLike<number>;
  /** Mean of the −1 class (default (−1, −1): our choice). */
  meanNeg?: ArrayLike<number>;
  /** Per-coordinate variance of both classes (spec §2.5: 2). */
  variance?: number;
}

/**
 * Two Gaussian classes for P2's half-space learning: `perClass` points N(meanPos, variance·I) labelled +1, then
 * `perClass` points N(meanNeg, variance·I) labelled −1. The dimension is the length of the means (default 2).
 * @returns `{ A }` (2·perClass × d, one point per row) and `{ b }` (labels ±1)
 * @throws ShapeError when the means differ in length; ArgumentError for bad sizes or a non-positive variance.
 * @see spec §2.5 (half-space learning; labels ±1, 20 + 20 points, variance 2)
 * @example const { A, b } = twoGaussianClasses(new Rng(2024));
 */
export function twoGaussianClasses(rng: Rng, opts: TwoGaussianOptions = {}): { A: Matrix; b: Float64Array } {
  const fn = 'twoGaussianClasses';
  checkRng(fn, rng);
  const per = opts.perClass ?? 20;
  checkSize(fn, 'opts.perClass', per);
  const mp = Float64Array.from(opts.meanPos ?? [1, 1]);
  const mn = Float64Array.from(opts.meanNeg ?? [-1, -1]);
  if (mp.length !== mn.length)
    throw shapeError(fn, 'opts.meanNeg.length', `equal meanPos.length = ${mp.length}`, mn.length);
  checkFinite(fn, 'opts.meanPos', mp);
  checkFinite(fn, 'opts.meanNeg', mn);
  const variance = opts.variance ?? 2;
  checkNumber(fn, 'opts.variance', variance, POSITIVE);
  const d = mp.length;
  const sd = Math.sqrt(variance);
  const A = matrix(2 * per, d, rng.fillNormal(new Float64Array(2 * per * d)));
  const b = new Float64Array(2 * per);
  for (let i = 0; i < 2 * per; i++) {
    const mu = i < per ? mp : mn;
    b[i] = i < per ? 1 : -1;
    for (let l = 0; l < d; l++) A.data[i * d + l] = mu[l]! + sd * A.data[i * d + l]!;
  }
  return { A, b };
}
