import { ArgumentError, init, type Objective, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle } from '../test/fixtures/models.js';
import { criticalPoints } from './critical-points.js';

beforeAll(async () => {
  await init();
});

/**
 * f(x, y) = (x² − 1)² + (y² − 1)²: nine critical points with exact Hessian diag(12x² − 4, 12y² − 4) — minima at
 * (±1, ±1) (f = 0, λ = 8, 8), index-1 saddles at (0, ±1) and (±1, 0) (f = 1, λ = −4, 8), a maximum at 0 (f = 2).
 * Symmetric under swapping x and y.
 */
const doubleWell: Objective = {
  dim: 2,
  name: 'double-well',
  loss: (p) => (p[0]! ** 2 - 1) ** 2 + (p[1]! ** 2 - 1) ** 2,
  grad: (p, g) => {
    g[0] = 4 * p[0]! * (p[0]! ** 2 - 1);
    g[1] = 4 * p[1]! * (p[1]! ** 2 - 1);
    return (p[0]! ** 2 - 1) ** 2 + (p[1]! ** 2 - 1) ** 2;
  },
  hessian: (p) => ({
    rows: 2,
    cols: 2,
    data: Float64Array.of(12 * p[0]! ** 2 - 4, 0, 0, 12 * p[1]! ** 2 - 4),
  }),
};

/** Starts on a 5×5 grid over [−1.4, 1.4]², away from the inflection lines x, y = ±1/√3 (singular Hessian). */
const grid = (): Float64Array[] => {
  const v = [-1.4, -0.3, 0.2, 0.9, 1.3];
  return v.flatMap((x) => v.map((y) => Float64Array.of(x, y)));
};

