/**
 * A small SVG toolkit for the study figures. d3-scale, d3-shape and d3-contour compute scales, paths and contours
 * (they are DOM-free); this module assembles the SVG text itself: a frame with axes and ticks, then layers
 * (heat-map cells, lines, contours, points, text). Output is deterministic for given data.
 */
import { contours } from 'd3-contour';
import { type ScaleLinear, scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

/** Escapes text for SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Default categorical palette (colour-blind-friendly, Okabe–Ito). */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];

const fmt = (x: number): string => (Math.abs(x) < 1e-12 ? '0' : Number(x.toFixed(2)).toString());

/** Plot geometry. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly margin: { top: number; right: number; bottom: number; left: number };
}

const DEFAULT_FRAME: Frame = {
  width: 640,
  height: 440,
  margin: { top: 40, right: 150, bottom: 50, left: 70 },
};

type Scale = ScaleLinear<number, number> | ReturnType<typeof scaleLog<number, number>>;

/** A figure under construction: scales plus an ordered list of SVG fragments. */
export class Figure {
  readonly frame: Frame;
  readonly x: Scale;
  readonly y: Scale;
  private readonly layers: string[] = [];
  private readonly legend: { label: string; color: string; dash?: string; marker?: boolean }[] = [];
  private readonly title: string;
  private readonly logY: boolean;
  private readonly integerX: boolean;
  private readonly xLabel: string;
  private readonly yLabel: string;

  constructor(opts: {
    title: string;
    xLabel: string;
    yLabel: string;
    xDomain: [number, number];
    yDomain: [number, number];
    logY?: boolean;
    /** Only integer ticks on the x axis (e.g. a count such as k). */
    integerX?: boolean;
    frame?: Partial<Frame>;
  }) {
    this.frame = { ...DEFAULT_FRAME, ...opts.frame };
    const { width, height, margin } = this.frame;
    this.title = opts.title;
    this.logY = opts.logY === true;
    this.integerX = opts.integerX === true;
    this.xLabel = opts.xLabel;
    this.yLabel = opts.yLabel;
    const [x0, x1] = widen(opts.xDomain);
    this.x = scaleLinear()
      .domain([x0, x1])
      .range([margin.left, width - margin.right]);
    if (opts.logY) {
      const lo = Math.max(opts.yDomain[0], 1e-300);
      const hi = Math.max(opts.yDomain[1], lo * 10);
      this.y = scaleLog()
        .domain([lo, hi])
        .range([height - margin.bottom, margin.top])
        .clamp(true);
    } else {
      const [y0, y1] = widen(opts.yDomain);
      this.y = scaleLinear()
        .domain([y0, y1])
        .range([height - margin.bottom, margin.top]);
    }
  }

  /** Adds raw SVG (already in pixel coordinates). */
  raw(fragment: string): this {
    this.layers.push(fragment);
    return this;
  }

  /** Draws a polyline through data points; NaN/±Infinity break the line. */
  polyline(
    points: readonly (readonly [number, number])[],
    style: { color: string; width?: number; dash?: string; label?: string },
  ): this {
    const x = this.x;
    const y = this.y;
    const path = line<readonly [number, number]>()
      .defined((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))(points);
    if (path)
      this.layers.push(
        `<path d="${path}" fill="none" stroke="${style.color}" stroke-width="${style.width ?? 1.6}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} clip-path="url(#plot)"/>`,
      );
    if (style.label) this.legend.push({ label: style.label, color: style.color, dash: style.dash });
    return this;
  }

  /** Draws markers at data points. */
  points(
    points: readonly (readonly [number, number])[],
    style: { color: string; r?: number; label?: string },
  ): this {
    const r = style.r ?? 3;
    for (const p of points)
      if (Number.isFinite(p[0]) && Number.isFinite(p[1]))
        this.layers.push(
          `<circle cx="${fmt(this.x(p[0]))}" cy="${fmt(this.y(p[1]))}" r="${r}" fill="${style.color}"/>`,
        );
    if (style.label) this.legend.push({ label: style.label, color: style.color, marker: true });
    return this;
  }

  /** Draws axis-aligned cells (data coordinates) filled with the given colours, e.g. a heat map. */
  cells(
    cells: readonly { x0: number; x1: number; y0: number; y1: number; color: string; title?: string }[],
  ): this {
    for (const c of cells) {
      const xa = this.x(c.x0);
      const xb = this.x(c.x1);
      const ya = this.y(c.y1);
      const yb = this.y(c.y0);
      const t = c.title ? `<title>${esc(c.title)}</title>` : '';
      this.layers.push(
        `<rect shape-rendering="crispEdges" x="${fmt(Math.min(xa, xb))}" y="${fmt(Math.min(ya, yb))}" width="${fmt(Math.abs(xb - xa))}" height="${fmt(Math.abs(yb - ya))}" fill="${c.color}" clip-path="url(#plot)">${t}</rect>`,
      );
    }
    return this;
  }

