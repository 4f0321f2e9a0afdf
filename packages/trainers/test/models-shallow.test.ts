import {
  type Activation,
  ArgumentError,
  activationValue,
  init,
  type Matrix,
  NonFiniteError,
  Rng,
  ShapeError,
} from '@landscape-lab/core-math';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balancedOutputWeights,
  gaussianLabels,
  gaussianMatrix,
  type ShallowNet,
  shallowNet,
  signLabels,
  unitNormInputs,
} from '../src/index.js';
import { checkDerivative, checkGradient, checkHessian, checkHvp, EPS } from './models-fd.js';

const SMOOTH: Activation[] = ['softplus', 'tanh', 'sigmoid', 'quadratic', 'linear'];

function setup(
  n: number,
  d: number,
  k: number,
  activation: Activation,
  seed: number,
  reduction: 'sum' | 'mean' = 'sum',
) {
  const rng = new Rng(seed);
  const X = unitNormInputs(rng.split(0), n, d);
  const y = gaussianLabels(rng.split(1), n);
  const net = shallowNet({ X, y, k, activation, reduction });
  const theta = gaussianMatrix(rng.split(2), k, d).data;
  return { net, theta, X, y };
}

/**
 * Rounding model of the loss (P3 kernel, same formulas as the core-math parity bound): with a_ij = Σ_l|x_il w_jl|,
 * R_i = Σ_j |v_j|(|φ(z_ij)| + |φ′(z_ij)| a_ij) + |y_i|, each residual is off by ≤ (d + k + 8)ε R_i and the loss
 * by ≤ Σ_i |r_i|(d + k + 8)ε R_i + nεL (scaled like the loss). The gradient entries are off by
 * ≤ (n + d + k + 8)ε Σ_i (|r_i| + R_i)|v_j|(|φ′_ij| + |φ″_ij| a_ij)|x_il|; we use the max over entries.
 */
function roundoff(net: ShallowNet, theta: Float64Array) {
  const { n, d, k, X, y, v, activation } = net;
  const scale = net.reduction === 'mean' && n > 0 ? 1 / n : 1;
  const r = net.residualVector(theta);
  let uL = 0;
  let L = 0;
  const gmag = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    let R = Math.abs(y[i]!);
    const zs: number[] = [];
    const as: number[] = [];
    for (let j = 0; j < k; j++) {
      let z = 0;
      let a = 0;
      for (let l = 0; l < d; l++) {
        z += X.data[i * d + l]! * theta[j * d + l]!;
        a += Math.abs(X.data[i * d + l]! * theta[j * d + l]!);
      }
      zs.push(z);
      as.push(a);
      R +=
        Math.abs(v[j]!) *
        (Math.abs(activationValue(activation, z)) + Math.abs(activationValue(activation, z, 1)) * a);
    }
    uL += Math.abs(r[i]!) * (d + k + 8) * EPS * R;
    L += 0.5 * r[i]! ** 2;
    for (let j = 0; j < k; j++) {
      const c =
        (Math.abs(r[i]!) + R) *
        Math.abs(v[j]!) *
        (Math.abs(activationValue(activation, zs[j]!, 1)) +
          Math.abs(activationValue(activation, zs[j]!, 2)) * as[j]!);
      for (let l = 0; l < d; l++) gmag[j * d + l] = gmag[j * d + l]! + c * Math.abs(X.data[i * d + l]!);
    }
  }
  let gmax = 0;
  for (const g of gmag) gmax = Math.max(gmax, g);
  return { loss: scale * (uL + n * EPS * L), grad: scale * (n + d + k + 8) * EPS * gmax };
}

function minAbsPreactivation(X: Matrix, theta: Float64Array, k: number): number {
  const { rows: n, cols: d } = X;
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      let z = 0;
      for (let l = 0; l < d; l++) z += X.data[i * d + l]! * theta[j * d + l]!;
      m = Math.min(m, Math.abs(z));
    }
  return m;
}

