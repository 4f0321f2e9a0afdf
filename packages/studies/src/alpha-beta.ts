/**
 * P2's α-β condition (Definition 1): the exact valid region of (α, β), its minimal pairs, and verdicts for given
 * pairs.
 *
 * - `example` (1, 2, 3 corrected, 6): Definition 1 checked on a grid over [−6, 7]² (the spec's verification grid)
 *   with the exact projection onto the minimiser set S; f_i* are the exact component minima. The region is the
 *   exact polygon of landscape-analysis `alphaBetaRegion` (intersection of the half-planes T_k(α, β) ≥ 0).
 *   Default checks are the paper's claimed pairs and β = 0 (which must fail).
 * - `problem` (half-space, mlp): seeded SGD, then the P2 §2.4 protocol: x_K (last iterate) stands for Proj(x_k, S),
 *   the sampled mini-batch loss for f_i, and pairs need α ≥ β + 0.1. One task per seed; the region is that of all
 *   seeds' samples together. PL and aiming diagnostics on the full loss (landscape-analysis
 *   `trajectoryDiagnostics`) show the conditions P2 compares against (spec §2.7 claim 6).
 * - Why our half-space α (≈ 0.5–5) sits ~10⁵ below P2 Fig. 9 (α ≈ 3.3286·10⁴), derived in
 *   docs/p2-half-space-alpha-scale.md: on β = α − 0.1, α_min = max_k (0.1·b_k − g_k)/(f_{i_k}(x_K) − f*_{i_k}). The paper
 *   uses one constant f* = 0.000523853 just below the final per-sample losses (denominator ≈ 3·10⁻⁶) and starts on the
 *   saddle plateau, where a sample misclassified with ‖∇f‖ ≈ 0 gives numerator ≈ 0.1; we used exact per-sample
 *   minima (denominator 10⁻⁴ … 1) and a random start. `protocol: 'paper'`, `fStar`, `init` expose both; every
 *   problem run reports both estimates (`comparison`) and the Fig. 2 series (`diagnostics[].fig2`).
 * @see spec §2.1–2.5
 */
import { Rng, rangeError, typeError } from '@landscape-lab/core-math';
import {
  type AlphaBetaSamples,
  alphaBetaGapLine,
  alphaBetaMargin,
  alphaBetaRegion,
  alphaBetaSamples,
  alphaBetaSamplesOnGrid,
  gridPoints,
  trajectoryDiagnostics,
} from '@landscape-lab/landscape-analysis';
import {
  HalfSpace,
  halfSpaceProblem,
  mlp,
  sgd,
  toyProblem,
  twoGaussianClasses,
} from '@landscape-lab/trainers';
import { halfSpaceSaddleStart } from './half-space-saddle.js';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study } from './task.js';

/** The study's parameters: one declaration for the library, the CLI and the web demo. */
export const ALPHA_BETA_SCHEMA = defineSchema({
  example: { kind: 'int', values: [1, 2, 3, 6], nullable: true, help: 'a toy example of P2 §2.2' },
  problem: {
    kind: 'enum',
    choices: ['half-space', 'mlp'],
    nullable: true,
    help: 'train with SGD and estimate along the trajectory',
  },
  checks: {
    kind: 'pairs',
    names: 'α,β',
    nullable: true,
    cli: false,
    defaultText: "the paper's pairs (examples)",
    help: 'pairs [α, β] to check',
  },
  extraChecks: {
    kind: 'pairs',
    names: 'α,β',
    nullable: true,
    cli: 'check',
    help: 'also report the verdict for this pair',
  },
  grid: {
    kind: 'int',
    min: 2,
    max: 2001,
    default: 131,
    help: 'grid points per axis over [−6, 7] (examples)',
  },
  maxIters: {
    kind: 'int',
    min: 1,
    max: 1e7,
    default: (p) => (p.problem === 'half-space' ? 4000 : 3000),
    defaultText: '4000 / 3000',
    help: 'SGD iterations',
  },
  step: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: (p) => (p.problem === 'half-space' ? 0.25 : 0.1),
    defaultText: '0.25 / 0.1',
    help: 'SGD step',
  },
  batch: {
    kind: 'int',
    min: 1,
    max: 1e6,
    default: (p) => (p.problem === 'half-space' ? 1 : 4),
    defaultText: '1 / 4',
    help: 'mini-batch size',
  },
  seeds: { kind: 'int', min: 1, max: 1000, default: 1, help: 'independent SGD runs (region over all)' },
  width: { kind: 'int', min: 1, max: 4096, default: 16, help: 'hidden width of the mlp' },
  protocol: {
    kind: 'enum',
    choices: ['ours', 'paper'],
    nullable: true,
    default: (p) => (p.problem === null ? null : 'ours'),
    defaultText: 'ours',
    help: 'paper: P2 App. D.1 as stated (saddle start, f* = 0.000523853; half-space)',
  },
  fStar: {
    kind: 'number',
    keywords: ['exact', 'zero', 'paper'],
    default: (p) => (p.protocol === 'paper' ? 'paper' : 'exact'),
    defaultText: 'exact / paper',
    help: 'f_i* in b = f_i(x_k) − f_i*: exact minima, 0, the paper constant, or a number',
  },
  init: {
    kind: 'enum',
    choices: ['random', 'saddle'],
    nullable: true,
    default: (p) => (p.problem === null ? null : p.protocol === 'paper' ? 'saddle' : 'random'),
    defaultText: 'random / saddle',
    help: 'SGD start: N(0, I), or the highest-loss saddle (half-space)',
  },
  initPush: {
    kind: 'number',
    min: 0,
    default: 0,
    help: 'distance from the saddle along its unstable direction, toward the minimiser',
  },
  path: {
    kind: 'bool',
    default: false,
    cli: false,
    help: "problems: also record each run's iterates (≤ 301 of them)",
  },
});

