// First-order optimizers and the shared run loop: rates, stochastic methods, perturbed GD, divergence guard,
// stopping rules, recording, determinism, serialisation and coded errors. Objectives are small analytic fixtures.
import {
  ArgumentError,
  type ComponentAccess,
  NonFiniteError,
  type Objective,
  Rng,
  ShapeError,
} from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import {
  adam,
  BatchSampler,
  gd,
  momentum,
  perturbedGd,
  runOptimizer,
  type StepRule,
  serializeRun,
  sgd,
} from '../src/optim/index.js';

const EPS = Number.EPSILON;

/** f(θ) = ½ θᵀAθ − bᵀθ with A symmetric (dense, row-major). */
function quadratic(A: number[][], b?: number[]): Objective {
  const n = A.length;
  const a = A.flat();
  const bb = b ?? new Array(n).fill(0);
  return {
    dim: n,
    name: 'quadratic',
    loss(x) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += a[i * n + j]! * x[j]!;
        f += 0.5 * x[i]! * ax - bb[i]! * x[i]!;
      }
      return f;
    },
    grad(x, g) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += a[i * n + j]! * x[j]!;
        g[i] = ax - bb[i]!;
        f += 0.5 * x[i]! * ax - bb[i]! * x[i]!;
      }
      return f;
    },
  };
}

/** A = Q diag(λ) Qᵀ with Q = I − 2vvᵀ/vᵀv a Householder reflection (symmetric orthogonal; column i = q_i). */
function rotatedDiag(lambda: number[], seed: number): { A: number[][]; Q: number[][] } {
  const n = lambda.length;
  const r = new Rng(seed);
  const v = Array.from({ length: n }, () => r.normal());
  const vv = v.reduce((s, x) => s + x * x, 0);
  const Q = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv),
  );
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i]![k]! * lambda[k]! * Q[j]![k]!;
      return s;
    }),
  );
  return { A, Q };
}

/** Least squares f = (1/m) Σ_i ½(x_iᵀθ − y_i)² with y = Xθ* (interpolation: f* = 0), plus a relative residual. */
function leastSquares(m: number, d: number, seed: number): Objective & { residual(t: Float64Array): number } {
  const r = new Rng(seed);
  const X = new Float64Array(m * d);
  r.fillNormal(X);
  const star = new Float64Array(d);
  r.fillNormal(star);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) y[i] = y[i]! + X[i * d + j]! * star[j]!;
  const res = (t: Float64Array, i: number) => {
    let s = -y[i]!;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * t[j]!;
    return s;
  };
  const components: ComponentAccess = {
    count: m,
    loss: (t, i) => 0.5 * res(t, i) ** 2,
    grad(t, i, g) {
      const e = res(t, i);
      for (let j = 0; j < d; j++) g[j] = e * X[i * d + j]!;
      return 0.5 * e * e;
    },
    batchGrad(t, batch, g) {
      g.fill(0);
      let f = 0;
      for (let b = 0; b < batch.length; b++) {
        const i = batch[b]!;
        const e = res(t, i);
        f += 0.5 * e * e;
        for (let j = 0; j < d; j++) g[j] = g[j]! + e * X[i * d + j]!;
      }
      for (let j = 0; j < d; j++) g[j] = g[j]! / batch.length;
      return f / batch.length;
    },
    minValue: () => 0,
  };
  const all = Int32Array.from({ length: m }, (_, i) => i);
  return {
    dim: d,
    name: `least-squares(m=${m},d=${d})`,
    loss: (t) => {
      let f = 0;
      for (let i = 0; i < m; i++) f += 0.5 * res(t, i) ** 2;
      return f / m;
    },
    grad: (t, g) => components.batchGrad(t, all, g),
    components,
    minValue: 0,
    residual(t) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < m; i++) {
        a += res(t, i) ** 2;
        b += y[i]! ** 2;
      }
      return Math.sqrt(a / b);
    },
  };
}

const zeros = (dim: number): Objective => ({
  dim,
  loss: () => 0,
  grad: (_t, g) => {
    g.fill(0);
    return 0;
  },
});

