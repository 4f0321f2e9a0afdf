import {
  LINEAR_FLOW_SCHEMA,
  type LinearFlowInput,
  type LinearFlowResult,
  SEED_FIELD,
} from '@landscape-lab/studies';
import * as Plot from '@observablehq/plot';
import { flowField, invariant, type Portrait, type Trajectory } from '../compute/linearFlow.js';
import { Pool } from '../pool.js';
import { setSliceSource } from '../state.js';
import { fieldInput, fmt, h, numberField, type Param, readAll, resultList, selectField } from '../ui.js';
import { buttons, labShell, report, runLab } from './common.js';

const BOX = 2.5;

export function linearFlowLab() {
  const shell = labShell(
    'p1',
    'linear-flow',
    '3 · Linear network flow: invariants, saddles and imbalance',
    'Gradient flow on g(w₁, w₂) = f(w₂w₁) conserves the imbalance w₁w₁ᵀ − w₂ᵀw₂, so each trajectory stays on a level set of the invariant (thin curves). With f(z) = (1 − z)² the origin is a saddle whose stable manifold w₁ = −w₂ depends on f only through the sign of f′(0); every other start converges to the target set w₁w₂ = 1. The sigmoidal variant g = (1 − w₂σ(w₁))² (σ(z) = z/√(1+z²)) has invariant w₂² − ½(1 + w₁²)² and manifolds on its level −½. Click the portrait to start a trajectory. In the k-dimensional vector case, the same product z with a larger imbalance c converges faster: c only rescales time.',
    [['https://arxiv.org/abs/2511.09810', 'Oliveira, Jatkar & Sontag (P1), arXiv:2511.09810']],
  );
  const { panel, controls, output, st } = shell;
  const portrait = selectField('problem', 'p1-portrait', [
    ['linear', 'linear: (1 − w₂w₁)²'],
    ['sigmoidal', 'sigmoidal: (1 − w₂σ(w₁))²'],
  ]);
  const f = {
    w1: numberField({ label: 'start w₁', name: 'p1-w1', value: 0.5, min: -BOX, max: BOX }),
    w2: numberField({ label: 'start w₂', name: 'p1-w2', value: -1.5, min: -BOX, max: BOX }),
    T: numberField({ label: 'flow time T', name: 'p1-T', value: 20, min: 0.01, max: 1000 }),
  };
  const b = buttons('Start trajectory', 'p1');
  const clear = h('button', {
    type: 'button',
    class: 'secondary',
    'data-testid': 'p1-clear',
    text: 'Clear trajectories',
  });
  // The imbalance c of the second run, on a log scale (the first run is balanced, c = 0).
  const etaId = 'p1-logc';
  const eta = h('input', {
    id: etaId,
    type: 'range',
    min: -1,
    max: 3,
    step: 0.25,
    value: 1,
    'data-testid': 'p1-logc',
    'aria-describedby': 'p1-logc-val',
  });
  const etaVal = h('output', { id: 'p1-logc-val', for: etaId, text: 'log₁₀ c = 1' });
  // The slider clamps and rounds what it is given; a URL value it cannot hold is kept and reported at the run.
  let etaRaw: string | null = null;
  const etaParam: Param = {
    key: 'logc',
    get: () => etaRaw ?? eta.value,
    set(v) {
      eta.value = v;
      etaRaw = v.trim() !== '' && Number(eta.value) === Number(v) ? null : v;
      etaVal.textContent = `log₁₀ c = ${eta.value}`;
    },
  };
  const readEta = (): number => {
    if (etaRaw !== null) {
      eta.setAttribute('aria-invalid', 'true');
      throw new Error(`log₁₀ c must be a number from −1 to 3 in steps of 0.25. Value: "${etaRaw}".`);
    }
    eta.removeAttribute('aria-invalid');
    return Number(eta.value);
  };
  const imb = {
    k: fieldInput(LINEAR_FLOW_SCHEMA.width, { label: 'vector case: width k', name: 'p1-k', value: 3 }),
    seed: fieldInput(SEED_FIELD, { label: 'seed', name: 'p1-seed', value: 3 }),
  };
  const imbBtn = h('button', {
    type: 'button',
    'data-testid': 'p1-imbalance-run',
    text: 'Compare imbalance',
  });
  controls.append(
    h('fieldset', {}, h('legend', { text: 'Phase portrait' }), portrait.el, f.w1.el, f.w2.el, f.T.el),
    b.el,
    shell.meter.el,
    h('div', { class: 'buttons' }, clear),
    h(
      'fieldset',
      {},
      h('legend', { text: 'Imbalance (P1 Prop. 7)' }),
      imb.k.el,
      imb.seed.el,
      h(
        'div',
        { class: 'field' },
        h('label', { for: etaId, text: 'imbalance of run 2 (run 1: c = 0)' }),
        eta,
      ),
      h('p', { class: 'hint' }, etaVal, ' (same product z₀ = 0.1; the linear-flow study builds both starts)'),
      h('div', { class: 'buttons' }, imbBtn),
    ),
    st.status,
    st.error,
  );
  const params = [portrait.param, f.w1.param, f.w2.param, f.T.param, imb.k.param, imb.seed.param, etaParam];
  shell.bind(params);
  const por = shell.chart(
    'Phase portrait: −∇g, invariant level sets, manifolds, trajectories',
    'p1-portrait-chart',
    'portrait',
  );
  por.el.classList.add('portrait');
  const imbChart = shell.chart(
    'f(z(t)) for the same z(0): balanced vs rescaled',
    'p1-imbalance-chart',
    'imbalance',
  );
  const trajRes = resultList('p1-traj-results');
  const imbRes = resultList('p1-imbalance-results');
  output.append(
    h('div', { class: 'charts' }, por.el, imbChart.el),
    h(
      'div',
      { class: 'charts' },
      h('div', { class: 'card' }, h('h3', { text: 'Last trajectory' }), trajRes.el),
      h('div', { class: 'card' }, h('h3', { text: 'Imbalance comparison' }), imbRes.el),
    ),
  );

  let pool: Pool | null = null;
  const stop = () => pool?.cancel();
  const trajs: { id: number; pts: [number, number][] }[] = [];
  let kind: Portrait = 'linear';
  // The trajectories drawn on the portrait, one row per point.
  const portraitData = () => ({
    columns: ['trajectory', 'w1', 'w2'],
    rows: trajs.flatMap((t) => t.pts.map(([x, y]) => [t.id + 1, x, y])),
    extra: { portrait: kind, box: BOX },
  });

  const field = () => {
    const pts: { x: number; y: number; a: number; m: number }[] = [];
    for (let i = 0; i <= 16; i++)
      for (let j = 0; j <= 16; j++) {
        const x = -BOX + (2 * BOX * i) / 16;
        const y = -BOX + (2 * BOX * j) / 16;
        const [dx, dy] = flowField(kind, x, y);
        pts.push({ x, y, a: (Math.atan2(dx, dy) * 180) / Math.PI, m: Math.hypot(dx, dy) });
      }
    return pts;
  };
  const curves = () => {
    const xs = Array.from({ length: 201 }, (_, i) => -BOX + (2 * BOX * i) / 200);
    if (kind === 'linear')
      return {
        stable: xs.map((x) => [x, -x]),
        unstable: xs.map((x) => [x, x]),
        target: [
          xs.filter((x) => x > 0.39).map((x) => [x, 1 / x]),
          xs.filter((x) => x < -0.39).map((x) => [x, 1 / x]),
        ],
      };
    const m = (x: number) => x * Math.sqrt((2 + x * x) / 2);
    const t = (x: number) => Math.sqrt(1 + x * x) / x;
    return {
      stable: xs.map((x) => [x, -m(x)]),
      unstable: xs.map((x) => [x, m(x)]),
      target: [
        xs.filter((x) => x > 0.45).map((x) => [x, t(x)]),
        xs.filter((x) => x < -0.45).map((x) => [x, t(x)]),
      ],
    };
  };

  const drawPortrait = (w: number) => {
    const size = Math.min(w, 520);
    const c = curves();
    const plot = Plot.plot({
      width: size,
      height: size,
      ariaLabel: `Phase portrait of the ${kind} problem`,
      x: { domain: [-BOX, BOX], label: 'w₁ →' },
      y: { domain: [-BOX, BOX], label: '↑ w₂' },
      color: { legend: false },
      marks: [
        Plot.contour({
          value: (x: number, y: number) => invariant(kind, x, y),
          x1: -BOX,
          x2: BOX,
          y1: -BOX,
          y2: BOX,
          thresholds: 24,
          stroke: '#b9c2d6',
          strokeWidth: 0.8,
        }),
        Plot.vector(field(), { x: 'x', y: 'y', rotate: 'a', length: 9, stroke: '#7b8294', anchor: 'middle' }),
        Plot.line(c.stable, { stroke: '#0b7a5e', strokeWidth: 2.5, clip: true }),
        Plot.line(c.unstable, { stroke: '#d9480f', strokeWidth: 2.5, strokeDasharray: '6,3', clip: true }),
        ...c.target.map((seg) => Plot.line(seg, { stroke: '#1f5fbf', strokeWidth: 2.5, clip: true })),
        ...trajs.map((t) =>
          Plot.line(t.pts, { stroke: '#111', strokeWidth: 1.8, markerEnd: 'arrow', clip: true }),
        ),
        Plot.dot(
          trajs.map((t) => t.pts[0]!),
          { fill: '#111', r: 3 },
        ),
        Plot.dot([[0, 0]], { stroke: '#d9480f', r: 5, strokeWidth: 2 }),
        Plot.text(
          [
            { x: -BOX + 0.1, y: BOX - 0.15, t: '— stable manifold', c: '#0b7a5e' },
            { x: -BOX + 0.1, y: BOX - 0.4, t: '-- unstable manifold', c: '#d9480f' },
            { x: -BOX + 0.1, y: BOX - 0.65, t: '— target set (global minima)', c: '#1f5fbf' },
          ],
          {
            x: 'x',
            y: 'y',
            text: 't',
            fill: 'c',
            textAnchor: 'start',
            fontSize: 11,
            stroke: 'white',
            strokeWidth: 4,
          },
        ),
      ],
    });
    plot.addEventListener('click', (ev: Event) => {
      const e = ev as MouseEvent;
      const sx = plot.scale('x');
      const sy = plot.scale('y');
      const r = plot.getBoundingClientRect();
      const scale = size / r.width;
      const x = sx?.invert?.((e.clientX - r.left) * scale);
      const y = sy?.invert?.((e.clientY - r.top) * scale);
      if (typeof x !== 'number' || typeof y !== 'number' || Math.abs(x) > BOX || Math.abs(y) > BOX) return;
      f.w1.input.value = x.toFixed(3);
      f.w2.input.value = y.toFixed(3);
      void start();
    });
    return plot;
  };

  const start = async () => {
    st.clear();
    let v: ReturnType<typeof readAll<typeof f>>;
    try {
      const chosen = portrait.read() as Portrait;
      if (chosen !== kind) {
        kind = chosen;
        trajs.length = 0;
      }
      v = readAll(f);
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    const workers = (pool ??= new Pool(1));
    await runLab(shell, b, stop, async (progress) => {
      progress(0, 1);
      const t = await workers.run<Trajectory>({
        kind: 'p1-traj',
        portrait: kind,
        w1: v.w1,
        w2: v.w2,
        T: v.T,
        box: BOX,
      });
      trajs.push({
        id: trajs.length,
        pts: t.points.filter((p) => Math.abs(p[0]) <= 2 * BOX && Math.abs(p[1]) <= 2 * BOX),
      });
      progress(1, 1);
      por.set(drawPortrait, portraitData);
      const end = t.points[t.points.length - 1]!;
      const c0 = invariant(kind, v.w1, v.w2);
      trajRes.set([
        ['p1-start', 'start (w₁, w₂)', `(${fmt(v.w1)}, ${fmt(v.w2)})`],
        ['p1-end', `end at t = ${fmt(t.t[t.t.length - 1]!, 3)}`, `(${fmt(end[0])}, ${fmt(end[1])})`],
        ['p1-final-loss', 'final loss g', fmt(t.finalLoss, 3)],
        ['p1-invariant', 'invariant C (conserved)', fmt(c0, 6)],
        ['p1-drift', 'max |C(t) − C(0)| (DP5, rtol 1e−10)', fmt(t.invariantDrift, 2)],
      ]);
      st.info(`Trajectory done: final loss ${fmt(t.finalLoss, 3)}.`);
      setSliceSource('p1', {
        lab: 'p1',
        portrait: kind,
        center: end,
        trajectory: t.points.filter((_, i) => i % Math.ceil(t.points.length / 200) === 0),
        label: `Linear flow (${kind}) from (${fmt(v.w1)}, ${fmt(v.w2)})`,
      });
    });
  };
  controls.addEventListener('submit', () => void start());
  portrait.select.addEventListener('change', () => {
    kind = portrait.select.value as Portrait;
    trajs.length = 0;
    por.set(drawPortrait, portraitData);
  });
  clear.addEventListener('click', () => {
    trajs.length = 0;
    por.set(drawPortrait, portraitData);
  });
  b.cancel.addEventListener('click', stop);

  const runImbalance = async () => {
    st.clear();
    delete panel.dataset.imbalance;
    let v: ReturnType<typeof readAll<typeof imb>>;
    let e: number;
    try {
      v = readAll(imb);
      e = readEta();
    } catch (err) {
      st.fail((err as Error).message);
      return;
    }
    etaVal.textContent = `log₁₀ c = ${e}`;
    shell.snapshot();
    pool ??= new Pool(1);
    try {
      // The linear-flow study's imbalance runs (vector case, widths 1-k-1, f(z) = ½(z − 1)², z₀ = 0.1): same
      // product, imbalance 0 and c, built exactly from the seed; its reduced-ODE check and invariant drift.
      const c = 10 ** e;
      const input: LinearFlowInput = {
        depth: 2,
        width: v.k,
        inDim: 1,
        outDim: 1,
        cost: 'quadratic',
        target: 1,
        product: 0.1,
        imbalance: [0, c],
        tMax: 12,
        tol: 1e-6,
        portraits: false,
      };
      const res = await pool.run<LinearFlowResult>({
        kind: 'study-sync',
        study: 'linear-flow',
        input,
        seed: v.seed,
      });
      const runs = res.runs;
      const data = runs.flatMap((r) =>
        r.samples
          .filter((s) => s.loss > 1e-14)
          .map((s) => ({ t: s.t, f: s.loss, run: `c = ${fmt(r.imbalance, 3)}` })),
      );
      imbChart.set(
        (w) =>
          Plot.plot({
            width: w,
            height: 280,
            ariaLabel: 'Loss against time for two imbalances',
            y: { type: 'log', label: '↑ f(z(t)) = ½(z − 1)²', grid: true },
            x: { label: 't →' },
            color: { legend: true },
            marks: [Plot.line(data, { x: 't', y: 'f', stroke: 'run' })],
          }),
        () => ({
          columns: ['c', 't', 'f', 'z'],
          rows: runs.flatMap((r) => r.samples.map((s) => [r.imbalance, s.t, s.loss, s.z ?? null])),
          extra: {
            k: v.k,
            seed: v.seed,
            runs: runs.map((r) => ({
              c: r.imbalance,
              initialImbalance: r.initialImbalance,
              timeToTol: r.timeToTol,
              reducedOdeError: r.reducedOdeError,
              invariantDrift: r.invariantDrift,
            })),
          },
        }),
      );
      imbRes.set(
        runs.flatMap((r, i) => [
          [`p1-imb-c-${i}`, `run ${i + 1}: imbalance c at t = 0`, fmt(r.initialImbalance, 5)],
          [
            `p1-imb-t-${i}`,
            `run ${i + 1}: time to f ≤ 1e−6`,
            r.timeToTol === null ? 'not reached' : fmt(r.timeToTol, 4),
          ],
          [
            `p1-imb-ode-${i}`,
            `run ${i + 1}: max |z − z_reduced ODE|`,
            fmt(r.reducedOdeError ?? Number.NaN, 2),
          ],
          [`p1-imb-drift-${i}`, `run ${i + 1}: max ‖C(t) − C(0)‖`, fmt(r.invariantDrift, 2)],
        ]) as [string, string, string][],
      );
      st.info('Imbalance comparison done.');
      panel.dataset.imbalance = 'true';
    } catch (err) {
      report(st, err);
    }
  };
  imbBtn.addEventListener('click', () => void runImbalance());
  eta.addEventListener('change', () => void runImbalance());
  eta.addEventListener('input', () => {
    etaRaw = null;
    etaVal.textContent = `log₁₀ c = ${eta.value}`;
  });
  por.set(drawPortrait, portraitData);
  imbChart.set(() => h('p', { class: 'hint', text: 'Move the slider or press "Compare imbalance".' }));
  return {
    id: 'p1',
    title: 'Linear flow',
    panel,
    params,
    autoRun() {
      // The imbalance comparison clears the status lines: it follows only a trajectory whose input was valid.
      void start().then(() => {
        if (!st.error.textContent) void runImbalance();
      });
    },
  };
}
