/**
 * Dense Hessian ∇²f(θ) of any {@link Objective}, with its provenance and a symmetry diagnostic.
 *
 * Algorithm, by preference (the order shared with {@link hessianOperator} and {@link polish}, and why, is in
 * `internal/hessian-source.ts`): (1) the model's exact `hessian`; (2) n Hessian-vector products H·e_j from its
 * `hvp`; (3) central differences of the gradient along e_j — the one finite-difference HVP rule of the package,
 * column j = (∇f(θ + h e_j) − ∇f(θ − h e_j)) / (2h), h = s·max(1, ‖θ‖₂), s = ε^{1/3} ≈ 6.06e−6 by default. The
 * step balances truncation O(h²‖∂³f‖) against rounding O(ε‖∇f‖/h): expect entry errors of order ε^{2/3} ≈ 4e−11
 * times the scale of the third and first derivatives.
 * The raw matrix's asymmetry ‖H − Hᵀ‖_max is measured BEFORE symmetrising to ½(H + Hᵀ) (core-math's `symmetrize`;
 * HVP columns by core-math's `hessianFromHvp`): for exact Hessians it is a bug detector (≈ 0), for HVP and
 * finite-difference Hessians an observable proxy of their error.
 * Complexity: one model Hessian, n HVPs, or 2n gradients, plus O(n²) to symmetrise.
 * @see Nocedal & Wright, Numerical Optimization, §8.1 (finite-difference derivatives)
 */
import {
  hessianFromHvp,
  type Matrix,
  nonFiniteError,
  type Objective,
  symmetrize,
} from '@landscape-lab/core-math';
import { centralDifferenceHvp, modelHessian, resolveHessianSource } from './internal/hessian-source.js';
import type { HessianMethod } from './operator.js';

/** Options of {@link hessian}. */
export interface HessianOptions {
  /** `auto` (default): `exact` when the objective has `hessian`, else `hvp`, else `finite-difference`. */
  method?: 'auto' | HessianMethod;
  /** Relative finite-difference step s (default ε^{1/3}); h = s·max(1, ‖θ‖₂) along each e_j. */
  relStep?: number;
}

/** A dense, symmetrised Hessian with diagnostics. */
export interface HessianResult {
  /** ½(H + Hᵀ), dim×dim row-major. */
  matrix: Matrix;
  /** Which source was used. */
  method: HessianMethod;
  /** max_ij |H_ij − H_ji| of the raw matrix, before symmetrising. */
  asymmetry: number;
  /** max_ij |H_ij| of the symmetrised matrix (scale for `asymmetry`). */
  maxAbs: number;
  /** Model calls made: 1 Hessian, dim HVPs, or 2·dim gradients. */
  evaluations: number;
  /** The relative step s used (finite differences only). */
  relStep?: number;
}

/**
 * The dense Hessian of an objective at θ.
 * @param objective any {@link Objective} (dimension n)
 * @param theta point θ ∈ R^n (not modified)
 * @param options method and finite-difference step
 * @returns the symmetrised Hessian, the method, and the asymmetry measured before symmetrising
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a malformed objective or option, or a requested method the
 * objective lacks; ShapeError (E_SHAPE) for θ of the wrong length or a model Hessian of the wrong size;
 * NonFiniteError (E_NONFINITE) for a non-finite θ or non-finite model output.
 * @see Nocedal & Wright §8.1
 * @example
 * const { matrix, method, asymmetry } = hessian(objective, theta);
 * // method: 'exact' | 'hvp' | 'finite-difference'
 */
export function hessian(
  objective: Objective,
  theta: Float64Array,
  options: HessianOptions = {},
): HessianResult {
  const fn = 'hessian';
  const { n, theta: th, method, relStep } = resolveHessianSource(fn, objective, theta, options, 'matrix');
  let H: Float64Array;
  let asym: number;
  let evaluations = 0;
  if (method === 'exact') {
    H = Float64Array.from(modelHessian(fn, objective, th).data);
    asym = symmetrize({ rows: n, cols: n, data: H });
    evaluations = 1;
  } else if (method === 'hvp') {
    const r = hessianFromHvp(n, (e, col) => objective.hvp!(th, e, col));
    H = r.matrix.data;
    asym = r.asymmetry;
    evaluations = n;
  } else {
    const r = hessianFromHvp(n, centralDifferenceHvp(fn, objective, th, relStep));
    H = r.matrix.data;
    asym = r.asymmetry;
    evaluations = 2 * n;
  }
  // Symmetrising keeps every non-finite entry non-finite (a NaN or ±∞ also lands in its mirror image).
  let maxAbs = 0;
  for (let i = 0; i < H.length; i++) {
    const v = H[i]!;
    if (v - v !== 0) throw nonFiniteError(fn, `Hessian (${method}) data`, i, v);
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const out: HessianResult = {
    matrix: { rows: n, cols: n, data: H },
    method,
    asymmetry: asym,
    maxAbs,
    evaluations,
  };
  if (method === 'finite-difference') out.relStep = relStep;
  return out;
}
