/** Page entry: tabs, backend badge, and the five labs. The main thread renders only; workers compute. */
import './style.css';
import { alphaBetaLab } from './labs/alphaBeta.js';
import { linearFlowLab } from './labs/linearFlow.js';
import { phaseTransitionLab } from './labs/phaseTransition.js';
import { sliceLab } from './labs/slice.js';
import { teacherStudentLab } from './labs/teacherStudent.js';
import { onBackend, Pool } from './pool.js';
import { h } from './ui.js';

const badge = document.getElementById('backend-badge')!;
onBackend((name, err) => {
  badge.dataset.backend = name;
  badge.textContent = `backend: ${name}`;
  badge.title =
    err ??
    (name === 'wasm-simd' ? 'WebAssembly SIMD kernels in Web Workers' : 'pure-TypeScript reference kernels');
});

const labs = [phaseTransitionLab(), teacherStudentLab(), linearFlowLab(), alphaBetaLab(), sliceLab()];
const tablist = document.getElementById('tabs')!;
const panels = document.getElementById('panels')!;
const tabs = labs.map((lab, i) => {
  const tab = h('button', {
    role: 'tab',
    id: `tab-${lab.id}`,
    'aria-controls': `panel-${lab.id}`,
    'data-testid': `tab-${lab.id}`,
    text: `${i + 1}. ${lab.title}`,
  });
  tablist.append(tab);
  panels.append(lab.panel);
  return tab;
});

function show(i: number, focus = false) {
  tabs.forEach((t, j) => {
    t.setAttribute('aria-selected', String(i === j));
    t.tabIndex = i === j ? 0 : -1;
    labs[j]!.panel.hidden = i !== j;
  });
  if (focus) tabs[i]!.focus();
  history.replaceState(null, '', `#${labs[i]!.id}`);
}

tabs.forEach((t, i) => {
  t.addEventListener('click', () => show(i));
  t.addEventListener('keydown', (e) => {
    const n = tabs.length;
    if (e.key === 'ArrowRight') show((i + 1) % n, true);
    else if (e.key === 'ArrowLeft') show((i - 1 + n) % n, true);
    else if (e.key === 'Home') show(0, true);
    else if (e.key === 'End') show(n - 1, true);
    else return;
    e.preventDefault();
  });
});

const initial = labs.findIndex((l) => `#${l.id}` === location.hash);
show(Math.max(initial, 0));

// One idle worker reports the backend for the badge before any lab runs (each lab's own pool reports too).
new Pool(1);
