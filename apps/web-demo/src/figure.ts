/**
 * Figure export: a standalone SVG (xmlns, computed styles inlined, legends stacked above the plot), a PNG (that
 * SVG drawn on a canvas at 2× resolution) and the data behind the figure as CSV and JSON.
 *
 * The pure parts (CSV, records, file names) are unit-tested in Node (`figure.test.ts`); the DOM parts run in the
 * page and are checked by the end-to-end test through real downloads.
 */

export type Cell = number | string | boolean | null;

/** The data a figure shows: one table (CSV) plus JSON-only details. */
export interface FigureData {
  columns: string[];
  rows: Cell[][];
  /** Extra details written to the JSON export only (e.g. an exact polygon, a trajectory). */
  extra?: Record<string, unknown>;
}

/** What a download records about where the figure came from. */
export interface FigureContext {
  /** Lab slug for file names, e.g. `phase-transition`. */
  lab: string;
  /** Figure slug, e.g. `heatmap`. */
  figure: string;
  title: string;
  /** The lab's parameters (URL keys → raw values) of the run that produced the figure. */
  params: Record<string, string>;
  /** A link that reopens the lab with these parameters. */
  link: string;
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  // String(x) is the shortest decimal that round-trips to the same double.
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line and `\n` line ends; numbers in shortest round-trip form, null as empty. */
export function toCsv(d: FigureData): string {
  for (const r of d.rows)
    if (r.length !== d.columns.length)
      throw new Error(
        `toCsv: invalid argument. Every row must have ${d.columns.length} cells. Value: ${r.length}.`,
      );
  return `${[d.columns, ...d.rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** The rows as records keyed by column name (the JSON form of the table). */
export function toRecords(d: FigureData): Record<string, Cell>[] {
  return d.rows.map((r) => Object.fromEntries(d.columns.map((c, i) => [c, r[i] ?? null])));
}

/**
 * `lab_figure_key-value_…`: runs of anything but letters, digits, `.`, `+`, `-` become `-`. Keys have no `-`, so
 * the first `-` of a part separates key and value and a value keeps its sign (`w2--1.5`).
 */
export function fileStem(lab: string, figure: string, params: Record<string, string>): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9.+-]+/g, '-');
  return [
    clean(lab),
    clean(figure),
    ...Object.entries(params).map(([k, v]) => `${clean(k)}-${clean(v) || 'empty'}`),
  ].join('_');
}

/** Library versions baked in at build time (vite `define`); empty in unit tests. */
export function versions(): Record<string, string> {
  return typeof __LAB_VERSIONS__ === 'undefined' ? {} : __LAB_VERSIONS__;
}

/** The JSON export: provenance (lab, parameters, seed, backend, versions, link) and the table as records. */
export function toJson(d: FigureData, ctx: FigureContext, backend: string): string {
  const seed = ctx.params.seed === undefined ? null : Number(ctx.params.seed);
  return `${JSON.stringify(
    {
      lab: ctx.lab,
      figure: ctx.figure,
      title: ctx.title,
      params: ctx.params,
      seed,
      backend,
      versions: versions(),
      link: ctx.link,
      created: new Date().toISOString(),
      columns: d.columns,
      data: toRecords(d),
      ...(d.extra ? { extra: d.extra } : {}),
    },
    null,
    1,
  )}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// DOM: standalone SVG and PNG.

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Inherited presentation properties: written where they differ from the parent's computed value. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'text-anchor',
  'visibility',
  'white-space',
];
/** Non-inherited properties with their initial values: written where they differ from it. */
const OWN: [string, string][] = [
  ['opacity', '1'],
  ['display', 'inline'],
  ['dominant-baseline', 'auto'],
  ['mix-blend-mode', 'normal'],
];

/** Copies the computed style of `src` (and its subtree) onto `dst` (a structural clone) as style attributes. */
function inlineStyles(src: Element, dst: Element, parent: CSSStyleDeclaration | null): void {
  const cs = getComputedStyle(src);
  const decl: string[] = [];
  for (const p of INHERITED) {
    const v = cs.getPropertyValue(p);
    if (v && (!parent || parent.getPropertyValue(p) !== v)) decl.push(`${p}:${v}`);
  }
  for (const [p, initial] of OWN) {
    const v = cs.getPropertyValue(p);
    if (v && v !== initial && !(p === 'display' && v !== 'none')) decl.push(`${p}:${v}`);
  }
  if (decl.length) dst.setAttribute('style', decl.join(';'));
  else dst.removeAttribute('style');
  for (let i = 0; i < src.children.length; i++) inlineStyles(src.children[i]!, dst.children[i]!, cs);
}

function sizeOf(el: Element): { w: number; h: number } {
  const r = el.getBoundingClientRect();
  const w = Number(el.getAttribute('width')) || r.width;
  const h = Number(el.getAttribute('height')) || r.height;
  return { w: Math.ceil(w), h: Math.ceil(h) };
}

/** A clone of an SVG element of the page with all its computed styles inlined. */
function standaloneClone(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, null);
  return clone;
}