describe('gd', () => {
  it('converges on a quadratic at the predicted linear rate ρ = max|1 − ηλ_i|', () => {
    const lambda = [1, 2, 5, 10];
    const eta = 0.1; // factors 0.9, 0.8, 0.5, 0 → ρ = 0.9
    const { A, Q } = rotatedDiag(lambda, 3);
    const obj = quadratic(A);
    const theta0 = Float64Array.of(1, -2, 0.5, 3);
    const K = 120;
    const r = gd(obj, theta0, { step: eta, maxIters: K, record: { every: 1, theta: true } });
    expect(r.iterations).toBe(K);
    expect(r.stopReason).toBe('maxIters');
    expect(r.converged).toBe(false);
    expect(r.trajectory).toHaveLength(K + 1);
    // Closed form in the eigenbasis: θ_k = Σ_i (1 − ηλ_i)^k (q_iᵀθ₀) q_i. Each GD step rounds with error
    // ≤ γ_{n+2}(1 + η‖A‖)‖θ‖·√n (a dot product of length n, a scaling and a subtraction per entry); the iteration
    // map contracts with factor ρ, so the accumulated error stays ≤ that per-step bound/(1 − ρ) (with ‖θ‖ ≤ ‖θ₀‖).
    // The construction of A and Q adds a few ulps: doubled.
    const n = lambda.length;
    const rho = 0.9;
    const n0 = Math.hypot(...theta0);
    const c = Q.map((_, i) => Q.reduce((s, row, j) => s + row[i]! * theta0[j]!, 0)); // q_iᵀθ₀
    const bound =
      (2 * (((n + 2) * EPS) / (1 - (n + 2) * EPS)) * (1 + eta * 10) * n0 * Math.sqrt(n)) / (1 - rho);
    for (let k = 0; k <= K; k++) {
      const tk = r.trajectory[k]!.theta!;
      for (let j = 0; j < n; j++) {
        let exact = 0;
        for (let i = 0; i < n; i++) exact += (1 - eta * lambda[i]!) ** k * c[i]! * Q[j]![i]!;
        expect(Math.abs(tk[j]! - exact)).toBeLessThanOrEqual(bound);
      }
      // ‖I − ηA‖₂ = ρ: ‖θ_k‖ ≤ ρ^k‖θ₀‖ up to the same rounding.
      expect(Math.hypot(...tk)).toBeLessThanOrEqual(n0 * rho ** k + bound * Math.sqrt(n));
    }
    // Asymptotic rate: f_{k+1}/f_k → ρ² once the slower modes (0.8/0.9)^{2k} have died out (k = 100: 6e−11).
    const f100 = r.trajectory[100]!.loss;
    const f101 = r.trajectory[101]!.loss;
    expect(f101 / f100).toBeCloseTo(rho * rho, 8);
  });

  it('accepts a step schedule and records the effective step', () => {
    const obj = quadratic([[1]]);
    const steps: number[] = [];
    const r = gd(obj, Float64Array.of(1), {
      step: (t) => 1 / (t + 2),
      maxIters: 5,
      onStep: (i) => {
        steps.push(i.step);
      },
    });
    // θ_{t+1} = (1 − 1/(t+2)) θ_t ⇒ θ_5 = Π_{t=0}^{4} (t+1)/(t+2) = 1/6.
    expect(r.theta[0]).toBeCloseTo(1 / 6, 14);
    expect(steps).toEqual([1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7]);
    expect(r.step).toBe(0.5);
  });

  it('stops on gradTol, lossTarget, blockGradTol, residualTol and a callback, reporting the rule', () => {
    const A = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0.1, 0],
      [0, 0, 0, 0.1],
    ];
    const obj = quadratic(A);
    const th = Float64Array.of(1, 1, 1, 1);
    const a = gd(obj, th, { step: 0.5, gradTol: 1e-6, maxIters: 10_000 });
    expect(a.stopReason).toBe('gradTol');
    expect(a.converged).toBe(true);
    expect(a.gradNorm).toBeLessThanOrEqual(1e-6);
    expect(a.tolerances.gradTol).toBe(1e-6);
    // Block 0 = (θ_0, θ_1) converges fast (factor ½), block 1 slowly (factor 0.95): the max over blocks decides.
    const b = gd(obj, th, { step: 0.5, blockGradTol: 1e-6, blockSize: 2, maxIters: 10_000 });
    expect(b.stopReason).toBe('blockGradTol');
    expect(b.blockGradNorm).toBeLessThanOrEqual(1e-6);
    // ‖g_block1‖ = 0.1·√2·0.95^t ≤ 1e−6 ⇔ t ≥ ln(1e−6/(0.1√2))/ln 0.95 = 231.2…
    expect(b.iterations).toBe(232);
    const c = gd(obj, th, { step: 0.5, lossTarget: 1e-3 });
    expect(c.stopReason).toBe('lossTarget');
    expect(c.loss).toBeLessThanOrEqual(1e-3);
    const ls = leastSquares(40, 4, 9);
    const d = gd(ls, new Float64Array(4), { step: 0.3, residualTol: 1e-8, maxIters: 100_000 });
    expect(d.stopReason).toBe('residualTol');
    expect(d.residual).toBeLessThanOrEqual(1e-8);
    const e = gd(ls, new Float64Array(4), { step: 0.3, residualTol: 1e-3, residual: () => 0 });
    expect(e.iterations).toBe(0); // the option overrides the objective's hook
    // Wall-time cap: the callback busy-waits 3 ms, so the 1 ms cap is exceeded before the first step (not a timing
    // measurement: the order of events is forced).
    const w = gd(obj, th, {
      step: 0.5,
      maxWallTimeMs: 1,
      onStep: () => {
        const t0 = performance.now();
        while (performance.now() - t0 < 3);
      },
    });
    expect(w.stopReason).toBe('wallTime');
    expect(w.iterations).toBe(0);
    const f = gd(obj, th, { step: 0.5, onStep: (i) => i.iteration === 7 });
    expect(f.stopReason).toBe('callback');
    expect(f.iterations).toBe(7);
    expect(f.converged).toBe(false);
  });

  it('divergence guard: restarts from the same θ₀ with half the step, records it, and caps the halvings', () => {
    const obj = quadratic([[10]]); // GD factor 1 − 10η: η = 0.3 → −2 (diverges), 0.15 → −0.5 (converges)
    const r = gd(obj, Float64Array.of(1), { step: 0.3, gradTol: 1e-10, divergence: { gradNormMax: 1e4 } });
    expect(r.restarts).toBe(1);
    expect(r.step).toBe(0.15);
    expect(r.stopReason).toBe('gradTol');
    expect(r.restartLog).toHaveLength(1);
    expect(r.restartLog[0]!.reason).toBe('gradNorm');
    expect(r.restartLog[0]!.step).toBe(0.3);
    // ‖g_t‖ = 10·2^t > 1e4 first at t = 10.
    expect(r.restartLog[0]!.iteration).toBe(10);
    // Same result as a plain run with the halved step from the same start (restart = same run, half step).
    const plain = gd(obj, Float64Array.of(1), { step: 0.15, gradTol: 1e-10 });
    expect(Array.from(r.theta)).toEqual(Array.from(plain.theta));
    expect(r.iterations).toBe(plain.iterations);
    // η = 0.9 needs 3 halvings (0.1125: factor −0.125); a cap of 2 ends the run as diverged.
    const capped = gd(obj, Float64Array.of(1), {
      step: 0.9,
      maxIters: 500,
      divergence: { gradNormMax: 1e4, maxHalvings: 2 },
    });
    expect(capped.stopReason).toBe('diverged');
    expect(capped.converged).toBe(false);
    expect(capped.restarts).toBe(2);
    expect(capped.restartLog.map((x) => x.step)).toEqual([0.9, 0.45, 0.225]);
    const ok = gd(obj, Float64Array.of(1), {
      step: 0.9,
      gradTol: 1e-9,
      divergence: { gradNormMax: 1e4, maxHalvings: 3 },
    });
    expect(ok.restarts).toBe(3);
    expect(ok.step).toBe(0.1125);
    expect(ok.converged).toBe(true);
  });

  it('divergence guard: non-finite losses trigger it even without a threshold; an initial blow-up ends the run', () => {
    // f = exp(θ²): GD with a large step overflows to +∞ without any gradient threshold.
    const blow: Objective = {
      dim: 1,
      loss: (t) => Math.exp(t[0]! ** 2),
      grad: (t, g) => {
        const f = Math.exp(t[0]! ** 2);
        g[0] = 2 * t[0]! * f;
        return f;
      },
    };
    const r = gd(blow, Float64Array.of(1), { step: 1, gradTol: 1e-8, maxIters: 10_000 });
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.restartLog.every((x) => x.reason === 'nonFinite')).toBe(true);
    expect(r.converged).toBe(true);
    const off = gd(blow, Float64Array.of(1), { step: 1, maxIters: 100, divergence: false });
    expect(off.stopReason).toBe('diverged');
    expect(off.restarts).toBe(0);
    const atStart = gd(quadratic([[1e6]]), Float64Array.of(1), {
      step: 0.1,
      divergence: { gradNormMax: 1e4 },
    });
    expect(atStart.stopReason).toBe('diverged');
    expect(atStart.restarts).toBe(0);
    expect(atStart.iterations).toBe(0);
  });
});

