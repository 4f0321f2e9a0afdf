/**
 * Small multi-layer perceptrons on a data set, as finite-sum objectives (P2 §2.5 experiments, Ex. 5).
 *
 * Network: a_0 = x, z_l = W_l a_{l−1} + b_l, a_l = φ(z_l) for hidden layers, output o = z_L (linear).
 * Per-sample loss ℓ_i: 'mse' ½‖o − y_i‖², 'logistic' log(1 + e^{−y_i o}) (labels ±1, one output), 'softmax'
 * log Σ_c e^{o_c} − o_{y_i} (labels are class indices). Components f_i = ℓ_i + (λ/2)‖θ‖² and f = (1/m)Σ_i f_i, as
 * `ComponentAccess` states (the ℓ2 term sits in every component, so f = mean loss + (λ/2)‖θ‖²).
 * θ layout: for l = 1..L, W_l (n_l × n_{l−1}, row-major) then b_l (n_l, when `bias`).
 * Algorithms (TypeScript): per-sample backpropagation for the gradient; the exact Hessian-vector product by
 * Pearlmutter's R-operator (forward-over-reverse: R-forward of z, a; R-backward of δ), and the dense Hessian from
 * its columns. Complexity: O(m·P) per gradient or hvp, P the number of parameters.
 * Numerics: softplus/sigmoid/log-sum-exp are overflow-safe; relu uses relu′(0) = relu″ = 0 (a.e. Hessian).
 * @see P2 §2.2 Ex. 5, §2.5 (MLP rows); spec §2
 */
import {
  type ComponentAccess,
  checkFinite,
  checkMatrix,
  checkNumber,
  checkOneOf,
  checkSize,
  checkVector,
  hessianFromHvp,
  type Matrix,
  NON_NEGATIVE,
  type Objective,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';
import {
  checkBatch,
  checkIndex,
  checkTheta,
  type ScalarActivation,
  scalarActivation,
  sigmoid,
  softplus,
} from './internal.js';

/** Per-sample loss of an {@link Mlp}. */
export type MlpLoss = 'mse' | 'logistic' | 'softmax';

/** Hidden activations an {@link Mlp} accepts. */
export type MlpActivation = 'relu' | 'softplus' | 'tanh' | 'sigmoid';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Layer sizes [inDim, hidden…, outDim] (length ≥ 2; P2 uses 2–3 weight layers). */
  layers: readonly number[];
  /** Hidden activation. */
  activation: MlpActivation;
  /** Per-sample loss. */
  loss: MlpLoss;
  /** Inputs m × inDim. */
  X: Matrix;
  /**
   * Labels: 'mse' — m×outDim values (a Matrix, or a flat array of m·outDim); 'logistic' — m values ±1 (outDim 1);
   * 'softmax' — m class indices in [0, outDim).
   */
  y: Matrix | ArrayLike<number>;
  /** ℓ2 strength λ ≥ 0 (default 0). */
  l2?: number;
  /** Biases in every layer (default true). */
  bias?: boolean;
}

/**
 * An MLP on fixed data implementing `Objective` with per-sample components (loss, grad, batchGrad, minValue).
 * @example
 * const net = mlp({ layers: [2, 16, 1], activation: 'tanh', loss: 'logistic', X, y: signs, l2: 1e-4 });
 * const theta = net.init(new Rng(1));
 * const g = new Float64Array(net.dim);
 * net.grad(theta, g);
 */
export class Mlp implements Objective {
  readonly dim: number;
  readonly name: string;
  /** Layer sizes n_0 … n_L. */
  readonly layers: readonly number[];
  readonly activation: MlpActivation;
  readonly lossKind: MlpLoss;
  readonly l2: number;
  readonly bias: boolean;
  /** Samples m. */
  readonly count: number;
  readonly components: ComponentAccess;
  private readonly X: Float64Array;
  private readonly Y: Float64Array;
  private readonly act: ScalarActivation;
  private readonly wOff: number[] = [];
  private readonly bOff: number[] = [];

