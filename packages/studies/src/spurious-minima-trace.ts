/**
 * One run of the {@link spuriousMinima} census, observed: {@link censusRun} with an observer that runs each GD
 * attempt in short chunks on the resident wasm session (which changes no iterate), streams its loss (`onProgress`)
 * and records the curve and path of the final attempt, plus the end point for every outcome (the census keeps it
 * only for spurious runs). The result is the census task's result plus {@link SmTrace}; a test holds them equal.
 * @see spec §4.4; {@link spuriousMinima}
 */
import { type CensusObserver, censusRun, type SmRunResult, type SmTaskParams } from './spurious-minima.js';

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
  // Chunks grow 1, 2, 3, … up to maxIters/200 steps: fine resolution early, ≤ about 400 points in all.
  const cap = Math.max(1, Math.floor(tp.maxIters / 200));
  let chunk = 1;
  let curve: [number, number, number][] = [];
  let path: number[][] = [];
  const observer: CensusObserver = {
    start(session, restarts, step) {
      // A new attempt restarts from W₀: the trace keeps the final attempt only.
      const loss = session.loss();
      chunk = 1;
      curve = [[0, loss, Number.NaN]];
      path = [Array.from(session.weights())];
      opts.onProgress?.({ iteration: 0, loss, gradNorm: Number.NaN, restarts, step });
    },
    nextChunk() {
      const c = chunk;
      chunk = Math.min(cap, Math.ceil(chunk * 1.15) + 1);
      return c;
    },
    chunk(session, done, r, restarts, step) {
      curve.push([done, r.loss, r.gradNorm]);
      if (path.length < 400) path.push(Array.from(session.weights()));
      opts.onProgress?.({ iteration: done, loss: r.loss, gradNorm: r.gradNorm, restarts, step });
    },
  };
  const { result, end } = censusRun(tp, seed, observer);
  path.push(Array.from(end));
  const d = tp.d;
  const rows = Array.from({ length: tp.n }, (_, i) => Array.from(end.subarray(i * d, (i + 1) * d)));
  return { ...result, trace: { curve, path, end: rows } };
}
