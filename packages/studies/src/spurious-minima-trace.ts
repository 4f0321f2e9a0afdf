/**
 * One run of the {@link spuriousMinima} census, observed: the same GD (same W₀ from the task seed, same step
 * halvings, same stop at the gradient tolerance, on divergence or as soon as F < lossThreshold, same
 * classification of the end point) on the same resident wasm session, split into short chunks so that its loss
 * curve can stream (`onProgress`) and be recorded, and returning the end point for every outcome (the census keeps
 * it only for spurious runs). Chunking a resident session changes no iterate, so the run's result is the census
 * task's result plus {@link SmTrace}; a test holds the two equal.
 *
 * The census's own `run` (spurious-minima.ts) does not call this yet: its GD loop is being reworked elsewhere. Until
 * it does, the protocol constants below are mirrored from there and the equality test is what keeps them in step.
 * @see spec §4.4; {@link spuriousMinima}
 */
import { matrix, Rng, symEigen, teacherStudentSession } from '@landscape-lab/core-math';
import { classify } from '@landscape-lab/landscape-analysis';
import { teacherStudentHessianBlocks } from '@landscape-lab/trainers';
import type { SmRunResult, SmTaskParams } from './spurious-minima.js';
import { teacherMatrix } from './teacher-student.js';

/** The census's divergence guard: at most this many step halvings. */
const CENSUS_MAX_HALVINGS = 20;

/** One streamed point of a traced run. */
export interface SmProgress {
  /** GD steps of the current attempt so far. */
  iteration: number;
  /** F(W) and the stopping-rule gradient norm after them. */
  loss: number;
  gradNorm: number;
  /** Step halvings so far (a new attempt restarts from W₀ at iteration 0). */
  restarts: number;
  step: number;
}

/** What a traced run records (for the final attempt, the one whose result is reported). */
export interface SmTrace {
  /** (iteration, F, gradient norm) at W₀ and after each chunk; ≤ about 400 points. */
  curve: [number, number, number][];
  /** W₀ and W after each of the first ≤ 400 chunks, and the end point (flattened n×d, row-major). */
  path: number[][];
  /** The end point, student neurons as rows (for every outcome). */
  end: number[][];
}

/** Options of {@link spuriousMinimaTraced}. */
export interface SmTraceOptions {
  /** Called at W₀ and after every chunk of every attempt. */
  onProgress?: (p: SmProgress) => void;
}

/**
 * Runs one census task (from `spuriousMinima.plan`) with a trace. Deterministic: the result without `trace` equals
 * `spuriousMinima.run(tp, seed)`. Requires core-math `init()`.
 * @example
 * const [t] = spuriousMinima.plan(spuriousMinima.resolve({ k: 6, runs: 1 }), 1);
 * const r = spuriousMinimaTraced(t.params, t.seed, { onProgress: (p) => console.log(p.iteration, p.loss) });
 */
export function spuriousMinimaTraced(
  tp: SmTaskParams,
  seed: number,
  opts: SmTraceOptions = {},
): SmRunResult & { trace: SmTrace } {
  const { n, k, d } = tp;
  const V = teacherMatrix(k, d);
  const W0 = matrix(n, d);
  new Rng(seed).fillNormal(W0.data);
  const scale = 1 / Math.sqrt(tp.init === 'xavier-d' ? d : k);
  for (let i = 0; i < W0.data.length; i++) W0.data[i]! *= scale;
  const session = teacherStudentSession(V, W0);
  try {
    let step = tp.step;
    let restarts = 0;
    let t = attempt(session, tp, step, restarts, Array.from(W0.data), opts);
    while ((t.status === 'diverged' || t.status === 'nonFinite') && restarts < CENSUS_MAX_HALVINGS) {
      restarts++;
      step /= 2;
      session.setWeights(W0.data);
      t = attempt(session, tp, step, restarts, Array.from(W0.data), opts);
    }
    const W = session.weights();
    const end = Array.from({ length: n }, (_, i) => Array.from(W.subarray(i * d, (i + 1) * d)));
    t.path.push(Array.from(W));
    const trace: SmTrace = { curve: t.curve, path: t.path, end };
    let normSum = 0;
    for (let i = 0; i < n; i++) {
      let s2 = 0;
      for (let l = 0; l < d; l++) s2 += W[i * d + l]! ** 2;
      normSum += Math.sqrt(s2);
    }
    const base = { loss: t.loss, gradNorm: t.gradNorm, iterations: t.steps, restarts, step, normSum };
    const none = { W: null, lambdaMin: null, hessianTol: null, allBlocksIndefinite: null };
    if (t.loss < tp.lossThreshold) return { outcome: 'global', ...base, ...none, trace };
    if (t.status !== 'converged') return { outcome: 'unconverged', ...base, ...none, trace };
    const H = session.hessian();
    const c = classify(H);
    const blocks = teacherStudentHessianBlocks(H, n, d, true).map(
      (B) => symEigen(B, { vectors: false }).values[0]!,
    );
    return {
      outcome: 'spurious',
      ...base,
      W: end,
      lambdaMin: c.lambdaMin,
      hessianTol: c.zeroTol,
      allBlocksIndefinite: blocks.every((l) => l < -c.zeroTol),
      trace,
    };
  } finally {
    session.dispose();
  }
}

/**
 * One GD attempt in growing chunks (1, 2, 3, … up to maxIters/200 steps), each with the census's stopping rules
 * (gradient tolerance, divergence, F < lossThreshold), which the kernel checks at every step.
 */
function attempt(
  session: ReturnType<typeof teacherStudentSession>,
  tp: SmTaskParams,
  step: number,
  restarts: number,
  w0: number[],
  opts: SmTraceOptions,
) {
  const cap = Math.max(1, Math.floor(tp.maxIters / 200));
  const loss0 = session.loss();
  const curve: [number, number, number][] = [[0, loss0, Number.NaN]];
  const path: number[][] = [w0];
  opts.onProgress?.({ iteration: 0, loss: loss0, gradNorm: Number.NaN, restarts, step });
  let done = 0;
  let chunk = 1;
  for (;;) {
    const r = session.gdSteps({
      step,
      steps: Math.min(chunk, tp.maxIters - done),
      gradTol: tp.gradTol,
      norm: tp.gradNorm === 'block' ? 'maxNeuron' : 'frobenius',
      divergeAbove: 1e4,
      lossBelow: tp.lossThreshold,
    });
    done += r.steps;
    curve.push([done, r.loss, r.gradNorm]);
    if (path.length < 400) path.push(Array.from(session.weights()));
    opts.onProgress?.({ iteration: done, loss: r.loss, gradNorm: r.gradNorm, restarts, step });
    const out = { loss: r.loss, gradNorm: r.gradNorm, steps: done, curve, path };
    if (r.status !== 'maxSteps' || done >= tp.maxIters) return { ...out, status: r.status as string };
    chunk = Math.min(cap, Math.ceil(chunk * 1.15) + 1);
  }
}
