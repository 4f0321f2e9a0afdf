import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../src/abi/elementwise.js';
import { init } from '../src/backend.js';
import { activationValue } from '../src/elementwise.js';
import { ArgumentError, NonFiniteError, ShapeError, StateError } from '../src/errors.js';
import { matrix } from '../src/matrix.js';
import { type ShallowNetData, shallowNetLossGrad, shallowNetSession } from '../src/models/index.js';
import { Rng } from '../src/rng.js';

const EPS = Number.EPSILON;
const gamma = (m: number): number => (m * EPS) / (1 - m * EPS);
/**
 * (n, d, k): zero sizes, odd sizes, every d mod 4 and k mod 4 of the 4×4 register blocks, n on and just past the
 * 32-sample chunk boundary, one large n.
 */
const SHAPES: [number, number, number][] = [
  [0, 3, 2],
  [1, 1, 1],
  [2, 2, 2],
  [3, 3, 3],
  [7, 5, 7],
  [5, 0, 3],
  [4, 6, 0],
  [64, 7, 5],
  [33, 8, 4],
  [37, 4, 6],
  [32, 12, 8],
  [1001, 3, 9],
];

function problem(n: number, d: number, k: number, activation: Activation, seed: number) {
  const rng = new Rng(seed);
  const X = matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += X.data[i * d + l]! ** 2;
    for (let l = 0; l < d; l++) X.data[i * d + l] = X.data[i * d + l]! / Math.sqrt(s);
  }
  const y = rng.fillNormal(new Float64Array(n));
  const v = new Float64Array(k);
  for (let j = 0; j < k; j++) v[j] = (j % 2 === 0 ? 1 : -1) / Math.sqrt(Math.max(k, 1));
  const W = rng.fillNormal(new Float64Array(k * d));
  const data: ShallowNetData = { X, y, v, activation };
  return { data, W };
}

/**
 * First-order forward-error bound of one backend against exact arithmetic (same formulas as the kernels):
 *   |Δz_ij| ≤ γ_d a_ij,  a_ij = Σ_l |x_il w_jl|;
 *   |Δr_i| ≤ Σ_j |v_j|(|φ′_ij| γ_d a_ij + 8ε|φ_ij|) + γ_{k+1}(Σ_j |v_j φ_ij| + |y_i|)   (8ε: libm + the few ops of φ);
 *   |ΔL| ≤ Σ_i |r_i||Δr_i| + γ_n L;
 *   |ΔD_ij| ≤ |v_j|(|φ″_ij| γ_d a_ij |r_i| + 8ε|φ′_ij r_i| + |φ′_ij||Δr_i|) + 2ε|D_ij|;
 *   |ΔG_jl| ≤ Σ_i |ΔD_ij||x_il| + γ_{n} Σ_i |D_ij x_il|.
 * The two backends each satisfy it, so their difference is at most twice the bound.
 */
