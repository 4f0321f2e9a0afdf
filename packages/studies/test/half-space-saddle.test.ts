import { readFileSync } from 'node:fs';
import { init, Rng } from '@landscape-lab/core-math';
import type { CriticalPoint, CriticalPointsResult } from '@landscape-lab/landscape-analysis';
import { halfSpace, halfSpaceProblem, mlp, twoGaussianClasses } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { HALF_SPACE_GRAD_TOL, halfSpaceCriticalPoints, halfSpaceSaddleStart } from '../src/index.js';

beforeAll(async () => {
  await init();
});

const EPS = 2 ** -52;

interface Fixture {
  points: {
    x: [number, number];
    loss: number;
    kind: 'min' | 'saddle' | 'max';
    eigenvalues: [number, number];
  }[];
  saddleStart: { x0: [number, number]; minimiser: [number, number]; saddles: number; minima: number };
}
const old = JSON.parse(
  readFileSync(new URL('./fixtures/half-space-critical-seed1.json', import.meta.url), 'utf8'),
) as Fixture;

describe('half-space critical points and the saddle-plateau start (P2 Fig. 2)', () => {
  const hs = halfSpaceProblem(new Rng(1).split(0));
  // Polish needs core-math's backend: computed after init().
  let crit: CriticalPointsResult;
  let pts: CriticalPoint[];
  beforeAll(() => {
    crit = halfSpaceCriticalPoints(hs);
    pts = crit.points;
  });
  const n = hs.A.rows;
  // Lipschitz constant of the Hessian: ‖∇²f(x) − ∇²f(y)‖₂ ≤ (1/n)Σ_i max|σ‴|·‖a_i‖³·‖x − y‖, max|σ‴| = 1/8.
  let lipH = 0;
  for (let i = 0; i < n; i++) lipH += Math.hypot(hs.A.data[2 * i]!, hs.A.data[2 * i + 1]!) ** 3 / (8 * n);

  it('every point is critical to 1e−13, its label matches the Hessian, eigenpairs hold, no point is listed twice', () => {
    expect(pts.length).toBeGreaterThan(3);
    expect(crit.gradTol).toBe(HALF_SPACE_GRAD_TOL);
    const g = new Float64Array(2);
    for (const c of pts) {
      hs.grad(c.theta, g);
      expect(Math.hypot(g[0]!, g[1]!)).toBeLessThanOrEqual(1e-13);
      const H = hs.hessian(c.theta).data;
      const det = H[0]! * H[3]! - H[1]! * H[2]!;
      expect(c.classification.label === 'strict-saddle').toBe(det < 0);
      expect(c.classification.label === 'local-minimum').toBe(det > 0 && H[0]! > 0);
      const V = c.classification.eigenvectors!;
      for (let j = 0; j < 2; j++) {
        const l = c.classification.eigenvalues[j]!;
        const v0 = V.data[j]!;
        const v1 = V.data[2 + j]!;
        // Eigen-pairs of the symmetric 2×2: ‖Hv − λv‖ at round-off of the O(1e−2) entries.
        const r0 = H[0]! * v0 + H[1]! * v1 - l * v0;
        const r1 = H[2]! * v0 + H[3]! * v1 - l * v1;
        expect(Math.hypot(r0, r1)).toBeLessThan(
          64 * EPS * (Math.abs(H[0]!) + Math.abs(H[1]!) + Math.abs(H[3]!)),
        );
      }
      // Polished copies of one point lie within 2·distanceEstimate of each other: far inside the grouping distance.
      expect(c.distanceEstimate).toBeLessThan(1e-8);
    }
    for (let i = 0; i < pts.length; i++)
      for (let j = i + 1; j < pts.length; j++)
        expect(
          Math.hypot(pts[i]!.theta[0]! - pts[j]!.theta[0]!, pts[i]!.theta[1]! - pts[j]!.theta[1]!),
        ).toBeGreaterThan(1e-6);
    expect(pts.map((c) => c.loss)).toEqual([...pts.map((c) => c.loss)].sort((p, q) => p - q));
    expect(crit.pointOf.length).toBe(6 * 36);
    expect(crit.unconverged).toBe(Array.from(crit.pointOf).filter((k) => k < 0).length);
  });

  it('finds what the former private 2-D Newton found, to the accuracy of the polish', () => {
    // The former trainers code (fixture) and criticalPoints polish the same starts to ‖∇f‖ ≤ 1e−13: each copy lies
    // within ‖∇f‖/min|λ| < 1e−8 of the exact point (distanceEstimate above), so two copies within 2e−8.
    expect(pts.length).toBe(old.points.length);
    const kind = {
      'local-minimum': 'min',
      'strict-saddle': 'saddle',
      'local-maximum': 'max',
      degenerate: '?',
    };
    for (const o of old.points) {
      const c = pts.find((p) => Math.hypot(p.theta[0]! - o.x[0], p.theta[1]! - o.x[1]) <= 2e-8);
      expect(c, `old point ${o.x}`).toBeDefined();
      expect(kind[c!.classification.label]).toBe(o.kind);
      // f at two points 2e−8 apart differs by ≤ ‖∇f‖·d + ½‖H‖d² (negligible) plus the rounding of two evaluations,
      // each a sum of n sigmoids in (0, 1): ≤ 2nε.
      expect(Math.abs(c!.loss - o.loss)).toBeLessThanOrEqual(2 * n * EPS);
      // Weyl: |Δλ| ≤ ‖ΔH‖₂ ≤ L_H·d, plus the rounding of two Hessians (entries ≤ ‖a_i‖²/8, n terms each).
      for (let j = 0; j < 2; j++)
        expect(Math.abs(c!.classification.eigenvalues[j]! - o.eigenvalues[j])).toBeLessThanOrEqual(
          lipH * 2e-8 + 2 * n * EPS,
        );
    }
    const s = halfSpaceSaddleStart(hs, 0)!;
    expect(s.saddles).toBe(old.saddleStart.saddles);
    expect(s.minima).toBe(old.saddleStart.minima);
    expect(
      Math.hypot(s.x0[0]! - old.saddleStart.x0[0], s.x0[1]! - old.saddleStart.x0[1]),
    ).toBeLessThanOrEqual(2e-8);
    expect(
      Math.hypot(
        s.minimiser.theta[0]! - old.saddleStart.minimiser[0],
        s.minimiser.theta[1]! - old.saddleStart.minimiser[1],
      ),
    ).toBeLessThanOrEqual(2e-8);
  });

  it('the saddle start: a high-loss saddle, the lowest minimum found, push along the unstable direction toward it', () => {
    const s = halfSpaceSaddleStart(hs, 0)!;
    expect(s).not.toBeNull();
    expect(s.saddle.classification.label).toBe('strict-saddle');
    expect(Array.from(s.x0)).toEqual(Array.from(s.saddle.theta));
    const minima = pts.filter((c) => c.classification.label === 'local-minimum');
    expect(s.minimiser.loss).toBe(Math.min(...minima.map((m) => m.loss)));
    // "Loss still high": far above the minimum (P2 Fig. 2's plateau).
    expect(s.saddle.loss).toBeGreaterThan(s.minimiser.loss + 0.3);
    const p = halfSpaceSaddleStart(hs, 0.5)!;
    const u = p.unstable;
    // u is the unit eigenvector of the negative eigenvalue: Hu = λ_min·u.
    const H = hs.hessian(p.saddle.theta).data;
    const lmin = p.saddle.classification.eigenvalues[0]!;
    expect(lmin).toBeLessThan(0);
    expect(
      Math.hypot(H[0]! * u[0]! + H[1]! * u[1]! - lmin * u[0]!, H[2]! * u[0]! + H[3]! * u[1]! - lmin * u[1]!),
    ).toBeLessThan(64 * EPS * (Math.abs(H[0]!) + Math.abs(H[1]!) + Math.abs(H[3]!)));
    const d0 = p.x0[0]! - p.saddle.theta[0]!;
    const d1 = p.x0[1]! - p.saddle.theta[1]!;
    expect(Math.hypot(d0, d1)).toBeCloseTo(0.5, 14);
    expect(Math.abs(d0 * u[1]! - d1 * u[0]!)).toBeLessThan(1e-14);
    expect(
      d0 * (p.minimiser.theta[0]! - p.saddle.theta[0]!) + d1 * (p.minimiser.theta[1]! - p.saddle.theta[1]!),
    ).toBeGreaterThan(0);
    expect(hs.loss(p.x0)).toBeLessThan(p.saddle.loss);
  });

  it('rejects objectives that are not 2-D half-space objectives, and bad options', () => {
    const { A, b } = twoGaussianClasses(new Rng(3), { meanPos: [1, 1, 1], meanNeg: [-1, -1, -1] });
    expect(() => halfSpaceCriticalPoints(halfSpace({ A, b }))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE', message: expect.stringContaining('hs.dim must be 2') }),
    );
    const net = mlp({ layers: [2, 2, 1], activation: 'tanh', loss: 'logistic', X: hs.A, y: hs.b });
    expect(() => halfSpaceSaddleStart(net as never)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: expect.stringContaining('hs must be a HalfSpace'),
      }),
    );
    expect(() => halfSpaceCriticalPoints(hs, { angles: 0 })).toThrow(
      expect.objectContaining({ code: 'E_ARG_RANGE', message: expect.stringContaining('opts.angles') }),
    );
    expect(() => halfSpaceSaddleStart(hs, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'E_NONFINITE' }),
    );
  });
});
