import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/backend.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../src/errors.js';
import { identity, type Matrix, matrix } from '../src/matrix.js';
import {
  teacherStudentHessian,
  teacherStudentHvp,
  teacherStudentLoss,
  teacherStudentLossGrad,
  teacherStudentSession,
  teacherStudentZeroNeurons,
} from '../src/models/index.js';
import { Rng } from '../src/rng.js';

const EPS = Number.EPSILON;
/** (n students, k teachers, d): zero sizes, odd sizes, d = 1 (all pairs (anti)parallel), a larger case. */
const SHAPES: [number, number, number][] = [
  [0, 3, 3],
  [1, 0, 2],
  [1, 1, 1],
  [2, 2, 2],
  [3, 2, 3],
  [4, 3, 5],
  [7, 6, 7],
  [6, 7, 1],
  [13, 9, 11],
];

function randomPair(n: number, k: number, d: number, seed: number): { W: Matrix; V: Matrix } {
  const rng = new Rng(seed);
  return {
    W: matrix(n, d, rng.fillNormal(new Float64Array(n * d))),
    V: matrix(k, d, rng.fillNormal(new Float64Array(k * d))),
  };
}

function rowNormSum(A: Matrix): { sum: number; min: number } {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let l = 0; l < A.cols; l++) s += A.data[i * A.cols + l]! ** 2;
    sum += Math.sqrt(s);
    min = Math.min(min, Math.sqrt(s));
  }
  return { sum, min };
}

/**
 * Error model (one backend vs exact arithmetic), with S = Σ_i‖w_i‖ + Σ_j‖v_j‖, m = max(d, n + k):
 * - each κ term: the inner product carries γ_d‖w‖‖v‖, the angle (acos branch: |dθ/dc| ≤ 1/0.43; Kahan branch:
 *   O(dε)) and libm a few ε more, and |∂κ/∂c| ≤ ½‖w‖‖v‖, so |Δκ| ≤ 4dε‖w‖‖v‖; summing (n+k)² terms adds
 *   γ_{(n+k)²} Σ|κ|. Hence |ΔF| ≤ (4d + (n+k)²)ε S².
 * - each gradient entry is a sum of ≤ n + k pair terms of size ≤ ‖u‖ with relative error ≤ 4dε plus the
 *   coefficient A_i/‖w_i‖ (relative error (n+k)ε): |Δg| ≤ 8mε S.
 * - Hessian entries: h_1 blocks carry ‖v‖/‖w_i‖, h_2 entries are O(1): |ΔH| ≤ 16mε (1 + S/min_i‖w_i‖).
 * The two backends each satisfy these, so their difference is at most twice.
 */
function tolerances(W: Matrix, V: Matrix) {
  const n = W.rows;
  const k = V.rows;
  const d = W.cols;
  const S = rowNormSum(W).sum + rowNormSum(V).sum;
  const m = Math.max(d, n + k, 1);
  return {
    loss: 2 * (4 * d + (n + k) ** 2) * EPS * S * S,
    grad: 2 * 8 * m * EPS * S,
    hess: 2 * 16 * m * EPS * (1 + S / (rowNormSum(W).min || 1)),
  };
}

