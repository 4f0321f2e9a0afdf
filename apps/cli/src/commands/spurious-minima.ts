/** `landscape-lab spurious-minima`: the SS18 / P4 census with families and their Hessian certificates. */
import {
  SPURIOUS_MINIMA_SCHEMA,
  type SpuriousMinimaParams,
  type SpuriousMinimaResult,
  smProtocolText,
} from '@landscape-lab/studies';
import type { ParsedOptions } from '../args.js';
import { studyCommand } from '../command.js';
import { num, table, toCsv } from '../output.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { Figure, PALETTE } from '../svg.js';

/** % spurious with 95% Wilson intervals against k, one series per student excess n − k (colour by excess). */
export function spuriousFigure(
  r: SpuriousMinimaResult,
  title = 'Spurious minima (GD on the population loss)',
): Figure {
  const ks = r.rows.map((x) => x.k);
  const fig = new Figure({
    title,
    xLabel: 'k (teacher neurons, d = k)',
    yLabel: '% of runs at a spurious minimum',
    xDomain: [Math.min(...ks) - 0.5, Math.max(...ks) + 0.5],
    yDomain: [0, 100],
    integerX: true,
  });
  const extras = [...new Set(r.rows.map((x) => x.n - x.k))].sort((a, b) => a - b);
  extras.forEach((e, s) => {
    const color = PALETTE[s % PALETTE.length]!;
    const rows = r.rows.filter((x) => x.n - x.k === e);
    const off = (s - (extras.length - 1) / 2) * 0.08;
    fig.polyline(
      rows.map((x) => [x.k + off, 100 * x.spuriousRate] as const),
      { color, label: e === 0 ? 'n = k' : `n = k + ${e}` },
    );
    fig.points(
      rows.map((x) => [x.k + off, 100 * x.spuriousRate] as const),
      { color, r: 3.5 },
    );
    for (const x of rows)
      fig.polyline(
        [
          [x.k + off, 100 * x.ci95[0]],
          [x.k + off, 100 * x.ci95[1]],
        ],
        { color, width: 1 },
      );
  });
  return fig;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function report(p: SpuriousMinimaParams, r: SpuriousMinimaResult) {
  const rows = r.rows.map((x) => [
    x.k,
    x.n,
    x.d,
    x.runs,
    `${pct(x.spuriousRate)} [${pct(x.ci95[0])}, ${pct(x.ci95[1])}]`,
    x.global,
    x.unconverged,
    x.families.length,
    x.families.length ? Math.min(...x.families.map((f) => f.loss)) : '–',
    x.families.length ? Math.min(...x.families.map((f) => f.lambdaMin)) : '–',
  ]);
  let text = table(
    ['k', 'n', 'd', 'runs', 'spurious (95% CI)', 'global', 'unconverged', 'families', 'min F', 'min λ_min'],
    rows,
  );
  const fams = r.rows.flatMap((x) => x.families.map((f) => ({ x, f })));
  if (fams.length) {
    text += `\n\nfamilies (up to neuron${p.d === null ? ' and coordinate' : ''} permutations; certified = λ_min(H) > tolerance):\n`;
    text += table(
      [
        '#',
        'k',
        'n',
        'count',
        'F',
        '‖∇F‖',
        'λ_min',
        'tolerance',
        'certified',
        'Σ‖w_i‖',
        'all H′_ii indefinite',
      ],
      fams.map(({ x, f }, i) => [
        i,
        x.k,
        x.n,
        f.count,
        f.loss,
        f.gradNorm,
        f.lambdaMin,
        f.hessianTol,
        f.certified ? 'yes' : 'NO',
        f.normSum,
        f.allBlocksIndefinite === null ? '–' : f.allBlocksIndefinite ? 'yes' : 'no',
      ]),
    );
  }
  text += `\n(protocol ${p.protocol}: ${smProtocolText(p)})`;
  return {
    body: r,
    table: text,
    files: [
      {
        name: 'rows.csv',
        content: toCsv(
          [
            'k',
            'n',
            'd',
            'runs',
            'spurious',
            'global',
            'unconverged',
            'spuriousRate',
            'ci95Lo',
            'ci95Hi',
            'families',
          ],
          r.rows.map((x) => [
            x.k,
            x.n,
            x.d,
            x.runs,
            x.spurious,
            x.global,
            x.unconverged,
            x.spuriousRate,
            x.ci95[0],
            x.ci95[1],
            x.families.length,
          ]),
        ),
      },
      {
        name: 'families.csv',
        content: toCsv(
          [
            'family',
            'k',
            'n',
            'count',
            'loss',
            'gradNorm',
            'lambdaMin',
            'hessianTol',
            'certified',
            'normSum',
            'allBlocksIndefinite',
          ],
          fams.map(({ x, f }, i) => [
            i,
            x.k,
            x.n,
            f.count,
            f.loss,
            f.gradNorm,
            f.lambdaMin,
            f.hessianTol,
            f.certified,
            f.normSum,
            f.allBlocksIndefinite,
          ]),
        ),
      },
      { name: 'spurious-minima.svg', content: spuriousFigure(r).toString() },
    ],
  };
}

/** The command. */
export const spuriousMinimaCommand = studyCommand<SpuriousMinimaParams, SpuriousMinimaResult>({
  name: 'spurious-minima',
  study: 'spurious-minima',
  summary:
    'SS18/P4: how often GD on the teacher–student population loss ends at a spurious minimum (census).',
  details:
    'Teacher V = I (d = k unless --d), student n = k + extra neurons. Presets (each overridable):\n' +
    '  ss18: W₀ = randn/√d, step 0.1, stop at max_i ‖∂F/∂w_i‖ < 1e-9, spurious if F ≥ 1e-3, step halved on divergence\n' +
    '  p4:   W₀ = randn/√k, step 5/k, stop at ‖∇F‖ ≤ 1e-12, spurious if F ≥ 1e-3\n' +
    'Spurious end points are grouped into families up to permutations and certified by λ_min of their Hessian.',
  options: schemaOptions(SPURIOUS_MINIMA_SCHEMA),
  examples: [
    'landscape-lab spurious-minima --k 6:8 --extra 0,1 --runs 50 --out out/ss18',
    'landscape-lab spurious-minima --k 10 --protocol p4 --runs 20 --json',
  ],
  toInput: (o: ParsedOptions) => schemaInput(SPURIOUS_MINIMA_SCHEMA, o),
  report,
});
