/** Page entry: tabs, backend badge, and the five labs. The main thread renders only; workers compute. */
import './style.css';
import { alphaBetaLab } from './labs/alphaBeta.js';
import { paramValues } from './labs/common.js';
import { linearFlowLab } from './labs/linearFlow.js';
import { phaseTransitionLab } from './labs/phaseTransition.js';
import { sliceLab } from './labs/slice.js';
import { teacherStudentLab } from './labs/teacherStudent.js';
import { onBackend, Pool } from './pool.js';
import { h } from './ui.js';
import { decodeState, encodeState } from './urlState.js';

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

let open = 0;
/** The open lab and its current parameters go into the URL, so the link reproduces the view. */
function writeUrl() {
  const lab = labs[open]!;
  history.replaceState(null, '', encodeState(lab.id, paramValues(lab.params)));
}

// What a link asks for but the page does not have is said above the panels until another tab is chosen (the
// lab's own form judges the values of the keys it knows).
const notice = h('p', { class: 'error link-notice', role: 'alert', 'data-testid': 'link-error' });
panels.before(notice);

// A lab runs by itself the first time it is shown, so it never opens on empty boxes.
const arrived = new Set<number>();
function show(i: number, focus = false) {
  open = i;
  notice.textContent = '';
  tabs.forEach((t, j) => {
    t.setAttribute('aria-selected', String(i === j));
    t.tabIndex = i === j ? 0 : -1;
    labs[j]!.panel.hidden = i !== j;
  });
  if (focus) tabs[i]!.focus();
  writeUrl();
  if (!arrived.has(i)) {
    arrived.add(i);
    labs[i]!.autoRun();
  }
}

for (const [i, lab] of labs.entries()) {
  // Typing, choosing, or a run started from the page (e.g. a click on the portrait) updates the URL.
  for (const ev of ['input', 'change', 'lab-run'])
    lab.panel.addEventListener(ev, () => {
      if (open === i) writeUrl();
    });
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

// A link `?lab=<id>&<key>=<value>…` opens that lab with those values (the form validates them when it runs).
const url = decodeState(location.search, location.hash);
const initial = Math.max(
  labs.findIndex((l) => l.id === url.lab),
  0,
);
const first = labs[initial]!;
const problems: string[] = [];
if (url.lab !== null && first.id !== url.lab)
  problems.push(
    `The link's lab must be one of ${labs.map((l) => l.id).join(', ')}. Value: "${url.lab}"; opened ${first.title}.`,
  );
const unknown: string[] = [];
for (const [key, value] of url.values) {
  const param = first.params.find((p) => p.key === key);
  if (param) param.set(value);
  else unknown.push(key);
}
if (unknown.length)
  problems.push(
    `Ignored link parameters that ${first.title} does not have: ${unknown.join(', ')} (it has ${first.params
      .map((p) => p.key)
      .join(', ')}).`,
  );
show(initial);
notice.textContent = problems.join(' ');

// One idle worker reports the backend for the badge before any lab runs (each lab's own pool reports too).
new Pool(1);
