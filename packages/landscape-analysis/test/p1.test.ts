// P1 (Oliveira, Jatkar, Sontag): the universal saddle of the vector case and the imbalance invariants (spec §1.2,
// §1.4, §1.7).
import { ArgumentError, identity, init, type Matrix, Rng, ShapeError } from '@landscape-lab/core-math';
import { deepLinear, leastSquaresCost, logisticScalar, quadraticScalar } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../src/classify.js';
import { imbalance, imbalanceDrift, splitLayers } from '../src/imbalance.js';
import { hessianSpectrum } from '../src/spectrum.js';
import { expectCode } from './fixtures/errors.js';
import { p1Vector } from './fixtures/models.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

describe('vector case: the origin is a saddle with eigenvalues ±f′(0), each of multiplicity k (Proposition 5)', () => {
  for (const [k, y] of [
    [1, 1],
    [3, 1],
    [5, -2.5],
  ] as const) {
    it(`k = ${k}, f(z) = ½(z − ${y})², f′(0) = ${-y}`, () => {
      for (const parts of [{}, { hessian: false }]) {
        const o = p1Vector(k, y, parts);
        const r = hessianSpectrum(o, new Float64Array(2 * k));
        const fp = Math.abs(y);
        // exact: entries exact ⇒ eigenvalues within the solver bound; FD: g is quadratic in θ so central
        // differences are exact up to rounding ε·|g|/h ≈ 0 at the origin (g(±h e_j) has one nonzero entry).
        for (let i = 0; i < k; i++) {
          expect(Math.abs(r.values[i]! + fp)).toBeLessThanOrEqual(r.errorBound + 1e-9 * fp);
          expect(Math.abs(r.values[k + i]! - fp)).toBeLessThanOrEqual(r.errorBound + 1e-9 * fp);
        }
        const c = classify(o, new Float64Array(2 * k));
        expect(c.label).toBe('strict-saddle');
        expect(c.index).toBe(k);
      }
    });
  }
});

/** Gradient of g = ½‖W_N⋯W_1 − A‖_F² for row-major layers (test oracle, plain loops). */
function mul(A: Matrix, B: Matrix): Matrix {
  const C = new Float64Array(A.rows * B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let k = 0; k < A.cols; k++)
      for (let j = 0; j < B.cols; j++)
        C[i * B.cols + j]! += A.data[i * A.cols + k]! * B.data[k * B.cols + j]!;
  return { rows: A.rows, cols: B.cols, data: C };
}
function tr(A: Matrix): Matrix {
  const T = new Float64Array(A.rows * A.cols);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.cols; j++) T[j * A.rows + i] = A.data[i * A.cols + j]!;
  return { rows: A.cols, cols: A.rows, data: T };
}
function gradLayers(W: Matrix[], A: Matrix): Matrix[] {
  const N = W.length;
  let P = W[0]!;
  for (let i = 1; i < N; i++) P = mul(W[i]!, P);
  const R: Matrix = { rows: P.rows, cols: P.cols, data: P.data.map((v, t) => v - A.data[t]!) };
  const G: Matrix[] = [];
  for (let i = 0; i < N; i++) {
    // ∇_{W_i} = (W_N⋯W_{i+1})ᵀ R (W_{i−1}⋯W_1)ᵀ
    let L: Matrix | undefined;
    for (let j = i + 1; j < N; j++) L = L ? mul(W[j]!, L) : W[j]!;
    let Rt: Matrix | undefined;
    for (let j = 0; j < i; j++) Rt = Rt ? mul(W[j]!, Rt) : W[j]!;
    let g = L ? mul(tr(L), R) : R;
    if (Rt) g = mul(g, tr(Rt));
    G.push(g);
  }
  return G;
}

describe('trainers’ deep linear net (vector case): the universal saddle', () => {
  for (const [name, cost, fp0] of [
    ['½(z − 1)²', quadraticScalar(1), -1],
    ['½(z + 2)²', quadraticScalar(-2), 2],
    ['logistic', logisticScalar(), -0.5],
  ] as const) {
    it(`${name}: Hessian at the origin = f′(0)[[0, I], [I, 0]], eigenvalues ±|f′(0)| each of multiplicity k = 4`, () => {
      const k = 4;
      const net = deepLinear({ inDim: 1, width: k, outDim: 1, depth: 2, cost });
      const r = hessianSpectrum(net, new Float64Array(net.dim), { vectors: true });
      const a = Math.abs(fp0);
      for (let i = 0; i < k; i++) {
        expect(Math.abs(r.values[i]! + a)).toBeLessThanOrEqual(r.errorBound);
        expect(Math.abs(r.values[k + i]! - a)).toBeLessThanOrEqual(r.errorBound);
      }
      // The stable manifold {w₁ = s w₂ᵀ}, s = sign f′(0), is the span of the eigenvectors of +|f′(0)|: each of
      // them has w₁ = s·w₂ (to the residual level).
      const s = Math.sign(fp0);
      for (let j = k; j < 2 * k; j++)
        for (let i = 0; i < k; i++) {
          const w1 = r.vectors!.data[i * 2 * k + j]!;
          const w2 = r.vectors!.data[(k + i) * 2 * k + j]!;
          expect(Math.abs(w1 - s * w2)).toBeLessThan(1e-12);
        }
      const c = classify(net, new Float64Array(net.dim));
      expect(c.label).toBe('strict-saddle');
      expect(c.index).toBe(k);
    });
  }
  it('imbalance agrees with trainers’ DeepLinear.imbalance (independent implementation), depth 3', () => {
    const net = deepLinear({ inDim: 2, width: 3, outDim: 2, depth: 3, cost: leastSquaresCost(identity(2)) });
    const th = new Rng(4).fillNormal(new Float64Array(net.dim));
    const mine = imbalance(
      splitLayers(th, [
        [3, 2],
        [3, 3],
        [2, 3],
      ]),
    );
    const theirs = net.imbalance(th);
    for (let i = 0; i < 2; i++)
      for (let t = 0; t < 9; t++)
        expect(Math.abs(mine.C[i]!.data[t]! - theirs[i]!.data[t]!)).toBeLessThanOrEqual(
          32 * EPS * mine.scale[i]!,
        );
  });
});

