/**
 * `reproduce p4-census`: P4 §4.2 (spec §4.4): n = k, d = k, V = I, W₀ = N(0, 1)/√k, GD step 5/k, stop at
 * ‖∇F‖ ≤ 1e−12. Reports the spurious rate per k, the histogram of Σ‖w_i‖ at the spurious minima for k = 20, 50, 100
 * (P4 Fig. 1) beside the paper's ranges, and the fractions of minima with λ_min(H) > 0, Σ‖w_i‖ ≤ k and every
 * H′_ii = H_ii − ½I indefinite (P4: all of them). The paper scale (k up to 100, 500 runs per k) is a cluster job:
 * `landscape-lab submit reproduce p4-census --scale paper --shards N --out DIR`, then `merge DIR`.
 * Not reproduced: P4's 100 extra runs per k started at Σ‖w_i‖ ≈ 2k².
 */
import {
  P4_NORM_SUM_RANGE,
  type SpuriousMinimaInput,
  type SpuriousMinimaParams,
  type SpuriousMinimaResult,
  type SpuriousMinimaRow,
} from '@landscape-lab/studies';
import type { OutFile } from '../command.js';
import { spuriousFigure, spuriousMinimaCommand } from '../commands/spurious-minima.js';
import { markdownTable, num, table, toCsv } from '../output.js';
import { Figure, PALETTE } from '../svg.js';
import { reproduceTarget, type Scale } from './target.js';

const range = (lo: number, hi: number, step = 1): number[] =>
  Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

/** The census input at each scale (P4's grid at `paper`: every k from 6 to 20, then up to 100). */
export function p4Input(scale: Scale): SpuriousMinimaInput {
  return {
    protocol: 'p4' as const,
    k:
      scale === 'paper'
        ? [...range(6, 20), ...range(25, 50, 5), ...range(60, 100, 10)]
        : [6, 8, 10, 12, 15, 20],
    extra: [0],
    runs: scale === 'paper' ? 500 : 20,
  };
}

/** The k of P4 Fig. 1's histograms. */
const HISTOGRAM_KS = Object.keys(P4_NORM_SUM_RANGE).map(Number);

/** What P4 §4.5 claims about every spurious minimum, counted over the runs (families weighted by size). */
export interface P4Facts {
  k: number;
  runs: number;
  spurious: number;
  rate: number;
  ci95: [number, number];
  /** Σ‖w_i‖ over the spurious minima: min and max (null without any). */
  normSumMin: number | null;
  normSumMax: number | null;
  /** Fractions of spurious runs (null without any). */
  certified: number | null;
  normSumAtMostK: number | null;
  allBlocksIndefinite: number | null;
  paperNormSumRange: readonly [number, number] | null;
}

/** The P4 claims of one census row. */
export function p4Facts(row: SpuriousMinimaRow): P4Facts {
  let count = 0;
  let certified = 0;
  let belowK = 0;
  let indefinite = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of row.families) {
    count += f.count;
    if (f.certified) certified += f.count;
    if (f.normSum <= row.k) belowK += f.count;
    if (f.allBlocksIndefinite === true) indefinite += f.count;
    lo = Math.min(lo, f.normSum);
    hi = Math.max(hi, f.normSum);
  }
  const frac = (x: number): number | null => (count > 0 ? x / count : null);
  return {
    k: row.k,
    runs: row.runs,
    spurious: row.spurious,
    rate: row.spuriousRate,
    ci95: row.ci95,
    normSumMin: count > 0 ? lo : null,
    normSumMax: count > 0 ? hi : null,
    certified: frac(certified),
    normSumAtMostK: frac(belowK),
    allBlocksIndefinite: frac(indefinite),
    paperNormSumRange: P4_NORM_SUM_RANGE[row.k] ?? null,
  };
}

/** Histogram of Σ‖w_i‖ over the spurious runs of one row: `bins` equal bins over [lo, hi]. */
export function normSumHistogram(
  row: SpuriousMinimaRow,
  lo: number,
  hi: number,
  bins: number,
): { lo: number; hi: number; count: number }[] {
  const width = (hi - lo) / bins;
  const out = Array.from({ length: bins }, (_, i) => ({
    lo: lo + i * width,
    hi: lo + (i + 1) * width,
    count: 0,
  }));
  for (const f of row.families) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((f.normSum - lo) / width)));
    out[i]!.count += f.count;
  }
  return out;
}

