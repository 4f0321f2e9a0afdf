/**
 * The optional records the web demo's labs read from the studies themselves (curves, paths, end points), and the
 * guarantee that asking for them leaves every reported number unchanged.
 */
import { init } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  abObjective,
  alphaBeta,
  type HessianResult,
  type PtTaskParams,
  type PtTrainResult,
  phaseTransition,
  ptTaskLoss,
  runStudySync,
  type SmProgress,
  type SplitNeuronResult,
  type SpuriousMinimaInput,
  spuriousMinima,
  spuriousMinimaTraced,
} from '../src/index.js';

beforeAll(async () => {
  await init();
});

describe('phase-transition trace', () => {
  const input = { d: 4, n: [8, 16], k: [1, 3, 6], trials: 2, maxIters: 1500 };

  it('tracing changes no reported number: traced runs end bitwise where untraced runs end', () => {
    const p = phaseTransition.resolve(input);
    const pt = phaseTransition.resolve({ ...input, trace: true });
    expect(p).not.toHaveProperty('trace');
    expect(pt.trace).toBe(true);
    const plain = phaseTransition.plan(p, 7);
    const traced = phaseTransition.plan(pt, 7);
    expect(traced.map((t) => [t.id, t.seed])).toEqual(plain.map((t) => [t.id, t.seed]));
    let successes = 0;
    let failures = 0;
    traced.forEach((t, i) => {
      const a = phaseTransition.run(plain[i]!.params, plain[i]!.seed) as PtTrainResult;
      const b = phaseTransition.run(t.params, t.seed) as PtTrainResult;
      expect(a.trace).toBeUndefined();
      const { trace, ...rest } = b;
      expect(rest).toEqual(a);
      if (a.success) successes++;
      else failures++;
      // The curve starts at W₀ and ends at the reported iteration count and residual.
      expect(trace!.curve[0]![0]).toBe(0);
      expect(trace!.curve.at(-1)).toEqual([a.iterations, a.residual]);
      expect(trace!.curve.length).toBeLessThanOrEqual(102);
      for (let j = 1; j < trace!.curve.length; j++)
        expect(trace!.curve[j]![0]).toBeGreaterThan(trace!.curve[j - 1]![0]);
      // The path ends at W: its distance from the start is the reported relative move.
      const tp = t.params as Extract<PtTaskParams, { kind: 'train' }>;
      const W0 = trace!.path[0]!;
      const W = trace!.path.at(-1)!;
      expect(W).toHaveLength(tp.k * tp.d);
      let move = 0;
      let n0 = 0;
      for (let j = 0; j < W.length; j++) {
        move += (W[j]! - W0[j]!) ** 2;
        n0 += W0[j]! ** 2;
      }
      expect(Math.abs(Math.sqrt(move / n0) - a.relativeMove)).toBeLessThanOrEqual(
        1e-12 * (1 + a.relativeMove),
      );
      // ptTaskLoss is the task's own loss: ½‖r‖² at the end, with ‖r‖/‖y‖ the reported residual.
      const f = ptTaskLoss(tp);
      const f0 = f(Float64Array.from(W0));
      const fEnd = f(Float64Array.from(W));
      const ratio = Math.sqrt(fEnd / f0) / (a.residual / trace!.curve[0]![1]);
      expect(Math.abs(ratio - 1)).toBeLessThan(1e-9);
    });
    // Both outcomes are exercised (k = 1 cannot fit n = 8 > kd = 4; k = 6, n = 8 fits).
    expect(successes).toBeGreaterThan(0);
    expect(failures).toBeGreaterThan(0);
  });

  it('the aggregate of a traced run equals the untraced one; trace must be a boolean', () => {
    expect(runStudySync('phase-transition', { ...input, trace: true }, 3).result).toEqual(
      runStudySync('phase-transition', input, 3).result,
    );
    expect(() => phaseTransition.resolve({ trace: 1 as never })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'phaseTransition: invalid argument. trace must be a boolean. Value: 1.',
      }),
    );
    expect(() => ptTaskLoss({ kind: 'covariance' } as PtTaskParams)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: `ptTaskLoss: invalid argument. tp.kind must be 'train'. Value: "covariance".`,
      }),
    );
  });
});