  /** @internal use {@link mlp}. */
  constructor(opts: MlpOptions) {
    const fn = 'mlp';
    if (opts === null || typeof opts !== 'object') throw typeError(fn, 'opts', 'be an object', opts);
    if (!Array.isArray(opts.layers)) throw typeError(fn, 'opts.layers', 'be an array of sizes', opts.layers);
    if (opts.layers.length < 2)
      throw rangeError(fn, 'opts.layers.length', 'be at least 2', opts.layers.length);
    opts.layers.forEach((s, i) => {
      checkSize(fn, `opts.layers[${i}]`, s);
      if (s < 1) throw rangeError(fn, `opts.layers[${i}]`, 'be at least 1', s);
    });
    checkOneOf(fn, 'opts.activation', opts.activation, ['relu', 'softplus', 'tanh', 'sigmoid']);
    checkOneOf(fn, 'opts.loss', opts.loss, ['mse', 'logistic', 'softmax']);
    checkMatrix(fn, 'opts.X', opts.X);
    const sizes = [...opts.layers];
    const L = sizes.length - 1;
    if (opts.X.cols !== sizes[0])
      throw shapeError(fn, 'opts.X.cols', `equal layers[0] = ${sizes[0]}`, opts.X.cols);
    checkFinite(fn, 'opts.X.data', opts.X.data);
    const m = opts.X.rows;
    const out = sizes[L]!;
    const yv = opts.y as Matrix;
    const yflat: ArrayLike<number> =
      yv !== null && typeof yv === 'object' && yv.data instanceof Float64Array
        ? yv.data
        : (opts.y as ArrayLike<number>);
    if (yflat === null || typeof yflat !== 'object' || typeof yflat.length !== 'number')
      throw typeError(fn, 'opts.y', 'be a Matrix or an array of labels', opts.y);
    let Y: Float64Array;
    if (opts.loss === 'mse') {
      if (yflat.length !== m * out)
        throw shapeError(fn, 'opts.y', `have m·outDim = ${m * out} values`, yflat.length);
      Y = Float64Array.from(yflat);
      checkFinite(fn, 'opts.y', Y);
    } else if (opts.loss === 'logistic') {
      if (out !== 1) throw shapeError(fn, 'outDim', "be 1 for the 'logistic' loss", out);
      if (yflat.length !== m) throw shapeError(fn, 'opts.y.length', `equal m = ${m}`, yflat.length);
      Y = Float64Array.from(yflat);
      for (let i = 0; i < m; i++)
        if (Y[i] !== 1 && Y[i] !== -1) throw rangeError(fn, `opts.y[${i}]`, 'be +1 or −1', Y[i]);
    } else {
      if (out < 2) throw shapeError(fn, 'outDim', "be at least 2 for the 'softmax' loss", out);
      if (yflat.length !== m) throw shapeError(fn, 'opts.y.length', `equal m = ${m}`, yflat.length);
      Y = Float64Array.from(yflat);
      for (let i = 0; i < m; i++)
        if (!Number.isInteger(Y[i]) || Y[i]! < 0 || Y[i]! >= out)
          throw rangeError(fn, `opts.y[${i}]`, `be a class index in [0, ${out})`, Y[i]);
    }
    const l2 = opts.l2 ?? 0;
    checkNumber(fn, 'opts.l2', l2, NON_NEGATIVE);
    const bias = opts.bias ?? true;
    if (typeof bias !== 'boolean') throw typeError(fn, 'opts.bias', 'be a boolean', bias);
    let o = 0;
    for (let l = 1; l <= L; l++) {
      this.wOff.push(o);
      o += sizes[l]! * sizes[l - 1]!;
      this.bOff.push(o);
      if (bias) o += sizes[l]!;
    }
    this.dim = o;
    this.layers = sizes;
    this.activation = opts.activation;
    this.act = scalarActivation(opts.activation)!;
    this.lossKind = opts.loss;
    this.l2 = l2;
    this.bias = bias;
    this.count = m;
    this.X = opts.X.data.slice();
    this.Y = Y;
    this.name = `mlp(${sizes.join('-')},${opts.activation},${opts.loss}${l2 > 0 ? `,l2=${l2}` : ''})`;
    this.components = this.makeComponents();
  }

  /**
   * A random initial θ: W_l entries N(0, 1/n_{l−1}) (LeCun/"Xavier"-style fan-in scaling), biases 0.
   * @param rng a core-math Rng (consumed)
   */
  init(rng: { normal(): number }): Float64Array {
    const theta = new Float64Array(this.dim);
    const s = this.layers;
    for (let l = 1; l < s.length; l++) {
      const sd = 1 / Math.sqrt(s[l - 1]!);
      const o = this.wOff[l - 1]!;
      for (let p = 0; p < s[l]! * s[l - 1]!; p++) theta[o + p] = sd * rng.normal();
    }
    return theta;
  }

