import {
  fromRows,
  identity,
  init,
  type Matrix,
  matrix,
  symEigen,
  symmetrize,
  teacherStudentLossGrad,
} from '@landscape-lab/core-math';
import { classify } from '@landscape-lab/landscape-analysis';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HessianResult, pointLabel, runStudySync, type SplitNeuronResult } from '../src/index.js';

beforeAll(async () => {
  await init();
});

/**
 * ∇²F at W (n = k = d = 2, V = I) by central differences of the closed-form gradient, h = 1e-4: an independent
 * route (the studies use the analytic Hessian kernel). Entry error ≤ h²ρ/6 + 2δ/h with ρ the spec §4.4 third-
 * derivative bound n(√2(n−1)(w_max + w_min) + k)/(π w_min²) over the h-ball (≤ 4 for the points below) and δ ≤ 1e-14
 * the gradient's rounding error: ≤ 7e-9 + 2e-10. Eigenvalues then move by ≤ ‖E‖₂ ≤ 4·max|E_ij| < 3e-8; we use 1e-7.
 * The bound needs F to be C³ on the stencil: F is only C² where an angle θ_{w_i,v_j} or θ_{w_i,w_i'} is 0 or π
 * (h_1 ∝ sin θ has a kink; at W = [[1, 0.2], [0, 1]], where w_2 = v_2, the FD error is 3e-6), so every angle must
 * stay ≥ 0.05 ≫ h from 0 and π.
 */
const FD_TOL = 1e-7;
function fdHessian(rows: number[][]): Matrix {
  const V = identity(2);
  const W = fromRows(rows);
  const nd = 4;
  const h = 1e-4;
  const norms = rows.map((w) => Math.hypot(...w));
  const wMin = Math.min(...norms) - h;
  const wMax = Math.max(...norms) + h;
  expect((2 * (Math.SQRT2 * (wMax + wMin) + 2)) / (Math.PI * wMin * wMin)).toBeLessThan(4);
  const others = [...rows, [1, 0], [0, 1]];
  for (const [a, w] of rows.entries())
    for (const [b, u] of others.entries()) {
      if (a === b) continue;
      const cos = (w[0]! * u[0]! + w[1]! * u[1]!) / (Math.hypot(...w) * Math.hypot(...u));
      const theta = Math.acos(Math.min(1, Math.max(-1, cos)));
      expect(
        Math.min(theta, Math.PI - theta),
        `θ(w_${a}, ${b < 2 ? `w_${b}` : `v_${b - 2}`})`,
      ).toBeGreaterThan(0.05);
    }
  const H = matrix(nd, nd);
  for (let j = 0; j < nd; j++) {
    const x = W.data[j]!;
    W.data[j] = x + h;
    const gp = teacherStudentLossGrad(W, V).grad;
    W.data[j] = x - h;
    const gm = teacherStudentLossGrad(W, V).grad;
    W.data[j] = x;
    for (let i = 0; i < nd; i++) H.data[i * nd + j] = (gp[i]! - gm[i]!) / (2 * h);
  }
  symmetrize(H);
  return H;
}

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
    // |λ̂ − λ| ≤ c·N·ε·‖H‖₂ (symmetric eigensolver backward error) with c = 100, N = 4 and ‖H‖₂ = 0.90915
    // (spec §4.2, k = 2): < 1e-13.
    const bound = 100 * 4 * Number.EPSILON * 0.90915;
    expect(Math.abs(r.lambdaMin - (0.25 - 1 / (2 * Math.PI)))).toBeLessThanOrEqual(bound);
    expect(Math.abs(r.eigenvalues.at(-1)! - 0.90915)).toBeLessThan(1e-5); // spec §4.2 prints 5 digits
    expect(r.loss).toBeLessThan(1e-15);
  });

  it('hessian study away from a critical point reports non-critical, with the spectrum of a finite-difference Hessian', () => {
    const W = [
      [1, 0.2],
      [0.1, 0.9],
    ];
    const r = runStudySync('hessian', { W }, 1).result as HessianResult;
    expect(r.gradNorm).toBeGreaterThan(1e-6);
    expect(r.classification).toBe('non-critical');
    const ev = symEigen(fdHessian(W), { vectors: false }).values;
    expect(r.eigenvalues).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(Math.abs(r.eigenvalues[i]! - ev[i]!), `λ_${i}`).toBeLessThan(FD_TOL);
    // All four eigenvalues are clear of zero by far more than the bound, so the inertia is determined.
    expect(Math.min(...Array.from(ev, Math.abs))).toBeGreaterThan(1e3 * FD_TOL);
    expect(r.inertia).toEqual({
      negative: ev.filter((v) => v < 0).length,
      zero: 0,
      positive: ev.filter((v) => v > 0).length,
    });
  });

  it("split-neuron's λ_min(H′_ii) is that of the finite-difference block H_ii − ½I (spec §4.3)", () => {
    const W = [
      [0.9, 0.3],
      [-0.2, 1.1],
    ];
    const r = runStudySync('split-neuron', { W, alphas: [0.4] }, 1).result as SplitNeuronResult;
    const H = fdHessian(W);
    expect(r.splits.map((s) => s.neuron).sort()).toEqual([0, 1]);
    for (const s of r.splits) {
      const i = s.neuron;
      const B = fromRows([
        [H.data[2 * i * 4 + 2 * i]! - 0.5, H.data[2 * i * 4 + 2 * i + 1]!],
        [H.data[(2 * i + 1) * 4 + 2 * i]!, H.data[(2 * i + 1) * 4 + 2 * i + 1]! - 0.5],
      ]);
      // The block's entries carry the FD error bound; its eigenvalues move by ≤ 2·max|E_ij| < FD_TOL.
      expect(Math.abs(s.hPrimeMin - symEigen(B, { vectors: false }).values[0]!)).toBeLessThan(FD_TOL);
      expect(s.classification).toBe('non-critical'); // W is not critical, so neither is its split
    }
  });
});
