/**
 * `reproduce ss18-tables`: SS18 Table 1 (n = k) and Table 2 (n = k + 1), plus n = k + 2, at SS18's protocol
 * (spec §4.4: V = I, d = k, W₀ = randn/√d, step 0.1, stop at max_i ‖∂F/∂w_i‖ < 1e−9, spurious when F ≥ 1e−3,
 * n capped at 20), with each cell beside the paper's released rate.
 */
import {
  compareSs18,
  type SpuriousMinimaInput,
  type SpuriousMinimaParams,
  type SpuriousMinimaResult,
  SS18_SPURIOUS_PERCENT,
  type Ss18Comparison,
  smProtocolText,
} from '@landscape-lab/studies';
import { spuriousFigure, spuriousMinimaCommand } from '../commands/spurious-minima.js';
import { markdownTable, num, table, toCsv } from '../output.js';
import { PALETTE } from '../svg.js';
import { reproduceTarget, type Scale } from './target.js';

const KS = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The census input at each scale: `paper` is SS18's grid and run count; `quick` the tour's corner of it. */
export function ss18Input(scale: Scale): SpuriousMinimaInput {
  return {
    protocol: 'ss18' as const,
    k: scale === 'paper' ? KS(6, 20) : KS(6, 9),
    extra: [0, 1, 2],
    maxN: 20,
    runs: scale === 'paper' ? 1000 : 60,
  };
}

const pct = (x: number | null, digits = 1): string => (x === null ? '–' : `${(100 * x).toFixed(digits)}`);
const zText = (z: number | null): string => (z === null ? '–' : z.toFixed(2));

/** Counts of the cells that have a paper value and of those within two standard errors. */
export function withinTwoSe(rows: readonly Ss18Comparison[]): {
  cells: number;
  within: number;
  outside: string[];
} {
  const withPaper = rows.filter((r) => r.z !== null);
  const outside = withPaper.filter((r) => Math.abs(r.z!) > 2);
  return {
    cells: withPaper.length,
    within: withPaper.length - outside.length,
    outside: outside.map(
      (r) => `k = ${r.k}, n = ${r.n}: ${pct(r.rate)}% vs ${pct(r.paperRate)}% (z = ${zText(r.z)})`,
    ),
  };
}

const TABLE_NAMES: Record<number, string> = {
  0: 'Table 1 (n = k)',
  1: 'Table 2 (n = k + 1)',
  2: 'n = k + 2',
};