describe('stochastic methods', () => {
  const ls = leastSquares(64, 5, 21);
  const theta0 = new Float64Array(5);
  const f0 = ls.loss(theta0);

  it('SGD, momentum and Adam reduce the loss of an interpolating least-squares finite sum', () => {
    // Interpolation (f* = 0 at θ*, every f_i minimised there): constant-step SGD converges linearly to f* = 0
    // (Bottou, Curtis & Nocedal 2018, Thm 4.6 with M = 0), so a reduction by 1e−8 in 300 epochs must happen.
    const s = sgd(ls, theta0, { step: 0.05, batchSize: 8, seed: 1, maxIters: 2400, lossTarget: 1e-8 * f0 });
    expect(s.stopReason).toBe('lossTarget');
    expect(s.evaluations.batchGrad).toBe(s.iterations);
    expect(s.evaluations.grad).toBeLessThanOrEqual(s.iterations / 8 + 2); // once per epoch (m/|B| = 8) + final
    const m = momentum(ls, theta0, {
      step: 0.02,
      beta: 0.9,
      batchSize: 8,
      seed: 2,
      maxIters: 4000,
      lossTarget: 1e-8 * f0,
    });
    expect(m.stopReason).toBe('lossTarget');
    const a = adam(ls, theta0, { step: 0.05, batchSize: 8, seed: 3, maxIters: 4000 });
    expect(a.loss).toBeLessThan(1e-2 * f0); // Adam with a constant step stalls at a noise floor; a reduction suffices
    const mf = momentum(ls, theta0, { step: 0.1, beta: 0.5, gradTol: 1e-10 }); // full batch
    expect(mf.converged).toBe(true);
    expect(mf.evaluations.batchGrad).toBe(0);
    const af = adam(ls, theta0, { step: 0.01, maxIters: 3000 });
    expect(af.loss).toBeLessThan(1e-3 * f0);
  });

  it('heavy ball takes the documented update v ← βv − ηg, θ ← θ + v', () => {
    const obj = quadratic([[2]]);
    const r = momentum(obj, Float64Array.of(1), { step: 0.1, beta: 0.5, maxIters: 2 });
    // t0: g = 2, v = −0.2, θ = 0.8; t1: g = 1.6, v = −0.1 − 0.16 = −0.26, θ = 0.54.
    expect(r.theta[0]).toBeCloseTo(0.54, 15);
  });

  it('Adam takes the documented bias-corrected first step θ₁ = θ₀ − η·sign(g)·|g|/(|g| + ε)', () => {
    const obj = quadratic([[3]]);
    const r = adam(obj, Float64Array.of(2), { step: 0.1, maxIters: 1, eps: 1e-8 });
    expect(r.theta[0]).toBeCloseTo(2 - (0.1 * 6) / (6 + 1e-8), 15);
  });

  it('samples batches by reshuffling (each epoch a permutation) or with replacement', () => {
    const s = new BatchSampler(10, 3, 'shuffle');
    const rng = new Rng(5);
    const seen: number[] = [];
    for (let b = 0; b < 3; b++) seen.push(...s.next(rng));
    expect(new Set(seen).size).toBe(9); // 3 disjoint batches of one permutation (remainder 1 skipped)
    // With replacement, a batch of 4 out of 4 has a repeated index with probability 1 − 4!/4⁴ ≈ 0.91: in 10 draws
    // (fixed seed) some repeat must show up, and every index stays in range.
    const r = new BatchSampler(4, 4, 'replacement');
    const rr = new Rng(1);
    let repeats = 0;
    for (let b = 0; b < 10; b++) {
      const x = Array.from(r.next(rr));
      expect(x.every((i) => i >= 0 && i < 4)).toBe(true);
      if (new Set(x).size < 4) repeats++;
    }
    expect(repeats).toBeGreaterThan(0);
  });

  it('records the sampled batch of the step taken from each recorded iterate (P2)', () => {
    const r = sgd(ls, theta0, {
      step: 0.05,
      batchSize: 4,
      seed: 11,
      maxIters: 40,
      record: { every: 10, batches: true, theta: true },
    });
    expect(r.trajectory.map((p) => p.iteration)).toEqual([0, 10, 20, 30, 40]);
    for (const p of r.trajectory.slice(0, -1)) expect(p.batch).toHaveLength(4);
    expect(r.trajectory.at(-1)!.batch).toBeUndefined();
    // Replaying the sampler with the same seed reproduces the recorded batches.
    const sampler = new BatchSampler(64, 4, 'shuffle');
    const rng = new Rng(11);
    for (let t = 0; t < 40; t++) {
      const b = sampler.next(rng);
      if (t % 10 === 0) expect(Array.from(r.trajectory[t / 10]!.batch!)).toEqual(Array.from(b));
    }
  });
});

