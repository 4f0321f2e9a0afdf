/**
 * SS18 / P4 spurious-minima census (spec §4.4): for teacher width k (V = I, d = k unless given) and student width
 * n = k + extra, run GD from random initialisations on the closed-form population loss F (with the ½ of spec §4.1),
 * classify each run as global (F < threshold), spurious (converged, F ≥ threshold) or unconverged, group the spurious
 * end points into families up to neuron and coordinate permutations, and certify each family representative by its
 * Hessian (λ_min > tolerance).
 *
 * Protocol presets (each field overridable):
 * - `ss18`: W = randn/√d, step 0.1, stop when max_i ‖∂F/∂w_i‖ < 1e−9, spurious when F ≥ 1e−3, divergence guard
 *   (‖∇F‖ > 1e4 ⇒ restart with the step halved).
 * - `p4`: W = randn/√k, step 5/k, stop when ‖∇F‖_F ≤ 1e−12 (the paper's value; the released code uses 1e−9),
 *   spurious when F ≥ 1e−3 (the paper groups points instead of thresholding; we use SS18's threshold).
 * @see spec §4.4 (protocols), §4.5 (what the papers report), §4.6 claim 5
 */
import type { GradNormRule } from '@landscape-lab/core-math';
import { matrix, Rng, rangeError, symEigen, teacherStudentSession } from '@landscape-lab/core-math';
import { classify, dedupePoints } from '@landscape-lab/landscape-analysis';
import { teacherStudentHessianBlocks } from '@landscape-lab/trainers';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study, type Task } from './task.js';
import { teacherMatrix } from './teacher-student.js';
import { flat, unflat, wilson } from './util.js';

/**
 * The census's parameters: one declaration for the library, the CLI (options, help, messages) and the web demo.
 * Preset-dependent defaults are functions of `protocol`, declared first.
 */
export const SPURIOUS_MINIMA_SCHEMA = defineSchema({
  protocol: {
    kind: 'enum',
    choices: ['ss18', 'p4'],
    default: 'ss18',
    help: 'preset for init, step, stopping rule, threshold',
  },
  k: {
    kind: 'int-list',
    min: 1,
    max: 200,
    default: [6],
    help: 'teacher neurons k',
    label: 'teacher neurons k',
  },
  d: {
    kind: 'int',
    min: 1,
    max: 1000,
    nullable: true,
    defaultText: 'k',
    help: 'input dimension (≥ every k)',
    label: 'input dimension d',
  },
  extra: {
    kind: 'int-list',
    min: 0,
    max: 200,
    default: [0],
    help: 'student neurons beyond k (n = k + extra)',
    label: 'extra student neurons',
  },
  runs: { kind: 'int', min: 1, max: 1e6, default: 20, help: 'GD runs per (k, n)', label: 'runs per (k, n)' },
  step: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    nullable: true,
    defaultText: 'preset',
    help: 'GD step size',
  },
  gradTol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: (p) => (p.protocol === 'ss18' ? 1e-9 : 1e-12),
    defaultText: 'preset',
    help: 'gradient-norm stopping tolerance',
  },
  maxIters: { kind: 'int', min: 1, max: 1e9, default: 200_000, help: 'GD iteration cap' },
  lossThreshold: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-3,
    help: 'F at or above which a converged run is spurious',
  },
  familyTol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-6,
    cli: false,
    help: 'Frobenius distance under which two end points are one family (P4 code)',
  },
  maxN: {
    kind: 'int',
    min: 1,
    max: 400,
    nullable: true,
    cli: false,
    defaultText: 'no cap',
    help: 'largest student width n run (SS18 caps n at 20)',
  },
});

/** Input of {@link spuriousMinima} (every field optional; see {@link SPURIOUS_MINIMA_SCHEMA}). */
export type SpuriousMinimaInput = SchemaInput<typeof SPURIOUS_MINIMA_SCHEMA>;

