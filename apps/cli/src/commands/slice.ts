/** `landscape-lab slice`: 1-D / 2-D loss slices around a point. */
import { SLICE_SCHEMA, type SliceParams, type SliceResult } from '@landscape-lab/studies';
import type { ParsedOptions } from '../args.js';
import { studyCommand } from '../command.js';
import { usage } from '../errors.js';
import { toCsv } from '../output.js';
import { readPoint } from '../points.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { Figure, levels, PALETTE, sequentialColor } from '../svg.js';

/** 1-D curve or 2-D filled contour plot of a slice. */
export function sliceFigure(r: SliceResult, title = 'Loss slice'): string {
  const x = r.x;
  if (r.dims === 1) {
    const loss = r.loss as number[];
    const fig = new Figure({
      title,
      xLabel:
        r.directions === 'hessian' ? 't (Hessian eigenvector)' : 't (random filter-normalised direction)',
      yLabel: 'loss',
      xDomain: [x[0]!, x.at(-1)!],
      yDomain: [Math.min(...loss), Math.max(...loss)],
    });
    fig.polyline(
      x.map((t, i) => [t, loss[i]!] as const),
      { color: PALETTE[0]!, label: 'F(θ + t·d)' },
    );
    fig.points([[0, r.center]], { color: PALETTE[1]!, label: 'the point' });
    return fig.toString();
  }
  const y = r.y!;
  const grid = r.loss as number[][];
  const flatv = grid.flat();
  const lo = Math.min(...flatv);
  const hi = Math.max(...flatv);
  const fig = new Figure({
    title,
    xLabel: r.directions === 'hessian' ? 'direction 1 (smallest eigenvalue)' : 'direction 1 (random)',
    yLabel: r.directions === 'hessian' ? 'direction 2' : 'direction 2 (random)',
    xDomain: [x[0]!, x.at(-1)!],
    yDomain: [y[0]!, y.at(-1)!],
    frame: { width: 560, height: 500, margin: { top: 40, right: 40, bottom: 50, left: 70 } },
  });
  const color = sequentialColor(lo, hi);
  fig.contours(
    flatv,
    x.length,
    y.length,
    [x[0]!, x.at(-1)!],
    [y[0]!, y.at(-1)!],
    [lo, ...levels(lo, hi, 14)],
    {
      fill: color,
      color: '#ffffff',
      width: 0.4,
    },
  );
  fig.points([[0, 0]], { color: '#D55E00', r: 4 });
  return fig.toString();
}

/** The command. */
export const sliceCommand = studyCommand<SliceParams, SliceResult>({
  name: 'slice',
  study: 'slice',
  summary:
    '1-D / 2-D loss slices around a point (random filter-normalised or Hessian-eigenvector directions).',
  details: 'The point file is JSON { "W": number[][], "V"?: number[][] } (teacher–student model).',
  options: [
    ...schemaOptions(SLICE_SCHEMA, { only: ['model'] }),
    { name: 'point', kind: 'string', arg: '<file>', help: 'JSON point file (required)' },
    ...schemaOptions(SLICE_SCHEMA, { skip: ['model'] }),
  ],
  examples: ['landscape-lab slice --point minimum.json --directions hessian --dims 2 --out out/slice'],
  toInput(o: ParsedOptions) {
    if (o.point === undefined) throw usage('--point', 'be given (a JSON point file)', undefined);
    const pt = readPoint('--point', o.point as string);
    return { ...schemaInput(SLICE_SCHEMA, o), W: pt.W, V: pt.V };
  },
  report(_p, r) {
    const files =
      r.dims === 1
        ? [
            {
              name: 'slice.csv',
              content: toCsv(
                ['t', 'loss'],
                r.x.map((t, i) => [t, (r.loss as number[])[i]]),
              ),
            },
          ]
        : [
            {
              name: 'slice.csv',
              content: toCsv(
                ['x', 'y', 'loss'],
                r.y!.flatMap((yv, j) => r.x.map((xv, i) => [xv, yv, (r.loss as number[][])[j]![i]])),
              ),
            },
          ];
    const flat = r.dims === 1 ? (r.loss as number[]) : (r.loss as number[][]).flat();
    return {
      body: r,
      table: `${r.dims}-D slice along ${r.directions} directions${r.curvatures ? ` (curvatures ${r.curvatures.map((c) => c.toPrecision(4)).join(', ')})` : ''}: loss at the point ${r.center.toPrecision(6)}, min ${Math.min(...flat).toPrecision(6)}, max ${Math.max(...flat).toPrecision(6)} over ${flat.length} points`,
      files: [...files, { name: 'slice.svg', content: sliceFigure(r) }],
    };
  },
});