describe('perturbedGd (P4 Algorithm D.2)', () => {
  it('moves every neuron block by the same α·ξ, ξ ~ N(0, I_d/d) (zero-gradient objective)', () => {
    const d = 3;
    const blocks = 4;
    const alpha = 0.5;
    const T = 25;
    const theta0 = Float64Array.from({ length: d * blocks }, (_, i) => i - 5);
    const r = perturbedGd(zeros(d * blocks), theta0, {
      step: 0.1,
      alpha,
      blockSize: d,
      seed: 77,
      maxIters: T,
    });
    expect(r.iterations).toBe(T);
    // Independent replay of the noise: ξ_t = normal()/√d from the same seed; Δ = α Σ_t ξ_t for every block.
    const rng = new Rng(77);
    const delta = new Float64Array(d);
    const xi = new Float64Array(d);
    let absSum = 0;
    for (let t = 0; t < T; t++) {
      rng.fillNormal(xi);
      for (let j = 0; j < d; j++) {
        delta[j] = delta[j]! + (alpha / Math.sqrt(d)) * xi[j]!;
        absSum += Math.abs(alpha * xi[j]!);
      }
    }
    // Each of the T additions rounds once (relative u) on values ≤ max|θ₀| + Σ|αξ|: bound 2T·ε·(that).
    const bound = 2 * T * EPS * (5 + absSum + 7);
    for (let b = 0; b < blocks; b++)
      for (let j = 0; j < d; j++) {
        const moved = r.theta[b * d + j]! - theta0[b * d + j]!;
        expect(Math.abs(moved - delta[j]!)).toBeLessThanOrEqual(bound);
      }
    expect(Math.hypot(...delta)).toBeGreaterThan(0.1); // it did move
  });

  it('takes the gradient step from the perturbed point: θ₁ = θ̃ − η∇f(θ̃), θ̃ = θ₀ + α·(ξ, ξ, …)', () => {
    const d = 2;
    const obj = quadratic([
      [1, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 3, 0],
      [0, 0, 0, 4],
    ]);
    const theta0 = Float64Array.of(1, -1, 0.5, 2);
    const eta = 0.1;
    const alpha = 0.3;
    const r = perturbedGd(obj, theta0, { step: eta, alpha, blockSize: d, seed: 9, maxIters: 1 });
    const xi = new Rng(9).fillNormal(new Float64Array(d)).map((x) => (alpha / Math.sqrt(d)) * x);
    const diag = [1, 2, 3, 4];
    // A gradient taken at θ₀ instead of θ̃ would differ by ηλ_i·|αξ_j| ≥ 0.1·0.01: far above the few-ulp rounding.
    expect(Math.min(...xi.map(Math.abs))).toBeGreaterThan(0.01);
    for (let i = 0; i < 4; i++) {
      const pert = theta0[i]! + xi[i % d]!;
      expect(r.theta[i]).toBeCloseTo(pert - eta * diag[i]! * pert, 14);
    }
    expect(r.evaluations.grad).toBe(3); // θ₀ (monitor), θ̃ (step), θ₁ (final values)
  });

  it('rejects a block size that does not divide dim', () => {
    const f = () =>
      perturbedGd(zeros(5), new Float64Array(5), { step: 0.1, alpha: 0.1, blockSize: 2, seed: 1 });
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(
      'perturbedGd: invalid argument. options.blockSize must divide objective.dim = 5. Value: 2.',
    );
  });
});

