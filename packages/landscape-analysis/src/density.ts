/**
 * Stochastic trace and spectral-density estimators from matrix-vector products: Hutchinson's trace estimator and
 * stochastic Lanczos quadrature (SLQ).
 *
 * Hutchinson: tr(A) ≈ (1/P) Σ_p z_pᵀ A z_p with Rademacher (±1) or Gaussian probes; unbiased, with the sample
 * standard error s/√P reported. For Rademacher probes Var(zᵀAz) = 2 Σ_{i≠j} A_ij² (Gaussian: 2‖A‖_F²).
 * SLQ (Golub & Meurant; Ubaru, Chen & Saad 2017): for each probe z (Rademacher, scaled to unit norm q = z/√n),
 * m Lanczos steps with full reorthogonalisation give T_m = S Θ Sᵀ; the Gauss quadrature rule with nodes θ_j and
 * weights τ_j = S_{0j}² satisfies qᵀ f(A) q ≈ Σ_j τ_j f(θ_j), EXACTLY for polynomials f of degree ≤ 2m − 1. The
 * spectral density φ(t) = (1/n) Σ_i δ(t − λ_i) is estimated by the probe average of Σ_j τ_j δ(t − θ_j), and
 * tr f(A) = n ∫ f φ by n·(1/P) Σ_p Σ_j τ_pj f(θ_pj), with the probe-to-probe standard error reported.
 * Complexity: P·m products + O(P·m²·n) reorthogonalisation + P tridiagonal solves of size m.
 * Numerical caveats: full reorthogonalisation keeps the nodes free of spurious copies; an invariant Krylov space
 * (β ≈ 0) ends a probe early, where the rule is exact. The statistical error dominates: O(1/√P).
 * @see Hutchinson 1990; Ubaru, Chen & Saad, SIAM J. Matrix Anal. Appl. 38(4) 2017; Ghorbani, Krishnan & Xiao 2019.
 */
import {
  checkFunction,
  checkNumber,
  checkOneOf,
  checkOptions,
  NON_NEGATIVE,
  POSITIVE,
  Rng,
  typeError,
} from '@landscape-lab/core-math';
import { checkOperator, checkOperatorOutput, checkPoint } from './internal/check.js';
import { tridiagEig } from './internal/eig.js';
import { lanczosRun } from './internal/lanczos-core.js';
import type { LinearOperator } from './operator.js';

/** Options of {@link hutchinsonTrace}. */
export interface HutchinsonOptions {
  /** Number of probes P (default 100). */
  probes?: number;
  /** Seed (default 0). Probe p uses `new Rng(seed).split(p)`. */
  seed?: number;
  /** Probe distribution (default `rademacher`). */
  distribution?: 'rademacher' | 'gaussian';
}

/** A stochastic trace estimate with its standard error. */
export interface TraceEstimate {
  /** The estimate of tr(A) (or tr f(A)). */
  estimate: number;
  /** Sample standard deviation of the per-probe values divided by √P (NaN for P = 1). */
  standardError: number;
  /** Per-probe values (each an unbiased estimate on its own). */
  samples: Float64Array;
  /** Number of probes. */
  probes: number;
  /** Seed used. */
  seed: number;
}

function meanSe(samples: Float64Array): { mean: number; se: number } {
  const P = samples.length;
  let mean = 0;
  for (let p = 0; p < P; p++) mean += samples[p]!;
  mean /= P;
  if (P < 2) return { mean, se: Number.NaN };
  let ss = 0;
  for (let p = 0; p < P; p++) ss += (samples[p]! - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (P - 1) / P) };
}

function fillRademacher(rng: Rng, z: Float64Array): void {
  for (let i = 0; i < z.length; i++) z[i] = rng.uniform() < 0.5 ? -1 : 1;
}

/**
 * Hutchinson's estimator of tr(A) with its standard error.
 * @param op symmetric operator of dimension n
 * @param options probes, seed, distribution
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a malformed operator or options; NonFiniteError when the
 * operator returns non-finite values.
 * @see Hutchinson, Commun. Stat. Simul. Comput. 19(2) 1990
 * @example
 * const t = hutchinsonTrace(hessianOperator(objective, theta), { probes: 200, seed: 1 });
 * // t.estimate ± 2·t.standardError
 */
