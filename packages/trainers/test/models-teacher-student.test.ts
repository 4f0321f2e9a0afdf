import { ArgumentError, identity, init, type Matrix, matrix, Rng } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  empiricalTeacherStudent,
  gaussianMatrix,
  type TeacherStudent,
  teacherStudent,
  teacherStudentHessianBlocks,
} from '../src/index.js';
import { checkGradient, checkHessian, checkHvp, EPS } from './models-fd.js';

function norms(A: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) {
    let q = 0;
    for (let l = 0; l < A.cols; l++) q += A.data[i * A.cols + l]! ** 2;
    s += Math.sqrt(q);
  }
  return s;
}

/**
 * Rounding model of the closed form (as in core-math's parity test, one backend): with S = Σ‖w_i‖ + Σ‖v_j‖ and
 * m = max(d, n + k), |ΔF| ≤ (4d + (n+k)²)εS² and each gradient entry |Δg| ≤ 8mεS.
 */
function roundoff(ts: TeacherStudent, theta: Float64Array) {
  const S = norms({ rows: ts.n, cols: ts.d, data: theta }) + norms(ts.V);
  const m = Math.max(ts.d, ts.n + ts.k);
  return { loss: (4 * ts.d + (ts.n + ts.k) ** 2) * EPS * S * S, grad: 8 * m * EPS * S };
}

