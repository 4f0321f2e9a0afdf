/** Tiny DOM helpers: labelled fields, status/error regions, result lists, responsive chart slots. */
import {
  type Bounds,
  describeBounds,
  type EnumField,
  type IntField,
  type IntListField,
  inBounds,
  type NumberField,
  type NumberListField,
} from '@landscape-lab/studies';
import {
  type FigureContext,
  type FigureData,
  figureSvg,
  fileStem,
  saveBlob,
  svgToPng,
  toCsv,
  toJson,
} from './figure.js';
import { onBackend } from './pool.js';

let backendName = 'unknown';
onBackend((name) => {
  backendName = name;
});

/** One parameter of a lab as it appears in the URL: `key=value` with the raw form string. */
export interface Param {
  key: string;
  get(): string;
  /** Puts a raw value (e.g. from the URL) into the form; the form's own validation judges it at the next run. */
  set(v: string): void;
}

/** The URL key of a field named `<lab>-<key>`. */
const urlKey = (name: string) => name.replace(/^[^-]+-/, '');

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

export interface NumberSpec extends Bounds {
  label: string;
  value: number;
  step?: number | 'any';
  integer?: boolean;
  name: string;
  /** Tooltip (the schema field's help). */
  title?: string;
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
  if (spec.title) input.title = spec.title;
  const el = h('div', { class: 'field' }, h('label', { for: id, text: spec.label }), input);
  // A value the number input cannot hold (e.g. "abc" from a URL) is kept here so the error can quote it.
  let raw: string | null = null;
  input.addEventListener('input', () => {
    raw = null;
  });
  const read = (): number => {
    if (raw !== null) throw new Error(`${spec.label} must be a number. Value: "${raw}".`);
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v))
      throw new Error(`${spec.label} must be a number. Value: "${input.value}".`);
    if ((spec.integer && !Number.isSafeInteger(v)) || !inBounds(v, spec))
      throw new Error(`${spec.label} must be ${describeBounds(spec, spec.integer === true)}. Value: ${v}.`);
    input.removeAttribute('aria-invalid');
    return v;
  };
  const param: Param = {
    key: urlKey(spec.name),
    get: () => raw ?? input.value,
    set(v) {
      input.value = v;
      raw = input.value === v.trim() || Number(input.value) === Number(v) ? null : v;
    },
  };
  return { el, input, read, param, mark: () => input.setAttribute('aria-invalid', 'true') };
}

/**
 * A number input for one field of a study's schema (or one element of a list field): its bounds, integer steps,
 * label, tooltip and message come from the field, so the form restates no bound of the study.
 */
export function fieldInput(
  field: IntField | NumberField | IntListField | NumberListField,
  opts: { name: string; value: number; label?: string; help?: string },
) {
  return numberField({
    name: opts.name,
    value: opts.value,
    label: opts.label ?? field.label ?? field.help,
    title: opts.help ?? field.help,
    min: field.min,
    minExclusive: field.minExclusive,
    max: field.max,
    maxExclusive: field.maxExclusive,
    integer: field.kind === 'int' || field.kind === 'int-list',
  });
}

