import { init, symEigen } from '@landscape-lab/core-math';
import { classify } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HessianResult, pointLabel, runStudySync, type SplitNeuronResult } from '../src/index.js';

beforeAll(async () => {
  await init();
});

describe('teacher–student helpers on trainers + landscape-analysis', () => {
  it('pointLabel: the Hessian label only when ‖∇F‖ ≤ gradTol, else non-critical (NaN included)', () => {
    const c = classify({ rows: 2, cols: 2, data: Float64Array.of(0, 1, 1, 0) }); // eigenvalues ±1
    expect(c.label).toBe('strict-saddle');
    expect(pointLabel(c, 0, 1e-6)).toBe('strict-saddle');
    expect(pointLabel(c, 1e-6, 1e-6)).toBe('strict-saddle');
    expect(pointLabel(c, 2e-6, 1e-6)).toBe('non-critical');
    expect(pointLabel(c, Number.NaN, 1e-6)).toBe('non-critical');
  });

  it('hessian study at the global minimum W = V = I₂: local-minimum with λ_min = ¼ − 1/(2π) (P4 Theorem 3)', () => {
    const r = runStudySync(
      'hessian',
      {
        W: [
          [1, 0],
          [0, 1],
        ],
      },
      1,
    ).result as HessianResult;
    expect(r.classification).toBe('local-minimum');
    expect(r.inertia).toEqual({ negative: 0, zero: 0, positive: 4 });
    expect(r.eigenvalues).toHaveLength(4);
    // |λ̂ − λ| ≤ c·N·ε·‖H‖₂ (symmetric eigensolver backward error); r.tolerance is that bound with c = 100.
    expect(Math.abs(r.lambdaMin - (0.25 - 1 / (2 * Math.PI)))).toBeLessThanOrEqual(r.tolerance);
  });

  it('hessian study away from a critical point reports non-critical, with the same spectrum as classify', () => {
    const W = [
      [1, 0.2],
      [0, 1],
    ];
    const r = runStudySync('hessian', { W }, 1).result as HessianResult;
    expect(r.gradNorm).toBeGreaterThan(1e-6);
    expect(r.classification).toBe('non-critical');
    const c = classify(teacherStudent({ n: 2, k: 2 }), Float64Array.of(1, 0.2, 0, 1));
    expect(r.eigenvalues).toEqual(Array.from(c.eigenvalues));
    expect(r.inertia).toEqual(c.inertia);
  });

  it("split-neuron's λ_min(H′_ii) equals that of trainers' diagonalBlocks(θ, shifted)", () => {
    const W = [
      [0.9, 0.3],
      [-0.2, 1.1],
    ];
    const r = runStudySync('split-neuron', { W, alphas: [0.4] }, 1).result as SplitNeuronResult;
    const blocks = teacherStudent({ n: 2, k: 2 }).diagonalBlocks(Float64Array.of(0.9, 0.3, -0.2, 1.1), true);
    for (const s of r.splits) {
      const B = blocks[s.neuron]!;
      const ev = symEigen(B, { vectors: false }).values;
      // Same d×d block, same eigensolver: agreement within the solver's bound c·d·ε·‖B‖₂ (c = 100).
      const bound = 100 * 2 * Number.EPSILON * Math.max(Math.abs(ev[0]!), Math.abs(ev[1]!));
      expect(Math.abs(s.hPrimeMin - ev[0]!)).toBeLessThanOrEqual(bound);
      expect(s.classification).toBe('non-critical'); // W is not critical, so neither is its split
    }
  });
});
