// Trust-region subproblem and pseudo-inverse Newton step on small analytic cases (interior, boundary, indefinite,
// hard case, nearly hard case, singular), optimality conditions on random indefinite problems, and coded errors.
// Runs on both backends (the solver composes the eigen and gemm facades).
import { describe, expect, it } from 'vitest';
import { type BackendName, init } from '../src/backend.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../src/errors.js';
import { fromRows, type Matrix } from '../src/matrix.js';
import { Rng } from '../src/rng.js';
import { newtonStep, trustRegionStep } from '../src/trust-region.js';

const EPS = Number.EPSILON;
const BACKENDS: BackendName[] = ['wasm-simd', 'reference'];

const mv = (H: Matrix, x: ArrayLike<number>) => {
  const n = H.rows;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] = y[i]! + H.data[i * n + j]! * x[j]!;
  return y;
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const nrm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));
const model = (H: Matrix, g: ArrayLike<number>, s: ArrayLike<number>) => dot(g, s) + 0.5 * dot(s, mv(H, s));
/** ‖H‖_F, an upper bound of ‖H‖₂. */
const fro = (H: Matrix) => nrm(H.data);

/** Q diag(λ) Qᵀ with Q from Gram–Schmidt on a seeded Gaussian matrix. */
function rotated(lambda: number[], seed: number): { H: Matrix; Q: number[][] } {
  const n = lambda.length;
  const r = new Rng(seed);
  const Q: number[][] = [];
  for (let j = 0; j < n; j++) {
    const v = Array.from({ length: n }, () => r.normal());
    for (const q of Q) {
      const c = dot(v, q);
      for (let i = 0; i < n; i++) v[i] = v[i]! - c * q[i]!;
    }
    const s = nrm(v);
    Q.push(v.map((x) => x / s));
  }
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[k]![i]! * lambda[k]! * Q[k]![j]!;
      data[i * n + j] = s;
    }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) data[j * n + i] = data[i * n + j]!; // exact symmetry
  return { H: { rows: n, cols: n, data }, Q };
}

/**
 * Checks the Moré–Sorensen optimality conditions (Nocedal & Wright Thm 4.1) with tolerances from the eigensolver's
 * backward error O(nε‖H‖): (H + λI)s = −g, λ ≥ 0, λ ≥ −λ_1, λ(Δ − ‖s‖) = 0, ‖s‖ ≤ Δ.
 */
function expectOptimal(
  H: Matrix,
  g: Float64Array,
  D: number,
  r: ReturnType<typeof trustRegionStep>,
  lambdaMin: number,
) {
  const n = H.rows;
  const s = r.step;
  const res = mv(H, s).map((v, i) => v + r.lambda * s[i]! + g[i]!);
  // Residual of a spectral solve with a backward-stable eigendecomposition: ≤ c·n·ε·((‖H‖ + λ)‖s‖ + ‖g‖), c = 64.
  expect(nrm(res)).toBeLessThanOrEqual(64 * n * EPS * ((fro(H) + r.lambda) * nrm(s) + nrm(g)));
  expect(r.lambda).toBeGreaterThanOrEqual(0);
  expect(r.lambda).toBeGreaterThanOrEqual(-lambdaMin - 64 * n * EPS * fro(H));
  expect(nrm(s)).toBeLessThanOrEqual(D * (1 + 1e-12));
  if (r.hitBoundary) expect(Math.abs(nrm(s) - D)).toBeLessThanOrEqual(1e-11 * D);
  else expect(r.lambda).toBe(0);
  // predictedDecrease = −m(s), evaluated independently (rounding ≲ nε(|gᵀs| + |sᵀHs|)).
  const m = model(H, g, s);
  expect(Math.abs(r.predictedDecrease + m)).toBeLessThanOrEqual(
    64 * n * EPS * (Math.abs(dot(g, s)) + fro(H) * dot(s, s)) + 1e-300,
  );
  expect(r.predictedDecrease).toBeGreaterThanOrEqual(
    -64 * n * EPS * (Math.abs(dot(g, s)) + fro(H) * dot(s, s)),
  );
}

