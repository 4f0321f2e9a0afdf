// P3 (Oymak & Soltanolkotabi): Jacobian identity, NTK covariance closed forms vs quadrature vs Monte Carlo, and
// λ(X) > 0 for non-parallel unit-norm data (spec §3.2, §3.5 claims 1–3).
import {
  ArgumentError,
  activateDeriv,
  init,
  type Matrix,
  NonFiniteError,
  Rng,
  ShapeError,
} from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussHermite, jacobianGramSpectrum, ntkCovariance, shallowJacobianGram } from '../src/ntk.js';
import { expectCode } from './fixtures/errors.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

function unitRows(n: number, d: number, seed: number): Matrix {
  const X = new Rng(seed).fillNormal(new Float64Array(n * d));
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(...X.subarray(i * d, (i + 1) * d));
    for (let j = 0; j < d; j++) X[i * d + j] = X[i * d + j]! / r;
  }
  return { rows: n, cols: d, data: X };
}

describe('Gauss–Hermite rule (Golub–Welsch)', () => {
  it('integrates E[z^{2p}] = (2p − 1)!! exactly up to degree 2q − 1', () => {
    const { nodes, weights } = gaussHermite(10);
    const mom = (p: number) => nodes.reduce((s, t, i) => s + weights[i]! * t ** p, 0);
    expect(Math.abs(mom(0) - 1)).toBeLessThan(20 * EPS);
    expect(Math.abs(mom(1))).toBeLessThan(1e-13);
    expect(Math.abs(mom(2) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(mom(8) - 105)).toBeLessThan(105 * 1e-12);
    expect(Math.abs(mom(18) - 34459425)).toBeLessThan(34459425 * 1e-11);
  });
});

describe('ntkCovariance', () => {
  const X = unitRows(8, 5, 1);

  it('quadratic: quadrature (exact for polynomials) equals the closed form 4(XXᵀ)⊙(XXᵀ) and 1 + 2ρ²', () => {
    for (const kind of ['jacobian', 'feature'] as const) {
      const c = ntkCovariance(X, 'quadratic', { kind });
      const q = ntkCovariance(X, 'quadratic', { kind, method: 'quadrature', order: 6 });
      expect(c.method).toBe('closed-form');
      for (let t = 0; t < 64; t++) expect(Math.abs(q.sigma.data[t]! - c.sigma.data[t]!)).toBeLessThan(1e-13);
      expect(q.errorEstimate).toBeLessThan(1e-13);
      if (kind === 'feature') for (let i = 0; i < 8; i++) expect(c.sigma.data[i * 9]).toBeCloseTo(3, 14); // 1 + 2·1²
    }
  });

  it('relu: closed form vs Monte Carlo within 5 standard errors; λ(X) > 0 for non-parallel rows', () => {
    const c = ntkCovariance(X, 'relu');
    const m = ntkCovariance(X, 'relu', { method: 'monte-carlo', samples: 20000, seed: 3 });
    for (let t = 0; t < 64; t++)
      expect(Math.abs(m.sigma.data[t]! - c.sigma.data[t]!)).toBeLessThanOrEqual(
        5 * m.standardError!.data[t]! + 1e-15,
      );
    // Diagonal: E[φ′(z)²] = ½ for unit rows.
    for (let i = 0; i < 8; i++) expect(c.sigma.data[i * 9]).toBeCloseTo(0.5, 15);
    expect(c.lambda).toBeGreaterThan(0);
    expect(Math.abs(m.lambda - c.lambda)).toBeLessThanOrEqual(5 * m.lambdaErrorBound);
    // Parallel rows make Σ singular: λ = 0 (up to the eigensolver bound).
    const P: Matrix = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 1, 0) };
    expect(Math.abs(ntkCovariance(P, 'relu').lambda)).toBeLessThanOrEqual(1e-15);
  });

  for (const act of ['softplus', 'tanh', 'sigmoid'] as const) {
    it(`${act}: quadrature (order 64, error check vs order 32) is within its error estimate and agrees with MC`, () => {
      const q = ntkCovariance(X, act);
      expect(q.method).toBe('quadrature');
      expect(q.order).toBe(64);
      // The estimate must bound the true error: compare with a much higher order (q = 256, converged to ~1e−15).
      const ref = ntkCovariance(X, act, { method: 'quadrature', order: 256 });
      let err = 0;
      for (let t = 0; t < 64; t++) err = Math.max(err, Math.abs(q.sigma.data[t]! - ref.sigma.data[t]!));
      expect(err).toBeLessThanOrEqual(q.errorEstimate + 1e-14);
      expect(q.errorEstimate).toBeLessThan(1e-4);
      expect(Math.abs(q.lambda - ref.lambda)).toBeLessThanOrEqual(q.lambdaErrorBound);
      const m = ntkCovariance(X, act, { method: 'monte-carlo', samples: 20000, seed: 5 });
      for (let t = 0; t < 64; t++)
        expect(Math.abs(m.sigma.data[t]! - q.sigma.data[t]!)).toBeLessThanOrEqual(
          5 * m.standardError!.data[t]! + 1e-15,
        );
      expect(q.lambda).toBeGreaterThan(0);
    });
  }

  it('throws coded errors', () => {
    expectCode(
      () => ntkCovariance(X, 'tanh', { method: 'closed-form' }),
      ArgumentError,
      'E_ARG_RANGE',
      "ntkCovariance: invalid argument. options.method must name a method available for tanh ('quadrature' or 'monte-carlo'). Value: \"closed-form\".",
    );
    expectCode(
      () => ntkCovariance(X, 'gelu' as never),
      ArgumentError,
      'E_ARG_RANGE',
      'ntkCovariance: invalid argument. activation must be one of relu, softplus, tanh, sigmoid, quadratic, linear. Value: "gelu".',
    );
    expectCode(
      () => ntkCovariance({ rows: 1, cols: 2, data: Float64Array.of(0, 0) }, 'relu'),
      ArgumentError,
      'E_ARG_RANGE',
      'ntkCovariance: invalid argument. X row 0 must be nonzero. Value: 0.',
    );
    expectCode(
      () => ntkCovariance({ rows: 1, cols: 2, data: Float64Array.of(Number.NaN, 0) }, 'relu'),
      NonFiniteError,
      'E_NONFINITE',
      'ntkCovariance: invalid argument. X.data[0] must be finite. Value: NaN.',
    );
    expectCode(
      () => ntkCovariance(X, 'tanh', { order: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'ntkCovariance: invalid argument. options.order must be an integer in [2, 400]. Value: 1.',
    );
    expectCode(
      () => jacobianGramSpectrum({ rows: 2, cols: 3, data: new Float64Array(6) }, { isGram: true }),
      ShapeError,
      'E_SHAPE',
      'jacobianGramSpectrum: invalid argument. J must be square when options.isGram. Value: Matrix(2x3).',
    );
  });
});

describe('Jacobian Gram of the shallow net', () => {
  it('closed-form JJᵀ equals the Gram of the explicit Jacobian rows (v ⊙ φ′(Wx_i)) ⊗ x_i', () => {
    const [n, d, k] = [6, 4, 5];
    const X = unitRows(n, d, 2);
    const rng = new Rng(4);
    const W: Matrix = { rows: k, cols: d, data: rng.fillNormal(new Float64Array(k * d)) };
    const v = Float64Array.of(1, -1, 1, -1, 1).map((s) => s / Math.sqrt(k));
    const G = shallowJacobianGram(X, W, v, 'softplus');
    const J = new Float64Array(n * k * d);
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(k);
      for (let l = 0; l < k; l++)
        for (let c = 0; c < d; c++) z[l]! += W.data[l * d + c]! * X.data[i * d + c]!;
      const dz = activateDeriv('softplus', z);
      for (let l = 0; l < k; l++)
        for (let c = 0; c < d; c++) J[i * k * d + l * d + c] = v[l]! * dz[l]! * X.data[i * d + c]!;
    }
    const direct = jacobianGramSpectrum({ rows: n, cols: k * d, data: J });
    // Two evaluation orders of sums of kd ≤ 20 products of size ≤ 1: rounding ≤ 2γ_{20}.
    for (let t = 0; t < n * n; t++)
      expect(Math.abs(direct.gram.data[t]! - G.data[t]!)).toBeLessThanOrEqual(44 * EPS);
    const viaGram = jacobianGramSpectrum(G, { isGram: true });
    expect(Math.abs(viaGram.lambdaMin - direct.lambdaMin)).toBeLessThanOrEqual(
      viaGram.errorBound + 44 * n * EPS,
    );
    expect(viaGram.lambdaMin).toBeGreaterThan(0);
  });

  it('with |v_l| = ν and many neurons, J(W₀)J(W₀)ᵀ ≈ kν²Σ(X) within 5 SE (it is a Monte Carlo average over neurons)', () => {
    const [n, d, k] = [5, 6, 4000];
    const X = unitRows(n, d, 3);
    const W: Matrix = { rows: k, cols: d, data: new Rng(6).fillNormal(new Float64Array(k * d)) };
    const nu = 1 / Math.sqrt(k);
    const v = Float64Array.from({ length: k }, (_, l) => (l % 2 ? -nu : nu));
    const G = shallowJacobianGram(X, W, v, 'relu');
    const S = ntkCovariance(X, 'relu').sigma;
    // Per-neuron samples s_l = (φ′(Xw_l)φ′(Xw_l)ᵀ)⊙XXᵀ are bounded by 1 in absolute value, so Var ≤ 1 and SE ≤ 1/√k.
    for (let t = 0; t < n * n; t++)
      expect(Math.abs(G.data[t]! - S.data[t]!)).toBeLessThanOrEqual(5 / Math.sqrt(k));
  });
});
