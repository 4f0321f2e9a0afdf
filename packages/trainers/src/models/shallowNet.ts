/**
 * The P3 shallow network with a fixed output layer, as an `Objective`.
 *
 * Model: f(x) = vᵀφ(Wx), W ∈ R^{k×d} trained, v ∈ R^k fixed (default ±ν with balanced signs, ν = 1/√k);
 * f(W) = φ(XWᵀ)v ∈ R^n, residual r = f(W) − y, loss L(W) = ½‖r‖² (ONE half, a SUM over samples; the option
 * `reduction: 'mean'` gives L/n instead). θ = W row-major: θ[j·d + l] = W_jl (neuron j, input coordinate l).
 *
 * Algorithms:
 * - loss and gradient ∇L = Σ_i r_i (v ⊙ φ′(Wx_i)) x_iᵀ: core-math's wasm kernel (`shallowNetLossGrad`, 4nkd flops);
 * - Jacobian (n×kd): row i is (v ⊙ φ′(Wx_i)) ⊗ x_iᵀ, i.e. J[i, j·d + l] = v_j φ′(z_ij) x_il (P3 §3.2);
 * - JJᵀ by the identity JJᵀ = (φ′(XWᵀ) diag(v)² φ′(XWᵀ)ᵀ) ⊙ (XXᵀ), O(n²(k + d)) without forming J;
 * - Hessian ∇²L = JᵀJ + Σ_i r_i ∇²f_i, where ∇²f_i is block-diagonal over neurons with blocks v_j φ″(z_ij) x_i x_iᵀ;
 *   the dense Hessian costs O(n(kd)²), the Hessian-vector product O(nkd) (computed without forming J).
 * Numerics: relu uses relu′(0) = relu″ = 0, so its Hessian is the almost-everywhere one (L is not C² on the
 * kinks z_ij = 0). Everything else is exact in exact arithmetic.
 * @see P3 §3.1–3.2; spec §3.4 (protocol); docs/notation.md
 */
import {
  ACTIVATIONS,
  type Activation,
  activate,
  activateDeriv,
  activateDeriv2,
  type ComponentAccess,
  checkFinite,
  checkMatrix,
  checkOneOf,
  checkVector,
  type Matrix,
  type Objective,
  rangeError,
  type ShallowNetSession,
  shallowNetLossGrad,
  shallowNetSession,
  typeError,
} from '@landscape-lab/core-math';
import { balancedOutputWeights } from '../data/index.js';
import { checkBatch, checkIndex, checkTheta, type ScalarActivation, scalarActivation } from './internal.js';

/** Options of {@link shallowNet}. */
export interface ShallowNetOptions {
  /** Inputs n×d, one sample per row (P3: unit-norm rows, see `unitNormInputs`). */
  X: Matrix;
  /** Labels, length n. */
  y: Float64Array;
  /** Hidden activation: relu, softplus, quadratic, tanh, sigmoid (or linear). */
  activation: Activation;
  /** Fixed output weights (length k). Default: `balancedOutputWeights(k, nu)`. */
  v?: Float64Array;
  /** Width k, required when `v` is not given. */
  k?: number;
  /** Output magnitude ν for the default v (default 1/√k). */
  nu?: number;
  /** 'sum' (default, P3's ½‖r‖²) or 'mean' (½‖r‖²/n). */
  reduction?: 'sum' | 'mean';
  /** Display name (default `shallow-net(n=…,d=…,k=…,activation)`). */
  name?: string;
}

/**
 * A P3 shallow network on fixed data, implementing `Objective` (θ = W, k×d row-major).
 *
 * Components (for SGD and the α-β condition): f_i = ½r_i², the per-sample loss, count n. With the default
 * `reduction: 'sum'` the objective is L = Σ_i f_i = n·(1/n)Σ_i f_i, i.e. the components describe L/n; with
 * `reduction: 'mean'` the objective is exactly the mean of the components, as `ComponentAccess` states.
 * @example
 * const rng = new Rng(1);
 * const net = shallowNet({ X: unitNormInputs(rng.split(0), 100, 10), y: gaussianLabels(rng.split(1), 100), k: 20, activation: 'softplus' });
 * const g = new Float64Array(net.dim);
 * const L = net.grad(gaussianMatrix(rng.split(2), 20, 10).data, g);
 */
