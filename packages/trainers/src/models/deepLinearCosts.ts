/**
 * The costs f of P1's deep linear networks g(W_1, …, W_N) = f(W_N⋯W_1): matrix costs of the product P (least squares,
 * quartic) and the scalar costs of P1's vector case f(w_2 w_1) (quadratic, logistic, quartic), with their value,
 * gradient and Hessian-vector product. Re-exported by `deepLinear.ts`.
 * @see P1 §1.1, §1.4, §1.7; spec §1
 */
import {
  checkFinite,
  checkMatrix,
  checkNumber,
  type Matrix,
  POSITIVE,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';
import { sigmoid, softplus } from './internal.js';

/** A smooth cost f on matrices P (outDim × inDim): value, gradient, optional Hessian-vector product. */
export interface MatrixCost {
  /** Display name. */
  readonly name?: string;
  /** f(P). */
  value(P: Matrix): number;
  /** ∇f(P), same shape as P. */
  grad(P: Matrix): Matrix;
  /** ∇²f(P)[E], same shape as P. Without it the network has no `hvp`/`hessian`. */
  hvp?(P: Matrix, E: Matrix): Matrix;
  /** inf f when known. */
  readonly minValue?: number;
}

/** A smooth f: R → R given by its value and first two derivatives (the P1 "vector" case f(w_2 w_1)). */
export interface ScalarCost {
  readonly name?: string;
  f(z: number): number;
  df(z: number): number;
  d2f(z: number): number;
  /** inf f when known. */
  readonly minValue?: number;
}

/** @internal Whether `c` has the three functions of a {@link ScalarCost} (not re-exported by the package). */
export function isScalarCost(c: unknown): c is ScalarCost {
  const s = c as ScalarCost;
  return typeof s.f === 'function' && typeof s.df === 'function' && typeof s.d2f === 'function';
}

/**
 * Least squares to a target: f(P) = ½‖P − A‖_F², ∇f = P − A, ∇²f[E] = E, inf f = 0.
 * @throws ArgumentError / NonFiniteError for a malformed or non-finite A.
 * @see P1 §1.7 claim 1
 * @example const cost = leastSquaresCost(fromRows([[1, 0], [0, 2]]));
 */
export function leastSquaresCost(A: Matrix): MatrixCost {
  const fn = 'leastSquaresCost';
  checkMatrix(fn, 'A', A);
  checkFinite(fn, 'A.data', A.data);
  const T = { rows: A.rows, cols: A.cols, data: A.data.slice() };
  return {
    name: 'least-squares',
    minValue: 0,
    value(P) {
      let s = 0;
      for (let i = 0; i < P.data.length; i++) s += (P.data[i]! - T.data[i]!) ** 2;
      return 0.5 * s;
    },
    grad(P) {
      const g = new Float64Array(P.data.length);
      for (let i = 0; i < g.length; i++) g[i] = P.data[i]! - T.data[i]!;
      return { rows: P.rows, cols: P.cols, data: g };
    },
    hvp(_P, E) {
      return { rows: E.rows, cols: E.cols, data: E.data.slice() };
    },
  };
}

/**
 * Quartic distance to a target: f(P) = ‖P − A‖_F⁴, ∇f = 4‖R‖²R, ∇²f[E] = 8⟨R, E⟩R + 4‖R‖²E (R = P − A), inf 0.
 * @see P1 §1.7 claim 1 ("f(W) = ‖W − A‖⁴")
 * @example const cost = quarticCost(identity(2));
 */
export function quarticCost(A: Matrix): MatrixCost {
  const fn = 'quarticCost';
  checkMatrix(fn, 'A', A);
  checkFinite(fn, 'A.data', A.data);
  const T = A.data.slice();
  const res = (P: Matrix) => {
    const r = new Float64Array(P.data.length);
    let s = 0;
    for (let i = 0; i < r.length; i++) {
      r[i] = P.data[i]! - T[i]!;
      s += r[i]! * r[i]!;
    }
    return { r, s };
  };
  return {
    name: 'quartic',
    minValue: 0,
    value(P) {
      const { s } = res(P);
      return s * s;
    },
    grad(P) {
      const { r, s } = res(P);
      for (let i = 0; i < r.length; i++) r[i] = 4 * s * r[i]!;
      return { rows: P.rows, cols: P.cols, data: r };
    },
    hvp(P, E) {
      const { r, s } = res(P);
      let re = 0;
      for (let i = 0; i < r.length; i++) re += r[i]! * E.data[i]!;
      const out = new Float64Array(r.length);
      for (let i = 0; i < r.length; i++) out[i] = 8 * re * r[i]! + 4 * s * E.data[i]!;
      return { rows: P.rows, cols: P.cols, data: out };
    },
  };
}

/**
 * f(z) = scale·(z − y)² (default scale ½: f′ = z − y, f″ = 1), inf 0. `quadraticScalar(1, 1)` is the
 * (1 − w_2w_1)² of P1 Fig. 3 (left).
 * @see P1 §1.4 (closed-form flow for ½(z − y)²)
 * @example const cost = quadraticScalar(1);
 */
export function quadraticScalar(y = 1, scale = 0.5): ScalarCost {
  checkNumber('quadraticScalar', 'y', y);
  checkNumber('quadraticScalar', 'scale', scale, POSITIVE);
  return {
    name: `quadratic(y=${y})`,
    minValue: 0,
    f: (z) => scale * (z - y) ** 2,
    df: (z) => 2 * scale * (z - y),
    d2f: () => 2 * scale,
  };
}

/**
 * f(z) = log(1 + e^{−z}) (overflow-safe), f′ = −σ(−z), f″ = σ(z)σ(−z); inf f = 0 (not attained). f′(0) = −½.
 * @see P1 §1.7 claim 1 (logistic f)
 * @example const cost = logisticScalar();
 */
export function logisticScalar(): ScalarCost {
  return {
    name: 'logistic',
    minValue: 0,
    f: (z) => softplus(-z),
    df: (z) => -sigmoid(-z),
    d2f: (z) => sigmoid(z) * sigmoid(-z),
  };
}

/**
 * f(z) = (z − y)⁴, f′ = 4(z − y)³, f″ = 12(z − y)²; inf 0 (a degenerate minimum: f″(y) = 0).
 * @example const cost = quarticScalar(1);
 */
export function quarticScalar(y = 1): ScalarCost {
  if (!Number.isFinite(y)) throw rangeError('quarticScalar', 'y', 'be finite', y);
  return {
    name: `quartic(y=${y})`,
    minValue: 0,
    f: (z) => (z - y) ** 4,
    df: (z) => 4 * (z - y) ** 3,
    d2f: (z) => 12 * (z - y) ** 2,
  };
}

/**
 * The 1×1 matrix cost of a scalar cost: f(P) = s(P₁₁), ∇f = s′(P₁₁), ∇²f[E] = s″(P₁₁)E.
 * @throws ArgumentError (E_ARG_TYPE) when f, df or d2f is missing.
 * @example const cost = scalarCost(logisticScalar()); cost.value(matrix(1, 1, [0])); // ln 2
 */
export function scalarCost(c: ScalarCost): MatrixCost {
  if (!isScalarCost(c)) throw typeError('scalarCost', 'c', 'have functions f, df, d2f', c);
  const one = (x: number): Matrix => ({ rows: 1, cols: 1, data: Float64Array.of(x) });
  const cost: MatrixCost = {
    name: c.name ?? 'scalar',
    value: (P) => c.f(P.data[0]!),
    grad: (P) => one(c.df(P.data[0]!)),
    hvp: (P, E) => one(c.d2f(P.data[0]!) * E.data[0]!),
  };
  return c.minValue === undefined ? cost : { ...cost, minValue: c.minValue };
}