/** Resolved parameters. `step` is null when it depends on k (p4: 5/k). */
export interface SpuriousMinimaParams {
  k: number[];
  d: number | null;
  extra: number[];
  runs: number;
  protocol: 'ss18' | 'p4';
  step: number | null;
  /** Stopping rule: `maxNeuron` = max_i ‖∂F/∂w_i‖ (SS18), `frobenius` = ‖∇F‖ (P4). */
  gradNorm: GradNormRule;
  gradTol: number;
  maxIters: number;
  lossThreshold: number;
  /** Initialisation scale: 1/√d (ss18) or 1/√k (p4). */
  init: 'xavier-d' | 'xavier-k';
  familyTol: number;
  /** Largest student width n run, or null for no cap. */
  maxN: number | null;
}

/** One GD run (self-contained: carries the protocol settings it needs). */
export interface SmTaskParams {
  k: number;
  n: number;
  d: number;
  run: number;
  step: number;
  gradNorm: GradNormRule;
  gradTol: number;
  maxIters: number;
  lossThreshold: number;
  init: 'xavier-d' | 'xavier-k';
}

/** Result of one GD run. */
export interface SmRunResult {
  outcome: 'global' | 'spurious' | 'unconverged';
  loss: number;
  gradNorm: number;
  iterations: number;
  restarts: number;
  step: number;
  /** End point, student neurons as rows (spurious runs only, else null). */
  W: number[][] | null;
  /** λ_min of the Hessian at the end point (spurious runs only). */
  lambdaMin: number | null;
  /** Tolerance used to call λ_min positive. */
  hessianTol: number | null;
  /** Σ_i ‖w_i‖ (P4 §4.5: ≤ k at spurious minima). */
  normSum: number;
  /** Whether every H′_ii = H_ii − ½I has a negative eigenvalue (spec §4.6 claim 5). */
  allBlocksIndefinite: boolean | null;
}

/** One family of spurious end points (equal up to neuron and coordinate permutations). */
export interface SpuriousFamily {
  count: number;
  loss: number;
  gradNorm: number;
  lambdaMin: number;
  /** λ_min > hessianTol: a certified strict local minimum (second-order sufficient condition). */
  certified: boolean;
  hessianTol: number;
  normSum: number;
  allBlocksIndefinite: boolean | null;
  /** Representative point, student neurons as rows (n×d). */
  W: number[][];
}

/** One row of the census. */
export interface SpuriousMinimaRow {
  k: number;
  n: number;
  d: number;
  runs: number;
  spurious: number;
  global: number;
  unconverged: number;
  /** spurious / runs, with a 95% Wilson interval. */
  spuriousRate: number;
  ci95: [number, number];
  families: SpuriousFamily[];
}

/** Result of {@link spuriousMinima}. */
export interface SpuriousMinimaResult {
  rows: SpuriousMinimaRow[];
}

const FN = 'spuriousMinima';

/** The (k, n) cells of a census in plan order (k ascending, then extra), without those above `maxN`. */
export function smCells(p: SpuriousMinimaParams): { k: number; n: number }[] {
  const cells: { k: number; n: number }[] = [];
  for (const k of p.k)
    for (const e of p.extra) if (p.maxN === null || k + e <= p.maxN) cells.push({ k, n: k + e });
  return cells;
}

/** The step used for teacher width k. */
export function smStep(p: SpuriousMinimaParams, k: number): number {
  return p.step ?? (p.protocol === 'p4' ? 5 / k : 0.1);
}

/**
 * The census protocol in one line, from its resolved parameters (what reports print, so they cannot drift from
 * what ran).
 * @example smProtocolText(spuriousMinima.resolve({})) // 'W₀ = randn/√d, GD step 0.1, stop when max_i ‖∂F/∂w_i‖ ≤ 1e-9 …'
 */
export function smProtocolText(p: SpuriousMinimaParams): string {
  const step = p.step ?? (p.protocol === 'p4' ? '5/k' : String(smStep(p, 1)));
  const rule = p.gradNorm === 'maxNeuron' ? 'max_i ‖∂F/∂w_i‖' : '‖∇F‖';
  return (
    `W₀ = randn/√${p.init === 'xavier-d' ? 'd' : 'k'}, GD step ${step}, stop when ${rule} ≤ ${p.gradTol} or after ` +
    `${p.maxIters} steps, spurious when F ≥ ${p.lossThreshold}${p.maxN === null ? '' : `, n ≤ ${p.maxN}`}`
  );
}