describe('teacher–student kernels: wasm vs reference parity', () => {
  beforeAll(async () => {
    await init({ backend: 'reference' });
    await init({ backend: 'wasm-simd' });
  });
  afterAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('loss, gradient and Hessian agree within the derived bounds at every shape', async () => {
    for (const [n, k, d] of SHAPES) {
      const { W, V } = randomPair(n, k, d, 7 * n + 3 * k + d);
      const run = () => ({
        F: teacherStudentLoss(W, V),
        ...teacherStudentLossGrad(W, V),
        H: teacherStudentHessian(W, V),
      });
      await init({ backend: 'wasm-simd' });
      const a = run();
      await init({ backend: 'reference' });
      const b = run();
      const tol = tolerances(W, V);
      const tag = `n=${n} k=${k} d=${d}`;
      expect(Math.abs(a.F - b.F), tag).toBeLessThanOrEqual(tol.loss);
      expect(a.loss, tag).toBe(a.F); // loss-only and loss+gradient paths are the same computation
      for (let p = 0; p < n * d; p++)
        expect(Math.abs(a.grad[p]! - b.grad[p]!), tag).toBeLessThanOrEqual(tol.grad);
      for (let p = 0; p < (n * d) ** 2; p++)
        expect(Math.abs(a.H.data[p]! - b.H.data[p]!), tag).toBeLessThanOrEqual(tol.hess);
    }
  });

  it('the structured hvp equals Hessian·x (each backend) and agrees across backends', async () => {
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [2, 2, 2],
      [3, 2, 3],
      [4, 3, 5],
      [7, 6, 7],
      [6, 7, 1],
      [13, 9, 11],
    ];
    for (const [n, k, d] of shapes) {
      const { W, V } = randomPair(n, k, d, 5 * n + k + 3 * d);
      const x = new Rng(n + 100 * d).fillNormal(new Float64Array(n * d));
      const tol = tolerances(W, V);
      const res: Float64Array[] = [];
      for (const be of ['wasm-simd', 'reference'] as const) {
        await init({ backend: be });
        const H = teacherStudentHessian(W, V);
        const hx = teacherStudentHvp(W, V, x);
        const N = n * d;
        for (let q = 0; q < N; q++) {
          let s = 0;
          let sa = 0;
          for (let p = 0; p < N; p++) {
            s += H.data[q * N + p]! * x[p]!;
            sa += Math.abs(x[p]!);
          }
          // Both apply the same blocks (entries within tol.hess of exact, by the Hessian bound) to x, summed in
          // different orders: |Δ| ≤ 2·tol.hess·Σ|x_p| + γ_N·(|H||x|) ≤ 2·tol.hess·Σ|x| + 2NεΣ|x|·max|H|.
          let hmax = 0;
          for (const h of H.data) hmax = Math.max(hmax, Math.abs(h));
          expect(Math.abs(hx[q]! - s), `${be} n=${n} k=${k} d=${d} [${q}]`).toBeLessThanOrEqual(
            2 * tol.hess * sa + 2 * N * EPS * sa * hmax,
          );
        }
        res.push(hx);
        expect(Array.from(teacherStudentHvp(W, V, x))).toEqual(Array.from(hx)); // deterministic
      }
      let sx = 0;
      for (const t of x) sx += Math.abs(t);
      for (let q = 0; q < n * d; q++)
        expect(Math.abs(res[0]![q]! - res[1]![q]!)).toBeLessThanOrEqual(2 * tol.hess * sx);
    }
  });

  it('agrees also at (anti)parallel pairs, where the accurate-angle branch is taken', async () => {
    const rng = new Rng(5);
    const d = 5;
    const base = rng.fillNormal(new Float64Array(d));
    const W = matrix(4, d);
    const scales = [1, 0.5, -2, 1.3];
    for (let i = 0; i < 4; i++) for (let l = 0; l < d; l++) W.data[i * d + l] = scales[i]! * base[l]!;
    W.data[3 * d] = W.data[3 * d]! + 1e-9; // nearly parallel to row 0
    const V = matrix(2, d);
    V.data.set(base, 0);
    V.data.set(rng.fillNormal(new Float64Array(d)), d);
    await init({ backend: 'wasm-simd' });
    const a = { ...teacherStudentLossGrad(W, V), H: teacherStudentHessian(W, V) };
    await init({ backend: 'reference' });
    const b = { ...teacherStudentLossGrad(W, V), H: teacherStudentHessian(W, V) };
    const tol = tolerances(W, V);
    expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(tol.loss);
    for (let p = 0; p < a.grad.length; p++)
      expect(Math.abs(a.grad[p]! - b.grad[p]!)).toBeLessThanOrEqual(tol.grad);
    for (let p = 0; p < a.H.data.length; p++)
      expect(Math.abs(a.H.data[p]! - b.H.data[p]!)).toBeLessThanOrEqual(tol.hess);
    // The structured hvp applies the same degenerate limits: it equals H·x (same bound as the general hvp test).
    const x = new Rng(6).fillNormal(new Float64Array(4 * d));
    let sx = 0;
    for (const t of x) sx += Math.abs(t);
    for (const be of ['wasm-simd', 'reference'] as const) {
      await init({ backend: be });
      const H = teacherStudentHessian(W, V);
      const hx = teacherStudentHvp(W, V, x);
      let hmax = 0;
      for (const h of H.data) hmax = Math.max(hmax, Math.abs(h));
      for (let q = 0; q < 4 * d; q++) {
        let s = 0;
        for (let p = 0; p < 4 * d; p++) s += H.data[q * 4 * d + p]! * x[p]!;
        expect(Math.abs(hx[q]! - s)).toBeLessThanOrEqual(2 * tol.hess * sx + 2 * 4 * d * EPS * sx * hmax);
      }
    }
  });

  it('the Hessian is exactly symmetric and repeated calls are bitwise identical (both backends)', async () => {
    const { W, V } = randomPair(5, 4, 6, 17);
    for (const be of ['wasm-simd', 'reference'] as const) {
      await init({ backend: be });
      const H = teacherStudentHessian(W, V);
      const N = H.rows;
      for (let r = 0; r < N; r++)
        for (let c = 0; c < r; c++) expect(H.data[r * N + c]).toBe(H.data[c * N + r]);
      const H2 = teacherStudentHessian(W, V);
      expect(Buffer.from(H.data.buffer).equals(Buffer.from(H2.data.buffer))).toBe(true);
      const g1 = teacherStudentLossGrad(W, V);
      const g2 = teacherStudentLossGrad(W, V);
      expect(Object.is(g1.loss, g2.loss)).toBe(true);
      expect(Buffer.from(g1.grad.buffer).equals(Buffer.from(g2.grad.buffer))).toBe(true);
    }
  });

  it('F(0) = k/4 + k(k−1)/(4π) for the identity teacher (3.887324 at k = 6); W = V is a zero of F and ∇F', async () => {
    for (const be of ['wasm-simd', 'reference'] as const) {
      await init({ backend: be });
      for (const k of [1, 2, 6, 10]) {
        const V = identity(k);
        const F0 = teacherStudentLoss(matrix(k, k), V);
        // k² κ terms of size ≤ ½, each exact to a few ε: |ΔF| ≤ 4k²ε.
        expect(Math.abs(F0 - (k / 4 + (k * (k - 1)) / (4 * Math.PI)))).toBeLessThanOrEqual(4 * k * k * EPS);
        const { loss, grad } = teacherStudentLossGrad(V, V);
        // F(V) = 0 exactly in exact arithmetic; rounding leaves ≤ (4d + (2k)²)εS² with S = 2k.
        expect(Math.abs(loss)).toBeLessThanOrEqual((4 * k + 4 * k * k) * EPS * 4 * k * k);
        for (const g of grad) expect(Math.abs(g)).toBeLessThanOrEqual(8 * 2 * k * EPS * 2 * k);
      }
      expect(teacherStudentLoss(matrix(6, 6), identity(6))).toBeCloseTo(3.887324, 6);
    }
  });

  it('tsGdSteps(T) equals T explicit GD updates bitwise and reports its stopping status', async () => {
    for (const be of ['wasm-simd', 'reference'] as const) {
      await init({ backend: be });
      const { W, V } = randomPair(4, 3, 5, 23);
      const eta = 0.1;
      const T = 7;
      const Wm = W.data.slice();
      for (let t = 0; t < T; t++) {
        const { grad } = teacherStudentLossGrad(matrix(4, 5, Wm), V);
        for (let p = 0; p < Wm.length; p++) Wm[p] = Wm[p]! - eta * grad[p]!;
      }
      const last = teacherStudentLossGrad(matrix(4, 5, Wm), V);
      const s = teacherStudentSession(V, W);
      try {
        const r = s.gdSteps({ step: eta, maxIters: T });
        expect(r.status).toBe('maxIters');
        expect(r.iterations).toBe(T);
        expect(Object.is(r.loss, last.loss)).toBe(true);
        let gn = 0;
        for (const g of last.grad) gn += g * g;
        // The kernel sums g² in f64x2 lanes, the test left to right: each has relative error ≤ γ_{nd}.
        const normTol = (x: number, m: number) => 2 * ((m * EPS) / (1 - m * EPS)) * x;
        expect(Math.abs(r.gradNorm - Math.sqrt(gn))).toBeLessThanOrEqual(normTol(Math.sqrt(gn), 20));
        expect(Buffer.from(s.weights().buffer).equals(Buffer.from(Wm.buffer))).toBe(true);
        // The max-neuron rule reports max_i ‖∂F/∂w_i‖ of the same gradient.
        const r0 = s.gdSteps({ step: eta, maxIters: 0, gradNorm: 'maxNeuron' });
        let mx = 0;
        for (let i = 0; i < 4; i++) {
          let q = 0;
          for (let l = 0; l < 5; l++) q += last.grad[i * 5 + l]! ** 2;
          mx = Math.max(mx, Math.sqrt(q));
        }
        expect(Math.abs(r0.gradNorm - mx)).toBeLessThanOrEqual(normTol(mx, 5));
        // converged: a tolerance the current gradient already meets.
        expect(
          s.gdSteps({ step: eta, maxIters: 10, gradTol: 1.5 * mx, gradNorm: 'maxNeuron' }),
        ).toMatchObject({
          status: 'converged',
          iterations: 0,
        });
        // diverged: a cap below the current gradient norm.
        expect(
          s.gdSteps({ step: eta, maxIters: 10, divergeAbove: mx / 2, gradNorm: 'maxNeuron' }),
        ).toMatchObject({
          status: 'diverged',
          iterations: 0,
        });
        // belowThreshold: stops at the first iterate with F < lossBelow, and the count is exact — the same run
        // without the threshold, replayed step by step, first drops below it after exactly that many updates.
        s.setWeights(W.data);
        const F0 = s.gdSteps({ step: eta, maxIters: 0 }).loss;
        const thr = 0.9 * F0;
        const rb = s.gdSteps({ step: eta, maxIters: 10000, lossBelow: thr });
        expect(rb.status).toBe('belowThreshold');
        expect(rb.loss).toBeLessThan(thr);
        s.setWeights(W.data);
        let t = 0;
        while (s.gdSteps({ step: eta, maxIters: 0 }).loss >= thr) {
          s.gdSteps({ step: eta, maxIters: 1 });
          t++;
        }
        expect(rb.iterations).toBe(t);
        expect(rb.iterations).toBeGreaterThan(0);
        expect(s.gdSteps({ step: eta, maxIters: 5, lossBelow: F0 / 2 ** 60 }).status).toBe('maxIters');
        // zero neuron: loss only, no update.
        const Wz = W.data.slice();
        Wz.fill(0, 5, 10);
        s.setWeights(Wz);
        const rz = s.gdSteps({ step: eta, maxIters: 10 });
        expect(rz).toMatchObject({ status: 'zeroNeuron', iterations: 0, gradNorm: 0 });
        expect(rz.loss).toBe(teacherStudentLoss(matrix(4, 5, Wz), V));
        // non-finite: an absurd step overflows the weights.
        s.setWeights(W.data);
        expect(s.gdSteps({ step: 1e308, maxIters: 10 }).status).toBe('nonFinite');
      } finally {
        s.dispose();
      }
    }
  });

  it('the identity teacher (fast path) gives the general path values: V = I_k vs [I_k; 0; 0], and vs reference', async () => {
    // [I_k; 0; 0] is not the identity, so it takes the general path; its zero teachers contribute exact zeros
    // (κ(w, 0) = 0). For even k they also fill whole f64x2 lane pairs, so loss, gradient and GD iterates must agree
    // exactly (=== also equates ±0); for odd k they shift the lane pairing of the teacher sums, so there the fast
    // path is held to the derived bounds against the reference backend (which has no fast path).
    const eye = (k: number, d: number, zeros: number): Matrix => {
      const V = matrix(k + zeros, d);
      for (let j = 0; j < k; j++) V.data[j * d + j] = 1;
      return V;
    };
    const shapes: [number, number, number][] = [
      [1, 1, 2],
      [5, 4, 6],
      [6, 5, 7],
      [7, 10, 12],
      [9, 9, 10],
      [11, 8, 11],
      [17, 16, 19],
    ];
    for (const [n, k, d] of shapes) {
      const W = matrix(n, d, new Rng(100 + n).fillNormal(new Float64Array(n * d)));
      // One student nearly parallel and one nearly antiparallel to a teacher (the |c| > 0.9 branch).
      W.data.fill(0, 0, d);
      W.data[0] = 2;
      W.data[1] = 1e-9;
      if (n > 1) {
        W.data.fill(0, d, 2 * d);
        W.data[d + (k > 1 ? 1 : 0)] = -0.5;
        W.data[d + d - 1] = 3e-8;
      }
      const V = eye(k, d, 0);
      await init({ backend: 'reference' });
      const ref = teacherStudentLossGrad(W, V);
      await init({ backend: 'wasm-simd' });
      const fast = teacherStudentLossGrad(W, V);
      const tol = tolerances(W, V);
      const tag = `n=${n} k=${k} d=${d}`;
      expect(Math.abs(fast.loss - ref.loss), tag).toBeLessThanOrEqual(tol.loss);
      for (let p = 0; p < n * d; p++)
        expect(Math.abs(fast.grad[p]! - ref.grad[p]!), tag).toBeLessThanOrEqual(tol.grad);
      if (k % 2 !== 0) continue;
      for (const be of ['wasm-simd', 'reference'] as const) {
        await init({ backend: be });
        const btag = `${be} ${tag}`;
        const a = teacherStudentLossGrad(W, V);
        const b = teacherStudentLossGrad(W, eye(k, d, 2));
        expect(a.loss, btag).toBe(b.loss);
        expect(teacherStudentLoss(W, V), btag).toBe(b.loss);
        for (let p = 0; p < n * d; p++) expect(a.grad[p]! === b.grad[p]!, `${btag} p=${p}`).toBe(true);
        const s1 = teacherStudentSession(V, W);
        const s2 = teacherStudentSession(eye(k, d, 2), W);
        try {
          const opts = {
            step: 0.1,
            maxIters: 300,
            gradTol: 1e-9,
            gradNorm: 'maxNeuron' as const,
            lossBelow: 1e-3,
          };
          const r1 = s1.gdSteps(opts);
          const r2 = s2.gdSteps(opts);
          expect(r1, btag).toEqual(r2);
          const w1 = s1.weights();
          const w2 = s2.weights();
          expect(
            w1.some((x, p) => x !== W.data[p]),
            `${btag}: GD moved W`,
          ).toBe(true);
          for (let p = 0; p < n * d; p++) expect(w1[p]! === w2[p]!, `${btag} p=${p}`).toBe(true);
        } finally {
          s1.dispose();
          s2.dispose();
        }
      }
    }
  });

  it('a session Hessian and gradient equal the stateless ones', async () => {
    await init({ backend: 'wasm-simd' });
    const { W, V } = randomPair(3, 4, 4, 31);
    const s = teacherStudentSession(V, W);
    try {
      const g = new Float64Array(12);
      const L = s.lossGrad(g);
      const ref = teacherStudentLossGrad(W, V);
      expect(L).toBe(ref.loss);
      expect(Array.from(g)).toEqual(Array.from(ref.grad));
      expect(Array.from(s.hessian().data)).toEqual(Array.from(teacherStudentHessian(W, V).data));
      expect(s.loss()).toBe(ref.loss);
    } finally {
      s.dispose();
    }
    expect(() => s.loss()).toThrow(
      expect.objectContaining({
        code: 'E_DISPOSED',
        message:
          'TeacherStudentSession.loss: invalid argument. The session must not be disposed. Value: disposed session.',
      }),
    );
  });
});