/**
 * Input of {@link alphaBeta} (see {@link ALPHA_BETA_SCHEMA}): exactly one of `example` and `problem`. `protocol`,
 * `fStar`, `init` apply to problems; protocol 'paper' (half-space only) is P2 App. D.1 as stated: start at the
 * saddle plateau, f_i* = 0.000523853 for every i, SGD lr ¼, batch 1, 4000 iterations, 20 points per class,
 * λ = 1e−5, α ≥ β + 0.1. `fStar`: 'exact' (each component's exact minimum value when the model knows it, else 0),
 * 'zero' (P2 §2.4's assumption), 'paper' (the constant of P2's half-space run) or a number used for every i.
 */
export type AlphaBetaInput = SchemaInput<typeof ALPHA_BETA_SCHEMA>;

/** P2's half-space run as the paper states it (spec §2.5): the protocol and the one legible α (Fig. 9). */
export const P2_HALF_SPACE = {
  /** Fig. 9's α axis spans about 33282–33290: the paper's α ≈ 3.3286·10⁴. */
  alpha: 3.3286e4,
  alphaAxis: [33282, 33290] as const,
  /** The f_i* the paper assumes for every sample. */
  fStar: 0.000523853,
  lambda: 1e-5,
  step: 0.25,
  batch: 1,
  maxIters: 4000,
  perClass: 20,
  minGap: 0.1,
} as const;

/** Resolved parameters. */
export interface AlphaBetaParams {
  example: 1 | 2 | 3 | 6 | null;
  problem: 'half-space' | 'mlp' | null;
  checks: [number, number][];
  grid: number;
  maxIters: number;
  step: number;
  batch: number;
  seeds: number;
  width: number;
  /** Admissibility gap α ≥ β + minGap: 0 for examples (Definition 1's α > β), 0.1 for trajectories (P2 §2.4). */
  minGap: number;
  /** Problems: 'ours' or 'paper' (null for examples). */
  protocol: 'ours' | 'paper' | null;
  /** f_i* of the main region: 'exact' or a constant (examples always use the exact component minima). */
  fStar: 'exact' | number;
  /** Start of the SGD runs (null for examples). */
  init: 'random' | 'saddle' | null;
  initPush: number;
  /** Present (true) only when the iterates were asked for. */
  path?: true;
}

/** Task: one grid check, or one SGD run. */
export type AbTaskParams =
  | { kind: 'example'; cfg: AlphaBetaParams }
  | { kind: 'sgd'; cfg: AlphaBetaParams; run: number };

/** Samples and diagnostics of one task. */
export interface AbTaskResult {
  g: number[];
  a: number[];
  b: number[];
  point: number[] | null;
  candidate: number[] | null;
  /** Example constants (examples only). */
  constants: { fStar: number; c: number } | null;
  /** SGD diagnostics (problems only). */
  diagnostics: AbDiagnostics | null;
  /** Per-sample losses of the run, from which the samples under any f* follow (problems only). */
  losses?: AbRunLosses | null;
  /** The run's iterates x_0, every ⌈K/300⌉-th, and x_K (problems with `path` only). */
  path?: number[][];
}