  /** Buffers for one sample: z_l, a_l (a_0 aliases x), δ_l, and their R-versions. */
  private buffers() {
    const s = this.layers;
    const mk = () => s.map((n) => new Float64Array(n));
    return { z: mk(), a: mk(), delta: mk(), Rz: mk(), Ra: mk(), Rdelta: mk(), e: mk(), Re: mk() };
  }

  /** Forward pass of sample i; returns nothing, fills z and a (a[0] = x_i). */
  private forward(theta: Float64Array, i: number, z: Float64Array[], a: Float64Array[]): void {
    const s = this.layers;
    const L = s.length - 1;
    const x = a[0]!;
    for (let c = 0; c < s[0]!; c++) x[c] = this.X[i * s[0]! + c]!;
    for (let l = 1; l <= L; l++) {
      const W = this.wOff[l - 1]!;
      const B = this.bOff[l - 1]!;
      const n = s[l]!;
      const p = s[l - 1]!;
      const prev = a[l - 1]!;
      const zl = z[l]!;
      for (let r = 0; r < n; r++) {
        let t = this.bias ? theta[B + r]! : 0;
        for (let c = 0; c < p; c++) t += theta[W + r * p + c]! * prev[c]!;
        zl[r] = t;
      }
      const al = a[l]!;
      if (l < L) for (let r = 0; r < n; r++) al[r] = this.act.f(zl[r]!);
      else al.set(zl);
    }
  }

  /** ℓ_i(o) and its gradient with respect to o into g. */
  private outLoss(o: Float64Array, i: number, g: Float64Array): number {
    const y = this.Y;
    if (this.lossKind === 'mse') {
      const q = o.length;
      let s = 0;
      for (let c = 0; c < q; c++) {
        const r = o[c]! - y[i * q + c]!;
        g[c] = r;
        s += r * r;
      }
      return 0.5 * s;
    }
    if (this.lossKind === 'logistic') {
      const t = y[i]! * o[0]!;
      g[0] = -y[i]! * sigmoid(-t);
      return softplus(-t);
    }
    let mx = Number.NEGATIVE_INFINITY;
    for (const v of o) mx = Math.max(mx, v);
    let se = 0;
    for (let c = 0; c < o.length; c++) se += Math.exp(o[c]! - mx);
    const lse = mx + Math.log(se);
    for (let c = 0; c < o.length; c++) g[c] = Math.exp(o[c]! - lse);
    const cls = y[i]!;
    g[cls] = g[cls]! - 1;
    return lse - o[cls]!;
  }

  /** ∇²ℓ_i(o)·u into out. */
  private outHvp(o: Float64Array, i: number, u: Float64Array, out: Float64Array): void {
    if (this.lossKind === 'mse') {
      out.set(u);
      return;
    }
    if (this.lossKind === 'logistic') {
      const t = this.Y[i]! * o[0]!;
      out[0] = sigmoid(t) * sigmoid(-t) * u[0]!;
      return;
    }
    let mx = Number.NEGATIVE_INFINITY;
    for (const v of o) mx = Math.max(mx, v);
    let se = 0;
    for (let c = 0; c < o.length; c++) se += Math.exp(o[c]! - mx);
    const lse = mx + Math.log(se);
    let pu = 0;
    for (let c = 0; c < o.length; c++) {
      out[c] = Math.exp(o[c]! - lse);
      pu += out[c]! * u[c]!;
    }
    for (let c = 0; c < o.length; c++) out[c] = out[c]! * (u[c]! - pu);
  }

  /** ℓ_i and (when g) g += w·∇ℓ_i (without the ℓ2 term). */
  private sample(
    theta: Float64Array,
    i: number,
    g: Float64Array | undefined,
    w: number,
    bf = this.buffers(),
  ): number {
    const s = this.layers;
    const L = s.length - 1;
    const { z, a, delta } = bf;
    this.forward(theta, i, z, a);
    const li = this.outLoss(a[L]!, i, delta[L]!);
    if (!g) return li;
    for (let l = L; l >= 1; l--) {
      const n = s[l]!;
      const p = s[l - 1]!;
      const W = this.wOff[l - 1]!;
      const B = this.bOff[l - 1]!;
      const dl = delta[l]!;
      const prev = a[l - 1]!;
      for (let r = 0; r < n; r++) {
        const c = w * dl[r]!;
        if (c === 0) continue;
        for (let q = 0; q < p; q++) g[W + r * p + q] = g[W + r * p + q]! + c * prev[q]!;
        if (this.bias) g[B + r] = g[B + r]! + c;
      }
      if (l > 1) {
        const dp = delta[l - 1]!;
        const zp = z[l - 1]!;
        for (let q = 0; q < p; q++) {
          let t = 0;
          for (let r = 0; r < n; r++) t += theta[W + r * p + q]! * dl[r]!;
          dp[q] = this.act.d1(zp[q]!) * t;
        }
      }
    }
    return li;
  }