describe('criticalPoints', () => {
  it('the double well: all nine critical points, labelled by inertia, sorted by loss, each start accounted for', () => {
    const starts = grid();
    const r = criticalPoints(doubleWell, starts, { polish: { gradTol: 1e-12 }, classify: { vectors: true } });
    expect(r.gradTol).toBe(1e-12);
    expect(r.dedupeTol).toBe(1e-6);
    expect(r.points.map((p) => p.classification.label)).toEqual([
      ...new Array(4).fill('local-minimum'),
      ...new Array(4).fill('strict-saddle'),
      'local-maximum',
    ]);
    for (const p of r.points) {
      // Exact critical points have coordinates in {−1, 0, 1}; Newton stops within ‖∇f‖/min|λ| ≤ 1e−12/4 of them.
      const q = Array.from(p.theta, Math.round);
      expect(Math.hypot(p.theta[0]! - q[0]!, p.theta[1]! - q[1]!)).toBeLessThanOrEqual(
        p.distanceEstimate * 1.01,
      );
      expect(p.distanceEstimate).toBeLessThanOrEqual(p.gradNorm / 4);
      expect(p.gradNorm).toBeLessThanOrEqual(1e-12);
      expect(p.loss).toBeCloseTo(q.filter((c) => c === 0).length, 12);
      expect(p.classification.index).toBe(q.filter((c) => c === 0).length);
      // The Hessian is diag(12x² − 4, 12y² − 4): at θ within δ ≤ 2.5e−13 of q its entries are off by ≤ 24δ ≈ 6e−12.
      const exact = q.map((c) => 12 * c * c - 4).sort((a, b) => a - b);
      for (const j of [0, 1])
        expect(Math.abs(p.classification.eigenvalues[j]! - exact[j]!)).toBeLessThan(1e-11);
      // Unit eigenvectors of the Hessian at θ itself: ‖Hv − λv‖ within rounding (16ε·‖H‖, ‖H‖ ≤ 8).
      const V = p.classification.eigenvectors!.data;
      const [h0, h1] = [12 * p.theta[0]! ** 2 - 4, 12 * p.theta[1]! ** 2 - 4];
      for (const j of [0, 1]) {
        const [v0, v1] = [V[j]!, V[2 + j]!];
        const lam = p.classification.eigenvalues[j]!;
        expect(Math.abs(Math.hypot(v0, v1) - 1)).toBeLessThan(4 * Number.EPSILON);
        expect(Math.hypot(h0 * v0 - lam * v0, h1 * v1 - lam * v1)).toBeLessThan(16 * Number.EPSILON * 8);
      }
      // Which starts reached it, in input order, and the reverse map agrees.
      expect(p.starts).toEqual([...p.starts].sort((a, b) => a - b));
      for (const s of p.starts) expect(r.pointOf[s]).toBe(r.points.indexOf(p));
    }
    expect(r.points.map((p) => p.loss)).toEqual([...r.points.map((p) => p.loss)].sort((a, b) => a - b));
    const reached = r.points.reduce((t, p) => t + p.starts.length, 0);
    expect(reached + r.unconverged).toBe(starts.length);
    expect(Array.from(r.pointOf).filter((k) => k < 0).length).toBe(r.unconverged);
    // The nine points are at least 1 apart.
    expect(r.minSeparation).toBeGreaterThanOrEqual(1 - 1e-9);
  });

  it('groups up to permutations of blocks when asked (x ↔ y is a symmetry of the double well)', () => {
    const r = criticalPoints(doubleWell, grid(), { polish: { gradTol: 1e-12 }, dedupe: { blockSize: 1 } });
    // (1, −1) ~ (−1, 1) and (0, 1) ~ (1, 0), etc.: 3 minima, 2 saddles (0, ±1) ~ (±1, 0), 1 maximum.
    expect(r.points.map((p) => p.classification.label)).toEqual([
      'local-minimum',
      'local-minimum',
      'local-minimum',
      'strict-saddle',
      'strict-saddle',
      'local-maximum',
    ]);
  });

  it('lists only converged starts: with no iterations, only a start that is already critical', () => {
    const starts = [Float64Array.of(0.5, 0.5), Float64Array.of(1, -1), Float64Array.of(0.2, 0.1)];
    const r = criticalPoints(doubleWell, starts, { polish: { maxIters: 0 } });
    expect(r.unconverged).toBe(2);
    expect(Array.from(r.pointOf)).toEqual([-1, 0, -1]);
    expect(r.points).toHaveLength(1);
    expect(Array.from(r.points[0]!.theta)).toEqual([1, -1]);
    expect(r.points[0]!.gradNorm).toBe(0);
  });

  it('Newton by default (saddles are found); a trust-region polish finds no saddle of ½(ab − 1)²', () => {
    const starts = [Float64Array.of(0.05, -0.03)];
    const n = criticalPoints(abSaddle(), starts, { polish: { gradTol: 1e-14 } });
    expect(n.points.map((p) => p.classification.label)).toEqual(['strict-saddle']);
    const t = criticalPoints(abSaddle(), starts, { polish: { gradTol: 1e-14, method: 'trust-region' } });
    expect(t.points.every((p) => p.classification.label !== 'strict-saddle')).toBe(true);
  });

  it('an empty start list gives an empty result; malformed input throws coded errors', () => {
    const r = criticalPoints(doubleWell, []);
    expect(r.points).toEqual([]);
    expect(r.unconverged).toBe(0);
    expect(r.minSeparation).toBe(Number.POSITIVE_INFINITY);
    expectCode(
      () => criticalPoints(doubleWell, [Float64Array.of(1)]),
      ShapeError,
      'E_SHAPE',
      'criticalPoints: invalid argument. starts[0].length must equal 2. Value: 1.',
    );
    expectCode(
      () => criticalPoints(doubleWell, Float64Array.of(1, 2) as never),
      ArgumentError,
      'E_ARG_TYPE',
      'criticalPoints: invalid argument. starts must be an array. Value: Float64Array(length 2).',
    );
    expectCode(
      () => criticalPoints({} as never, []),
      ArgumentError,
      'E_ARG_TYPE',
      'criticalPoints: invalid argument. objective.dim must be a number. Value: undefined.',
    );
    expectCode(
      () => criticalPoints(doubleWell, [], 3 as never),
      ArgumentError,
      'E_ARG_TYPE',
      'criticalPoints: invalid argument. options must be an object. Value: 3.',
    );
    expectCode(
      () => criticalPoints(doubleWell, [Float64Array.of(0.5, 0.5)], { polish: { gradTol: -1 } }),
      ArgumentError,
      'E_ARG_RANGE',
      'polish: invalid argument. options.gradTol must be a positive number. Value: -1.',
    );
    expectCode(
      () => criticalPoints(doubleWell, [Float64Array.of(1, 1)], { dedupe: { blockSize: 3 } }),
      ArgumentError,
      'E_ARG_RANGE',
      'dedupePoints: invalid argument. options.blockSize must divide the point length 2. Value: 3.',
    );
  });
});