export class ShallowNet implements Objective {
  readonly dim: number;
  readonly name: string;
  /** Samples n. */
  readonly n: number;
  /** Input dimension d. */
  readonly d: number;
  /** Hidden width k. */
  readonly k: number;
  readonly activation: Activation;
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly v: Float64Array;
  readonly reduction: 'sum' | 'mean';
  readonly components: ComponentAccess;
  private readonly scale: number;
  private readonly act: ScalarActivation;
  private readonly yNorm: number;

  /** @internal use {@link shallowNet}. */
  constructor(opts: ShallowNetOptions) {
    const fn = 'shallowNet';
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    checkMatrix(fn, 'opts.X', opts.X);
    checkFinite(fn, 'opts.X.data', opts.X.data);
    const n = opts.X.rows;
    checkVector(fn, 'opts.y', opts.y, n);
    checkFinite(fn, 'opts.y', opts.y);
    checkOneOf(fn, 'opts.activation', opts.activation, ACTIVATIONS);
    let v: Float64Array;
    if (opts.v !== undefined) {
      checkVector(fn, 'opts.v', opts.v);
      checkFinite(fn, 'opts.v', opts.v);
      if (opts.k !== undefined && opts.k !== opts.v.length)
        throw rangeError(fn, 'opts.k', `equal v.length = ${opts.v.length}`, opts.k);
      v = opts.v.slice();
    } else {
      if (opts.k === undefined) throw typeError(fn, 'opts.k', 'be given when opts.v is not', undefined);
      v = balancedOutputWeights(opts.k, opts.nu);
    }
    const red = opts.reduction ?? 'sum';
    if (red !== 'sum' && red !== 'mean') throw rangeError(fn, 'opts.reduction', "be 'sum' or 'mean'", red);
    this.X = { rows: n, cols: opts.X.cols, data: opts.X.data.slice() };
    this.y = opts.y.slice();
    this.v = v;
    this.n = n;
    this.d = opts.X.cols;
    this.k = v.length;
    this.activation = opts.activation;
    this.act = scalarActivation(opts.activation)!;
    this.reduction = red;
    this.scale = red === 'mean' && n > 0 ? 1 / n : 1;
    this.dim = this.k * this.d;
    this.name =
      opts.name ??
      `shallow-net(n=${n},d=${this.d},k=${this.k},${opts.activation}${red === 'mean' ? ',mean' : ''})`;
    let yy = 0;
    for (const t of this.y) yy += t * t;
    this.yNorm = Math.sqrt(yy);
    this.components = this.makeComponents();
  }

  private get data() {
    return { X: this.X, y: this.y, v: this.v, activation: this.activation };
  }

  /** L(θ) (scaled by 1/n for `reduction: 'mean'`). Runs the wasm kernel on the active backend. */
  loss(theta: Float64Array): number {
    checkTheta('ShallowNet.loss', theta, this.dim);
    return this.scale * shallowNetLossGrad(this.data, theta);
  }