for (const be of BACKENDS) {
  describe(`trustRegionStep (${be})`, () => {
    it('interior Newton step when H ≻ 0 and ‖H⁻¹g‖ ≤ Δ', async () => {
      await init({ backend: be });
      const H = fromRows([
        [2, 0],
        [0, 4],
      ]);
      const g = Float64Array.of(2, 4);
      const r = trustRegionStep(H, g, 10);
      expect(r.hitBoundary).toBe(false);
      expect(r.hardCase).toBe(false);
      expect(r.lambda).toBe(0);
      expect(r.step[0]).toBeCloseTo(-1, 14);
      expect(r.step[1]).toBeCloseTo(-1, 14);
      expect(r.predictedDecrease).toBeCloseTo(3, 13); // ½ gᵀH⁻¹g = ½(2 + 4)
      expect(r.minEigenvalue).toBeCloseTo(2, 14);
      expectOptimal(H, g, 10, r, 2);
    });

    it('boundary step for H = 2I, g = (3, 4), Δ = 1: λ = 3, s = −g/5, decrease 4', async () => {
      await init({ backend: be });
      const H = fromRows([
        [2, 0],
        [0, 2],
      ]);
      const g = Float64Array.of(3, 4);
      const r = trustRegionStep(H, g, 1);
      expect(r.hitBoundary).toBe(true);
      expect(r.lambda).toBeCloseTo(3, 11);
      expect(r.step[0]).toBeCloseTo(-0.6, 12);
      expect(r.step[1]).toBeCloseTo(-0.8, 12);
      expect(r.predictedDecrease).toBeCloseTo(4, 11); // −(gᵀs + ½·2‖s‖²) = −(−5 + 1)
      expectOptimal(H, g, 1, r, 2);
    });

    it('indefinite H: the step goes to the boundary and beats every point of a fine boundary scan', async () => {
      await init({ backend: be });
      const { H } = rotated([-1, 2], 5);
      const g = Float64Array.of(1, 1);
      for (const D of [0.1, 1, 5]) {
        const r = trustRegionStep(H, g, D);
        expect(r.hitBoundary).toBe(true);
        expect(r.lambda).toBeGreaterThan(1);
        expectOptimal(H, g, D, r, -1);
        // Brute-force oracle: m on the circle ‖s‖ = Δ (the minimiser lies on it since H is indefinite), 2e4 angles;
        // the exact minimum is below the scan's by at most ½·max|m″(φ)|·(Δφ/2)², with |m″| ≤ Δ‖g‖ + 2Δ²‖H‖.
        let best = Number.POSITIVE_INFINITY;
        const K = 20000;
        for (let k = 0; k < K; k++) {
          const a = (2 * Math.PI * k) / K;
          best = Math.min(best, model(H, g, [D * Math.cos(a), D * Math.sin(a)]));
        }
        const slack = 0.5 * (D * nrm(g) + 2 * D * D * fro(H)) * (Math.PI / K) ** 2;
        const m = model(H, g, r.step);
        expect(m).toBeLessThanOrEqual(best + 1e-12 * Math.abs(best));
        expect(m).toBeGreaterThanOrEqual(best - slack - 1e-12 * Math.abs(best));
      }
    });

    it('hard case: H = diag(−2, 1), g = (0, 1), Δ = 2 gives λ = 2, s = (±√(4 − 1/9), −1/3), decrease 75/18', async () => {
      await init({ backend: be });
      const H = fromRows([
        [-2, 0],
        [0, 1],
      ]);
      const g = Float64Array.of(0, 1);
      const r = trustRegionStep(H, g, 2);
      expect(r.hardCase).toBe(true);
      expect(r.hitBoundary).toBe(true);
      expect(r.lambda).toBeCloseTo(2, 14);
      expect(Math.abs(r.step[0]!)).toBeCloseTo(Math.sqrt(4 - 1 / 9), 13);
      expect(r.step[1]).toBeCloseTo(-1 / 3, 14);
      expect(r.predictedDecrease).toBeCloseTo(75 / 18, 12);
      expectOptimal(H, g, 2, r, -2);
    });

    it('hard case in a rotated basis with a repeated smallest eigenvalue', async () => {
      await init({ backend: be });
      const { H, Q } = rotated([-3, -3, 1, 4], 11);
      // g in span(q_3, q_4): orthogonal to the λ_1 = −3 eigenspace.
      const g = new Float64Array(4);
      for (let i = 0; i < 4; i++) g[i] = 0.7 * Q[2]![i]! - 1.1 * Q[3]![i]!;
      const D = 3;
      const r = trustRegionStep(H, g, D);
      expect(r.hardCase).toBe(true);
      expect(r.lambda).toBeCloseTo(3, 12);
      expectOptimal(H, g, D, r, -3);
      // m(s) = m(s_⊥) + ½λ_1τ² with s_⊥ = −Σ ĝ_i/(λ_i + 3) q_i and τ² = Δ² − ‖s_⊥‖².
      const sp2 = (0.7 / 4) ** 2 + (1.1 / 7) ** 2;
      const expected =
        -(0.7 * 0.7) / 4 +
        0.5 * 1 * (0.7 / 4) ** 2 -
        (1.1 * 1.1) / 7 +
        0.5 * 4 * (1.1 / 7) ** 2 +
        0.5 * -3 * (D * D - sp2);
      expect(model(H, g, r.step)).toBeCloseTo(expected, 12);
    });

    it('nearly hard case: g with a 1e−9 component along q_1 gives (almost) the hard-case step and model value', async () => {
      await init({ backend: be });
      const H = fromRows([
        [-2, 0],
        [0, 1],
      ]);
      const g = Float64Array.of(1e-9, 1);
      const r = trustRegionStep(H, g, 2);
      expect(r.hitBoundary).toBe(true);
      expectOptimal(H, g, 2, r, -2);
      // The optimal value is continuous in g: |Δm| ≤ |Δg|·Δ = 2e−9.
      expect(Math.abs(model(H, g, r.step) + 75 / 18)).toBeLessThanOrEqual(2e-9 * 1.01);
      expect(r.step[0]).toBeLessThan(0); // the q_1 component opposes ĝ_1 > 0
    });

    it('g = 0: zero step when H ⪰ 0, the boundary along the most negative curvature otherwise', async () => {
      await init({ backend: be });
      const z = new Float64Array(2);
      const a = trustRegionStep(
        fromRows([
          [1, 0],
          [0, 0],
        ]),
        z,
        1,
      );
      expect(Array.from(a.step)).toEqual([0, 0]);
      expect(a.hitBoundary).toBe(false);
      const { H, Q } = rotated([-1, 2], 3);
      const b = trustRegionStep(H, z, 0.5);
      expect(b.hardCase).toBe(true);
      expect(Math.abs(dot(b.step, Q[0]!))).toBeCloseTo(0.5, 14);
      expect(b.predictedDecrease).toBeCloseTo(0.125, 14); // −½λ_1Δ²
    });

    it('singular PSD H: minimum-norm interior step when g ⟂ null(H), boundary otherwise', async () => {
      await init({ backend: be });
      const H = fromRows([
        [0, 0],
        [0, 1],
      ]);
      const a = trustRegionStep(H, Float64Array.of(0, 1), 10);
      expect(a.hitBoundary).toBe(false);
      expect(Array.from(a.step).map((x) => Math.round(x * 1e14) / 1e14)).toEqual([0, -1]);
      const b = trustRegionStep(H, Float64Array.of(1, 1), 10); // unbounded below along e_1
      expect(b.hitBoundary).toBe(true);
      expectOptimal(H, Float64Array.of(1, 1), 10, b, 0);
    });

    it('random indefinite problems: optimality conditions and no better feasible point among 2000 samples', async () => {
      await init({ backend: be });
      const rng = new Rng(2024);
      for (let trial = 0; trial < 12; trial++) {
        const n = 1 + (trial % 6);
        const lam = Array.from({ length: n }, () => 3 * rng.normal());
        const { H } = rotated(lam, 100 + trial);
        const g = rng.fillNormal(new Float64Array(n));
        const D = 0.1 + 3 * rng.uniform();
        const r = trustRegionStep(H, g, D);
        expect(r.converged).toBe(true);
        expectOptimal(H, g, D, r, Math.min(...lam));
        const m = model(H, g, r.step);
        for (let k = 0; k < 2000; k++) {
          const x = rng.fillNormal(new Float64Array(n));
          const sc = (D * rng.uniform() ** (1 / n)) / nrm(x);
          for (let i = 0; i < n; i++) x[i] = x[i]! * sc;
          expect(m).toBeLessThanOrEqual(model(H, g, x) + 1e-12 * (1 + Math.abs(m)));
        }
      }
    });

    it('handles n = 0 and n = 1', async () => {
      await init({ backend: be });
      const e = trustRegionStep({ rows: 0, cols: 0, data: new Float64Array(0) }, new Float64Array(0), 1);
      expect(e.step).toHaveLength(0);
      expect(e.predictedDecrease).toBe(0);
      const one = trustRegionStep(fromRows([[-1]]), Float64Array.of(2), 0.5);
      expect(one.step[0]).toBeCloseTo(-0.5, 15);
      expect(one.lambda).toBeCloseTo(5, 12); // (−1 + λ)(−0.5) = −2
    });
  });

  describe(`newtonStep (${be})`, () => {
    it('is −H⁻¹g for nonsingular H of any inertia, with predictedDecrease = ½gᵀH⁻¹g', async () => {
      await init({ backend: be });
      const H = fromRows([
        [0, -1],
        [-1, 0],
      ]); // the saddle of ½(ab − 1)² at the origin
      const g = Float64Array.of(0.1, 0.2);
      const r = newtonStep(H, g);
      expect(r.step[0]).toBeCloseTo(0.2, 15);
      expect(r.step[1]).toBeCloseTo(0.1, 15);
      expect(r.rank).toBe(2);
      expect(r.predictedDecrease).toBeCloseTo(-0.02, 15); // ½gᵀH⁻¹g = ½·(−0.04) at a saddle
      const { H: H2 } = rotated([1, -2, 5], 8);
      const g2 = Float64Array.of(1, -1, 2);
      const s2 = newtonStep(H2, g2).step;
      const res = mv(H2, s2).map((v, i) => v + g2[i]!);
      expect(nrm(res)).toBeLessThanOrEqual(64 * 3 * EPS * (fro(H2) * nrm(s2) + nrm(g2)) * 5); // κ(H2) = 5
    });

    it('drops the null space (minimum-norm step) for singular H', async () => {
      await init({ backend: be });
      const r = newtonStep(
        fromRows([
          [1, 0],
          [0, 0],
        ]),
        Float64Array.of(2, 3),
      );
      expect(r.rank).toBe(1);
      expect(r.step[0]).toBeCloseTo(-2, 15);
      expect(Math.abs(r.step[1]!)).toBe(0);
      const n = newtonStep(
        fromRows([
          [1, 0],
          [0, 1e-3],
        ]),
        Float64Array.of(1, 1),
        { rcond: 1e-2 },
      );
      expect(n.rank).toBe(1);
      expect(n.rcond).toBe(1e-2);
    });
  });
}

