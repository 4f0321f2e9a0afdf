import * as Plot from '@observablehq/plot';
import type { SplitResult, TSResult } from '../compute/tsLab.js';
import { Pool } from '../pool.js';
import { setSliceSource } from '../state.js';
import { fmt, h, numberField, pill, readAll, resultList, selectField } from '../ui.js';
import { buttons, labShell, report, runLab } from './common.js';

const LMIN_BOUND = 0.25 - 1 / (2 * Math.PI);

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
  const f = {
    k: numberField({
      label: 'teacher neurons k (= d)',
      name: 'ts-k',
      value: 6,
      min: 1,
      max: 20,
      integer: true,
    }),
    n: numberField({ label: 'student neurons n', name: 'ts-n', value: 6, min: 1, max: 25, integer: true }),
    seed: numberField({ label: 'seed', name: 'ts-seed', value: 10954, min: 0, max: 2 ** 31, integer: true }),
    step: numberField({ label: 'GD step', name: 'ts-step', value: 0.1, min: 1e-6, max: 10 }),
    maxIter: numberField({
      label: 'max iterations',
      name: 'ts-maxiter',
      value: 200000,
      min: 1,
      max: 5e6,
      integer: true,
    }),
    tol: numberField({ label: 'stop at max|∂F/∂wᵢ| <', name: 'ts-tol', value: 1e-9, min: 1e-15, max: 1 }),
  };
  const init = selectField('initialisation', 'ts-init', [
    ['xavier', 'Xavier: N(0, 1/d) (SS18)'],
    ['teacher', 'at the teacher: W = V'],
  ]);
  const b = buttons('Run GD', 'ts');
  const alpha = numberField({
    label: 'split fraction α',
    name: 'ts-alpha',
    value: 0.5,
    min: 0.01,
    max: 0.99,
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
      f.maxIter.el,
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
    f.maxIter.param,
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
  let last: TSResult | null = null;
  const trace: { it: number; loss: number; grad: number }[] = [];
  const lossData = () => ({
    columns: ['iteration', 'loss', 'grad_max_abs'],
    rows: trace.map((p) => [p.it, p.loss, p.grad]),
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
    const workers = (pool ??= new Pool(1));
    trace.length = 0;
    last = null;
    splitBtn.disabled = true;
    splitRes.set([]);
    res.set([]);
    lossChart.set(drawLoss);
    specChart.set(() => h('p', { class: 'hint', text: 'The spectrum appears when GD stops.' }));
    st.info('Running GD…');
    await runLab(
      shell,
      b,
      stop,
      async (progress) => {
        const r = await workers.run<TSResult>(
          {
            kind: 'ts-run',
            params: {
              k: v.k,
              n: v.n,
              seed: v.seed,
              init: initValue as 'xavier' | 'teacher',
              step: v.step,
              maxIter: v.maxIter,
              gradTol: v.tol,
            },
          },
          (data) => {
            for (const [it, loss, grad] of data as [number, number, number][]) trace.push({ it, loss, grad });
            const p = trace[trace.length - 1];
            if (p) {
              st.info(`iteration ${p.it}: F = ${fmt(p.loss, 6)}`);
              progress(p.it, v.maxIter);
            }
            lossChart.schedule(drawLoss, lossData);
          },
        );
        last = r;
        lossChart.set(drawLoss, lossData);
        specChart.set(drawSpectrum(r.spectrum.values), specData(r.spectrum.values));
        const cls = r.classification;
        const kind = cls === 'global minimum' ? 'good' : cls === 'spurious local minimum' ? 'bad' : 'warn';
        res.set([
          ['ts-class', 'classification', pill(cls, kind)],
          ['ts-final-loss', 'F(W)', fmt(r.loss, 6)],
          ['ts-grad', '‖∇F‖', fmt(r.gradNorm, 3)],
          [
            'ts-iters',
            'iterations',
            `${r.iterations}${r.converged ? '' : ' (not converged: raise max iterations)'}`,
          ],
          ['ts-lmin', 'λ_min(H)', fmt(r.spectrum.lambdaMin, 8)],
          ['ts-lmax', 'λ_max(H)', fmt(r.spectrum.lambdaMax, 6)],
          [
            'ts-inertia',
            'inertia (−, 0, +)',
            `${r.spectrum.negative}, ${r.spectrum.zero}, ${r.spectrum.positive} (|λ| ≤ ${fmt(r.spectrum.tol, 2)} counts as 0)`,
          ],
          [
            'ts-pd',
            'Hessian positive definite',
            r.spectrum.negative === 0 && r.spectrum.zero === 0 ? 'yes' : 'no',
          ],
          ['ts-normsum', 'Σ‖wᵢ‖ (≤ k at spurious minima)', fmt(r.normSum, 6)],
          ['ts-hprime', 'min over i of λ_min(H′ᵢᵢ)', fmt(Math.min(...r.hPrimeMin), 5)],
        ]);
        splitBtn.disabled = r.spectrum.negative > 0 || !r.converged;
        if (!r.converged)
          st.fail(
            `GD did not converge in ${r.iterations} iterations (max|∂F/∂wᵢ| ≥ ${v.tol}); the classification is not reliable.`,
          );
        st.info(`Done: ${cls} after ${r.iterations} iterations.`);
        setSliceSource('ts', {
          lab: 'ts',
          k: v.k,
          n: v.n,
          d: v.k,
          center: r.w,
          trajectory: r.trajectory,
          label: `Teacher–student k=${v.k}, n=${v.n}, seed ${v.seed} (${cls})`,
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
    try {
      const s = await pool.run<SplitResult>({
        kind: 'ts-split',
        k: last.problem.k,
        n: last.problem.n,
        w: last.w,
        alpha: a,
      });
      specChart.set(
        drawSpectrum(s.before.values, s.after.values),
        specData(s.before.values, s.after.values, a),
      );
      splitRes.set([
        ['ts-split-neuron', 'split neuron', `${s.neuron + 1} into α = ${a} and 1 − α`],
        [
          'ts-split-class',
          'classification after',
          pill(s.classificationAfter, s.classificationAfter === 'saddle' ? 'good' : 'warn'),
        ],
        ['ts-split-grad', '‖∇F‖ after (still critical)', fmt(s.gradNormAfter, 3)],
        ['ts-split-loss', 'F after (unchanged)', fmt(s.lossAfter, 6)],
        ['ts-split-lambda', 'λ_min(H′ᵢᵢ) before', fmt(s.lambdaHPrime, 6)],
        ['ts-split-measured', 'curvature along (u,−u)/√2, measured', fmt(s.measuredCurvature, 8)],
        ['ts-split-predicted', 'predicted λ(1/α + 1/(1−α))/2', fmt(s.predictedCurvature, 8)],
        ['ts-split-lmin', 'λ_min(H) after', fmt(s.after.lambdaMin, 6)],
      ]);
      st.info(`Split done: ${s.classificationAfter}.`);
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
