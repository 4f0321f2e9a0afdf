import { type AbTaskParams, ALPHA_BETA_SCHEMA, SEED_FIELD, type Task } from '@landscape-lab/studies';
import * as Plot from '@observablehq/plot';
import { type RegionGrid, TOYS, type ToyId } from '../compute/alphaBeta.js';
import { Pool } from '../pool.js';
import { setSliceSource } from '../state.js';
import { fieldInput, fmt, h, numberField, pill, readAll, resultList, selectField } from '../ui.js';
import { buttons, labShell, runLab } from './common.js';

interface Poly {
  empty: boolean;
  vertices: { alpha: number; beta: number }[];
  alphaMin: number;
  betaAtAlphaMin: number;
}

interface ToyDone {
  poly: Poly;
  region: RegionGrid;
  pl: number;
  aim: number;
  /** The study's checks of the paper's claimed pairs (and β = 0). */
  checks: { alpha: number; beta: number; margin: number; valid: boolean }[];
  best: { alpha: number; beta: number } | null;
  exact: number | null;
  boundary: [number, number][];
}

interface HsDone {
  /** The study's task (for the slice's objective) and its run's iterates. */
  task: Task<AbTaskParams>;
  path: number[][];
  finalLoss: number;
  cosAngleMin: number;
  poly: Poly;
  exact: number | null;
  gapCurve: [number, number][];
  boundary: [number, number][];
  region: RegionGrid;
  best: { alpha: number; beta: number } | null;
  angle: [number, number][];
  aiming: [number, number][];
}

