import {
  type HessianResult,
  SEED_FIELD,
  type SmRunResult,
  type SmTaskParams,
  type SmTrace,
  SPLIT_NEURON_SCHEMA,
  SPURIOUS_MINIMA_SCHEMA,
  type SplitNeuronResult,
  type SplitRow,
  type SpuriousMinimaInput,
  type SpuriousMinimaResult,
  type Task,
} from '@landscape-lab/studies';
import * as Plot from '@observablehq/plot';
import { Pool } from '../pool.js';
import { setSliceSource } from '../state.js';
import { fieldInput, fmt, h, pill, readAll, resultList, selectField } from '../ui.js';
import { buttons, labShell, report, runLab } from './common.js';

const LMIN_BOUND = 0.25 - 1 / (2 * Math.PI);

/**
 * The point "at the teacher" (a form choice, not a protocol): neuron i copies teacher neuron i mod k, and repeated
 * copies share the teacher's mass, so the student computes the teacher exactly (a global minimum, P4 Thm 2).
 */
function teacherPoint(k: number, n: number): number[][] {
  const copies = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) copies[i % k]!++;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: k }, (_, c) => (c === i % k ? 1 / copies[i % k]! : 0)),
  );
}

/** What the lab keeps of a run: the end point and the studies' results about it. */
interface TsRun {
  k: number;
  n: number;
  end: number[][];
  hessian: HessianResult;
}

/** Largest Hessian dimension n·d (= n·k) the lab forms in the page: 1000² doubles = 8 MB, about a second to decompose. */
const BROWSER_HESSIAN_DIM = 1000;

