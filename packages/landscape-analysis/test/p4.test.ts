// P4 (Safran, Yehudai, Shamir 2021) on the teacher–student population loss (spec §4.2, §4.3, §4.6):
// Theorem 3 at W = V, the Theorem 4 construction, and neuron splitting (Lemmas 28–29).
import { init, type Matrix, Rng } from '@landscape-lab/core-math';
import { teacherStudent as tsModel } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../src/classify.js';
import { dedupePoints } from '../src/dedupe.js';
import { hessian } from '../src/hessian.js';
import { hessianOperator } from '../src/operator.js';
import { polish } from '../src/polish.js';
import { denseSpectrum, hessianSpectrum, lanczos } from '../src/spectrum.js';
import { splitNeuron } from '../src/split.js';
import { eye } from './fixtures/models.js';

/** trainers' teacher–student population loss (with the ½), θ = W (n×d neuron-major). */
const teacherStudent = (n: number, V: Matrix) => tsModel({ n, V });

const EPS = 2 ** -52;
const LMIN = 0.25 - 1 / (2 * Math.PI); // 0.0908450569…

beforeAll(async () => {
  await init();
});

/** h_1(w, v) = (sin θ‖v‖/(2π‖w‖))(I − w̄w̄ᵀ + n̄n̄ᵀ), n = v̄ − cos θ w̄ (spec §4.2). */
function h1(w: Float64Array, v: Float64Array): Matrix {
  const d = w.length;
  const nw = Math.hypot(...w);
  const nv = Math.hypot(...v);
  const wb = w.map((x) => x / nw);
  const vb = v.map((x) => x / nv);
  const c = Math.max(
    -1,
    Math.min(
      1,
      wb.reduce((s, x, i) => s + x * vb[i]!, 0),
    ),
  );
  const th = Math.acos(c);
  const s = Math.sin(th);
  const nn = vb.map((x, i) => x - c * wb[i]!);
  const nnorm = Math.hypot(...nn);
  const nb = nn.map((x) => x / nnorm);
  const f = (s * nv) / (2 * Math.PI * nw);
  const M = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) M[i * d + j] = f * ((i === j ? 1 : 0) - wb[i]! * wb[j]! + nb[i]! * nb[j]!);
  return { rows: d, cols: d, data: M };
}

describe('Theorem 3 / Lemma 20: the Hessian at W = V (n = k = d)', () => {
  for (const k of [2, 3, 4, 6]) {
    it(`k = d = ${k}: positive definite with λ_min = ¼ − 1/(2π) = 0.0908450569`, () => {
      const V = eye(k);
      const r = hessianSpectrum(teacherStudent(k, V), V.data, { vectors: true });
      expect(r.converged).toBe(true);
      // |λ̂ − λ| ≤ min(a-priori bound, a-posteriori residual) for the backward-stable eigensolver.
      expect(Math.abs(r.values[0]! - LMIN)).toBeLessThanOrEqual(Math.max(r.errorBound, r.maxResidual!));
      const c = classify(teacherStudent(k, V), V.data);
      expect(c.label).toBe('local-minimum');
      expect(c.gradNorm!).toBeLessThan(1e-14);
    });
  }
  it('Lanczos (smallest) on the exact Hessian operator agrees, k = d = 6', () => {
    const V = eye(6);
    const r = lanczos(hessianOperator(teacherStudent(6, V), V.data), {
      k: 1,
      which: 'smallest',
      maxIters: 36,
    });
    expect(Math.abs(r.values[0]! - LMIN)).toBeLessThanOrEqual(r.residuals[0]! + 10 * 36 * EPS * 2.07);
  });
});

