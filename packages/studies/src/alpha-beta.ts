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
 * @see spec §2.1–2.5
 */
import { Rng, rangeError, typeError } from '@landscape-lab/core-math';
import {
  type AlphaBetaSamples,
  alphaBetaMargin,
  alphaBetaRegion,
  alphaBetaSamples,
  alphaBetaSamplesOnGrid,
  gridPoints,
  trajectoryDiagnostics,
} from '@landscape-lab/landscape-analysis';
import { halfSpaceProblem, mlp, sgd, toyProblem, twoGaussianClasses } from '@landscape-lab/trainers';
import { makeTasks, type Study } from './task.js';
import { int, num, opt } from './validate.js';

/** Input of {@link alphaBeta}. Exactly one of `example` and `problem`. */
export interface AlphaBetaInput {
  example?: 1 | 2 | 3 | 6 | null;
  problem?: 'half-space' | 'mlp' | null;
  /** Pairs to check, each [α, β] (default: the paper's pairs for examples, none for problems). */
  checks?: [number, number][];
  /** Pairs checked in addition to `checks` (or its default). */
  extraChecks?: [number, number][];
  /** Grid points per axis for examples (default 131 over [−6, 7]). */
  grid?: number;
  /** SGD iterations (default 4000 half-space, 3000 mlp). */
  iters?: number;
  /** SGD step (default 0.25 half-space, 0.1 mlp). */
  step?: number;
  /** Mini-batch size (default 1 half-space, 4 mlp). */
  batch?: number;
  /** Independent SGD runs (default 1). */
  seeds?: number;
  /** Hidden width of the mlp (default 16). */
  width?: number;
}

/** Resolved parameters. */
export interface AlphaBetaParams {
  example: 1 | 2 | 3 | 6 | null;
  problem: 'half-space' | 'mlp' | null;
  checks: [number, number][];
  grid: number;
  iters: number;
  step: number;
  batch: number;
  seeds: number;
  width: number;
  /** Admissibility gap α ≥ β + minGap: 0 for examples (Definition 1's α > β), 0.1 for trajectories (P2 §2.4). */
  minGap: number;
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
      const i = input ?? {};
      const example =
        i.example === undefined || i.example === null
          ? null
          : (int(FN, 'example', i.example, 1, 6) as 1 | 2 | 3 | 6);
      if (example !== null && ![1, 2, 3, 6].includes(example))
        throw rangeError(FN, 'example', 'be one of 1, 2, 3, 6', example);
      const problem = i.problem === undefined || i.problem === null ? null : i.problem;
      if (problem !== null && problem !== 'half-space' && problem !== 'mlp')
        throw rangeError(FN, 'problem', 'be half-space or mlp', problem);
      if ((example === null) === (problem === null))
        throw typeError(
          FN,
          'example/problem',
          'be exactly one of an example (1, 2, 3, 6) or a problem (half-space, mlp)',
          example ?? problem,
        );
      const hs = problem === 'half-space';
      const checks = [
        ...(i.checks ?? (example !== null ? defaultChecks(example) : [])),
        ...(i.extraChecks ?? []),
      ].map((c, t) => {
        if (!Array.isArray(c) || c.length !== 2) throw typeError(FN, `checks[${t}]`, 'be a pair [α, β]', c);
        return [num(FN, `checks[${t}][0]`, c[0]), num(FN, `checks[${t}][1]`, c[1])] as [number, number];
      });
      return {
        example,
        problem,
        checks,
        grid: int(FN, 'grid', opt(i.grid, 131), 2, 2001),
        iters: int(FN, 'iters', opt(i.iters, hs ? 4000 : 3000), 1, 1e7),
        step: num(FN, 'step', opt(i.step, hs ? 0.25 : 0.1), 'positive'),
        batch: int(FN, 'batch', opt(i.batch, hs ? 1 : 4), 1, 1e6),
        seeds: int(FN, 'seeds', opt(i.seeds, 1), 1, 1000),
        width: int(FN, 'width', opt(i.width, 16), 1, 4096),
        minGap: example !== null ? 0 : 0.1,
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
      const reg = alphaBetaRegion(samples, { minGap: p.minGap });
      return {
        source:
          p.example !== null
            ? `example ${p.example} on a ${p.grid}×${p.grid} grid over [−6, 7]²`
            : `${p.problem} SGD (${p.seeds} run(s))`,
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
  };
}

function sgdRun(p: AlphaBetaParams, seed: number): AbTaskResult {
  const rng = new Rng(seed);
  const obj =
    p.problem === 'half-space'
      ? halfSpaceProblem(rng.split(0))
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
  const x0 =
    'init' in obj && typeof (obj as { init?: unknown }).init === 'function'
      ? (obj as { init(r: Rng): Float64Array }).init(rng.split(1))
      : rng.split(1).fillNormal(new Float64Array(obj.dim));
  const r = sgd(obj, x0, {
    step: p.step,
    batchSize: p.batch,
    maxIter: p.iters,
    seed: taskSub(seed),
    evalEvery: 1,
    record: { every: 1, theta: true, batches: true },
  });
  const traj = r.trajectory.map((t) => t.theta!);
  const xK = traj[traj.length - 1]!;
  const withBatch = r.trajectory.filter((t) => t.batch !== undefined);
  const s = alphaBetaSamples(
    obj,
    withBatch.map((t) => t.theta!),
    { reference: xK, batches: withBatch.map((t) => t.batch!) },
  );
  const diag = trajectoryDiagnostics(obj, traj, { reference: xK });
  const finite = (xs: Float64Array) => Array.from(xs).filter(Number.isFinite);
  const every = Math.max(1, Math.floor(traj.length / 100));
  const curve: [number, number][] = [];
  r.trajectory.forEach((t, j) => {
    if (j % every === 0 || j === r.trajectory.length - 1) curve.push([t.iteration, t.loss]);
  });
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
    },
  };
}

/** The SGD sampling seed of a task: a pure derivation distinct from the data and init streams. */
function taskSub(seed: number): number {
  const r = new Rng(seed).split(2);
  return (r.u32() & 0x1fffff) * 4294967296 + r.u32();
}
