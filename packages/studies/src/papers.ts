/**
 * The papers' own numbers, and the arithmetic that sets ours beside them. Pure data and functions: the CLI's
 * `reproduce` targets, the tour and the web demo all compare through these.
 *
 * Sources: SS18 rates are the percentages of 1000 GD runs per (k, n) ending at a spurious minimum, recomputed from
 * the authors' released results (issue #12); P4's Σ‖w_i‖ ranges are read off P4 Fig. 1; P1's C(0,0) is in spec §1.5. P2's half-space
 * protocol and Fig. 9 α live with its study (`P2_HALF_SPACE` in alpha-beta.ts).
 */
import type { SpuriousMinimaResult } from './spurious-minima.js';

/** Runs per (k, n) cell in SS18's census (10 jobs × 100 trials). */
export const SS18_RUNS = 1000;

/** SS18's % of runs at a spurious minimum, by student excess n − k, then teacher width k. */
export const SS18_SPURIOUS_PERCENT: Readonly<Record<0 | 1 | 2, Readonly<Record<number, number>>>> = {
  0: {
    6: 0.3,
    7: 5.5,
    8: 12.6,
    9: 21.8,
    10: 34.6,
    11: 45.5,
    12: 58.5,
    13: 73.0,
    14: 73.6,
    15: 80.3,
    16: 85.1,
    17: 89.7,
    18: 90.0,
    19: 93.4,
    20: 94.9,
  },
  1: {
    6: 0,
    7: 0,
    8: 0.1,
    9: 0,
    10: 0.1,
    11: 0.1,
    12: 0.3,
    13: 1.5,
    14: 5.5,
    15: 10.2,
    16: 18.0,
    17: 23.3,
    18: 36.9,
    19: 49.1,
  },
  2: { 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 0, 13: 0, 14: 0, 15: 0, 16: 0, 17: 0, 18: 0 },
};

/** SS18's spurious rate (a fraction) for teacher width k and student width n, or null where SS18 has no cell. */
export function ss18PaperRate(k: number, n: number): number | null {
  const row = SS18_SPURIOUS_PERCENT[(n - k) as 0 | 1 | 2];
  const pct = row?.[k];
  return pct === undefined ? null : pct / 100;
}

/**
 * Two-proportion z statistic with the pooled variance: (x₁/n₁ − x₂/n₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)),
 * p̄ = (x₁ + x₂)/(n₁ + n₂). Under H₀ (same rate) it is approximately N(0, 1), so |z| ≤ 2 is "within two standard
 * errors". When p̄ is 0 or 1 both samples agree exactly and z = 0.
 * @example twoProportionZ(665, 1000, 730, 1000) // −3.16: SS18's k = n = 13 against a 66.5% reproduction
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  return variance > 0 ? (x1 / n1 - x2 / n2) / Math.sqrt(variance) : 0;
}

/** One census cell beside SS18's. */
export interface Ss18Comparison {
  k: number;
  n: number;
  runs: number;
  spurious: number;
  /** Our spurious rate (fraction) and its 95% Wilson interval. */
  rate: number;
  ci95: [number, number];
  /** SS18's rate (fraction), or null where SS18 has no cell. */
  paperRate: number | null;
  paperRuns: number;
  /** {@link twoProportionZ} of ours against SS18's (null without a paper value). */
  z: number | null;
  /** Mean F and mean λ_min(H) over the runs that ended at a spurious minimum (weighted by family size). */
  meanLoss: number | null;
  meanLambdaMin: number | null;
}

/** Sets every cell of a census beside SS18's released rate. */
export function compareSs18(result: SpuriousMinimaResult): Ss18Comparison[] {
  return result.rows.map((row) => {
    const paperRate = ss18PaperRate(row.k, row.n);
    let count = 0;
    let loss = 0;
    let lambda = 0;
    for (const f of row.families) {
      count += f.count;
      loss += f.count * f.loss;
      lambda += f.count * f.lambdaMin;
    }
    return {
      k: row.k,
      n: row.n,
      runs: row.runs,
      spurious: row.spurious,
      rate: row.spuriousRate,
      ci95: row.ci95,
      paperRate,
      paperRuns: SS18_RUNS,
      z:
        paperRate === null
          ? null
          : twoProportionZ(row.spurious, row.runs, Math.round(paperRate * SS18_RUNS), SS18_RUNS),
      meanLoss: count > 0 ? loss / count : null,
      meanLambdaMin: count > 0 ? lambda / count : null,
    };
  });
}

/** P4 Fig. 1: the range of Σ‖w_i‖ over the spurious minima GD found, by k (n = k, P4 protocol). */
export const P4_NORM_SUM_RANGE: Readonly<Record<number, readonly [number, number]>> = {
  20: [19.98, 20.0],
  50: [49.992, 50.0],
  100: [99.996, 100.0],
};

/** P1 §4: the conserved quantity at the origin, C(0,0) = −½ (the paper prints −1, a typo; spec §1.5). */
export const P1_C_AT_ORIGIN = { value: -0.5, printed: -1 } as const;
