/**
 * The valid α on the line β = α − minGap in closed form (one division per sample, no polygon, no box).
 * @see P2 §2.4; spec §2.5 (Fig. 9)
 */
import { checkNumber, NON_NEGATIVE } from '@landscape-lab/core-math';
import { checkSamples } from './check.js';
import type { AlphaBetaSamples } from './samples.js';

/** Result of {@link alphaBetaGapLine}. */
export interface AlphaBetaGapLine {
  minGap: number;
  /** Smallest α with β = α − minGap ≥ 0 and every T_k(α, α − minGap) ≥ 0 (NaN when there is none). */
  alphaMin: number;
  /** alphaMin − minGap (NaN when there is none). */
  betaAtAlphaMin: number;
  /** Largest such α (Infinity when the line is valid for all large α). */
  alphaMax: number;
  /** Sample whose constraint sets alphaMin (−1 when β ≥ 0 sets it, or when there is none). */
  binding: number;
  /** Of the binding sample: gap·b_k − g_k (numerator) and e_k = b_k − a_k (denominator); alphaMin = num/den. */
  numerator: number;
  denominator: number;
  /**
   * True when every b_k ≥ 0 (f* below every sampled loss): raising β at fixed α then only raises T, so alphaMin is
   * also the smallest valid α of the whole region ({@link alphaBetaRegion}).
   */
  regionMinimum: boolean;
}

/**
 * The valid α on the line β = α − minGap, in closed form. On that line
 * T_k = g_k − α a_k + (α − minGap) b_k = (g_k − minGap·b_k) + α e_k with e_k = b_k − a_k = f_{i_k}(x_p) − f*_{i_k}, so each
 * sample gives α ≥ (minGap·b_k − g_k)/e_k when e_k > 0 and α ≤ (g_k − minGap·b_k)/(−e_k) when e_k < 0. Hence the
 * smallest valid α is max_k (minGap·b_k − g_k)/e_k: it scales as 1/(f_i(x_p) − f_i*), which is why a per-sample f_i*
 * just below the final per-sample loss makes α huge (P2 Fig. 9, α ≈ 3.3·10⁴).
 * Exact up to the rounding of one division per sample (no polygon clipping, no box).
 * @throws as {@link alphaBetaMargin} for malformed samples or a negative gap.
 * @see P2 §2.4; spec §2.5 (Fig. 9)
 * @example alphaBetaGapLine({ g: Float64Array.of(0), a: Float64Array.of(0.9), b: Float64Array.of(1) }, 0.1).alphaMin // 1
 */
export function alphaBetaGapLine(samples: AlphaBetaSamples, minGap = 0): AlphaBetaGapLine {
  const fn = 'alphaBetaGapLine';
  const K = checkSamples(fn, samples);
  checkNumber(fn, 'minGap', minGap, NON_NEGATIVE);
  const { g, a, b } = samples;
  let lo = minGap;
  let hi = Infinity;
  let binding = -1;
  let numerator = Number.NaN;
  let denominator = Number.NaN;
  let feasible = true;
  let nonNegB = true;
  for (let k = 0; k < K; k++) {
    const bk = b[k]!;
    if (bk < 0) nonNegB = false;
    const e = bk - a[k]!;
    const num = minGap * bk - g[k]!;
    if (e > 0) {
      const v = num / e;
      if (v > lo) {
        lo = v;
        binding = k;
        numerator = num;
        denominator = e;
      }
    } else if (e < 0) hi = Math.min(hi, num / e);
    else if (num > 0) feasible = false;
  }
  const ok = feasible && lo <= hi;
  return {
    minGap,
    alphaMin: ok ? lo : Number.NaN,
    betaAtAlphaMin: ok ? lo - minGap : Number.NaN,
    alphaMax: ok ? hi : Number.NaN,
    binding: ok ? binding : -1,
    numerator: ok ? numerator : Number.NaN,
    denominator: ok ? denominator : Number.NaN,
    regionMinimum: nonNegB,
  };
}
