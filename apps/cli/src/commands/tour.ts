/**
 * `landscape-lab tour`: one headline result of each paper, small enough for a few minutes on 2 cores, written as
 * SVG figures, CSV tables and `summary.md` to `--out` (default `./out`). Each study keeps its own resumable task log
 * in its sub-directory, so an interrupted tour picks up where it stopped.
 */
import type {
  AlphaBetaParams,
  AlphaBetaResult,
  LinearFlowParams,
  LinearFlowResult,
  PhaseTransitionParams,
  PhaseTransitionResult,
  SplitNeuronParams,
  SplitNeuronResult,
  SpuriousMinimaParams,
  SpuriousMinimaResult,
  StudyName,
} from '@landscape-lab/studies';
import type { Command, OutFile, Report, StudyCommand } from '../command.js';
import { num, toJson } from '../output.js';
import { type RunContext, runStudy } from '../runner.js';
import { alphaBetaCommand } from './alpha-beta.js';
import { linearFlowCommand } from './linear-flow.js';
import { phaseTransitionCommand } from './phase-transition.js';
import { splitNeuronCommand } from './split-neuron.js';
import { spuriousMinimaCommand } from './spurious-minima.js';

interface Step<P, R> {
  dir: string;
  label: string;
  cmd: StudyCommand<P, R>;
  input: unknown;
}

async function step<P, R>(
  ctx: RunContext,
  s: Step<P, R>,
  files: OutFile[],
  counts: { tasks: number; resumed: number; workers: number },
): Promise<{ params: P; result: R; report: Report }> {
  const ctxSub: RunContext = { ...ctx, out: ctx.out };
  const run = await runStudy<P, R>(ctxSub, s.cmd.study as StudyName, s.input, {
    sub: s.dir,
    identity: `tour:${s.cmd.name}`,
    label: s.label,
  });
  const report = s.cmd.report(run.params, run.result, ctx);
  for (const f of report.files) files.push({ name: `${s.dir}/${f.name}`, content: f.content });
  files.push({
    name: `${s.dir}/result.json`,
    content: `${toJson({ command: s.cmd.name, params: run.params, seed: ctx.seed, ...(report.body as object) })}\n`,
  });
  counts.tasks += run.tasks;
  counts.resumed += run.resumedTasks;
  counts.workers = Math.max(counts.workers, run.workers);
  return { params: run.params, result: run.result, report };
}

/** The tour's parameters (recorded in its result). */
const TOUR = {
  p3: {
    d: [10],
    n: [20, 40, 60, 80],
    k: [2, 4, 6, 8, 10, 12, 14, 16],
    trials: 4,
    activation: 'softplus',
    maxIters: 8000,
    tol: 1e-3,
  },
  p4: { k: [6, 7, 8, 9], extra: [0, 1], runs: 60, protocol: 'ss18' },
  p4split: { alphas: [0.25, 0.5] },
  p1: {
    width: 4,
    cost: 'quadratic',
    target: 1,
    product: 0.1,
    imbalance: [0, 1, 10, 100],
    tMax: 10,
    tol: 1e-6,
    saddle: true,
  },
  p2example: { example: 1 },
  p2problem: { problem: 'half-space', seeds: 2 },
} as const;

