/**
 * Per-iterate diagnostics along a recorded trajectory: the PL ratio, the aiming coefficient and angle towards a
 * reference solution (P2 §2.4 uses the last iterate x_K), the empirical PL exponent check, and the sharpness λ_max.
 *
 * Definitions (x* the reference, f* its value unless given):
 *   PL ratio      μ_k = ‖∇f(x_k)‖² / (2(f(x_k) − f*))          (PL holds with μ when μ_k ≥ μ for all k)
 *   aiming        a_k = ⟨∇f(x_k), x_k − x*⟩ / (f(x_k) − f*)      (P2's "aiming"/quasar coefficient vs the gap)
 *   angle         cos∠(∇f(x_k), x_k − x*)
 *   empirical PL  2 log‖∇f(x_k)‖ − (2/δ) log(f(x_k) − f*) ≥ log(2μ)   (P2 App. A, δ ∈ {1, 1.25, 1.5, 1.75})
 * Quantities whose denominator vanishes (f(x_k) ≤ f*, x_k = x*, ∇f = 0) are NaN (serialised as null in JSON).
 * Sharpness: λ_max(∇²f(x_k)) by Lanczos on Hessian-vector products, with its computed residual (an eigenvalue of
 * the Hessian lies within it). Complexity: one gradient per iterate; sharpness adds a Lanczos run per iterate.
 * @see P2 §2.1 (Table 1 conditions), §2.4 (angle, aiming, empirical PL); Cohen et al. 2021 (sharpness)
 */
import {
  checkNumber,
  checkObjective,
  checkOptions,
  type Objective,
  POSITIVE,
} from '@landscape-lab/core-math';
import { checkArray, checkComputed, checkPoint, checkTrajectory } from './internal/check.js';
import { dot, nrm2 } from './internal/vec.js';
import { type HessianOperatorOptions, hessianOperator } from './operator.js';
import { type LanczosOptions, lanczos } from './spectrum.js';

/** Options of {@link trajectoryDiagnostics}. */
export interface TrajectoryDiagnosticsOptions {
  /** Reference solution x* (default: the last iterate, as P2 §2.4). */
  reference?: Float64Array;
  /** f* (default: `objective.minValue` when known, else f(reference)). */
  fStar?: number;
  /** δ values for the empirical PL check (default [1, 1.25, 1.5, 1.75]). */
  deltas?: readonly number[];
}

/** Per-iterate diagnostics (arrays aligned with the trajectory). */
export interface TrajectoryDiagnostics {
  loss: Float64Array;
  gradNorm: Float64Array;
  /** ‖x_k − x*‖. */
  distance: Float64Array;
  /** ‖∇f‖²/(2(f − f*)). */
  plRatio: Float64Array;
  /** ⟨∇f, x − x*⟩/(f − f*). */
  aiming: Float64Array;
  /** cos∠(∇f, x − x*). */
  cosAngle: Float64Array;
  /** For each δ: 2 log‖∇f‖ − (2/δ) log(f − f*) per iterate. */
  empiricalPL: { delta: number; values: Float64Array }[];
  /** min_k of the PL ratio over iterates where it is defined (the empirical PL constant μ). */
  plMin: number;
  /** min_k of the aiming coefficient where defined. */
  aimingMin: number;
  fStar: number;
  fStarSource: 'option' | 'objective' | 'reference';
}

/**
 * PL ratio, aiming coefficient, angle and empirical PL exponents along a trajectory.
 * @param objective the (full) loss
 * @param trajectory iterates x_0 … x_K
 * @param options reference x*, f*, δ values
 * @throws ArgumentError for a malformed objective, an empty trajectory without reference, or non-positive δ;
 * ShapeError / NonFiniteError for bad iterates or non-finite losses.
 * @see P2 §2.4
 * @example
 * const d = trajectoryDiagnostics(objective, run.trajectory);
 * d.plMin; // empirical PL constant; d.cosAngle goes negative near a saddle (P2 Fig. 2)
 */