  /**
   * Draws level sets of a scalar field sampled on a regular grid over the current domain.
   * @param values row-major samples, `values[j * nx + i]` at (x_i, y_j), x_i and y_j evenly spaced over the
   *   given data ranges (first and last sample on the range ends).
   */
  contours(
    values: ArrayLike<number>,
    nx: number,
    ny: number,
    xr: [number, number],
    yr: [number, number],
    thresholds: readonly number[],
    style: {
      color?: string | ((level: number) => string);
      fill?: (level: number) => string;
      width?: number;
      label?: string;
    },
  ): this {
    const gen = contours()
      .size([nx, ny])
      .thresholds(thresholds as number[]);
    const data = Array.from(values, (v) => (Number.isFinite(v) ? v : Number.NaN));
    // Grid index (i, j) ↦ data (x_i, y_j): marching squares returns coordinates in [0, nx] × [0, ny] where a
    // sample sits at the centre of its cell (i + 0.5).
    const sx = (xr[1] - xr[0]) / Math.max(1, nx - 1);
    const sy = (yr[1] - yr[0]) / Math.max(1, ny - 1);
    const toPx = (gx: number, gy: number): string =>
      `${fmt(this.x(xr[0] + (gx - 0.5) * sx))},${fmt(this.y(yr[0] + (gy - 0.5) * sy))}`;
    for (const c of gen(data)) {
      let d = '';
      for (const poly of c.coordinates)
        for (const ring of poly) d += `M${ring.map(([gx, gy]) => toPx(gx, gy)).join('L')}Z`;
      if (!d) continue;
      const stroke = typeof style.color === 'function' ? style.color(c.value) : (style.color ?? '#555');
      const fill = style.fill ? style.fill(c.value) : 'none';
      this.layers.push(
        `<path d="${d}" fill="${fill}" stroke="${stroke}" stroke-width="${style.width ?? 0.8}" clip-path="url(#plot)"><title>level ${esc(String(c.value))}</title></path>`,
      );
    }
    if (style.label)
      this.legend.push({ label: style.label, color: typeof style.color === 'string' ? style.color : '#555' });
    return this;
  }

  /** Adds a legend entry without drawing anything (for layers drawn by hand). */
  legendEntry(label: string, color: string, dash?: string): this {
    this.legend.push({ label, color, dash });
    return this;
  }

  /** Places a text label at data coordinates. */
  text(
    x: number,
    y: number,
    s: string,
    opts: { color?: string; anchor?: 'start' | 'middle' | 'end'; size?: number } = {},
  ): this {
    this.layers.push(
      `<text x="${fmt(this.x(x))}" y="${fmt(this.y(y))}" fill="${opts.color ?? '#222'}" font-size="${opts.size ?? 11}" text-anchor="${opts.anchor ?? 'start'}">${esc(s)}</text>`,
    );
    return this;
  }