/** A legend of swatches (Plot draws those as HTML) redrawn as SVG: one row of coloured squares and labels. */
function swatchRow(div: Element, width: number): { g: SVGGElement; h: number } | null {
  const items = [...div.querySelectorAll('[class$="-swatch"]')];
  if (!items.length) return null;
  const g = document.createElementNS(SVG_NS, 'g');
  const font = getComputedStyle(div);
  let x = 0;
  let y = 0;
  for (const it of items) {
    const shape = it.querySelector('svg *:not(title)');
    const label = (it.textContent ?? '').trim();
    const cs = shape ? getComputedStyle(shape) : null;
    const w = 15 + 6 + label.length * 7 + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 20;
    }
    const rect = document.createElementNS(SVG_NS, 'rect');
    const fill = cs?.getPropertyValue('fill');
    const stroke = cs?.getPropertyValue('stroke');
    const paint = fill && fill !== 'none' ? fill : (stroke ?? '#000');
    for (const [k, v] of Object.entries({ x, y, width: 15, height: 15, fill: paint }))
      rect.setAttribute(k, String(v));
    const text = document.createElementNS(SVG_NS, 'text');
    for (const [k, v] of Object.entries({ x: x + 21, y: y + 12 })) text.setAttribute(k, String(v));
    text.setAttribute(
      'style',
      `font-family:${font.fontFamily};font-size:${font.fontSize};fill:${font.color || '#000'}`,
    );
    text.textContent = label;
    g.append(rect, text);
    x += w;
  }
  return { g, h: y + 20 };
}

/** The figure's SVG parts in page order: ramp legends (SVG), swatch legends (HTML) and the plot itself. */
function parts(body: Element): Element[] {
  const out: Element[] = [];
  const walk = (el: Element) => {
    for (const c of el.children) {
      if (c instanceof SVGSVGElement) out.push(c);
      else if (/-swatches\b/.test(c.getAttribute('class') ?? '')) out.push(c);
      else walk(c);
    }
  };
  walk(body);
  return out;
}

/**
 * Serialises the figure in `body` as one standalone SVG document: every part (legends and plot) stacked
 * vertically inside one root `<svg xmlns=…>` with a white background and its computed styles inlined, so it
 * renders the same in any viewer. Returns null when `body` holds no SVG.
 */
export function figureSvg(
  body: Element,
  title: string,
  description: string,
): { text: string; width: number; height: number } | null {
  const ps = parts(body);
  if (!ps.some((p) => p instanceof SVGSVGElement)) return null;
  // A margin keeps the tick labels that Plot lets overflow its box (overflow: visible in the page) in the picture.
  const pad = 12;
  const inner = Math.max(...ps.map((p) => sizeOf(p).w));
  const width = inner + 2 * pad;
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  const t = document.createElementNS(SVG_NS, 'title');
  t.textContent = title;
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.textContent = description;
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', 'white');
  root.append(t, desc, bg);
  let y = pad;
  for (const p of ps) {
    if (p instanceof SVGSVGElement) {
      const { w, h } = sizeOf(p);
      const c = standaloneClone(p);
      c.setAttribute('x', String(pad));
      c.setAttribute('y', String(y));
      c.setAttribute('width', String(w));
      c.setAttribute('height', String(h));
      c.setAttribute('overflow', 'visible');
      root.append(c);
      y += h + 4;
    } else {
      const row = swatchRow(p, inner);
      if (!row) continue;
      row.g.setAttribute('transform', `translate(${pad},${y + 2})`);
      root.append(row.g);
      y += row.h + 6;
    }
  }
  const height = Math.ceil(y + pad);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  return { text, width, height };
}

/** Draws an SVG document on a canvas (white background, `scale`× resolution) and encodes it as PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('PNG export: this browser has no 2-D canvas.');
    g.fillStyle = 'white';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) =>
      canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG export: encoding failed.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a blob under a file name (an `<a download>` click; the browser's download manager does the rest). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can abort the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
