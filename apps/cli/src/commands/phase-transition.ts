/** `landscape-lab phase-transition`: the P3 sweep over (n, k, d), with a heat map over (n, kd) and the line n = kd. */
import {
  PHASE_TRANSITION_SCHEMA,
  type PhaseTransitionParams,
  type PhaseTransitionResult,
} from '@landscape-lab/studies';
import type { ParsedOptions } from '../args.js';
import { type OutFile, studyCommand } from '../command.js';
import { num, table, toCsv } from '../output.js';
import { schemaInput, schemaOptions } from '../schema-options.js';
import { colorBar, Figure, successColor } from '../svg.js';

/** Distinct sorted values. */
function distinct(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Half-widths of cells centred on sorted grid values (half the gap to the neighbours). */
function halfWidths(vals: readonly number[]): Map<number, [number, number]> {
  const m = new Map<number, [number, number]>();
  vals.forEach((v, i) => {
    const left =
      i > 0 ? (v - vals[i - 1]!) / 2 : i + 1 < vals.length ? (vals[i + 1]! - v) / 2 : Math.max(0.5, v * 0.1);
    const right = i + 1 < vals.length ? (vals[i + 1]! - v) / 2 : left;
    m.set(v, [left, right]);
  });
  return m;
}

/**
 * The P3 Fig. 2-style heat map: success rate over (n, kd), red = certain success, blue = certain failure, with the
 * line n = kd. One panel per input dimension d (cells of several d with the same (n, kd) are averaged).
 */
export function phaseTransitionFigure(p: PhaseTransitionParams, r: PhaseTransitionResult): string {
  const ns = distinct(r.cells.map((c) => c.n));
  const kds = distinct(r.cells.map((c) => c.kd));
  const nw = halfWidths(ns);
  const kw = halfWidths(kds);
  const xMin = ns[0]! - nw.get(ns[0]!)![0];
  const xMax = ns.at(-1)! + nw.get(ns.at(-1)!)![1];
  const yMin = kds[0]! - kw.get(kds[0]!)![0];
  const yMax = kds.at(-1)! + kw.get(kds.at(-1)!)![1];
  const fig = new Figure({
    title: `Phase transition (${p.activation}, T = ${p.maxIters}, tol = ${p.tol})`,
    xLabel: 'n (samples)',
    yLabel: 'k·d (trained parameters)',
    xDomain: [xMin, xMax],
    yDomain: [yMin, yMax],
  });
  const agg = new Map<string, { s: number; t: number }>();
  for (const c of r.cells) {
    const key = `${c.n},${c.kd}`;
    const a = agg.get(key) ?? { s: 0, t: 0 };
    a.s += c.successes;
    a.t += c.trials;
    agg.set(key, a);
  }
  fig.cells(
    [...agg.entries()].map(([key, a]) => {
      const [n, kd] = key.split(',').map(Number) as [number, number];
      const [nl, nr] = nw.get(n)!;
      const [kl, kr] = kw.get(kd)!;
      const rate = a.t ? a.s / a.t : 0;
      return {
        x0: n - nl,
        x1: n + nr,
        y0: kd - kl,
        y1: kd + kr,
        color: successColor(rate),
        title: `n = ${n}, kd = ${kd}: ${a.s}/${a.t} succeeded`,
      };
    }),
  );
  const lo = Math.min(xMin, yMin);
  const hi = Math.max(xMax, yMax);
  fig.polyline(
    [
      [lo, lo],
      [hi, hi],
    ],
    { color: '#111', width: 2.5, label: 'n = kd' },
  );
  fig.raw(colorBar(fig, 'success rate', successColor, 0, 1));
  return fig.toString();
}

function report(p: PhaseTransitionParams, r: PhaseTransitionResult) {
  const cols = ['n', 'k', 'd', 'kd', 'kd/n', 'success', 'rate', 'median iters', 'median residual'];
  const rows = r.cells.map((c) => [
    c.n,
    c.k,
    c.d,
    c.kd,
    c.kd / c.n,
    `${c.successes}/${c.trials}`,
    c.rate,
    c.medianIters ?? '–',
    c.medianResidual,
  ]);
  let text = table(cols, rows);
  if (r.covariance?.length)
    text += `\n\nλ(X) = λ_min(Σ(X)), the neural-network covariance eigenvalue (spec §3.2):\n${table(
      ['n', 'd', 'λ(X)', 'method'],
      r.covariance.map((c) => [c.n, c.d, c.lambda, c.method]),
    )}`;
  const files: OutFile[] = [
    {
      name: 'cells.csv',
      content: toCsv(
        ['n', 'k', 'd', 'kd', 'trials', 'successes', 'rate', 'medianIters', 'medianResidual'],
        r.cells.map((c) => [
          c.n,
          c.k,
          c.d,
          c.kd,
          c.trials,
          c.successes,
          c.rate,
          c.medianIters,
          c.medianResidual,
        ]),
      ),
    },
    { name: 'phase-transition.svg', content: phaseTransitionFigure(p, r) },
  ];
  if (r.covariance)
    files.push({
      name: 'covariance.csv',
      content: toCsv(
        ['n', 'd', 'lambda', 'method'],
        r.covariance.map((c) => [c.n, c.d, c.lambda, c.method]),
      ),
    });
  const below = r.cells.filter((c) => c.kd < c.n);
  const note =
    below.length > 0
      ? `\ncells below n = kd: ${below.reduce((s, c) => s + c.successes, 0)}/${below.reduce((s, c) => s + c.trials, 0)} succeeded (interpolation is impossible there, spec §3.3)`
      : '';
  return {
    body: r,
    table: `${text}${note}\n(success: ‖f(W) − y‖/‖y‖ < ${num(p.tol)} within ${p.maxIters} GD steps)`,
    files,
  };
}

/** The command. */
export const phaseTransitionCommand = studyCommand<PhaseTransitionParams, PhaseTransitionResult>({
  name: 'phase-transition',
  study: 'phase-transition',
  summary:
    'P3: does GD fit n random labels with k hidden units in d dimensions? Success over (n, kd), with n = kd.',
  details:
    'Protocol (spec §3.4): unit-norm Gaussian inputs, random labels, fixed output weights ±1/√k, W₀ ~ N(0,1),\nfull-batch GD with step 1/‖J(W₀)‖². A trial succeeds when ‖f(W) − y‖/‖y‖ < --tol within --max-iters steps.',
  options: schemaOptions(PHASE_TRANSITION_SCHEMA),
  examples: [
    'landscape-lab phase-transition --d 10 --n 20:60:20 --k 2:8:2 --trials 3 --out out/p3',
    'landscape-lab phase-transition --activation relu --n 40 --k 4,8 --covariance --json',
  ],
  toInput: (o: ParsedOptions) => schemaInput(PHASE_TRANSITION_SCHEMA, o),
  report,
});
