/**
 * P1 deep linear networks g(W_1, …, W_N) = f(W_N⋯W_1) as objectives and their imbalance invariants. The costs f
 * live in `deepLinearCosts.ts` and the sigmoidal two-parameter example of P1 §4 in `sigmoidalExample.ts`; both are
 * re-exported here, so the public exports of this module are unchanged.
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
import { isScalarCost, type MatrixCost, type ScalarCost, scalarCost } from './deepLinearCosts.js';
import { add, checkTheta, eye, mul, mulNT, mulTN, zeros } from './internal.js';

export {
  leastSquaresCost,
  logisticScalar,
  type MatrixCost,
  quadraticScalar,
  quarticCost,
  quarticScalar,
  type ScalarCost,
  scalarCost,
} from './deepLinearCosts.js';
export { SigmoidalExample, sigmoidalExample } from './sigmoidalExample.js';

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
