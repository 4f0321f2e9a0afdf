import { ArgumentError, NonFiniteError, ShapeError } from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { ex1 } from '../test/fixtures/p2-local.js';
import {
  alphaBetaGapLine,
  alphaBetaMargin,
  alphaBetaRegion,
  alphaBetaSamples,
  alphaBetaSamplesOnGrid,
  alphaMinAt,
  gridPoints,
} from './alpha-beta.js';

const S = (g: number[], a: number[], b: number[]) => ({
  g: Float64Array.from(g),
  a: Float64Array.from(a),
  b: Float64Array.from(b),
});

describe('alphaBetaRegion', () => {
  it('a single sample gives the half-plane α·a − β·b ≤ g intersected with α ≥ β + gap, β ≥ 0', () => {
    // g − α + 2β ≥ 0 with g = 1: α ≤ 1 + 2β. With α ≥ β: region between the lines, unbounded along (1,1).
    const r = alphaBetaRegion(S([1], [1], [2]), { alphaMax: 10, betaMax: 10 });
    expect(r.empty).toBe(false);
    expect(r.minimalPairs).toEqual([{ alpha: 0, beta: 0 }]);
    expect(r.touchesBox).toBe(true);
    // Left boundary is α = β, so α_min(β) = β.
    expect(alphaMinAt(r, 3)).toBeCloseTo(3, 12);
    // Every vertex satisfies every constraint (to rounding) and the box.
    for (const v of r.vertices) {
      expect(1 - v.alpha + 2 * v.beta).toBeGreaterThanOrEqual(-1e-12);
      expect(v.alpha - v.beta).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('finds the lower-left corner where two constraints and the gap meet', () => {
    // T1 = −1 − α·0 + β·1 ≥ 0 ⇒ β ≥ 1;  T2 = −3 + α ≥ 0 ⇒ α ≥ 3 (a = −1, b = 0).
    const r = alphaBetaRegion(S([-1, -3], [0, -1], [1, 0]), { alphaMax: 100, minGap: 0.1 });
    expect(r.minimalPairs.length).toBe(1);
    expect(r.minimalPairs[0]!.alpha).toBeCloseTo(3, 12);
    expect(r.minimalPairs[0]!.beta).toBeCloseTo(1, 12);
    expect(r.alphaMin).toBeCloseTo(3, 12);
    expect(r.betaMin).toBeCloseTo(1, 12);
    expect(Number.isNaN(alphaMinAt(r, 0.5))).toBe(true);
  });

  it('a Pareto chain: α + β ≥ 4 with α ≥ β gives the chain from (2, 2) to (4, 0)', () => {
    // T = −4 + α + β ≥ 0: a = −1, b = 1, g = −4.
    const r = alphaBetaRegion(S([-4], [-1], [1]), { alphaMax: 50 });
    const chain = r.minimalPairs.map((p) => [p.alpha, p.beta]);
    expect(chain.length).toBe(2);
    expect(chain[0]![0]).toBeCloseTo(4, 12);
    expect(chain[0]![1]).toBeCloseTo(0, 12);
    expect(chain[1]![0]).toBeCloseTo(2, 12);
    expect(chain[1]![1]).toBeCloseTo(2, 12);
  });

  it('is empty when a sample has a = b = 0 and g < 0, or when constraints are contradictory', () => {
    expect(alphaBetaRegion(S([-1e-3], [0], [0])).empty).toBe(true);
    // α ≤ 1 (a=1, b=0, g=1) and α ≥ 2 (a=−1, g=−2).
    const r = alphaBetaRegion(S([1, -2], [1, -1], [0, 0]), { alphaMax: 10 });
    expect(r.empty).toBe(true);
    expect(Number.isNaN(r.alphaMin)).toBe(true);
  });

  it('agrees with brute-force margins on random samples (inside ⇔ margin ≥ 0 away from the boundary)', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const K = 40;
    const g: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < K; k++) {
      const ak = rnd() * 2 - 0.5;
      a.push(ak);
      b.push(ak + rnd()); // b ≥ a as in Definition 1 (f_i(x_p) ≥ f_i*)
      g.push(rnd() * 3 - 1);
    }
    const s = S(g, a, b);
    const r = alphaBetaRegion(s, { alphaMax: 20, minGap: 0.1 });
    for (let t = 0; t < 2000; t++) {
      const al = rnd() * 20;
      const be = rnd() * 20;
      const m = alphaBetaMargin(s, al, be, 0.1);
      const inPoly = pointInConvex(r.vertices, al, be);
      if (m.admissible && m.margin > 1e-9) expect(inPoly).toBe(true);
      if (!m.admissible || m.margin < -1e-9) expect(inPoly).toBe(false);
    }
  });

  it('throws coded errors for bad input', () => {
    expectCode(
      () => alphaBetaRegion(S([1, 2], [1], [1])),
      ShapeError,
      'E_SHAPE',
      'alphaBetaRegion: invalid argument. samples.a.length must equal 2. Value: 1.',
    );
    expectCode(
      () => alphaBetaRegion(S([1], [1], [1]), { minGap: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'alphaBetaRegion: invalid argument. options.minGap must be a non-negative number. Value: -1.',
    );
    expectCode(
      () => alphaBetaRegion(S([1], [1], [1]), { alphaMax: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'alphaBetaRegion: invalid argument. options.alphaMax must be a positive number. Value: 0.',
    );
    expectCode(
      () => alphaBetaMargin(S([Number.NaN], [1], [1]), 1, 0),
      NonFiniteError,
      'E_NONFINITE',
      'alphaBetaMargin: invalid argument. samples.g[0] must be finite. Value: NaN.',
    );
    expectCode(
      () => alphaBetaMargin(S([1], [1], [1]), Number.POSITIVE_INFINITY, 0),
      NonFiniteError,
      'E_NONFINITE',
      'alphaBetaMargin: invalid argument. alpha[0] must be finite. Value: Infinity.',
    );
    expectCode(
      () => alphaBetaRegion(null as never),
      ArgumentError,
      'E_ARG_TYPE',
      'alphaBetaRegion: invalid argument. samples must be { g, a, b } Float64Arrays. Value: null.',
    );
    expectCode(
      () => gridPoints([0], [1, 2], [3]),
      ShapeError,
      'E_SHAPE',
      'gridPoints: invalid argument. hi.length must equal 1. Value: 2.',
    );
    expectCode(
      () => gridPoints([0], [1], [0]),
      ArgumentError,
      'E_ARG_RANGE',
      'gridPoints: invalid argument. counts[0] must be an integer in [1, 10000000]. Value: 0.',
    );
    const grouped = {
      ...S([1, 1], [1, 1], [1, 1]),
      point: Int32Array.of(0, 0),
      candidate: Int32Array.of(0, 1),
    };
    expectCode(
      () => alphaBetaRegion(grouped),
      ArgumentError,
      'E_ARG_RANGE',
      'alphaBetaRegion: invalid argument. samples.candidate must be 0 everywhere (one projection per point). Value: Int32Array(length 2).',
    );
  });
});

describe('P2 Ex. 1 on the grid [−6, 7]² (spec §2.2)', () => {
  const { objective, project } = ex1();
  const pts = gridPoints([-6, -6], [7, 7], [53, 53]);
  const s = alphaBetaSamplesOnGrid(objective, pts, project);
  it('α = 2.5, β = 2 holds with margin ≈ +0.0107; β = 0 fails (≈ −1.98)', () => {
    const ok = alphaBetaMargin(s, 2.5, 2);
    // Reference value from the spec (verified there on the same grid; attained at a grid corner).
    expect(ok.margin).toBeCloseTo(0.010729109562, 9);
    expect(ok.holds).toBe(true);
    const bad = alphaBetaMargin(s, 2.5, 0);
    expect(bad.margin).toBeCloseTo(-1.98042133, 6);
    expect(bad.holds).toBe(false);
  });
  it('the region is consistent with Claim α ≥ 5/2, β ∈ [4α/5, α) and excludes β = 0', () => {
    const r = alphaBetaRegion(s, { alphaMax: 50 });
    expect(r.empty).toBe(false);
    expect(Number.isNaN(alphaMinAt(r, 0))).toBe(true);
    // The claimed pairs are inside (margins ≥ 0), so α_min(β) ≤ α there.
    for (const al of [2.5, 3, 5, 10]) {
      const be = 0.8 * al;
      expect(alphaBetaMargin(s, al, be).holds).toBe(true);
      expect(alphaMinAt(r, be)).toBeLessThanOrEqual(al + 1e-9);
    }
    // Every minimal pair has a non-negative margin (to rounding).
    for (const p of r.minimalPairs) expect(alphaBetaMargin(s, p.alpha, p.beta).margin).toBeGreaterThan(-1e-9);
  });
  it('monotonicity: (α + δ, β + δ) stays valid (spec §2.7 claim 2)', () => {
    for (const d of [0, 0.5, 3, 100]) expect(alphaBetaMargin(s, 2.5 + d, 2 + d).holds).toBe(true);
  });
  it('trajectory samples: x_K as reference, components mode, f_i* from the objective', () => {
    const traj = [
      Float64Array.of(3, 2),
      Float64Array.of(1, 0.5),
      Float64Array.of(0.1, -0.5),
      Float64Array.of(0, -0.5),
    ];
    const t = alphaBetaSamples(objective, traj);
    expect(t.g.length).toBe(8);
    expect(t.fiStarSource).toBe('objective');
    // Last iterate is the reference: its samples are exactly zero.
    expect(Array.from(t.g.subarray(6))).toEqual([0, 0]);
    const batches = alphaBetaSamples(objective, traj, { batches: [[0], [1], [0, 1], [1]] });
    expect(batches.g.length).toBe(4);
    expectCode(
      () => alphaBetaSamples(objective, traj, { batches: [[0]] }),
      ShapeError,
      'E_SHAPE',
      'alphaBetaSamples: invalid argument. options.batches.length must equal the number of iterates 4. Value: 1.',
    );
    expectCode(
      () => alphaBetaSamples(objective, traj, { batches: [[0], [5], [0], [0]] }),
      ArgumentError,
      'E_ARG_RANGE',
      'alphaBetaSamples: invalid argument. options.batches[1][0] must be an integer in [0, 2). Value: 5.',
    );
    expectCode(
      () => alphaBetaSamples(objective, [Float64Array.of(1)]),
      ShapeError,
      'E_SHAPE',
      'alphaBetaSamples: invalid argument. trajectory[0].length must equal 2. Value: 1.',
    );
  });
});

function pointInConvex(v: { alpha: number; beta: number }[], x: number, y: number): boolean {
  if (v.length < 3) return false;
  for (let i = 0; i < v.length; i++) {
    const p = v[i]!;
    const q = v[(i + 1) % v.length]!;
    if ((q.alpha - p.alpha) * (y - p.beta) - (q.beta - p.beta) * (x - p.alpha) < -1e-9) return false;
  }
  return true;
}

describe('alphaBetaGapLine', () => {
  const EPS = 2 ** -52;
  it('one sample: α_min = gap·(f − f*)/(f(x_K) − f*) − g/(f(x_K) − f*), so moving f* toward f(x_K) scales α as predicted', () => {
    // One iterate with f_i(x_k) = 1, f_i(x_K) = F, g = 0: a = 1 − F, b = 1 − c.
    const F = 5.25e-4;
    const at = (c: number) => alphaBetaGapLine(S([0], [1 - F], [1 - c]), 0.1);
    const exact = at(5e-5);
    const paperLike = at(F - 3e-6);
    expect(exact.alphaMin).toBeCloseTo((0.1 * (1 - 5e-5)) / (F - 5e-5), 9);
    // (1 − c)/(F − c): ≈ 1/3e−6 ⇒ α ≈ 0.1/3e−6 ≈ 3.33e4, the scale of P2 Fig. 9.
    const predicted = (0.1 * (1 - (F - 3e-6))) / 3e-6;
    // e = b − a is formed from two O(1) numbers: |δe| ≤ 2ε, relative 2ε/3e−6 ≈ 1.5e−10.
    expect(Math.abs(paperLike.alphaMin - predicted) / predicted).toBeLessThan((4 * EPS) / 3e-6);
    expect(paperLike.alphaMin / exact.alphaMin).toBeGreaterThan(100);
    expect(paperLike.betaAtAlphaMin).toBe(paperLike.alphaMin - 0.1);
    expect(paperLike.binding).toBe(0);
    expect(paperLike.regionMinimum).toBe(true);
  });

  it('agrees with the polygon of alphaBetaRegion when every b ≥ 0, and names the binding sample', () => {
    // Deterministic pseudo-random samples with b ≥ a ≥ 0 (f* ≤ f(x_K) ≤ f(x_k) is not needed; only b − a > 0 is).
    let state = 12345;
    const rnd = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const g: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 200; k++) {
      const bk = rnd();
      b.push(bk);
      a.push(bk * (0.5 + 0.49 * rnd()));
      g.push(rnd() - 0.8);
    }
    const s = S(g, a, b);
    const line = alphaBetaGapLine(s, 0.1);
    const reg = alphaBetaRegion(s, { minGap: 0.1, alphaMax: 1e3 });
    // Polygon vertices carry an absolute error of a few ε·alphaMax (intersections on box-sized edges).
    expect(Math.abs(reg.alphaMin - line.alphaMin)).toBeLessThan(64 * EPS * 1e3);
    const k = line.binding;
    // The binding sample's constraint, rebuilt from the samples: α_min = (0.1·b_k − g_k)/(b_k − a_k).
    expect(line.numerator).toBe(0.1 * b[k]! - g[k]!);
    expect(line.denominator).toBe(b[k]! - a[k]!);
    expect(Math.abs(line.alphaMin - (0.1 * b[k]! - g[k]!) / (b[k]! - a[k]!))).toBeLessThanOrEqual(
      2 * EPS * line.alphaMin,
    );
    expect(alphaBetaMargin(s, line.alphaMin, line.alphaMin - 0.1).margin).toBeGreaterThan(-64 * EPS);
    expect(alphaBetaMargin(s, line.alphaMin * (1 - 1e-9), line.alphaMin * (1 - 1e-9) - 0.1).holds).toBe(
      false,
    );
  });

  it('f* above f(x_K) (e < 0) bounds α from above; an impossible sample gives NaN; β ≥ 0 alone gives α = gap', () => {
    const up = alphaBetaGapLine(S([1, 0], [1, 0.5], [0.5, 1]), 0.1);
    // sample 0: e = −0.5, T = 1 − 0.05 − 0.5α ≥ 0 ⇒ α ≤ 1.9; sample 1: e = 0.5, T = −0.1 + 0.5α ⇒ α ≥ 0.2.
    expect(up.alphaMin).toBeCloseTo(0.2, 15);
    expect(up.alphaMax).toBeCloseTo(1.9, 15);
    expect(up.regionMinimum).toBe(true);
    expect(Number.isNaN(alphaBetaGapLine(S([-1], [1], [1]), 0.1).alphaMin)).toBe(true);
    const none = alphaBetaGapLine(S([1], [0], [1]), 0.1);
    expect(none.alphaMin).toBe(0.1);
    expect(none.binding).toBe(-1);
    expect(alphaBetaGapLine(S([1], [0], [-1]), 0.1).regionMinimum).toBe(false);
  });
});