describe('recording', () => {
  const obj = quadratic([[0.001]]);
  it('decimates every k-th and log-spaced iterations and always keeps the final point', () => {
    const a = gd(obj, Float64Array.of(1), { step: 1, maxIters: 95, record: { every: 10 } });
    expect(a.trajectory.map((p) => p.iteration)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(a.trajectory[0]!.theta).toBeUndefined();
    const b = gd(obj, Float64Array.of(1), { step: 1, maxIters: 1000, record: { logSpaced: 1 } });
    expect(b.trajectory.map((p) => p.iteration)).toEqual([0, 1, 10, 100, 1000]);
    const c = gd(obj, Float64Array.of(1), { step: 1, maxIters: 100, record: { logSpaced: 3 } });
    // ⌈10^{j/3}⌉ = 1, 3, 5, 10, 22, 47, 100
    expect(c.trajectory.map((p) => p.iteration)).toEqual([0, 1, 3, 5, 10, 22, 47, 100]);
    const d = gd(obj, Float64Array.of(1), { step: 1, maxIters: 100, record: { every: 1, maxPoints: 5 } });
    expect(d.trajectory.map((p) => p.iteration)).toEqual([0, 1, 2, 3, 100]);
    const e = gd(obj, Float64Array.of(1), { step: 1, maxIters: 3, record: { every: 1, theta: true } });
    expect(e.trajectory.map((p) => p.theta![0])).toEqual([1, 0.999, 0.999 * 0.999, 0.999 * 0.999 * 0.999]);
    for (const p of e.trajectory) expect(p.loss).toBe(0.0005 * p.theta![0]! ** 2);
  });
});

describe('determinism and serialisation', () => {
  const ls = leastSquares(32, 3, 4);
  const strip = (r: object) => {
    const { wallTimeMs: _w, ...rest } = serializeRun(r) as Record<string, unknown>;
    return rest;
  };
  const bits = (x: Float64Array) => Array.from(new Uint32Array(x.buffer.slice(0)));

  it('same seed ⇒ bitwise-identical results; another seed ⇒ a different run', () => {
    const run = (seed: number) =>
      sgd(ls, new Float64Array(3), {
        step: 0.1,
        batchSize: 5,
        seed,
        maxIters: 300,
        record: { every: 7, theta: true, batches: true },
      });
    const a = run(123);
    const b = run(123);
    expect(bits(a.theta)).toEqual(bits(b.theta));
    expect(strip(a)).toEqual(strip(b));
    expect(bits(a.trajectory[3]!.theta!)).toEqual(bits(b.trajectory[3]!.theta!));
    expect(bits(a.theta)).not.toEqual(bits(run(124).theta));
    const p = (seed: number) =>
      perturbedGd(ls, new Float64Array(3), { step: 0.1, alpha: 0.01, blockSize: 1, seed, maxIters: 50 });
    expect(strip(p(5))).toEqual(strip(p(5)));
    const q = (seed: number) =>
      adam(ls, new Float64Array(3), { batchSize: 4, seed, maxIters: 50, sampling: 'replacement' });
    expect(strip(q(5))).toEqual(strip(q(5)));
    // An Rng passed in: its start state is recorded, and replaying it gives the same run.
    const rng = new Rng(9).split(2);
    const start = rng.snapshot();
    const c = sgd(ls, new Float64Array(3), { step: 0.1, batchSize: 5, rng, maxIters: 100 });
    expect(c.seed).toBeNull();
    expect(c.rngStart).toEqual(start);
    const d = sgd(ls, new Float64Array(3), {
      step: 0.1,
      batchSize: 5,
      rng: Rng.restore(start),
      maxIters: 100,
    });
    expect(bits(c.theta)).toEqual(bits(d.theta));
  });

  it('serializeRun gives plain JSON-safe data that round-trips', () => {
    const r = sgd(ls, new Float64Array(3), {
      step: 0.1,
      batchSize: 5,
      seed: 1,
      maxIters: 20,
      record: { every: 5, theta: true, batches: true },
    });
    const s = serializeRun(r);
    expect(Array.isArray(s.theta)).toBe(true);
    expect(Array.isArray(s.trajectory[0]!.theta)).toBe(true);
    expect(Array.isArray(s.trajectory[0]!.batch)).toBe(true);
    const back = JSON.parse(JSON.stringify(s));
    expect(back).toEqual(s);
    expect(back.theta).toEqual(Array.from(r.theta));
    expect(back.seed).toBe(1);
  });
});

describe('runOptimizer with a custom rule', () => {
  it('drives any StepRule (sign-GD example)', () => {
    const signGd: StepRule = {
      name: 'sign-gd',
      usesLoopGradient: true,
      needsRng: false,
      defaultEvalEvery: 1,
      reset() {},
      step(theta, ctx) {
        for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - ctx.step * Math.sign(ctx.grad![i]!);
      },
    };
    const r = runOptimizer(
      quadratic([
        [1, 0],
        [0, 4],
      ]),
      Float64Array.of(1, -1),
      signGd,
      { step: 0.25, maxIters: 4 },
    );
    expect(r.method).toBe('sign-gd');
    expect(Array.from(r.theta)).toEqual([0, 0]);
    expect(r.gradNorm).toBe(0);
  });
});

describe('bad options throw coded errors with the house grammar', () => {
  const q = quadratic([[1]]);
  const th = Float64Array.of(1);
  const ls = leastSquares(8, 1, 1);
  const cases: [string, () => unknown, new (...a: never[]) => Error, string, string][] = [
    [
      'objective not an object',
      () => gd(null as unknown as Objective, th, { step: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. objective must be an Objective { dim, loss, grad }. Value: null.',
    ],
    [
      'objective.grad missing',
      () => gd({ dim: 1, loss: () => 0 } as unknown as Objective, th, { step: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. objective.grad must be a function. Value: undefined.',
    ],
    [
      'theta0 wrong type',
      () => gd(q, [1] as unknown as Float64Array, { step: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. theta0 must be a Float64Array. Value: Array(length 1).',
    ],
    [
      'theta0 wrong length',
      () => gd(q, Float64Array.of(1, 2), { step: 1 }),
      ShapeError,
      'E_SHAPE',
      'gd: invalid argument. theta0.length must equal 1. Value: 2.',
    ],
    [
      'theta0 non-finite',
      () => gd(q, Float64Array.of(Number.NaN), { step: 1 }),
      NonFiniteError,
      'E_NONFINITE',
      'gd: invalid argument. theta0[0] must be finite. Value: NaN.',
    ],
    [
      'options not an object',
      () => gd(q, th, 3 as unknown as { step: number }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options must be an object. Value: 3.',
    ],
    [
      'step missing',
      () => gd(q, th, {} as { step: number }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.step must be a number or a function of the iteration. Value: undefined.',
    ],
    [
      'step ≤ 0',
      () => gd(q, th, { step: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.step must be a positive number. Value: 0.',
    ],
    [
      'step NaN',
      () => gd(q, th, { step: Number.NaN }),
      NonFiniteError,
      'E_NONFINITE',
      'gd: invalid argument. options.step must be finite. Value: NaN.',
    ],
    [
      'schedule returns ≤ 0',
      () => gd(q, th, { step: () => -1, maxIters: 3 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.step(0) must return a finite number > 0. Value: -1.',
    ],
    [
      'gradTol < 0',
      () => gd(q, th, { step: 1, gradTol: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.gradTol must be a non-negative number. Value: -1.',
    ],
    [
      'gradTol not a number',
      () => gd(q, th, { step: 1, gradTol: '1' as unknown as number }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.gradTol must be a number. Value: "1".',
    ],
    [
      'maxIters fractional',
      () => gd(q, th, { step: 1, maxIters: 1.5 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.maxIters must be a non-negative integer. Value: 1.5.',
    ],
    [
      'maxWallTimeMs ≤ 0',
      () => gd(q, th, { step: 1, maxWallTimeMs: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.maxWallTimeMs must be a positive number. Value: 0.',
    ],
    [
      'blockGradTol without blockSize',
      () => gd(q, th, { step: 1, blockGradTol: 1e-9 }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.blockSize must be given when options.blockGradTol is set. Value: undefined.',
    ],
    [
      'blockSize not dividing dim',
      () =>
        gd(
          quadratic([
            [1, 0],
            [0, 1],
          ]),
          Float64Array.of(1, 1),
          { step: 1, blockSize: 3 },
        ),
      ShapeError,
      'E_SHAPE',
      'gd: invalid argument. options.blockSize must divide objective.dim = 2. Value: 3.',
    ],
    [
      'lossTarget NaN',
      () => gd(q, th, { step: 1, lossTarget: Number.NaN }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.lossTarget must not be NaN. Value: NaN.',
    ],
    [
      'residualTol without a hook',
      () => gd(q, th, { step: 1, residualTol: 1e-3 }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.residual must be a function (or objective.residual exist) when options.residualTol is set. Value: undefined.',
    ],
    [
      'divergence not an object',
      () => gd(q, th, { step: 1, divergence: 3 as unknown as false }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.divergence must be an object or false. Value: 3.',
    ],
    [
      'gradNormMax ≤ 0',
      () => gd(q, th, { step: 1, divergence: { gradNormMax: 0 } }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.divergence.gradNormMax must be a positive number. Value: 0.',
    ],
    [
      'maxHalvings < 0',
      () => gd(q, th, { step: 1, divergence: { maxHalvings: -1 } }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.divergence.maxHalvings must be an integer in [0, 1000]. Value: -1.',
    ],
    [
      'record not an object',
      () => gd(q, th, { step: 1, record: true as unknown as false }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.record must be an object or false. Value: true.',
    ],
    [
      'record.every 0',
      () => gd(q, th, { step: 1, record: { every: 0 } }),
      ArgumentError,
      'E_ARG_RANGE',
      'gd: invalid argument. options.record.every must be a positive integer. Value: 0.',
    ],
    [
      'record.theta not boolean',
      () => gd(q, th, { step: 1, record: { theta: 1 as unknown as boolean } }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.record.theta must be a boolean. Value: 1.',
    ],
    [
      'onStep not a function',
      () => gd(q, th, { step: 1, onStep: 1 as unknown as () => boolean }),
      ArgumentError,
      'E_ARG_TYPE',
      'gd: invalid argument. options.onStep must be a function. Value: 1.',
    ],
    [
      'sgd without components',
      () => sgd(q, th, { step: 1, batchSize: 1, seed: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'sgd: invalid argument. objective.components must be present (a finite-sum objective) for a mini-batch method. Value: undefined.',
    ],
    [
      'sgd without batchSize',
      () => sgd(ls, th, { step: 1, seed: 1 } as never),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.batchSize must be given. Value: undefined.',
    ],
    [
      'sgd batchSize > m',
      () => sgd(ls, th, { step: 1, batchSize: 9, seed: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.batchSize must be an integer in [1, 8]. Value: 9.',
    ],
    [
      'sgd without seed',
      () => sgd(ls, th, { step: 1, batchSize: 2 }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.seed must be given (or options.rng) for a stochastic method. Value: undefined.',
    ],
    [
      'sgd seed negative',
      () => sgd(ls, th, { step: 1, batchSize: 2, seed: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.seed must be a non-negative integer. Value: -1.',
    ],
    [
      'sgd rng not an Rng',
      () => sgd(ls, th, { step: 1, batchSize: 2, rng: {} as Rng }),
      ArgumentError,
      'E_ARG_TYPE',
      'sgd: invalid argument. options.rng must be an Rng. Value: [object Object].',
    ],
    [
      'sgd seed and rng',
      () => sgd(ls, th, { step: 1, batchSize: 2, seed: 1, rng: new Rng(1) }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.seed must be omitted when options.rng is given. Value: 1.',
    ],
    [
      'sgd bad sampling',
      () => sgd(ls, th, { step: 1, batchSize: 2, seed: 1, sampling: 'x' as never }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.sampling must be one of shuffle, replacement. Value: "x".',
    ],
    [
      'evalEvery 0',
      () => sgd(ls, th, { step: 1, batchSize: 2, seed: 1, evalEvery: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'sgd: invalid argument. options.evalEvery must be a positive integer. Value: 0.',
    ],
    [
      'momentum beta = 1',
      () => momentum(q, th, { step: 1, beta: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'momentum: invalid argument. options.beta must be a number in [0, 1). Value: 1.',
    ],
    [
      'momentum sampling without batch',
      () => momentum(q, th, { step: 1, sampling: 'shuffle' }),
      ArgumentError,
      'E_ARG_RANGE',
      'momentum: invalid argument. options.sampling must be omitted without options.batchSize. Value: "shuffle".',
    ],
    [
      'adam beta1 < 0',
      () => adam(q, th, { beta1: -0.1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'adam: invalid argument. options.beta1 must be a number in [0, 1). Value: -0.1.',
    ],
    [
      'adam beta2 = 1',
      () => adam(q, th, { beta2: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'adam: invalid argument. options.beta2 must be a number in [0, 1). Value: 1.',
    ],
    [
      'adam eps = 0',
      () => adam(q, th, { eps: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'adam: invalid argument. options.eps must be a positive number. Value: 0.',
    ],
    [
      'perturbed alpha missing',
      () => perturbedGd(q, th, { step: 1, blockSize: 1, seed: 1 } as never),
      ArgumentError,
      'E_ARG_RANGE',
      'perturbedGd: invalid argument. options.alpha must be given. Value: undefined.',
    ],
    [
      'perturbed alpha < 0',
      () => perturbedGd(q, th, { step: 1, alpha: -1, blockSize: 1, seed: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'perturbedGd: invalid argument. options.alpha must be a non-negative number. Value: -1.',
    ],
    [
      'perturbed blockSize missing',
      () => perturbedGd(q, th, { step: 1, alpha: 1, seed: 1 } as never),
      ArgumentError,
      'E_ARG_RANGE',
      'perturbedGd: invalid argument. options.blockSize must be given. Value: undefined.',
    ],
    [
      'perturbed without seed',
      () => perturbedGd(q, th, { step: 1, alpha: 1, blockSize: 1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'perturbedGd: invalid argument. options.seed must be given (or options.rng) for a stochastic method. Value: undefined.',
    ],
    [
      'runOptimizer bad rule',
      () => runOptimizer(q, th, {} as StepRule, { step: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'runOptimizer: invalid argument. rule must be a StepRule { name, step, reset, ... }. Value: [object Object].',
    ],
    [
      'BatchSampler batch > count',
      () => new BatchSampler(3, 4),
      ArgumentError,
      'E_ARG_RANGE',
      'BatchSampler: invalid argument. batchSize must be an integer in [1, 3]. Value: 4.',
    ],
  ];
  it.each(cases)('%s', (_name, thunk, cls, code, message) => {
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