export function alphaBetaLab() {
  const shell = labShell(
    'p2',
    'alpha-beta',
    '4 · The α-β condition: which (α, β) hold?',
    'Islamov et al. characterise landscapes without over-parameterization by the α-β condition: for every x and every component fᵢ, ⟨∇fᵢ(x), x − x_p⟩ ≥ α(fᵢ(x) − fᵢ(x_p)) − β(fᵢ(x) − fᵢ*), with x_p a nearest minimiser. It holds at saddles and spurious minima where PL (‖∇f‖² ≥ 2μ(f − f*)) and aiming (⟨∇f, x − x_p⟩ ≥ θ(f − f*)) fail. Each point x adds a half-plane in (α, β); the valid region (green) is their intersection, drawn row by row as the x-grid is swept. For the small trained model the paper’s trajectory estimate is used: the last iterate stands in for the projection.',
    [['https://arxiv.org/abs/2410.12455', 'Islamov, Ajroldi, Orvieto & Lucchi (P2), arXiv:2410.12455']],
  );
  const { panel, controls, output, st } = shell;
  const problem = selectField('problem', 'p2-problem', [
    ['ex1', 'Ex. 1: line of minimisers'],
    ['ex2', 'Ex. 2: saddle'],
    ['ex3', 'Ex. 3: spurious local minimum'],
    ['ex6', 'Ex. 6: two minima'],
    ['halfspace', 'trained: half-space logistic model (SGD)'],
  ]);
  const f = {
    grid: fieldInput(ALPHA_BETA_SCHEMA.grid, { label: 'x-grid points per axis', name: 'p2-grid', value: 81 }),
    nAB: numberField({
      label: '(α, β) grid per axis',
      name: 'p2-nab',
      value: 60,
      min: 5,
      max: 200,
      integer: true,
    }),
    alphaMax: numberField({
      label: 'α, β up to',
      name: 'p2-alphamax',
      value: TOYS.ex1.alphaMax,
      min: 1e-6,
      max: 1e12,
    }),
    maxIters: fieldInput(ALPHA_BETA_SCHEMA.maxIters, {
      label: 'SGD iterations (trained model)',
      name: 'p2-max-iters',
      value: 4000,
    }),
    seed: fieldInput(SEED_FIELD, { label: 'seed (trained model)', name: 'p2-seed', value: 1 }),
  };
  problem.select.addEventListener('change', () => {
    const id = problem.select.value;
    f.alphaMax.input.value = String(id === 'halfspace' ? 60 : TOYS[id as ToyId].alphaMax);
  });
  const b = buttons('Compute region', 'p2');
  controls.append(
    h(
      'fieldset',
      {},
      h('legend', { text: 'Problem' }),
      problem.el,
      f.grid.el,
      f.nAB.el,
      f.alphaMax.el,
      f.maxIters.el,
      f.seed.el,
    ),
    b.el,
    shell.meter.el,
    st.status,
    st.error,
  );
  const params = [problem.param, ...Object.values(f).map((x) => x.param)];
  shell.bind(params);
  const regionChart = shell.chart(
    'Valid (α, β) region (green: condition holds at every point so far)',
    'p2-region',
    'region',
  );
  const sideChart = shell.chart('PL and aiming', 'p2-side', 'pl-aiming');
  const res = resultList('p2-results');
  output.append(
    h('div', { class: 'charts' }, regionChart.el, sideChart.el),
    h('div', { class: 'card' }, res.el),
  );

  let pool: Pool | null = null;
  const stop = () => pool?.cancel();
  /** The (α, β) cells of the region chart (β < α), with the smallest margin over the points swept so far. */
  const regionData = (R: RegionGrid, extra?: Record<string, unknown>) => () => {
    const rows: (number | boolean)[][] = [];
    const na = R.alphas.length;
    for (let j = 0; j < R.betas.length; j++)
      for (let i = 0; i < na; i++) {
        const m = R.margin[j * na + i]!;
        if (R.betas[j]! < R.alphas[i]!) rows.push([R.alphas[i]!, R.betas[j]!, m, m >= 0]);
      }
    return { columns: ['alpha', 'beta', 'min_margin', 'valid'], rows, extra };
  };

  const drawRegion =
    (
      R: RegionGrid,
      best: { alpha: number; beta: number } | null,
      bnd: [number, number][] = [],
      poly?: Poly,
    ) =>
    (w: number) => {
      const na = R.alphas.length;
      const cells: { a: number; b: number; ok: string }[] = [];
      for (let j = 0; j < R.betas.length; j++) {
        const be = R.betas[j]!;
        for (let i = 0; i < na; i++) {
          const al = R.alphas[i]!;
          const m = R.margin[j * na + i]!;
          if (be < al) cells.push({ a: al, b: be, ok: m >= 0 ? 'valid' : 'violated' });
        }
      }
      const da = R.alphas[1]! - R.alphas[0]!;
      const top = R.alphas[na - 1]!;
      return Plot.plot({
        width: w,
        height: Math.min(420, w * 0.8),
        marginLeft: 60,
        ariaLabel: 'Valid alpha-beta region',
        x: { label: 'α →', domain: [0, top + da / 2] },
        y: { label: '↑ β', domain: [0, top] },
        color: { domain: ['valid', 'violated'], range: ['#2f9e6b', '#f3d1cf'], legend: true },
        marks: [
          Plot.rect(cells, {
            x1: (c) => c.a - da / 2,
            x2: (c) => c.a + da / 2,
            y1: (c) => c.b,
            y2: (c) => c.b + da,
            fill: 'ok',
          }),
          Plot.line(
            [
              [0, 0],
              [top, top],
            ],
            { stroke: '#333', strokeDasharray: '4,3' },
          ),
          Plot.text([[top * 0.55, top * 0.62]], { text: ['β = α'], fill: '#333' }),
          Plot.line(bnd, { stroke: '#0b5c45', strokeWidth: 2 }),
          ...(poly && !poly.empty
            ? [
                Plot.line([...poly.vertices, poly.vertices[0]!], {
                  x: 'alpha',
                  y: 'beta',
                  stroke: '#111',
                  strokeWidth: 1.5,
                  clip: true,
                }),
              ]
            : []),
          ...(best ? [Plot.dot([[best.alpha, best.beta]], { stroke: '#111', r: 5, strokeWidth: 2 })] : []),
        ],
      });
    };

  controls.addEventListener('submit', async () => {
    st.clear();
    let v: ReturnType<typeof readAll<typeof f>>;
    let id: string;
    try {
      id = problem.read();
      v = readAll(f);
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    const workers = (pool ??= new Pool(1));
    res.set([]);
    await runLab(
      shell,
      b,
      stop,
      async (progress) => {
        if (id === 'halfspace') {
          const r = await workers.run<HsDone>(
            { kind: 'p2-halfspace', seed: v.seed, maxIters: v.maxIters, nAB: v.nAB, alphaMax: v.alphaMax },
            (d) => {
              const p = d as { region: RegionGrid; done: number };
              regionChart.schedule(drawRegion(p.region, null), regionData(p.region));
              st.info(`Trajectory constraints: ${Math.round(p.done * 100)}%`);
              progress(Math.round(p.done * 10), 10);
            },
          );
          // The valid band hugs β = α at this scale: draw it in (α, α − β) coordinates instead.
          const band = r.gapCurve.filter(([, g]) => g >= 0.1);
          regionChart.set(
            (w) =>
              Plot.plot({
                width: w,
                height: Math.min(420, w * 0.8),
                marginLeft: 60,
                ariaLabel: 'Valid region in alpha and alpha minus beta',
                x: { label: 'α →', domain: [0, r.gapCurve[r.gapCurve.length - 1]![0]] },
                y: { label: '↑ α − β', type: 'log' },
                marks: [
                  Plot.areaY(band, {
                    x: (d) => d[0],
                    y1: 0.1,
                    y2: (d) => d[1],
                    fill: '#2f9e6b',
                    fillOpacity: 0.7,
                  }),
                  Plot.line(
                    r.gapCurve.filter(([, g]) => g > 0),
                    { x: (d) => d[0], y: (d) => d[1], stroke: '#0b5c45' },
                  ),
                  Plot.ruleY([0.1], { stroke: '#333', strokeDasharray: '4,3' }),
                  // landscape-analysis' exact polygon, in the same (α, α − β) coordinates.
                  ...(r.poly.empty
                    ? []
                    : [
                        Plot.line(
                          [...r.poly.vertices, r.poly.vertices[0]!].filter((v) => v.alpha - v.beta > 0),
                          { x: 'alpha', y: (v) => v.alpha - v.beta, stroke: '#111', strokeWidth: 1.2 },
                        ),
                      ]),
                  Plot.text([[r.gapCurve[0]![0], 0.1]], {
                    text: ['α − β = 0.1 (§2.4 grid limit)'],
                    textAnchor: 'start',
                    dy: -8,
                  }),
                  ...(r.exact !== null
                    ? [Plot.dot([[r.exact, 0.1]], { stroke: '#111', r: 5, strokeWidth: 2 })]
                    : []),
                ],
              }),
            () => ({
              columns: ['alpha', 'max_alpha_minus_beta'],
              rows: r.gapCurve.map(([a, g]) => [a, g]),
              extra: { minGap: 0.1, exactAlphaMin: r.exact, polygon: r.poly },
            }),
          );
          const series = [
            ...r.angle.map(([k, y]) => ({ k, y, s: 'cos∠(∇f, x − x_K)' })),
            ...r.aiming.map(([k, y]) => ({ k, y, s: 'aiming ⟨∇f, x − x_K⟩/f' })),
          ];
          sideChart.set(
            (w) =>
              Plot.plot({
                width: w,
                height: 300,
                ariaLabel: 'Angle and aiming along the SGD trajectory',
                y: { label: '↑ value', grid: true },
                x: { label: 'SGD iteration →' },
                color: { legend: true },
                marks: [Plot.ruleY([0]), Plot.line(series, { x: 'k', y: 'y', stroke: 's' })],
              }),
            () => ({ columns: ['iteration', 'series', 'value'], rows: series.map((p) => [p.k, p.s, p.y]) }),
          );
          res.set([
            [
              'p2-exact',
              'exact smallest α with β = α − 0.1 (§2.4)',
              r.exact === null ? 'none' : `α = ${fmt(r.exact, 8)}, β = ${fmt(r.exact - 0.1, 8)}`,
            ],
            [
              'p2-la',
              'landscape-analysis alphaBetaRegion: α_min',
              r.poly.empty ? 'empty' : `α = ${fmt(r.poly.alphaMin, 8)}, β = ${fmt(r.poly.betaAtAlphaMin, 8)}`,
            ],
            ['p2-final-loss', 'final full loss f(x_K)', fmt(r.finalLoss, 5)],
            ['p2-min-angle', 'min cos∠(∇f, x − x_K)', fmt(r.cosAngleMin, 3)],
          ]);
          setSliceSource('p2', {
            lab: 'halfspace',
            task: r.task,
            center: r.path[r.path.length - 1]!,
            trajectory: r.path,
            label: `α-β: half-space model (alpha-beta study), seed ${v.seed}`,
          });
        } else {
          const toy = TOYS[id as ToyId];
          const r = await workers.run<ToyDone>(
            { kind: 'p2-toy', toy: id as ToyId, grid: v.grid, nAB: v.nAB, alphaMax: v.alphaMax },
            (d) => {
              const p = d as { region: RegionGrid; done: number; pl: number; aim: number };
              regionChart.schedule(drawRegion(p.region, null), regionData(p.region));
              st.info(`x-grid rows: ${Math.round(p.done * 100)}%`);
              progress(Math.round(p.done * v.grid), v.grid);
            },
          );
          regionChart.set(
            drawRegion(r.region, r.best, r.boundary, r.poly),
            regionData(r.region, {
              exactAlphaInfimum: r.exact,
              bestOnGrid: r.best,
              polygon: r.poly,
              boundary: r.boundary,
              claimedPairs: r.checks,
            }),
          );
          const bars = [
            { c: 'PL μ̂ = min ‖∇f‖²/2(f−f*)', v: r.pl },
            { c: 'aiming θ̂ = min ⟨∇f, x−x_p⟩/(f−f*)', v: r.aim },
          ];
          sideChart.set(
            (w) =>
              Plot.plot({
                width: w,
                height: 200,
                marginLeft: 230,
                y: { label: null },
                ariaLabel: 'PL and aiming constants on the grid',
                x: {
                  type: 'symlog',
                  label: 'constant over the grid (≤ 0: the condition fails) →',
                  grid: true,
                },
                marks: [
                  Plot.ruleX([0]),
                  Plot.barX(bars, { y: 'c', x: 'v', fill: (d) => (d.v > 1e-9 ? '#2f9e6b' : '#d9480f') }),
                  Plot.text(bars, { y: 'c', x: 'v', text: (d) => fmt(d.v, 3), dx: 18 }),
                ],
              }),
            () => ({ columns: ['constant', 'value'], rows: bars.map((x) => [x.c, x.v]) }),
          );
          res.set([
            ['p2-claim', 'paper’s claim', toy.claim],
            [
              'p2-exact',
              'exact infimum of valid α (β → α), over the x-grid',
              r.exact === null ? 'none' : fmt(r.exact, 6),
            ],
            [
              'p2-la',
              'landscape-analysis alphaBetaRegion (exact polygon): α_min',
              r.poly.empty ? 'empty' : `α = ${fmt(r.poly.alphaMin, 6)}, β = ${fmt(r.poly.betaAtAlphaMin, 6)}`,
            ],
            [
              'p2-best',
              'smallest valid α on the (α, β) grid',
              r.best ? `α = ${fmt(r.best.alpha)}, β = ${fmt(r.best.beta)}` : 'none in range',
            ],
            ...r.checks.map(
              (c, i) =>
                [
                  `p2-check-${i}`,
                  `(α, β) = (${fmt(c.alpha)}, ${fmt(c.beta)}) min margin`,
                  h(
                    'span',
                    {},
                    pill(c.valid ? 'holds' : 'fails', c.valid ? 'good' : 'bad'),
                    ` ${fmt(c.margin, 3)}`,
                  ),
                ] as [string, string, Node],
            ),
            ['p2-pl', 'PL μ̂ on the grid', fmt(r.pl, 3)],
            ['p2-aim', 'aiming θ̂ on the grid', fmt(r.aim, 3)],
          ]);
          setSliceSource('p2', {
            lab: 'p2toy',
            toy: id as ToyId,
            center: [0, 0],
            trajectory: [],
            label: `α-β: ${toy.title}`,
          });
        }
        st.info('Done.');
      },
      id === 'halfspace' ? 'tenths of the trajectory constraints' : 'x-grid rows',
    );
  });
  b.cancel.addEventListener('click', stop);
  regionChart.set(() => h('p', { class: 'hint', text: 'Choose a problem and press "Compute region".' }));
  return {
    id: 'p2',
    title: 'α-β condition',
    panel,
    params,
    autoRun: () => controls.requestSubmit(),
  };
}