describe('P4 / SS18 teacher–student objective', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('gradient and Hessian match central differences (general teacher and identity teacher)', () => {
    const cases: [TeacherStudent, Float64Array][] = [];
    const rng = new Rng(8);
    const V = gaussianMatrix(rng.split(0), 3, 5);
    const a = teacherStudent({ n: 4, V });
    cases.push([a, gaussianMatrix(rng.split(1), 4, 5).data]);
    const b = teacherStudent({ n: 6, k: 6 });
    cases.push([b, gaussianMatrix(rng.split(2), 6, 6, 1 / Math.sqrt(6)).data]);
    const c = teacherStudent({ n: 2, k: 4 }); // under-parameterised
    cases.push([c, gaussianMatrix(rng.split(3), 2, 4).data]);
    for (const [ts, theta] of cases) {
      const u = roundoff(ts, theta);
      checkGradient(ts, theta, u.loss, { label: ts.name });
      checkHessian(ts, theta, u.grad, { label: ts.name });
      checkHvp(ts, theta, new Rng(3).fillNormal(new Float64Array(ts.dim)));
    }
  });

  it('F(0) = k/4 + k(k−1)/(4π) (3.887324 at k = 6); W = V (n = k) has zero loss and zero gradient', () => {
    const ts = teacherStudent({ n: 6, k: 6 });
    expect(ts.loss(new Float64Array(36))).toBeCloseTo(3.887324, 6);
    expect(Math.abs(ts.loss(new Float64Array(36)) - (6 / 4 + 30 / (4 * Math.PI)))).toBeLessThanOrEqual(
      4 * 36 * EPS,
    );
    const theta = identity(6).data;
    const g = new Float64Array(36);
    const F = ts.grad(theta, g);
    const u = roundoff(ts, theta);
    expect(Math.abs(F)).toBeLessThanOrEqual(u.loss);
    for (const x of g) expect(Math.abs(x)).toBeLessThanOrEqual(u.grad);
    expect(ts.minValue).toBe(0);
    expect(teacherStudent({ n: 5, k: 6 }).minValue).toBeUndefined();
  });

  it('Hessian at the global minimum W = V (n = k): H_ii = ½I, H_ij = ¼I + (w̄_iw̄_jᵀ + w̄_jw̄_iᵀ)/(2π) (P4 Lemma 20)', () => {
    for (const k of [2, 3, 5]) {
      const ts = teacherStudent({ n: k, k });
      const H = ts.hessian(identity(k).data);
      const N = k * k;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          for (let r = 0; r < k; r++)
            for (let c = 0; c < k; c++) {
              let want: number;
              if (i === j) want = r === c ? 0.5 : 0;
              else
                want =
                  (r === c ? 0.25 : 0) +
                  ((r === i && c === j) || (r === j && c === i) ? 1 / (2 * Math.PI) : 0);
              // Each entry is a sum of ≤ 2k terms of size ≤ 1: |Δ| ≤ 16kε.
              expect(Math.abs(H.data[(i * k + r) * N + j * k + c]! - want)).toBeLessThanOrEqual(16 * k * EPS);
            }
      // H′_ii = H_ii − ½I vanish there.
      for (const B of ts.diagonalBlocks(identity(k).data, true))
        for (const x of B.data) expect(Math.abs(x)).toBeLessThanOrEqual(16 * k * EPS);
    }
  });

  it('degenerate angles: h_2 = ½I at θ = 0, h_2 = 0 and h_1 = 0 at θ = 0, π — and they are the true derivatives', () => {
    // Two students along one direction, no teacher: F = ½E[([w_1ᵀx]_+ + [w_2ᵀx]_+)²].
    const base = Float64Array.of(0.6, -0.3, 0.8);
    const d = 3;
    const empty = matrix(0, d);
    const ts = teacherStudent({ n: 2, V: empty });
    for (const [scale, offDiag] of [
      [1.7, 0.5],
      [-0.9, 0],
    ] as const) {
      const theta = new Float64Array(6);
      for (let l = 0; l < d; l++) {
        theta[l] = base[l]!;
        theta[d + l] = scale * base[l]!;
      }
      const H = ts.hessian(theta);
      for (let r = 0; r < d; r++)
        for (let c = 0; c < d; c++) {
          // Exact limits (rounding: the computed angle is O(ε), contributing O(ε) to every entry).
          expect(Math.abs(H.data[r * 6 + d + c]! - (r === c ? offDiag : 0))).toBeLessThanOrEqual(64 * EPS);
          expect(Math.abs(H.data[r * 6 + c]! - (r === c ? 0.5 : 0))).toBeLessThanOrEqual(64 * EPS);
        }
      // The limits are the true second derivatives: F is C² there (P4 Lemma 1) but its Hessian is only Lipschitz
      // across θ = 0, π, hence the first-order ('C2') difference bound.
      const u = roundoff(ts, theta);
      checkGradient(ts, theta, u.loss, { label: `parallel ${scale}` });
      checkHessian(ts, theta, u.grad, { smoothness: 'C2', label: `parallel ${scale} hessian` });
    }
    // With a teacher: a student parallel and one antiparallel to v_1, plus a generic one.
    const V = matrix(2, d, [0.6, -0.3, 0.8, 0.1, 0.9, -0.2]);
    const ts2 = teacherStudent({ n: 3, V });
    const theta2 = Float64Array.of(1.2, -0.6, 1.6, -0.3, 0.15, -0.4, 0.5, 0.2, 0.1);
    const u2 = roundoff(ts2, theta2);
    checkGradient(ts2, theta2, u2.loss, { label: 'teacher-parallel grad' });
    checkHessian(ts2, theta2, u2.grad, { smoothness: 'C2', label: 'teacher-parallel hessian' });
    // h_1(w_1, v_1) = 0 at θ = 0: neuron 1's diagonal block sees only the student terms.
    const noTeacher = teacherStudent({ n: 3, V: matrix(1, d, [0.1, 0.9, -0.2]) });
    const Ha = ts2.diagonalBlocks(theta2)[0]!;
    const Hb = noTeacher.diagonalBlocks(theta2)[0]!;
    for (let q = 0; q < d * d; q++) expect(Math.abs(Ha.data[q]! - Hb.data[q]!)).toBeLessThanOrEqual(64 * EPS);
  });

  it('P4 Theorem 4: curvature −ε(α₁+α₂)²/(πα₁α₂(1+ε²)) along (z, −z, 0) near a split global minimum', () => {
    for (const [a1, a2, eps, want] of [
      [0.5, 0.5, 0.1, -0.12606],
      [0.3, 0.7, 0.05, -0.0756],
    ] as const) {
      const k = 3;
      const ts = teacherStudent({ n: k + 1, k });
      // w̃_1 = α₁(v_1 + εu), w̃_2 = α₂(v_1 + εu), u = e_2 ⊥ v_1 = e_1; w̃_{j+1} = v_j for j ≥ 2.
      const theta = new Float64Array((k + 1) * k);
      theta.set([a1, a1 * eps, 0], 0);
      theta.set([a2, a2 * eps, 0], k);
      theta.set([0, 1, 0], 2 * k);
      theta.set([0, 0, 1], 3 * k);
      // z: top eigenvector of h_1(w̃_1, v_1) ∝ I − w̄w̄ᵀ + n̄n̄ᵀ, i.e. n̄_{v,w} (unit, ⊥ w̄ towards v_1).
      const wb = [1 / Math.sqrt(1 + eps * eps), eps / Math.sqrt(1 + eps * eps), 0];
      const c = wb[0]!;
      const s = Math.sqrt(1 - c * c);
      const z = [(1 - c * wb[0]!) / s, (0 - c * wb[1]!) / s, 0];
      const dir = new Float64Array(theta.length);
      dir.set(z, 0);
      dir.set(
        z.map((t) => -t),
        k,
      );
      const Hd = new Float64Array(theta.length);
      ts.hvp(theta, dir, Hd);
      let curv = 0;
      for (let p = 0; p < theta.length; p++) curv += dir[p]! * Hd[p]!;
      const exact = (-eps * (a1 + a2) ** 2) / (Math.PI * a1 * a2 * (1 + eps * eps));
      expect(Math.abs(curv - exact)).toBeLessThanOrEqual(1e-13);
      expect(curv).toBeCloseTo(want, 5);
    }
  });

  it('the population loss and gradient agree with a 2·10⁵-sample Monte Carlo estimate (4 standard errors)', () => {
    const n = 4;
    const k = 3;
    const d = 5;
    const m = 200_000;
    const rng = new Rng(77);
    const V = gaussianMatrix(rng.split(0), k, d);
    const W = gaussianMatrix(rng.split(1), n, d);
    const X = gaussianMatrix(rng.split(2), m, d);
    const pop = teacherStudent({ n, V });
    const emp = empiricalTeacherStudent({ n, V, X });
    expect(emp.dim).toBe(pop.dim);
    // Loss: mean of ½r_s², standard error from the sample itself.
    const r = emp.residualVector(W.data);
    let s1 = 0;
    let s2 = 0;
    for (let t = 0; t < m; t++) {
      const q = 0.5 * r[t]! ** 2;
      s1 += q;
      s2 += q * q;
    }
    const mean = s1 / m;
    const se = Math.sqrt((s2 / m - mean * mean) / (m - 1));
    expect(Math.abs(emp.loss(W.data) - mean)).toBeLessThanOrEqual(1e-12 * mean);
    expect(Math.abs(pop.loss(W.data) - mean)).toBeLessThanOrEqual(4 * se);
    // Gradient: per coordinate, the per-sample terms r_s·1[w_iᵀx_s > 0]·x_s,l and their standard error.
    const gPop = new Float64Array(n * d);
    pop.grad(W.data, gPop);
    const gEmp = new Float64Array(n * d);
    emp.grad(W.data, gEmp);
    const g1 = new Float64Array(n * d);
    const g2 = new Float64Array(n * d);
    for (let t = 0; t < m; t++)
      for (let i = 0; i < n; i++) {
        let z = 0;
        for (let l = 0; l < d; l++) z += W.data[i * d + l]! * X.data[t * d + l]!;
        if (z <= 0) continue;
        for (let l = 0; l < d; l++) {
          const q = r[t]! * X.data[t * d + l]!;
          g1[i * d + l] = g1[i * d + l]! + q;
          g2[i * d + l] = g2[i * d + l]! + q * q;
        }
      }
    for (let p = 0; p < n * d; p++) {
      const gm = g1[p]! / m;
      const gse = Math.sqrt((g2[p]! / m - gm * gm) / (m - 1));
      expect(Math.abs(gEmp[p]! - gm)).toBeLessThanOrEqual(1e-9 * (Math.abs(gm) + gse));
      expect(Math.abs(gPop[p]! - gm), `grad[${p}]`).toBeLessThanOrEqual(4 * gse);
    }
  });

  it('zero neurons are reported: loss accepts them, grad/hessian/hvp throw E_ARG_RANGE', () => {
    const ts = teacherStudent({ n: 3, k: 2 });
    const theta = Float64Array.of(1, 0, 0, 0, 0.3, 0.4);
    expect(ts.zeroNeurons(theta)).toEqual([1]);
    expect(Number.isFinite(ts.loss(theta))).toBe(true);
    const g = new Float64Array(6);
    // The objective delegates to the core-math kernels, which name themselves in the message.
    const zero = (fn: string) =>
      `${fn}: invalid argument. W row 1 must be a non-zero student neuron (F is not differentiable at w_i = 0; see teacherStudentZeroNeurons). Value: 0.`;
    for (const [fn, f] of [
      ['teacherStudentLossGrad', () => ts.grad(theta, g)],
      ['teacherStudentHessian', () => ts.hessian(theta)],
      ['teacherStudentHvp', () => ts.hvp(theta, g, new Float64Array(6))],
    ] as const) {
      expect(f).toThrow(ArgumentError);
      expect(f).toThrow(expect.objectContaining({ code: 'E_ARG_RANGE', message: zero(fn) }));
    }
    expect(() => teacherStudent({ n: 2 })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message:
          'teacherStudent: invalid argument. opts.k must be given when opts.V is not. Value: undefined.',
      }),
    );
    expect(() => teacherStudent({ n: 2, k: 3, V: identity(2) })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'teacherStudent: invalid argument. opts.k must equal V.rows = 2. Value: 3.',
      }),
    );
    expect(() => teacherStudentHessianBlocks(identity(4), 3, 2)).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'teacherStudentHessianBlocks: invalid argument. H must be 6×6. Value: Matrix(4x4).',
      }),
    );
  });

  it('a session runs GD in one kernel call and reaches the global minimum from nearby', () => {
    const ts = teacherStudent({ n: 4, k: 4 });
    const theta0 = identity(4).data.slice();
    const noise = new Rng(12).fillNormal(new Float64Array(16));
    for (let p = 0; p < 16; p++) theta0[p] = theta0[p]! + 0.05 * noise[p]!;
    const s = ts.session(theta0);
    try {
      const r = s.gdSteps({ step: 5 / 4, maxIters: 100000, gradTol: 1e-12 });
      expect(r.status).toBe('converged');
      expect(r.gradNorm).toBeLessThanOrEqual(1e-12);
      expect(r.loss).toBeLessThan(1e-20);
    } finally {
      s.dispose();
    }
  });
});