function histogramFigure(
  row: SpuriousMinimaRow,
  facts: P4Facts,
  bins: ReturnType<typeof normSumHistogram>,
): string {
  const paper = facts.paperNormSumRange!;
  const top = Math.max(1, ...bins.map((b) => b.count));
  const fig = new Figure({
    title: `Σ‖w_i‖ at spurious minima, k = n = ${row.k} (${row.spurious} of ${row.runs} runs); P4 Fig. 1 range shaded`,
    xLabel: 'Σ_i ‖w_i‖',
    yLabel: 'runs',
    xDomain: [bins[0]!.lo, bins.at(-1)!.hi],
    yDomain: [0, top],
  });
  fig.cells([{ x0: paper[0], x1: paper[1], y0: 0, y1: top, color: '#fde8c8' }]);
  fig.legendEntry(`P4 Fig. 1: ${paper[0]}–${paper[1]}`, '#f0b060');
  fig.cells(
    bins.map((b) => ({ x0: b.lo, x1: b.hi, y0: 0, y1: b.count, color: PALETTE[0]!, title: `${b.count}` })),
  );
  fig.legendEntry('ours', PALETTE[0]!);
  fig.polyline(
    [
      [row.k, 0],
      [row.k, top],
    ],
    { color: '#000', dash: '3 3', width: 1, label: 'Σ‖w_i‖ = k' },
  );
  return fig.toString();
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}`);

export const p4CensusTarget = reproduceTarget<SpuriousMinimaParams, SpuriousMinimaResult, 'spurious-minima'>({
  target: 'p4-census',
  study: 'spurious-minima',
  summary:
    'P4 §4.2 / Fig. 1: spurious rate per k (n = k), Σ‖w_i‖ histograms, λ_min > 0 and indefinite H′_ii at every minimum.',
  input: p4Input,
  scales: {
    quick: 'k = 6, 8, 10, 12, 15, 20, 20 runs per k (9 s measured on 2 cores)',
    paper:
      'k = 6…20, 25…50 by 5, 60…100 by 10, 500 runs per k, as P4 (k = 100 takes hours per run: use submit/--shard on a cluster)',
  },
  report(p, r, ctx) {
    const facts = r.rows.map(p4Facts);
    const files: OutFile[] = [];
    const histRows: (string | number)[][] = [];
    for (const row of r.rows) {
      const f = facts.find((x) => x.k === row.k)!;
      if (!HISTOGRAM_KS.includes(row.k) || f.normSumMin === null) continue;
      const paper = f.paperNormSumRange!;
      const lo = Math.min(paper[0], f.normSumMin);
      const hi = Math.max(paper[1], f.normSumMax!);
      const bins = normSumHistogram(row, lo, hi, 24);
      for (const b of bins) histRows.push([row.k, b.lo, b.hi, b.count]);
      files.push({ name: `norm-sum-k${row.k}.svg`, content: histogramFigure(row, f, bins) });
    }
    if (histRows.length)
      files.push({ name: 'norm-sum.csv', content: toCsv(['k', 'lo', 'hi', 'runs'], histRows) });
    const columns = [
      'k',
      'runs',
      'spurious %',
      '95% CI %',
      'Σ‖w_i‖ range (ours)',
      'Σ‖w_i‖ range (P4 Fig. 1)',
      'λ_min > 0 %',
      'Σ‖w_i‖ ≤ k %',
      'all H′_ii indefinite %',
    ];
    const cells = facts.map((f) => [
      String(f.k),
      String(f.runs),
      pct(f.rate),
      `${pct(f.ci95[0])}–${pct(f.ci95[1])}`,
      f.normSumMin === null ? '–' : `${f.normSumMin.toFixed(4)}–${f.normSumMax!.toFixed(4)}`,
      f.paperNormSumRange ? `${f.paperNormSumRange[0]}–${f.paperNormSumRange[1]}` : '–',
      pct(f.certified),
      pct(f.normSumAtMostK),
      pct(f.allBlocksIndefinite),
    ]);
    const spurious = facts.reduce((s, f) => s + f.spurious, 0);
    const weighted = (key: 'certified' | 'normSumAtMostK' | 'allBlocksIndefinite'): string =>
      spurious === 0 ? '–' : pct(facts.reduce((s, f) => s + (f[key] ?? 0) * f.spurious, 0) / spurious);
    const summary = `Over all ${spurious} spurious minima: λ_min(H) > 0 in ${weighted('certified')}%, Σ‖w_i‖ ≤ k in ${weighted('normSumAtMostK')}%, every H′_ii indefinite in ${weighted('allBlocksIndefinite')}% (P4: 100% for each). Largest k = ${facts.at(-1)!.k}: ${pct(facts.at(-1)!.rate)}% spurious (P4: tends to 100% past k ≈ 30).`;
    const md = [
      '# P4 §4.2 census: ours beside the paper',
      '',
      `Protocol (spec §4.4): n = k, d = k, V = I, W₀ = N(0, 1)/√k, GD step 5/k, stop when ‖∇F‖ ≤ ${num(p.gradTol)}, spurious when F ≥ ${num(p.lossThreshold)}; ${p.runs} runs per k (P4: 500), seed ${ctx.seed}. P4's 100 extra runs per k started at Σ‖w_i‖ ≈ 2k² are not run.`,
      '',
      summary,
      '',
      markdownTable(columns, cells),
      '',
    ].join('\n');
    const census = spuriousMinimaCommand.report(p, r, ctx);
    return {
      body: { facts, census: r },
      table: `${table(columns, cells)}\n\n${summary}`,
      files: [
        { name: 'p4-census.md', content: md },
        { name: 'p4-census.csv', content: toCsv(columns, cells) },
        {
          name: 'spurious-rate.svg',
          content: spuriousFigure(r, 'P4 protocol: % of runs at a spurious minimum (n = k)').toString(),
        },
        ...files,
        ...census.files.filter((f) => f.name !== 'spurious-minima.svg'),
      ],
    };
  },
});
