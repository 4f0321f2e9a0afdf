/** `landscape-lab split-neuron`: P4 Lemma 28/29 saddles from splitting a neuron of a minimum. */
import { SPLIT_NEURON_SCHEMA, type SplitNeuronParams, type SplitNeuronResult } from '@landscape-lab/studies';
import { type ParsedOptions, parseNumber } from '../args.js';
import { studyCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { table, toCsv } from '../output.js';
import { readFamily, readPoint } from '../points.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { Figure, PALETTE, padded } from '../svg.js';

function curvatureFigure(r: SplitNeuronResult): string {
  const s = r.splits;
  const ys = s.flatMap((x) => [x.predictedCurvature, x.measuredCurvature]);
  const fig = new Figure({
    title: 'Split-neuron curvature along (u, −u)',
    xLabel: 'split (neuron, α)',
    yLabel: 'curvature dᵀHd',
    xDomain: [-0.5, s.length - 0.5],
    yDomain: padded(Math.min(0, ...ys), Math.max(0, ...ys)),
  });
  fig.polyline(
    [
      [-0.5, 0],
      [s.length - 0.5, 0],
    ],
    { color: '#999', width: 1 },
  );
  fig.points(
    s.map((x, i) => [i, x.predictedCurvature] as const),
    { color: PALETTE[0]!, r: 5, label: 'predicted' },
  );
  fig.points(
    s.map((x, i) => [i, x.measuredCurvature] as const),
    { color: PALETTE[1]!, r: 2.5, label: 'measured' },
  );
  return fig.toString();
}

/** The command. */
export const splitNeuronCommand = studyCommand<SplitNeuronParams, SplitNeuronResult>({
  name: 'split-neuron',
  study: 'split-neuron',
  summary: 'P4 Lemma 28/29: split a neuron of a minimum into α·w and (1−α)·w; measure the saddle curvature.',
  details:
    'Give the point with --point (JSON { "W", "V"? }) or take family i of a spurious-minima result with --from and --family.\n' +
    'Predicted curvature along (u, −u): λ_min(H_ii − ½I)·(1/α + 1/(1−α)), negative ⇒ the split point is a saddle.',
  options: [
    {
      name: 'point',
      kind: 'string',
      arg: '<file>',
      help: 'JSON point file { "W": number[][], "V"?: number[][] }',
    },
    { name: 'from', kind: 'string', arg: '<file>', help: 'a spurious-minima result.json' },
    {
      name: 'family',
      kind: 'int',
      arg: '<i>',
      min: 0,
      max: 1e6,
      defaultText: '0',
      help: 'family index in --from (over all rows)',
    },
    {
      name: 'neuron',
      kind: 'string',
      arg: '<j|all>',
      defaultText: 'all',
      help: 'neuron index to split, or all',
    },
    ...schemaOptions(SPLIT_NEURON_SCHEMA),
  ],
  examples: [
    'landscape-lab split-neuron --from out/ss18/result.json --family 0 --neuron all --alpha 0.5',
    'landscape-lab split-neuron --point minimum.json --neuron 2 --alpha 0.25,0.5 --json',
  ],
  toInput(o: ParsedOptions) {
    if ((o.point === undefined) === (o.from === undefined))
      throw new UsageError(
        'invalid argument. Exactly one of --point and --from must be given. Value: ' +
          (o.point ? 'both' : 'neither') +
          '.',
      );
    const pt =
      o.point !== undefined
        ? readPoint('--point', o.point as string)
        : readFamily(o.from as string, (o.family as number) ?? 0);
    const raw = (o.neuron as string | undefined) ?? 'all';
    const neurons = raw === 'all' ? 'all' : parseNumber('--neuron', raw, SPLIT_NEURON_SCHEMA.neurons, true);
    return { ...schemaInput(SPLIT_NEURON_SCHEMA, o), W: pt.W, V: pt.V, neurons };
  },
  report(_p, r) {
    const rows = r.splits.map((x) => [
      x.neuron,
      x.alpha,
      x.loss,
      x.gradNorm,
      x.hPrimeMin,
      x.predictedCurvature,
      x.measuredCurvature,
      x.lambdaMin,
      x.classification,
    ]);
    return {
      body: r,
      table: table(
        ['neuron', 'α', 'F', '‖∇F‖', 'λ_min(H′_ii)', 'predicted', 'measured', 'λ_min(H)', 'classification'],
        rows,
      ),
      files: [
        {
          name: 'splits.csv',
          content: toCsv(
            [
              'neuron',
              'alpha',
              'loss',
              'gradNorm',
              'hPrimeMin',
              'predictedCurvature',
              'measuredCurvature',
              'lambdaMin',
              'classification',
            ],
            r.splits.map((x) => [
              x.neuron,
              x.alpha,
              x.loss,
              x.gradNorm,
              x.hPrimeMin,
              x.predictedCurvature,
              x.measuredCurvature,
              x.lambdaMin,
              x.classification,
            ]),
          ),
        },
        { name: 'split-neuron.svg', content: curvatureFigure(r) },
      ],
    };
  },
});
