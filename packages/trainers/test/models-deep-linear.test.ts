import { identity, type Matrix, matrix, Rng } from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import {
  type DeepLinear,
  deepLinear,
  leastSquaresCost,
  logisticScalar,
  type MatrixCost,
  quadraticScalar,
  quarticCost,
  quarticScalar,
  sigmoidalExample,
} from '../src/index.js';
import { checkGradient, checkHessian, checkHvp, EPS } from './models-fd.js';

const absM = (A: Matrix): Matrix => ({ rows: A.rows, cols: A.cols, data: A.data.map(Math.abs) });
function mm(A: Matrix, B: Matrix): Matrix {
  const C = matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let p = 0; p < A.cols; p++)
      for (let j = 0; j < B.cols; j++)
        C.data[i * B.cols + j] = C.data[i * B.cols + j]! + A.data[i * A.cols + p]! * B.data[p * B.cols + j]!;
  return C;
}
const tr = (A: Matrix): Matrix => {
  const T = matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j]!;
  return T;
};
const eye = (n: number) => identity(n);
const addM = (A: Matrix, B: Matrix): Matrix => ({
  rows: A.rows,
  cols: A.cols,
  data: A.data.map((x, i) => x + B.data[i]!),
});

/**
 * Rounding model. Every entry of a product of N layers of width ≤ w is a sum of products with relative error
 * ≤ γ_{Nw} against the absolute product M = |W_N|⋯|W_1|. With G = ∇f(P) and κ ≥ ‖∇²f(P)‖ (entrywise action):
 *   |Δg| ≤ (Nw + 8)ε·Σ|G|∘M + 16·size·ε|f|,
 *   |Δ∇_{W_i}| ≤ (Nw + 8)ε·max |A_i|ᵀ(|G| + κM)|B_i|ᵀ  (the prefix/suffix absolute products).
 */
function roundoff(net: DeepLinear, theta: Float64Array, kappa: number) {
  const Ws = net.layers(theta).map(absM);
  const N = net.depth;
  const w = Math.max(...net.widths);
  let M = Ws[0]!;
  for (let i = 1; i < N; i++) M = mm(Ws[i]!, M);
  const P = net.product(theta);
  const G = absM(net.cost.grad(P));
  let s = 0;
  for (let q = 0; q < G.data.length; q++) s += G.data[q]! * M.data[q]!;
  const f = Math.abs(net.cost.value(P));
  const c = (N * w + 8) * EPS;
  const loss = c * s + 16 * P.data.length * EPS * f + 1e-300;
  const GM = addM(G, { rows: M.rows, cols: M.cols, data: M.data.map((x) => kappa * x) });
  let gmax = 0;
  for (let i = 0; i < N; i++) {
    let A = eye(net.widths[N]!);
    for (let j = N - 1; j > i; j--) A = mm(A, Ws[j]!);
    let B = eye(net.widths[0]!);
    for (let j = 0; j < i; j++) B = mm(Ws[j]!, B);
    const T = mm(mm(tr(A), GM), tr(B));
    for (const x of T.data) gmax = Math.max(gmax, x);
  }
  return { loss, grad: c * gmax + 1e-300 };
}

/**
 * Magnitude of the hvp's intermediate sums (for checkHvp): the product rule with every factor in absolute value,
 * |dA_i|ᵀ|G||B_i|ᵀ + |A_i|ᵀ κ|dP| |B_i|ᵀ + |A_i|ᵀ|G||dB_i|ᵀ.
 */
function hvpScale(net: DeepLinear, theta: Float64Array, v: Float64Array, kappa: number): Float64Array {
  const W = net.layers(theta).map(absM);
  const V = net.layers(v).map(absM);
  const N = net.depth;
  const n = net.widths;
  const B: Matrix[] = [eye(n[0]!)];
  const dB: Matrix[] = [matrix(n[0]!, n[0]!)];
  for (let i = 0; i < N; i++) {
    B.push(mm(W[i]!, B[i]!));
    dB.push(addM(mm(V[i]!, B[i]!), mm(W[i]!, dB[i]!)));
  }
  const A: Matrix[] = new Array(N);
  const dA: Matrix[] = new Array(N);
  A[N - 1] = eye(n[N]!);
  dA[N - 1] = matrix(n[N]!, n[N]!);
  for (let i = N - 2; i >= 0; i--) {
    A[i] = mm(A[i + 1]!, W[i + 1]!);
    dA[i] = addM(mm(dA[i + 1]!, W[i + 1]!), mm(A[i + 1]!, V[i + 1]!));
  }
  const G = absM(net.cost.grad(net.product(theta)));
  const KdP = { rows: dB[N]!.rows, cols: dB[N]!.cols, data: dB[N]!.data.map((x) => kappa * x) };
  const out = new Float64Array(net.dim);
  for (let i = 0; i < N; i++) {
    const t = addM(
      addM(mm(mm(tr(dA[i]!), G), tr(B[i]!)), mm(mm(tr(A[i]!), KdP), tr(B[i]!))),
      mm(mm(tr(A[i]!), G), tr(dB[i]!)),
    );
    out.set(t.data, net.offsets[i]);
  }
  return out;
}