describe('P3 shallow network objective', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });
  afterAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('gradient and Hessian match central differences for every smooth activation (sum and mean)', () => {
    for (const act of SMOOTH)
      for (const red of ['sum', 'mean'] as const) {
        const { net, theta } = setup(9, 5, 4, act, 11, red);
        const u = roundoff(net, theta);
        checkGradient(net, theta, u.loss, { label: `${act}/${red} grad` });
        checkHessian(net, theta, u.grad, { label: `${act}/${red} hessian` });
      }
  });

  it('relu: gradient and (a.e.) Hessian JᵀJ match central differences away from the kinks', () => {
    const { net, theta, X } = setup(9, 5, 4, 'relu', 12);
    // Differences reach ±(h + 2H)·|θ_p|·‖x‖ ≤ 1e−4 in any pre-activation: none may be that close to 0.
    expect(minAbsPreactivation(X, theta, 4)).toBeGreaterThan(1e-4);
    const u = roundoff(net, theta);
    checkGradient(net, theta, u.loss, { H: 1e-5 });
    checkHessian(net, theta, u.grad, { H: 1e-5 });
  });

  it('hvp equals Hessian·v for every activation', () => {
    for (const act of [...SMOOTH, 'relu'] as Activation[]) {
      const { net, theta } = setup(8, 4, 5, act, 13, 'mean');
      const v = new Rng(99).fillNormal(new Float64Array(net.dim));
      // The hvp forms Jᵀ(Ju): its intermediate sums are bounded by |J|ᵀ|J||v| + Σ_i|r_i||∇²f_i||v|, which we
      // bound by the same with the dense Hessian's absolute entries computed term by term.
      const J = net.jacobian(theta);
      const extra = new Float64Array(net.dim);
      const Jv = new Float64Array(net.n);
      for (let i = 0; i < net.n; i++)
        for (let p = 0; p < net.dim; p++) Jv[i] = Jv[i]! + Math.abs(J.data[i * net.dim + p]! * v[p]!);
      for (let p = 0; p < net.dim; p++) {
        let s = 0;
        for (let i = 0; i < net.n; i++) s += Math.abs(J.data[i * net.dim + p]!) * Jv[i]!;
        extra[p] = s / net.n;
      }
      checkHvp(net, theta, v, extra);
    }
  });

  it('the Jacobian matches central differences of the outputs, and JJᵀ from the identity equals J·Jᵀ', () => {
    for (const act of ['softplus', 'tanh', 'quadratic'] as Activation[]) {
      const { net, theta } = setup(7, 3, 6, act, 21);
      const J = net.jacobian(theta);
      // Outputs f_i are sums of k terms of size |v_j||φ|: rounding ≤ (d + k + 4)ε Σ_j|v_j|(|φ| + |φ′|a_ij) ≤ that with
      // a crude magnitude bound 10 (|θ| ≲ 3, ‖x‖ = 1, d = 3 ⇒ |z| ≤ 6; |φ| ≤ 36 for quadratic): use 64.
      checkDerivative(theta, {
        F: (t) => net.predict(t),
        column: (t, p) => {
          const Jt = net.jacobian(t);
          const col = new Float64Array(net.n);
          for (let i = 0; i < net.n; i++) col[i] = Jt.data[i * net.dim + p]!;
          return col;
        },
        roundoff: (net.d + net.k + 4) * EPS * 64,
        label: `${act} jacobian`,
      });
      const G = net.jacobianGram(theta);
      const n = net.n;
      for (let i = 0; i < n; i++)
        for (let m = 0; m < n; m++) {
          let s = 0;
          let sa = 0;
          for (let p = 0; p < net.dim; p++) {
            s += J.data[i * net.dim + p]! * J.data[m * net.dim + p]!;
            sa += Math.abs(J.data[i * net.dim + p]! * J.data[m * net.dim + p]!);
          }
          // Both are sums of the same kd products (grouped differently): |Δ| ≤ 2γ_{kd+2}Σ_p|J_ip J_mp|.
          expect(Math.abs(G.data[i * n + m]! - s)).toBeLessThanOrEqual(2 * (net.dim + 2) * EPS * sa * 1.0001);
        }
      // J(W)ᵀr is the gradient of L.
      const r = net.residualVector(theta);
      const g = new Float64Array(net.dim);
      net.grad(theta, g);
      for (let p = 0; p < net.dim; p++) {
        let s = 0;
        let sa = 0;
        for (let i = 0; i < n; i++) {
          s += J.data[i * net.dim + p]! * r[i]!;
          sa += Math.abs(J.data[i * net.dim + p]! * r[i]!);
        }
        expect(Math.abs(g[p]! - s)).toBeLessThanOrEqual(roundoff(net, theta).grad + 2 * n * EPS * sa);
      }
    }
  });

  it('E[J(W₀)J(W₀)ᵀ] = kν²Σ(X) with the relu and quadratic closed forms (Monte Carlo, 4 standard errors)', () => {
    const n = 4;
    const d = 3;
    const k = 2;
    const draws = 4000;
    const rng = new Rng(5);
    const X = unitNormInputs(rng.split(0), n, d);
    for (const act of ['relu', 'quadratic'] as Activation[]) {
      const net = shallowNet({ X, y: new Float64Array(n), k, activation: act });
      const nu2 = net.v[0]! ** 2;
      const sum = new Float64Array(n * n);
      const sum2 = new Float64Array(n * n);
      const wr = rng.split(act === 'relu' ? 1 : 2);
      for (let t = 0; t < draws; t++) {
        const G = net.jacobianGram(gaussianMatrix(wr, k, d).data);
        for (let q = 0; q < n * n; q++) {
          const s = G.data[q]! / (k * nu2);
          sum[q] = sum[q]! + s;
          sum2[q] = sum2[q]! + s * s;
        }
      }
      for (let i = 0; i < n; i++)
        for (let m = 0; m < n; m++) {
          let rho = 0;
          for (let l = 0; l < d; l++) rho += X.data[i * d + l]! * X.data[m * d + l]!;
          rho = Math.max(-1, Math.min(1, rho));
          const th = Math.acos(rho);
          const sigma = act === 'relu' ? (rho * (Math.PI - th)) / (2 * Math.PI) : 4 * rho * rho;
          const q = i * n + m;
          const mean = sum[q]! / draws;
          const se = Math.sqrt(Math.max(sum2[q]! / draws - mean * mean, 0) / (draws - 1));
          expect(Math.abs(mean - sigma), `${act} Σ[${i},${m}]`).toBeLessThanOrEqual(4 * se + 1e-12);
        }
    }
  });

  it('components: f_i = ½r_i²; their mean is L/n (sum) or L (mean); batchGrad and per-sample gradients are consistent', () => {
    for (const red of ['sum', 'mean'] as const) {
      const { net, theta } = setup(6, 3, 4, 'tanh', 31, red);
      const c = net.components;
      expect(c.count).toBe(6);
      let s = 0;
      for (let i = 0; i < 6; i++) s += c.loss(theta, i);
      const L = net.loss(theta);
      const target = red === 'sum' ? L / 6 : L;
      expect(Math.abs(s / 6 - target)).toBeLessThanOrEqual(64 * EPS * Math.max(1, target));
      const g = new Float64Array(net.dim);
      net.grad(theta, g);
      const gb = new Float64Array(net.dim);
      const Lb = c.batchGrad(theta, [0, 1, 2, 3, 4, 5], gb);
      expect(Math.abs(Lb - s / 6)).toBeLessThanOrEqual(16 * EPS * Math.max(1, Lb));
      const u = roundoff(net, theta);
      const scale = red === 'sum' ? 1 / 6 : 1;
      for (let p = 0; p < net.dim; p++)
        expect(Math.abs(gb[p]! - scale * g[p]!)).toBeLessThanOrEqual(2 * u.grad * (red === 'sum' ? 1 : 6));
      // Per-sample gradient against central differences of the per-sample loss.
      for (const i of [0, 5])
        checkGradient(
          { dim: net.dim, loss: (t) => c.loss(t, i), grad: (t, gg) => c.grad(t, i, gg) },
          theta,
          u.loss * (red === 'sum' ? 1 : 6),
          { label: `component ${i}` },
        );
    }
  });

  it('component minima: ½dist(y_i, range of Σ_j v_jφ)²', () => {
    const X = unitNormInputs(new Rng(3), 3, 2);
    const y = Float64Array.of(-2, 0.5, 3);
    // relu with k = 1 (v = +1): range [0, ∞) ⇒ f_0* = ½·4, others 0.
    const a = shallowNet({ X, y, k: 1, activation: 'relu' });
    expect([0, 1, 2].map((i) => a.components.minValue!(i))).toEqual([2, 0, 0]);
    // balanced relu (k = 2): range R.
    const b = shallowNet({ X, y, k: 2, activation: 'relu' });
    expect([0, 1, 2].map((i) => b.components.minValue!(i))).toEqual([0, 0, 0]);
    // tanh with v = (1, −1)/√2·… : range [−√2, √2] for ν = 1/√2 and k = 2.
    const c = shallowNet({ X, y, k: 2, activation: 'tanh' });
    const lim = 2 / Math.sqrt(2);
    expect(c.components.minValue!(0)).toBeCloseTo(0.5 * (2 - lim) ** 2, 15);
    expect(c.components.minValue!(2)).toBeCloseTo(0.5 * (3 - lim) ** 2, 15);
    expect(c.components.minValue!(1)).toBe(0);
  });

  it('the session runs GD in one call and equals explicit GD through grad() bitwise (same backend)', () => {
    const { net, theta } = setup(12, 4, 8, 'softplus', 41);
    const eta = 0.2;
    const T = 25;
    const W = theta.slice();
    const g = new Float64Array(net.dim);
    for (let t = 0; t < T; t++) {
      net.grad(W, g);
      for (let p = 0; p < net.dim; p++) W[p] = W[p]! - eta * g[p]!;
    }
    const s = net.session(theta);
    try {
      const r = s.gdSteps({ step: eta, maxIters: T });
      expect(r.iterations).toBe(T);
      expect(r.loss).toBe(net.loss(W));
      expect(Array.from(s.weights())).toEqual(Array.from(W));
      expect(r.loss).toBeLessThan(net.loss(theta));
    } finally {
      s.dispose();
    }
  });

  it('works identically in structure on the reference backend (gradient check)', async () => {
    await init({ backend: 'reference' });
    const { net, theta } = setup(7, 4, 3, 'sigmoid', 51);
    checkGradient(net, theta, roundoff(net, theta).loss);
    await init({ backend: 'wasm-simd' });
  });

  it('residual() is ‖r‖/‖y‖ (the spec §3.4 success measure)', () => {
    const { net, theta, y } = setup(10, 3, 4, 'softplus', 61);
    const r = net.residualVector(theta);
    let rr = 0;
    let yy = 0;
    for (let i = 0; i < 10; i++) {
      rr += r[i]! ** 2;
      yy += y[i]! ** 2;
    }
    expect(Math.abs(net.residual(theta) - Math.sqrt(rr / yy))).toBeLessThanOrEqual(
      64 * EPS * Math.sqrt(rr / yy),
    );
  });
});

