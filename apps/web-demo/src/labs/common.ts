import { CancelledError } from '../pool.js';
import { chartSlot, h, type Param, paperLink, progressMeter, statusArea } from '../ui.js';
import { encodeState } from '../urlState.js';

export interface Lab {
  id: string;
  title: string;
  panel: HTMLElement;
  /** The lab's parameters as they appear in the URL (`?lab=<id>&<key>=<value>…`). */
  params: Param[];
  /** Runs the lab with the parameters in its form (on first arrival, or on opening a link). */
  autoRun(): void;
}

/** The current values of a lab's parameters, keyed by URL key. */
export function paramValues(params: Param[]): Record<string, string> {
  return Object.fromEntries(params.map((p) => [p.key, p.get()]));
}

/** The page URL that opens lab `id` with these parameter values. */
export function labLink(id: string, values: Record<string, string>): string {
  return `${location.origin}${location.pathname}${encodeState(id, values)}`;
}

/**
 * Panel skeleton: explanation paragraph with paper link, a control card (our own validation: `novalidate`), a
 * progress meter, and an output area. `slug` names the lab in download file names. `bind(params)` declares the
 * lab's URL parameters; `snapshot()` records them when a run starts, and charts made by `chart()` stamp their
 * downloads with the snapshot of the run that drew them.
 */
export function labShell(
  id: string,
  slug: string,
  title: string,
  explanation: string,
  links: [string, string][],
) {
  const controls = h('form', { class: 'controls card', 'aria-label': `${title} controls`, novalidate: true });
  controls.addEventListener('submit', (e) => e.preventDefault());
  const output = h('div', { class: 'output' });
  const st = statusArea();
  const p = h('p', { class: 'explain' }, explanation, ' ');
  links.forEach(([href, text], i) => {
    if (i) p.append(' · ');
    p.append(paperLink(href, text));
  });
  const panel = h(
    'section',
    { id: `panel-${id}`, role: 'tabpanel', 'aria-labelledby': `tab-${id}`, 'data-lab': id, tabindex: 0 },
    h('h2', { text: title }),
    p,
    h('div', { class: 'lab-grid' }, h('div', {}, controls), output),
  );
  const meter = progressMeter(id);
  controls.append(meter.el);
  let params: Param[] = [];
  let snap: Record<string, string> = {};
  const shell = {
    id,
    panel,
    controls,
    output,
    st,
    meter,
    bind(ps: Param[]) {
      params = ps;
      snap = paramValues(ps);
    },
    /** Records the current parameters as those of the run now starting. */
    snapshot() {
      snap = paramValues(params);
    },
    chart(chartTitle: string, testid: string, figure: string) {
      return chartSlot(chartTitle, testid, {
        lab: slug,
        figure,
        snapshot: () => ({ params: { ...snap }, link: labLink(id, snap) }),
      });
    },
  };
  return shell;
}

export type Shell = ReturnType<typeof labShell>;

export function buttons(runLabel: string, testid: string) {
  const run = h('button', { type: 'submit', 'data-testid': `${testid}-run`, text: runLabel });
  const cancel = h('button', {
    type: 'button',
    class: 'secondary',
    'data-testid': `${testid}-cancel`,
    text: 'Cancel',
    disabled: true,
  });
  return { el: h('div', { class: 'buttons' }, run, cancel), run, cancel };
}

/** Reports an exception from a run: cancellation is a status, anything else an error line. */
export function report(st: ReturnType<typeof statusArea>, e: unknown): void {
  if (e instanceof CancelledError) st.info('Cancelled.');
  else st.fail(`Error: ${(e as Error)?.message ?? String(e)}`);
}

export function poolSize(max: number): number {
  const hc = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(max, hc - 1));
}

interface RunState {
  gen: number;
  busy: boolean;
}
const runStates = new WeakMap<HTMLElement, RunState>();

/** Progress callback handed to a run: tasks done out of total (fed from worker messages). */
export type Progress = (done: number, total: number) => void;

/**
 * Runs one computation of a lab. Pressing Run again (or an automatic run being replaced by the user's) cancels
 * the run in flight through `stop` (which terminates the lab's workers) and starts the new one; the replaced run
 * then leaves the page alone. Cancel is enabled meanwhile; the panel's `data-done` marker (which the end-to-end
 * test waits for) is cleared at the start and set on success; the progress meter appears after a second and ends
 * at 100 %; a failure or cancellation is reported in the status area rather than thrown.
 */
export async function runLab(
  shell: Shell,
  b: ReturnType<typeof buttons>,
  stop: () => void,
  work: (progress: Progress) => Promise<void>,
  unit = '',
): Promise<void> {
  const { panel, st, meter } = shell;
  let s = runStates.get(panel);
  if (!s) runStates.set(panel, (s = { gen: 0, busy: false }));
  if (s.busy) stop();
  const gen = ++s.gen;
  const state = s;
  const current = () => state.gen === gen;
  s.busy = true;
  b.cancel.disabled = false;
  delete panel.dataset.done;
  shell.snapshot();
  panel.dispatchEvent(new CustomEvent('lab-run', { bubbles: true }));
  meter.start(unit);
  try {
    await work((done, total) => {
      if (current()) meter.set(done, total);
    });
    if (!current()) return;
    meter.finish();
    panel.dataset.done = 'true';
  } catch (e) {
    if (!current()) return;
    meter.stop();
    report(st, e);
  } finally {
    if (current()) {
      s.busy = false;
      b.cancel.disabled = true;
    }
  }
}
