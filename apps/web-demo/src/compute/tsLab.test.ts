import { init } from '@landscape-lab/core-math';
import { teacherStudent } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysePoint, runTeacherStudent, splitNeuron, teacherOf } from './tsLab.js';

beforeAll(async () => {
  await init();
});

describe('teacher–student lab (P4 §4.2) on trainers’ population loss', () => {
  it("the lab's teacher is trainers' default V = I_k: F(0) = k/4 + k(k−1)/(4π) (k = 6: 3.887324)", () => {
    const q = { k: 6, n: 6, d: 6 };
    const ts = teacherStudent({ n: q.n, V: teacherOf(q) });
    // Closed form; the sum of k² kernel terms has relative rounding ≤ k²ε.
    expect(ts.loss(new Float64Array(36).fill(1e-300))).toBeCloseTo(6 / 4 + 30 / (4 * Math.PI), 12);
    expect(teacherOf(q).data).toEqual(teacherStudent({ n: 6, k: 6 }).V.data);
  });

  it('at W = V the Hessian is PD with λ_min = ¼ − 1/(2π) (P4 Theorem 3)', () => {
    for (const k of [2, 3, 4, 6]) {
      const q = { k, n: k, d: k };
      const r = analysePoint(q, teacherOf(q).data);
      // Eigenvalues are accurate to ~N·ε·‖H‖ ≈ 1e-13 here.
      expect(r.spectrum.lambdaMin).toBeCloseTo(0.25 - 1 / (2 * Math.PI), 10);
      expect(r.classification).toBe('global minimum');
      expect(r.hPrimeMin).toHaveLength(k);
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
