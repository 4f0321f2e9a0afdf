/**
 * Multi-start search for critical points: every start is polished ({@link polish}, Newton by default so saddles and
 * maxima are found as well as minima), the starts that reached the gradient tolerance are grouped
 * ({@link dedupePoints}), and each distinct point is classified by its Hessian's inertia ({@link classify}).
 *
 * What is certified, and what is not: every listed point has ‖∇f‖₂ ≤ gradTol as computed, and its label comes
 * from the computed Hessian's eigenvalues with classify's explicit zero tolerance (a point with an eigenvalue inside
 * it is labelled 'degenerate', never upgraded). `distanceEstimate` = ‖∇f‖₂ / min_j |λ_j| is the length bound of one
 * more Newton step: the exact critical point lies within about that distance when the Hessian varies little over it
 * (Newton–Kantorovich; no Lipschitz constant is checked, so it is an estimate, not a bound). The list is what the
 * given starts reach; it is not a proof that no other critical point exists.
 *
 * Grouping uses dedupePoints' Frobenius distance, by default with one block of the whole dimension (plain Euclidean
 * distance, no symmetry); pass `dedupe.blockSize` (and `coordinatePermutation`) to identify points up to neuron
 * permutations. A group is represented by the polished point of its first start (input order) — not the
 * dedupe's canonical reordering, which for a neuron model would be a different (equivalent) point.
 * Complexity: one polish per start (each iteration one dense Hessian + O(n³)), one dedupe (O(P·F·n_b³) for P
 * converged starts, F groups, n_b blocks) and one classify (dense Hessian + O(n³)) per group.
 * @see Nocedal & Wright §3.3 (Newton), §2.1 (second-order conditions); Kantorovich (Newton's method convergence)
 */

import type { Objective } from '@landscape-lab/core-math';
import { checkObjective, checkOptions } from '@landscape-lab/core-math';
import { type Classification, type ClassifyOptions, classify } from './classify.js';
import { type DedupeOptions, dedupePoints } from './dedupe.js';
import { checkArray, checkPoint } from './internal/check.js';
import { type PolishOptions, type PolishResult, polish } from './polish.js';

/** Options of {@link criticalPoints}. */
export interface CriticalPointsOptions {
  /** Options of each start's {@link polish}; `method` defaults to `'newton'` here (any critical point). */
  polish?: PolishOptions;
  /** Options of each point's {@link classify} (zero tolerance, Hessian source, `vectors` for eigenvectors). */
  classify?: ClassifyOptions;
  /**
   * Grouping of the polished points ({@link dedupePoints}): `tol` (default 1e−6), `blockSize` (default the
   * objective's dimension, i.e. no permutation symmetry), `coordinatePermutation`, `maxTiePermutations`.
   */
  dedupe?: Partial<DedupeOptions>;
}

/** One distinct critical point found by {@link criticalPoints}. */
export interface CriticalPoint {
  /** The polished point of the group's first start. */
  theta: Float64Array;
  /** f(θ). */
  loss: number;
  /** ‖∇f(θ)‖₂ (≤ the polish gradTol). */
  gradNorm: number;
  /** Inertia of the Hessian at θ: label, Morse index, eigenvalues (and eigenvectors when asked for). */
  classification: Classification;
  /** ‖∇f‖₂ / min_j |λ_j|: estimated distance to the exact critical point (+∞ when some |λ_j| ≤ zeroTol). */
  distanceEstimate: number;
  /** Indices of the starts whose polish reached this point, ascending; the first one gave `theta`. */
  starts: number[];
}

/** Result of {@link criticalPoints}. */
export interface CriticalPointsResult {
  /** Distinct critical points, sorted by loss ascending (equal losses in the order of their first start). */
  points: CriticalPoint[];
  /** For each start, the index in `points` of the point it reached, or −1 when its polish did not converge. */
  pointOf: Int32Array;
  /** Starts whose polish stopped above gradTol (reason `maxIters` or `stalled`). */
  unconverged: number;
  /** The gradient tolerance every listed point meets (NaN when there were no starts and none was given). */
  gradTol: number;
  /** The grouping distance used. */
  dedupeTol: number;
  /** Smallest distance between two listed points (in the dedupe's metric; +∞ with fewer than two). */
  minSeparation: number;
}

/**
 * Polishes every start to a critical point, groups the results and classifies each distinct point.
 * @param objective any objective (dense Hessians are formed: modest dimension)
 * @param starts starting points, each of length `objective.dim` (not modified)
 * @param options polish, classify and dedupe options (see {@link CriticalPointsOptions})
 * @returns the distinct points sorted by loss, which start reached which, and the tolerances used
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a malformed objective, starts or options; ShapeError /
 * NonFiniteError for a start of the wrong length or with non-finite entries; as {@link polish}, {@link classify}
 * and {@link dedupePoints} for their options.
 * @see Nocedal & Wright §3.3; SS18 and P4 §4.4 (polish, classify, group)
 * @example
 * const starts = [0, 1, 2, 3].map((j) => Float64Array.of(Math.cos(j), Math.sin(j)));
 * const r = criticalPoints(objective, starts, { polish: { gradTol: 1e-12 } });
 * r.points.filter((p) => p.classification.label === 'strict-saddle');
 */
export function criticalPoints(
  objective: Objective,
  starts: readonly Float64Array[],
  options: CriticalPointsOptions = {},
): CriticalPointsResult {
  const fn = 'criticalPoints';
  checkObjective(fn, 'objective', objective);
  checkArray(fn, 'starts', starts);
  for (let i = 0; i < starts.length; i++) checkPoint(fn, `starts[${i}]`, starts[i], objective.dim);
  checkOptions(fn, options);
  if (options.polish !== undefined) checkOptions(fn, options.polish);
  if (options.classify !== undefined) checkOptions(fn, options.classify);
  if (options.dedupe !== undefined) checkOptions(fn, options.dedupe);
  const polishOptions: PolishOptions = { method: 'newton', ...options.polish };
  const reached: { start: number; p: PolishResult }[] = [];
  let unconverged = 0;
  let gradTol = polishOptions.gradTol ?? Number.NaN;
  for (let i = 0; i < starts.length; i++) {
    const p = polish(objective, starts[i]!, polishOptions);
    gradTol = p.gradTol;
    if (p.converged) reached.push({ start: i, p });
    else unconverged++;
  }
  const dd = dedupePoints(
    reached.map((r) => r.p.theta),
    { ...options.dedupe, blockSize: options.dedupe?.blockSize ?? objective.dim },
  );
  const points: CriticalPoint[] = dd.families.map((fam) => {
    const first = reached[fam.members[0]!]!.p;
    const classification = classify(objective, first.theta, options.classify);
    let minAbs = Number.POSITIVE_INFINITY;
    for (const l of classification.eigenvalues) minAbs = Math.min(minAbs, Math.abs(l));
    return {
      theta: first.theta,
      loss: first.loss,
      gradNorm: first.gradNorm,
      classification,
      distanceEstimate: minAbs > classification.zeroTol ? first.gradNorm / minAbs : Number.POSITIVE_INFINITY,
      starts: fam.members.map((m) => reached[m]!.start),
    };
  });
  points.sort((a, b) => a.loss - b.loss || a.starts[0]! - b.starts[0]!);
  const pointOf = new Int32Array(starts.length).fill(-1);
  points.forEach((pt, k) => {
    for (const s of pt.starts) pointOf[s] = k;
  });
  return {
    points,
    pointOf,
    unconverged,
    gradTol,
    dedupeTol: dd.tol,
    minSeparation: dd.minSeparation,
  };
}