  /** The complete SVG document. */
  toString(): string {
    const { width, height, margin } = this.frame;
    const pw = width - margin.left - margin.right;
    const ph = height - margin.top - margin.bottom;
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
      `<defs><clipPath id="plot"><rect x="${margin.left}" y="${margin.top}" width="${pw}" height="${ph}"/></clipPath></defs>`,
      `<rect width="${width}" height="${height}" fill="#fff"/>`,
      `<text x="${margin.left + pw / 2}" y="${margin.top - 16}" text-anchor="middle" font-size="14" font-weight="bold">${esc(this.title)}</text>`,
      ...this.layers,
      `<rect x="${margin.left}" y="${margin.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
      ...this.axes(),
      ...this.legendSvg(),
      '</svg>',
      '',
    ];
    return out.join('\n');
  }

  private axes(): string[] {
    const { width, height, margin } = this.frame;
    const out: string[] = [];
    const xb = height - margin.bottom;
    const xs = this.x as ScaleLinear<number, number>;
    const xf = this.integerX ? (t: number) => String(t) : xs.tickFormat(6);
    const xTicks = this.integerX ? xs.ticks(6).filter((t) => Number.isInteger(t)) : xs.ticks(6);
    for (const t of xTicks) {
      const px = fmt(xs(t));
      out.push(`<line x1="${px}" x2="${px}" y1="${xb}" y2="${xb + 5}" stroke="#333"/>`);
      out.push(`<text x="${px}" y="${xb + 18}" text-anchor="middle" font-size="11">${esc(xf(t))}</text>`);
    }
    const ys = this.y as ScaleLinear<number, number>;
    let yTicks = this.logY
      ? ys.ticks(6).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9)
      : ys.ticks(6);
    if (yTicks.length > 9) {
      const every = Math.ceil(yTicks.length / 8);
      yTicks = yTicks.filter((_, i) => i % every === 0);
    }
    const yf = this.logY ? (t: number) => `1e${Math.round(Math.log10(t))}` : ys.tickFormat(6);
    for (const t of yTicks) {
      const py = fmt(ys(t));
      out.push(`<line x1="${margin.left - 5}" x2="${margin.left}" y1="${py}" y2="${py}" stroke="#333"/>`);
      out.push(
        `<text x="${margin.left - 8}" y="${py}" dy="0.32em" text-anchor="end" font-size="11">${esc(yf(t))}</text>`,
      );
    }
    out.push(
      `<text x="${margin.left + (width - margin.left - margin.right) / 2}" y="${height - 12}" text-anchor="middle" font-size="12">${esc(this.xLabel)}</text>`,
    );
    const cy = margin.top + (height - margin.top - margin.bottom) / 2;
    out.push(
      `<text x="16" y="${cy}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${cy})">${esc(this.yLabel)}</text>`,
    );
    return out;
  }

  private legendSvg(): string[] {
    const { width, margin } = this.frame;
    const x0 = width - margin.right + 12;
    return this.legend.flatMap((e, i) => {
      const y = margin.top + 8 + i * 18;
      const mark = e.marker
        ? `<circle cx="${x0 + 10}" cy="${y}" r="4" fill="${e.color}"/>`
        : `<line x1="${x0}" x2="${x0 + 20}" y1="${y}" y2="${y}" stroke="${e.color}" stroke-width="2"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>`;
      return [mark, `<text x="${x0 + 26}" y="${y}" dy="0.32em" font-size="11">${esc(e.label)}</text>`];
    });
  }
}

function widen([a, b]: [number, number]): [number, number] {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return [0, 1];
  if (a === b) return a === 0 ? [-1, 1] : [a - Math.abs(a) * 0.1, b + Math.abs(b) * 0.1];
  return a < b ? [a, b] : [b, a];
}

/**
 * A diverging colour ramp from blue (0) through light grey to red (1), as in P3 Fig. 2 (red = certain success).
 * @param t value in [0, 1] (clamped).
 */
export function successColor(t: number): string {
  const s = scaleLinear<string>().domain([0, 0.5, 1]).range(['#2c7bb6', '#f7f7f7', '#d7191c']).clamp(true);
  return s(t);
}

/** A sequential colour ramp (light to dark blue) over [lo, hi]. */
export function sequentialColor(lo: number, hi: number): (v: number) => string {
  const s = scaleLinear<string>().domain([lo, hi]).range(['#f0f9ff', '#08306b']).clamp(true);
  return (v) => s(v);
}

/** Evenly spaced thresholds over [lo, hi] (count levels, excluding the ends). */
export function levels(lo: number, hi: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= count; i++) out.push(lo + ((hi - lo) * i) / (count + 1));
  return out;
}

/** A colour legend bar for a heat map, drawn at the right margin. */
export function colorBar(
  fig: Figure,
  label: string,
  color: (t: number) => string,
  lo: number,
  hi: number,
): string {
  const { width, margin, height } = fig.frame;
  const x = width - margin.right + 20;
  const top = margin.top + 40;
  const h = Math.min(180, height - margin.top - margin.bottom - 60);
  const steps = 20;
  const parts: string[] = [`<text x="${x}" y="${top - 10}" font-size="11">${esc(label)}</text>`];
  for (let i = 0; i < steps; i++) {
    const t = 1 - i / steps;
    parts.push(
      `<rect x="${x}" y="${fmt(top + (i * h) / steps)}" width="14" height="${fmt(h / steps + 0.5)}" fill="${color(t)}"/>`,
    );
  }
  parts.push(`<text x="${x + 20}" y="${top + 8}" font-size="10">${esc(String(hi))}</text>`);
  parts.push(`<text x="${x + 20}" y="${top + h}" font-size="10">${esc(String(lo))}</text>`);
  return parts.join('\n');
}

/** [lo, hi] widened by `frac` of its span on both sides (so markers on the extremes are not cut by the frame). */
export function padded(lo: number, hi: number, frac = 0.06): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - frac * span, hi + frac * span];
}