  /** out += w·∇²ℓ_i(θ)·u (R-operator; without the ℓ2 term). */
  private sampleHvp(
    theta: Float64Array,
    u: Float64Array,
    i: number,
    out: Float64Array,
    w: number,
    bf: ReturnType<Mlp['buffers']>,
  ): void {
    const s = this.layers;
    const L = s.length - 1;
    const { z, a, delta, Rz, Ra, Rdelta, e, Re } = bf;
    this.forward(theta, i, z, a);
    Ra[0]!.fill(0);
    for (let l = 1; l <= L; l++) {
      const n = s[l]!;
      const p = s[l - 1]!;
      const W = this.wOff[l - 1]!;
      const B = this.bOff[l - 1]!;
      const prev = a[l - 1]!;
      const Rprev = Ra[l - 1]!;
      const rz = Rz[l]!;
      for (let r = 0; r < n; r++) {
        let t = this.bias ? u[B + r]! : 0;
        for (let c = 0; c < p; c++) t += u[W + r * p + c]! * prev[c]! + theta[W + r * p + c]! * Rprev[c]!;
        rz[r] = t;
      }
      const ra = Ra[l]!;
      if (l < L) for (let r = 0; r < n; r++) ra[r] = this.act.d1(z[l]![r]!) * rz[r]!;
      else ra.set(rz);
    }
    this.outLoss(a[L]!, i, delta[L]!);
    this.outHvp(a[L]!, i, Ra[L]!, Rdelta[L]!);
    for (let l = L; l >= 1; l--) {
      const n = s[l]!;
      const p = s[l - 1]!;
      const W = this.wOff[l - 1]!;
      const B = this.bOff[l - 1]!;
      const dl = delta[l]!;
      const Rdl = Rdelta[l]!;
      const prev = a[l - 1]!;
      const Rprev = Ra[l - 1]!;
      for (let r = 0; r < n; r++) {
        const c = w * dl[r]!;
        const Rc = w * Rdl[r]!;
        for (let q = 0; q < p; q++) out[W + r * p + q] = out[W + r * p + q]! + Rc * prev[q]! + c * Rprev[q]!;
        if (this.bias) out[B + r] = out[B + r]! + Rc;
      }
      if (l > 1) {
        const ep = e[l - 1]!;
        const Rep = Re[l - 1]!;
        const zp = z[l - 1]!;
        const Rzp = Rz[l - 1]!;
        const dp = delta[l - 1]!;
        const Rdp = Rdelta[l - 1]!;
        for (let q = 0; q < p; q++) {
          let t = 0;
          let Rt = 0;
          for (let r = 0; r < n; r++) {
            t += theta[W + r * p + q]! * dl[r]!;
            Rt += u[W + r * p + q]! * dl[r]! + theta[W + r * p + q]! * Rdl[r]!;
          }
          ep[q] = t;
          Rep[q] = Rt;
          const d1 = this.act.d1(zp[q]!);
          dp[q] = d1 * t;
          Rdp[q] = this.act.d2(zp[q]!) * Rzp[q]! * t + d1 * Rt;
        }
      }
    }
  }

  private sq(theta: Float64Array): number {
    let s = 0;
    for (let p = 0; p < theta.length; p++) s += theta[p]! * theta[p]!;
    return s;
  }

  /** f(θ) = (1/m)Σ_i ℓ_i + (λ/2)‖θ‖². */
  loss(theta: Float64Array): number {
    checkTheta('Mlp.loss', theta, this.dim);
    const bf = this.buffers();
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.sample(theta, i, undefined, 0, bf);
    return (this.count > 0 ? s / this.count : 0) + 0.5 * this.l2 * this.sq(theta);
  }