  /** Writes ∇L(θ) into `grad` and returns L(θ). */
  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'ShallowNet.grad';
    checkTheta(fn, theta, this.dim);
    checkVector(fn, 'grad', grad, this.dim);
    const L = shallowNetLossGrad(this.data, theta, grad);
    if (this.scale !== 1) for (let p = 0; p < this.dim; p++) grad[p] = grad[p]! * this.scale;
    return this.scale * L;
  }

  /** The residual vector r = φ(XWᵀ)v − y (length n), into `out` when given. */
  residualVector(theta: Float64Array, out?: Float64Array): Float64Array {
    const fn = 'ShallowNet.residualVector';
    checkTheta(fn, theta, this.dim);
    if (out !== undefined) checkVector(fn, 'out', out, this.n);
    const r = out ?? new Float64Array(this.n);
    shallowNetLossGrad(this.data, theta, undefined, r);
    return r;
  }

  /** The relative residual ‖r‖/‖y‖ (‖r‖ when y = 0): the quantity of P3's success criterion (spec §3.4). */
  residual(theta: Float64Array): number {
    checkTheta('ShallowNet.residual', theta, this.dim);
    const rn = Math.sqrt(2 * shallowNetLossGrad(this.data, theta));
    return this.yNorm > 0 ? rn / this.yNorm : rn;
  }

  /** Pre-activations Z = XWᵀ (n×k), plain loops. */
  private preActivations(theta: Float64Array): Float64Array {
    const { n, d, k } = this;
    const X = this.X.data;
    const Z = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += X[i * d + l]! * theta[j * d + l]!;
        Z[i * k + j] = s;
      }
    return Z;
  }

  /** The network outputs f(W) = φ(XWᵀ)v (length n). */
  predict(theta: Float64Array): Float64Array {
    checkTheta('ShallowNet.predict', theta, this.dim);
    const { n, k } = this;
    const P = activate(this.activation, this.preActivations(theta));
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += this.v[j]! * P[i * k + j]!;
      f[i] = s;
    }
    return f;
  }

  /**
   * The Jacobian of f(W) ∈ R^n with respect to θ = vec(W): n×kd, J[i, j·d + l] = v_j φ′(z_ij) x_il.
   * Unscaled by the reduction (it is the Jacobian of the outputs, not of the loss).
   * @see P3 §3.2
   */
  jacobian(theta: Float64Array): Matrix {
    checkTheta('ShallowNet.jacobian', theta, this.dim);
    const { n, d, k, dim } = this;
    const D = activateDeriv(this.activation, this.preActivations(theta));
    const J = new Float64Array(n * dim);
    const X = this.X.data;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        const c = this.v[j]! * D[i * k + j]!;
        for (let l = 0; l < d; l++) J[i * dim + j * d + l] = c * X[i * d + l]!;
      }
    return { rows: n, cols: dim, data: J };
  }

  /**
   * JJᵀ (n×n) by the identity JJᵀ = (φ′(XWᵀ) diag(v)² φ′(XWᵀ)ᵀ) ⊙ (XXᵀ), without forming J.
   * @see P3 §3.2 (the identity; E[J(W₀)J(W₀)ᵀ] = ‖v‖²Σ(X))
   */
  jacobianGram(theta: Float64Array): Matrix {
    checkTheta('ShallowNet.jacobianGram', theta, this.dim);
    const { n, d, k } = this;
    const D = activateDeriv(this.activation, this.preActivations(theta));
    const X = this.X.data;
    const v2 = this.v.map((t) => t * t);
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let m = 0; m <= i; m++) {
        let a = 0;
        for (let j = 0; j < k; j++) a += D[i * k + j]! * v2[j]! * D[m * k + j]!;
        let b = 0;
        for (let l = 0; l < d; l++) b += X[i * d + l]! * X[m * d + l]!;
        G[i * n + m] = a * b;
        G[m * n + i] = a * b;
      }
    return { rows: n, cols: n, data: G };
  }

  /** Shared pieces of the second-order methods: z, φ′, φ″ (n×k) and r (n). */
  private secondOrder(theta: Float64Array) {
    const Z = this.preActivations(theta);
    const D1 = activateDeriv(this.activation, Z);
    const D2 = activateDeriv2(this.activation, Z);
    const r = this.residualVector(theta);
    return { D1, D2, r };
  }

  /**
   * The exact Hessian (kd×kd): JᵀJ + Σ_i r_i ∇²f_i, ∇²f_i block-diagonal with blocks v_j φ″(z_ij) x_i x_iᵀ
   * (scaled by 1/n for `reduction: 'mean'`). O(n(kd)²).
   */
  hessian(theta: Float64Array): Matrix {
    checkTheta('ShallowNet.hessian', theta, this.dim);
    const { n, d, k, dim } = this;
    const { D1, D2, r } = this.secondOrder(theta);
    const X = this.X.data;
    const H = new Float64Array(dim * dim);
    const row = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const c = this.v[j]! * D1[i * k + j]!;
        for (let l = 0; l < d; l++) row[j * d + l] = c * X[i * d + l]!;
      }
      for (let p = 0; p < dim; p++) {
        const a = row[p]!;
        if (a === 0) continue;
        for (let q = 0; q < dim; q++) H[p * dim + q] = H[p * dim + q]! + a * row[q]!;
      }
      for (let j = 0; j < k; j++) {
        const c = r[i]! * this.v[j]! * D2[i * k + j]!;
        if (c === 0) continue;
        for (let l = 0; l < d; l++) {
          const a = c * X[i * d + l]!;
          for (let m = 0; m < d; m++)
            H[(j * d + l) * dim + j * d + m] = H[(j * d + l) * dim + j * d + m]! + a * X[i * d + m]!;
        }
      }
    }
    if (this.scale !== 1) for (let p = 0; p < H.length; p++) H[p] = H[p]! * this.scale;
    return { rows: dim, cols: dim, data: H };
  }

  /** out = ∇²L(θ)·u in O(nkd): Jᵀ(Ju) + Σ_i r_i Σ_j v_j φ″(z_ij) x_i (x_iᵀu_j). */
  hvp(theta: Float64Array, u: Float64Array, out: Float64Array): void {
    const fn = 'ShallowNet.hvp';
    checkTheta(fn, theta, this.dim);
    checkTheta(fn, u, this.dim, 'v');
    checkVector(fn, 'out', out, this.dim);
    const { n, d, k } = this;
    const { D1, D2, r } = this.secondOrder(theta);
    const X = this.X.data;
    out.fill(0);
    const s = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      // s_j = x_iᵀu_j; (Ju)_i = Σ_j v_j φ′_ij s_j.
      let ju = 0;
      for (let j = 0; j < k; j++) {
        let t = 0;
        for (let l = 0; l < d; l++) t += X[i * d + l]! * u[j * d + l]!;
        s[j] = t;
        ju += this.v[j]! * D1[i * k + j]! * t;
      }
      for (let j = 0; j < k; j++) {
        const c = this.v[j]! * (D1[i * k + j]! * ju + r[i]! * D2[i * k + j]! * s[j]!);
        if (c === 0) continue;
        for (let l = 0; l < d; l++) out[j * d + l] = out[j * d + l]! + c * X[i * d + l]!;
      }
    }
    if (this.scale !== 1) for (let p = 0; p < this.dim; p++) out[p] = out[p]! * this.scale;
  }

  /**
   * A resident core-math session on the active backend with W = θ0, for thousands of GD steps in one wasm call
   * (`session.gdSteps({ step, maxIters, residualTol })`). The session always works on the unscaled L = ½‖r‖².
   * Dispose it when done.
   */
  session(theta0: Float64Array): ShallowNetSession {
    checkTheta('ShallowNet.session', theta0, this.dim, 'theta0');
    return shallowNetSession(this.data, theta0);
  }

  /** Pre-activation row z_i· for one sample. */
  private sampleZ(theta: Float64Array, i: number, z: Float64Array): number {
    const { d, k } = this;
    const X = this.X.data;
    let f = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += X[i * d + l]! * theta[j * d + l]!;
      z[j] = s;
      f += this.v[j]! * this.act.f(s);
    }
    return f - this.y[i]!;
  }

  /** The infimum of f_i = ½(vᵀφ(Wx_i) − y_i)² over W: ½ dist(y_i, range)², the range being Σ_j v_j·φ(R). */
  private componentMin(i: number): number {
    const { d, k } = this;
    let x2 = 0;
    for (let l = 0; l < d; l++) x2 += this.X.data[i * d + l]! ** 2;
    if (x2 === 0) {
      let f = 0;
      for (let j = 0; j < k; j++) f += this.v[j]! * this.act.f(0);
      return 0.5 * (f - this.y[i]!) ** 2;
    }
    // Closure of φ(R) per activation: relu, softplus, quadratic [0, ∞); tanh [−1, 1]; sigmoid [0, 1]; linear R.
    const range: Record<string, [number, number]> = {
      relu: [0, Infinity],
      softplus: [0, Infinity],
      quadratic: [0, Infinity],
      tanh: [-1, 1],
      sigmoid: [0, 1],
      linear: [-Infinity, Infinity],
    };
    const [a, b] = range[this.activation]!;
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < k; j++) {
      const vj = this.v[j]!;
      if (vj === 0) continue;
      const p = vj * a;
      const q = vj * b;
      lo += Math.min(p, q);
      hi += Math.max(p, q);
    }
    const y = this.y[i]!;
    const dist = y < lo ? lo - y : y > hi ? y - hi : 0;
    return 0.5 * dist * dist;
  }

  private makeComponents(): ComponentAccess {
    const self = this;
    const { n, d, k } = this;
    const z = new Float64Array(k);
    const gradInto = (theta: Float64Array, i: number, g: Float64Array, w: number): number => {
      const r = self.sampleZ(theta, i, z);
      for (let j = 0; j < k; j++) {
        const c = w * r * self.v[j]! * self.act.d1(z[j]!);
        if (c === 0) continue;
        for (let l = 0; l < d; l++) g[j * d + l] = g[j * d + l]! + c * self.X.data[i * d + l]!;
      }
      return 0.5 * r * r;
    };
    return {
      count: n,
      loss(theta, i) {
        checkTheta('ShallowNet.components.loss', theta, self.dim);
        checkIndex('ShallowNet.components.loss', 'i', i, n);
        const r = self.sampleZ(theta, i, z);
        return 0.5 * r * r;
      },
      grad(theta, i, g) {
        const fn = 'ShallowNet.components.grad';
        checkTheta(fn, theta, self.dim);
        checkIndex(fn, 'i', i, n);
        checkVector(fn, 'grad', g, self.dim);
        g.fill(0);
        return gradInto(theta, i, g, 1);
      },
      batchGrad(theta, batch, g) {
        const fn = 'ShallowNet.components.batchGrad';
        checkTheta(fn, theta, self.dim);
        checkBatch(fn, batch, n);
        checkVector(fn, 'grad', g, self.dim);
        g.fill(0);
        const w = 1 / batch.length;
        let s = 0;
        for (let t = 0; t < batch.length; t++) s += gradInto(theta, batch[t]!, g, w);
        return s * w;
      },
      minValue(i) {
        checkIndex('ShallowNet.components.minValue', 'i', i, n);
        return self.componentMin(i);
      },
    };
  }
}

/**
 * Builds the P3 shallow-network objective (data and v are copied).
 * @throws ShapeError when X, y, v disagree; ArgumentError (E_ARG_TYPE) when neither v nor k is given;
 * ArgumentError (E_ARG_RANGE) for an unknown activation/reduction or k ≠ v.length; NonFiniteError for NaN/±Infinity.
 * @see P3 §3.1–3.2
 * @example
 * const net = shallowNet({ X, y, k: 20, activation: 'relu' });
 * const J = net.jacobian(W0), G = net.jacobianGram(W0); // G ≈ J·Jᵀ
 */
export function shallowNet(opts: ShallowNetOptions): ShallowNet {
  return new ShallowNet(opts);
}