describe('imbalance C_i = W_iW_iᵀ − W_{i+1}ᵀW_{i+1}', () => {
  it('vector case: c = 2tr(C²) − tr(C)² = S² − 4z² ≥ 0, zero exactly at balance', () => {
    const rng = new Rng(2);
    const k = 4;
    const th = rng.fillNormal(new Float64Array(2 * k));
    const im = imbalance(
      splitLayers(th, [
        [k, 1],
        [1, k],
      ]),
    );
    let S = 0;
    let z = 0;
    for (let i = 0; i < k; i++) {
      S += th[i]! ** 2 + th[k + i]! ** 2;
      z += th[i]! * th[k + i]!;
    }
    // Both sides are sums of O(k²) products of size ≤ S²: rounding ≤ 4k²ε·S².
    expect(Math.abs(im.metric[0]! - (S * S - 4 * z * z))).toBeLessThanOrEqual(4 * k * k * EPS * S * S);
    expect(im.metric[0]!).toBeGreaterThan(0);
    expect(
      Math.abs(im.traces[0]! - (S - 2 * Array.from(th.subarray(k)).reduce((s, v) => s + v * v, 0))),
    ).toBeLessThan(1e-13);
    const bal = Float64Array.from([...th.subarray(0, k), ...th.subarray(0, k)]); // w₁ = w₂ᵀ
    const ib = imbalance(
      splitLayers(bal, [
        [k, 1],
        [1, k],
      ]),
    );
    expect(Math.abs(ib.metric[0]!)).toBeLessThanOrEqual(4 * k * k * EPS * ib.scale[0]! ** 2);
    expect(ib.C[0]!.data.every((v) => v === 0)).toBe(true);
  });

  it('one GD step changes C_i by exactly η²(G_iG_iᵀ − G_{i+1}ᵀG_{i+1}) (depth 3): the flow conserves C', () => {
    const rng = new Rng(9);
    const [n, k] = [2, 3];
    const shapes: [number, number][] = [
      [k, n],
      [k, k],
      [n, k],
    ];
    const A: Matrix = { rows: n, cols: n, data: Float64Array.of(1, 0.5, -0.3, 2) };
    const th = rng.fillNormal(new Float64Array(k * n + k * k + n * k)).map((v) => 0.7 * v);
    const eta = 1e-3;
    const W = splitLayers(th, shapes);
    const G = gradLayers(W, A);
    const next = Float64Array.from(th);
    let off = 0;
    for (const g of G) {
      for (let t = 0; t < g.data.length; t++) next[off + t] = next[off + t]! - eta * g.data[t]!;
      off += g.data.length;
    }
    const before = imbalance(W);
    const after = imbalance(splitLayers(next, shapes));
    for (let i = 0; i < 2; i++) {
      const GG = mul(G[i]!, tr(G[i]!));
      const HH = mul(tr(G[i + 1]!), G[i + 1]!);
      for (let t = 0; t < GG.data.length; t++) {
        const want = eta * eta * (GG.data[t]! - HH.data[t]!);
        const got = after.C[i]!.data[t]! - before.C[i]!.data[t]!;
        // The difference of two O(scale) Gram entries carries ≤ 2γ_k·scale rounding.
        expect(Math.abs(got - want)).toBeLessThanOrEqual(16 * k * EPS * (before.scale[i]! + after.scale[i]!));
      }
    }
    // Drift along a short GD run is O(η²·steps·‖G‖²) and is reported with its worst point.
    const traj = [th, next];
    const dr = imbalanceDrift(traj, shapes);
    expect(dr.worstPoint[0]).toBe(1);
    expect(dr.drift[0]!).toBeGreaterThan(0);
    expect(dr.relativeDrift[0]!).toBeLessThan(1e-4);
  });

  it('throws coded errors', () => {
    expectCode(
      () => imbalance([{ rows: 1, cols: 1, data: Float64Array.of(1) }]),
      ShapeError,
      'E_SHAPE',
      'imbalance: invalid argument. layers.length must be at least 2. Value: 1.',
    );
    const a: Matrix = { rows: 2, cols: 1, data: Float64Array.of(1, 2) };
    const b: Matrix = { rows: 1, cols: 3, data: Float64Array.of(1, 2, 3) };
    expectCode(
      () => imbalance([a, b]),
      ShapeError,
      'E_SHAPE',
      'imbalance: invalid argument. layers[1].cols must equal layers[0].rows = 2. Value: 3.',
    );
    expectCode(
      () =>
        splitLayers(new Float64Array(3), [
          [2, 1],
          [1, 2],
        ]),
      ShapeError,
      'E_SHAPE',
      'splitLayers: invalid argument. theta.length must equal 4. Value: 3.',
    );
    expectCode(
      () => splitLayers(new Float64Array(4), [[2, -1]]),
      ArgumentError,
      'E_ARG_RANGE',
      'splitLayers: invalid argument. shapes[0][1] must be a non-negative integer. Value: -1.',
    );
    expectCode(
      () => imbalanceDrift([], [[1, 1]]),
      ShapeError,
      'E_SHAPE',
      'imbalanceDrift: invalid argument. trajectory.length must be at least 1. Value: 0.',
    );
  });
});
