/**
 * P1 deep linear networks g(W_1, …, W_N) = f(W_N⋯W_1) as objectives, their imbalance invariants, and the
 * sigmoidal two-parameter example of P1 §4.
 *
 * Layout: widths n_0 (= inDim), n_1, …, n_N (= outDim); W_i ∈ R^{n_i × n_{i−1}}; θ = concat(W_1, …, W_N), each
 * row-major. The P1 shape is n_0 = inDim, n_1 = … = n_{N−1} = k, n_N = outDim.
 * Algorithms (all in plain TypeScript: the widths here are small):
 * - gradient, P1 eq. (4): ∇_{W_i} g = A_iᵀ ∇f(P) B_iᵀ with prefix B_i = W_{i−1}⋯W_1 and suffix A_i = W_N⋯W_{i+1};
 * - Hessian-vector product in direction (V_1, …, V_N): the product rule on eq. (4) with forward-mode prefixes
 *   dB_{i+1} = V_i B_i + W_i dB_i and suffixes dA_{i−1} = dA_i W_i + A_i V_i, dP = dB_{N+1}:
 *   [∇²g·V]_i = dA_iᵀ G B_iᵀ + A_iᵀ ∇²f(P)[dP] B_iᵀ + A_iᵀ G dB_iᵀ  (G = ∇f(P));
 * - dense Hessian: columns of the exact hvp, symmetrised.
 * Complexity: O(N) matrix products per gradient or hvp; the dense Hessian is dim hvps.
 * @see P1 §1.1 (eq. 4), §1.2 (imbalance C_i), §1.4 (vector case c, S, z), §1.5 (sigmoidal example); spec §1
 */
