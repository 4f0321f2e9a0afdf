/**
 * The exact valid (α, β) region of recorded samples, and α_min(β) on its left boundary.
 *
 * Algorithm: because every T_k is affine, the valid set {(α, β): β ≥ 0, α ≥ β + minGap, T_k(α, β) ≥ 0 ∀k} is a
 * convex polygon once clipped to a box [0, αmax] × [0, βmax]. It is computed exactly (up to rounding) by clipping the
 * box successively against each half-plane a_k α − b_k β ≤ g_k (Sutherland–Hodgman for one convex polygon).
 * Complexity O(K·V) for K samples and V vertices (V ≤ K + 5, in practice a handful).
 * Numerical caveats: vertex tests use a relative tolerance of 8ε·(|a α| + |b β| + |g|), so a vertex may violate a
 * constraint by a few ulps of its terms; the region is unbounded along (1, 1) (if (α, β) is valid so is
 * (α + δ, β + δ), P2 §2.1), so the box's top-right corner is usually part of it — `touchesBox` says so.
 * @see P2 §2.1 (Definition 1), §2.4 (estimation from trajectories)
 */
import {
  checkNumber,
  checkOptions,
  NON_NEGATIVE,
  POSITIVE,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';
import { checkPoint } from '../internal/check.js';
import { EPS } from '../internal/vec.js';
import { checkSamples } from './check.js';
import type { AlphaBetaSamples } from './samples.js';

/** A pair (α, β). */
export interface AlphaBetaPair {
  alpha: number;
  beta: number;
}

/** Options of {@link alphaBetaRegion}. */
export interface AlphaBetaRegionOptions {
  /** Require α ≥ β + minGap (default 0, the closure of Definition 1's α > β; P2's heatmaps use 0.1). */
  minGap?: number;
  /** Upper bound of the α box (default 1e9). */
  alphaMax?: number;
  /** Upper bound of the β box (default: alphaMax). */
  betaMax?: number;
}

/** The exact valid region of {@link alphaBetaRegion}. */
export interface AlphaBetaRegion {
  /** True when no pair in the box satisfies every sample (e.g. a sample with a = b = 0 and g < 0). */
  empty: boolean;
  /** Polygon vertices (α, β), counter-clockwise, without repeats. Empty when `empty`. */
  vertices: AlphaBetaPair[];
  /**
   * Pareto-minimal vertices (no other valid pair has both α′ ≤ α and β′ ≤ β), by increasing β: the lower-left
   * corner(s) of the region; usually one pair, or a chain along which α decreases as β grows.
   */
  minimalPairs: AlphaBetaPair[];
  /** Vertices of the left boundary α_min(β) (smallest valid α for each β), by increasing β. */
  leftBoundary: AlphaBetaPair[];
  /** Smallest valid α (NaN when empty) and the smallest β at which it is attained. */
  alphaMin: number;
  betaAtAlphaMin: number;
  /** Smallest valid β (NaN when empty). */
  betaMin: number;
  /** True when a vertex lies on α = alphaMax or β = betaMax: the box, not the samples, bounds the region there. */
  touchesBox: boolean;
  /** The box and gap used. */
  alphaMax: number;
  betaMax: number;
  minGap: number;
  /** Number of samples. */
  samples: number;
}

type P = [number, number];

/** Clips a convex polygon (CCW) to {p : nx·p.x + ny·p.y ≤ c}. */
function clip(poly: P[], nx: number, ny: number, c: number): P[] {
  const out: P[] = [];
  const len = poly.length;
  if (len === 0) return out;
  const s = new Float64Array(len);
  const inside = new Array<boolean>(len);
  for (let i = 0; i < len; i++) {
    const [x, y] = poly[i]!;
    const v = nx * x + ny * y - c;
    s[i] = v;
    inside[i] = v <= 8 * EPS * (Math.abs(nx * x) + Math.abs(ny * y) + Math.abs(c));
  }
  for (let i = 0; i < len; i++) {
    const j = (i + 1) % len;
    const P0 = poly[i]!;
    const P1 = poly[j]!;
    if (inside[i]) out.push(P0);
    if (inside[i] !== inside[j]) {
      const t = s[i]! / (s[i]! - s[j]!);
      out.push([P0[0] + t * (P1[0] - P0[0]), P0[1] + t * (P1[1] - P0[1])]);
    }
  }
  return cleanup(out);
}

/** Removes repeated and collinear vertices (relative tolerance). */
function cleanup(poly: P[]): P[] {
  let scale = 0;
  for (const [x, y] of poly) scale = Math.max(scale, Math.abs(x), Math.abs(y));
  const tol = 64 * EPS * Math.max(scale, 1e-300);
  let pts = poly.filter((p, i) => {
    const q = poly[(i + poly.length - 1) % poly.length]!;
    return poly.length === 1 || Math.abs(p[0] - q[0]) > tol || Math.abs(p[1] - q[1]) > tol;
  });
  if (pts.length >= 3) {
    pts = pts.filter((p, i) => {
      const a = pts[(i + pts.length - 1) % pts.length]!;
      const b = pts[(i + 1) % pts.length]!;
      const ux = p[0] - a[0];
      const uy = p[1] - a[1];
      const vx = b[0] - p[0];
      const vy = b[1] - p[1];
      const cr = ux * vy - uy * vx;
      return Math.abs(cr) > 64 * EPS * Math.hypot(ux, uy) * Math.hypot(vx, vy);
    });
  }
  return pts;
}

/**
 * The exact valid (α, β) region of recorded samples: the convex polygon
 * {(α, β) ∈ [0, αmax] × [0, βmax] : α ≥ β + minGap, g_k − α a_k + β b_k ≥ 0 for every k},
 * with its Pareto-minimal pairs and left boundary.
 * @param samples one projection candidate per point (grouped samples with several candidates define a non-convex
 * union; compute one region per candidate instead)
 * @param options gap and box
 * @throws ShapeError for ragged samples; ArgumentError (E_ARG_RANGE) for a negative gap, a non-positive box or
 * samples with several projection candidates; NonFiniteError for non-finite samples.
 * @see P2 §2.4 (the [derived] polyhedron), §2.1 (monotonicity along (1, 1))
 * @example
 * const r = alphaBetaRegion(samples, { minGap: 0.1, alphaMax: 1e4 });
 * r.minimalPairs[0]; // { alpha, beta } with the smallest valid α and β
 */
export function alphaBetaRegion(
  samples: AlphaBetaSamples,
  options: AlphaBetaRegionOptions = {},
): AlphaBetaRegion {
  const fn = 'alphaBetaRegion';
  checkOptions(fn, options);
  const K = checkSamples(fn, samples);
  const minGap = options.minGap ?? 0;
  const alphaMax = options.alphaMax ?? 1e9;
  const betaMax = options.betaMax ?? alphaMax;
  checkNumber(fn, 'options.minGap', minGap, NON_NEGATIVE);
  checkNumber(fn, 'options.alphaMax', alphaMax, POSITIVE);
  checkNumber(fn, 'options.betaMax', betaMax, POSITIVE);
  if (samples.candidate?.some((c) => c !== 0))
    throw rangeError(
      fn,
      'samples.candidate',
      'be 0 everywhere (one projection per point)',
      samples.candidate,
    );
  const base = {
    alphaMax,
    betaMax,
    minGap,
    samples: K,
  };
  let poly: P[] = [
    [0, 0],
    [alphaMax, 0],
    [alphaMax, betaMax],
    [0, betaMax],
  ];
  // α − β ≥ minGap  ⇔  −α + β ≤ −minGap
  poly = clip(poly, -1, 1, -minGap);
  const { g, a, b } = samples;
  for (let k = 0; k < K && poly.length > 0; k++) {
    const ak = a[k]!;
    const bk = b[k]!;
    const gk = g[k]!;
    if (ak === 0 && bk === 0) {
      if (gk < 0) poly = [];
      continue;
    }
    poly = clip(poly, ak, -bk, gk);
  }
  if (poly.length === 0) {
    return {
      empty: true,
      vertices: [],
      minimalPairs: [],
      leftBoundary: [],
      alphaMin: Number.NaN,
      betaAtAlphaMin: Number.NaN,
      betaMin: Number.NaN,
      touchesBox: false,
      ...base,
    };
  }
  const len = poly.length;
  const minimal: P[] = [];
  const left: P[] = [];
  if (len === 1) {
    minimal.push(poly[0]!);
    left.push(poly[0]!);
  } else {
    for (let i = 0; i < len; i++) {
      const v = poly[i]!;
      const nx = poly[(i + 1) % len]!;
      const pv = poly[(i + len - 1) % len]!;
      const e1 = unit(nx[0] - v[0], nx[1] - v[1]);
      const e2 = unit(pv[0] - v[0], pv[1] - v[1]);
      const degenerate = len === 2; // a segment: the "cone" is two opposite rays
      const inCone = (d: P) =>
        degenerate ? parallel(d, e1) || parallel(d, e2) : cross(e1, d) >= -1e-12 && cross(d, e2) >= -1e-12;
      const dominatedDir = (e: P) => e[0] <= 1e-12 && e[1] <= 1e-12;
      const pareto = !dominatedDir(e1) && !dominatedDir(e2) && !inCone([-1, 0]) && !inCone([0, -1]);
      if (pareto) minimal.push(v);
      if (!inCone([-1, 0])) left.push(v);
    }
  }
  const byBeta = (p: P, q: P) => p[1] - q[1] || p[0] - q[0];
  minimal.sort(byBeta);
  left.sort(byBeta);
  let amin = Infinity;
  let bAt = Infinity;
  let bmin = Infinity;
  let touches = false;
  const tolA = 64 * EPS * alphaMax;
  const tolB = 64 * EPS * betaMax;
  for (const [x, y] of poly) {
    if (x < amin - tolA || (Math.abs(x - amin) <= tolA && y < bAt)) {
      amin = x;
      bAt = y;
    }
    if (y < bmin) bmin = y;
    if (x >= alphaMax - tolA || y >= betaMax - tolB) touches = true;
  }
  const pair = (p: P): AlphaBetaPair => ({ alpha: p[0], beta: p[1] });
  return {
    empty: false,
    vertices: poly.map(pair),
    minimalPairs: minimal.map(pair),
    leftBoundary: left.map(pair),
    alphaMin: amin,
    betaAtAlphaMin: bAt,
    betaMin: bmin,
    touchesBox: touches,
    ...base,
  };
}

function unit(x: number, y: number): P {
  const h = Math.hypot(x, y);
  return h === 0 ? [0, 0] : [x / h, y / h];
}
function cross(u: P, v: P): number {
  return u[0] * v[1] - u[1] * v[0];
}
function parallel(d: P, e: P): boolean {
  return Math.abs(cross(d, e)) <= 1e-12 && d[0] * e[0] + d[1] * e[1] > 0;
}

/**
 * The smallest valid α at a given β (the left boundary of the region), or NaN when the horizontal line misses it.
 * @throws ArgumentError / NonFiniteError for a non-finite β or a malformed region.
 * @example alphaMinAt(region, 0) // smallest α with β = 0, NaN when β = 0 is impossible (P2 Ex. 1–3, 6)
 */
export function alphaMinAt(region: AlphaBetaRegion, beta: number): number {
  const fn = 'alphaMinAt';
  if (region === null || typeof region !== 'object' || !Array.isArray(region.vertices))
    throw typeError(fn, 'region', 'be an AlphaBetaRegion', region);
  checkPoint(fn, 'beta', Float64Array.of(beta), 1);
  const v = region.vertices;
  if (v.length === 0) return Number.NaN;
  let best = Infinity;
  const tol = 64 * EPS * Math.max(region.betaMax, 1);
  for (let i = 0; i < v.length; i++) {
    const p = v[i]!;
    const q = v[(i + 1) % v.length]!;
    const lo = Math.min(p.beta, q.beta);
    const hi = Math.max(p.beta, q.beta);
    if (beta < lo - tol || beta > hi + tol) continue;
    if (Math.abs(q.beta - p.beta) <= tol) best = Math.min(best, p.alpha, q.alpha);
    else best = Math.min(best, p.alpha + ((beta - p.beta) * (q.alpha - p.alpha)) / (q.beta - p.beta));
  }
  return best === Infinity ? Number.NaN : best;
}