/**
 * What one SGD run records per sampled iterate k (batch B_k): enough to rebuild (g_k, a_k, b_k) for any f*:
 * a_k = fx_k − fRef_k and b_k = fx_k − f*_k, where f*_k is `fStarExact[k]` or a constant.
 */
export interface AbRunLosses {
  /** g_k = ⟨∇f_{B_k}(x_k), x_k − x_K⟩. */
  g: number[];
  /** f_{B_k}(x_k) (mini-batch mean). */
  fx: number[];
  /** f_{B_k}(x_K). */
  fRef: number[];
  /** Mean over B_k of the exact component minima (0 where the model has none). */
  fStarExact: number[];
  /** Iteration k of each sample. */
  iteration: number[];
  /** First component index of B_k (the sample itself for batch 1). */
  component: number[];
}

/** The start of one SGD run. */
export interface AbInit {
  kind: 'random' | 'saddle' | 'random (no saddle connected to the minimiser found)';
  x0: number[];
  /** For 'saddle': the saddle, its loss and Hessian eigenvalues, and the minimiser its unstable branch reaches. */
  saddle?: {
    x: number[];
    loss: number;
    eigenvalues: [number, number];
    minimiser: number[];
    minimiserLoss: number;
  };
  push?: number;
}

/** P2 Fig. 2 along one run: full loss, gradient norm, angle and aiming vs x_K (subsampled). */
export interface AbFig2 {
  iteration: number[];
  loss: number[];
  gradNorm: number[];
  /** cos∠(∇f(x_k), x_k − x_K); null where undefined (x_k = x_K, or ‖∇f(x_k)‖ ≤ 1e−12, round-off). */
  cosAngle: (number | null)[];
  /** ⟨∇f(x_k), x_k − x_K⟩/(f(x_k) − f(x_K)); null where undefined. */
  aiming: (number | null)[];
  /** First iterate (over ALL iterates, not the subsample) with a negative angle, or null. */
  firstNegativeAngle: { iteration: number; loss: number; gradNorm: number; cosAngle: number } | null;
  /** Iterates with a negative angle (over all iterates). */
  negativeAngles: number;
  /** f(x_0), f(x_K) and max_k ‖∇f(x_k)‖ of the run. */
  initialLoss: number;
  finalLoss: number;
  maxGradNorm: number;
}

/** PL / aiming diagnostics along an SGD trajectory (full loss, reference x_K). */
export interface AbDiagnostics {
  finalLoss: number;
  /** min_k ‖∇f‖²/(2(f − f*)): the empirical PL constant (≈ 0 means PL fails along the run). */
  plMin: number;
  /** min_k ⟨∇f, x − x_K⟩/(f − f*): negative means aiming fails. */
  aimingMin: number;
  /** min_k cos∠(∇f(x_k), x_k − x_K). */
  cosAngleMin: number;
  /** Loss every ~1% of the run (iteration, loss). */
  curve: [number, number][];
  /** Fig. 2 data of the run. */
  fig2: AbFig2;
  init: AbInit;
  /** min_i f_i(x_K) over all components, and its argmin (the sample whose e_k = f_i(x_K) − f* is smallest). */
  finalComponentLossMin: { value: number; component: number };
}

/** A checked pair. */
export interface AbCheck {
  alpha: number;
  beta: number;
  valid: boolean;
  margin: number;
  admissible: boolean;
}

/** Result of {@link alphaBeta} (the JSON contract: region, minimalPairs, checks). */
export interface AlphaBetaResult {
  source: string;
  region: {
    empty: boolean;
    vertices: { alpha: number; beta: number }[];
    alphaMin: number;
    betaAtAlphaMin: number;
    betaMin: number;
    minGap: number;
    touchesBox: boolean;
    alphaMax: number;
    betaMax: number;
    samples: number;
  };
  minimalPairs: { alpha: number; beta: number }[];
  checks: AbCheck[];
  constants: { fStar: number; c: number } | null;
  diagnostics: AbDiagnostics[] | null;
  /** Half-space: the same runs' samples under our f* and the paper's, against the paper's α (null otherwise). */
  comparison: AbComparison | null;
}

