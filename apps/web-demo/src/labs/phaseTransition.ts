import {
  PHASE_TRANSITION_SCHEMA,
  type PhaseTransitionCell,
  type PhaseTransitionInput,
  type PhaseTransitionResult,
  type PtActivation,
  type PtTaskParams,
  type PtTrainResult,
  SEED_FIELD,
  type Task,
} from '@landscape-lab/studies';
import * as Plot from '@observablehq/plot';
import { Pool } from '../pool.js';
import { setSliceSource } from '../state.js';
import { enumSelect, fieldInput, fmt, h, readAll, resultList } from '../ui.js';
import { buttons, labShell, poolSize, report, runLab } from './common.js';

const HEAT_COLUMNS = ['n', 'k', 'kd', 'trials', 'trials_done', 'successes', 'success_rate'];

type PtTask = Task<PtTaskParams>;
type PtTrain = Extract<PtTaskParams, { kind: 'train' }>;

interface Cell {
  n: number;
  k: number;
  kd: number;
  tasks: PtTask[];
  results: PtTrainResult[];
  /** The study's aggregate for this cell once every trial has finished (its rate is the one drawn). */
  result?: { successRate: number; cell?: PhaseTransitionCell };
}

export function phaseTransitionLab() {
  const shell = labShell(
    'p3',
    'phase-transition',
    '1 · Phase transition: when can GD fit n random labels?',
    'A one-hidden-layer network f(W) = φ(XWᵀ)v with k hidden units on n unit-norm inputs in R^d is trained by full-batch GD (step 1/‖J(W₀)‖², output weights ±1/√k fixed) to fit n random labels. Oymak & Soltanolkotabi prove geometric convergence to a nearby global optimum once the number of parameters kd exceeds n by enough; in practice the success probability jumps near the line n = kd. Below the line exact fitting is impossible for generic labels. Each cell is computed by a worker as soon as one is free; click a cell (or focus it and press Enter) for its loss curves.',
    [['https://arxiv.org/abs/1902.04674', 'Oymak & Soltanolkotabi (P3), arXiv:1902.04674']],
  );
  const { panel, controls, output, st } = shell;
  // Every bound comes from the study's schema (PHASE_TRANSITION_SCHEMA); the values are the demo's defaults.
  const S = PHASE_TRANSITION_SCHEMA;
  const f = {
    d: fieldInput(S.d, { label: 'input dimension d', name: 'p3-d', value: 5 }),
    nMin: fieldInput(S.n, { label: 'n from', name: 'p3-nmin', value: 10 }),
    nMax: fieldInput(S.n, { label: 'n to', name: 'p3-nmax', value: 40 }),
    nStep: fieldInput(S.n, { label: 'n step', name: 'p3-nstep', value: 10 }),
    kMin: fieldInput(S.k, { label: 'k from', name: 'p3-kmin', value: 1 }),
    kMax: fieldInput(S.k, { label: 'k to', name: 'p3-kmax', value: 12 }),
    kStep: fieldInput(S.k, { label: 'k step', name: 'p3-kstep', value: 1 }),
    trials: fieldInput(S.trials, { label: 'trials per cell', name: 'p3-trials', value: 2 }),
    maxIters: fieldInput(S.maxIters, { name: 'p3-max-iters', value: 3000 }),
    tol: fieldInput(S.tol, { name: 'p3-tol', value: 1e-3 }),
    seed: fieldInput(SEED_FIELD, { label: 'seed', name: 'p3-seed', value: 1 }),
  };
  const act = enumSelect(S.activation, 'p3-activation', { relu: 'ReLU' }, 'activation φ');
  const b = buttons('Run sweep', 'p3');
  controls.append(
    h(
      'fieldset',
      {},
      h('legend', { text: 'Grid' }),
      f.d.el,
      f.nMin.el,
      f.nMax.el,
      f.nStep.el,
      f.kMin.el,
      f.kMax.el,
      f.kStep.el,
    ),
    h(
      'fieldset',
      {},
      h('legend', { text: 'Training' }),
      act.el,
      f.trials.el,
      f.maxIters.el,
      f.tol.el,
      f.seed.el,
    ),
    b.el,
    shell.meter.el,
    st.status,
    st.error,
  );
  const params = [...Object.values(f).map((x) => x.param), act.param];
  shell.bind(params);
  const heat = shell.chart('Success rate over (n, kd) — white line: n = kd', 'p3-heatmap', 'heatmap');
  const detail = shell.chart(
    'Selected cell: relative residual ‖f(W)−y‖/‖y‖ per trial',
    'p3-detail',
    'cell-curves',
  );
  const summary = resultList('p3-summary');
  const cellInfo = resultList('p3-cell');
  output.append(
    h('div', { class: 'charts' }, heat.el, h('div', {}, detail.el, h('div', { class: 'card' }, cellInfo.el))),
    h('div', { class: 'card' }, summary.el),
  );
  detail.set(() => h('p', { class: 'hint', text: 'Run a sweep, then select a cell.' }));

  let pool: Pool | null = null;
  const stop = () => pool?.cancel();
  let cells: Cell[] = [];
  let tol = 1e-3;
  let d = 5;
  let selected: Cell | null = null;

  const drawHeat = (w: number) => {
    const nVals = [...new Set(cells.map((c) => c.n))];
    const kVals = [...new Set(cells.map((c) => c.k))];
    const dn = nVals.length > 1 ? nVals[1]! - nVals[0]! : 1;
    const dk = (kVals.length > 1 ? kVals[1]! - kVals[0]! : 1) * d;
    const lo = Math.min(nVals[0]! - dn / 2, kVals[0]! * d - dk / 2);
    const hi = Math.max(nVals[nVals.length - 1]! + dn / 2, kVals[kVals.length - 1]! * d + dk / 2);
    const done = cells.filter((c) => c.result);
    const plot = Plot.plot({
      width: w,
      height: Math.min(460, Math.max(280, w * 0.7)),
      marginLeft: 50,
      ariaLabel: 'Heatmap of GD success rate over n (x) and k·d (y)',
      x: { label: 'n (samples) →', domain: [nVals[0]! - dn / 2, nVals[nVals.length - 1]! + dn / 2] },
      y: {
        label: '↑ k·d (parameters)',
        domain: [kVals[0]! * d - dk / 2, kVals[kVals.length - 1]! * d + dk / 2],
      },
      color: {
        type: 'linear',
        domain: [0, 1],
        scheme: 'RdBu',
        reverse: true,
        label: 'success rate',
        legend: true,
      },
      marks: [
        Plot.rect(
          cells.filter((c) => !c.result),
          {
            x1: (c: Cell) => c.n - dn / 2,
            x2: (c: Cell) => c.n + dn / 2,
            y1: (c: Cell) => c.kd - dk / 2,
            y2: (c: Cell) => c.kd + dk / 2,
            fill: '#eceef2',
            stroke: 'white',
          },
        ),
        Plot.rect(done, {
          x1: (c: Cell) => c.n - dn / 2,
          x2: (c: Cell) => c.n + dn / 2,
          y1: (c: Cell) => c.kd - dk / 2,
          y2: (c: Cell) => c.kd + dk / 2,
          fill: (c: Cell) => c.result!.successRate,
          stroke: 'white',
          title: (c: Cell) =>
            `n = ${c.n}, k = ${c.k}, kd = ${c.kd}: ${Math.round(c.result!.successRate * 100)}% success`,
          render(index, scales, values, dims, context, next) {
            const g = next!(index, scales, values, dims, context) as SVGGElement;
            const rects = g.querySelectorAll('rect');
            rects.forEach((r, j) => {
              const c = done[index[j]!]!;
              r.setAttribute('tabindex', '0');
              r.setAttribute('role', 'button');
              r.setAttribute('class', 'cell-rect');
              r.setAttribute('data-n', String(c.n));
              r.setAttribute('data-k', String(c.k));
              r.setAttribute('data-rate', String(c.result!.successRate));
              // The study's aggregate of the cell (set when the sweep has finished).
              const agg = c.result!.cell;
              if (agg) {
                r.setAttribute('data-successes', String(agg.successes));
                r.setAttribute('data-median-iters', String(agg.medianIters));
              }
              r.setAttribute(
                'aria-label',
                `n ${c.n}, k ${c.k}, k·d ${c.kd}: success ${Math.round(c.result!.successRate * 100)} percent`,
              );
              const pick = () => void select(c);
              r.addEventListener('click', pick);
              r.addEventListener('keydown', (e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  pick();
                }
              });
              if (selected === c) {
                r.setAttribute('stroke', '#f0a000');
                r.setAttribute('stroke-width', '3');
              }
            });
            return g;
          },
        }),
        Plot.line(
          [
            [lo, lo],
            [hi, hi],
          ],
          { stroke: 'white', strokeWidth: 3, clip: true },
        ),
        Plot.line(
          [
            [lo, lo],
            [hi, hi],
          ],
          { stroke: '#222', strokeWidth: 1, strokeDasharray: '4,3', clip: true },
        ),
      ],
    });
    return plot;
  };

  // One row per cell of the heatmap (grey cells have trials_done < trials and no rate yet).
  const heatData = () => ({
    columns: HEAT_COLUMNS,
    rows: cells.map((c) => {
      const done = c.results.filter(Boolean);
      return [
        c.n,
        c.k,
        c.kd,
        c.tasks.length,
        done.length,
        done.filter((r) => r.success).length,
        c.result ? c.result.successRate : null,
      ];
    }),
    extra: { d, tol, line: 'n = kd' },
  });

  const select = async (c: Cell) => {
    selected = c;
    heat.set(drawHeat, heatData);
    const sweepOk = c.results.filter((r) => r.success).length;
    cellInfo.set([
      ['p3-cell-n', 'n, k, kd', `${c.n}, ${c.k}, ${c.kd} (kd/n = ${fmt(c.kd / c.n, 3)})`],
      ['p3-cell-rate', 'success (sweep)', `${sweepOk}/${c.results.length}`],
    ]);
    setSliceSource('p3', {
      lab: 'p3',
      task: c.tasks[0]!,
      label: `Phase transition: cell n=${c.n}, k=${c.k}, trial 1 (end of GD)`,
    });
    detail.set(() => h('p', { class: 'hint', text: 'Running the trials of this cell with a trace…' }));
    try {
      pool ??= new Pool(poolSize(4));
      // The study's own runs of this cell's tasks, with its `trace` option (same iterates, plus the curve).
      const traced = await Promise.all(
        c.tasks.map((t) =>
          pool!.run<PtTrainResult>({
            kind: 'study-task',
            task: { ...t, params: { ...(t.params as PtTrain), trace: true } },
          }),
        ),
      );
      if (selected !== c) return;
      const trials = traced.map((r, i) => ({ trial: (c.tasks[i]!.params as { trial: number }).trial, r }));
      const curves = trials.flatMap(({ trial, r }) =>
        r.trace!.curve.map(([it, rel]) => ({ trial: `trial ${trial + 1}`, it, rel: Math.max(rel, 1e-16) })),
      );
      detail.set(
        (w) =>
          Plot.plot({
            width: w,
            height: 260,
            ariaLabel: `Loss curves of cell n = ${c.n}, k = ${c.k}`,
            y: { type: 'log', label: '↑ ‖f(W)−y‖/‖y‖', grid: true },
            x: { label: 'GD iteration →' },
            color: { legend: true },
            marks: [
              Plot.ruleY([tol], { stroke: '#999', strokeDasharray: '3,3' }),
              Plot.line(curves, { x: 'it', y: 'rel', stroke: 'trial' }),
            ],
          }),
        () => ({
          columns: ['trial', 'iteration', 'rel_residual'],
          rows: trials.flatMap(({ trial, r }) => r.trace!.curve.map(([it, rel]) => [trial + 1, it, rel])),
          extra: { n: c.n, k: c.k, kd: c.kd, steps: traced.map((r) => r.step) },
        }),
      );
      const agree = traced.every((r, i) => {
        const s0 = c.results[i];
        return (
          !!s0 &&
          r.success === s0.success &&
          r.iterations === s0.iterations &&
          r.residual === s0.residual &&
          r.relativeMove === s0.relativeMove
        );
      });
      cellInfo.set([
        ['p3-cell-n', 'n, k, kd', `${c.n}, ${c.k}, ${c.kd} (kd/n = ${fmt(c.kd / c.n, 3)})`],
        ['p3-cell-rate', 'success (sweep)', `${sweepOk}/${c.results.length}`],
        ['p3-cell-iters', 'GD iterations (sweep)', c.results.map((r) => String(r.iterations)).join(', ')],
        ['p3-cell-final', 'final residuals (sweep)', c.results.map((r) => fmt(r.residual, 3)).join(', ')],
        ['p3-cell-eta', 'step η = 1/‖J₀‖²', c.results.map((r) => fmt(r.step, 3)).join(', ')],
        ['p3-cell-move', '‖W − W₀‖/‖W₀‖ (sweep)', c.results.map((r) => fmt(r.relativeMove, 3)).join(', ')],
        ['p3-cell-agree', 'traced runs match the sweep', agree ? 'yes' : 'no'],
      ]);
      panel.dataset.curves = 'true';
    } catch (e) {
      report(st, e);
    }
  };

  const updateSummary = () => {
    const done = cells.filter((c) => c.result);
    const below = done.filter((c) => c.kd < c.n);
    const belowOk = below.filter((c) => c.result!.successRate > 0).length;
    summary.set([
      ['p3-done', 'cells done', `${done.length}/${cells.length}`],
      [
        'p3-below',
        'cells below n = kd that succeeded',
        `${belowOk} of ${below.length} (must be 0: rank J ≤ kd < n)`,
      ],
      [
        'p3-above',
        'cells with kd ≥ 2n that succeeded in every trial',
        `${done.filter((c) => c.kd >= 2 * c.n && c.result!.successRate === 1).length} of ${done.filter((c) => c.kd >= 2 * c.n).length}`,
      ],
    ]);
  };

  controls.addEventListener('submit', async () => {
    st.clear();
    let v: ReturnType<typeof readAll<typeof f>>;
    try {
      v = readAll(f);
      if (v.nMin > v.nMax) throw new Error(`n from must be ≤ n to. Values: ${v.nMin} > ${v.nMax}.`);
      if (v.kMin > v.kMax) throw new Error(`k from must be ≤ k to. Values: ${v.kMin} > ${v.kMax}.`);
      act.read();
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    const ns: number[] = [];
    for (let n = v.nMin; n <= v.nMax; n += v.nStep) ns.push(n);
    const ks: number[] = [];
    for (let k = v.kMin; k <= v.kMax; k += v.kStep) ks.push(k);
    if (ns.length * ks.length > 600) {
      st.fail(`The grid has ${ns.length * ks.length} cells; at most 600 are allowed. Use larger steps.`);
      return;
    }
    d = v.d;
    tol = v.tol;
    const workers = (pool ??= new Pool(poolSize(4)));
    delete panel.dataset.curves;
    const t0 = performance.now();
    await runLab(
      shell,
      b,
      stop,
      async (progress) => {
        // The study resolves and plans (one task per trial; seeds from the run seed and the task index), runs
        // each task in whichever worker is free, and aggregates the results.
        const input: PhaseTransitionInput = {
          d: [v.d],
          n: ns,
          k: ks,
          trials: v.trials,
          activation: act.select.value as PtActivation,
          maxIters: v.maxIters,
          tol: v.tol,
        };
        const tasks = await workers.run<PtTask[]>({
          kind: 'study-plan',
          study: 'phase-transition',
          input,
          seed: v.seed,
        });
        const byKey = new Map<string, Cell>();
        cells = [];
        for (const k of ks)
          for (const n of ns) {
            const c: Cell = { n, k, kd: k * v.d, tasks: [], results: [] };
            byKey.set(`${n},${k}`, c);
            cells.push(c);
          }
        for (const t of tasks) {
          const tp = t.params as { n: number; k: number };
          byKey.get(`${tp.n},${tp.k}`)!.tasks.push(t);
        }
        selected = null;
        heat.set(drawHeat, heatData);
        detail.set(() => h('p', { class: 'hint', text: 'Select a cell for its loss curves.' }));
        cellInfo.set([]);
        updateSummary();
        let finished = 0;
        progress(0, tasks.length);
        st.info(`Running ${tasks.length} trials in ${cells.length} cells on ${workers.size} worker(s)…`);
        await Promise.all(
          cells.flatMap((c) =>
            c.tasks.map((t, i) =>
              pool!.run<PtTrainResult>({ kind: 'study-task', task: t }).then((r) => {
                c.results[i] = r;
                finished++;
                progress(finished, tasks.length);
                if (c.results.filter(Boolean).length === c.tasks.length)
                  c.result = { successRate: c.results.filter((x) => x.success).length / c.tasks.length };
                st.info(
                  `${finished}/${tasks.length} trials done (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
                );
                heat.schedule(drawHeat, heatData);
                updateSummary();
              }),
            ),
          ),
        );
        const agg = await workers.run<PhaseTransitionResult>({
          kind: 'study-aggregate',
          study: 'phase-transition',
          input,
          seed: v.seed,
          results: tasks.map((t) => {
            const tp = t.params as { n: number; k: number };
            const c = byKey.get(`${tp.n},${tp.k}`)!;
            return { id: t.id, value: c.results[c.tasks.indexOf(t)]! };
          }),
        });
        for (const ac of agg.cells) {
          const c = byKey.get(`${ac.n},${ac.k}`)!;
          c.result = { successRate: ac.rate, cell: ac };
        }
        heat.set(drawHeat, heatData);
        updateSummary();
        st.info(
          `Done: ${cells.length} cells in ${((performance.now() - t0) / 1000).toFixed(1)} s. Select a cell for its loss curves.`,
        );
      },
      'trials',
    );
  });
  b.cancel.addEventListener('click', stop);
  return {
    id: 'p3',
    title: 'Phase transition',
    panel,
    params,
    autoRun: () => controls.requestSubmit(),
  };
}