/** The command. */
export const tourCommand: Command = {
  name: 'tour',
  summary: 'A short tour: one headline result of each paper, as SVG figures and summary.md (a few minutes).',
  details:
    'Runs, in order: P3 phase transition (softplus, d = 10), the SS18 spurious-minima census at k = 6..8 with a split-neuron\n' +
    'saddle, the P1 linear-flow imbalance runs with the universal saddle and the §1.5 phase portraits, and the P2 α-β region\n' +
    'of Example 1 and along SGD on half-space learning. Writes to --out (default ./out); rerunning resumes.',
  options: [],
  examples: ['landscape-lab tour --out out', 'pnpm start'],
  async execute(_opts, ctx0) {
    const ctx: RunContext = { ...ctx0, out: ctx0.out ?? 'out' };
    const files: OutFile[] = [];
    const counts = { tasks: 0, resumed: 0, workers: 1 };
    const p3 = await step<PhaseTransitionParams, PhaseTransitionResult>(
      ctx,
      {
        dir: 'p3-phase-transition',
        label: 'P3 phase transition',
        cmd: phaseTransitionCommand as never,
        input: TOUR.p3,
      },
      files,
      counts,
    );
    const p4 = await step<SpuriousMinimaParams, SpuriousMinimaResult>(
      ctx,
      {
        dir: 'p4-spurious-minima',
        label: 'P4 spurious minima',
        cmd: spuriousMinimaCommand as never,
        input: TOUR.p4,
      },
      files,
      counts,
    );
    // The most frequent family at the largest k, split neuron by neuron.
    const withFam = [...p4.result.rows].reverse().find((r) => r.families.length > 0);
    let split: { params: SplitNeuronParams; result: SplitNeuronResult } | null = null;
    if (withFam) {
      const V = Array.from({ length: withFam.k }, (_, a) =>
        Array.from({ length: withFam.d }, (_, b) => (a === b ? 1 : 0)),
      );
      split = await step<SplitNeuronParams, SplitNeuronResult>(
        ctx,
        {
          dir: 'p4-split-neuron',
          label: 'P4 split neuron',
          cmd: splitNeuronCommand as never,
          input: { W: withFam.families[0]!.W, V, neurons: 'all', alphas: TOUR.p4split.alphas },
        },
        files,
        counts,
      );
    }
    const p1 = await step<LinearFlowParams, LinearFlowResult>(
      ctx,
      { dir: 'p1-linear-flow', label: 'P1 linear flow', cmd: linearFlowCommand as never, input: TOUR.p1 },
      files,
      counts,
    );
    const p2e = await step<AlphaBetaParams, AlphaBetaResult>(
      ctx,
      {
        dir: 'p2-alpha-beta-example1',
        label: 'P2 Example 1',
        cmd: alphaBetaCommand as never,
        input: TOUR.p2example,
      },
      files,
      counts,
    );
    const p2h = await step<AlphaBetaParams, AlphaBetaResult>(
      ctx,
      {
        dir: 'p2-alpha-beta-half-space',
        label: 'P2 half-space SGD',
        cmd: alphaBetaCommand as never,
        input: TOUR.p2problem,
      },
      files,
      counts,
    );

    const summary = summaryMarkdown({ p3, p4, split, p1, p2e, p2h, seed: ctx.seed });
    files.push({ name: 'summary.md', content: summary });
    const body = {
      out: ctx.out,
      phaseTransition: { cells: p3.result.cells },
      spuriousMinima: {
        rows: p4.result.rows.map(({ families, ...r }) => ({
          ...r,
          families: families.map(({ W: _W, ...f }) => f),
        })),
      },
      splitNeuron: split ? { k: split.result.k, n: split.result.n, splits: split.result.splits } : null,
      linearFlow: {
        reducedOdeError: p1.result.reducedOdeError,
        runs: p1.result.runs.map(({ samples: _s, ...r }) => r),
        saddle: p1.result.saddle,
      },
      alphaBeta: {
        example1: {
          region: p2e.result.region,
          minimalPairs: p2e.result.minimalPairs,
          checks: p2e.result.checks,
        },
        halfSpace: {
          region: p2h.result.region,
          minimalPairs: p2h.result.minimalPairs,
          diagnostics: p2h.result.diagnostics?.map(({ curve: _c, ...d }) => d),
        },
      },
      files: files.map((f) => f.name),
    };
    return {
      params: TOUR,
      report: { body, table: summary, files },
      exec: { workers: counts.workers, tasks: counts.tasks, resumedTasks: counts.resumed },
    };
  },
};