import {
  checkFinite,
  checkMatrix,
  checkSize,
  checkVector,
  hessianFromHvp,
  type Matrix,
  type Objective,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';
import { add, checkTheta, eye, mul, mulNT, mulTN, sigmoid, softplus, zeros } from './internal.js';

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

function isScalarCost(c: unknown): c is ScalarCost {
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
  if (!Number.isFinite(y)) throw rangeError('quadraticScalar', 'y', 'be finite', y);
  if (!(scale > 0) || !Number.isFinite(scale))
    throw rangeError('quadraticScalar', 'scale', 'be positive and finite', scale);
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

/** Options of {@link deepLinear}: either `widths`, or `inDim`/`width`/`outDim`/`depth` (P1's shape). */
export interface DeepLinearOptions {
  /** n_0 … n_N (length N + 1, N ≥ 2, every entry ≥ 1). */
  widths?: readonly number[];
  /** n_0 (P1: n). */
  inDim?: number;
  /** Hidden width k (P1: k > n). */
  width?: number;
  /** n_N (P1: n). */
  outDim?: number;
  /** N ≥ 2. */
  depth?: number;
  /** The cost f of the product (a ScalarCost requires inDim = outDim = 1). */
  cost: MatrixCost | ScalarCost;
}

/** The P1 vector-case quantities of {@link DeepLinear.vectorImbalance}. */
export interface VectorImbalance {
  /** c = 2tr(C²) − tr(C)² with C = w_1w_1ᵀ − w_2ᵀw_2 (P1 Proposition 7). */
  c: number;
  /** S = ‖w_1‖² + ‖w_2‖². */
  S: number;
  /** z = w_2 w_1. */
  z: number;
}

/**
 * A deep linear network g(θ) = f(W_N⋯W_1), implementing `Objective` (θ = W_1, …, W_N concatenated row-major).
 * `hvp` and `hessian` exist when the cost provides a Hessian-vector product (every preset does).
 * `minValue` is the cost's inf when the narrowest width is ≥ min(inDim, outDim) (every P reachable), else absent.
 * @example
 * const net = deepLinear({ inDim: 2, width: 4, outDim: 2, depth: 3, cost: leastSquaresCost(identity(2)) });
 * const g = new Float64Array(net.dim);
 * net.grad(theta, g);
 * net.imbalance(theta); // [C_1, C_2], conserved by gradient flow
 */
export class DeepLinear implements Objective {
  readonly dim: number;
  readonly name: string;
  /** N. */
  readonly depth: number;
  /** n_0 … n_N. */
  readonly widths: readonly number[];
  /** The matrix form of the cost. */
  readonly cost: MatrixCost;
  readonly minValue?: number;
  /** Offset of W_i (i = 1..N) in θ: `offsets[i − 1]`. */
  readonly offsets: readonly number[];
  readonly hvp?: (theta: Float64Array, v: Float64Array, out: Float64Array) => void;
  readonly hessian?: (theta: Float64Array) => Matrix;

  /** @internal use {@link deepLinear}. */
  constructor(opts: DeepLinearOptions) {
    const fn = 'deepLinear';
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    let widths: number[];
    if (opts.widths !== undefined) {
      if (!Array.isArray(opts.widths))
        throw typeError(fn, 'opts.widths', 'be an array of integers', opts.widths);
      widths = [...opts.widths];
    } else {
      const N = opts.depth ?? 2;
      checkSize(fn, 'opts.depth', N);
      if (opts.inDim === undefined || opts.width === undefined || opts.outDim === undefined)
        throw typeError(fn, 'opts', 'give widths, or inDim, width and outDim', opts);
      widths = [opts.inDim, ...new Array<number>(Math.max(N - 1, 0)).fill(opts.width), opts.outDim];
    }
    if (widths.length < 3) throw rangeError(fn, 'depth N', 'be at least 2', widths.length - 1);
    widths.forEach((w, i) => {
      checkSize(fn, `widths[${i}]`, w);
      if (w < 1) throw rangeError(fn, `widths[${i}]`, 'be at least 1', w);
    });
    if (opts.cost === null || typeof opts.cost !== 'object')
      throw typeError(fn, 'opts.cost', 'be a cost object', opts.cost);
    let cost: MatrixCost;
    if (isScalarCost(opts.cost)) {
      if (widths[0] !== 1 || widths[widths.length - 1] !== 1)
        throw shapeError(
          fn,
          'inDim and outDim',
          'be 1 for a scalar cost',
          `${widths[0]}, ${widths[widths.length - 1]}`,
        );
      cost = scalarCost(opts.cost);
    } else {
      const c = opts.cost as MatrixCost;
      if (typeof c.value !== 'function' || typeof c.grad !== 'function')
        throw typeError(fn, 'opts.cost', 'have value and grad functions (or f, df, d2f)', c);
      cost = c;
    }
    this.widths = widths;
    this.depth = widths.length - 1;
    this.cost = cost;
    const offs: number[] = [];
    let o = 0;
    for (let i = 1; i < widths.length; i++) {
      offs.push(o);
      o += widths[i]! * widths[i - 1]!;
    }
    this.offsets = offs;
    this.dim = o;
    this.name = `deep-linear(${widths.join('-')},${cost.name ?? 'custom'})`;
    const narrow = Math.min(...widths.slice(1, -1));
    if (cost.minValue !== undefined && narrow >= Math.min(widths[0]!, widths[widths.length - 1]!))
      this.minValue = cost.minValue;
    if (typeof cost.hvp === 'function') {
      this.hvp = (theta, v, out) => this.hvpImpl(theta, v, out);
      this.hessian = (theta) => {
        checkTheta('DeepLinear.hessian', theta, this.dim);
        return hessianFromHvp(this.dim, (e, col) => this.hvpImpl(theta, e, col)).matrix;
      };
    }
  }

  /** The layers W_1 … W_N as matrices (views into θ, not copies). */
  layers(theta: Float64Array): Matrix[] {
    checkTheta('DeepLinear.layers', theta, this.dim);
    return this.views(theta);
  }

  private views(theta: Float64Array): Matrix[] {
    const out: Matrix[] = [];
    for (let i = 1; i <= this.depth; i++) {
      const r = this.widths[i]!;
      const c = this.widths[i - 1]!;
      const o = this.offsets[i - 1]!;
      out.push({ rows: r, cols: c, data: theta.subarray(o, o + r * c) });
    }
    return out;
  }

  /**
   * θ from layers W_1 … W_N (copied).
   * @throws ShapeError when the count or a shape does not match the widths.
   */
  pack(layers: readonly Matrix[]): Float64Array {
    const fn = 'DeepLinear.pack';
    if (!Array.isArray(layers) || layers.length !== this.depth)
      throw shapeError(fn, 'layers.length', `equal depth = ${this.depth}`, (layers as unknown[])?.length);
    const theta = new Float64Array(this.dim);
    layers.forEach((W, i) => {
      checkMatrix(fn, `layers[${i}]`, W);
      if (W.rows !== this.widths[i + 1] || W.cols !== this.widths[i])
        throw shapeError(fn, `layers[${i}]`, `be ${this.widths[i + 1]}×${this.widths[i]}`, W);
      theta.set(W.data, this.offsets[i]);
    });
    return theta;
  }

  /** The end-to-end product P = W_N⋯W_1 (outDim × inDim). */
  product(theta: Float64Array): Matrix {
    checkTheta('DeepLinear.product', theta, this.dim);
    const Ws = this.views(theta);
    let P = Ws[0]!;
    for (let i = 1; i < Ws.length; i++) P = mul(Ws[i]!, P);
    return { rows: P.rows, cols: P.cols, data: P.data.slice() };
  }

  /** g(θ) = f(P). */
  loss(theta: Float64Array): number {
    return this.cost.value(this.product(theta));
  }

  /** Prefixes B_1..B_{N+1} (B_1 = I) and suffixes A_1..A_N (A_N = I), 0-based arrays. */
  private chains(Ws: Matrix[]) {
    const N = this.depth;
    const B: Matrix[] = [eye(this.widths[0]!)];
    for (let i = 0; i < N; i++) B.push(mul(Ws[i]!, B[i]!));
    const A: Matrix[] = new Array(N);
    A[N - 1] = eye(this.widths[N]!);
    for (let i = N - 2; i >= 0; i--) A[i] = mul(A[i + 1]!, Ws[i + 1]!);
    return { A, B };
  }

  /** Writes ∇g(θ) (P1 eq. 4) into `grad` and returns g(θ). */
  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'DeepLinear.grad';
    checkTheta(fn, theta, this.dim);
    checkVector(fn, 'grad', grad, this.dim);
    const Ws = this.views(theta);
    const { A, B } = this.chains(Ws);
    const P = B[this.depth]!;
    const G = this.cost.grad(P);
    for (let i = 0; i < this.depth; i++) {
      const gi = mulNT(mulTN(A[i]!, G), B[i]!);
      grad.set(gi.data, this.offsets[i]);
    }
    return this.cost.value(P);
  }

  private hvpImpl(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const fn = 'DeepLinear.hvp';
    checkTheta(fn, theta, this.dim);
    checkTheta(fn, v, this.dim, 'v');
    checkVector(fn, 'out', out, this.dim);
    const N = this.depth;
    const Ws = this.views(theta);
    const Vs = this.views(v);
    const { A, B } = this.chains(Ws);
    // Forward-mode prefixes dB (dB_1 = 0) and suffixes dA (dA_N = 0).
    const dB: Matrix[] = [zeros(this.widths[0]!, this.widths[0]!)];
    for (let i = 0; i < N; i++) dB.push(add(mul(Vs[i]!, B[i]!), mul(Ws[i]!, dB[i]!)));
    const dA: Matrix[] = new Array(N);
    dA[N - 1] = zeros(this.widths[N]!, this.widths[N]!);
    for (let i = N - 2; i >= 0; i--) dA[i] = add(mul(dA[i + 1]!, Ws[i + 1]!), mul(A[i + 1]!, Vs[i + 1]!));
    const P = B[N]!;
    const G = this.cost.grad(P);
    const HdP = this.cost.hvp!(P, dB[N]!);
    for (let i = 0; i < N; i++) {
      const t1 = mulNT(mulTN(dA[i]!, G), B[i]!);
      const t2 = mulNT(mulTN(A[i]!, HdP), B[i]!);
      const t3 = mulNT(mulTN(A[i]!, G), dB[i]!);
      const o = this.offsets[i]!;
      for (let p = 0; p < t1.data.length; p++) out[o + p] = t1.data[p]! + t2.data[p]! + t3.data[p]!;
    }
  }

  /**
   * The imbalance matrices C_i = W_iW_iᵀ − W_{i+1}ᵀW_{i+1} (n_i × n_i), i = 1..N−1, conserved by gradient flow for
   * every f (P1 Proposition 2).
   * @see P1 §1.2
   */
  imbalance(theta: Float64Array): Matrix[] {
    checkTheta('DeepLinear.imbalance', theta, this.dim);
    const Ws = this.views(theta);
    const out: Matrix[] = [];
    for (let i = 0; i + 1 < Ws.length; i++) {
      const a = mulNT(Ws[i]!, Ws[i]!);
      const b = mulTN(Ws[i + 1]!, Ws[i + 1]!);
      for (let p = 0; p < a.data.length; p++) a.data[p] = a.data[p]! - b.data[p]!;
      out.push(a);
    }
    return out;
  }

  /**
   * The vector case (N = 2, inDim = outDim = 1; w_1 = W_1 a k×1 column, w_2 = W_2 a 1×k row): c = 2tr(C²) − tr(C)²
   * computed from C = w_1w_1ᵀ − w_2ᵀw_2 as defined, S = ‖w_1‖² + ‖w_2‖², z = w_2w_1. In exact arithmetic
   * c = S² − 4z² = ‖w_1 − w_2ᵀ‖²‖w_1 + w_2ᵀ‖² ≥ 0 (spec §1.4).
   * @throws ShapeError when the network is not of the vector shape.
   * @see P1 §3 (Proposition 7)
   */
  vectorImbalance(theta: Float64Array): VectorImbalance {
    const fn = 'DeepLinear.vectorImbalance';
    checkTheta(fn, theta, this.dim);
    const w = this.widths;
    if (this.depth !== 2 || w[0] !== 1 || w[2] !== 1)
      throw shapeError(fn, 'widths', 'be [1, k, 1] (the vector case)', w.join('-'));
    const k = w[1]!;
    const C = this.imbalance(theta)[0]!;
    let tr = 0;
    let tr2 = 0;
    for (let i = 0; i < k; i++) {
      tr += C.data[i * k + i]!;
      for (let j = 0; j < k; j++) tr2 += C.data[i * k + j]! * C.data[j * k + i]!;
    }
    let S = 0;
    let z = 0;
    for (let i = 0; i < k; i++) {
      const a = theta[i]!;
      const b = theta[k + i]!;
      S += a * a + b * b;
      z += a * b;
    }
    return { c: 2 * tr2 - tr * tr, S, z };
  }
}

/**
 * Builds a P1 deep linear network objective.
 * @throws ArgumentError (E_ARG_TYPE) for a missing shape or cost; E_ARG_RANGE for depth < 2 or a zero width;
 * ShapeError for a scalar cost with inDim or outDim ≠ 1.
 * @see P1 §1.1
 * @example
 * const net = deepLinear({ inDim: 1, width: 5, outDim: 1, depth: 2, cost: logisticScalar() });
 * net.vectorImbalance(theta); // { c, S, z }
 */
export function deepLinear(opts: DeepLinearOptions): DeepLinear {
  return new DeepLinear(opts);
}

/**
 * P1 §4's sigmoidal example on θ = (w_1, w_2): g = (1 − w_2σ(w_1))², σ(z) = z/√(1 + z²), with exact gradient and
 * Hessian. {@link SigmoidalExample.invariant} w_2² − ½(1 + w_1²)² is conserved by its gradient flow (P1 eq. 10;
 * −½ at the origin, the paper's "−1" is a typo).
 * @see P1 §1.5 (Fig. 3 right), spec §1.5
 * @example
 * const s = sigmoidalExample();
 * s.invariant(Float64Array.of(0, 0)); // −0.5
 */
export class SigmoidalExample implements Objective {
  readonly dim = 2;
  readonly name = 'sigmoidal-example';
  readonly minValue = 0;

  private parts(fn: string, theta: Float64Array) {
    checkTheta(fn, theta, 2);
    const w1 = theta[0]!;
    const w2 = theta[1]!;
    const q = 1 + w1 * w1;
    const sq = Math.sqrt(q);
    const s = w1 / sq; // σ
    const s1 = 1 / (q * sq); // σ′ = (1 + z²)^{−3/2}
    const s2 = (-3 * w1) / (q * q * sq); // σ″ = −3z(1 + z²)^{−5/2}
    const e = 1 - w2 * s;
    return { w2, s, s1, s2, e };
  }

  loss(theta: Float64Array): number {
    const { e } = this.parts('SigmoidalExample.loss', theta);
    return e * e;
  }

  grad(theta: Float64Array, grad: Float64Array): number {
    const { w2, s, s1, e } = this.parts('SigmoidalExample.grad', theta);
    checkVector('SigmoidalExample.grad', 'grad', grad, 2);
    grad[0] = -2 * e * w2 * s1;
    grad[1] = -2 * e * s;
    return e * e;
  }

  hessian(theta: Float64Array): Matrix {
    const { w2, s, s1, s2, e } = this.parts('SigmoidalExample.hessian', theta);
    const h11 = 2 * w2 * w2 * s1 * s1 - 2 * e * w2 * s2;
    const h12 = 2 * s * w2 * s1 - 2 * e * s1;
    const h22 = 2 * s * s;
    return { rows: 2, cols: 2, data: Float64Array.of(h11, h12, h12, h22) };
  }

  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkTheta('SigmoidalExample.hvp', v, 2, 'v');
    checkVector('SigmoidalExample.hvp', 'out', out, 2);
    const H = this.hessian(theta).data;
    out[0] = H[0]! * v[0]! + H[1]! * v[1]!;
    out[1] = H[2]! * v[0]! + H[3]! * v[1]!;
  }

  /** C(w_1, w_2) = w_2² − ½(1 + w_1²)² (P1 Proposition 8, eq. 10). */
  invariant(theta: Float64Array): number {
    checkTheta('SigmoidalExample.invariant', theta, 2);
    return theta[1]! ** 2 - 0.5 * (1 + theta[0]! ** 2) ** 2;
  }
}

/** Builds P1's sigmoidal example. @see {@link SigmoidalExample} @example const s = sigmoidalExample(); */
export function sigmoidalExample(): SigmoidalExample {
  return new SigmoidalExample();
}