  /** Writes ∇f(θ) into `grad` and returns f(θ). */
  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'Mlp.grad';
    checkTheta(fn, theta, this.dim);
    checkVector(fn, 'grad', grad, this.dim);
    const all = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) all[i] = i;
    return this.batch(theta, all, grad);
  }

  private batch(theta: Float64Array, batch: ArrayLike<number>, grad: Float64Array): number {
    grad.fill(0);
    const bf = this.buffers();
    const w = batch.length > 0 ? 1 / batch.length : 0;
    let s = 0;
    for (let t = 0; t < batch.length; t++) s += this.sample(theta, batch[t]!, grad, w, bf);
    for (let p = 0; p < this.dim; p++) grad[p] = grad[p]! + this.l2 * theta[p]!;
    return s * w + 0.5 * this.l2 * this.sq(theta);
  }

  /** out = ∇²f(θ)·v (exact, R-operator). */
  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const fn = 'Mlp.hvp';
    checkTheta(fn, theta, this.dim);
    checkTheta(fn, v, this.dim, 'v');
    checkVector(fn, 'out', out, this.dim);
    out.fill(0);
    const bf = this.buffers();
    const w = this.count > 0 ? 1 / this.count : 0;
    for (let i = 0; i < this.count; i++) this.sampleHvp(theta, v, i, out, w, bf);
    for (let p = 0; p < this.dim; p++) out[p] = out[p]! + this.l2 * v[p]!;
  }

  /** The dense Hessian from dim exact hvps (symmetrised). */
  hessian(theta: Float64Array): Matrix {
    checkTheta('Mlp.hessian', theta, this.dim);
    return hessianFromHvp(this.dim, (e, col) => this.hvp(theta, e, col)).matrix;
  }

  /** Network outputs for sample i (length outDim). */
  output(theta: Float64Array, i: number): Float64Array {
    checkTheta('Mlp.output', theta, this.dim);
    checkIndex('Mlp.output', 'i', i, this.count);
    const { z, a } = this.buffers();
    this.forward(theta, i, z, a);
    return a[this.layers.length - 1]!.slice();
  }

  private makeComponents(): ComponentAccess {
    const self = this;
    const m = this.count;
    const comp: ComponentAccess = {
      count: m,
      loss(theta, i) {
        checkTheta('Mlp.components.loss', theta, self.dim);
        checkIndex('Mlp.components.loss', 'i', i, m);
        return self.sample(theta, i, undefined, 0) + 0.5 * self.l2 * self.sq(theta);
      },
      grad(theta, i, g) {
        const fn = 'Mlp.components.grad';
        checkTheta(fn, theta, self.dim);
        checkIndex(fn, 'i', i, m);
        checkVector(fn, 'grad', g, self.dim);
        return self.batch(theta, [i], g);
      },
      batchGrad(theta, batch, g) {
        const fn = 'Mlp.components.batchGrad';
        checkTheta(fn, theta, self.dim);
        checkBatch(fn, batch, m);
        checkVector(fn, 'grad', g, self.dim);
        return self.batch(theta, batch, g);
      },
    };
    if (this.l2 === 0) {
      // inf_θ f_i: 0 for the cross-entropy losses (approached, not attained) and for mse whenever the net can
      // output any vector at x_i (biases, or a hidden layer that is not identically 0 at x_i); ½‖y_i‖² when x_i = 0,
      // there are no biases and φ(0) = 0 (the output is then 0 for every θ).
      const phi0 = this.act.f(0);
      comp.minValue = (i: number) => {
        checkIndex('Mlp.components.minValue', 'i', i, m);
        if (self.lossKind !== 'mse' || self.bias) return 0;
        const d = self.layers[0]!;
        let x2 = 0;
        for (let c = 0; c < d; c++) x2 += self.X[i * d + c]! ** 2;
        if (x2 > 0 || (phi0 !== 0 && self.layers.length > 2)) return 0;
        const q = self.layers[self.layers.length - 1]!;
        let y2 = 0;
        for (let c = 0; c < q; c++) y2 += self.Y[i * q + c]! ** 2;
        return 0.5 * y2;
      };
    }
    return comp;
  }
}

/**
 * Builds an MLP objective on fixed data.
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for bad layers, activation, loss, labels or λ; ShapeError when
 * X or y do not match the layer sizes; NonFiniteError for non-finite data.
 * @see P2 §2.5 (MLP experiments), Ex. 5 (two-layer ReLU net, logistic loss + ℓ2)
 * @example const net = mlp({ layers: [10, 32, 32, 3], activation: 'relu', loss: 'softmax', X, y: classes });
 */
export function mlp(opts: MlpOptions): Mlp {
  return new Mlp(opts);
}