export function hutchinsonTrace(op: LinearOperator, options: HutchinsonOptions = {}): TraceEstimate {
  const fn = 'hutchinsonTrace';
  checkOperator(fn, op);
  checkOptions(fn, options);
  const P = options.probes ?? 100;
  checkNumber(fn, 'options.probes', P, { min: 1 }, true);
  const seed = options.seed ?? 0;
  checkNumber(fn, 'options.seed', seed, NON_NEGATIVE, true);
  const dist = options.distribution ?? 'rademacher';
  checkOneOf(fn, 'options.distribution', dist, ['rademacher', 'gaussian'] as const);
  const n = op.dim;
  const root = new Rng(seed);
  const z = new Float64Array(n);
  const Az = new Float64Array(n);
  const samples = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const rng = root.split(p);
    if (dist === 'rademacher') fillRademacher(rng, z);
    else rng.fillNormal(z);
    op.apply(z, Az);
    let s = 0;
    for (let i = 0; i < n; i++) s += z[i]! * Az[i]!;
    checkOperatorOutput(fn, s);
    samples[p] = s;
  }
  const { mean, se } = meanSe(samples);
  return { estimate: mean, standardError: se, samples, probes: P, seed };
}

/** Options of {@link slq}. */
export interface SlqOptions {
  /** Number of Rademacher probes P (default 20). */
  probes?: number;
  /** Lanczos steps m per probe (default min(n, 50)); quadrature is exact for polynomials of degree ≤ 2m − 1. */
  steps?: number;
  /** Seed (default 0). Probe p uses `new Rng(seed).split(p)`, so results do not depend on P's other probes. */
  seed?: number;
}

/** Per-probe Gauss quadrature rules of {@link slq}. */
export interface SlqResult {
  /** Dimension n. */
  dim: number;
  /** Number of probes P. */
  probes: number;
  /** Lanczos steps actually taken per probe (fewer than requested when the Krylov space became invariant). */
  steps: Int32Array;
  /** Nodes θ_pj (Ritz values) of probe p, ascending. */
  nodes: Float64Array[];
  /** Weights τ_pj of probe p (each rule sums to 1). */
  weights: Float64Array[];
  /** All probes' nodes in one ascending list: the averaged rule (1/P) Σ_p Σ_j τ_pj δ(t − θ_pj). */
  combinedNodes: Float64Array;
  /** Weights of `combinedNodes` (τ_pj / P; they sum to 1). */
  combinedWeights: Float64Array;
  /** Seed used. */
  seed: number;
}

/**
 * Stochastic Lanczos quadrature: per-probe Gauss rules for the spectral density of a symmetric operator.
 * @param op symmetric operator of dimension n
 * @param options probes, steps, seed
 * @returns nodes and weights per probe; use {@link slqTrace} for tr f(A) and {@link slqDensity} for a smoothed density
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a malformed operator or options; NonFiniteError when the
 * operator returns non-finite values.
 * @see Ubaru, Chen & Saad 2017; Ghorbani, Krishnan & Xiao, ICML 2019 (Hessian spectral densities)
 * @example
 * const r = slq(hessianOperator(objective, theta), { probes: 10, steps: 80, seed: 3 });
 * const rho = slqDensity(r, grid, { sigma: 0.01 });
 */
export function slq(op: LinearOperator, options: SlqOptions = {}): SlqResult {
  const fn = 'slq';
  checkOperator(fn, op);
  checkOptions(fn, options);
  const n = op.dim;
  const P = options.probes ?? 20;
  checkNumber(fn, 'options.probes', P, { min: 1 }, true);
  const steps = options.steps ?? Math.min(n, 50);
  checkNumber(fn, 'options.steps', steps, { min: Math.min(1, n), max: Math.max(n, 1) }, true);
  const seed = options.seed ?? 0;
  checkNumber(fn, 'options.seed', seed, NON_NEGATIVE, true);
  const root = new Rng(seed);
  const nodes: Float64Array[] = [];
  const weights: Float64Array[] = [];
  const used = new Int32Array(P);
  const q0 = new Float64Array(n);
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let p = 0; p < P; p++) {
    if (n === 0) {
      nodes.push(new Float64Array(0));
      weights.push(new Float64Array(0));
      continue;
    }
    fillRademacher(root.split(p), q0);
    for (let i = 0; i < n; i++) q0[i] = q0[i]! * inv;
    const run = lanczosRun(op, q0, steps, false, undefined, (r, j) => {
      checkOperatorOutput(fn, r.alpha[j]! + r.beta[j]!);
      return false;
    });
    const m = run.m;
    const e = tridiagEig(run.alpha.subarray(0, m), run.beta.subarray(0, m - 1), true);
    const w = new Float64Array(m);
    for (let j = 0; j < m; j++) w[j] = e.vectors!.data[j]! ** 2; // first row of S
    nodes.push(e.values);
    weights.push(w);
    used[p] = m;
  }
  const all: [number, number][] = [];
  for (let p = 0; p < P; p++)
    for (let j = 0; j < nodes[p]!.length; j++) all.push([nodes[p]![j]!, weights[p]![j]! / P]);
  all.sort((a, b) => a[0] - b[0]);
  return {
    dim: n,
    probes: P,
    steps: used,
    nodes,
    weights,
    combinedNodes: Float64Array.from(all, (a) => a[0]),
    combinedWeights: Float64Array.from(all, (a) => a[1]),
    seed,
  };
}

