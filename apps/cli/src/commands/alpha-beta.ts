/** `landscape-lab alpha-beta`: P2's α-β condition — exact valid region, minimal pairs, verdicts. */
import {
  type AbComparison,
  type AbDiagnostics,
  ALPHA_BETA_SCHEMA,
  type AlphaBetaParams,
  type AlphaBetaResult,
} from '@landscape-lab/studies';
import type { ParsedOptions } from '../args.js';
import { type OutFile, studyCommand } from '../command.js';
import { usage } from '../errors.js';
import { num, table, toCsv } from '../output.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { esc, Figure, PALETTE } from '../svg.js';

/** The valid region (shaded polygon) in the (α, β) plane, the line α = β + gap, and the checked pairs. */
export function regionFigure(r: AlphaBetaResult, title: string): string {
  const xs = [
    r.region.alphaMin,
    ...r.minimalPairs.map((p) => p.alpha),
    ...r.checks.map((c) => c.alpha),
  ].filter(Number.isFinite);
  const hiRaw = Math.max(1, ...xs) * 1.6;
  const hi = Math.min(hiRaw, r.region.alphaMax);
  const lo = Math.max(0, Math.min(...xs, hi) - 0.6 * hi);
  const fig = new Figure({
    title,
    xLabel: 'α',
    yLabel: 'β',
    xDomain: [lo, hi],
    yDomain: [lo, hi],
    frame: { width: 620, height: 520, margin: { top: 40, right: 190, bottom: 50, left: 80 } },
  });
  if (!r.region.empty && r.region.vertices.length >= 3) {
    const d = r.region.vertices
      .map((v, i) => `${i ? 'L' : 'M'}${fig.x(v.alpha).toFixed(2)},${fig.y(v.beta).toFixed(2)}`)
      .join('');
    fig.raw(
      `<path d="${d}Z" fill="#cfe8d8" stroke="#009E73" stroke-width="1.5" clip-path="url(#plot)"><title>${esc('valid (α, β)')}</title></path>`,
    );
    fig.legendEntry('valid region', '#009E73');
  }
  fig.polyline(
    [
      [lo + r.region.minGap, lo],
      [hi + r.region.minGap, hi],
    ],
    { color: '#555', dash: '4 3', label: `α = β + ${r.region.minGap}` },
  );
  fig.points(
    r.minimalPairs.map((p) => [p.alpha, p.beta] as const),
    { color: '#000', r: 3.5, label: 'minimal pairs' },
  );
  const ok = r.checks.filter((c) => c.valid);
  const bad = r.checks.filter((c) => !c.valid);
  if (ok.length)
    fig.points(
      ok.map((c) => [c.alpha, c.beta] as const),
      { color: PALETTE[0]!, r: 5, label: 'checked: valid' },
    );
  if (bad.length)
    fig.points(
      bad.map((c) => [c.alpha, c.beta] as const),
      { color: PALETTE[1]!, r: 5, label: 'checked: fails' },
    );
  return fig.toString();
}

/** Loss along the SGD runs. */
function curveFigure(r: AlphaBetaResult, title: string): string | null {
  if (!r.diagnostics?.length) return null;
  const all = r.diagnostics.flatMap((d) => d.curve);
  const fig = new Figure({
    title,
    xLabel: 'SGD iteration',
    yLabel: 'full loss f(x_k)',
    xDomain: [0, Math.max(...all.map((p) => p[0]))],
    yDomain: [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))],
  });
  r.diagnostics.forEach((d, i) => {
    fig.polyline(d.curve, { color: PALETTE[i % PALETTE.length]!, label: `run ${i}` });
  });
  return fig.toString();
}

function report(p: AlphaBetaParams, r: AlphaBetaResult) {
  const reg = r.region;
  let text = `${r.source}: ${reg.samples} samples; valid pairs need β ≥ 0, α ≥ β + ${reg.minGap}\n`;
  text += reg.empty
    ? 'valid region: EMPTY (no (α, β) in the box satisfies every sample)\n'
    : `valid region: α_min = ${num(reg.alphaMin, 6)} (at β = ${num(reg.betaAtAlphaMin, 6)}), β_min = ${num(reg.betaMin, 6)}; ${reg.vertices.length} vertices${reg.touchesBox ? ` (unbounded along (1, 1); clipped to α ≤ ${num(reg.alphaMax)})` : ''}\n`;
  if (r.minimalPairs.length)
    text += `minimal pairs: ${r.minimalPairs.map((m) => `(${num(m.alpha, 6)}, ${num(m.beta, 6)})`).join(', ')}\n`;
  if (r.constants)
    text += `constants: f* = ${num(r.constants.fStar, 9)}, c = min_i f_i(S) = ${num(r.constants.c, 6)}\n`;
  if (r.checks.length)
    text += `\n${table(
      ['α', 'β', 'margin min T(α, β)', 'verdict'],
      r.checks.map((c) => [
        c.alpha,
        c.beta,
        c.margin,
        c.valid ? 'valid' : c.admissible ? 'fails' : 'inadmissible',
      ]),
    )}\n`;
  if (r.diagnostics)
    text += `\n${table(
      ['run', 'final loss', 'PL: min ‖∇f‖²/2(f−f*)', 'aiming min', 'min cos∠(∇f, x − x_K)'],
      r.diagnostics.map((d, i) => [i, d.finalLoss, d.plMin, d.aimingMin, d.cosAngleMin]),
    )}`;
  if (r.diagnostics)
    text += `\n${table(
      ['run', 'start', 'f(x_0)', 'first angle < 0: k, f, ‖∇f‖', '# angle < 0', 'min_i f_i(x_K) (i)'],
      r.diagnostics.map((d, i) => {
        const n = d.fig2.firstNegativeAngle;
        return [
          i,
          d.init.kind === 'saddle' ? `saddle f=${num(d.init.saddle!.loss, 4)}` : d.init.kind,
          d.fig2.initialLoss,
          n ? `${n.iteration}, ${num(n.loss, 4)}, ${num(n.gradNorm, 3)}` : '—',
          d.fig2.negativeAngles,
          `${num(d.finalComponentLossMin.value, 6)} (${d.finalComponentLossMin.component})`,
        ];
      }),
    )}\n`;
  if (r.comparison) text += `\n${comparisonText(r.comparison)}`;
  const title =
    p.example !== null ? `α-β region, P2 Example ${p.example}` : `α-β region along SGD (${p.problem})`;
  const files: OutFile[] = [
    {
      name: 'region.csv',
      content: toCsv(
        ['alpha', 'beta'],
        reg.vertices.map((v) => [v.alpha, v.beta]),
      ),
    },
    {
      name: 'checks.csv',
      content: toCsv(
        ['alpha', 'beta', 'valid', 'margin'],
        r.checks.map((c) => [c.alpha, c.beta, c.valid, c.margin]),
      ),
    },
    { name: 'alpha-beta-region.svg', content: regionFigure(r, title) },
  ];
  if (r.diagnostics) files.push({ name: 'fig2.csv', content: fig2Csv(r.diagnostics) });
  const curve = curveFigure(r, `SGD loss (${p.problem})`);
  if (curve) files.push({ name: 'sgd-loss.svg', content: curve });
  return { body: r, table: text.trimEnd(), files };
}