/** One (α, β) estimate from recorded runs under one f*. */
export interface AbEstimate {
  label: string;
  fStar: 'exact' | number;
  empty: boolean;
  alphaMin: number;
  betaAtAlphaMin: number;
  betaMin: number;
  vertices: { alpha: number; beta: number }[];
  minimalPairs: { alpha: number; beta: number }[];
  /**
   * The closed form on β = α − gap: alphaMin = numerator/denominator of the binding sample, with
   * numerator = gap·b_k − g_k and denominator = f_{i_k}(x_K) − f*_k (see landscape-analysis `alphaBetaGapLine`).
   */
  gapLine: {
    alphaMin: number;
    regionMinimum: boolean;
    binding: {
      run: number;
      iteration: number;
      component: number;
      numerator: number;
      denominator: number;
    } | null;
  };
  /** alphaMin / P2_HALF_SPACE.alpha. */
  ratioToPaper: number;
}

/** Ours vs the paper on the same runs. */
export interface AbComparison {
  paper: typeof P2_HALF_SPACE;
  /** Exact per-sample f_i* (our default) and the paper's constant f* = 0.000523853, and the selected f* if neither. */
  estimates: AbEstimate[];
  /**
   * The constant f* at which these runs' smallest α on the line β = α − 0.1 (Fig. 9's window lies on it) equals the
   * paper's α (NaN when none below min f_i(x_K) is found). Off the line the region may reach lower α when some
   * f_i(x_k) < f* (b_k < 0): compare `estimates[].alphaMin` with `estimates[].gapLine.alphaMin`.
   */
  fStarMatchingPaper: number;
  /** min over the sampled f_{B_k}(x_K) − fStarMatchingPaper: the e = f_i(x_K) − f* that reproduces the paper's α. */
  gapMatchingPaper: number;
}

/**
 * (α, β) from recorded runs under one f*: the exact region (landscape-analysis `alphaBetaRegion`) and the closed
 * form on the gap line with its binding sample. Pure.
 * @param runs per-run losses (e.g. `result.comparison` inputs, or `AbTaskResult.losses`)
 * @param fStar 'exact' (each sample's recorded exact f_i*) or a constant for every i
 * @param minGap α ≥ β + minGap (P2: 0.1)
 * @example alphaBetaEstimate([losses], P2_HALF_SPACE.fStar, 0.1).alphaMin
 */
export function alphaBetaEstimate(
  runs: readonly AbRunLosses[],
  fStar: 'exact' | number,
  minGap: number,
  label = typeof fStar === 'number' ? `f* = ${fStar}` : 'exact f_i*',
): AbEstimate {
  const s = samplesOf(runs, fStar);
  const reg = alphaBetaRegion(s, { minGap });
  const line = alphaBetaGapLine(s, minGap);
  let binding: AbEstimate['gapLine']['binding'] = null;
  if (line.binding >= 0) {
    let k = line.binding;
    let run = 0;
    while (k >= runs[run]!.g.length) k -= runs[run++]!.g.length;
    binding = {
      run,
      iteration: runs[run]!.iteration[k]!,
      component: runs[run]!.component[k]!,
      numerator: line.numerator,
      denominator: line.denominator,
    };
  }
  return {
    label,
    fStar,
    empty: reg.empty,
    alphaMin: reg.alphaMin,
    betaAtAlphaMin: reg.betaAtAlphaMin,
    betaMin: reg.betaMin,
    vertices: reg.vertices,
    minimalPairs: reg.minimalPairs,
    gapLine: { alphaMin: line.alphaMin, regionMinimum: line.regionMinimum, binding },
    ratioToPaper: reg.alphaMin / P2_HALF_SPACE.alpha,
  };
}

/** The samples (g, a, b) of recorded runs under one f*. */
export function samplesOf(runs: readonly AbRunLosses[], fStar: 'exact' | number): AlphaBetaSamples {
  const g: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (const r of runs)
    for (let k = 0; k < r.g.length; k++) {
      const fx = r.fx[k]!;
      g.push(r.g[k]!);
      a.push(fx - r.fRef[k]!);
      b.push(fx - (fStar === 'exact' ? r.fStarExact[k]! : fStar));
    }
  return { g: Float64Array.from(g), a: Float64Array.from(a), b: Float64Array.from(b) };
}

/**
 * The constant f* at which the runs' smallest valid α on the gap line equals `target`: α(c) = max_k
 * (gap·(fx_k − c) − g_k)/(fRef_k − c) grows without bound as c → min_k fRef_k from below, so a crossing is bracketed
 * by halving d = min fRef − c from 1 and then bisected (in d) to the last bit. NaN when no crossing is found.
 * @example fStarForAlpha([losses], 3.3286e4, 0.1)
 */