function bounds(data: ShallowNetData, W: Float64Array) {
  const { X, y, v, activation } = data;
  const n = X.rows;
  const d = X.cols;
  const k = v.length;
  const dr = new Float64Array(n);
  const r = new Float64Array(n);
  let L = 0;
  let minAbsZ = Number.POSITIVE_INFINITY;
  const z = new Float64Array(n * k);
  const a = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let f = 0;
    let fa = 0;
    let e = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      let sa = 0;
      for (let l = 0; l < d; l++) {
        s += X.data[i * d + l]! * W[j * d + l]!;
        sa += Math.abs(X.data[i * d + l]! * W[j * d + l]!);
      }
      z[i * k + j] = s;
      a[i * k + j] = sa;
      minAbsZ = Math.min(minAbsZ, Math.abs(s));
      const p = activationValue(activation, s);
      const p1 = activationValue(activation, s, 1);
      f += v[j]! * p;
      fa += Math.abs(v[j]! * p);
      e += Math.abs(v[j]!) * (Math.abs(p1) * gamma(d) * sa + 8 * EPS * Math.abs(p));
    }
    r[i] = f - y[i]!;
    dr[i] = e + gamma(k + 1) * (fa + Math.abs(y[i]!));
    L += 0.5 * r[i]! ** 2;
  }
  let dL = gamma(n) * L;
  for (let i = 0; i < n; i++) dL += Math.abs(r[i]!) * dr[i]!;
  const dG = new Float64Array(k * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      const s = z[i * k + j]!;
      const p1 = activationValue(activation, s, 1);
      const p2 = activationValue(activation, s, 2);
      const D = p1 * v[j]! * r[i]!;
      const dD =
        Math.abs(v[j]!) *
          (Math.abs(p2) * gamma(d) * a[i * k + j]! * Math.abs(r[i]!) +
            8 * EPS * Math.abs(p1 * r[i]!) +
            Math.abs(p1) * dr[i]!) +
        2 * EPS * Math.abs(D);
      for (let l = 0; l < d; l++)
        dG[j * d + l] = dG[j * d + l]! + (dD + gamma(n) * Math.abs(D)) * Math.abs(X.data[i * d + l]!);
    }
  return { dL, dG, dr, minAbsZ };
}

async function on<T>(b: 'wasm-simd' | 'reference', f: () => T): Promise<T> {
  await init({ backend: b });
  return f();
}

