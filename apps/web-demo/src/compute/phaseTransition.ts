/**
 * Lab 1 (P3): the sweep is `@landscape-lab/studies`' `phaseTransition` study — the same resolve/plan/run as the
 * CLI (protocol of papers.md §3.4; GD runs in core-math's wasm shallow-net session). One task = one trial.
 *
 * For a clicked cell the page wants loss curves, which the study does not record: {@link trialCurve} replays a task
 * from the study's public pieces (`ptData`, `ptOutputWeights`, the task seed for W₀, `jacobianGram` /
 * `lambdaMaxPsd` for the step) on the same wasm session, in chunks, recording ‖f(W) − y‖/‖y‖ after each chunk.
 * Same kernel, same updates: it ends where the sweep's run ended (the page shows both).
 */
import { Rng, shallowNetLossGrad, shallowNetSession } from '@landscape-lab/core-math';
import {
  jacobianGram,
  lambdaMaxPsd,
  type PhaseTransitionInput,
  type PtTaskParams,
  type PtTrainResult,
  phaseTransition,
  ptData,
  ptOutputWeights,
  type Task,
} from '@landscape-lab/studies';

export type PtTask = Task<PtTaskParams>;
export type TrainParams = Extract<PtTaskParams, { kind: 'train' }>;

/** Resolves (validates) and plans a sweep; throws the study's coded errors for bad input. */
export function planSweep(input: PhaseTransitionInput, seed: number): PtTask[] {
  return phaseTransition.plan(phaseTransition.resolve(input), seed);
}

/** Runs one planned task with the study's own `run`. */
export function runSweepTask(task: PtTask): PtTrainResult {
  return phaseTransition.run(task.params, task.seed) as PtTrainResult;
}

export interface TrialCurve {
  trial: number;
  success: boolean;
  iterations: number;
  finalRel: number;
  step: number;
  /** (iteration, ‖f(W) − y‖/‖y‖). */
  curve: [number, number][];
  /** W snapshots along the run (for the slice lab), ≤ 60. */
  path?: Float64Array[];
}

function setup(tp: TrainParams, seed: number) {
  const { X, y } = ptData(tp.n, tp.d, tp.labels, tp.dataSeed);
  const v = ptOutputWeights(tp.k);
  const W0 = { rows: tp.k, cols: tp.d, data: new Float64Array(tp.k * tp.d) };
  new Rng(seed).fillNormal(W0.data);
  const step = tp.step ?? 1 / lambdaMaxPsd(jacobianGram(X, W0, v, tp.activation));
  let ynorm = 0;
  for (const t of y) ynorm += t * t;
  return { data: { X, y, v, activation: tp.activation }, W0, step, ynorm: Math.sqrt(ynorm) };
}

/** Replays one training task, recording its residual curve (≈ 100 points) and optionally W snapshots. */
export function trialCurve(task: PtTask, keepPath = false): TrialCurve {
  const tp = task.params as TrainParams;
  const { data, W0, step, ynorm } = setup(tp, task.seed);
  const session = shallowNetSession(data, W0.data);
  try {
    const r0 = new Float64Array(tp.n);
    shallowNetLossGrad(data, W0.data, undefined, r0);
    let rel = Math.hypot(...r0) / ynorm;
    const curve: [number, number][] = [[0, rel]];
    const path: Float64Array[] = keepPath ? [Float64Array.from(W0.data)] : [];
    const every = Math.max(1, Math.ceil(tp.maxIters / 100));
    let it = 0;
    while (it < tp.maxIters && rel > tp.tol) {
      const r = session.gdSteps({
        step,
        steps: Math.min(every, tp.maxIters - it),
        residualTol: tp.tol * ynorm,
      });
      it += r.steps;
      rel = r.residualNorm / ynorm;
      curve.push([it, rel]);
      if (keepPath && path.length < 60) path.push(session.weights());
      if (!Number.isFinite(rel) || r.steps === 0) break;
    }
    if (keepPath) path.push(session.weights());
    return { trial: tp.trial, success: rel <= tp.tol, iterations: it, finalRel: rel, step, curve, path };
  } finally {
    session.dispose();
  }
}

/** ½‖φ(XWᵀ)v − y‖² of a task's data at W (for slices). */
export function trialLoss(task: PtTask): (W: Float64Array) => number {
  const { data } = setup(task.params as TrainParams, task.seed);
  return (W) => shallowNetLossGrad(data, W);
}
