// Gradient flow by DOPRI5: order and tolerance proportionality on ż = −z, dense output, events, and the P1 identities
// (spec §1): conserved imbalance along an accurate flow and its O(η²) per-step drift under GD, and the closed-form
// flow time of §1.4 for f = ½(z − y)².
import { ArgumentError, matrix, type Objective, Rng } from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import { deepLinear, leastSquaresCost, quadraticScalar, quarticCost } from '../src/models/index.js';
import { dopri5, gd, gradientFlow } from '../src/optim/index.js';

const EPS = Number.EPSILON;
const decay = (_t: number, y: Float64Array, dy: Float64Array) => {
  for (let i = 0; i < y.length; i++) dy[i] = -y[i]!;
};

// ---------------------------------------------------------------------------------------------------------------
// P1 deep linear networks (spec §1.1) from the models half of this package: θ = (W_1 k×n, W_2…W_{N−1} k×k,
// W_N n×k), row-major; g(θ) = f(W_N⋯W_1) with f = ½‖W − A‖_F² or, to show the invariance holds "for any f",
// f = ‖W − A‖_F⁴. A small row-major product helper (`mul`, with transposes) serves the one-step GD identity.

interface Mat {
  r: number;
  c: number;
  d: Float64Array;
}
const mat = (r: number, c: number, d: Float64Array = new Float64Array(r * c)): Mat => ({ r, c, d });
function mul(a: Mat, b: Mat, ta = false, tb = false): Mat {
  const m = ta ? a.c : a.r;
  const k = ta ? a.r : a.c;
  const n = tb ? b.r : b.c;
  const out = mat(m, n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (ta ? a.d[p * a.c + i]! : a.d[i * a.c + p]!) * (tb ? b.d[j * b.c + p]! : b.d[p * b.c + j]!);
      out.d[i * n + j] = s;
    }
  return out;
}

function linearNet(n: number, k: number, N: number, A: Float64Array, quartic = false) {
  const target = matrix(n, n, A);
  const objective = deepLinear({
    inDim: n,
    width: k,
    outDim: n,
    depth: N,
    cost: quartic ? quarticCost(target) : leastSquaresCost(target),
  });
  /** C_i = W_iW_iᵀ − W_{i+1}ᵀW_{i+1}, i = 1..N−1 (each k×k), as flat arrays. */
  const imbalance = (t: Float64Array): Float64Array[] => objective.imbalance(t).map((C) => C.data);
  /** The N blocks of a θ-shaped vector (θ itself or a gradient) as matrices. */
  const split = (t: Float64Array): Mat[] => objective.layers(t).map((W) => mat(W.rows, W.cols, W.data));
  return { objective, imbalance, split, dim: objective.dim };
}

