/**
 * P2's half-space learning problem (spec §2.5, App. D.1): f(x) = (1/n)Σ_i σ(−b_i xᵀa_i) + (λ/2)‖x‖², σ the logistic
 * sigmoid, labels b_i = ±1 (the paper's text says {0, 1}; with 0 labels a term would be constant, so ±1 as in the
 * spec), λ = 1e−5 by default. Components f_i = σ(−b_i a_iᵀx) + (λ/2)‖x‖² (their mean is f).
 * Exact gradient and Hessian: ∇f_i = −b_i σ′(u_i) a_i + λx, ∇²f_i = σ″(u_i) a_i a_iᵀ + λI with u_i = −b_i a_iᵀx
 * (b_i² = 1). Complexity O(nd) per gradient, O(nd²) per Hessian.
 * f_i* (the component minimum) is computed exactly: f_i depends on x only through t = b_i a_iᵀx/‖a_i‖ and ‖x‖, so
 * the minimum lies on the ray x = t·b_i a_i/‖a_i‖, t ≥ 0, where h(t) = σ(−t‖a_i‖) + (λ/2)t² is strictly convex
 * (h″ = λ + ‖a_i‖²σ′(s)(2σ(s) − 1) > 0 for s = t‖a_i‖ ≥ 0); its root of h′ is found by bisection to the last bit.
 * @see P2 App. D.1, Fig. 2, Fig. 9; spec §2.5
 */
import {
  type ComponentAccess,
  checkFinite,
  checkMatrix,
  checkNumber,
  checkVector,
  type Matrix,
  NON_NEGATIVE,
  type Objective,
  type Rng,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';
import { type TwoGaussianOptions, twoGaussianClasses } from '../data/index.js';
import { checkBatch, checkIndex, checkTheta, sigmoid } from './internal.js';

/** Options of {@link halfSpace}. */
export interface HalfSpaceOptions {
  /** Points, n×d (one per row). */
  A: Matrix;
  /** Labels ±1, length n. */
  b: Float64Array;
  /** ℓ2 strength λ ≥ 0 (default 1e−5, spec §2.5). */
  lambda?: number;
}

/** min_{t ≥ 0} σ(−tα) + (λ/2)t² (α = ‖a_i‖ > 0, λ > 0), by bisection on h′(t) = −ασ(tα)σ(−tα) + λt. */
function rayMinimum(alpha: number, lambda: number): number {
  const dh = (t: number) => -alpha * sigmoid(t * alpha) * sigmoid(-t * alpha) + lambda * t;
  let lo = 0;
  let hi = 1;
  while (dh(hi) <= 0) hi *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (dh(mid) > 0) hi = mid;
    else lo = mid;
  }
  const t = 0.5 * (lo + hi);
  return sigmoid(-t * alpha) + 0.5 * lambda * t * t;
}

/**
 * The half-space learning objective, implementing `Objective` on x ∈ R^d with components.
 * @example
 * const { A, b } = twoGaussianClasses(new Rng(2024));
 * const hs = halfSpace({ A, b });            // λ = 1e−5
 * hs.components.minValue!(0);                // f_0*, exact
 */
export class HalfSpace implements Objective {
  readonly dim: number;
  readonly name: string;
  readonly A: Matrix;
  readonly b: Float64Array;
  readonly lambda: number;
  readonly components: ComponentAccess;
  private readonly fmin: Float64Array;