describe('Theorem 4 construction (n = k + 1): negative curvature next to the global-minimum manifold', () => {
  const cases = [
    { a1: 0.5, a2: 0.5, eps: 0.1, want: -0.12606 },
    { a1: 0.3, a2: 0.7, eps: 0.05, want: -0.0756 },
  ];
  for (const { a1, a2, eps, want } of cases) {
    it(`α = (${a1}, ${a2}), ε = ${eps}: curvature along (z, −z) = ${want}`, () => {
      const k = 3;
      const d = 3;
      const V = eye(k, d);
      const n = k + 1;
      // w₁ = α₁(v₁ + εu), w₂ = α₂(v₁ + εu) with u = e₂ ⊥ v₁; w₃ = v₂, w₄ = v₃.
      const W = new Float64Array(n * d);
      W.set([a1, a1 * eps, 0], 0);
      W.set([a2, a2 * eps, 0], 3);
      W.set([0, 1, 0], 6);
      W.set([0, 0, 1], 9);
      const o = teacherStudent(n, V);
      const H = hessian(o, W).matrix;
      // z: top eigenvector of h₁(w₁, v₁).
      const e = denseSpectrum(h1(W.subarray(0, 3), V.data.subarray(0, 3)), { vectors: true });
      const z = [0, 1, 2].map((i) => e.vectors!.data[i * 3 + 2]!);
      const dir = new Float64Array(n * d);
      z.forEach((v, i) => {
        dir[i] = v;
        dir[3 + i] = -v;
      });
      let curv = 0;
      for (let i = 0; i < n * d; i++)
        for (let j = 0; j < n * d; j++) curv += dir[i]! * H.data[i * n * d + j]! * dir[j]!;
      const exact = (-eps * (a1 + a2) ** 2) / (Math.PI * a1 * a2 * (1 + eps * eps));
      // Spec: −ε(α₁+α₂)²/(π α₁α₂(1+ε²)); printed to 5 significant digits.
      expect(curv).toBeCloseTo(exact, 12);
      expect(Math.abs(curv - want)).toBeLessThan(5e-6);
      const sp = denseSpectrum(H);
      expect(sp.values[0]!).toBeLessThan(0);
      expect(classify(H).label).toBe('strict-saddle');
    });
  }
  it('at the exact split global minimum (ε = 0) the Hessian is PSD with λ_min = 0: degenerate', () => {
    const V = eye(3);
    const W = Float64Array.of(0.3, 0, 0, 0.7, 0, 0, 0, 1, 0, 0, 0, 1);
    const c = classify(teacherStudent(4, V), W);
    expect(c.label).toBe('degenerate');
    expect(c.inertia.negative).toBe(0);
    expect(c.inertia.zero).toBeGreaterThan(0);
  });
});

describe('Neuron splitting (Lemmas 28–29): predicted = measured curvature', () => {
  it('n = 1, k = d = 2: split the exact critical point w = t*(1, 1)/√2 — a saddle', () => {
    // F(t w̄) is a quadratic in t (spec §4.6 claim 6): minimiser t* = 2Σ_j κ(w̄, v_j) with θ = π/4 for both v_j.
    const th = Math.PI / 4;
    const kap = (Math.sin(th) + (Math.PI - th) * Math.cos(th)) / (2 * Math.PI);
    const t = 4 * kap;
    const w = Float64Array.of(t / Math.SQRT2, t / Math.SQRT2);
    const V = eye(2);
    const factory = (width: number) => teacherStudent(width, V);
    for (const alpha of [0.5, 0.3, 0.1]) {
      const r = splitNeuron(factory, w, 1, 2, 0, { alpha });
      expect(r.gradNormBefore).toBeLessThan(1e-15);
      // Lemma 28: the split point is critical with the same loss.
      expect(r.gradNorm).toBeLessThan(1e-15);
      expect(Math.abs(r.loss - r.lossBefore)).toBeLessThan(1e-15);
      expect(r.hPrimeMin).toBeLessThan(0);
      // Identity of Lemma 29 up to the rounding of the two Hessians (entries O(1), 4d² terms): 64·d²·ε.
      expect(Math.abs(r.measured - r.predicted)).toBeLessThanOrEqual(
        64 * 4 * EPS * (1 / alpha + 1 / (1 - alpha)),
      );
      // Closed form (spec §4.2): with n = 1 there is no h₁ between students, and in d = 2 both h₁(w, v_j)
      // (θ = π/4) equal (sin θ/(2πt))·2·P⊥ with P⊥ the projector on w̄⊥, so H′ = −(√2/(πt))·P⊥: λ_min(H′) = −√2/(πt).
      // Entries are O(1) sums of a few terms: a 2×2 eigenvalue within 16ε.
      expect(Math.abs(r.hPrimeMin + Math.SQRT2 / (Math.PI * t))).toBeLessThanOrEqual(16 * EPS);
      // The reported Rayleigh quotient of the unit direction (u, −u)/√2 is half the Lemma 29 prediction.
      expect(Math.abs(r.rayleigh - r.predicted / 2)).toBeLessThanOrEqual(
        32 * 4 * EPS * (1 / alpha + 1 / (1 - alpha)),
      );
      expect(r.lambdaMin).toBeLessThanOrEqual(r.rayleigh + r.errorBound);
    }
  });
  it('at W = V the blocks H′_ii vanish (Lemma 20): splitting gives zero predicted and measured curvature', () => {
    const V = eye(3);
    const r = splitNeuron((w) => teacherStudent(w, V), V.data, 3, 3, 1, { alpha: 0.4 });
    expect(Math.abs(r.hPrimeMin)).toBeLessThan(1e-15);
    expect(Math.abs(r.measured)).toBeLessThan(1e-14);
  });
});