export function trajectoryDiagnostics(
  objective: Objective,
  trajectory: readonly Float64Array[],
  options: TrajectoryDiagnosticsOptions = {},
): TrajectoryDiagnostics {
  const fn = 'trajectoryDiagnostics';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  const ref = checkTrajectory(fn, trajectory, n, options.reference);
  let fStar: number;
  let fStarSource: TrajectoryDiagnostics['fStarSource'];
  if (options.fStar !== undefined) {
    checkPoint(fn, 'options.fStar', Float64Array.of(options.fStar), 1);
    fStar = options.fStar;
    fStarSource = 'option';
  } else if (typeof objective.minValue === 'number') {
    fStar = objective.minValue;
    fStarSource = 'objective';
  } else {
    fStar = checkComputed(fn, 'f(reference)', objective.loss(ref));
    fStarSource = 'reference';
  }
  const deltas = options.deltas ?? [1, 1.25, 1.5, 1.75];
  checkArray(fn, 'options.deltas', deltas);
  for (let i = 0; i < deltas.length; i++) checkNumber(fn, `options.deltas[${i}]`, deltas[i], POSITIVE);
  const K = trajectory.length;
  const loss = new Float64Array(K);
  const gradNorm = new Float64Array(K);
  const distance = new Float64Array(K);
  const plRatio = new Float64Array(K);
  const aiming = new Float64Array(K);
  const cosAngle = new Float64Array(K);
  const emp = deltas.map((delta) => ({ delta, values: new Float64Array(K) }));
  const g = new Float64Array(n);
  const diff = new Float64Array(n);
  let plMin = Infinity;
  let aimMin = Infinity;
  for (let k = 0; k < K; k++) {
    const x = trajectory[k]!;
    const f = checkComputed(fn, `f(trajectory[${k}])`, objective.grad(x, g));
    for (let i = 0; i < n; i++) diff[i] = x[i]! - ref[i]!;
    const gn = nrm2(g);
    const dn = nrm2(diff);
    const inner = dot(g, diff);
    const gap = f - fStar;
    loss[k] = f;
    gradNorm[k] = gn;
    distance[k] = dn;
    plRatio[k] = gap > 0 ? (gn * gn) / (2 * gap) : Number.NaN;
    aiming[k] = gap > 0 ? inner / gap : Number.NaN;
    cosAngle[k] = gn > 0 && dn > 0 ? inner / (gn * dn) : Number.NaN;
    for (const e of emp)
      e.values[k] = gap > 0 && gn > 0 ? 2 * Math.log(gn) - (2 / e.delta) * Math.log(gap) : Number.NaN;
    if (plRatio[k]! < plMin) plMin = plRatio[k]!;
    if (aiming[k]! < aimMin) aimMin = aiming[k]!;
  }
  return {
    loss,
    gradNorm,
    distance,
    plRatio,
    aiming,
    cosAngle,
    empiricalPL: emp,
    plMin: plMin === Infinity ? Number.NaN : plMin,
    aimingMin: aimMin === Infinity ? Number.NaN : aimMin,
    fStar,
    fStarSource,
  };
}

/** Sharpness along a trajectory. */
export interface SharpnessTrace {
  /** λ_max(∇²f(x_k)) (Ritz value). */
  lambdaMax: Float64Array;
  /** Computed residual ‖Hy − θy‖ of each Ritz pair. */
  residual: Float64Array;
  /** Lanczos convergence flag per iterate. */
  converged: boolean[];
  /** Hessian source used. */
  method: string;
}

/**
 * The sharpness λ_max of the Hessian at each iterate, by Lanczos from Hessian-vector products.
 * @param objective any objective (exact HVPs used when present)
 * @param trajectory points x_k
 * @param options Hessian source and Lanczos options (`k` is forced to 1, `which` to 'largest')
 * @throws as {@link hessianOperator} and {@link lanczos}.
 * @see Cohen et al., ICLR 2021 (edge of stability); P4 §4.2 (Hessian closed form)
 * @example sharpnessAlong(objective, run.trajectory.filter((_, i) => i % 50 === 0)).lambdaMax
 */
export function sharpnessAlong(
  objective: Objective,
  trajectory: readonly Float64Array[],
  options: HessianOperatorOptions & Omit<LanczosOptions, 'k' | 'which'> = {},
): SharpnessTrace {
  const fn = 'sharpnessAlong';
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  checkArray(fn, 'trajectory', trajectory);
  const K = trajectory.length;
  const lambdaMax = new Float64Array(K);
  const residual = new Float64Array(K);
  const converged: boolean[] = [];
  let method = '';
  const hopts: HessianOperatorOptions = {};
  if (options.method !== undefined) hopts.method = options.method;
  if (options.relStep !== undefined) hopts.relStep = options.relStep;
  const { method: _m, relStep: _r, ...lopts } = options;
  for (let k = 0; k < K; k++) {
    const op = hessianOperator(objective, trajectory[k]!, hopts);
    method = op.method;
    const r = lanczos(op, { ...lopts, k: Math.min(1, op.dim), which: 'largest' });
    lambdaMax[k] = r.values.length ? r.values[0]! : Number.NaN;
    residual[k] = r.residuals.length ? r.residuals[0]! : 0;
    converged.push(r.converged);
  }
  return { lambdaMax, residual, converged, method };
}