/**
 * The SS18 / P4 census.
 * @example
 * const p = spuriousMinima.resolve({ k: [6, 7], extra: [0, 1], runs: 10 });
 * spuriousMinima.plan(p, 1).length; // 2 × 2 × 10 = 40 tasks
 */
export const spuriousMinima: Study<
  SpuriousMinimaInput,
  SpuriousMinimaParams,
  SmTaskParams,
  SmRunResult,
  SpuriousMinimaResult
> = {
  name: 'spurious-minima',
  summary: 'SS18/P4: how often GD on the teacher–student population loss ends at a spurious local minimum.',
  resolve(input) {
    const r = resolveSchema(FN, SPURIOUS_MINIMA_SCHEMA, input);
    const kMax = r.k.at(-1)!;
    if (r.d !== null && r.d < kMax)
      throw rangeError(FN, 'd', `be ≥ every teacher width k (max ${kMax})`, r.d);
    if (r.maxN !== null && r.maxN < r.k[0]!)
      throw rangeError(FN, 'maxN', `be ≥ the smallest teacher width k (${r.k[0]})`, r.maxN);
    return {
      ...r,
      gradNorm: r.protocol === 'ss18' ? 'maxNeuron' : 'frobenius',
      init: r.protocol === 'ss18' ? 'xavier-d' : 'xavier-k',
    };
  },
  plan(p, seed) {
    const items: { id: string; params: SmTaskParams }[] = [];
    for (const { k, n } of smCells(p)) {
      const d = p.d ?? k;
      for (let run = 0; run < p.runs; run++)
        items.push({
          id: `k=${k},n=${n},d=${d},run=${run}`,
          params: {
            k,
            n,
            d,
            run,
            step: smStep(p, k),
            gradNorm: p.gradNorm,
            gradTol: p.gradTol,
            maxIters: p.maxIters,
            lossThreshold: p.lossThreshold,
            init: p.init,
          },
        });
    }
    return makeTasks('spurious-minima', seed, items);
  },
  run(tp, seed) {
    return censusRun(tp, seed).result;
  },
  aggregate(p, tasks, results) {
    const rows: SpuriousMinimaRow[] = [];
    for (const { k, n } of smCells(p)) {
      const d = p.d ?? k;
      const mine: SmRunResult[] = [];
      tasks.forEach((t: Task<SmTaskParams>, i) => {
        if (t.params.k === k && t.params.n === n) mine.push(results[i]!);
      });
      const spurious = mine.filter((r) => r.outcome === 'spurious');
      const families: SpuriousFamily[] = [];
      if (spurious.length > 0) {
        // Neuron permutations exactly (assignment); coordinate permutations are symmetries only when the
        // teacher is the full identity (d = k): then permuting coordinates permutes the teacher neurons.
        const dd = dedupePoints(
          spurious.map((r) => flat(r.W!)),
          { blockSize: d, tol: p.familyTol, coordinatePermutation: d === k },
        );
        for (const f of dd.families) {
          const r = spurious[f.members[0]!]!;
          families.push({
            count: f.multiplicity,
            loss: r.loss,
            gradNorm: r.gradNorm,
            lambdaMin: r.lambdaMin ?? Number.NaN,
            certified: r.lambdaMin !== null && r.hessianTol !== null && r.lambdaMin > r.hessianTol,
            hessianTol: r.hessianTol ?? Number.NaN,
            normSum: r.normSum,
            allBlocksIndefinite: r.allBlocksIndefinite,
            W: unflat(f.representative, n, d),
          });
        }
      }
      families.sort((a, b) => b.count - a.count || a.loss - b.loss);
      const s = spurious.length;
      rows.push({
        k,
        n,
        d,
        runs: mine.length,
        spurious: s,
        global: mine.filter((r) => r.outcome === 'global').length,
        unconverged: mine.filter((r) => r.outcome === 'unconverged').length,
        spuriousRate: mine.length ? s / mine.length : 0,
        ci95: wilson(s, mine.length),
        families,
      });
    }
    return { rows };
  },
};

/** SS18's divergence guard: at most this many step halvings (2^−20 ≈ 1e−6 of the step). */
const MAX_HALVINGS = 20;

type CensusSession = ReturnType<typeof teacherStudentSession>;

