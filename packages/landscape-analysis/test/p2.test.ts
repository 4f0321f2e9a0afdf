// P2 §2.2 toy examples (spec §2.7 claim 1): which (α, β) pairs satisfy Definition 1 on the grid [−6, 7]², and
// that β = 0 fails. The grid margins are attained at grid corners, so they do not depend on the resolution.
// Fixtures: trainers' toy problems (its `minimizers`; projection onto a finite S keeps ties, since Definition 1
// only needs SOME nearest point), cross-checked against an independent local implementation.
import { init, type Objective } from '@landscape-lab/core-math';
import { toyProblem } from '@landscape-lab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alphaBetaMargin,
  alphaBetaRegion,
  alphaBetaSamplesOnGrid,
  alphaMinAt,
  gridPoints,
} from '../src/alpha-beta.js';
import { ex1, ex2, ex3, ex6 } from './fixtures/p2-local.js';

beforeAll(async () => {
  await init();
});

const grid = gridPoints([-6, -6], [7, 7], [53, 53]);

/** Minimiser of f restricted to the diagonal (where every example's minimisers lie, by symmetry): bisection on φ′. */
function diagonalMin(o: Objective, lo: number, hi: number): Float64Array {
  const g = new Float64Array(2);
  const dphi = (t: number) => {
    o.grad(Float64Array.of(t, t), g);
    return g[0]! + g[1]!;
  };
  let a = lo;
  let b = hi;
  const sa = Math.sign(dphi(a));
  expect(sa).not.toBe(Math.sign(dphi(b)));
  for (let i = 0; i < 200 && b - a > 0; i++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    if (Math.sign(dphi(m)) === sa) a = m;
    else b = m;
  }
  const t = 0.5 * (a + b);
  return Float64Array.of(t, t);
}

/** Nearest points of a finite S, all of them when tied (to 1e−12 relative). */
function nearest(S: Float64Array[]): (x: Float64Array) => Float64Array[] {
  return (x) => {
    const d = S.map((p) => (x[0]! - p[0]!) ** 2 + (x[1]! - p[1]!) ** 2);
    const m = Math.min(...d);
    return S.filter((_, i) => d[i]! <= m * (1 + 1e-12));
  };
}

/** c = min_i min_{x∈S} f_i(x). */
function cOf(o: Objective, S: Float64Array[]): number {
  let c = Infinity;
  for (const p of S) for (let i = 0; i < o.components!.count; i++) c = Math.min(c, o.components!.loss(p, i));
  return c;
}

describe('trainers’ toy problems agree with an independent implementation', () => {
  it('losses and gradients of Ex. 1, 2, 3, 6 at grid points', () => {
    const pairs: [Objective, Objective][] = [
      [toyProblem(1), ex1().objective],
      [toyProblem(2), ex2().objective],
      [toyProblem(3), ex3().objective],
      [toyProblem(6), ex6().objective],
    ];
    const g1 = new Float64Array(2);
    const g2 = new Float64Array(2);
    for (const [a, b] of pairs)
      for (const x of gridPoints([-6, -6], [7, 7], [5, 5])) {
        expect(a.grad(x, g1)).toBeCloseTo(b.grad(x, g2), 14);
        expect(g1[0]).toBeCloseTo(g2[0]!, 14);
        expect(g1[1]).toBeCloseTo(g2[1]!, 14);
        for (let i = 0; i < 2; i++)
          expect(a.components!.loss(x, i)).toBeCloseTo(b.components!.loss(x, i), 14);
      }
  });
});

describe('P2 Ex. 1 (S = the line x + y = −½) with trainers’ projection', () => {
  it('α = 2.5, β = 2 holds with margin ≈ +0.0107; β = 0 fails', () => {
    const t = toyProblem(1);
    const s = alphaBetaSamplesOnGrid(t, grid, (x) => t.project(x));
    // Brute force from spec §2.2's closed forms: f_i = u²/(u² + 1) with u = x + y (+1 for i = 2), f_i* = 0 and
    // Proj((x, y), S) = ½(x − y − ½, −x + y − ½); min over the grid and i of ⟨∇f_i, x − x_p⟩ − α(f_i − f_i(x_p)) + βf_i.
    const brute = (alpha: number, beta: number) => {
      let m = Infinity;
      for (const x of grid) {
        const [px, py] = [0.5 * (x[0]! - x[1]! - 0.5), 0.5 * (-x[0]! + x[1]! - 0.5)];
        for (const shift of [0, 1]) {
          const u = x[0]! + x[1]! + shift;
          const up = px + py + shift;
          const fi = (u * u) / (u * u + 1);
          const fp = (up * up) / (up * up + 1);
          const du = (2 * u) / (u * u + 1) ** 2; // ∂f_i/∂x = ∂f_i/∂y
          m = Math.min(m, du * (x[0]! - px + x[1]! - py) - alpha * (fi - fp) + beta * fi);
        }
      }
      return m;
    };
    // Terms are O(α) = O(2.5) and a few flops each: the two routes differ by rounding, ≤ 1e-13.
    const ok = alphaBetaMargin(s, 2.5, 2).margin;
    expect(Math.abs(ok - brute(2.5, 2))).toBeLessThan(1e-13);
    expect(Math.abs(ok - 0.0107)).toBeLessThan(5e-5); // spec: ≈ +0.0107
    const bad = alphaBetaMargin(s, 2.5, 0);
    expect(bad.holds).toBe(false);
    expect(Math.abs(bad.margin - brute(2.5, 0))).toBeLessThan(1e-13);
    expect(Math.abs(bad.margin + 1.98)).toBeLessThan(5e-3); // spec: ≈ −1.98
  });
});