/** The Markdown report: one table per student excess, and the agreement summary. */
export function ss18Markdown(rows: readonly Ss18Comparison[], p: SpuriousMinimaParams, seed: number): string {
  const agree = withinTwoSe(rows);
  const parts = [
    '# SS18 spurious-minima census: ours beside the paper',
    '',
    `Protocol (spec §4.4): teacher V = I, d = k, ${smProtocolText(p)}. ${p.runs} runs per cell here (seed ${seed}); the paper's rates are over 1000 runs, recomputed from the authors' released results.`,
    '',
    `z is the two-proportion z statistic (pooled variance) of our rate against the paper's; |z| ≤ 2 means within two standard errors (a normal approximation, rough where a cell has fewer than about 5 spurious runs in either sample). **${agree.within} of ${agree.cells} cells with a paper value are within two standard errors.**${agree.outside.length ? ` Outside: ${agree.outside.join('; ')}.` : ''}`,
  ];
  for (const extra of [0, 1, 2]) {
    const mine = rows.filter((r) => r.n - r.k === extra);
    if (mine.length === 0) continue;
    parts.push(
      '',
      `## ${TABLE_NAMES[extra]}`,
      '',
      markdownTable(
        [
          'k',
          'n',
          'runs',
          'ours %',
          '95% CI %',
          'paper %',
          'z',
          'mean F (spurious)',
          'mean λ_min (spurious)',
        ],
        mine.map((r) => [
          String(r.k),
          String(r.n),
          String(r.runs),
          pct(r.rate),
          `${pct(r.ci95[0])}–${pct(r.ci95[1])}`,
          pct(r.paperRate),
          zText(r.z),
          num(r.meanLoss),
          num(r.meanLambdaMin),
        ]),
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}

/** Our curves (solid, with 95% intervals) and the paper's (dashed), one colour per student excess. */
function comparisonFigure(r: SpuriousMinimaResult): string {
  const fig = spuriousFigure(r, 'Spurious minima: ours (solid, 95% CI) and SS18 (dashed)');
  const extras = [...new Set(r.rows.map((x) => x.n - x.k))].sort((a, b) => a - b);
  const ks = new Set(r.rows.map((x) => x.k));
  extras.forEach((e, s) => {
    const paper = SS18_SPURIOUS_PERCENT[e as 0 | 1 | 2] ?? {};
    const pts = Object.entries(paper)
      .map(([k, v]) => [Number(k), v] as const)
      .filter(([k]) => ks.has(k));
    fig.polyline(pts, {
      color: PALETTE[s % PALETTE.length]!,
      dash: '5 4',
      width: 1.4,
      label: `SS18, ${e === 0 ? 'n = k' : `n = k + ${e}`}`,
    });
  });
  return fig.toString();
}

export const ss18TablesTarget = reproduceTarget<
  SpuriousMinimaParams,
  SpuriousMinimaResult,
  'spurious-minima'
>({
  target: 'ss18-tables',
  study: 'spurious-minima',
  summary:
    'SS18 Tables 1–2 (+ n = k + 2): % of GD runs at spurious minima, ours beside the paper, with z-scores.',
  input: ss18Input,
  scales: {
    quick: 'k = 6…9, n = k, k + 1, k + 2, 60 runs per cell (12 s measured on 2 cores)',
    paper:
      'k = 6…20, n = k, k + 1, k + 2 (n ≤ 20), 1000 runs per cell, as SS18 (14 min 55 s measured on 2 cores; docs/results/ss18-tables-paper)',
  },
  report(p, r, ctx) {
    const rows = compareSs18(r);
    const agree = withinTwoSe(rows);
    const census = spuriousMinimaCommand.report(p, r, ctx);
    const text = table(
      ['k', 'n', 'runs', 'ours %', '95% CI %', 'paper %', 'z', 'mean F', 'mean λ_min'],
      rows.map((x) => [
        x.k,
        x.n,
        x.runs,
        pct(x.rate),
        `${pct(x.ci95[0])}–${pct(x.ci95[1])}`,
        pct(x.paperRate),
        zText(x.z),
        x.meanLoss ?? '–',
        x.meanLambdaMin ?? '–',
      ]),
    );
    const csv = toCsv(
      [
        'k',
        'n',
        'runs',
        'spurious',
        'rate',
        'ci95Lo',
        'ci95Hi',
        'paperRate',
        'paperRuns',
        'z',
        'meanLoss',
        'meanLambdaMin',
      ],
      rows.map((x) => [
        x.k,
        x.n,
        x.runs,
        x.spurious,
        x.rate,
        x.ci95[0],
        x.ci95[1],
        x.paperRate,
        x.paperRuns,
        x.z,
        x.meanLoss,
        x.meanLambdaMin,
      ]),
    );
    return {
      body: { comparison: rows, agreement: agree, census: r },
      table: `${text}\n\n${agree.within} of ${agree.cells} cells with a paper value within two standard errors (|z| ≤ 2).${agree.outside.length ? `\noutside: ${agree.outside.join('; ')}` : ''}`,
      files: [
        { name: 'ss18-tables.md', content: ss18Markdown(rows, p, ctx.seed) },
        { name: 'ss18-tables.csv', content: csv },
        { name: 'ss18-vs-paper.svg', content: comparisonFigure(r) },
        ...census.files,
      ],
    };
  },
});
