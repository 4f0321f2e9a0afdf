import { SLICE_SCHEMA } from '@landscape-lab/studies';
import * as Plot from '@observablehq/plot';
import type { SliceResult } from '../compute/slice.js';
import { Pool } from '../pool.js';
import { onSliceSources, setSliceSource, sliceSources } from '../state.js';
import { fieldInput, fmt, h, type Param, readAll, resultList } from '../ui.js';
import { buttons, labShell, runLab } from './common.js';

/** Key of the built-in current point (the slice lab's own default). */
const BUILTIN = 'builtin';

export function sliceLab() {
  const shell = labShell(
    'slice',
    'landscape-slice',
    '5 · Landscape slice around the current point',
    'A 2-D slice of the loss around the current point of any lab you have run: θ(s, t) = θ_c + s·d₁ + t·d₂, with d₁ pointing back to where the trajectory started and d₂ a random direction orthogonal to it (for 2-D problems, the coordinate axes). The trajectory is projected onto the slice. A slice shows only two of many directions: a minimum in the slice need not be a minimum of the loss.',
    [
      [
        'https://arxiv.org/abs/1712.09913',
        'Li et al., Visualizing the Loss Landscape of Neural Nets, arXiv:1712.09913',
      ],
    ],
  );
  const { panel, controls, output, st } = shell;
  const sel = h('select', { id: 'slice-source', 'data-testid': 'slice-source' });
  const f = {
    grid: fieldInput(SLICE_SCHEMA.points, {
      label: 'grid points per axis (odd)',
      name: 'slice-grid',
      value: 41,
    }),
  };
  const b = buttons('Compute slice', 'slice');
  controls.append(
    h(
      'fieldset',
      {},
      h('legend', { text: 'Current point' }),
      h('div', { class: 'field' }, h('label', { for: 'slice-source', text: 'from lab' }), sel),
      f.grid.el,
    ),
    b.el,
    shell.meter.el,
    st.status,
    st.error,
  );
  // A source named in a URL that no lab has produced yet is kept here and reported when the slice runs.
  let wanted: string | null = null;
  const sourceParam: Param = {
    key: 'source',
    get: () => wanted ?? sel.value,
    set(v) {
      wanted = v;
      refresh();
    },
  };
  sel.addEventListener('change', () => {
    wanted = null;
  });
  const params = [sourceParam, f.grid.param];
  shell.bind(params);
  const chart = shell.chart(
    'Loss contours, log₁₀(f − f_min + ε), with the projected trajectory',
    'slice-chart',
    'contours',
  );
  const res = resultList('slice-results');
  output.append(chart.el, h('div', { class: 'card' }, res.el));
  chart.set(() => h('p', { class: 'hint', text: 'Computing the slice around the chosen point…' }));

  function refresh() {
    const cur = sel.value;
    sel.replaceChildren();
    for (const [key, src] of sliceSources()) sel.append(h('option', { value: key, text: src.label }));
    if (cur) sel.value = cur;
    if (wanted !== null && sliceSources().some(([k]) => k === wanted)) {
      sel.value = wanted;
      wanted = null;
    }
    if (!sel.value && sel.options.length) sel.selectedIndex = sel.options.length - 1;
  }
  // A current point that needs no other lab, so the slice has something to show on arrival.
  setSliceSource(BUILTIN, {
    lab: 'p1',
    portrait: 'linear',
    center: [0, 0],
    trajectory: [],
    label: 'Built-in: linear flow (1 − w₂w₁)² around its saddle at the origin',
  });
  onSliceSources(refresh);
  refresh();

  let pool: Pool | null = null;
  const stop = () => pool?.cancel();
  controls.addEventListener('submit', async () => {
    st.clear();
    const key = wanted ?? sel.value;
    const src = sliceSources().find(([k]) => k === key)?.[1];
    if (!src) {
      sel.setAttribute('aria-invalid', 'true');
      st.fail(
        `from lab must be a lab whose current point exists in this page (${sliceSources()
          .map(([k]) => k)
          .join(', ')}); run that lab first. Value: "${key}".`,
      );
      return;
    }
    sel.removeAttribute('aria-invalid');
    let v: ReturnType<typeof readAll<typeof f>>;
    try {
      v = readAll(f);
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    const workers = (pool ??= new Pool(1));
    await runLab(
      shell,
      b,
      stop,
      async (progress) => {
        const r = await workers.run<SliceResult>({ kind: 'slice', source: src, grid: v.grid }, (d) => {
          const row = (d as { row: number }).row + 1;
          st.info(`row ${row}/${v.grid}`);
          progress(row, v.grid);
        });
        const G = r.xs.length;
        const eps = 1e-12 * Math.max(1, Math.abs(r.min));
        const vals = r.values.map((x) => Math.log10(Math.max(x - r.min, 0) + eps));
        const hx = (r.xs[1]! - r.xs[0]!) / 2;
        const hy = (r.ys[1]! - r.ys[0]!) / 2;
        const box = { x1: r.xs[0]! - hx, x2: r.xs[G - 1]! + hx, y1: r.ys[0]! - hy, y2: r.ys[G - 1]! + hy };
        chart.set(
          (w) => {
            const size = Math.min(w, 560);
            return Plot.plot({
              width: size,
              height: size,
              ariaLabel: 'Contour plot of the loss slice',
              x: { label: `${r.axes[0]} →` },
              y: { label: `↑ ${r.axes[1]}` },
              color: { type: 'linear', scheme: 'viridis', legend: true, label: 'log₁₀(f − f_min)' },
              marks: [
                Plot.raster(vals, {
                  width: G,
                  height: G,
                  ...box,
                  fill: (d: number) => d,
                  interpolate: 'nearest',
                }),
                Plot.contour(vals, {
                  width: G,
                  height: G,
                  ...box,
                  stroke: 'white',
                  strokeOpacity: 0.6,
                  thresholds: 14,
                }),
                Plot.line(r.path, { stroke: '#ff6b35', strokeWidth: 2, markerEnd: 'arrow' }),
                Plot.dot([r.center], { fill: '#ff6b35', stroke: 'white', r: 5 }),
              ],
            });
          },
          () => ({
            columns: ['s', 't', 'loss'],
            rows: r.ys.flatMap((y, j) => r.xs.map((x, i) => [x, y, r.values[j * G + i]!])),
            extra: {
              source: src.label,
              axes: r.axes,
              center: r.center,
              path: r.path,
              maxResidual: r.maxResidual,
            },
          }),
        );
        res.set([
          ['slice-source-label', 'current point', src.label],
          ['slice-min', 'min f on the slice', fmt(r.min, 6)],
          ['slice-max', 'max f on the slice', fmt(r.max, 6)],
          ['slice-path', 'trajectory points projected', String(r.path.length)],
          ['slice-residual', 'max share of the motion off the plane', fmt(r.maxResidual, 3)],
        ]);
        st.info('Slice done.');
      },
      'rows',
    );
  });
  b.cancel.addEventListener('click', stop);
  return {
    id: 'slice',
    title: 'Landscape slice',
    panel,
    params,
    autoRun: () => controls.requestSubmit(),
  };
}