  /** @internal use {@link halfSpace}. */
  constructor(opts: HalfSpaceOptions) {
    const fn = 'halfSpace';
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    checkMatrix(fn, 'opts.A', opts.A);
    checkFinite(fn, 'opts.A.data', opts.A.data);
    const n = opts.A.rows;
    checkVector(fn, 'opts.b', opts.b, n);
    for (let i = 0; i < n; i++)
      if (opts.b[i] !== 1 && opts.b[i] !== -1) throw rangeError(fn, `opts.b[${i}]`, 'be +1 or −1', opts.b[i]);
    const lambda = opts.lambda ?? 1e-5;
    checkNumber(fn, 'opts.lambda', lambda, NON_NEGATIVE);
    this.A = { rows: n, cols: opts.A.cols, data: opts.A.data.slice() };
    this.b = opts.b.slice();
    this.lambda = lambda;
    this.dim = opts.A.cols;
    this.name = `half-space(n=${n},d=${this.dim},lambda=${lambda})`;
    const d = this.dim;
    this.fmin = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let a2 = 0;
      for (let l = 0; l < d; l++) a2 += this.A.data[i * d + l]! ** 2;
      const alpha = Math.sqrt(a2);
      this.fmin[i] = alpha === 0 ? 0.5 : lambda === 0 ? 0 : rayMinimum(alpha, lambda);
    }
    this.components = this.makeComponents();
  }

  private u(theta: Float64Array, i: number): number {
    const d = this.dim;
    let s = 0;
    for (let l = 0; l < d; l++) s += this.A.data[i * d + l]! * theta[l]!;
    return -this.b[i]! * s;
  }

  private sq(theta: Float64Array): number {
    let s = 0;
    for (const t of theta) s += t * t;
    return s;
  }

  /** Σ_{i∈batch} w·σ(u_i) and g += w·∇ (without the ℓ2 term). */
  private accumulate(
    theta: Float64Array,
    batch: ArrayLike<number>,
    g: Float64Array | undefined,
    w: number,
  ): number {
    const d = this.dim;
    let s = 0;
    for (let t = 0; t < batch.length; t++) {
      const i = batch[t]!;
      const u = this.u(theta, i);
      const sg = sigmoid(u);
      s += sg;
      if (g) {
        const c = -w * this.b[i]! * sg * (1 - sg);
        for (let l = 0; l < d; l++) g[l] = g[l]! + c * this.A.data[i * d + l]!;
      }
    }
    return s * w;
  }

  private all(): Int32Array {
    const n = this.A.rows;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return idx;
  }

  loss(theta: Float64Array): number {
    checkTheta('HalfSpace.loss', theta, this.dim);
    const n = this.A.rows;
    return (
      this.accumulate(theta, this.all(), undefined, n > 0 ? 1 / n : 0) + 0.5 * this.lambda * this.sq(theta)
    );
  }

  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'HalfSpace.grad';
    checkTheta(fn, theta, this.dim);
    checkVector(fn, 'grad', grad, this.dim);
    return this.batchGrad(theta, this.all(), grad);
  }

  private batchGrad(theta: Float64Array, batch: ArrayLike<number>, grad: Float64Array): number {
    grad.fill(0);
    const w = batch.length > 0 ? 1 / batch.length : 0;
    const s = this.accumulate(theta, batch, grad, w);
    for (let l = 0; l < this.dim; l++) grad[l] = grad[l]! + this.lambda * theta[l]!;
    return s + 0.5 * this.lambda * this.sq(theta);
  }

  /** ∇²f = (1/n)Σ_i σ″(u_i) a_i a_iᵀ + λI. */
  hessian(theta: Float64Array): Matrix {
    checkTheta('HalfSpace.hessian', theta, this.dim);
    const d = this.dim;
    const n = this.A.rows;
    const H = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const sg = sigmoid(this.u(theta, i));
      const c = (sg * (1 - sg) * (1 - 2 * sg)) / n;
      for (let r = 0; r < d; r++)
        for (let q = 0; q < d; q++)
          H[r * d + q] = H[r * d + q]! + c * this.A.data[i * d + r]! * this.A.data[i * d + q]!;
    }
    for (let r = 0; r < d; r++) H[r * d + r] = H[r * d + r]! + this.lambda;
    return { rows: d, cols: d, data: H };
  }

  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const fn = 'HalfSpace.hvp';
    checkTheta(fn, theta, this.dim);
    checkTheta(fn, v, this.dim, 'v');
    checkVector(fn, 'out', out, this.dim);
    const d = this.dim;
    const n = this.A.rows;
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const sg = sigmoid(this.u(theta, i));
      let av = 0;
      for (let l = 0; l < d; l++) av += this.A.data[i * d + l]! * v[l]!;
      const c = (sg * (1 - sg) * (1 - 2 * sg) * av) / n;
      for (let l = 0; l < d; l++) out[l] = out[l]! + c * this.A.data[i * d + l]!;
    }
    for (let l = 0; l < d; l++) out[l] = out[l]! + this.lambda * v[l]!;
  }

  private makeComponents(): ComponentAccess {
    const self = this;
    const n = this.A.rows;
    return {
      count: n,
      loss(theta, i) {
        checkTheta('HalfSpace.components.loss', theta, self.dim);
        checkIndex('HalfSpace.components.loss', 'i', i, n);
        return sigmoid(self.u(theta, i)) + 0.5 * self.lambda * self.sq(theta);
      },
      grad(theta, i, g) {
        const fn = 'HalfSpace.components.grad';
        checkTheta(fn, theta, self.dim);
        checkIndex(fn, 'i', i, n);
        checkVector(fn, 'grad', g, self.dim);
        return self.batchGrad(theta, [i], g);
      },
      batchGrad(theta, batch, g) {
        const fn = 'HalfSpace.components.batchGrad';
        checkTheta(fn, theta, self.dim);
        checkBatch(fn, batch, n);
        checkVector(fn, 'grad', g, self.dim);
        return self.batchGrad(theta, batch, g);
      },
      minValue(i) {
        checkIndex('HalfSpace.components.minValue', 'i', i, n);
        return self.fmin[i]!;
      },
    };
  }
}

/**
 * Builds the half-space objective on given points and labels.
 * @throws ShapeError when b has the wrong length; ArgumentError for labels not ±1 or λ < 0; NonFiniteError.
 * @see spec §2.5
 * @example const hs = halfSpace({ A, b, lambda: 1e-5 });
 */
export function halfSpace(opts: HalfSpaceOptions): HalfSpace {
  return new HalfSpace(opts);
}

/**
 * The spec §2.5 setup in one call: `twoGaussianClasses(rng, data)` (20 + 20 points, variance 2, our default means
 * (1, 1) and (−1, −1)) and λ = 1e−5.
 * @throws as {@link twoGaussianClasses} and {@link halfSpace}.
 * @example const hs = halfSpaceProblem(new Rng(0));
 */
export function halfSpaceProblem(rng: Rng, data: TwoGaussianOptions = {}, lambda = 1e-5): HalfSpace {
  const { A, b } = twoGaussianClasses(rng, data);
  if (A.rows !== b.length) throw shapeError('halfSpaceProblem', 'b.length', `equal ${A.rows}`, b.length);
  return halfSpace({ A, b, lambda });
}