const maxDiff = (a: Float64Array[], b: Float64Array[]) => {
  let m = 0;
  a.forEach((x, i) => {
    let s = 0;
    x.forEach((v, j) => {
      s += (v - b[i]![j]!) ** 2;
    });
    m = Math.max(m, Math.sqrt(s));
  });
  return m;
};
const normInf = (x: Float64Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const norm2 = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

describe('dopri5 on ż = −z', () => {
  it('is 5th order: with fixed steps, halving h divides the global error by ≈ 2⁵', () => {
    const errs = [0.2, 0.1, 0.05, 0.025].map((h) => {
      const r = dopri5(decay, 0, Float64Array.of(1), 4, { fixedStep: h });
      expect(r.accepted).toBe(Math.round(4 / h));
      return Math.abs(r.y[0]! - Math.exp(-4));
    });
    // Global error C·h⁵(1 + O(h)); errors stay ≥ 1e−13 ≫ rounding (≈ steps·ε = 160·2.2e−16 = 4e−14).
    for (let i = 0; i + 1 < errs.length; i++) {
      const order = Math.log2(errs[i]! / errs[i + 1]!);
      expect(order).toBeGreaterThan(4.7);
      expect(order).toBeLessThan(5.5);
    }
  });

  it('dense output (Shampine 4th-order continuous extension): interior points converge at the same O(h⁵) rate', () => {
    // Sample at fixed relative positions θ ∈ {¼, ½, ¾} inside every step. The interpolant's local error is O(h⁵),
    // so the max error over [0, 4] scales like h⁵ (a cubic Hermite interpolant would give h⁴: ratio 16, order 4).
    const errs = [0.2, 0.1, 0.05].map((h) => {
      const steps = Math.round(4 / h);
      const times: number[] = [];
      for (let j = 0; j < steps; j++) for (const th of [0.25, 0.5, 0.75]) times.push((j + th) * h);
      const r = dopri5(decay, 0, Float64Array.of(1), 4, { fixedStep: h, times });
      expect(r.samples.t).toEqual(times);
      return Math.max(...r.samples.t.map((t, j) => Math.abs(r.samples.y[j]![0]! - Math.exp(-t))));
    });
    for (let i = 0; i + 1 < errs.length; i++) expect(Math.log2(errs[i]! / errs[i + 1]!)).toBeGreaterThan(4.5);
  });

  it('adaptive: the global error is proportional to the tolerance (halving it halves the error)', () => {
    // With local extrapolation the controller keeps the embedded error estimate ∝ h⁵ ≈ tol, so h ∝ tol^{1/5};
    // the propagated 5th-order solution has local error ∝ h⁶ and N ∝ 1/h steps: global error ∝ tol^{6/5−1/5} = tol.
    const tols = [1e-8, 5e-9, 2.5e-9, 1.25e-9, 6.25e-10, 3.125e-10, 1.5625e-10];
    const errs = tols.map((tol) => {
      const r = dopri5(decay, 0, Float64Array.of(1), 4, { rtol: tol, atol: tol });
      expect(r.maxErr).toBeLessThanOrEqual(1);
      return Math.abs(r.y[0]! - Math.exp(-4));
    });
    // Least-squares slope of log err against log tol over a factor 64: 1 within 0.15 (step counts are integers, so
    // single halvings are noisy).
    const lx = tols.map(Math.log);
    const ly = errs.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const my = ly.reduce((a, b) => a + b) / ly.length;
    const slope =
      lx.reduce((s, x, i) => s + (x - mx) * (ly[i]! - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(0.85);
    expect(slope).toBeLessThan(1.15);
    expect(errs[0]! / errs.at(-1)!).toBeGreaterThan(64 / 2);
  });

  it('adaptive dense output stays within the accumulated local tolerance', () => {
    const rtol = 1e-10;
    const atol = 1e-12;
    const times = Array.from({ length: 401 }, (_, j) => j * 0.0125);
    const y0 = Float64Array.of(1, -2, 0.5);
    const r = dopri5(decay, 0, y0, 5, { rtol, atol, times });
    expect(r.status).toBe('tEnd');
    expect(r.samples.t).toEqual(times);
    // ż = −z is contractive, so the global error is at most the sum of local errors, each ≤ atol + rtol·max|y|
    // per component (accepted error norm ≤ 1), and the interpolant adds one more local error of the same order.
    const bound = (r.accepted + 1) * (atol + rtol * 2);
    for (let j = 0; j < times.length; j++)
      for (let i = 0; i < 3; i++)
        expect(Math.abs(r.samples.y[j]![i]! - y0[i]! * Math.exp(-times[j]!))).toBeLessThanOrEqual(bound);
  });

  it('locates events on the dense output (z = ½ at t = ln 2), terminal or not, with direction filtering', () => {
    const levels = [0.5, 0.25];
    const r = dopri5(decay, 0, Float64Array.of(1), 3, {
      rtol: 1e-12,
      atol: 1e-14,
      events: [
        ...levels.map((L) => ({ fn: (_t: number, y: Float64Array) => y[0]! - L })),
        { fn: (_t: number, y: Float64Array) => y[0]! - 0.5, direction: 1 as const }, // rising: never
      ],
    });
    expect(r.status).toBe('tEnd');
    expect(r.events.map((e) => e.index)).toEqual([0, 1]);
    // Dense output error ≈ 1e−13 (tolerance), |ż| = L at the crossing: time error ≲ 1e−13/L.
    expect(Math.abs(r.events[0]!.t - Math.LN2)).toBeLessThan(1e-11);
    expect(Math.abs(r.events[1]!.t - 2 * Math.LN2)).toBeLessThan(1e-11);
    const s = dopri5(decay, 0, Float64Array.of(1), 3, {
      rtol: 1e-12,
      atol: 1e-14,
      events: [{ fn: (_t, y) => y[0]! - 0.5, terminal: true }],
    });
    expect(s.status).toBe('event');
    expect(Math.abs(s.t - Math.LN2)).toBeLessThan(1e-11);
    expect(Math.abs(s.y[0]! - 0.5)).toBeLessThan(1e-12);
  });

  it('reports blow-up and step caps as statuses, not exceptions', () => {
    const blow = dopri5(
      (_t, y, dy) => {
        dy[0] = y[0]! * y[0]!;
      },
      0,
      Float64Array.of(1),
      2,
    ); // y = 1/(1 − t): singular at t = 1
    expect(blow.status).toBe('stepTooSmall');
    // The numerical pole sits within the global error (≈ tolerance-sized) of t = 1; y has grown huge.
    expect(Math.abs(blow.t - 1)).toBeLessThan(1e-5);
    expect(blow.y[0]).toBeGreaterThan(1e10);
    const capped = dopri5(decay, 0, Float64Array.of(1), 100, { maxIters: 3 });
    expect(capped.status).toBe('maxIters');
    expect(capped.accepted).toBe(3);
  });

  it('rejects bad arguments with coded errors', () => {
    const y = Float64Array.of(1);
    const bad: [() => unknown, string, string][] = [
      [
        () => dopri5(1 as never, 0, y, 1),
        'E_ARG_TYPE',
        'dopri5: invalid argument. rhs must be a function. Value: 1.',
      ],
      [
        () => dopri5(decay, 0, y, 0),
        'E_ARG_RANGE',
        'dopri5: invalid argument. tEnd must be a number > t0 = 0. Value: 0.',
      ],
      [
        () => dopri5(decay, Number.NaN, y, 1),
        'E_NONFINITE',
        'dopri5: invalid argument. t0 must be finite. Value: NaN.',
      ],
      [
        () => dopri5(decay, 0, Float64Array.of(Number.NaN), 1),
        'E_NONFINITE',
        'dopri5: invalid argument. y0[0] must be finite. Value: NaN.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { rtol: 0 }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.rtol must be a number ≥ 1e-14. Value: 0.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { rtol: 1e-16 }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.rtol must be a number ≥ 1e-14. Value: 1e-16.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { atol: -1 }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.atol must be a non-negative number. Value: -1.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { atol: new Float64Array(2) }),
        'E_SHAPE',
        'dopri5: invalid argument. options.atol.length must equal 1. Value: 2.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { times: [0.5, 0.2] }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.times[1] must be >= the previous time. Value: 0.2.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { times: [2] }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.times[0] must be a finite number in [t0, tEnd] = [0, 1]. Value: 2.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { controller: 'x' as never }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.controller must be one of pi, standard. Value: "x".',
      ],
      [
        () => dopri5(decay, 0, y, 1, { events: [{}] as never }),
        'E_ARG_TYPE',
        'dopri5: invalid argument. options.events[0].fn must be a function. Value: undefined.',
      ],
      [
        () => dopri5(decay, 0, y, 1, { maxIters: 0 }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. options.maxIters must be a positive integer. Value: 0.',
      ],
      [
        () => dopri5(decay, 0, y, Number.POSITIVE_INFINITY, { fixedStep: 0.1 }),
        'E_ARG_RANGE',
        'dopri5: invalid argument. tEnd must be finite with options.fixedStep. Value: Infinity.',
      ],
    ];
    for (const [thunk, code, message] of bad)
      expect(thunk).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('P1: conserved imbalance C_i = W_iW_iᵀ − W_{i+1}ᵀW_{i+1} (spec §1.2)', () => {
  const n = 2;
  const k = 4; // k > n

  for (const N of [2, 3, 4]) {
    it(`is constant along an accurate DOPRI5 gradient flow, N = ${N}, n = ${n}, k = ${k}`, () => {
      const rng = new Rng(100 + N);
      const A = rng.fillNormal(new Float64Array(n * n));
      const { objective, imbalance, dim } = linearNet(n, k, N, A, N === 3);
      const theta0 = rng.fillNormal(new Float64Array(dim)).map((x) => 0.6 * x);
      const C0 = imbalance(theta0);
      const rtol = 1e-11;
      const atol = 1e-12;
      const times = [0.5, 1, 2, 3];
      let maxAbs = normInf(theta0);
      let maxNorm = norm2(theta0);
      const r = gradientFlow(objective, theta0, {
        tEnd: 3,
        rtol,
        atol,
        times,
        onStep: (i) => {
          maxAbs = Math.max(maxAbs, normInf(i.theta));
          maxNorm = Math.max(maxNorm, norm2(i.theta));
        },
      });
      expect(r.stopReason).toBe('tEnd');
      expect(r.loss).toBeLessThan(objective.loss(theta0)); // the flow moved and descended
      // The exact flow conserves C from ANY starting point, so C can only change by the per-step jumps: a local error
      // δ_j (accepted: ‖δ_j‖₂ ≤ √dim·(atol + rtol·max|θ|)) and rounding (≈ 4ε·max|θ| per entry) move C_i by at most
      // 2‖θ‖₂‖δ_j‖₂ + ‖δ_j‖². Sum over accepted steps:
      const perStep = Math.sqrt(dim) * (atol + rtol * maxAbs + 4 * EPS * maxAbs);
      const bound = r.accepted * (2 * maxNorm * perStep + perStep ** 2);
      for (const th of [...r.samples.theta, r.theta])
        expect(maxDiff(imbalance(th), C0)).toBeLessThanOrEqual(bound);
      // Lemma 10 corollary: ‖W_i‖_F² − ‖W_{i+1}‖_F² = tr(C_i) at all times.
      const { split } = linearNet(n, k, N, A);
      const W = split(r.theta);
      const C = imbalance(r.theta);
      for (let i = 0; i < N - 1; i++) {
        const tr = Array.from({ length: k }, (_, j) => C[i]![j * k + j]!).reduce((a, b) => a + b);
        const d = W[i]!.d.reduce((s, x) => s + x * x, 0) - W[i + 1]!.d.reduce((s, x) => s + x * x, 0);
        expect(Math.abs(d - tr)).toBeLessThanOrEqual(4 * dim * EPS * maxNorm ** 2);
      }
      // The bound is meaningful: it is far below the drift GD produces over the same time (checked below).
      expect(bound).toBeLessThan(1e-6);
    });
  }

  it('drifts under GD by exactly η²(G_iG_iᵀ − G_{i+1}ᵀG_{i+1}) per step: halving η divides the per-step drift by ≈ 4', () => {
    const N = 3;
    const rng = new Rng(7);
    const A = rng.fillNormal(new Float64Array(n * n));
    const { objective, imbalance, split, dim } = linearNet(n, k, N, A);
    const theta0 = rng.fillNormal(new Float64Array(dim)).map((x) => 0.6 * x);
    const C0 = imbalance(theta0);
    // One step: the O(η) terms cancel because G_iW_iᵀ = W_{i+1}ᵀG_{i+1} (P1 Prop. 2 proof), leaving η²(…).
    const g = new Float64Array(dim);
    objective.grad(theta0, g);
    const G = split(g);
    const eta0 = 1e-2;
    const one = gd(objective, theta0, { step: eta0, maxIters: 1 });
    const C1 = imbalance(one.theta);
    for (let i = 0; i < N - 1; i++) {
      const a = mul(G[i]!, G[i]!, false, true);
      const b = mul(G[i + 1]!, G[i + 1]!, true, false);
      const pred = a.d.map((x, j) => eta0 * eta0 * (x - b.d[j]!));
      const got = C1[i]!.map((x, j) => x - C0[i]![j]!);
      // Rounding of C itself: ≈ 2k·ε·‖W‖² per entry.
      const scale = theta0.reduce((m, x) => Math.max(m, x * x), 0);
      for (let j = 0; j < pred.length; j++)
        expect(Math.abs(got[j]! - pred[j]!)).toBeLessThanOrEqual(8 * k * EPS * scale * k);
    }
    // Over a fixed time horizon T: per-step drift D(η)/(T/η) = O(η²), so the ratio for η and η/2 is 4(1 + O(η)).
    const T = 0.5;
    const perStep = (eta: number) => {
      const steps = Math.round(T / eta);
      const r = gd(objective, theta0, { step: eta, maxIters: steps });
      return maxDiff(imbalance(r.theta), C0) / steps;
    };
    const d = [0.02, 0.01, 0.005].map(perStep);
    const r1 = d[0]! / d[1]!;
    const r2 = d[1]! / d[2]!;
    expect(Math.abs(r1 - 4)).toBeLessThan(0.4); // 4(1 + O(η)) with η ≤ 0.02 and ‖∇²g‖ = O(1) here
    expect(Math.abs(r2 - 4)).toBeLessThan(0.2);
  });
});

describe('P1 §1.4: closed-form flow time for f = ½(z − y)², z = w₂w₁, vector case', () => {
  // t(z) = Φ(z₀) − Φ(z), Φ(z) = −(c + 4y²)^{−1/2} ln|(c + 4yz + √(c+4y²)√(c+4z²)) / (z − y)|.
  const Phi = (z: number, c: number, y: number) =>
    -Math.log(Math.abs((c + 4 * y * z + Math.sqrt(c + 4 * y * y) * Math.sqrt(c + 4 * z * z)) / (z - y))) /
    Math.sqrt(c + 4 * y * y);
  const y = 1;
  const z0 = 0.1;
  const kk = 3;

  /** w₁, w₂ ∈ R^k with w₂w₁ = z₀ and c = S² − 4z² = ‖u‖²‖v‖² (u = w₁ − w₂ᵀ, v = w₁ + w₂ᵀ, spec §1.4). */
  function init(c: number, seed: number): Float64Array {
    const p = (-4 * z0 + Math.sqrt(16 * z0 * z0 + 4 * c)) / 2; // ‖u‖²: q − p = 4z₀, pq = c
    const q = p + 4 * z0;
    const rng = new Rng(seed);
    const unit = () => {
      const x = rng.fillNormal(new Float64Array(kk));
      const s = norm2(x);
      return x.map((v) => v / s);
    };
    const u = unit().map((v) => v * Math.sqrt(p));
    const v = unit().map((x) => x * Math.sqrt(q));
    const th = new Float64Array(2 * kk);
    for (let i = 0; i < kk; i++) {
      th[i] = (u[i]! + v[i]!) / 2; // w₁
      th[kk + i] = (v[i]! - u[i]!) / 2; // w₂ᵀ
    }
    return th;
  }

  for (const c of [0, 1, 10, 100]) {
    it(`matches the integrator's event times at z ∈ {0.2, 0.5, 0.9, 0.99} for c = ${c}`, () => {
      const objective = deepLinear({ inDim: 1, width: kk, outDim: 1, depth: 2, cost: quadraticScalar(y) }); // ½(z − y)²
      const th0 = init(c, 31 + c);
      const vi = objective.vectorImbalance(th0);
      expect(vi.z).toBeCloseTo(z0, 14);
      expect(vi.c).toBeCloseTo(c, 11);
      const z = (t: Float64Array) => {
        let s = 0;
        for (let i = 0; i < kk; i++) s += t[i]! * t[kk + i]!;
        return s;
      };
      const S0 = th0.reduce((s, x) => s + x * x, 0);
      expect(z(th0)).toBeCloseTo(z0, 14);
      expect(S0 * S0 - 4 * z0 * z0).toBeCloseTo(c, 12);
      const levels = [0.2, 0.5, 0.9, 0.99];
      const r = gradientFlow(objective, th0, {
        rtol: 1e-12,
        atol: 1e-14,
        events: [
          ...levels.map((L) => ({ fn: (_t: number, th: Float64Array) => z(th) - L, direction: 1 as const })),
          { fn: (_t: number, th: Float64Array) => z(th) - 0.995, terminal: true },
        ],
      });
      expect(r.stopReason).toBe('event');
      expect(r.events.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
      for (let j = 0; j < levels.length; j++) {
        const exact = Phi(z0, c, y) - Phi(levels[j]!, c, y);
        // Event time error ≈ (dense-output error in z)/ż; with rtol 1e−12 over a few hundred steps the error in z is
        // ≲ 1e−10·|z| and ż = (y − z)√(c + 4z²) ≥ 0.01·√(c + 4·0.04): relative time error well inside 1e−8.
        expect(Math.abs(r.events[j]!.t - exact) / exact).toBeLessThan(1e-8);
      }
    });
  }
});

describe('gradientFlow', () => {
  const quad: Objective = {
    dim: 2,
    loss: (t) => 0.5 * (t[0]! ** 2 + 4 * t[1]! ** 2),
    grad: (t, g) => {
      g[0] = t[0]!;
      g[1] = 4 * t[1]!;
      return 0.5 * (t[0]! ** 2 + 4 * t[1]! ** 2);
    },
  };

  it('samples θ(t) = e^{−Λt}θ₀ at requested times and reports the loss there', () => {
    const r = gradientFlow(quad, Float64Array.of(1, 1), {
      tEnd: 2,
      rtol: 1e-10,
      atol: 1e-12,
      times: [0, 0.5, 1, 2],
      record: { every: 5, theta: true },
    });
    expect(r.samples.t).toEqual([0, 0.5, 1, 2]);
    r.samples.t.forEach((t, j) => {
      expect(r.samples.theta[j]![0]).toBeCloseTo(Math.exp(-t), 9);
      expect(r.samples.theta[j]![1]).toBeCloseTo(Math.exp(-4 * t), 9);
      expect(r.samples.loss[j]).toBe(quad.loss(r.samples.theta[j]!));
    });
    expect(r.t).toBe(2);
    expect(r.trajectory[0]!.t).toBe(0);
    expect(r.trajectory.at(-1)!.t).toBe(2);
    expect(r.trajectory.every((p, i) => i === 0 || p.t! > r.trajectory[i - 1]!.t!)).toBe(true);
  });

  it('maxIters alone bounds a run (its own cap, not the default one)', () => {
    const r = gradientFlow(quad, Float64Array.of(1, 1), { maxIters: 3 });
    expect(r.stopReason).toBe('maxIters');
    expect(r.iterations).toBe(3);
  });

  it('stops on gradTol with tEnd = +∞, and refuses an unbounded run', () => {
    const r = gradientFlow(quad, Float64Array.of(1, 1), { gradTol: 1e-6 });
    expect(r.stopReason).toBe('gradTol');
    expect(r.converged).toBe(true);
    expect(r.gradNorm).toBeLessThanOrEqual(1e-6);
    // ‖∇f(θ(t))‖ ≈ e^{−t} once the fast mode is gone: t ≈ ln(1e6) = 13.8.
    expect(r.t).toBeGreaterThan(13);
    expect(r.t).toBeLessThan(14.5);
    expect(() => gradientFlow(quad, Float64Array.of(1, 1))).toThrow(ArgumentError);
    expect(() => gradientFlow(quad, Float64Array.of(1, 1))).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message:
          'gradientFlow: invalid argument. options.tEnd must be finite unless a tolerance rule, a terminal event, onStep or maxIters ends the run. Value: Infinity.',
      }),
    );
    expect(() => gradientFlow(quad, Float64Array.of(1, 1), { tEnd: -1 })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'gradientFlow: invalid argument. options.tEnd must be a number > 0. Value: -1.',
      }),
    );
    expect(() => gradientFlow(quad, Float64Array.of(1), { tEnd: 1 })).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'gradientFlow: invalid argument. theta0.length must equal 2. Value: 1.',
      }),
    );
    const cb = gradientFlow(quad, Float64Array.of(1, 1), { tEnd: 10, onStep: (i) => (i.t ?? 0) > 1 });
    expect(cb.stopReason).toBe('callback');
    expect(cb.t).toBeGreaterThan(1);
  });
});