describe('A spurious minimum of the k = n = d = 7 problem (P4 protocol), its family and its splits', () => {
  const k = 7;
  const V = eye(k);
  const o = teacherStudent(k, V);
  /** P4 §4.4: W₀ = N(0, 1)/√k, full-batch GD with step 5/k, then Newton polishing (saddles allowed). */
  function run(seed: number): Float64Array {
    const W0 = new Rng(seed).fillNormal(new Float64Array(k * k)).map((v) => v / Math.sqrt(k));
    const s = tsModel({ n: k, V }).session(W0);
    try {
      const r = s.gdSteps({ step: 5 / k, maxIters: 200000, gradTol: 1e-10 });
      expect(r.status).toBe('converged');
      return s.weights();
    } finally {
      s.dispose();
    }
  }
  let minima: Float64Array[] = [];
  beforeAll(() => {
    minima = [2, 30].map((seed) => {
      const p = polish(o, run(seed), { method: 'newton', gradTol: 1e-13 });
      expect(p.converged).toBe(true);
      return p.theta;
    });
  });

  it('is a certified strict local minimum with F ≥ 1e−3, Σ‖w_i‖ ≤ k and every H′_ii indefinite (§4.6 claim 5)', () => {
    for (const W of minima) {
      const c = classify(o, W);
      expect(c.label).toBe('local-minimum');
      expect(c.lambdaMin).toBeGreaterThan(1e-3);
      expect(o.loss(W)).toBeGreaterThan(1e-3);
      let norms = 0;
      for (let i = 0; i < k; i++) norms += Math.hypot(...W.subarray(i * k, (i + 1) * k));
      expect(norms).toBeLessThanOrEqual(k);
      const H = hessian(o, W).matrix;
      for (let i = 0; i < k; i++) {
        const B = new Float64Array(k * k);
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++)
            B[a * k + b] = H.data[(i * k + a) * k * k + i * k + b]! - (a === b ? 0.5 : 0);
        expect(denseSpectrum({ rows: k, cols: k, data: B }).values[0]!).toBeLessThan(0);
      }
    }
  });

  it('the two runs are one family up to neuron and coordinate permutations', () => {
    const r = dedupePoints(minima, { blockSize: k, tol: 1e-8, coordinatePermutation: true });
    expect(r.families.length).toBe(1);
    expect(r.families[0]!.multiplicity).toBe(2);
    // This minimum is symmetric: several coordinates have identical value multisets (ties), resolved exhaustively.
    expect(r.unresolvedTies).toBe(0);
  });

  it('splitting any neuron gives a critical saddle whose measured curvature equals λ_min(H′_ii)(1/α + 1/(1−α))', () => {
    const W = minima[0]!;
    const factory = (w: number) => teacherStudent(w, V);
    for (const i of [0, 3, 6])
      for (const alpha of [0.5, 0.3]) {
        const r = splitNeuron(factory, W, k, k, i, { alpha });
        expect(r.predicted).toBeLessThan(0);
        // Lemma 28's blocks are exact for this model (h₁ is homogeneous of degree −1 in w): the two sides differ by
        // the rounding of the 4d² Hessian entries used, each ≤ 8ε·max|H| ≤ 8ε·2 here.
        expect(Math.abs(r.measured - r.predicted)).toBeLessThanOrEqual(
          4 * k * k * 16 * EPS * (1 / alpha + 1 / (1 - alpha)),
        );
        // Still critical (gradient at the polished level) with the same loss.
        expect(r.gradNorm).toBeLessThan(1e-12);
        expect(Math.abs(r.loss - r.lossBefore)).toBeLessThan(1e-14);
        expect(classify(teacherStudent(k + 1, V), r.theta).label).toBe('strict-saddle');
      }
  });
});