/**
 * Watches a census run's GD ({@link censusRun}): with an observer the attempt runs in chunks of `nextChunk(done)`
 * steps on the resident session (which changes no iterate: every stopping rule is checked by the kernel at every
 * step), and `start` / `chunk` see the session at W₀ of each attempt and after each chunk.
 */
export interface CensusObserver {
  start(session: CensusSession, restarts: number, step: number): void;
  nextChunk(done: number): number;
  chunk(
    session: CensusSession,
    done: number,
    r: { loss: number; gradNorm: number },
    restarts: number,
    step: number,
  ): void;
}

/**
 * One GD attempt: stops at the first of the gradient rule, divergence, F < lossThreshold, the iteration cap. F is
 * non-increasing along GD with a stable step, so a run that drops below the threshold can only end below it, i.e.
 * it is "global" in the SS18 sense (final F < 1e−3); stopping there avoids the slow sublinear approach to the
 * degenerate global-minimum manifold of n > k. `iterations` is the exact number of updates. Without an observer it is
 * one kernel call.
 */
function gdAttempt(
  session: CensusSession,
  tp: SmTaskParams,
  step: number,
  restarts: number,
  observer: CensusObserver | undefined,
): { loss: number; gradNorm: number; iterations: number; status: string } {
  const rule = {
    step,
    gradTol: tp.gradTol,
    gradNorm: tp.gradNorm,
    divergeAbove: 1e4,
    lossBelow: tp.lossThreshold,
  };
  if (!observer) return session.gdSteps({ ...rule, maxIters: tp.maxIters });
  observer.start(session, restarts, step);
  let done = 0;
  for (;;) {
    const r = session.gdSteps({ ...rule, maxIters: Math.min(observer.nextChunk(done), tp.maxIters - done) });
    done += r.iterations;
    observer.chunk(session, done, r, restarts, step);
    if (r.status !== 'maxIters' || done >= tp.maxIters) return { ...r, iterations: done };
  }
}

/**
 * One census run (the census task's `run`): W₀ from the task seed, GD with SS18's divergence guard (restart from
 * W₀ with the step halved), classification of the end point. Returns the task result and the end point (for every
 * outcome; the result keeps it only for spurious runs). Requires core-math `init()`.
 * @param observer optional: watch the GD (spurious-minima-trace.ts streams and records it); the result is the same.
 */
export function censusRun(
  tp: SmTaskParams,
  seed: number,
  observer?: CensusObserver,
): { result: SmRunResult; end: Float64Array } {
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
    let r = gdAttempt(session, tp, step, restarts, observer);
    while ((r.status === 'diverged' || r.status === 'nonFinite') && restarts < MAX_HALVINGS) {
      restarts++;
      step /= 2;
      session.setWeights(W0.data);
      r = gdAttempt(session, tp, step, restarts, observer);
    }
    const W = session.weights();
    let normSum = 0;
    for (let i = 0; i < n; i++) {
      let s2 = 0;
      for (let l = 0; l < d; l++) s2 += W[i * d + l]! ** 2;
      normSum += Math.sqrt(s2);
    }
    const base = { loss: r.loss, gradNorm: r.gradNorm, iterations: r.iterations, restarts, step, normSum };
    const none = { W: null, lambdaMin: null, hessianTol: null, allBlocksIndefinite: null };
    if (r.loss < tp.lossThreshold) return { result: { outcome: 'global', ...base, ...none }, end: W };
    if (r.status !== 'converged') return { result: { outcome: 'unconverged', ...base, ...none }, end: W };
    const H = session.hessian();
    const c = classify(H);
    // λ_min of each H′_ii = H_ii − ½I (P4 Lemma 28), from the Hessian already computed (trainers' diagonalBlocks
    // would recompute it).
    const blocks = teacherStudentHessianBlocks(H, n, d, true).map(
      (B) => symEigen(B, { vectors: false }).values[0]!,
    );
    return {
      result: {
        outcome: 'spurious',
        ...base,
        W: Array.from({ length: n }, (_, i) => Array.from(W.subarray(i * d, (i + 1) * d))),
        lambdaMin: c.lambdaMin,
        hessianTol: c.zeroTol,
        allBlocksIndefinite: blocks.every((l) => l < -c.zeroTol),
      },
      end: W,
    };
  } finally {
    session.dispose();
  }
}
