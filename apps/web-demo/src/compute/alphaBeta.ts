/**
 * Lab 4 (P2): the α-β condition (Definition 1) on the paper's 2-D toy examples (papers.md §2.2, Ex. 3 with the
 * corrected f₂), beside the PL and aiming constants; and a small trained model (half-space logistic learning,
 * §2.5) with the trajectory-based estimate of §2.4 (the `alpha-beta` study's run).
 *
 * For each x and component i the condition ⟨∇f_i(x), x − x_p⟩ ≥ α(f_i(x) − f_i(x_p)) − β(f_i(x) − f_i*) is a
 * half-plane in (α, β); the valid region is their intersection. For the toys the half-planes, the exact region and
 * the claimed-pair checks are the `alpha-beta` study's; this file draws them on an (α, β) grid as the margin
 * m(α, β) = min over x, i of (g − α·a + β·b), and adds PL / aiming constants on the same x-grid.
 */
import { type ToyExample, toyProblem } from '@landscape-lab/trainers';

export type ToyId = 'ex1' | 'ex2' | 'ex3' | 'ex6';

interface Comp {
  f: (x: number, y: number) => number;
  g: (x: number, y: number) => [number, number];
  fstar: number;
}

export interface Toy {
  id: ToyId;
  title: string;
  comps: Comp[];
  /** Nearest minimiser of f = mean f_i. */
  proj: (x: number, y: number) => [number, number];
  fstar: number;
  box: [number, number];
  alphaMax: number;
  claim: string;
}

/** The components f_i, f_i* and the projection onto S, from trainers' `toyProblem` (P2 §2.2, Ex. 3 corrected). */
function fromTrainers(example: ToyExample): Pick<Toy, 'comps' | 'proj' | 'fstar'> {
  const t = toyProblem(example);
  const c = t.components;
  const comps: Comp[] = [0, 1].map((i) => ({
    f: (x: number, y: number) => c.loss(Float64Array.of(x, y), i),
    g: (x: number, y: number): [number, number] => {
      const g = new Float64Array(2);
      c.grad(Float64Array.of(x, y), i, g);
      return [g[0]!, g[1]!];
    },
    fstar: c.minValue?.(i) ?? 0,
  }));
  return {
    comps,
    proj: (x, y) => {
      const p = t.project(Float64Array.of(x, y));
      return [p[0]!, p[1]!];
    },
    fstar: t.minValue,
  };
}

type ToyMeta = Omit<Toy, 'comps' | 'proj' | 'fstar'> & { example: ToyExample };

/** What the page shows about each toy (the numbers themselves come from {@link toyOf}). */
export const TOYS: Record<ToyId, ToyMeta> = {
  ex1: {
    id: 'ex1',
    example: 1,
    title: 'Ex. 1 — unbounded set of minimisers (line x + y = −½)',
    box: [-6, 7],
    alphaMax: 6,
    claim: 'valid for α ≥ 5/2 and β ∈ [4α/5, α); β = 0 is impossible',
  },
  ex2: {
    id: 'ex2',
    example: 2,
    title: 'Ex. 2 — a saddle between two minima',
    box: [-6, 7],
    alphaMax: 2e7,
    claim: 'β = α − 8 with α ≥ 8/c ≈ 8.8·10⁶ (the paper prints 72·10⁷)',
  },
  ex3: {
    id: 'ex3',
    example: 3,
    title: 'Ex. 3 — a spurious local minimum (corrected f₂)',
    box: [-6, 7],
    alphaMax: 4000,
    claim: 'β = α − 1 with α ≳ 1512.46',
  },
  ex6: {
    id: 'ex6',
    example: 6,
    title: 'Ex. 6 (App. B) — two global minima',
    box: [-6, 7],
    alphaMax: 120,
    claim: 'β = α − 1 with α ≥ 2/c ≈ 41.37',
  },
};

const built = new Map<ToyId, Toy>();

/** The full toy (components from trainers), built once per worker. */
export function toyOf(id: ToyId): Toy {
  let t = built.get(id);
  if (!t) {
    const meta = TOYS[id];
    t = { ...meta, ...fromTrainers(meta.example) };
    built.set(id, t);
  }
  return t;
}

export interface Constraint {
  a: number;
  b: number;
  g: number;
}

export interface RegionGrid {
  alphas: number[];
  betas: number[];
  /** margin[j·nα + i] = min over constraints so far of g − α_i a + β_j b (valid where ≥ 0; NaN where β ≥ α). */
  margin: number[];
}

export function emptyRegion(alphaMax: number, nGrid: number): RegionGrid {
  const alphas = Array.from({ length: nGrid }, (_, i) => (alphaMax * (i + 1)) / nGrid);
  const betas = Array.from({ length: nGrid }, (_, j) => (alphaMax * j) / nGrid);
  const margin = new Array(nGrid * nGrid).fill(Number.POSITIVE_INFINITY);
  return { alphas, betas, margin };
}

export function applyConstraints(R: RegionGrid, cs: Constraint[]) {
  const na = R.alphas.length;
  for (let j = 0; j < R.betas.length; j++) {
    const be = R.betas[j]!;
    for (let i = 0; i < na; i++) {
      const al = R.alphas[i]!;
      if (be >= al) continue;
      let m = R.margin[j * na + i]!;
      for (const c of cs) {
        const v = c.g - al * c.a + be * c.b;
        if (v < m) m = v;
      }
      R.margin[j * na + i] = m;
    }
  }
}

/** PL and aiming constants over the same x-grid: μ̂ = min ‖∇f‖²/(2(f − f*)), θ̂ = min ⟨∇f, x − x_p⟩/(f − f*). */
export function plAiming(toy: Toy, x: number, y: number): { pl: number; aim: number } | null {
  let f = 0;
  let gx = 0;
  let gy = 0;
  for (const c of toy.comps) {
    f += c.f(x, y) / toy.comps.length;
    const g = c.g(x, y);
    gx += g[0] / toy.comps.length;
    gy += g[1] / toy.comps.length;
  }
  const gap = f - toy.fstar;
  if (gap < 1e-6) return null; // at (or numerically at) S the ratios are 0/0
  const [px, py] = toy.proj(x, y);
  return { pl: (gx * gx + gy * gy) / (2 * gap), aim: (gx * (x - px) + gy * (y - py)) / gap };
}

/** f = mean f_i at (x, y). */
export function toyLoss(toy: Toy, x: number, y: number): number {
  let f = 0;
  for (const c of toy.comps) f += c.f(x, y);
  return f / toy.comps.length;
}

/**
 * Exact bounds from the half-planes α·a − β·b ≤ g when every b ≥ 0 and b − a ≥ 0 (true for Definition 1, where
 * b − a = f_i(x_p) − f_i* ≥ 0, and for §2.4 with f_i ≥ 0): the smallest α with β = α − gap valid is
 * max over constraints of (gap·b − g)/(b − a) (constraints with b = a need g ≥ gap·b). Returns null if none.
 */
export function alphaMinExact(cs: Constraint[], gap: number): number | null {
  let lo = 0;
  for (const c of cs) {
    const den = c.b - c.a;
    const num = gap * c.b - c.g;
    if (den > 0) lo = Math.max(lo, num / den);
    else if (num > 1e-12 * (Math.abs(c.g) + 1)) return null;
  }
  return Math.max(lo, gap);
}

/** β_min(α) = max over constraints with b > 0 of (α·a − g)/b: the lower boundary of the valid region. */
export function betaMinExact(cs: Constraint[], alpha: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const c of cs) if (c.b > 0) m = Math.max(m, (alpha * c.a - c.g) / c.b);
  return m;
}
