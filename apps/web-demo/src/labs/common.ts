import { CancelledError } from '../pool.js';
import { h, paperLink, statusArea } from '../ui.js';

export interface Lab {
  id: string;
  title: string;
  panel: HTMLElement;
}

/** Panel skeleton: explanation paragraph with paper link, a control card, and an output area. */
export function labShell(id: string, title: string, explanation: string, links: [string, string][]) {
  const controls = h('form', { class: 'controls card', 'aria-label': `${title} controls` });
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
  return { panel, controls, output, st };
}

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

/**
 * Runs one computation of a lab: Run is disabled and Cancel enabled meanwhile, the panel's `data-done` marker (which
 * the end-to-end test waits for) is cleared at the start and set on success, and a failure or cancellation is
 * reported in the status area rather than thrown.
 */
export async function runLab(
  panel: HTMLElement,
  st: ReturnType<typeof statusArea>,
  b: ReturnType<typeof buttons>,
  work: () => Promise<void>,
): Promise<void> {
  b.run.disabled = true;
  b.cancel.disabled = false;
  delete panel.dataset.done;
  try {
    await work();
    panel.dataset.done = 'true';
  } catch (e) {
    report(st, e);
  } finally {
    b.run.disabled = false;
    b.cancel.disabled = true;
  }
}
