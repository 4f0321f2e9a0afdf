/** Tiny DOM helpers: labelled fields, status/error regions, result lists, responsive chart slots. */

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) el.append(c);
  return el;
}

let uid = 0;

export interface NumberSpec {
  label: string;
  value: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
  name: string;
}

/** A labelled number input; `read()` validates and throws a user-facing message. */
export function numberField(spec: NumberSpec) {
  const id = `f${++uid}-${spec.name}`;
  const input = h('input', {
    id,
    type: 'number',
    name: spec.name,
    value: spec.value,
    min: spec.min,
    max: spec.max,
    step: spec.step ?? (spec.integer ? 1 : 'any'),
    inputmode: spec.integer ? 'numeric' : 'decimal',
    'data-testid': spec.name,
  });
  const el = h('div', { class: 'field' }, h('label', { for: id, text: spec.label }), input);
  const read = (): number => {
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v))
      throw new Error(`${spec.label} must be a number. Value: "${input.value}".`);
    if (spec.integer && !Number.isInteger(v))
      throw new Error(`${spec.label} must be an integer. Value: ${v}.`);
    if (spec.min !== undefined && v < spec.min)
      throw new Error(`${spec.label} must be ≥ ${spec.min}. Value: ${v}.`);
    if (spec.max !== undefined && v > spec.max)
      throw new Error(`${spec.label} must be ≤ ${spec.max}. Value: ${v}.`);
    input.removeAttribute('aria-invalid');
    return v;
  };
  return { el, input, read, mark: () => input.setAttribute('aria-invalid', 'true') };
}

export function selectField(label: string, name: string, options: [string, string][], value?: string) {
  const id = `f${++uid}-${name}`;
  const select = h('select', { id, name, 'data-testid': name });
  for (const [v, text] of options) select.append(h('option', { value: v, text }));
  if (value) select.value = value;
  const el = h('div', { class: 'field' }, h('label', { for: id, text: label }), select);
  return { el, select };
}

/** Reads a set of fields; on the first bad value marks it and rethrows. */
export function readAll<T extends Record<string, ReturnType<typeof numberField>>>(
  fields: T,
): { [K in keyof T]: number } {
  const out = {} as { [K in keyof T]: number };
  for (const key of Object.keys(fields) as (keyof T)[]) {
    try {
      out[key] = fields[key]!.read();
    } catch (e) {
      fields[key]!.mark();
      fields[key]!.input.focus();
      throw e;
    }
  }
  return out;
}

/** A results definition list; `set` replaces its rows. Each dd gets data-testid = key. */
export function resultList(testid: string) {
  const dl = h('dl', { class: 'results', 'data-testid': testid });
  return {
    el: dl,
    set(rows: [key: string, label: string, value: string | Node][]) {
      dl.replaceChildren();
      for (const [key, label, value] of rows)
        dl.append(h('dt', { text: label }), h('dd', { 'data-testid': key }, value));
    },
  };
}

export function pill(text: string, kind: 'good' | 'bad' | 'warn'): HTMLElement {
  return h('span', { class: `pill ${kind}`, text });
}

export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}

/** Status (polite live region) and error (alert) lines of a lab. */
export function statusArea() {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'error' });
  return {
    status,
    error,
    info(t: string) {
      status.textContent = t;
    },
    fail(t: string) {
      error.textContent = t;
    },
    clear() {
      error.textContent = '';
    },
  };
}

/**
 * A chart slot that re-renders on resize. `draw(width)` returns the element to show (an Observable Plot SVG or
 * figure). Only the latest draw function is kept.
 */
export function chartSlot(title: string, testid: string) {
  const body = h('div', { class: 'chart-body' });
  const el = h('figure', { class: 'chart card', 'data-testid': testid }, h('h3', { text: title }), body);
  el.style.margin = '0';
  let draw: ((w: number) => Element) | null = null;
  let raf = 0;
  const render = () => {
    if (!draw) return;
    const w = Math.max(280, Math.floor(body.clientWidth || 480));
    body.replaceChildren(draw(w));
  };
  new ResizeObserver(() => {
    cancelAnimationFrame(raf);
    raf = requestAnimationFrame(render);
  }).observe(body);
  return {
    el,
    body,
    set(fn: (w: number) => Element) {
      draw = fn;
      render();
    },
    /** Re-render at most once per animation frame (for live updates). */
    schedule(fn: (w: number) => Element) {
      draw = fn;
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(render);
    },
  };
}

export function paperLink(href: string, text: string): HTMLAnchorElement {
  return h('a', { href, target: '_blank', rel: 'noopener', text });
}
