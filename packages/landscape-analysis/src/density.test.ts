import { ArgumentError, init, NonFiniteError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { knownSpectrum } from '../test/fixtures/models.js';
import { hutchinsonTrace, type SlqResult, slq, slqDensity, slqTrace } from './density.js';
import { matrixOperator } from './operator.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

function bulk(n: number): Float64Array {
  return Float64Array.from(
    { length: n },
    (_, i) => (i < n / 4 ? -0.5 + i / n : 1 + Math.cos(i)) + (i === n - 1 ? 6 : 0),
  );
}

/** Exact Rademacher variance of zᵀAz: 2 Σ_{i≠j} A_ij². */
function radVar(A: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += A[i * n + j]! ** 2;
  return 2 * s;
}

describe('hutchinsonTrace', () => {
  it('n = 2000: estimate within 5σ of tr(A) (σ from the exact Rademacher variance); SE close to σ/√P', () => {
    const n = 2000;
    const lam = bulk(n);
    const A = knownSpectrum(lam, 21);
    const tr = lam.reduce((a, b) => a + b, 0);
    const P = 60;
    const r = hutchinsonTrace(matrixOperator(A), { probes: P, seed: 3 });
    const sigma = Math.sqrt(radVar(A.data, n) / P);
    expect(Math.abs(r.estimate - tr)).toBeLessThanOrEqual(5 * sigma);
    // The sample SE estimates σ/√P; with P = 60 its relative error is about 1/√(2(P−1)) ≈ 9%: allow ±50%.
    expect(r.standardError).toBeGreaterThan(0.5 * sigma);
    expect(r.standardError).toBeLessThan(1.5 * sigma);
    expect(r.samples.length).toBe(P);
  });

  it('a diagonal matrix has zero Rademacher variance: exact trace, SE 0; Gaussian probes are unbiased too', () => {
    const d = Float64Array.of(1, 2, 3, 4);
    const op = {
      dim: 4,
      apply: (x: Float64Array, out: Float64Array) => {
        for (let i = 0; i < 4; i++) out[i] = d[i]! * x[i]!;
      },
    };
    const r = hutchinsonTrace(op, { probes: 5 });
    expect(r.estimate).toBe(10);
    expect(r.standardError).toBe(0);
    const g = hutchinsonTrace(op, { probes: 4000, distribution: 'gaussian', seed: 1 });
    // Gaussian: Var(zᵀDz) = 2 Σ d_i² = 60 ⇒ σ/√P ≈ 0.122.
    expect(Math.abs(g.estimate - 10)).toBeLessThanOrEqual(5 * Math.sqrt(60 / 4000));
  });

  it('throws coded errors', () => {
    const op = { dim: 2, apply: (_x: Float64Array, out: Float64Array) => out.fill(Number.POSITIVE_INFINITY) };
    expectCode(
      () => hutchinsonTrace(op),
      NonFiniteError,
      'E_NONFINITE',
      'hutchinsonTrace: invalid argument. op.apply(x) must return finite values. Value: -Infinity.',
    );
    expectCode(
      () => hutchinsonTrace(op, { probes: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'hutchinsonTrace: invalid argument. options.probes must be a positive integer. Value: 0.',
    );
    expectCode(
      () => hutchinsonTrace(op, { distribution: 'x' as never }),
      ArgumentError,
      'E_ARG_RANGE',
      'hutchinsonTrace: invalid argument. options.distribution must be one of rademacher, gaussian. Value: "x".',
    );
    expectCode(
      () => hutchinsonTrace(null as never),
      ArgumentError,
      'E_ARG_TYPE',
      'hutchinsonTrace: invalid argument. op must be a LinearOperator { dim, apply }. Value: null.',
    );
  });
});

describe('slq', () => {
  const n = 2000;
  const lam = bulk(n);
  const A = knownSpectrum(lam, 8);
  const op = matrixOperator(A);
  const P = 8;
  const m = 30;
  let r: SlqResult;
  beforeAll(async () => {
    await init();
    r = slq(op, { probes: P, steps: m, seed: 4 });
  });

  it('each rule has m nodes and weights summing to 1', () => {
    expect(Array.from(r.steps)).toEqual(new Array(P).fill(m));
    for (const w of r.weights) expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(4 * m * EPS);
    expect(r.combinedNodes.length).toBe(P * m);
    expect(Math.abs(r.combinedWeights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(4 * P * m * EPS);
    for (let i = 1; i < P * m; i++)
      expect(r.combinedNodes[i]!).toBeGreaterThanOrEqual(r.combinedNodes[i - 1]!);
  });

  it('Gauss exactness: per-probe moments of degree ≤ 2m − 1 equal the Hutchinson samples n·qᵀA^p q', () => {
    // Same probes: slq uses new Rng(seed).split(p) Rademacher vectors, as hutchinsonTrace does.
    const h1 = hutchinsonTrace(op, { probes: P, seed: 4 });
    const s1 = slqTrace(r, (x) => x);
    const scale = lam.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    for (let p = 0; p < P; p++) {
      // Rounding of the Lanczos relation is O(m·nε‖A‖) relative to n·‖A‖ per sample.
      expect(Math.abs(s1.samples[p]! - h1.samples[p]!)).toBeLessThanOrEqual(m * n * EPS * scale * n);
    }
    // tr(A²) = ‖A‖_F² via the squared operator: compare with Hutchinson on A² with the same probes.
    const sq = {
      dim: n,
      apply: (x: Float64Array, out: Float64Array) => {
        const t = new Float64Array(n);
        op.apply(x, t);
        op.apply(t, out);
      },
    };
    const h2 = hutchinsonTrace(sq, { probes: P, seed: 4 });
    const s2 = slqTrace(r, (x) => x * x);
    for (let p = 0; p < P; p++)
      expect(Math.abs(s2.samples[p]! - h2.samples[p]!)).toBeLessThanOrEqual(m * n * EPS * scale * scale * n);
  });

  it('moments tr(A^p), p = 1..4, within 5 standard errors of the exact Σλ^p', () => {
    for (let p = 1; p <= 4; p++) {
      const exact = lam.reduce((a, b) => a + b ** p, 0);
      const t = slqTrace(r, (x) => x ** p);
      expect(Math.abs(t.estimate - exact)).toBeLessThanOrEqual(5 * t.standardError + 1e-9 * Math.abs(exact));
    }
  });

  it('the smoothed density integrates to 1 and has the spectrum’s mean; extreme node finds λ_max', () => {
    const grid = Float64Array.from({ length: 4001 }, (_, i) => -3 + (i * 12) / 4000);
    const rho = slqDensity(r, grid, { sigma: 0.05 });
    let mass = 0;
    let mean = 0;
    for (let i = 1; i < grid.length; i++) {
      const h = grid[i]! - grid[i - 1]!;
      mass += 0.5 * h * (rho[i]! + rho[i - 1]!);
      mean += 0.5 * h * (rho[i]! * grid[i]! + rho[i - 1]! * grid[i - 1]!);
    }
    // Trapezoid on a Gaussian mixture with h = 0.003 ≪ σ: error far below 1e−6; tails beyond the grid < e^{−50}.
    expect(Math.abs(mass - 1)).toBeLessThan(1e-6);
    expect(Math.abs(mean - slqTrace(r, (x) => x).estimate / n)).toBeLessThan(1e-6);
    // λ_max = 7 + cos(1999) is isolated: Lanczos' largest node converges to it for every probe.
    const lmax = Math.max(...lam);
    for (const th of r.nodes) expect(Math.abs(th[th.length - 1]! - lmax)).toBeLessThan(1e-8);
  });

  it('an invariant Krylov space ends a probe early, with an exact rule', () => {
    const d = {
      dim: 4,
      apply: (x: Float64Array, out: Float64Array) => {
        for (let i = 0; i < 4; i++) out[i] = (i % 2 ? 2 : -1) * x[i]!;
      },
    };
    const s = slq(d, { probes: 3, steps: 4 });
    expect(Math.max(...s.steps)).toBe(2);
    const t = slqTrace(s, (x) => x ** 3);
    expect(t.estimate).toBeCloseTo(2 * -1 + 2 * 8, 12);
  });

  it('throws coded errors', () => {
    expectCode(
      () => slq(op, { steps: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'slq: invalid argument. options.steps must be an integer in [1, 2000]. Value: 0.',
    );
    expectCode(
      () => slq(op, { probes: 1.5 }),
      ArgumentError,
      'E_ARG_RANGE',
      'slq: invalid argument. options.probes must be a positive integer. Value: 1.5.',
    );
    expectCode(
      () => slqTrace({} as never, (x) => x),
      ArgumentError,
      'E_ARG_TYPE',
      'slqTrace: invalid argument. result must be an SlqResult from slq(). Value: [object Object].',
    );
    expectCode(
      () => slqTrace(r, 3 as never),
      ArgumentError,
      'E_ARG_TYPE',
      'slqTrace: invalid argument. f must be a function. Value: 3.',
    );
    expectCode(
      () => slqTrace(r, () => Number.NaN),
      NonFiniteError,
      'E_NONFINITE',
      'slqTrace: invalid argument. f(nodes)[0] must be finite. Value: NaN.',
    );
    expectCode(
      () => slqDensity(r, Float64Array.of(0), { sigma: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'slqDensity: invalid argument. options.sigma must be a positive number. Value: -1.',
    );
  });
});