export function teacherStudentLab() {
  const shell = labShell(
    'ts',
    'teacher-student',
    '2 · Teacher–student: global minimum, spurious minimum or saddle?',
    'A student Σᵢ[wᵢᵀx]₊ with n ReLU neurons learns a teacher Σⱼ[vⱼᵀx]₊ with k orthonormal neurons (V = I, d = k) under Gaussian inputs. The population loss F(W) = ½E[(student − teacher)²] has a closed form, so GD runs on the exact loss. Safran & Shamir found that GD often stops at spurious local minima (positive-definite Hessian, loss > 0) once k ≥ 6 when n = k; Safran, Yehudai & Shamir show that splitting a neuron of such a minimum (mild over-parameterization) turns it into a saddle: negative curvature appears along (u, −u). The Hessian at a global minimum with n = k has λ_min = ¼ − 1/(2π) ≈ 0.0908.',
    [
      ['https://arxiv.org/abs/1712.08968', 'Safran & Shamir 2018 (SS18), arXiv:1712.08968'],
      ['https://arxiv.org/abs/2006.01005', 'Safran, Yehudai & Shamir 2021 (P4), arXiv:2006.01005'],
    ],
  );
  const { panel, controls, output, st } = shell;
  // Every bound comes from the studies' schemas (the census's and the split's); the values are the demo's defaults.
  const S = SPURIOUS_MINIMA_SCHEMA;
  const f = {
    k: fieldInput(S.k, { label: 'teacher neurons k (= d)', name: 'ts-k', value: 6 }),
    n: fieldInput(S.maxN, {
      label: 'student neurons n',
      name: 'ts-n',
      value: 6,
      help: 'student neurons n = k + extra (bounded like the census’s maxN)',
    }),
    seed: fieldInput(SEED_FIELD, { label: 'seed', name: 'ts-seed', value: 10954 }),
    step: fieldInput(S.step, { label: 'GD step', name: 'ts-step', value: 0.1 }),
    maxIters: fieldInput(S.maxIters, { label: 'max iterations', name: 'ts-max-iters', value: 200000 }),
    tol: fieldInput(S.gradTol, { label: 'stop at max|∂F/∂wᵢ| <', name: 'ts-tol', value: 1e-9 }),
  };
  const init = selectField('initialisation', 'ts-init', [
    ['xavier', 'GD from Xavier N(0, 1/d)'],
    ['teacher', 'no GD: at W = V'],
  ]);
  const b = buttons('Run GD', 'ts');
  const alpha = fieldInput(SPLIT_NEURON_SCHEMA.alphas, {
    label: 'split fraction α',
    name: 'ts-alpha',
    value: 0.5,
  });
  const splitBtn = h('button', {
    type: 'button',
    'data-testid': 'ts-split',
    text: 'Split a neuron',
    disabled: true,
  });
  controls.append(
    h(
      'fieldset',
      {},
      h('legend', { text: 'Problem and GD' }),
      f.k.el,
      f.n.el,
      init.el,
      f.seed.el,
      f.step.el,
      f.maxIters.el,
      f.tol.el,
    ),
    b.el,
    h(
      'fieldset',
      {},
      h('legend', { text: 'Split a neuron (P4 Lemma 28/29)' }),
      alpha.el,
      h('div', { class: 'buttons' }, splitBtn),
    ),
    shell.meter.el,
    st.status,
    st.error,
  );
  const params = [
    f.k.param,
    f.n.param,
    init.param,
    f.seed.param,
    f.step.param,
    f.maxIters.param,
    f.tol.param,
    alpha.param,
  ];
  shell.bind(params);
  const lossChart = shell.chart('Population loss F(W) during GD', 'ts-loss', 'loss');
  const specChart = shell.chart('Hessian spectrum (sorted eigenvalues)', 'ts-spectrum', 'spectrum');
  const res = resultList('ts-results');
  const splitRes = resultList('ts-split-results');
  output.append(
    h('div', { class: 'charts' }, lossChart.el, specChart.el),
    h(
      'div',
      { class: 'charts' },
      h('div', { class: 'card' }, h('h3', { text: 'End point' }), res.el),
      h('div', { class: 'card' }, h('h3', { text: 'After splitting' }), splitRes.el),
    ),
  );

  let pool: Pool | null = null;
  const stop = () => pool?.cancel();
  let last: TsRun | null = null;
  const trace: { it: number; loss: number; grad: number; restarts: number }[] = [];
  const lossData = () => ({
    columns: ['iteration', 'loss', 'grad_max_neuron', 'restarts'],
    rows: trace.map((p) => [p.it, p.loss, p.grad, p.restarts]),
  });
  const specData = (before: number[], after?: number[], splitAlpha?: number) => () => ({
    columns: ['which', 'index', 'eigenvalue'],
    rows: [
      ...before.map((v, i) => ['end point', i, v]),
      ...(after ?? []).map((v, i) => ['after split', i, v]),
    ],
    extra: { lambdaMinAtGlobalMinimum: LMIN_BOUND, ...(after ? { splitAlpha } : {}) },
  });

  const drawLoss = (w: number) =>
    Plot.plot({
      width: w,
      height: 260,
      ariaLabel: 'Loss curve',
      y: { type: 'log', label: '↑ F(W)', grid: true },
      x: { label: 'iteration →' },
      marks: [
        Plot.line(
          trace.filter((p) => p.loss > 0),
          { x: 'it', y: 'loss', stroke: '#1f5fbf' },
        ),
        // The latest point, visible even when GD stops at once (e.g. started at a minimum).
        Plot.dot(trace.filter((p) => p.loss > 0).slice(-1), { x: 'it', y: 'loss', fill: '#1f5fbf', r: 3 }),
      ],
    });

  const drawSpectrum = (before: number[], after?: number[]) => (w: number) => {
    const data = [
      ...before.map((v, i) => ({ i, v, which: 'end point' })),
      ...(after ?? []).map((v, i) => ({ i, v, which: 'after split' })),
    ];
    return Plot.plot({
      width: w,
      height: 260,
      ariaLabel: 'Hessian eigenvalues',
      y: {
        type: 'symlog',
        constant: 1e-3,
        label: '↑ eigenvalue (symlog)',
        grid: true,
        ticks: [-1, -0.1, -0.01, 0, 0.01, 0.1, 1],
        tickFormat: (v: number) => String(v),
      },
      x: { label: 'index →' },
      color: { legend: true, domain: ['end point', 'after split'], range: ['#1f5fbf', '#d9480f'] },
      marks: [
        Plot.ruleY([0]),
        Plot.dot(data, { x: 'i', y: 'v', stroke: 'which', r: 2.5 }),
        Plot.ruleY([LMIN_BOUND], { stroke: '#0b7a5e', strokeDasharray: '3,3' }),
      ],
    });
  };

  controls.addEventListener('submit', async () => {
    st.clear();
    let v: ReturnType<typeof readAll<typeof f>>;
    let initValue: string;
    try {
      v = readAll(f);
      initValue = init.read();
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    if (initValue === 'xavier' && v.n < v.k) {
      st.fail(
        `student neurons n must be ≥ teacher neurons k for GD (the census runs n = k + extra). Values: n = ${v.n}, k = ${v.k}.`,
      );
      return;
    }
    // The lab forms the dense (n·k)² Hessian in the page: a resource limit of the browser, not a bound of the study.
    if (v.n * v.k > BROWSER_HESSIAN_DIM) {
      st.fail(
        `n·k must be ≤ ${BROWSER_HESSIAN_DIM} here: the lab forms the dense n·k × n·k Hessian in the browser (use the CLI, landscape-lab spurious-minima, for larger nets). Values: n = ${v.n}, k = ${v.k}.`,
      );
      return;
    }
    const workers = (pool ??= new Pool(1));
    trace.length = 0;
    last = null;
    splitBtn.disabled = true;
    splitRes.set([]);
    res.set([]);
    lossChart.set(drawLoss);
    specChart.set(() => h('p', { class: 'hint', text: 'The spectrum appears when GD stops.' }));
    st.info(initValue === 'xavier' ? 'Running GD…' : 'Computing the Hessian at W = V…');
    await runLab(
      shell,
      b,
      stop,
      async (progress) => {
        let end: number[][];
        let run: SmRunResult | null = null;
        let certified: boolean | null = null;
        let path: number[][] = [];
        if (initValue === 'xavier') {
          // One task of the spurious-minima census (SS18 protocol, the form's step / tolerance / budget), run by
          // the studies' traced run so the loss curve streams, then the census's own aggregate.
          const input: SpuriousMinimaInput = {
            k: [v.k],
            extra: [v.n - v.k],
            runs: 1,
            protocol: 'ss18',
            step: v.step,
            gradTol: v.tol,
            maxIters: v.maxIters,
          };
          const [task] = await workers.run<Task<SmTaskParams>[]>({
            kind: 'study-plan',
            study: 'spurious-minima',
            input,
            seed: v.seed,
          });
          const r = await workers.run<SmRunResult & { trace: SmTrace }>(
            { kind: 'sm-traced', task: task! },
            (data) => {
              for (const [it, loss, grad, restarts] of data as [number, number, number, number][]) {
                // A restart (step halved after divergence) starts the curve again from W₀.
                if (it === 0) trace.length = 0;
                trace.push({ it, loss, grad, restarts });
              }
              const p = trace[trace.length - 1];
              if (p) {
                st.info(`iteration ${p.it}: F = ${fmt(p.loss, 6)}`);
                progress(p.it, v.maxIters);
              }
              lossChart.schedule(drawLoss, lossData);
            },
          );
          const { trace: tr, ...value } = r;
          run = value;
          end = tr.end;
          path = tr.path;
          const agg = await workers.run<SpuriousMinimaResult>({
            kind: 'study-aggregate',
            study: 'spurious-minima',
            input,
            seed: v.seed,
            results: [{ id: task!.id, value }],
          });
          certified = agg.rows[0]!.families[0]?.certified ?? null;
        } else end = teacherPoint(v.k, v.n);
        // The Hessian study at the end point: loss, gradient, spectrum, inertia and label.
        const hs = await workers.run<HessianResult>({
          kind: 'study-sync',
          study: 'hessian',
          input: { W: end },
          seed: v.seed,
        });
        last = { k: v.k, n: v.n, end, hessian: hs };
        lossChart.set(drawLoss, lossData);
        specChart.set(drawSpectrum(hs.eigenvalues), specData(hs.eigenvalues));
        const label = hs.classification;
        const kind = label === 'local-minimum' ? 'good' : label === 'strict-saddle' ? 'warn' : 'bad';
        const outcome = run?.outcome ?? 'no GD (W = V)';
        const rows: [string, string, string | Node][] = [
          [
            'ts-outcome',
            'census outcome (F < 1e−3: global)',
            pill(outcome, outcome === 'spurious' ? 'bad' : outcome === 'global' ? 'good' : 'warn'),
          ],
          ['ts-class', 'Hessian study label', pill(label, kind)],
          ['ts-final-loss', 'F(W)', fmt(hs.loss, 6)],
          ['ts-grad', '‖∇F‖', fmt(hs.gradNorm, 3)],
          ['ts-lmin', 'λ_min(H)', fmt(hs.lambdaMin, 8)],
          ['ts-lmax', 'λ_max(H)', fmt(hs.lambdaMax, 6)],
          [
            'ts-inertia',
            'inertia (−, 0, +)',
            `${hs.inertia.negative}, ${hs.inertia.zero}, ${hs.inertia.positive} (|λ| ≤ ${fmt(hs.tolerance, 2)} counts as 0)`,
          ],
          [
            'ts-pd',
            'Hessian positive definite',
            hs.inertia.negative === 0 && hs.inertia.zero === 0 ? 'yes' : 'no',
          ],
        ];
        if (run) {
          rows.splice(2, 0, [
            'ts-iters',
            'iterations',
            `${run.iterations}${run.restarts ? ` (step halved ${run.restarts}× to ${fmt(run.step, 3)})` : ''}${run.outcome === 'unconverged' ? ' (not converged: raise max iterations)' : ''}`,
          ]);
          rows.push(['ts-normsum', 'Σ‖wᵢ‖ (≤ k at spurious minima)', fmt(run.normSum, 6)]);
          if (run.outcome === 'spurious') {
            rows.push([
              'ts-certified',
              'certified strict minimum (λ_min > tolerance)',
              certified ? 'yes' : 'no',
            ]);
            rows.push([
              'ts-hprime',
              'every H′ᵢᵢ = Hᵢᵢ − ½I has a negative eigenvalue',
              run.allBlocksIndefinite ? 'yes' : 'no',
            ]);
          }
        }
        res.set(rows);
        splitBtn.disabled = !(label === 'local-minimum' || label === 'degenerate');
        if (run?.outcome === 'unconverged')
          st.fail(
            `GD did not converge in ${run.iterations} iterations (max|∂F/∂wᵢ| ≥ ${v.tol}); the classification is not reliable.`,
          );
        st.info(
          run
            ? `Done: ${run.outcome} (${label}) after ${run.iterations} iterations.`
            : `Done: ${label} at W = V.`,
        );
        setSliceSource('ts', {
          lab: 'ts',
          k: v.k,
          n: v.n,
          d: v.k,
          center: end.flat(),
          trajectory: path.length ? path : [end.flat()],
          label: `Teacher–student k=${v.k}, n=${v.n}, seed ${v.seed} (${run?.outcome ?? 'W = V'}, ${label})`,
        });
      },
      'iterations',
    );
  });

  splitBtn.addEventListener('click', async () => {
    if (!last) return;
    st.clear();
    let a: number;
    try {
      a = alpha.read();
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    pool ??= new Pool(1);
    st.info('Splitting…');
    const at = last;
    try {
      // The split-neuron study over every neuron; the page shows the one with the most negative λ_min(H′ᵢᵢ).
      const sp = await pool.run<SplitNeuronResult>({
        kind: 'study-sync',
        study: 'split-neuron',
        input: { W: at.end, neurons: 'all', alphas: [a], spectrum: true },
        seed: 1,
      });
      const s = sp.splits.reduce((m: SplitRow, r) => (r.hPrimeMin < m.hPrimeMin ? r : m));
      specChart.set(
        drawSpectrum(at.hessian.eigenvalues, s.eigenvalues),
        specData(at.hessian.eigenvalues, s.eigenvalues, a),
      );
      splitRes.set([
        ['ts-split-neuron', 'split neuron', `${s.neuron + 1} into α = ${a} and 1 − α`],
        [
          'ts-split-class',
          'label after',
          pill(s.classification, s.classification === 'strict-saddle' ? 'good' : 'warn'),
        ],
        ['ts-split-grad', '‖∇F‖ after (still critical)', fmt(s.gradNorm, 3)],
        ['ts-split-loss', 'F after (unchanged)', fmt(s.loss, 6)],
        ['ts-split-lambda', 'λ_min(H′ᵢᵢ) before', fmt(s.hPrimeMin, 6)],
        ['ts-split-measured', 'dᵀHd along d = (u, −u), measured', fmt(s.measuredCurvature, 8)],
        ['ts-split-predicted', 'predicted λ(1/α + 1/(1−α))', fmt(s.predictedCurvature, 8)],
        ['ts-split-lmin', 'λ_min(H) after', fmt(s.lambdaMin, 6)],
      ]);
      st.info(`Split done: ${s.classification}.`);
      panel.dataset.split = 'true';
    } catch (e) {
      report(st, e);
    }
  });
  b.cancel.addEventListener('click', stop);
  return {
    id: 'ts',
    title: 'Teacher–student',
    panel,
    params,
    autoRun: () => controls.requestSubmit(),
  };
}