/** "ours vs paper" lines: each estimate's α_min, β there, the binding sample and the ratio to the paper's α. */
export function comparisonText(c: AbComparison): string {
  let t = `ours vs paper (P2 Fig. 9: α ≈ ${num(c.paper.alpha, 5)}, α ≥ β + ${c.paper.minGap}):\n`;
  t += table(
    [
      'f* used',
      'α_min',
      'β at α_min',
      'α_min / paper',
      `α_min on β = α − ${c.paper.minGap}`,
      'binding: run, k, i',
      'gap·b − g',
      'f_i(x_K) − f*',
    ],
    c.estimates.map((e) => {
      const bd = e.gapLine.binding;
      return [
        e.label,
        e.empty ? 'empty' : e.alphaMin,
        e.empty ? '—' : e.betaAtAlphaMin,
        e.empty ? '—' : e.ratioToPaper,
        Number.isNaN(e.gapLine.alphaMin) ? 'none' : e.gapLine.alphaMin,
        bd ? `${bd.run}, ${bd.iteration}, ${bd.component}` : '—',
        bd ? bd.numerator : '—',
        bd ? bd.denominator : '—',
      ];
    }),
  );
  t += `\nthe paper's α is reached on β = α − ${c.paper.minGap} at the constant f* = ${Number.isFinite(c.fStarMatchingPaper) ? c.fStarMatchingPaper.toPrecision(9) : 'none'} (min f_i(x_K) − f* = ${num(c.gapMatchingPaper, 4)})\n`;
  return t;
}

/** Fig. 2 (per run): loss, gradient norm and angle along the trajectory. */
function fig2Csv(ds: AbDiagnostics[]): string {
  const rows: unknown[][] = [];
  ds.forEach((d, run) => {
    const f = d.fig2;
    f.iteration.forEach((k, j) => {
      rows.push([run, k, f.loss[j], f.gradNorm[j], f.cosAngle[j], f.aiming[j]]);
    });
  });
  return toCsv(['run', 'iteration', 'loss', 'grad_norm', 'cos_angle', 'aiming'], rows);
}

/** The command. */
export const alphaBetaCommand = studyCommand<AlphaBetaParams, AlphaBetaResult>({
  name: 'alpha-beta',
  study: 'alpha-beta',
  summary: 'P2: exact valid (α, β) region of the α-β condition on toy examples or along SGD trajectories.',
  details:
    "--example 1|2|3|6 checks Definition 1 on a grid over [−6, 7]² (exact projections; default checks: the paper's pairs\n" +
    'and β = 0). --problem half-space|mlp trains with seeded SGD and applies P2 §2.4 (x_K for Proj, mini-batch losses,\n' +
    "α ≥ β + 0.1), with PL and aiming diagnostics. For half-space every run also prints ours (exact f_i*) vs the paper's\n" +
    "f* = 0.000523853 against Fig. 9's α ≈ 3.3286e4, and writes the Fig. 2 series (fig2.csv); --protocol paper starts\n" +
    'on the saddle plateau (docs/p2-half-space-alpha-scale.md).',
  options: schemaOptions(ALPHA_BETA_SCHEMA),
  examples: [
    'landscape-lab alpha-beta --example 1 --check 2.5,2 --check 2.5,0',
    'landscape-lab alpha-beta --problem half-space --seeds 4 --out out/p2',
    'landscape-lab alpha-beta --problem half-space --protocol paper --seed 9 --init-push 0.05',
    'landscape-lab alpha-beta --problem half-space --f-star 0.0002',
  ],
  toInput(o: ParsedOptions) {
    if ((o.example === undefined) === (o.problem === undefined))
      throw usage(
        '--example / --problem',
        'be given, exactly one of them',
        o.example ?? o.problem ?? undefined,
      );
    return schemaInput(ALPHA_BETA_SCHEMA, o);
  },
  report,
});
