import { matrix, Rng } from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import { type Mlp, type MlpActivation, type MlpLoss, mlp, signLabels } from '../src/index.js';
import { checkGradient, checkHessian, checkHvp, EPS } from './models-fd.js';

function data(m: number, din: number, dout: number, loss: MlpLoss, seed: number) {
  const rng = new Rng(seed);
  const X = matrix(m, din, rng.split(0).fillNormal(new Float64Array(m * din)));
  let y: Float64Array;
  if (loss === 'mse') y = rng.split(1).fillNormal(new Float64Array(m * dout));
  else if (loss === 'logistic') y = signLabels(rng.split(1), m);
  else y = Float64Array.from({ length: m }, () => rng.int(dout));
  return { X, y };
}

/**
 * Rounding model. An absolute forward pass a⁺_l = |W_l|a⁺_{l−1} + |b_l| + 1 (|φ(z)| ≤ |z| + 1 for these activations)
 * bounds every intermediate; each is a sum of ≤ w terms, so outputs are off by ≤ (wL + 8)ε·o⁺ (φ is 1-Lipschitz and
 * adds ≤ 4ε). The loss (a mean of m non-negative terms) is then off by ≤ mean_i|ℓ′_i|(wL + 8)ε o⁺_i + (m + 8)ε f.
 * Gradient entries are sums over samples of products bounded by the absolute backward pass, which we bound by
 * B = mean_i(|ℓ′_i| + κo⁺_i)·Π_l(1 + ‖W_l‖_{abs row}) · max(1, ‖x‖_∞, max a⁺); error ≤ (wL + m + 8)ε·B.
 * (An over-estimate by design: the checks stay sensitive to relative errors ~1e−6, see models-shallow's check.)
 */
function roundoff(net: Mlp, theta: Float64Array, X: Float64Array) {
  const s = net.layers;
  const L = s.length - 1;
  const w = Math.max(...s);
  const m = net.count;
  let woff = 0;
  const offs: [number, number][] = [];
  for (let l = 1; l <= L; l++) {
    offs.push([woff, woff + s[l]! * s[l - 1]!]);
    woff += s[l]! * s[l - 1]! + (net.bias ? s[l]! : 0);
  }
  let lossMag = 0;
  let gradMag = 0;
  let maxA = 1;
  let prod = 1;
  for (let l = 1; l <= L; l++) {
    const [o] = offs[l - 1]!;
    let rs = 0;
    for (let r = 0; r < s[l]!; r++) {
      let t = 0;
      for (let c = 0; c < s[l - 1]!; c++) t += Math.abs(theta[o + r * s[l - 1]! + c]!);
      rs = Math.max(rs, t);
    }
    prod *= 1 + rs;
  }
  const kappa = net.lossKind === 'logistic' ? 0.25 : 1;
  for (let i = 0; i < m; i++) {
    let a = Array.from(X.subarray(i * s[0]!, (i + 1) * s[0]!), Math.abs);
    for (const x of a) maxA = Math.max(maxA, x);
    for (let l = 1; l <= L; l++) {
      const [o, bo] = offs[l - 1]!;
      const next: number[] = [];
      for (let r = 0; r < s[l]!; r++) {
        let t = net.bias ? Math.abs(theta[bo + r]!) : 0;
        for (let c = 0; c < s[l - 1]!; c++) t += Math.abs(theta[o + r * s[l - 1]! + c]!) * a[c]!;
        next.push(t + 1);
      }
      a = next;
      for (const x of a) maxA = Math.max(maxA, x);
    }
    const out = net.output(theta, i);
    const oabs = Math.max(...a);
    // |ℓ′| ≤ |o| + |y| (mse), ≤ 1 (logistic), ≤ 2 (softmax); bound with the output magnitude.
    const dl = net.lossKind === 'mse' ? oabs + Math.max(...Array.from(out, Math.abs)) + 10 : 2;
    lossMag += (dl * (w * L + 8) * EPS * oabs) / m;
    gradMag += (dl + kappa * oabs) / m;
  }
  const f = net.loss(theta);
  const B = gradMag * prod * maxA;
  return { loss: lossMag + (m + 8) * EPS * Math.abs(f), grad: (w * L + m + 8) * EPS * B, B };
}

