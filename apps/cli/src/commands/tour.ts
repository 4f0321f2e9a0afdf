/**
 * `landscape-lab tour`: the quick scale of every `reproduce` target (each beside the paper's numbers) plus the
 * headline results that have no paper table (neuron splitting, P1's imbalance runs and universal saddle, P2
 * Example 1), small enough for a few minutes on 2 cores, written as SVG figures, CSV tables, per-target Markdown
 * reports and `summary.md` to `--out` (default `./out`). Each study keeps its own resumable task log in its
 * sub-directory, so an interrupted tour picks up where it stopped.
 */
import type {
  AlphaBetaParams,
  AlphaBetaResult,
  LinearFlowParams,
  LinearFlowResult,
  PhaseTransitionResult,
  SplitNeuronParams,
  SplitNeuronResult,
  SpuriousMinimaResult,
  StudyName,
} from '@landscape-lab/studies';
import type { Command, OutFile, Report, StudyCommand } from '../command.js';
import { num, toJson } from '../output.js';
import { p1Fig3Target } from '../reproduce/p1-fig3.js';
import { p2HalfSpaceTarget } from '../reproduce/p2-half-space.js';
import { p3PhaseTarget } from '../reproduce/p3-phase.js';
import { p4CensusTarget } from '../reproduce/p4-census.js';
import { ss18TablesTarget } from '../reproduce/ss18-tables.js';
import type { ReproduceTarget } from '../reproduce/target.js';
import { type RunContext, runStudy } from '../runner.js';
import { alphaBetaCommand } from './alpha-beta.js';
import { linearFlowCommand } from './linear-flow.js';
import { splitNeuronCommand } from './split-neuron.js';

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

/** The `reproduce` targets the tour runs at their quick scale, with their sub-directories. */
const TARGETS = [
  { dir: 'p3-phase', label: 'P3 phase transition', target: p3PhaseTarget },
  { dir: 'ss18-tables', label: 'SS18 census', target: ss18TablesTarget },
  { dir: 'p4-census', label: 'P4 census', target: p4CensusTarget },
  { dir: 'p1-fig3', label: 'P1 Fig. 3', target: p1Fig3Target },
  { dir: 'p2-half-space', label: 'P2 half-space', target: p2HalfSpaceTarget },
] as const;

/** The tour's parameters (recorded in its result): the targets' quick inputs and the other studies' inputs. */
const TOUR = {
  targets: Object.fromEntries(TARGETS.map((t) => [t.target.target, t.target.input('quick')])),
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
    portraits: false,
  },
  p2example: { example: 1 },
} as const;

/** A target's Markdown report, its headings demoted under the summary's, image lines dropped (figures are listed). */
function embed(report: Report, name: string, dir: string): string {
  const md = report.files.find((f) => f.name === name)?.content ?? '';
  const figures = report.files.filter((f) => f.name.endsWith('.svg')).map((f) => `\`${dir}/${f.name}\``);
  return [
    ...md
      .split('\n')
      .filter((l) => !l.startsWith('!['))
      .map((l) => (l.startsWith('#') ? `##${l}` : l)),
    `Figures: ${figures.join(', ')}.`,
    '',
  ].join('\n');
}