describe('trust-region errors', () => {
  const H = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const g = Float64Array.of(1, 1);
  const cases: [string, () => unknown, new (...a: never[]) => Error, string, string][] = [
    [
      'H not a matrix',
      () => trustRegionStep(null as unknown as Matrix, g, 1),
      ArgumentError,
      'E_ARG_TYPE',
      'trustRegionStep: invalid argument. H must be a Matrix { rows, cols, data }. Value: null.',
    ],
    [
      'H not square',
      () => trustRegionStep(fromRows([[1, 2]]), g, 1),
      ShapeError,
      'E_SHAPE',
      'trustRegionStep: invalid argument. H must be square. Value: Matrix(1x2).',
    ],
    [
      'g wrong length',
      () => trustRegionStep(H, Float64Array.of(1), 1),
      ShapeError,
      'E_SHAPE',
      'trustRegionStep: invalid argument. g.length must equal 2. Value: 1.',
    ],
    [
      'g not Float64Array',
      () => trustRegionStep(H, [1, 1] as unknown as Float64Array, 1),
      ArgumentError,
      'E_ARG_TYPE',
      'trustRegionStep: invalid argument. g must be a Float64Array. Value: Array(length 2).',
    ],
    [
      'H non-finite',
      () =>
        trustRegionStep(
          fromRows([
            [Number.NaN, 0],
            [0, 1],
          ]),
          g,
          1,
        ),
      NonFiniteError,
      'E_NONFINITE',
      'trustRegionStep: invalid argument. H.data[0] must be finite. Value: NaN.',
    ],
    [
      'g non-finite',
      () => trustRegionStep(H, Float64Array.of(1, Number.POSITIVE_INFINITY), 1),
      NonFiniteError,
      'E_NONFINITE',
      'trustRegionStep: invalid argument. g[1] must be finite. Value: Infinity.',
    ],
    [
      'H asymmetric',
      () =>
        trustRegionStep(
          fromRows([
            [1, 1],
            [0, 1],
          ]),
          g,
          1,
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'trustRegionStep: invalid argument. H must be symmetric to within 1e-12·max|h_ij| = 1e-12. Value: |H[1][0] − H[0][1]| = 1.',
    ],
    [
      'radius 0',
      () => trustRegionStep(H, g, 0),
      ArgumentError,
      'E_ARG_RANGE',
      'trustRegionStep: invalid argument. radius must be a positive number. Value: 0.',
    ],
    [
      'radius NaN',
      () => trustRegionStep(H, g, Number.NaN),
      NonFiniteError,
      'E_NONFINITE',
      'trustRegionStep: invalid argument. radius must be finite. Value: NaN.',
    ],
    [
      'radius not a number',
      () => trustRegionStep(H, g, '1' as unknown as number),
      ArgumentError,
      'E_ARG_TYPE',
      'trustRegionStep: invalid argument. radius must be a number. Value: "1".',
    ],
    [
      'opts not an object',
      () => trustRegionStep(H, g, 1, 3 as never),
      ArgumentError,
      'E_ARG_TYPE',
      'trustRegionStep: invalid argument. opts must be an object. Value: 3.',
    ],
    [
      'tol too small',
      () => trustRegionStep(H, g, 1, { tol: 1e-20 }),
      ArgumentError,
      'E_ARG_RANGE',
      'trustRegionStep: invalid argument. opts.tol must be a number in [4ε, 1). Value: 1e-20.',
    ],
    [
      'maxIters 0',
      () => trustRegionStep(H, g, 1, { maxIters: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'trustRegionStep: invalid argument. opts.maxIters must be a positive integer. Value: 0.',
    ],
    [
      'newton H not square',
      () => newtonStep(fromRows([[1, 2]]), g),
      ShapeError,
      'E_SHAPE',
      'newtonStep: invalid argument. H must be square. Value: Matrix(1x2).',
    ],
    [
      'newton g wrong length',
      () => newtonStep(H, Float64Array.of(1, 2, 3)),
      ShapeError,
      'E_SHAPE',
      'newtonStep: invalid argument. g.length must equal 2. Value: 3.',
    ],
    [
      'newton H asymmetric',
      () =>
        newtonStep(
          fromRows([
            [1, 1],
            [0, 1],
          ]),
          g,
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'newtonStep: invalid argument. H must be symmetric to within 1e-12·max|h_ij| = 1e-12. Value: |H[1][0] − H[0][1]| = 1.',
    ],
    [
      'newton rcond < 0',
      () => newtonStep(H, g, { rcond: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'newtonStep: invalid argument. opts.rcond must be finite and >= 0. Value: -1.',
    ],
    [
      'newton rcond type',
      () => newtonStep(H, g, { rcond: '1' as unknown as number }),
      ArgumentError,
      'E_ARG_TYPE',
      'newtonStep: invalid argument. opts.rcond must be a number. Value: "1".',
    ],
  ];
  it.each(cases)('%s', async (_name, thunk, cls, code, message) => {
    await init();
    let err: unknown;
    try {
      thunk();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(cls);
    expect((err as { code: string }).code).toBe(code);
    expect((err as Error).message).toBe(message);
  });
});