/** A select for an enum field of a study's schema; `labels` may give friendlier option texts. */
export function enumSelect(
  field: EnumField,
  name: string,
  labels: Partial<Record<string, string>> = {},
  label?: string,
) {
  return selectField(
    label ?? field.label ?? field.help,
    name,
    field.choices.map((c) => [c, labels[c] ?? c]),
    typeof field.default === 'string' ? field.default : undefined,
  );
}
export function selectField(label: string, name: string, options: [string, string][], value?: string) {
  const id = `f${++uid}-${name}`;
  const select = h('select', { id, name, 'data-testid': name });
  for (const [v, text] of options) select.append(h('option', { value: v, text }));
  if (value) select.value = value;
  const el = h('div', { class: 'field' }, h('label', { for: id, text: label }), select);
  // A value that is not an option (from a URL) is kept here and reported by `read()`.
  let bad: string | null = null;
  select.addEventListener('change', () => {
    bad = null;
    select.removeAttribute('aria-invalid');
  });
  /** The chosen option; throws a user-facing message (and marks the field) for a value that is not an option. */
  const read = (): string => {
    if (bad !== null) {
      select.setAttribute('aria-invalid', 'true');
      select.focus();
      throw new Error(`${label} must be one of ${options.map(([v]) => v).join(', ')}. Value: "${bad}".`);
    }
    return select.value;
  };
  const param: Param = {
    key: urlKey(name),
    get: () => bad ?? select.value,
    set(v) {
      if (options.some(([o]) => o === v)) {
        select.value = v;
        bad = null;
      } else bad = v;
    },
  };
  return { el, select, read, param };
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

/** Where a chart's downloads come from: the lab slug, a figure slug, and the lab's parameters and link. */
export interface ChartSource {
  lab: string;
  figure: string;
  /** The parameters of the run behind the figure and a link that reproduces it (taken when data is set). */
  snapshot: () => { params: Record<string, string>; link: string };
}

/**
 * A chart slot that re-renders on resize. `draw(width)` returns the element to show (an Observable Plot SVG or
 * figure). Only the latest draw function is kept. With a `source`, the figure header has SVG / PNG / CSV / JSON
 * download buttons, enabled while the slot shows a figure with data (`set(draw, data)`).
 */
export function chartSlot(title: string, testid: string, source?: ChartSource) {
  const body = h('div', { class: 'chart-body' });
  const head = h('div', { class: 'chart-head' }, h('h3', { text: title }));
  const el = h('figure', { class: 'chart card', 'data-testid': testid }, head, body);
  el.style.margin = '0';
  let draw: ((w: number) => Element) | null = null;
  let data: (() => FigureData) | null = null;
  let ctx: FigureContext | null = null;
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

  const dl: HTMLButtonElement[] = [];
  if (source) {
    const save = async (kind: 'svg' | 'png' | 'csv' | 'json') => {
      if (!data || !ctx) return;
      cancelAnimationFrame(raf);
      render(); // the export shows exactly the latest data
      const stem = fileStem(ctx.lab, ctx.figure, ctx.params);
      if (kind === 'csv') saveBlob(new Blob([toCsv(data())], { type: 'text/csv' }), `${stem}.csv`);
      else if (kind === 'json')
        saveBlob(new Blob([toJson(data(), ctx, backendName)], { type: 'application/json' }), `${stem}.json`);
      else {
        const svg = figureSvg(body, title, `Landscape Lab, ${ctx.lab}: ${ctx.link}`);
        if (!svg) return;
        if (kind === 'svg') saveBlob(new Blob([svg.text], { type: 'image/svg+xml' }), `${stem}.svg`);
        else saveBlob(await svgToPng(svg.text, svg.width, svg.height), `${stem}.png`);
      }
    };
    const tools = h('div', { class: 'downloads', role: 'group', 'aria-label': `Download ${title}` });
    const failure = h('p', { class: 'error', role: 'alert', 'data-testid': `${testid}-download-error` });
    for (const kind of ['svg', 'png', 'csv', 'json'] as const) {
      const b = h('button', {
        type: 'button',
        class: 'secondary small',
        'data-testid': `${testid}-${kind}`,
        'aria-label': `Download ${kind.toUpperCase()}: ${title}`,
        title:
          kind === 'csv' || kind === 'json' ? `the data behind the figure (${kind})` : `the figure (${kind})`,
        text: kind.toUpperCase(),
        disabled: true,
      });
      b.addEventListener('click', () => {
        failure.textContent = '';
        save(kind).catch((e) => {
          failure.textContent = `Download failed: ${(e as Error)?.message ?? String(e)}`;
        });
      });
      dl.push(b);
      tools.append(b);
    }
    head.append(tools, failure);
  }
  const setData = (d?: () => FigureData) => {
    data = d ?? null;
    ctx = d && source ? { lab: source.lab, figure: source.figure, title, ...source.snapshot() } : null;
    for (const b of dl) b.disabled = !data;
  };
  return {
    el,
    body,
    /** Shows a figure; pass `data` (the table behind it) to enable the downloads, omit it for hints. */
    set(fn: (w: number) => Element, d?: () => FigureData) {
      draw = fn;
      setData(d);
      render();
    },
    /** Re-render at most once per animation frame (for live updates). */
    schedule(fn: (w: number) => Element, d?: () => FigureData) {
      draw = fn;
      setData(d);
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(render);
    },
  };
}

/**
 * A progress bar with a percentage, for runs longer than a second: `start()` arms it (hidden), it appears after
 * {@link PROGRESS_DELAY_MS} if the run is still going; `set(done, total)` comes from the worker's progress;
 * `finish()` shows 100 % (if visible), `stop()` hides it.
 */
export const PROGRESS_DELAY_MS = 1000;

export function progressMeter(testid: string) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Progress of the run' });
  const label = h('span', { class: 'progress-label', 'data-testid': `${testid}-progress-label` });
  const el = h('div', { class: 'progress', 'data-testid': `${testid}-progress`, hidden: true }, bar, label);
  let timer = 0;
  let unit = '';
  const show = (done: number, total: number) => {
    const f = total > 0 ? Math.min(1, done / total) : 0;
    bar.max = total;
    bar.value = Math.min(done, total);
    el.dataset.done = String(done);
    el.dataset.total = String(total);
    el.dataset.percent = String(Math.floor(f * 100));
    label.textContent = `${Math.floor(f * 100)}% (${done}/${total}${unit ? ` ${unit}` : ''})`;
  };
  return {
    el,
    start(u = '') {
      clearTimeout(timer);
      unit = u;
      el.hidden = true;
      show(0, 1);
      timer = window.setTimeout(() => {
        el.hidden = false;
      }, PROGRESS_DELAY_MS);
    },
    set: show,
    /** The run is complete: 100 % (a run that stopped before its budget, e.g. GD that converged, says so). */
    finish() {
      clearTimeout(timer);
      const done = Number(el.dataset.done) || 0;
      const total = Number(el.dataset.total) || 1;
      show(total, total);
      if (done < total)
        label.textContent = `100% (finished after ${done} of at most ${total}${unit ? ` ${unit}` : ''})`;
    },
    stop() {
      clearTimeout(timer);
      el.hidden = true;
    },
  };
}

export function paperLink(href: string, text: string): HTMLAnchorElement {
  return h('a', { href, target: '_blank', rel: 'noopener', text });
}