describe('spurious-minima traced run', () => {
  it('is the census run plus a trace, for global, spurious, unconverged and restarted runs', () => {
    const outcomes = new Set<string>();
    let restarted = false;
    const cases: [SpuriousMinimaInput, number][] = [
      [{ k: [10], runs: 5 }, 1], // global and spurious (k = n = 10)
      [{ k: [4], runs: 2, step: 40 }, 1], // divergence: restarts with halved steps
      [{ k: [6], runs: 2, maxIters: 300 }, 2], // unconverged
    ];
    for (const [input, seed] of cases) {
      for (const t of spuriousMinima.plan(spuriousMinima.resolve(input), seed)) {
        const seen: SmProgress[] = [];
        const { trace, ...traced } = spuriousMinimaTraced(t.params, t.seed, {
          onProgress: (p) => seen.push(p),
        });
        const census = spuriousMinima.run(t.params, t.seed);
        expect(traced).toEqual(census);
        outcomes.add(census.outcome);
        if (census.restarts > 0) restarted = true;
        // The last point streamed and recorded is the reported end of the final attempt.
        const last = seen.at(-1)!;
        expect([last.iteration, last.loss, last.gradNorm, last.restarts, last.step]).toEqual([
          census.iterations,
          census.loss,
          census.gradNorm,
          census.restarts,
          census.step,
        ]);
        expect(trace.curve.at(-1)).toEqual([census.iterations, census.loss, census.gradNorm]);
        expect(trace.curve[0]![0]).toBe(0);
        // The end point is kept for every outcome; for spurious runs it is the census's W.
        expect(trace.end).toHaveLength(t.params.n);
        expect(trace.path.at(-1)).toEqual(trace.end.flat());
        if (census.outcome === 'spurious') expect(trace.end).toEqual(census.W);
        const normSum = trace.end.reduce((s, w) => s + Math.hypot(...w), 0);
        expect(Math.abs(normSum - census.normSum)).toBeLessThan(1e-12 * (1 + normSum));
      }
    }
    expect([...outcomes].sort()).toEqual(['global', 'spurious', 'unconverged']);
    expect(restarted).toBe(true);
  });
});

describe('split-neuron spectrum', () => {
  it('reports the split point’s eigenvalues when asked: their minimum and inertia are the row’s', () => {
    const [t] = spuriousMinima.plan(spuriousMinima.resolve({ k: [10], runs: 1 }), 3);
    const m = spuriousMinima.run(t!.params, t!.seed);
    expect(m.outcome).toBe('spurious');
    const plain = runStudySync<SplitNeuronResult>('split-neuron', { W: m.W!, neurons: [0, 1] }, 1).result;
    const full = runStudySync<SplitNeuronResult>(
      'split-neuron',
      { W: m.W!, neurons: [0, 1], spectrum: true },
      1,
    ).result;
    expect(plain.splits[0]).not.toHaveProperty('eigenvalues');
    full.splits.forEach((row, i) => {
      const { eigenvalues, ...rest } = row;
      expect(rest).toEqual(plain.splits[i]);
      expect(eigenvalues).toHaveLength(11 * 10);
      expect(eigenvalues![0]).toBe(row.lambdaMin);
      const tol = row.tolerance;
      expect(eigenvalues!.filter((v) => v < -tol)).toHaveLength(row.inertia.negative);
      expect(eigenvalues!.filter((v) => v > tol)).toHaveLength(row.inertia.positive);
    });
    // The point that was split is a certified minimum by the Hessian study.
    const before = runStudySync<HessianResult>('hessian', { W: m.W! }, 1).result;
    expect(before.lambdaMin).toBeGreaterThan(before.tolerance);
    expect(() => runStudySync('split-neuron', { W: m.W!, spectrum: 'yes' as never }, 1)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'splitNeuronStudy: invalid argument. spectrum must be a boolean. Value: "yes".',
      }),
    );
  });
});

describe('alpha-beta path', () => {
  it('records the run’s iterates without changing its result; abObjective is the task’s objective', () => {
    const input = { problem: 'half-space' as const, maxIters: 600, fStar: 'zero' as const };
    const p = alphaBeta.resolve(input);
    const pp = alphaBeta.resolve({ ...input, path: true });
    expect(p).not.toHaveProperty('path');
    const [t] = alphaBeta.plan(p, 4);
    const [tp] = alphaBeta.plan(pp, 4);
    expect(tp!.seed).toBe(t!.seed);
    const plain = alphaBeta.run(t!.params, t!.seed);
    const { path, ...traced } = alphaBeta.run(tp!.params, tp!.seed);
    expect(plain.path).toBeUndefined();
    expect(traced).toEqual(plain);
    expect(path!.length).toBeGreaterThan(100);
    expect(path!.length).toBeLessThanOrEqual(302);
    expect(path![0]).toEqual(plain.diagnostics!.init.x0);
    // x_K: the objective's loss there is the run's final loss (the same objective, the same data).
    const f = abObjective(pp, tp!.seed);
    expect(f.loss(Float64Array.from(path!.at(-1)!))).toBe(plain.diagnostics!.finalLoss);
    expect(runStudySync('alpha-beta', { ...input, path: true }, 4).result).toEqual(
      runStudySync('alpha-beta', input, 4).result,
    );
    expect(() => abObjective(alphaBeta.resolve({ example: 1 }), 1)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'abObjective: invalid argument. p.problem must be half-space or mlp. Value: null.',
      }),
    );
    expect(() => alphaBeta.resolve({ ...input, path: 'yes' as never })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'alphaBeta: invalid argument. path must be a boolean. Value: "yes".',
      }),
    );
  });
});