export function fStarForAlpha(runs: readonly AbRunLosses[], target: number, minGap: number): number {
  let fMin = Number.POSITIVE_INFINITY;
  for (const r of runs) for (const v of r.fRef) fMin = Math.min(fMin, v);
  if (!Number.isFinite(fMin)) return Number.NaN;
  const alphaAt = (d: number) => alphaBetaGapLine(samplesOf(runs, fMin - d), minGap).alphaMin;
  let dHi = 1; // α(fMin − dHi) < target wanted
  if (!(alphaAt(dHi) < target)) return Number.NaN;
  let dLo = dHi;
  for (let i = 0; i < 1100 && dLo > 0; i++) {
    dLo = dHi / 2;
    const v = alphaAt(dLo);
    if (!(v < target)) break; // crossing (or infeasibility, NaN) between dLo and dHi
    dHi = dLo;
  }
  if (!(dLo > 0) || alphaAt(dLo) < target) return Number.NaN;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (dLo + dHi);
    if (mid <= dLo || mid >= dHi) break;
    if (alphaAt(mid) < target) dHi = mid;
    else dLo = mid;
  }
  return fMin - 0.5 * (dLo + dHi);
}

const FN = 'alphaBeta';

/** c = min_i min_{x ∈ S} f_i(x) of an example (the constant in P2's α bounds). */
function exampleConstants(ex: 1 | 2 | 3 | 6): { fStar: number; c: number } {
  const t = toyProblem(ex);
  let c = Number.POSITIVE_INFINITY;
  // Ex. 1's S is a line on which every f_i equals 1/5: any point of it will do.
  const points = t.minimizers.length ? t.minimizers : [t.project(new Float64Array(2))];
  for (const x of points) for (let i = 0; i < 2; i++) c = Math.min(c, t.components.loss(x, i));
  return { fStar: t.minValue, c };
}

/** The paper's claimed pairs and β = 0, per example (spec §2.2). */
function defaultChecks(ex: 1 | 2 | 3 | 6): [number, number][] {
  if (ex === 1)
    return [
      [2.5, 2],
      [2.5, 0],
    ];
  const { c } = exampleConstants(ex);
  if (ex === 2)
    return [
      [8 / c, 8 / c - 8],
      [4 / c, 4 / c - 8],
      [8 / c, 0],
    ];
  if (ex === 3)
    return [
      [1512.46, 1511.46],
      [1512.46, 0],
    ];
  return [
    [2 / c, 2 / c - 1],
    [2 / c, 0],
  ];
}

/**
 * The α-β study.
 * @example
 * const p = alphaBeta.resolve({ example: 1 });
 * // after init(): runStudySync('alpha-beta', { example: 1 }, 1).result.checks → (2.5, 2) valid, (2.5, 0) not
 */