describe('MLP objectives (P2 §2.5)', () => {
  const configs: { layers: number[]; act: MlpActivation; loss: MlpLoss; l2: number; bias: boolean }[] = [
    { layers: [3, 5, 1], act: 'tanh', loss: 'mse', l2: 0, bias: true },
    { layers: [3, 4, 4, 2], act: 'softplus', loss: 'mse', l2: 1e-3, bias: true },
    { layers: [2, 6, 1], act: 'tanh', loss: 'logistic', l2: 1e-2, bias: true },
    { layers: [2, 4, 3, 1], act: 'sigmoid', loss: 'logistic', l2: 0, bias: false },
    { layers: [3, 5, 3], act: 'softplus', loss: 'softmax', l2: 0, bias: true },
    { layers: [4, 3, 3, 4], act: 'tanh', loss: 'softmax', l2: 1e-3, bias: false },
  ];

  it('gradient, Hessian (R-operator) and hvp match central differences for every loss, depth and activation', () => {
    for (const [ci, c] of configs.entries()) {
      const m = 7;
      const { X, y } = data(m, c.layers[0]!, c.layers[c.layers.length - 1]!, c.loss, 40 + ci);
      const net = mlp({ layers: c.layers, activation: c.act, loss: c.loss, X, y, l2: c.l2, bias: c.bias });
      const theta = net.init(new Rng(50 + ci));
      // Non-zero biases so that their derivatives are exercised away from 0.
      const jitter = new Rng(60 + ci).fillNormal(new Float64Array(net.dim));
      for (let p = 0; p < net.dim; p++) theta[p] = theta[p]! + 0.1 * jitter[p]!;
      const u = roundoff(net, theta, X.data);
      checkGradient(net, theta, u.loss, { label: net.name });
      checkHessian(net, theta, u.grad, { label: `${net.name} hessian` });
      // The R-operator's intermediate sums are bounded by the backward magnitude B times ‖v‖₁ (one more factor
      // of the direction than the gradient's).
      const v = new Rng(70 + ci).fillNormal(new Float64Array(net.dim));
      checkHvp(net, theta, v, u.B * v.reduce((a, x) => a + Math.abs(x), 0));
    }
  });

  it('relu: gradient and a.e. Hessian match central differences away from kinks', () => {
    const { X, y } = data(6, 3, 1, 'logistic', 80);
    const net = mlp({ layers: [3, 5, 1], activation: 'relu', loss: 'logistic', X, y, l2: 1e-3 });
    const theta = net.init(new Rng(81));
    for (let p = 0; p < net.dim; p++) theta[p] = theta[p]! + 0.05;
    // No hidden pre-activation within 1e−3 of 0 (the differences move them by ≤ 1e−4).
    for (let i = 0; i < 6; i++)
      for (let r = 0; r < 5; r++) {
        let z = theta[15 + r]!;
        for (let c = 0; c < 3; c++) z += theta[r * 3 + c]! * X.data[i * 3 + c]!;
        expect(Math.abs(z)).toBeGreaterThan(1e-3);
      }
    const u = roundoff(net, theta, X.data);
    checkGradient(net, theta, u.loss, { H: 1e-5 });
    checkHessian(net, theta, u.grad, { H: 1e-5 });
  });

  it('components: f = mean f_i (ℓ2 in every component), batchGrad = mean of per-sample gradients, minValue', () => {
    const { X, y } = data(5, 2, 3, 'softmax', 90);
    for (const l2 of [0, 0.01]) {
      const net = mlp({ layers: [2, 4, 3], activation: 'tanh', loss: 'softmax', X, y, l2 });
      const theta = net.init(new Rng(91));
      const c = net.components;
      let s = 0;
      for (let i = 0; i < 5; i++) s += c.loss(theta, i);
      expect(Math.abs(s / 5 - net.loss(theta))).toBeLessThanOrEqual(64 * EPS * Math.abs(net.loss(theta)));
      const g = new Float64Array(net.dim);
      const gb = new Float64Array(net.dim);
      const gi = new Float64Array(net.dim);
      net.grad(theta, g);
      c.batchGrad(theta, [0, 1, 2, 3, 4], gb);
      const acc = new Float64Array(net.dim);
      for (let i = 0; i < 5; i++) {
        c.grad(theta, i, gi);
        for (let p = 0; p < net.dim; p++) acc[p] = acc[p]! + gi[p]! / 5;
      }
      const u = roundoff(net, theta, X.data);
      for (let p = 0; p < net.dim; p++) {
        expect(Math.abs(g[p]! - gb[p]!)).toBeLessThanOrEqual(2 * u.grad);
        expect(Math.abs(g[p]! - acc[p]!)).toBeLessThanOrEqual(2 * u.grad);
      }
      if (l2 === 0) expect(c.minValue!(2)).toBe(0);
      else expect(c.minValue).toBeUndefined();
      checkGradient(
        { dim: net.dim, loss: (t) => c.loss(t, 3), grad: (t, gg) => c.grad(t, 3, gg) },
        theta,
        u.loss * 5,
      );
    }
    // mse without biases at x_i = 0 with φ(0) = 0: the output is 0 for every θ, so f_i* = ½‖y_i‖².
    const net0 = mlp({
      layers: [2, 3, 1],
      activation: 'tanh',
      loss: 'mse',
      X: matrix(2, 2, [0, 0, 1, 2]),
      y: Float64Array.of(3, 1),
      bias: false,
    });
    expect([net0.components.minValue!(0), net0.components.minValue!(1)]).toEqual([4.5, 0]);
  });

  it('rejects bad layers, labels and options with the right codes', () => {
    const X = matrix(2, 2, [1, 2, 3, 4]);
    const bad: [() => unknown, string, string][] = [
      [
        () => mlp({ layers: [2], activation: 'tanh', loss: 'mse', X, y: [1, 2] }),
        'E_ARG_RANGE',
        'mlp: invalid argument. opts.layers.length must be at least 2. Value: 1.',
      ],
      [
        () => mlp({ layers: [3, 1], activation: 'tanh', loss: 'mse', X, y: [1, 2] }),
        'E_SHAPE',
        'mlp: invalid argument. opts.X.cols must equal layers[0] = 3. Value: 2.',
      ],
      [
        () => mlp({ layers: [2, 1], activation: 'gelu' as MlpActivation, loss: 'mse', X, y: [1, 2] }),
        'E_ARG_RANGE',
        'mlp: invalid argument. opts.activation must be one of relu, softplus, tanh, sigmoid. Value: "gelu".',
      ],
      [
        () => mlp({ layers: [2, 1], activation: 'tanh', loss: 'logistic', X, y: [0, 1] }),
        'E_ARG_RANGE',
        'mlp: invalid argument. opts.y[0] must be +1 or −1. Value: 0.',
      ],
      [
        () => mlp({ layers: [2, 2], activation: 'tanh', loss: 'logistic', X, y: [1, -1] }),
        'E_SHAPE',
        "mlp: invalid argument. outDim must be 1 for the 'logistic' loss. Value: 2.",
      ],
      [
        () => mlp({ layers: [2, 3], activation: 'tanh', loss: 'softmax', X, y: [0, 3] }),
        'E_ARG_RANGE',
        'mlp: invalid argument. opts.y[1] must be a class index in [0, 3). Value: 3.',
      ],
      [
        () => mlp({ layers: [2, 1], activation: 'tanh', loss: 'mse', X, y: [1, 2, 3] }),
        'E_SHAPE',
        'mlp: invalid argument. opts.y must have m·outDim = 2 values. Value: 3.',
      ],
      [
        () => mlp({ layers: [2, 1], activation: 'tanh', loss: 'mse', X, y: [1, 2], l2: -1 }),
        'E_ARG_RANGE',
        'mlp: invalid argument. opts.l2 must be a non-negative number. Value: -1.',
      ],
      [
        () => mlp({ layers: [2, 1], activation: 'tanh', loss: 'mse', X, y: [1, Number.NaN] }),
        'E_NONFINITE',
        'mlp: invalid argument. opts.y[1] must be finite. Value: NaN.',
      ],
    ];
    for (const [f, code, message] of bad) expect(f).toThrow(expect.objectContaining({ code, message }));
  });
});