describe('shallow-net kernels: wasm vs reference parity', () => {
  beforeAll(async () => {
    await init({ backend: 'reference' });
    await init({ backend: 'wasm-simd' });
  });
  afterAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('loss, gradient and residual agree within twice the first-order error bound, for every activation and shape', async () => {
    for (const act of ACTIVATIONS)
      for (const [n, d, k] of SHAPES) {
        const { data, W } = problem(n, d, k, act, 100 + n + 10 * d + 100 * k);
        const { dL, dG, dr, minAbsZ } = bounds(data, W);
        // relu′ jumps at 0: the bound assumes no pre-activation is within rounding of the kink.
        // (With d = 0 every z is exactly 0 on both sides, so both use relu′(0) = 0.)
        if (act === 'relu' && n * k * d > 0) expect(minAbsZ).toBeGreaterThan(1e-10);
        const run = () => {
          const g = new Float64Array(k * d);
          const r = new Float64Array(n);
          const L = shallowNetLossGrad(data, W, g, r);
          return { L, g, r };
        };
        const w = await on('wasm-simd', run);
        const ref = await on('reference', run);
        expect(Math.abs(w.L - ref.L), `${act} ${n},${d},${k}`).toBeLessThanOrEqual(2 * dL);
        for (let p = 0; p < k * d; p++) expect(Math.abs(w.g[p]! - ref.g[p]!)).toBeLessThanOrEqual(2 * dG[p]!);
        for (let i = 0; i < n; i++) expect(Math.abs(w.r[i]! - ref.r[i]!)).toBeLessThanOrEqual(2 * dr[i]!);
      }
  });

  it('loss without gradient equals the loss of the gradient call (both backends)', async () => {
    const { data, W } = problem(9, 5, 6, 'softplus', 3);
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      expect(shallowNetLossGrad(data, W)).toBe(shallowNetLossGrad(data, W, new Float64Array(30)));
    }
  });

  it('repeated calls are bitwise identical', async () => {
    const { data, W } = problem(64, 7, 5, 'tanh', 5);
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      const g1 = new Float64Array(35);
      const g2 = new Float64Array(35);
      const L1 = shallowNetLossGrad(data, W, g1);
      const L2 = shallowNetLossGrad(data, W, g2);
      expect(Object.is(L1, L2)).toBe(true);
      expect(Buffer.from(g1.buffer).equals(Buffer.from(g2.buffer))).toBe(true);
    }
  });

  it('gdSteps(T) equals T explicit updates W ← W − η∇L bitwise, on each backend', async () => {
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      for (const [n, d, k] of [
        [7, 5, 7],
        [64, 3, 9],
      ] as const) {
        const { data, W } = problem(n, d, k, 'softplus', 11 + n);
        const eta = 0.05;
        const T = 6;
        const Wm = W.slice();
        const g = new Float64Array(k * d);
        for (let t = 0; t < T; t++) {
          shallowNetLossGrad(data, Wm, g);
          for (let p = 0; p < k * d; p++) Wm[p] = Wm[p]! - eta * g[p]!;
        }
        const r = new Float64Array(n);
        const Lm = shallowNetLossGrad(data, Wm, undefined, r);
        const s = shallowNetSession(data, W);
        try {
          const res = s.gdSteps({ step: eta, maxIters: T });
          expect(res.iterations).toBe(T);
          expect(Object.is(res.loss, Lm)).toBe(true);
          // ‖r‖₂ of the final residual, from the vector itself: a sum of n squares in another order differs by
          // at most γ_n relative (≤ nε), halved by the square root.
          const rNorm = Math.hypot(...r);
          expect(Math.abs(res.residualNorm - rNorm)).toBeLessThanOrEqual(n * EPS * rNorm);
          expect(Buffer.from(s.weights().buffer).equals(Buffer.from(Wm.buffer))).toBe(true);
          // The session's own lossGrad sees the updated weights.
          expect(s.lossGrad()).toBe(Lm);
        } finally {
          s.dispose();
        }
      }
    }
  });

  it('gdSteps stops early at the residual tolerance and reports the updates made', async () => {
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      // Over-parameterised (kd = 120 ≫ n = 8): GD interpolates.
      const { data, W } = problem(8, 6, 20, 'softplus', 21);
      const s = shallowNetSession(data, W);
      try {
        const tol = 1e-3;
        const res = s.gdSteps({ step: 0.5, maxIters: 200000, residualTol: tol });
        expect(res.residualNorm).toBeLessThanOrEqual(tol);
        expect(res.iterations).toBeLessThan(200000);
        expect(res.iterations).toBeGreaterThan(0);
        // One step fewer would not have met the tolerance: replay with steps − 1.
        s.setWeights(W);
        const before = s.gdSteps({ step: 0.5, maxIters: res.iterations - 1 });
        expect(before.residualNorm).toBeGreaterThan(tol);
      } finally {
        s.dispose();
      }
    }
  });

  it('gdSteps stops at the first non-finite loss (divergence) without further updates', async () => {
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      const { data, W } = problem(6, 3, 4, 'quadratic', 5);
      const s = shallowNetSession(data, W);
      try {
        const res = s.gdSteps({ step: 1e6, maxIters: 1000 });
        expect(res.iterations).toBeLessThan(1000);
        expect(Number.isFinite(res.loss)).toBe(false);
        // Replaying one update fewer gives a finite loss: the stop happened at the first non-finite one.
        s.setWeights(W);
        const before = s.gdSteps({ step: 1e6, maxIters: res.iterations - 1 });
        expect(Number.isFinite(before.loss)).toBe(true);
      } finally {
        s.dispose();
      }
    }
  });

  it('a session keeps running on its own backend after another backend is activated', async () => {
    const { data, W } = problem(7, 5, 7, 'relu', 9);
    await init({ backend: 'wasm-simd' });
    const sw = shallowNetSession(data, W);
    await init({ backend: 'reference' });
    const sr = shallowNetSession(data, W);
    try {
      expect(sw.backend).toBe('wasm-simd');
      expect(sr.backend).toBe('reference');
      const { dL } = bounds(data, W);
      expect(Math.abs(sw.lossGrad() - sr.lossGrad())).toBeLessThanOrEqual(2 * dL);
    } finally {
      sw.dispose();
      sr.dispose();
    }
  });
});

