/** `landscape-lab hessian`: spectrum, inertia and classification at a point. */
import { HESSIAN_SCHEMA, type HessianParams, type HessianResult } from '@landscape-lab/studies';
import type { ParsedOptions } from '../args.js';
import { studyCommand } from '../command.js';
import { usage } from '../errors.js';
import { num, table, toCsv } from '../output.js';
import { readPoint } from '../points.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { Figure, padded } from '../svg.js';

function spectrumFigure(r: HessianResult): string {
  const ev = r.eigenvalues;
  const fig = new Figure({
    title: `Hessian spectrum (${r.classification})`,
    xLabel: 'index (ascending)',
    yLabel: 'eigenvalue',
    xDomain: [-0.5, ev.length - 0.5],
    yDomain: padded(Math.min(0, ...ev), Math.max(0, ...ev)),
  });
  fig.polyline(
    [
      [-0.5, 0],
      [ev.length - 0.5, 0],
    ],
    { color: '#999', width: 1 },
  );
  fig.points(
    ev.map((l, i) => [i, l] as const).filter(([, l]) => l < -r.tolerance),
    { color: '#D55E00', label: 'negative' },
  );
  fig.points(
    ev.map((l, i) => [i, l] as const).filter(([, l]) => Math.abs(l) <= r.tolerance),
    { color: '#999999', label: 'zero (|λ| ≤ tol)' },
  );
  fig.points(
    ev.map((l, i) => [i, l] as const).filter(([, l]) => l > r.tolerance),
    { color: '#0072B2', label: 'positive' },
  );
  return fig.toString();
}

/** The command. */
export const hessianCommand = studyCommand<HessianParams, HessianResult>({
  name: 'hessian',
  study: 'hessian',
  summary: 'Spectrum, inertia and classification of the Hessian at a point (teacher–student model).',
  details:
    'The point file is JSON { "W": number[][], "V"?: number[][] }: student and teacher neurons as rows; V defaults to I_d.',
  options: [
    ...schemaOptions(HESSIAN_SCHEMA, { only: ['model'] }),
    { name: 'point', kind: 'string', arg: '<file>', help: 'JSON point file (required)' },
    ...schemaOptions(HESSIAN_SCHEMA, { skip: ['model'] }),
  ],
  examples: [
    'landscape-lab hessian --model teacher-student --point minimum.json',
    'landscape-lab hessian --point w.json --json',
  ],
  toInput(o: ParsedOptions) {
    if (o.point === undefined) throw usage('--point', 'be given (a JSON point file)', undefined);
    const pt = readPoint('--point', o.point as string);
    return { ...schemaInput(HESSIAN_SCHEMA, o), W: pt.W, V: pt.V };
  },
  report(_p, r) {
    const head = table(
      [
        'n',
        'k',
        'd',
        'F',
        '‖∇F‖',
        'λ_min',
        'λ_max',
        'negative',
        'zero',
        'positive',
        'tolerance',
        'classification',
      ],
      [
        [
          r.n,
          r.k,
          r.d,
          r.loss,
          r.gradNorm,
          r.lambdaMin,
          r.lambdaMax,
          r.inertia.negative,
          r.inertia.zero,
          r.inertia.positive,
          r.tolerance,
          r.classification,
        ],
      ],
    );
    const ev =
      r.eigenvalues.length <= 12
        ? r.eigenvalues
        : [...r.eigenvalues.slice(0, 6), Number.NaN, ...r.eigenvalues.slice(-6)];
    return {
      body: r,
      table: `${head}\neigenvalues: ${ev.map((x) => (Number.isNaN(x) ? '…' : num(x))).join(', ')}`,
      files: [
        {
          name: 'eigenvalues.csv',
          content: toCsv(
            ['index', 'eigenvalue'],
            r.eigenvalues.map((l, i) => [i, l]),
          ),
        },
        { name: 'spectrum.svg', content: spectrumFigure(r) },
      ],
    };
  },
});