describe('P2 Ex. 2 (saddle at (1, 1); S = two points)', () => {
  const objective = toyProblem(2);
  const S = [...objective.minimizers];
  it('trainers’ minimisers are where the local bisection puts them', () => {
    const local = [diagonalMin(ex2().objective, 1e-4, 0.01), diagonalMin(ex2().objective, 1.99, 1.9999)];
    for (let j = 0; j < 2; j++) expect(Math.abs(S[j]![0]! - local[j]![0]!)).toBeLessThan(1e-12);
  });
  const s = alphaBetaSamplesOnGrid(objective, grid, nearest(S));
  const c = cOf(objective, S);
  it('locates S and c as the spec says', () => {
    expect(S[0]![0]).toBeCloseTo(0.000674, 6);
    expect(S[1]![0]).toBeCloseTo(1.999326, 6);
    expect(objective.loss(S[0]!)).toBeCloseTo(0.499831816, 8);
    expect(c).toBeGreaterThan(9.0e-7);
    expect(c).toBeLessThan(9.1e-7);
  });
  it('α = 8/c, β = α − 8 holds with margin 0 (tight far away); α = 4/c fails; β = 0 fails', () => {
    const alpha = 8 / c;
    const m = alphaBetaMargin(s, alpha, alpha - 8);
    // Far from S, f_i rounds to 1 and T = −8 + α f_i(x_p) = 0 in exact arithmetic; the rounding of α·a and β·b
    // (|α a|, |β b| ≤ α ≈ 8.8e6) is at most 4ε·2α ≈ 1.6e−8.
    expect(Math.abs(m.margin)).toBeLessThanOrEqual(8 * 2 ** -52 * 2 * alpha);
    expect(alphaBetaMargin(s, 4 / c, 4 / c - 8).margin).toBeCloseTo(-4, 6);
    expect(alphaBetaMargin(s, alpha, 0).holds).toBe(false);
  });
});

describe('P2 Ex. 3 (corrected f2; spurious local minimum)', () => {
  const objective = toyProblem(3);
  const xs = objective.minimizers[0]!;
  const s = alphaBetaSamplesOnGrid(objective, grid, (x) => objective.project(x));
  it('global minimum and c as in the spec', () => {
    expect(Math.abs(xs[0]! - diagonalMin(ex3().objective, 2.3, 2.6)[0]!)).toBeLessThan(1e-12);
    expect(xs[0]).toBeCloseTo(2.47172, 5);
    expect(objective.loss(xs)).toBeCloseTo(0.408313, 6);
    expect(objective.loss(Float64Array.of(0, 0))).toBeCloseTo(0.587963, 6);
    expect(objective.components!.loss(xs, 1)).toBeCloseTo(0.0016, 4);
  });
  it('β = α − 1 with α = 1512.46 holds on the grid; β = 0 fails; the exact region excludes β = 0', () => {
    expect(alphaBetaMargin(s, 1512.46, 1511.46).holds).toBe(true);
    expect(alphaBetaMargin(s, 1512.46, 0).holds).toBe(false);
    const r = alphaBetaRegion(s, { alphaMax: 1e5 });
    expect(r.empty).toBe(false);
    expect(Number.isNaN(alphaMinAt(r, 0))).toBe(true);
    expect(alphaMinAt(r, 1511.46)).toBeLessThanOrEqual(1512.46);
  });
});

describe('P2 Ex. 6 (Appendix B; S = two points)', () => {
  const objective = toyProblem(6);
  const S = [...objective.minimizers];
  const s = alphaBetaSamplesOnGrid(objective, grid, nearest(S));
  const c = cOf(objective, S);
  it('f* ≈ 0.316988 at (0.159375, 0.159375) and (0.840625, 0.840625); c ≈ 0.048345', () => {
    expect(S[0]![0]).toBeCloseTo(0.159375, 5);
    expect(S[1]![0]).toBeCloseTo(0.840625, 5);
    // 0.3169873 exactly; the spec prints 0.316988 (rounded up in the last digit).
    expect(objective.loss(S[0]!)).toBeCloseTo(0.316988, 5);
    expect(c).toBeCloseTo(0.048345, 5);
  });
  it('α = 2/c, β = α − 1 holds with margin ≈ +1.03; β = 0 fails', () => {
    const m = alphaBetaMargin(s, 2 / c, 2 / c - 1);
    expect(m.margin).toBeCloseTo(1.0346, 3);
    expect(alphaBetaMargin(s, 2 / c, 0).holds).toBe(false);
  });
});