export const alphaBeta: Study<AlphaBetaInput, AlphaBetaParams, AbTaskParams, AbTaskResult, AlphaBetaResult> =
  {
    name: 'alpha-beta',
    summary:
      'P2: the exact valid (α, β) region of the α-β condition on toy examples or along SGD trajectories.',
    resolve(input) {
      const r = resolveSchema(FN, ALPHA_BETA_SCHEMA, input);
      const { example, problem } = r;
      if ((example === null) === (problem === null))
        throw typeError(
          FN,
          'example/problem',
          'be exactly one of an example (1, 2, 3, 6) or a problem (half-space, mlp)',
          example ?? problem,
        );
      const hs = problem === 'half-space';
      const protocol = problem === null ? null : r.protocol;
      if (protocol === 'paper' && !hs)
        throw rangeError(FN, 'protocol', "be 'ours' unless the problem is half-space", protocol);
      const fStar: 'exact' | number =
        r.fStar === 'zero' ? 0 : r.fStar === 'paper' ? P2_HALF_SPACE.fStar : r.fStar;
      if (example !== null && fStar !== 'exact')
        throw rangeError(FN, 'fStar', "be 'exact' for examples (their f_i* are known exactly)", r.fStar);
      const init = problem === null ? null : r.init;
      if (init === 'saddle' && !hs)
        throw rangeError(FN, 'init', "be 'random' unless the problem is half-space", init);
      // Each distinct pair once, in first-seen order: a user's pair that is also a default is not checked twice.
      const seen = new Set<string>();
      const checks = [
        ...(r.checks ?? (example !== null ? defaultChecks(example as 1 | 2 | 3 | 6) : [])),
        ...(r.extraChecks ?? []),
      ].filter(([a, b]) => {
        const key = `${a},${b}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return {
        example: example as 1 | 2 | 3 | 6 | null,
        problem,
        checks,
        grid: r.grid,
        maxIters: r.maxIters,
        step: r.step,
        batch: r.batch,
        seeds: r.seeds,
        width: r.width,
        minGap: example !== null ? 0 : P2_HALF_SPACE.minGap,
        protocol,
        fStar,
        init,
        initPush: r.initPush,
        ...(r.path ? { path: true as const } : {}),
      };
    },
    plan(p, seed) {
      if (p.example !== null)
        return makeTasks('alpha-beta', seed, [
          { id: `example=${p.example}`, params: { kind: 'example', cfg: p } },
        ]);
      return makeTasks(
        'alpha-beta',
        seed,
        Array.from({ length: p.seeds }, (_, run) => ({
          id: `${p.problem}:run=${run}`,
          params: { kind: 'sgd', cfg: p, run } as AbTaskParams,
        })),
      );
    },
    run(tp, seed) {
      return tp.kind === 'example' ? exampleRun(tp.cfg) : sgdRun(tp.cfg, seed);
    },
    aggregate(p, _tasks, results) {
      const cat = (key: 'g' | 'a' | 'b') => Float64Array.from(results.flatMap((r) => r[key]));
      const hasGroups = results.every((r) => r.point !== null);
      let offset = 0;
      const point: number[] = [];
      for (const r of results) {
        const m = Math.max(-1, ...(r.point ?? [-1]));
        for (const x of r.point ?? []) point.push(x + offset);
        offset += m + 1;
      }
      const samples: AlphaBetaSamples = {
        g: cat('g'),
        a: cat('a'),
        b: cat('b'),
        ...(hasGroups && results.every((r) => r.candidate !== null)
          ? {
              point: Int32Array.from(point),
              candidate: Int32Array.from(results.flatMap((r) => r.candidate!)),
            }
          : {}),
      };
      const runs = p.problem !== null ? results.map((r) => r.losses!) : [];
      const reg = alphaBetaRegion(samples, { minGap: p.minGap });
      return {
        source:
          p.example !== null
            ? `example ${p.example} on a ${p.grid}×${p.grid} grid over [−6, 7]²`
            : `${p.problem} SGD (${p.seeds} run(s), protocol ${p.protocol}, init ${p.init}, f* ${p.fStar === 'exact' ? 'exact f_i*' : p.fStar})`,
        region: {
          empty: reg.empty,
          vertices: reg.vertices,
          alphaMin: reg.alphaMin,
          betaAtAlphaMin: reg.betaAtAlphaMin,
          betaMin: reg.betaMin,
          minGap: reg.minGap,
          touchesBox: reg.touchesBox,
          alphaMax: reg.alphaMax,
          betaMax: reg.betaMax,
          samples: reg.samples,
        },
        minimalPairs: reg.minimalPairs,
        checks: p.checks.map(([alpha, beta]) => {
          const c = alphaBetaMargin(samples, alpha, beta, p.minGap);
          return { alpha, beta, valid: c.holds && c.admissible, margin: c.margin, admissible: c.admissible };
        }),
        constants: results[0]?.constants ?? null,
        diagnostics: p.problem !== null ? results.map((r) => r.diagnostics!) : null,
        comparison: p.problem === 'half-space' ? compare(runs, p) : null,
      };
    },
  };

function exampleRun(p: AlphaBetaParams): AbTaskResult {
  const ex = p.example!;
  const toy = toyProblem(ex);
  const pts = gridPoints([-6, -6], [7, 7], [p.grid, p.grid]);
  const s = alphaBetaSamplesOnGrid(toy, pts, (x) => toy.project(x));
  return {
    g: Array.from(s.g),
    a: Array.from(s.a),
    b: Array.from(s.b),
    point: Array.from(s.point),
    candidate: s.candidate ? Array.from(s.candidate) : Array.from(s.point, () => 0),
    constants: exampleConstants(ex),
    diagnostics: null,
    losses: null,
  };
}

/**
 * The objective an SGD task of a problem trains (its data drawn from the task seed): the half-space model or the
 * mlp. For looking at the landscape around a run's `path`.
 * @throws ArgumentError (E_ARG_TYPE) for an example's parameters.
 * @example const f = abObjective(task.params.cfg, task.seed); f.loss(Float64Array.from(result.path.at(-1)));
 */
export function abObjective(p: AlphaBetaParams, seed: number) {
  if (p.problem === null) throw typeError('abObjective', 'p.problem', 'be half-space or mlp', p.problem);
  const rng = new Rng(seed);
  return p.problem === 'half-space'
    ? halfSpaceProblem(rng.split(0), { perClass: P2_HALF_SPACE.perClass }, P2_HALF_SPACE.lambda)
    : (() => {
        const { A, b } = twoGaussianClasses(rng.split(0), { perClass: 32 });
        return mlp({
          layers: [A.cols, p.width, 1],
          activation: 'tanh',
          loss: 'logistic',
          X: A,
          y: b,
          l2: 1e-4,
        });
      })();
}

function sgdRun(p: AlphaBetaParams, seed: number): AbTaskResult {
  const rng = new Rng(seed);
  const obj = abObjective(p, seed);
  const randomStart = () =>
    'init' in obj && typeof (obj as { init?: unknown }).init === 'function'
      ? (obj as { init(r: Rng): Float64Array }).init(rng.split(1))
      : rng.split(1).fillNormal(new Float64Array(obj.dim));
  let x0: Float64Array;
  let init: AbInit;
  if (p.init === 'saddle' && obj instanceof HalfSpace) {
    const st = halfSpaceSaddleStart(obj, p.initPush);
    if (st) {
      x0 = st.x0;
      init = {
        kind: 'saddle',
        x0: Array.from(x0),
        saddle: {
          x: Array.from(st.saddle.theta),
          loss: st.saddle.loss,
          eigenvalues: [st.saddle.classification.eigenvalues[0]!, st.saddle.classification.eigenvalues[1]!],
          minimiser: Array.from(st.minimiser.theta),
          minimiserLoss: st.minimiser.loss,
        },
        push: st.push,
      };
    } else {
      x0 = randomStart();
      init = { kind: 'random (no saddle connected to the minimiser found)', x0: Array.from(x0) };
    }
  } else {
    x0 = randomStart();
    init = { kind: 'random', x0: Array.from(x0) };
  }
  const r = sgd(obj, x0, {
    step: p.step,
    batchSize: p.batch,
    maxIters: p.maxIters,
    seed: taskSub(seed),
    evalEvery: 1,
    record: { every: 1, theta: true, batches: true },
  });
  const traj = r.trajectory.map((t) => t.theta!);
  const xK = traj[traj.length - 1]!;
  const withBatch = r.trajectory.filter((t) => t.batch !== undefined);
  const batches = withBatch.map((t) => t.batch!);
  // f* = 0 makes b_k the mini-batch loss itself; a_k and g_k do not depend on f*.
  const s0 = alphaBetaSamples(
    obj,
    withBatch.map((t) => t.theta!),
    { reference: xK, batches, fiStar: 0 },
  );
  const comps = obj.components!;
  const m = comps.count;
  const fK = Array.from({ length: m }, (_, i) => comps.loss(xK, i));
  const star = Array.from({ length: m }, (_, i) =>
    typeof comps.minValue === 'function' ? comps.minValue(i) : 0,
  );
  const batchMean = (v: number[], B: Int32Array) => {
    let t = 0;
    for (const i of B) t += v[i]!;
    return t / B.length;
  };
  const losses: AbRunLosses = {
    g: Array.from(s0.g),
    fx: Array.from(s0.b),
    fRef: batches.map((B) => batchMean(fK, B)),
    fStarExact: batches.map((B) => batchMean(star, B)),
    iteration: withBatch.map((t) => t.iteration),
    component: batches.map((B) => B[0]!),
  };
  const s = samplesOf([losses], p.fStar);
  const diag = trajectoryDiagnostics(obj, traj, { reference: xK });
  const finite = (xs: Float64Array) => Array.from(xs).filter(Number.isFinite);
  const every = Math.max(1, Math.floor(traj.length / 100));
  const curve: [number, number][] = [];
  r.trajectory.forEach((t, j) => {
    if (j % every === 0 || j === r.trajectory.length - 1) curve.push([t.iteration, t.loss]);
  });
  let argmin = 0;
  for (let i = 1; i < m; i++) if (fK[i]! < fK[argmin]!) argmin = i;
  return {
    g: Array.from(s.g),
    a: Array.from(s.a),
    b: Array.from(s.b),
    point: null,
    candidate: null,
    constants: null,
    diagnostics: {
      finalLoss: r.loss,
      plMin: diag.plMin,
      aimingMin: diag.aimingMin,
      cosAngleMin: Math.min(...finite(diag.cosAngle)),
      curve,
      fig2: fig2Data(
        r.trajectory.map((t) => t.iteration),
        diag,
      ),
      init,
      finalComponentLossMin: { value: fK[argmin]!, component: argmin },
    },
    losses,
    ...(p.path ? { path: subsamplePath(traj) } : {}),
  };
}

/** x_0, every ⌈K/300⌉-th iterate and x_K. */
function subsamplePath(traj: readonly Float64Array[]): number[][] {
  const every = Math.max(1, Math.ceil((traj.length - 1) / 300));
  const out: number[][] = [];
  for (let k = 0; k < traj.length; k += every) out.push(Array.from(traj[k]!));
  if ((traj.length - 1) % every !== 0) out.push(Array.from(traj[traj.length - 1]!));
  return out;
}

/** Gradient norms at or below this are round-off: the angle there is not defined (see {@link fig2Data}). */
const ANGLE_GRAD_FLOOR = 1e-12;

/** Fig. 2 series (≤ ~400 points, always the first and last iterate) and the negative-angle summary. */
function fig2Data(
  iterations: number[],
  d: { loss: Float64Array; gradNorm: Float64Array; cosAngle: Float64Array; aiming: Float64Array },
): AbFig2 {
  const K = iterations.length;
  const every = Math.max(1, Math.floor(K / 400));
  const out: AbFig2 = {
    iteration: [],
    loss: [],
    gradNorm: [],
    cosAngle: [],
    aiming: [],
    firstNegativeAngle: null,
    negativeAngles: 0,
    initialLoss: d.loss[0]!,
    finalLoss: d.loss[K - 1]!,
    maxGradNorm: Math.max(...d.gradNorm),
  };
  const orNull = (v: number) => (Number.isFinite(v) ? v : null);
  for (let k = 0; k < K; k++) {
    // At a polished critical point ‖∇f‖ is round-off (~1e−16 for O(1) per-sample terms) and its direction is noise:
    // such angles are reported as null and not counted.
    const c = d.gradNorm[k]! > ANGLE_GRAD_FLOOR ? d.cosAngle[k]! : Number.NaN;
    if (c < 0) {
      out.negativeAngles++;
      out.firstNegativeAngle ??= {
        iteration: iterations[k]!,
        loss: d.loss[k]!,
        gradNorm: d.gradNorm[k]!,
        cosAngle: c,
      };
    }
    if (k % every === 0 || k === K - 1) {
      out.iteration.push(iterations[k]!);
      out.loss.push(d.loss[k]!);
      out.gradNorm.push(d.gradNorm[k]!);
      out.cosAngle.push(orNull(c));
      out.aiming.push(orNull(d.aiming[k]!));
    }
  }
  return out;
}

/** Ours (exact f_i*) and the paper's f* on the same runs, the selected f* if neither, and the f* matching the paper. */
function compare(runs: AbRunLosses[], p: AlphaBetaParams): AbComparison {
  const estimates = [
    alphaBetaEstimate(runs, 'exact', p.minGap, 'ours: exact per-sample f_i*'),
    alphaBetaEstimate(
      runs,
      P2_HALF_SPACE.fStar,
      p.minGap,
      `paper: f_i* = ${P2_HALF_SPACE.fStar} for every i`,
    ),
  ];
  if (p.fStar !== 'exact' && p.fStar !== P2_HALF_SPACE.fStar)
    estimates.push(alphaBetaEstimate(runs, p.fStar, p.minGap, `selected: f_i* = ${p.fStar} for every i`));
  const fm = fStarForAlpha(runs, P2_HALF_SPACE.alpha, p.minGap);
  let fMin = Number.POSITIVE_INFINITY;
  for (const r of runs) for (const v of r.fRef) fMin = Math.min(fMin, v);
  return { paper: P2_HALF_SPACE, estimates, fStarMatchingPaper: fm, gapMatchingPaper: fMin - fm };
}

/** The SGD sampling seed of a task: a pure derivation distinct from the data and init streams. */
function taskSub(seed: number): number {
  const r = new Rng(seed).split(2);
  return (r.u32() & 0x1fffff) * 4294967296 + r.u32();
}