describe('shallow-net kernel activations (two-lane exp / log1p / tanh)', () => {
  it('softplus, sigmoid, tanh and their derivatives are within 4ε (relative) of the JS libm on both backends, incl. the tails', async () => {
    // One neuron, d = 1, W = [1], v = [1], y = 0: the residual is φ(z_i) itself, and with n = 1 the gradient is
    // φ′(z)·φ(z)·z (two more roundings). JS's Math.exp/log1p are within 1 ulp; our kernels within a few.
    const zs: number[] = [];
    for (let i = 0; i <= 4000; i++) zs.push(-60 + (120 * i) / 4000);
    zs.push(0, -0, 1e-300, -1e-300, 1e-9, -1e-9, 0.4142, -0.4142, 36.7, -36.7, 700, -700, -708.5, -740, -744);
    const ref = {
      softplus: (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
      sigmoid: (z: number) => {
        const e = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + e) : e / (1 + e);
      },
      tanh: Math.tanh,
    };
    for (const b of ['wasm-simd', 'reference'] as const) {
      await init({ backend: b });
      for (const act of ['softplus', 'sigmoid', 'tanh'] as const) {
        // Odd n also exercises the scalar tail of the two-lane loop (k = 1 is the tail itself; k = 3 below).
        const X = matrix(zs.length, 1, Float64Array.from(zs));
        const r = new Float64Array(zs.length);
        shallowNetLossGrad(
          { X, y: new Float64Array(zs.length), v: Float64Array.of(1), activation: act },
          Float64Array.of(1),
          undefined,
          r,
        );
        for (let i = 0; i < zs.length; i++) {
          const want = ref[act](zs[i]!);
          // |Δ| ≤ 4ε|φ| (+ the smallest subnormal step where φ underflows).
          expect(Math.abs(r[i]! - want), `${b} ${act}(${zs[i]})`).toBeLessThanOrEqual(
            4 * EPS * Math.abs(want) + 5e-324,
          );
        }
        for (const z of [-30, -3.3, -0.7, 0.2, 1.9, 25]) {
          const g = new Float64Array(3);
          // k = 3 identical neurons with v = (1, 0, 1): the two-lane pair (j = 0) and the scalar tail (j = 2) see the
          // same z; r = 2φ(z) and g_j = φ′(z)·v_j·r·z.
          const data = {
            X: matrix(1, 1, [z]),
            y: Float64Array.of(0),
            v: Float64Array.of(1, 0, 1),
            activation: act,
          };
          shallowNetLossGrad(data, Float64Array.of(1, 1, 1), g);
          const phi = ref[act](z);
          const dphi =
            act === 'softplus'
              ? ref.sigmoid(z)
              : act === 'sigmoid'
                ? ref.sigmoid(z) * (1 - ref.sigmoid(z))
                : 1 - phi * phi;
          // tanh′ = 1 − t² from a t within 2 ulp ≤ 2ε|t| of Math.tanh (transcendental.test.ts): the square moves
          // by ≤ (4ε + ε²)t², its rounding adds εt², so 6εt² on top of the roundings the other two share.
          const extra = act === 'tanh' ? 6 * EPS * phi * phi : 0;
          for (const j of [0, 2])
            expect(Math.abs(g[j]! / (2 * phi * z) - dphi)).toBeLessThanOrEqual(
              8 * EPS * Math.abs(dphi) + extra,
            );
        }
      }
    }
    await init({ backend: 'wasm-simd' });
  });
});