/** A user-supplied smooth cost: f(P) = Σ log(1 + (P_ij − 1)²) with its gradient and elementwise Hessian. */
const logCost: MatrixCost = {
  name: 'log',
  value: (P) => P.data.reduce((s, x) => s + Math.log1p((x - 1) ** 2), 0),
  grad: (P) => ({ rows: P.rows, cols: P.cols, data: P.data.map((x) => (2 * (x - 1)) / (1 + (x - 1) ** 2)) }),
  hvp: (P, E) => ({
    rows: P.rows,
    cols: P.cols,
    data: P.data.map((x, i) => ((2 * (1 - (x - 1) ** 2)) / (1 + (x - 1) ** 2) ** 2) * E.data[i]!),
  }),
};

describe('P1 deep linear networks', () => {
  const rng = new Rng(2026);
  const cases: { net: DeepLinear; kappa: (t: Float64Array) => number }[] = [
    {
      net: deepLinear({ inDim: 2, width: 3, outDim: 2, depth: 2, cost: leastSquaresCost(identity(2)) }),
      kappa: () => 1,
    },
    {
      net: deepLinear({
        inDim: 3,
        width: 4,
        outDim: 2,
        depth: 3,
        cost: leastSquaresCost(matrix(2, 3, [1, 2, 0, -1, 0.5, 1])),
      }),
      kappa: () => 1,
    },
    { net: deepLinear({ widths: [2, 5, 3, 4, 2], cost: quarticCost(identity(2)) }), kappa: () => 0 },
    { net: deepLinear({ inDim: 2, width: 3, outDim: 2, depth: 3, cost: logCost }), kappa: () => 2 },
    {
      net: deepLinear({ inDim: 1, width: 4, outDim: 1, depth: 2, cost: quadraticScalar(1) }),
      kappa: () => 1,
    },
    {
      net: deepLinear({ inDim: 1, width: 4, outDim: 1, depth: 2, cost: logisticScalar() }),
      kappa: () => 0.25,
    },
    { net: deepLinear({ inDim: 1, width: 3, outDim: 1, depth: 4, cost: quarticScalar(1) }), kappa: () => 0 },
  ];
  // κ for the quartic costs depends on θ: 12‖R‖² (matrix) and 12(z − y)² (scalar).
  cases[2]!.kappa = (t) => {
    const P = cases[2]!.net.product(t);
    let s = 0;
    for (let i = 0; i < P.data.length; i++) s += (P.data[i]! - (i % 3 === 0 ? 1 : 0)) ** 2;
    return 12 * s;
  };
  cases[6]!.kappa = (t) => 12 * (cases[6]!.net.product(t).data[0]! - 1) ** 2;

  it('gradient (eq. 4), Hessian and hvp match central differences and each other, for every cost and depth', () => {
    for (const [ci, { net, kappa }] of cases.entries()) {
      const theta = rng
        .split(ci)
        .fillNormal(new Float64Array(net.dim))
        .map((x) => 0.8 * x);
      const u = roundoff(net, theta, kappa(theta));
      checkGradient(net, theta, u.loss, { label: net.name });
      checkHessian(net, theta, u.grad, { label: `${net.name} hessian` });
      const v = rng.split(100 + ci).fillNormal(new Float64Array(net.dim));
      checkHvp(net, theta, v, hvpScale(net, theta, v, kappa(theta)));
    }
  });

  it('a cost without a Hessian-vector product gives a network without hvp/hessian', () => {
    const { hvp: _drop, ...noHvp } = logCost;
    const net = deepLinear({ inDim: 2, width: 2, outDim: 2, depth: 2, cost: noHvp });
    expect(net.hvp).toBeUndefined();
    expect(net.hessian).toBeUndefined();
    const theta = new Rng(1).fillNormal(new Float64Array(net.dim));
    checkGradient(net, theta, roundoff(net, theta, 2).loss);
  });

  it('vector case: c = 2tr(C²) − tr(C)² = S² − 4z² = ‖w₁ − w₂ᵀ‖²‖w₁ + w₂ᵀ‖² (and 0 when balanced)', () => {
    for (const k of [1, 3, 8]) {
      const net = deepLinear({ inDim: 1, width: k, outDim: 1, depth: 2, cost: logisticScalar() });
      for (let trial = 0; trial < 5; trial++) {
        const theta = new Rng(10 * k + trial).fillNormal(new Float64Array(2 * k));
        const { c, S, z } = net.vectorImbalance(theta);
        let dm = 0;
        let dp = 0;
        for (let i = 0; i < k; i++) {
          dm += (theta[i]! - theta[k + i]!) ** 2;
          dp += (theta[i]! + theta[k + i]!) ** 2;
        }
        // c is formed from k² entries of C (each ≤ S in size, exact to 2ε·S) by sums of k² products: |Δc| ≤ 4(k² + 4)εS².
        const tol = 4 * (k * k + 4) * EPS * S * S;
        expect(Math.abs(c - (S * S - 4 * z * z))).toBeLessThanOrEqual(tol);
        expect(Math.abs(c - dm * dp)).toBeLessThanOrEqual(tol);
        expect(c).toBeGreaterThanOrEqual(-tol);
        // Balanced: w₁ = ±w₂ᵀ.
        const bal = theta.slice();
        for (let i = 0; i < k; i++) bal[k + i] = (trial % 2 ? -1 : 1) * bal[i]!;
        const b = net.vectorImbalance(bal);
        expect(Math.abs(b.c)).toBeLessThanOrEqual(4 * (k * k + 4) * EPS * b.S * b.S);
      }
    }
  });

  it('imbalance C_i = W_iW_iᵀ − W_{i+1}ᵀW_{i+1} with tr(C_i) = ‖W_i‖² − ‖W_{i+1}‖² (P1 Lemma 10)', () => {
    const net = deepLinear({ widths: [2, 4, 4, 3], cost: leastSquaresCost(matrix(3, 2)) });
    const theta = new Rng(4).fillNormal(new Float64Array(net.dim));
    const Cs = net.imbalance(theta);
    const Ls = net.layers(theta);
    expect(Cs.map((C) => [C.rows, C.cols])).toEqual([
      [4, 4],
      [4, 4],
    ]);
    for (let i = 0; i < 2; i++) {
      const want = addM(
        mm(Ls[i]!, tr(Ls[i]!)),
        (() => {
          const B = mm(tr(Ls[i + 1]!), Ls[i + 1]!);
          return { rows: B.rows, cols: B.cols, data: B.data.map((x) => -x) };
        })(),
      );
      let nrm = 0;
      for (const x of Ls[i]!.data) nrm += x * x;
      let nrm1 = 0;
      for (const x of Ls[i + 1]!.data) nrm1 += x * x;
      for (let q = 0; q < 16; q++)
        expect(Math.abs(Cs[i]!.data[q]! - want.data[q]!)).toBeLessThanOrEqual(16 * EPS * (nrm + nrm1));
      let t = 0;
      for (let r = 0; r < 4; r++) t += Cs[i]!.data[r * 5]!;
      expect(Math.abs(t - (nrm - nrm1))).toBeLessThanOrEqual(32 * EPS * (nrm + nrm1));
    }
  });

  it('the Hessian at the origin is f′(0)·[[0, I], [I, 0]] in the vector case (P1 Proposition 5)', () => {
    const k = 3;
    for (const [cost, fp0] of [
      [logisticScalar(), -0.5],
      [quadraticScalar(2), -2],
    ] as const) {
      const net = deepLinear({ inDim: 1, width: k, outDim: 1, depth: 2, cost });
      const H = net.hessian!(new Float64Array(2 * k));
      for (let r = 0; r < 2 * k; r++)
        for (let c = 0; c < 2 * k; c++) {
          const want = r < k !== c < k && r % k === c % k ? fp0 : 0;
          expect(H.data[r * 2 * k + c]).toBe(want);
        }
    }
  });

  it('pack/layers/product round-trip, minValue and shape errors', () => {
    const net = deepLinear({ inDim: 2, width: 3, outDim: 2, depth: 3, cost: leastSquaresCost(identity(2)) });
    const theta = new Rng(5).fillNormal(new Float64Array(net.dim));
    expect(Array.from(net.pack(net.layers(theta)))).toEqual(Array.from(theta));
    const L = net.layers(theta);
    const P = mm(L[2]!, mm(L[1]!, L[0]!));
    const Pn = net.product(theta);
    for (let q = 0; q < 4; q++) expect(Math.abs(Pn.data[q]! - P.data[q]!)).toBeLessThanOrEqual(1e-14);
    expect(net.minValue).toBe(0);
    expect(deepLinear({ widths: [3, 1, 3], cost: leastSquaresCost(identity(3)) }).minValue).toBeUndefined();
    expect(() =>
      deepLinear({ inDim: 2, width: 3, outDim: 2, depth: 1, cost: leastSquaresCost(identity(2)) }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'deepLinear: invalid argument. depth N must be at least 2. Value: 1.',
      }),
    );
    expect(() => deepLinear({ inDim: 2, width: 3, outDim: 1, cost: logisticScalar() })).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'deepLinear: invalid argument. inDim and outDim must be 1 for a scalar cost. Value: "2, 1".',
      }),
    );
    expect(() => net.vectorImbalance(theta)).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message:
          'DeepLinear.vectorImbalance: invalid argument. widths must be [1, k, 1] (the vector case). Value: "2-3-3-2".',
      }),
    );
    expect(() => net.pack([identity(2)])).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'DeepLinear.pack: invalid argument. layers.length must equal depth = 3. Value: 1.',
      }),
    );
    expect(() => net.loss(new Float64Array(3))).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'DeepLinear.product: invalid argument. theta.length must equal 21. Value: 3.',
      }),
    );
    expect(() => deepLinear({ inDim: 2, width: 3, outDim: 2, cost: {} as MatrixCost })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message:
          'deepLinear: invalid argument. opts.cost must have value and grad functions (or f, df, d2f). Value: [object Object].',
      }),
    );
  });
});