/**
 * tr f(A) ≈ n·(1/P) Σ_p Σ_j τ_pj f(θ_pj) from an {@link slq} result, with the probe-to-probe standard error.
 * For f(x) = x^q with q ≤ 2m − 1 each probe's value equals n·qᵀA^q q exactly (Gauss quadrature), i.e. the
 * Hutchinson estimate of tr(A^q) with the same probes.
 * @param f scalar function applied to the nodes
 * @throws ArgumentError (E_ARG_TYPE) for a malformed result or f; NonFiniteError when f returns non-finite values.
 * @see Ubaru, Chen & Saad 2017, eq. (2.5)
 * @example slqTrace(r, (x) => x).estimate // ≈ tr(A);  slqTrace(r, (x) => x * x) // ≈ ‖A‖_F²
 */
export function slqTrace(result: SlqResult, f: (x: number) => number): TraceEstimate {
  const fn = 'slqTrace';
  checkSlq(fn, result);
  checkFunction(fn, 'f', f);
  const samples = new Float64Array(result.probes);
  for (let p = 0; p < result.probes; p++) {
    const th = result.nodes[p]!;
    const w = result.weights[p]!;
    let s = 0;
    for (let j = 0; j < th.length; j++) s += w[j]! * f(th[j]!);
    samples[p] = result.dim * s;
  }
  checkPoint(fn, 'f(nodes)', samples, result.probes);
  const { mean, se } = meanSe(samples);
  return { estimate: mean, standardError: se, samples, probes: result.probes, seed: result.seed };
}

/** Options of {@link slqDensity}. */
export interface SlqDensityOptions {
  /** Gaussian kernel width σ (> 0). Default: (max node − min node)/100, or 1 when all nodes coincide. */
  sigma?: number;
}

/**
 * Smoothed spectral density φ_σ(t) = (1/P) Σ_p Σ_j τ_pj N(t; θ_pj, σ²) on a grid; integrates to 1 over R.
 * @param result from {@link slq}
 * @param grid points t at which to evaluate
 * @throws ArgumentError for a malformed result or σ ≤ 0; NonFiniteError for a non-finite grid.
 * @see Ghorbani, Krishnan & Xiao 2019, §2 (Gaussian-smoothed SLQ density)
 * @example slqDensity(r, Float64Array.from({ length: 201 }, (_, i) => -1 + i / 100), { sigma: 0.02 })
 */
export function slqDensity(
  result: SlqResult,
  grid: Float64Array,
  options: SlqDensityOptions = {},
): Float64Array {
  const fn = 'slqDensity';
  checkSlq(fn, result);
  checkOptions(fn, options);
  checkPoint(fn, 'grid', grid, grid?.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (const th of result.nodes)
    for (const t of th) {
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  const sigma = options.sigma ?? (hi > lo ? (hi - lo) / 100 : 1);
  checkNumber(fn, 'options.sigma', sigma, POSITIVE);
  const out = new Float64Array(grid.length);
  const c = 1 / (sigma * Math.sqrt(2 * Math.PI) * result.probes);
  for (let p = 0; p < result.probes; p++) {
    const th = result.nodes[p]!;
    const w = result.weights[p]!;
    for (let j = 0; j < th.length; j++) {
      const wj = w[j]! * c;
      const mu = th[j]!;
      for (let g = 0; g < grid.length; g++) {
        const z = (grid[g]! - mu) / sigma;
        out[g] = out[g]! + wj * Math.exp(-0.5 * z * z);
      }
    }
  }
  return out;
}

function checkSlq(fn: string, r: unknown): asserts r is SlqResult {
  const s = r as SlqResult;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.nodes) || !Array.isArray(s.weights))
    throw slqTypeError(fn, r);
  if (s.nodes.length !== s.probes || s.weights.length !== s.probes) throw slqTypeError(fn, r);
}

function slqTypeError(fn: string, r: unknown) {
  return typeError(fn, 'result', 'be an SlqResult from slq()', r);
}
