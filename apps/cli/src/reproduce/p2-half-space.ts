/**
 * `reproduce p2-half-space`: P2 Fig. 2 and Fig. 9 on half-space learning, at the protocol P2 states (spec §2.5:
 * 20 points per class, λ = 1e−5, SGD lr ¼, batch 1, 4000 iterations, f_i* = 0.000523853, α ≥ β + 0.1, started on
 * the saddle plateau), with α estimated on the same runs under our exact per-sample f_i* and under the paper's
 * constant, each beside Fig. 9's α ≈ 3.3286·10⁴. Why the two differ by orders of magnitude, and what is unknown
 * about the paper's run, is derived in docs/p2-half-space-alpha-scale.md.
 */
import {
  type AlphaBetaInput,
  type AlphaBetaParams,
  type AlphaBetaResult,
  P2_HALF_SPACE,
} from '@landscape-lab/studies';
import { alphaBetaCommand, comparisonText } from '../commands/alpha-beta.js';
import { markdownTable, num } from '../output.js';
import { Figure, PALETTE } from '../svg.js';
import { reproduceTarget, type Scale } from './target.js';

export function p2Input(scale: Scale): AlphaBetaInput {
  return { problem: 'half-space', protocol: 'paper', seeds: scale === 'paper' ? 10 : 3 };
}

/** P2 Fig. 2 for one run: loss and ‖∇f‖ (log scale) and, scaled to [−1, 1] on the right, cos∠(∇f, x − x_K). */
function fig2Figure(r: AlphaBetaResult, run: number): string {
  const f = r.diagnostics![run]!.fig2;
  const floor = 1e-12;
  const ys = [...f.loss, ...f.gradNorm].filter((y) => y > floor);
  const fig = new Figure({
    title: `P2 Fig. 2, run ${run}: loss, ‖∇f‖ and cos∠(∇f(x_k), x_k − x_K)`,
    xLabel: 'SGD iteration k',
    yLabel: 'loss, ‖∇f‖ (log)',
    xDomain: [0, Math.max(1, ...f.iteration)],
    yDomain: [Math.min(...ys), Math.max(...ys)],
    logY: true,
  });
  fig.polyline(
    f.iteration.map((k, j) => [k, Math.max(f.loss[j]!, floor)] as const),
    { color: PALETTE[0]!, label: 'loss f(x_k)' },
  );
  fig.polyline(
    f.iteration.map((k, j) => [k, Math.max(f.gradNorm[j]!, floor)] as const),
    { color: PALETTE[1]!, label: '‖∇f(x_k)‖' },
  );
  // The angle on the same log axis would hide its sign: mark the iterates where it is negative instead.
  const [lo] = fig.y.domain() as [number, number];
  fig.points(
    f.iteration.flatMap((k, j) => ((f.cosAngle[j] ?? 0) < 0 ? [[k, lo] as const] : [])),
    { color: PALETTE[3]!, r: 2, label: 'cos∠ < 0 (angle turns negative)' },
  );
  return fig.toString();
}