/** The command. */
export const tourCommand: Command = {
  name: 'tour',
  summary:
    "A short tour: every reproduce target at its quick scale beside the paper's numbers, plus one headline result of each paper (a few minutes).",
  details:
    'Runs, in order: reproduce p3-phase, ss18-tables (with a split-neuron saddle of its most frequent family), p4-census and\n' +
    'p1-fig3 at --scale quick; the P1 linear-flow imbalance runs with the universal saddle; and the P2 α-β region of\n' +
    'Example 1 and along SGD on half-space learning. Writes to --out (default ./out); rerunning resumes.',
  options: [],
  examples: ['landscape-lab tour --out out', 'pnpm start'],
  async execute(_opts, ctx0) {
    const ctx: RunContext = { ...ctx0, out: ctx0.out ?? 'out' };
    const files: OutFile[] = [];
    const counts = { tasks: 0, resumed: 0, workers: 1 };
    const reports: {
      dir: string;
      target: ReproduceTarget<unknown, unknown>;
      report: Report;
      result: unknown;
    }[] = [];
    let census: SpuriousMinimaResult | null = null;
    let phase: PhaseTransitionResult | null = null;
    let halfSpace: AlphaBetaResult | null = null;
    for (const t of TARGETS) {
      const target = t.target as unknown as ReproduceTarget<unknown, unknown>;
      const run = await step(
        ctx,
        { dir: t.dir, label: t.label, cmd: target, input: target.input('quick') },
        files,
        counts,
      );
      reports.push({ dir: t.dir, target, report: run.report, result: run.result });
      if (t.dir === 'ss18-tables') census = run.result as SpuriousMinimaResult;
      if (t.dir === 'p3-phase') phase = run.result as PhaseTransitionResult;
      if (t.dir === 'p2-half-space') halfSpace = run.result as AlphaBetaResult;
    }
    // The most frequent family at the largest k of the SS18 census, split neuron by neuron.
    const withFam = [...census!.rows].reverse().find((r) => r.families.length > 0 && r.n === r.k);
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
    const summary = summaryMarkdown({ reports, split, p1, p2e, seed: ctx.seed });
    files.push({ name: 'summary.md', content: summary });
    const body = {
      out: ctx.out,
      targets: Object.fromEntries(
        reports.map((r) => {
          const { census: _c, result: _r, portraits, ...rest } = r.report.body as Record<string, unknown>;
          return [r.target.target, portraits === undefined ? rest : { ...rest, portraits }];
        }),
      ),
      phaseTransition: { cells: phase!.cells },
      spuriousMinima: {
        rows: census!.rows.map(({ families, ...r }) => ({
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
          region: halfSpace!.region,
          minimalPairs: halfSpace!.minimalPairs,
          diagnostics: halfSpace!.diagnostics?.map(({ curve: _c, fig2: _f, ...d }) => d),
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
  reports: { dir: string; target: ReproduceTarget<unknown, unknown>; report: Report }[];
  split: { result: SplitNeuronResult } | null;
  p1: { result: LinearFlowResult; params: LinearFlowParams };
  p2e: { result: AlphaBetaResult };
  seed: number;
}): string {
  const L: string[] = [];
  const target = (name: string) => {
    const t = r.reports.find((x) => x.target.target === name)!;
    return embed(t.report, `${name}.md`, t.dir);
  };
  L.push(
    '# Landscape Lab tour',
    '',
    `Seed ${r.seed}. Every number below is recomputed by \`landscape-lab tour\`; the figures are SVG files in this folder. Each paper target runs at its quick scale; \`landscape-lab reproduce <target> --scale paper\` runs the paper's own grid and run counts.`,
    '',
  );
  L.push(
    '## P3 — phase transition of over-parameterisation (Oymak & Soltanolkotabi)',
    '',
    target('p3-phase'),
  );
  L.push('## P4 / SS18 — spurious local minima of teacher–student ReLU nets', '', target('ss18-tables'));
  if (r.split) {
    const s = r.split.result.splits;
    const saddles = s.filter((x) => x.classification === 'strict-saddle').length;
    const err = Math.max(...s.map((x) => Math.abs(x.predictedCurvature - x.measuredCurvature)));
    L.push(
      `\`p4-split-neuron/split-neuron.svg\`: splitting each neuron of the most frequent spurious family (k = ${r.split.result.k}) into α·w and (1 − α)·w: predicted curvature λ_min(H′_ii)(1/α + 1/(1 − α)) (large dots) and measured curvature along (u, −u) (small dots). ${saddles}/${s.length} split points are strict saddles; the largest |predicted − measured| is ${num(err)} (P4 Lemma 28/29).`,
      '',
    );
  } else L.push('No spurious family was found in this census, so no split-neuron figure was made.', '');
  L.push(target('p4-census'));
  L.push('## P1 — gradient flow of deep linear networks (Oliveira, Jatkar & Sontag)', '', target('p1-fig3'));
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
  L.push('');
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
  L.push('', target('p2-half-space'));
  return `${L.join('\n')}\n`;
}