function summaryMarkdown(r: {
  p3: { result: PhaseTransitionResult; params: PhaseTransitionParams };
  p4: { result: SpuriousMinimaResult; params: SpuriousMinimaParams };
  split: { result: SplitNeuronResult } | null;
  p1: { result: LinearFlowResult; params: LinearFlowParams };
  p2e: { result: AlphaBetaResult };
  p2h: { result: AlphaBetaResult };
  seed: number;
}): string {
  const L: string[] = [];
  const cells = r.p3.result.cells;
  const below = cells.filter((c) => c.kd < c.n);
  const onOrAbove = cells.filter((c) => c.kd >= c.n);
  L.push(
    '# Landscape Lab tour',
    '',
    `Seed ${r.seed}. Every number below is recomputed by \`landscape-lab tour\`; the figures are SVG files in this folder.`,
    '',
  );
  L.push('## P3 — phase transition of over-parameterisation (Oymak & Soltanolkotabi)', '');
  L.push(
    `\`p3-phase-transition/phase-transition.svg\`: empirical probability that full-batch GD fits n random labels with a one-hidden-layer softplus net (d = ${r.p3.params.d.join(', ')}, k hidden units, ${r.p3.params.trials} trials per cell, success = relative residual < ${r.p3.params.tol} within ${r.p3.params.maxIters} steps), over n (x) and kd (y); red = always succeeds, blue = never; the black line is n = kd.`,
    '',
    `- Below the line (kd < n): ${below.reduce((s, c) => s + c.successes, 0)}/${below.reduce((s, c) => s + c.trials, 0)} trials succeeded (interpolation is impossible there).`,
    `- On or above it: ${onOrAbove.reduce((s, c) => s + c.successes, 0)}/${onOrAbove.reduce((s, c) => s + c.trials, 0)} succeeded; the transition sits at or somewhat above n = kd, closer to it with more iterations (spec §3.4).`,
    '',
  );
  for (const n of r.p3.params.n) {
    const first = cells.find((c) => c.n === n && c.rate >= 2 / 3);
    L.push(
      `  - n = ${n}: reliable success (≥ 2/3) from kd = ${first ? `${first.kd} (kd/n = ${num(first.kd / n, 3)})` : 'never in this grid'}`,
    );
  }
  L.push('', '## P4 / SS18 — spurious local minima of teacher–student ReLU nets', '');
  L.push(
    '`p4-spurious-minima/spurious-minima.svg`: percentage of GD runs (SS18 protocol: V = I, d = k, W₀ = randn/√d, step 0.1, stop at per-neuron gradient 1e-9) that end at a spurious local minimum (F ≥ 1e-3), with 95% Wilson intervals, against the teacher width k; one curve for n = k student neurons and one for n = k + 1.',
    '',
    '| k | n | runs | spurious | 95% CI | families | certified (λ_min > tol) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const x of r.p4.result.rows)
    L.push(
      `| ${x.k} | ${x.n} | ${x.runs} | ${(100 * x.spuriousRate).toFixed(1)}% | [${(100 * x.ci95[0]).toFixed(1)}%, ${(100 * x.ci95[1]).toFixed(1)}%] | ${x.families.length} | ${x.families.filter((f) => f.certified).length} |`,
    );
  L.push(
    '',
    'Expected (SS18): spurious minima appear from k ≈ 6–7 with n = k and become rarer with one extra neuron; every family has λ_min(H) > 0 and Σ‖w_i‖ ≤ k.',
    '',
  );
  if (r.split) {
    const s = r.split.result.splits;
    const saddles = s.filter((x) => x.classification === 'strict-saddle').length;
    const err = Math.max(...s.map((x) => Math.abs(x.predictedCurvature - x.measuredCurvature)));
    L.push(
      `\`p4-split-neuron/split-neuron.svg\`: splitting each neuron of the most frequent spurious family (k = ${r.split.result.k}) into α·w and (1 − α)·w: predicted curvature λ_min(H′_ii)(1/α + 1/(1 − α)) (large dots) and measured curvature along (u, −u) (small dots). ${saddles}/${s.length} split points are strict saddles; the largest |predicted − measured| is ${num(err)} (P4 Lemma 28/29).`,
      '',
    );
  } else L.push('No spurious family was found in this census, so no split-neuron figure was made.', '');
  L.push('## P1 — gradient flow of deep linear networks (Oliveira, Jatkar & Sontag)', '');
  L.push(
    `\`p1-linear-flow/loss-vs-time.svg\`: loss gap against gradient-flow time (log scale) for the vector case f(w₂w₁) = ½(z − 1)², k = ${r.p1.params.width}, all started at the same product z₀ = ${r.p1.params.product} with imbalance c ∈ {${r.p1.params.imbalance.join(', ')}}: larger imbalance converges faster (P1 Prop. 7). Per-imbalance versions are \`loss-vs-time-c<c>.svg\`.`,
    '',
    '| c | time to gap ≤ 1e-6 | invariant drift | reduced-ODE error |',
    '|---|---|---|---|',
  );
  for (const x of r.p1.result.runs)
    L.push(
      `| ${x.imbalance} | ${x.timeToTol === null ? 'not reached' : num(x.timeToTol)} | ${num(x.invariantDrift)} | ${num(x.reducedOdeError)} |`,
    );
  L.push(
    '',
    '`p1-linear-flow/portrait-linear.svg` and `portrait-sigmoidal.svg`: the two phase portraits of P1 Fig. 3 — level sets of the conserved quantity (grey), sample trajectories, the target set g = 0 (green), and the stable (blue, dashed) and unstable (orange, dashed) manifolds of the saddle at the origin; trajectories started on the stable manifold end at the saddle.',
    '',
  );
  if (r.p1.result.saddle) {
    L.push(
      'Universal saddle (P1 Prop. 5): started on {w₁ = s·w₂ᵀ}, s = sign f′(0), the flow goes to the origin for every cost; a 1e-3 perturbation reaches f′ = 0:',
      '',
    );
    for (const s of r.p1.result.saddle)
      L.push(
        `- ${s.cost}: on the manifold final ‖w‖ = ${num(s.onManifold.finalNorm)}; perturbed final |f′(z)| = ${num(s.perturbed.finalFPrime)}`,
      );
    L.push('');
  }
  L.push('## P2 — the α-β condition (Islamov, Ajroldi, Orvieto & Lucchi)', '');
  const e = r.p2e.result;
  L.push(
    '`p2-alpha-beta-example1/alpha-beta-region.svg`: the exact set of valid (α, β) for P2 Example 1 on a 131 × 131 grid over [−6, 7]² (green), the line α = β, the minimal pairs, and the checked pairs (blue valid, orange failing).',
    '',
  );
  for (const c of e.checks)
    L.push(
      `- (α, β) = (${num(c.alpha)}, ${num(c.beta)}): ${c.valid ? 'valid' : 'fails'}, margin ${num(c.margin)}`,
    );
  const h = r.p2h.result;
  L.push(
    '',
    '`p2-alpha-beta-half-space/alpha-beta-region.svg`: the same region estimated along SGD on half-space learning (P2 §2.4: x_K stands for the projection, mini-batch losses, α ≥ β + 0.1); `sgd-loss.svg` shows the runs.',
    '',
    h.region.empty
      ? '- The region is empty.'
      : `- α_min = ${num(h.region.alphaMin)}; minimal pairs ${h.minimalPairs.map((m) => `(${num(m.alpha)}, ${num(m.beta)})`).join(', ')}.`,
    ...(h.diagnostics ?? []).map(
      (d, i) =>
        `- run ${i}: PL constant along the run ${num(d.plMin)}, min cos∠(∇f, x − x_K) = ${num(d.cosAngleMin)} (PL and aiming are weak or fail while some (α, β) is valid).`,
    ),
    '',
  );
  return `${L.join('\n')}\n`;
}
