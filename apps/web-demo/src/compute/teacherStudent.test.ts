import { init, Rng, teacherStudentHessian, teacherStudentLossGrad } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { symEig } from './linalg.js';
import { teacherFlat, tsGrad, tsHessian, tsLoss } from './teacherStudent.js';
import { runTeacherStudent, splitNeuron } from './tsLab.js';

beforeAll(async () => {
  await init();
});

describe('teacher–student population loss (P4 §4.2)', () => {
  const p = { k: 3, n: 4, d: 5 };
  const w = new Float64Array(p.n * p.d);
  new Rng(7).fillNormal(w);

  it('F(0) matches k/4 + k(k−1)/(4π) (k = 6: 3.887324)', () => {
    const q = { k: 6, n: 6, d: 6 };
    // Closed form; the sum of k² kernel terms has relative rounding ≤ k²ε.
    expect(tsLoss(q, new Float64Array(36).fill(1e-300))).toBeCloseTo(6 / 4 + 30 / (4 * Math.PI), 12);
  });

  it('gradient matches central differences', () => {
    const g = new Float64Array(w.length);
    tsGrad(p, w, g);
    const h = 1e-6;
    for (let i = 0; i < w.length; i++) {
      const a = Float64Array.from(w);
      const b = Float64Array.from(w);
      a[i]! += h;
      b[i]! -= h;
      // Central difference error O(h²·F‴) + O(ε·F/h) ≈ 1e-10 for F = O(1).
      expect(Math.abs((tsLoss(p, a) - tsLoss(p, b)) / (2 * h) - g[i]!)).toBeLessThan(1e-8);
    }
  });

  it('Hessian matches central differences of the gradient', () => {
    const H = tsHessian(p, w);
    const N = w.length;
    const h = 1e-6;
    const ga = new Float64Array(N);
    const gb = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      const a = Float64Array.from(w);
      const b = Float64Array.from(w);
      a[j]! += h;
      b[j]! -= h;
      tsGrad(p, a, ga);
      tsGrad(p, b, gb);
      for (let i = 0; i < N; i++)
        expect(Math.abs((ga[i]! - gb[i]!) / (2 * h) - H[i * N + j]!)).toBeLessThan(1e-7);
    }
  });

  it("agrees with core-math's wasm kernels (loss, gradient, Hessian)", () => {
    const V = { rows: p.k, cols: p.d, data: teacherFlat(p) };
    const W = { rows: p.n, cols: p.d, data: w };
    const g = new Float64Array(w.length);
    const f = tsGrad(p, w, g);
    const r = teacherStudentLossGrad(W, V);
    // Two O(n(n+k)d) sums of O(1) terms in different orders: differences of a few hundred ε at most.
    expect(Math.abs(f - r.loss)).toBeLessThan(1e-12);
    for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - r.grad[i]!)).toBeLessThan(1e-12);
    const H = tsHessian(p, w);
    const Hw = teacherStudentHessian(W, V).data;
    for (let i = 0; i < H.length; i++) expect(Math.abs(H[i]! - Hw[i]!)).toBeLessThan(1e-12);
  });

  it('at W = V the Hessian is PD with λ_min = ¼ − 1/(2π) (P4 Theorem 3)', () => {
    for (const k of [2, 3, 4, 6]) {
      const q = { k, n: k, d: k };
      const H = tsHessian(q, teacherFlat(q));
      const { values } = symEig(H, k * k, false);
      // Jacobi eigenvalues are accurate to ~N·ε·‖H‖ ≈ 1e-13 here.
      expect(values[0]).toBeCloseTo(0.25 - 1 / (2 * Math.PI), 10);
    }
  });

  it('GD from W = V stays at a global minimum; splitting a spurious minimum gives a saddle', () => {
    const r = runTeacherStudent(
      { k: 4, n: 4, seed: 1, init: 'teacher', step: 0.1, maxIter: 100, gradTol: 1e-9 },
      () => {},
    );
    expect(r.classification).toBe('global minimum');
    expect(r.loss).toBeLessThan(1e-14);
    let found = false;
    for (let seed = 10954; seed < 10954 + 60 && !found; seed++) {
      const s = runTeacherStudent(
        { k: 10, n: 10, seed, init: 'xavier', step: 0.1, maxIter: 200000, gradTol: 1e-9 },
        () => {},
      );
      if (s.classification !== 'spurious local minimum') continue;
      found = true;
      const sp = splitNeuron(s, 0.5);
      expect(sp.measuredCurvature).toBeLessThan(0);
      expect(Math.abs(sp.measuredCurvature - sp.predictedCurvature)).toBeLessThan(1e-6);
      expect(sp.classificationAfter).toBe('saddle');
    }
    expect(found).toBe(true);
  });
});