export const p2HalfSpaceTarget = reproduceTarget<AlphaBetaParams, AlphaBetaResult, 'alpha-beta'>({
  target: 'p2-half-space',
  study: 'alpha-beta',
  summary:
    "P2 Fig. 2 / Fig. 9: half-space SGD from the saddle plateau; α under our f_i* and the paper's, vs α ≈ 3.3e4.",
  input: p2Input,
  scales: {
    quick: "the paper's protocol, 3 seeds (6 s measured on 2 cores)",
    paper: "the paper's protocol, 10 seeds (the paper shows one run)",
  },
  report(p, r, ctx) {
    const base = alphaBetaCommand.report(p, r, ctx);
    const c = r.comparison!;
    const rows = c.estimates.map((e) => [
      e.label,
      e.empty ? 'empty region' : num(e.alphaMin, 6),
      Number.isNaN(e.gapLine.alphaMin) ? '–' : num(e.gapLine.alphaMin, 6),
      e.empty ? '–' : num(e.ratioToPaper, 3),
      num(P2_HALF_SPACE.alpha, 5),
    ]);
    const runs = r.diagnostics!.map((d, i) => {
      const n = d.fig2.firstNegativeAngle;
      return [
        String(i),
        d.init.kind,
        num(d.fig2.initialLoss, 4),
        num(d.fig2.finalLoss, 4),
        n ? `${n.iteration} (f = ${num(n.loss, 4)}, ‖∇f‖ = ${num(n.gradNorm, 3)})` : 'never',
        String(d.fig2.negativeAngles),
        num(d.plMin, 3),
        num(d.finalComponentLossMin.value, 4),
      ];
    });
    const best = c.estimates.filter((e) => !e.empty).map((e) => e.ratioToPaper);
    const md = [
      '# P2 Fig. 2 and Fig. 9 (half-space learning): ours beside the paper',
      '',
      `Protocol as P2 states it (spec §2.5): ${P2_HALF_SPACE.perClass} points per class, λ = ${num(P2_HALF_SPACE.lambda)}, SGD lr ${P2_HALF_SPACE.step}, batch ${P2_HALF_SPACE.batch}, ${p.maxIters} iterations, α ≥ β + ${P2_HALF_SPACE.minGap}, started on the saddle plateau (our rule: the highest-loss saddle whose unstable direction leads to the minimiser; the paper does not say where it starts); ${p.seeds} seeds from seed ${ctx.seed}.`,
      '',
      '## Fig. 9: the α scale',
      '',
      markdownTable(
        ['f_i* used', 'α_min (region)', 'α_min on β = α − 0.1', 'α_min / paper', 'paper α (Fig. 9)'],
        rows,
      ),
      '',
      `The paper's α is reached on β = α − 0.1 with the constant f* = ${Number.isFinite(c.fStarMatchingPaper) ? c.fStarMatchingPaper.toPrecision(9) : 'none'}, i.e. ${num(c.gapMatchingPaper, 3)} below these runs' smallest final per-sample loss. α scales as 1/(f_i(x_K) − f*) of the binding sample, so it is set by how close the paper's f* = ${P2_HALF_SPACE.fStar} sits to its own runs' final losses, which its data (class means, start, seed) would fix and the paper does not give. **Not reproduced:** ${best.length ? `our α is ${best.map((x) => num(x, 2)).join(', ')} times the paper's` : 'the region is empty under every f* tried'}; see docs/p2-half-space-alpha-scale.md for the derivation and the measured factors.`,
      '',
      '## Fig. 2: the angle turns negative on the plateau',
      '',
      markdownTable(
        ['run', 'start', 'f(x_0)', 'f(x_K)', 'first cos∠ < 0: k', '# cos∠ < 0', 'PL min', 'min_i f_i(x_K)'],
        runs,
      ),
      '',
      'P2 Fig. 2: near the saddle the angle between −∇f and x_K − x becomes negative and ‖∇f‖ nearly vanishes while the loss is still high, so PL and aiming fail there, yet some (α, β) is valid. The columns above show the same for our runs; whether SGD then leaves the plateau within 4000 iterations depends on the start (docs/p2-half-space-alpha-scale.md measures how often it does).',
      '',
    ].join('\n');
    return {
      body: {
        comparison: c,
        runs: r.diagnostics!.map(({ curve: _c, fig2: _f, ...d }) => d),
        region: r.region,
      },
      table: `${comparisonText(c)}\n${markdownTable(['run', 'start', 'f(x_0)', 'f(x_K)', 'first cos∠ < 0', '# cos∠ < 0', 'PL min', 'min_i f_i(x_K)'], runs)}`,
      files: [
        { name: 'p2-half-space.md', content: md },
        ...r.diagnostics!.map((_, i) => ({ name: `fig2-run${i}.svg`, content: fig2Figure(r, i) })),
        ...base.files,
      ],
    };
  },
});