describe('P3 data generators', () => {
  it('unit-norm Gaussian inputs, labels and balanced output weights are seeded and well-formed', () => {
    const X = unitNormInputs(new Rng(1), 50, 7);
    for (let i = 0; i < 50; i++) {
      let s = 0;
      for (let l = 0; l < 7; l++) s += X.data[i * 7 + l]! ** 2;
      // Normalising by a correctly rounded 1/√s: ‖x‖² = 1 within (d + 3)ε.
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(10 * EPS);
    }
    expect(Array.from(unitNormInputs(new Rng(1), 50, 7).data)).toEqual(Array.from(X.data));
    const y = signLabels(new Rng(2), 1000);
    expect(y.every((t) => t === 1 || t === -1)).toBe(true);
    const plus = y.filter((t) => t === 1).length;
    // Binomial(1000, ½): 4 standard deviations = 63.
    expect(Math.abs(plus - 500)).toBeLessThanOrEqual(63);
    expect(Array.from(balancedOutputWeights(1))).toEqual([1]);
    expect(Array.from(balancedOutputWeights(4))).toEqual([0.5, -0.5, 0.5, -0.5]);
    expect(Array.from(balancedOutputWeights(3, 2))).toEqual([2, -2, 2]);
    expect(gaussianLabels(new Rng(4), 3).length).toBe(3);
  });

  it('input errors carry the house grammar and codes', () => {
    const X = unitNormInputs(new Rng(1), 3, 2);
    const y = new Float64Array(3);
    const cases: [() => unknown, new (...a: never[]) => Error, string, string][] = [
      [
        () => shallowNet({ X, y, activation: 'relu' }),
        ArgumentError,
        'E_ARG_TYPE',
        'shallowNet: invalid argument. opts.k must be given when opts.v is not. Value: undefined.',
      ],
      [
        () => shallowNet({ X, y, k: 2, activation: 'gelu' as Activation }),
        ArgumentError,
        'E_ARG_RANGE',
        'shallowNet: invalid argument. opts.activation must be one of relu, softplus, tanh, sigmoid, quadratic, linear. Value: "gelu".',
      ],
      [
        () => shallowNet({ X, y: new Float64Array(2), k: 2, activation: 'relu' }),
        ShapeError,
        'E_SHAPE',
        'shallowNet: invalid argument. opts.y.length must equal 3. Value: 2.',
      ],
      [
        () => shallowNet({ X, y, k: 2, activation: 'relu', reduction: 'max' as 'sum' }),
        ArgumentError,
        'E_ARG_RANGE',
        "shallowNet: invalid argument. opts.reduction must be 'sum' or 'mean'. Value: \"max\".",
      ],
      [
        () => shallowNet({ X, y, v: Float64Array.of(1, Number.NaN), activation: 'relu' }),
        NonFiniteError,
        'E_NONFINITE',
        'shallowNet: invalid argument. opts.v[1] must be finite. Value: NaN.',
      ],
      [
        () => shallowNet({ X, y, k: 2, activation: 'relu' }).loss(new Float64Array(3)),
        ShapeError,
        'E_SHAPE',
        'ShallowNet.loss: invalid argument. theta.length must equal 4. Value: 3.',
      ],
      [
        () => shallowNet({ X, y, k: 2, activation: 'relu' }).components.loss(new Float64Array(4), 3),
        ArgumentError,
        'E_ARG_RANGE',
        'ShallowNet.components.loss: invalid argument. i must be an integer in [0, 3). Value: 3.',
      ],
      [
        () =>
          shallowNet({ X, y, k: 2, activation: 'relu' }).components.batchGrad(
            new Float64Array(4),
            [],
            new Float64Array(4),
          ),
        ArgumentError,
        'E_ARG_RANGE',
        'ShallowNet.components.batchGrad: invalid argument. batch.length must be positive. Value: 0.',
      ],
      [
        () => unitNormInputs(new Rng(1), 2, 0),
        ArgumentError,
        'E_ARG_RANGE',
        'unitNormInputs: invalid argument. d must be positive (a unit-norm vector needs d ≥ 1). Value: 0.',
      ],
      [
        () => balancedOutputWeights(2, -1),
        ArgumentError,
        'E_ARG_RANGE',
        'balancedOutputWeights: invalid argument. nu must be a positive number. Value: -1.',
      ],
    ];
    for (const [f, cls, code, message] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(cls);
      expect((err as { code: string }).code).toBe(code);
      expect((err as Error).message).toBe(message);
    }
  });
});