describe('shallow-net facade: input errors', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });
  const { data, W } = problem(4, 3, 2, 'relu', 1);

  it('rejects bad shapes, types, activations and non-finite values with the right class and code', () => {
    const cases: [() => unknown, new (...a: never[]) => Error, string, string][] = [
      [
        () => shallowNetLossGrad(data, new Float64Array(5)),
        ShapeError,
        'E_SHAPE',
        'shallowNetLossGrad: invalid argument. W.length must equal 6. Value: 5.',
      ],
      [
        () => shallowNetLossGrad({ ...data, y: new Float64Array(3) }, W),
        ShapeError,
        'E_SHAPE',
        'shallowNetLossGrad: invalid argument. data.y.length must equal 4. Value: 3.',
      ],
      [
        () => shallowNetLossGrad(data, W, new Float64Array(2)),
        ShapeError,
        'E_SHAPE',
        'shallowNetLossGrad: invalid argument. grad.length must equal 6. Value: 2.',
      ],
      [
        () => shallowNetLossGrad(data, W, undefined, new Float64Array(2)),
        ShapeError,
        'E_SHAPE',
        'shallowNetLossGrad: invalid argument. residual.length must equal 4. Value: 2.',
      ],
      [
        () => shallowNetLossGrad({ ...data, activation: 'gelu' as Activation }, W),
        ArgumentError,
        'E_ARG_RANGE',
        'shallowNetLossGrad: invalid argument. data.activation must be one of relu, softplus, tanh, sigmoid, quadratic, linear. Value: "gelu".',
      ],
      [
        () => shallowNetLossGrad(null as unknown as ShallowNetData, W),
        ArgumentError,
        'E_ARG_TYPE',
        'shallowNetLossGrad: invalid argument. data must be a ShallowNetData object. Value: null.',
      ],
      [
        () => shallowNetLossGrad(data, [1, 2] as unknown as Float64Array),
        ArgumentError,
        'E_ARG_TYPE',
        'shallowNetLossGrad: invalid argument. W must be a Float64Array. Value: Array(length 2).',
      ],
      [
        () => shallowNetLossGrad(data, Float64Array.of(0, 0, 0, 0, 0, Number.NaN)),
        NonFiniteError,
        'E_NONFINITE',
        'shallowNetLossGrad: invalid argument. W[5] must be finite. Value: NaN.',
      ],
      [
        () => shallowNetLossGrad({ ...data, y: Float64Array.of(0, 0, Infinity, 0) }, W),
        NonFiniteError,
        'E_NONFINITE',
        'shallowNetLossGrad: invalid argument. data.y[2] must be finite. Value: Infinity.',
      ],
    ];
    for (const [f, cls, code, message] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(cls);
      expect((err as { code: string }).code).toBe(code);
      expect((err as Error).message).toBe(message);
    }
  });

  it('sessions validate options and refuse use after dispose (E_DISPOSED)', () => {
    const s = shallowNetSession(data, W);
    const bad: [() => unknown, string, string][] = [
      [
        () => s.gdSteps({ step: 0, maxIters: 1 }),
        'E_ARG_RANGE',
        'ShallowNetSession.gdSteps: invalid argument. opts.step must be a positive number. Value: 0.',
      ],
      [
        () => s.gdSteps({ step: Number.NaN, maxIters: 1 }),
        'E_NONFINITE',
        'ShallowNetSession.gdSteps: invalid argument. opts.step must be finite. Value: NaN.',
      ],
      [
        () => s.gdSteps({ step: 0.1, maxIters: 1.5 }),
        'E_ARG_RANGE',
        'ShallowNetSession.gdSteps: invalid argument. opts.maxIters must be a non-negative integer below 2^31. Value: 1.5.',
      ],
      [
        () => s.gdSteps({ step: 0.1, maxIters: 1, residualTol: -1 }),
        'E_ARG_RANGE',
        'ShallowNetSession.gdSteps: invalid argument. opts.residualTol must be a non-negative number. Value: -1.',
      ],
      [
        () => s.setWeights(new Float64Array(3)),
        'E_SHAPE',
        'ShallowNetSession.setWeights: invalid argument. W.length must equal 6. Value: 3.',
      ],
    ];
    for (const [f, code, message] of bad) expect(f).toThrow(expect.objectContaining({ code, message }));
    s.dispose();
    s.dispose(); // idempotent
    expect(() => s.lossGrad()).toThrow(StateError);
    expect(() => s.gdSteps({ step: 0.1, maxIters: 1 })).toThrow(
      expect.objectContaining({
        code: 'E_DISPOSED',
        message:
          'ShallowNetSession.gdSteps: invalid argument. The session must not be disposed. Value: disposed session.',
      }),
    );
  });
});
