import * as Plot from '@observablehq/plot';
import type { SliceResult } from '../compute/slice.js';
import { Pool } from '../pool.js';
import { onSliceSources, sliceSources } from '../state.js';
import { chartSlot, fmt, h, numberField, readAll, resultList } from '../ui.js';
import { buttons, labShell, runLab } from './common.js';

export function sliceLab() {
  const { panel, controls, output, st } = labShell(
    'slice',
    '5 · Landscape slice around the current point',
    'A 2-D slice of the loss around the current point of any lab you have run: θ(s, t) = θ_c + s·d₁ + t·d₂, with d₁ pointing back to where the trajectory started and d₂ a random direction orthogonal to it (for 2-D problems, the coordinate axes). The trajectory is projected onto the slice. A slice shows only two of many directions: a minimum in the slice need not be a minimum of the loss.',
    [
      [
        'https://arxiv.org/abs/1712.09913',
        'Li et al., Visualizing the Loss Landscape of Neural Nets, arXiv:1712.09913',
      ],
    ],
  );
  const sel = h('select', { id: 'slice-source', 'data-testid': 'slice-source' });
  const f = {
    grid: numberField({
      label: 'grid points per axis (odd)',
      name: 'slice-grid',
      value: 41,
      min: 5,
      max: 201,
      integer: true,
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
    st.status,
    st.error,
  );
  const chart = chartSlot(
    'Loss contours, log₁₀(f − f_min + ε), with the projected trajectory',
    'slice-chart',
  );
  const res = resultList('slice-results');
  output.append(chart.el, h('div', { class: 'card' }, res.el));
  chart.set(() => h('p', { class: 'hint', text: 'Run any lab first; its end point appears in the list.' }));

  const refresh = () => {
    const cur = sel.value;
    sel.replaceChildren();
    for (const [key, src] of sliceSources()) sel.append(h('option', { value: key, text: src.label }));
    if (cur) sel.value = cur;
    if (!sel.value && sel.options.length) sel.selectedIndex = sel.options.length - 1;
  };
  onSliceSources(refresh);
  refresh();

  let pool: Pool | null = null;
  controls.addEventListener('submit', async () => {
    st.clear();
    const src = sliceSources().find(([k]) => k === sel.value)?.[1];
    if (!src) {
      st.fail('No current point yet: run one of the other labs first.');
      return;
    }
    let v: ReturnType<typeof readAll<typeof f>>;
    try {
      v = readAll(f);
    } catch (e) {
      st.fail((e as Error).message);
      return;
    }
    const workers = (pool ??= new Pool(1));
    await runLab(panel, st, b, async () => {
      const r = await workers.run<SliceResult>({ kind: 'slice', source: src, grid: v.grid }, (d) =>
        st.info(`row ${(d as { row: number }).row + 1}/${v.grid}`),
      );
      const G = r.xs.length;
      const eps = 1e-12 * Math.max(1, Math.abs(r.min));
      const vals = r.values.map((x) => Math.log10(Math.max(x - r.min, 0) + eps));
      const hx = (r.xs[1]! - r.xs[0]!) / 2;
      const hy = (r.ys[1]! - r.ys[0]!) / 2;
      const box = { x1: r.xs[0]! - hx, x2: r.xs[G - 1]! + hx, y1: r.ys[0]! - hy, y2: r.ys[G - 1]! + hy };
      chart.set((w) => {
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
      });
      res.set([
        ['slice-source-label', 'current point', src.label],
        ['slice-min', 'min f on the slice', fmt(r.min, 6)],
        ['slice-max', 'max f on the slice', fmt(r.max, 6)],
        ['slice-path', 'trajectory points projected', String(r.path.length)],
        ['slice-residual', 'max share of the motion off the plane', fmt(r.maxResidual, 3)],
      ]);
      st.info('Slice done.');
    });
  });
  b.cancel.addEventListener('click', () => pool?.cancel());
  return { id: 'slice', title: 'Landscape slice', panel };
}