describe('teacher–student facade: input errors and zero neurons', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('reports zero neurons; the loss accepts them, gradient and Hessian refuse them (E_ARG_RANGE)', () => {
    const W = matrix(3, 2, [1, 0, 0, 0, 0, 2]);
    const V = identity(2);
    expect(teacherStudentZeroNeurons(W)).toEqual([1]);
    // F with a zero neuron equals F without it.
    expect(
      Math.abs(teacherStudentLoss(W, V) - teacherStudentLoss(matrix(2, 2, [1, 0, 0, 2]), V)),
    ).toBeLessThan(1e-15);
    const zero = (fn: string, see = '; see teacherStudentZeroNeurons') =>
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: `${fn}: invalid argument. W row 1 must be a non-zero student neuron (F is not differentiable at w_i = 0${see}). Value: 0.`,
      });
    expect(() => teacherStudentLossGrad(W, V)).toThrow(ArgumentError);
    expect(() => teacherStudentLossGrad(W, V)).toThrow(zero('teacherStudentLossGrad'));
    expect(() => teacherStudentHessian(W, V)).toThrow(ArgumentError);
    expect(() => teacherStudentHessian(W, V)).toThrow(zero('teacherStudentHessian'));
    const s = teacherStudentSession(V, W);
    try {
      expect(() => s.lossGrad(new Float64Array(6))).toThrow(zero('TeacherStudentSession.lossGrad', ''));
      expect(() => s.hessian()).toThrow(zero('TeacherStudentSession.hessian'));
    } finally {
      s.dispose();
    }
  });

  it('rejects mismatched shapes, non-finite entries and bad options', () => {
    const V = identity(3);
    const err = (cls: new (...a: never[]) => Error, code: string, message: string) => {
      return (f: () => unknown) => {
        expect(f).toThrow(cls);
        expect(f).toThrow(expect.objectContaining({ code, message }));
      };
    };
    err(
      ShapeError,
      'E_SHAPE',
      'teacherStudentLoss: invalid argument. W.cols must equal V.cols = 3. Value: 2.',
    )(() => teacherStudentLoss(matrix(2, 2), V));
    err(
      ShapeError,
      'E_SHAPE',
      'teacherStudentLossGrad: invalid argument. grad.length must equal 9. Value: 8.',
    )(() => teacherStudentLossGrad(identity(3), V, new Float64Array(8)));
    err(
      NonFiniteError,
      'E_NONFINITE',
      'teacherStudentLoss: invalid argument. W.data[1] must be finite. Value: NaN.',
    )(() => teacherStudentLoss(matrix(1, 3, [0, Number.NaN, 0]), V));
    err(
      ShapeError,
      'E_SHAPE',
      'teacherStudentLoss: invalid argument. W.data.length must equal rows*cols = 3. Value: 2.',
    )(() => teacherStudentLoss({ rows: 1, cols: 3, data: new Float64Array(2) }, V));
    const s = teacherStudentSession(V, identity(3));
    try {
      const bad: [unknown, string, string][] = [
        [{ step: -1, maxIters: 1 }, 'E_ARG_RANGE', 'opts.step must be positive. Value: -1.'],
        [
          { step: 0.1, maxIters: -1 },
          'E_ARG_RANGE',
          'opts.maxIters must be a non-negative integer below 2^31. Value: -1.',
        ],
        [
          { step: 0.1, maxIters: 1, gradTol: -1 },
          'E_ARG_RANGE',
          'opts.gradTol must be non-negative. Value: -1.',
        ],
        [
          { step: 0.1, maxIters: 1, gradNorm: 'l1' },
          'E_ARG_RANGE',
          'opts.gradNorm must be one of frobenius, maxNeuron. Value: "l1".',
        ],
        [
          { step: 0.1, maxIters: 1, divergeAbove: 0 },
          'E_ARG_RANGE',
          'opts.divergeAbove must be a positive number or Infinity. Value: 0.',
        ],
        [{ step: 0.1 }, 'E_ARG_TYPE', 'opts.maxIters must be a number. Value: undefined.'],
        [null, 'E_ARG_TYPE', 'opts must be an object. Value: null.'],
      ];
      for (const [o, code, rest] of bad)
        expect(() => s.gdSteps(o as never)).toThrow(
          expect.objectContaining({
            code,
            message: `TeacherStudentSession.gdSteps: invalid argument. ${rest}`,
          }),
        );
    } finally {
      s.dispose();
    }
  });
});
