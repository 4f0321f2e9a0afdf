import { init, LandscapeError, matrix, Rng, symEigen, transpose } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  jacobianGram,
  lambdaMaxPsd,
  phaseTransition,
  ptOutputWeights,
  runStudySync,
  runTask,
  STUDIES,
  spuriousMinima,
  taskSeed,
  vectorInit,
  wilson,
} from '../src/index.js';

beforeAll(async () => {
  await init();
});

describe('task model', () => {
  it('taskSeed is a pure, distinct, safe-integer derivation', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => taskSeed(7, i));
    expect(new Set(seeds).size).toBe(1000);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(taskSeed(7, 3)).toBe(seeds[3]);
    expect(taskSeed(8, 3)).not.toBe(seeds[3]);
    // The seed's bound is SEED_FIELD's (the CLI's --seed and the web seed fields use the same one).
    expect(() => taskSeed(-1, 0)).toThrow(
      expect.objectContaining({
        name: 'ArgumentError',
        code: 'E_ARG_RANGE',
        message: 'taskSeed: invalid argument. seed must be an integer in [0, 9007199254740991]. Value: -1.',
      }),
    );
    expect(() => taskSeed(1, 2 ** 32)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message:
          'taskSeed: invalid argument. index must be an integer in [0, 4294967295]. Value: 4294967296.',
      }),
    );
  });

  it('plans are JSON, with unique stable ids and per-index seeds', () => {
    const p = phaseTransition.resolve({ n: [10, 20], k: [1, 2], trials: 2, covariance: true });
    const a = phaseTransition.plan(p, 3);
    const b = phaseTransition.plan(p, 3);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a).toEqual(b);
    expect(new Set(a.map((t) => t.id)).size).toBe(a.length);
    a.forEach((t, i) => {
      expect(t.index).toBe(i);
      expect(t.seed).toBe(taskSeed(3, i));
    });
    expect(a.filter((t) => t.params.kind === 'train')).toHaveLength(8);
  });

  it('results do not depend on the order tasks run in (pure tasks, ordered aggregate)', () => {
    const study = STUDIES['phase-transition'];
    const p = study.resolve({ n: [8, 16], k: [1, 3], trials: 2, maxIters: 300 });
    const tasks = study.plan(p, 5);
    const forward = tasks.map((t) => JSON.parse(JSON.stringify(runTask(t))));
    const backward = [...tasks]
      .reverse()
      .map((t) => JSON.parse(JSON.stringify(runTask(t))))
      .reverse();
    expect(backward).toEqual(forward);
    expect(study.aggregate(p, tasks, backward)).toEqual(
      runStudySync('phase-transition', { n: [8, 16], k: [1, 3], trials: 2, maxIters: 300 }, 5).result,
    );
  });

  it('bad parameters throw coded LandscapeErrors with the house grammar', () => {
    const bad: [() => unknown, string, string][] = [
      [
        () => phaseTransition.resolve({ n: [-1] }),
        'E_ARG_RANGE',
        'phaseTransition: invalid argument. n[0] must be an integer in [1, 2047]. Value: -1.',
      ],
      [
        () => phaseTransition.resolve({ activation: 'swish' as never }),
        'E_ARG_RANGE',
        'phaseTransition: invalid argument. activation must be one of relu, softplus, quadratic, tanh, sigmoid. Value: "swish".',
      ],
      [
        () => phaseTransition.resolve({ tol: 0 }),
        'E_ARG_RANGE',
        'phaseTransition: invalid argument. tol must be a positive number. Value: 0.',
      ],
      [
        () => spuriousMinima.resolve({ k: [6], d: 4 }),
        'E_ARG_RANGE',
        'spuriousMinima: invalid argument. d must be ≥ every teacher width k (max 6). Value: 4.',
      ],
      [
        () => STUDIES.hessian.resolve({ W: [[1, 2], [3]] }),
        'E_SHAPE',
        'hessianStudy: invalid argument. W[1].length must equal 2. Value: 1.',
      ],
      [
        () => STUDIES.hessian.resolve({ W: [[0, 0]] }),
        'E_ARG_RANGE',
        'hessianStudy: invalid argument. W[0] must be a non-zero student neuron (F is not differentiable at w_i = 0). Value: "all zeros".',
      ],
      [
        () => STUDIES.hessian.resolve({ W: [[1, Number.NaN]] }),
        'E_NONFINITE',
        'hessianStudy: invalid argument. W[0][1] must be finite. Value: NaN.',
      ],
      [
        () => STUDIES['split-neuron'].resolve({ W: [[1, 0]], alphas: [1] }),
        'E_ARG_RANGE',
        'splitNeuronStudy: invalid argument. alphas[0] must be a number in (0, 1). Value: 1.',
      ],
      [
        () => STUDIES['alpha-beta'].resolve({}),
        'E_ARG_TYPE',
        'alphaBeta: invalid argument. example/problem must be exactly one of an example (1, 2, 3, 6) or a problem (half-space, mlp). Value: null.',
      ],
      [
        () => STUDIES['linear-flow'].resolve({ imbalance: [-1] }),
        'E_ARG_RANGE',
        'linearFlow: invalid argument. imbalance[0] must be a non-negative number. Value: -1.',
      ],
      [
        () => runTask({ id: 'x', index: 0, study: 'nope' as never, params: {}, seed: 0 }),
        'E_ARG_TYPE',
        'runTask: invalid argument. task.study must be one of phase-transition, spurious-minima, split-neuron, hessian, slice, linear-flow, alpha-beta. Value: "nope".',
      ],
    ];
    for (const [f, code, msg] of bad) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, msg).toBeInstanceOf(LandscapeError);
      expect((err as LandscapeError).code, msg).toBe(code);
      expect((err as Error).message).toBe(msg);
    }
  });
});