describe('P1 sigmoidal example (§1.5)', () => {
  const s = sigmoidalExample();

  it('gradient, Hessian and hvp match central differences', () => {
    for (const p of [
      [0.3, -0.7],
      [-1.2, 2.1],
      [2.5, 0.4],
    ]) {
      const theta = Float64Array.from(p);
      // g = e² with |e| ≤ 1 + |w₂|: a handful of operations, |Δg| ≤ 16ε(1 + |w₂|)²; gradient entries likewise.
      const u = 16 * EPS * (1 + Math.abs(p[1]!)) ** 2;
      checkGradient(s, theta, u);
      checkHessian(s, theta, u);
      checkHvp(s, theta, Float64Array.of(0.7, -1.1));
    }
  });

  it('C = w₂² − ½(1 + w₁²)² is −½ at the origin and conserved by the flow: ∇C·∇g = 0', () => {
    expect(s.invariant(Float64Array.of(0, 0))).toBe(-0.5);
    const rng = new Rng(6);
    for (let t = 0; t < 20; t++) {
      const theta = rng.fillNormal(new Float64Array(2)).map((x) => 2 * x);
      const g = new Float64Array(2);
      s.grad(theta, g);
      const w1 = theta[0]!;
      const w2 = theta[1]!;
      const dC = [-2 * (1 + w1 * w1) * w1, 2 * w2];
      const dot = dC[0]! * g[0]! + dC[1]! * g[1]!;
      // Each of the two products is exact to ~16ε of its size: |Δ| ≤ 32ε(|dC₀g₀| + |dC₁g₁|).
      expect(Math.abs(dot)).toBeLessThanOrEqual(
        32 * EPS * (Math.abs(dC[0]! * g[0]!) + Math.abs(dC[1]! * g[1]!)),
      );
    }
    // The manifolds w₂ = ±w₁√((2 + w₁²)/2) lie on the level set C = −½.
    for (const w1 of [0.5, -1.3, 2]) {
      const w2 = w1 * Math.sqrt((2 + w1 * w1) / 2);
      expect(Math.abs(s.invariant(Float64Array.of(w1, w2)) + 0.5)).toBeLessThanOrEqual(
        16 * EPS * (1 + w1 * w1) ** 2,
      );
    }
  });
});
