/**
 * The α-β margin of one (α, β) pair against recorded samples: min_k T_k(α, β) = g_k − α a_k + β b_k, with
 * Definition 1's "some projection" honoured for samples grouped by point and projection candidate.
 * @see P2 §2.1 (Definition 1), §2.4
 */
import { checkNumber, NON_NEGATIVE } from '@landscape-lab/core-math';
import { checkPoint } from '../internal/check.js';
import { checkSamples } from './check.js';
import type { AlphaBetaSamples } from './samples.js';

/** Result of {@link alphaBetaMargin}. */
export interface AlphaBetaCheck {
  alpha: number;
  beta: number;
  /**
   * min over samples of T_k(α, β) = g_k − α a_k + β b_k (with candidate grouping: min over points of the max over
   * projection candidates of the min over components). ≥ 0 means the condition holds on the samples.
   */
  margin: number;
  /** margin ≥ 0. */
  holds: boolean;
  /** Whether the pair is admissible: β ≥ 0 and α ≥ β + minGap. Reported separately from `holds`. */
  admissible: boolean;
  /** Index of the sample attaining the margin (−1 when there are none). */
  worstSample: number;
  /** Point (iterate) of that sample, when the samples carry points. */
  worstPoint: number;
}

/**
 * Checks one (α, β) pair against recorded samples and returns its margin min_k T_k(α, β).
 * @param samples from {@link alphaBetaSamples}, {@link alphaBetaSamplesOnGrid} or recorded elsewhere
 * @param minGap admissibility gap: the pair is admissible when α ≥ β + minGap (default 0; P2's heatmaps use 0.1)
 * @throws ShapeError when g, a, b (and point, candidate) differ in length; ArgumentError / NonFiniteError for
 * non-finite α, β or samples.
 * @see P2 §2.1, §2.4
 * @example alphaBetaMargin({ g: Float64Array.of(1), a: Float64Array.of(1), b: Float64Array.of(1) }, 2, 1).margin // 0
 */
export function alphaBetaMargin(
  samples: AlphaBetaSamples,
  alpha: number,
  beta: number,
  minGap = 0,
): AlphaBetaCheck {
  const fn = 'alphaBetaMargin';
  const K = checkSamples(fn, samples);
  checkPoint(fn, 'alpha', Float64Array.of(alpha), 1);
  checkPoint(fn, 'beta', Float64Array.of(beta), 1);
  checkNumber(fn, 'minGap', minGap, NON_NEGATIVE);
  const { g, a, b, point, candidate } = samples;
  const admissible = beta >= 0 && alpha >= beta + minGap;
  if (K === 0)
    return { alpha, beta, margin: Infinity, holds: true, admissible, worstSample: -1, worstPoint: -1 };
  const T = (k: number) => g[k]! - alpha * a[k]! + beta * b[k]!;
  if (!candidate || !point) {
    let m = Infinity;
    let w = -1;
    for (let k = 0; k < K; k++) {
      const t = T(k);
      if (t < m) {
        m = t;
        w = k;
      }
    }
    return {
      alpha,
      beta,
      margin: m,
      holds: m >= 0,
      admissible,
      worstSample: w,
      worstPoint: point ? point[w]! : w,
    };
  }
  // Grouped: samples of one (point, candidate) are contiguous in our producers, but do not rely on it.
  const byPoint = new Map<number, Map<number, { m: number; k: number }>>();
  for (let k = 0; k < K; k++) {
    const p = point[k]!;
    const c = candidate[k]!;
    let cm = byPoint.get(p);
    if (!cm) byPoint.set(p, (cm = new Map()));
    const t = T(k);
    const cur = cm.get(c);
    if (!cur || t < cur.m) cm.set(c, { m: t, k });
  }
  let margin = Infinity;
  let worst = -1;
  for (const [, cm] of byPoint) {
    let best = -Infinity;
    let bk = -1;
    for (const [, v] of cm)
      if (v.m > best) {
        best = v.m;
        bk = v.k;
      }
    if (best < margin) {
      margin = best;
      worst = bk;
    }
  }
  return {
    alpha,
    beta,
    margin,
    holds: margin >= 0,
    admissible,
    worstSample: worst,
    worstPoint: point[worst]!,
  };
}