describe('phase-transition pieces', () => {
  it('JJᵀ from the Khatri–Rao identity equals an explicitly built Jacobian times its transpose', () => {
    const rng = new Rng(1);
    const n = 5;
    const d = 3;
    const k = 4;
    const X = matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
    const W = matrix(k, d, rng.fillNormal(new Float64Array(k * d)));
    const v = ptOutputWeights(k);
    const G = jacobianGram(X, W, v, 'tanh');
    // J row i: (v ⊙ φ′(W x_i)) ⊗ x_iᵀ, φ = tanh, φ′ = 1 − tanh².
    const J = matrix(n, k * d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        let z = 0;
        for (let l = 0; l < d; l++) z += W.data[j * d + l]! * X.data[i * d + l]!;
        const dphi = 1 - Math.tanh(z) ** 2;
        for (let l = 0; l < d; l++) J.data[i * k * d + j * d + l] = v[j]! * dphi * X.data[i * d + l]!;
      }
    const Jt = transpose(J);
    let scale = 0;
    for (let i = 0; i < n; i++)
      for (let m = 0; m < n; m++) {
        let s = 0;
        let a = 0;
        for (let c = 0; c < k * d; c++) {
          s += J.data[i * k * d + c]! * Jt.data[c * n + m]!;
          a += Math.abs(J.data[i * k * d + c]! * Jt.data[c * n + m]!);
        }
        scale = Math.max(scale, a);
        // Two summation orders of kd products: |Δ| ≤ 2·γ_kd·Σ|terms| with γ_m = mε/(1 − mε).
        const gamma = (k * d * Number.EPSILON) / (1 - k * d * Number.EPSILON);
        expect(Math.abs(G.data[i * n + m]! - s)).toBeLessThanOrEqual(2 * gamma * a + 1e-300);
      }
    expect(scale).toBeGreaterThan(0);
  });

  it('power iteration matches the largest symEigen eigenvalue of a PSD Gram', () => {
    const rng = new Rng(2);
    const A = matrix(12, 7, rng.fillNormal(new Float64Array(84)));
    const At = transpose(A);
    const G = matrix(12, 12);
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) {
        let s = 0;
        for (let c = 0; c < 7; c++) s += A.data[i * 7 + c]! * At.data[c * 12 + j]!;
        G.data[i * 12 + j] = s;
      }
    for (let i = 0; i < 12; i++) for (let j = 0; j < i; j++) G.data[j * 12 + i] = G.data[i * 12 + j]!;
    const top = symEigen(G, { vectors: false }).values[11]!;
    // Stopping rule: relative change < 1e-10 per iteration; with a gap the quotient error is of that order.
    expect(Math.abs(lambdaMaxPsd(G) - top) / top).toBeLessThan(1e-8);
  });

  it('output weights are ±1/√k with balanced signs', () => {
    expect(Array.from(ptOutputWeights(1))).toEqual([1]);
    const v = ptOutputWeights(6);
    expect(v.filter((x) => x > 0)).toHaveLength(3);
    for (const x of v) expect(Math.abs(Math.abs(x) - 1 / Math.sqrt(6))).toBeLessThan(1e-16);
  });

  it('below n = kd nothing succeeds; far above it everything does (spec §3.3, §3.4)', () => {
    const { result } = runStudySync<{
      cells: { n: number; kd: number; successes: number; trials: number }[];
    }>('phase-transition', { d: 5, n: [20], k: [2, 12], trials: 2, maxIters: 6000 }, 11);
    const [lo, hi] = result.cells;
    expect(lo!.kd).toBeLessThan(lo!.n);
    expect(lo!.successes).toBe(0);
    expect(hi!.successes).toBe(hi!.trials);
  });
});

describe('other pieces', () => {
  it('Wilson interval: exact ends at 0 and n, contains p, symmetric', () => {
    expect(wilson(0, 10)[0]).toBe(0);
    expect(wilson(10, 10)[1]).toBe(1);
    const [lo, hi] = wilson(3, 10);
    expect(lo).toBeLessThan(0.3);
    expect(hi).toBeGreaterThan(0.3);
    const [a, b] = wilson(7, 10);
    expect(a).toBeCloseTo(1 - hi, 14);
    expect(b).toBeCloseTo(1 - lo, 14);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  it('vector-case initialisation has exactly the requested product z₀ and imbalance c = S² − 4z²', () => {
    for (const [k, z0, c] of [
      [4, 0.1, 0],
      [4, 0.1, 10],
      [3, -0.5, 2],
      [1, 0.3, 5],
      [5, 0, 1],
    ] as const) {
      const th = vectorInit(k, z0, c, 9);
      let z = 0;
      let S = 0;
      for (let i = 0; i < k; i++) {
        z += th[i]! * th[k + i]!;
        S += th[i]! ** 2 + th[k + i]! ** 2;
      }
      // A handful of roundings on O(1 + c) quantities.
      expect(Math.abs(z - z0)).toBeLessThan(1e-14);
      expect(Math.abs(S * S - 4 * z * z - c)).toBeLessThan(1e-13 * (1 + c));
    }
  });

  it('spurious-minima at k = 2: GD always finds the global minimum (no spurious minima below k = 6, SS18)', () => {
    const { result } = runStudySync<{ rows: { spurious: number; global: number; runs: number }[] }>(
      'spurious-minima',
      { k: 2, runs: 5 },
      1,
    );
    expect(result.rows[0]).toMatchObject({ spurious: 0, global: 5, runs: 5 });
  });
});
