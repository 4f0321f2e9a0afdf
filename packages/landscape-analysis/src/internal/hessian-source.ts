/**
 * @internal The one rule for where second-order information comes from, shared by {@link hessian} (dense),
 * {@link hessianOperator} (products) and {@link polish}.
 *
 * Preference order (`auto`): exact information before finite differences, always; between the model's two exact
 * sources, the one already in the form the caller consumes, because converting costs and gains nothing:
 * - a dense matrix prefers `exact` (one model Hessian) over `hvp` (n products assembled into the same matrix);
 * - products prefer `hvp` (one model call each) over `exact` (a dense n×n Hessian formed up front, O(n²) memory and
 *   O(n²) per product — for an MLP, whose `hessian` is itself n HVPs, strictly worse than using the HVP).
 * Both exact sources agree to rounding, so the choice changes cost, not results beyond rounding. Finite differences
 * come last in both forms (about 8 correct digits instead of ~16).
 *
 * Finite-difference rule (the only one): the central difference of the gradient along v,
 * Hv ≈ (∇f(θ + hv) − ∇f(θ − hv)) / (2h), h = s·max(1, ‖θ‖)/‖v‖, s = ε^{1/3} ≈ 6.1e−6 by default. The step balances
 * the O(h²‖v‖³‖∇³f‖) truncation error against the O(ε‖∇f‖/h) rounding error; forming θ ± hv in floating point moves
 * each coordinate by at most ε|θ_i| off its target, a relative error ≤ ε‖θ‖/(h‖v‖) ≤ ε/s ≈ ε^{2/3} too. Expect about
 * 8 correct digits (≈ ε^{2/3}) relative to the Hessian's scale. A dense finite-difference Hessian is this product
 * with e_1, …, e_n (core-math `hessianFromHvp`), so dense and matrix-free results agree column for column.
 * @see Nocedal & Wright, Numerical Optimization, §8.1 (finite-difference Hessian-vector products)
 */
import {
  checkMatrix,
  checkNumber,
  checkObjective,
  checkOneOf,
  checkOptions,
  type Matrix,
  type Objective,
  POSITIVE,
  shapeError,
} from '@landscape-lab/core-math';
import { checkComputed, checkPoint, unavailableMethod } from './check.js';
import { EPS, nrm2 } from './vec.js';

/** How a Hessian (or its products) was obtained. */
export type HessianMethod = 'exact' | 'hvp' | 'finite-difference';

/** What the caller builds from the Hessian: a dense matrix or matrix-vector products. */
export type HessianForm = 'matrix' | 'products';

/**
 * Resolves a requested Hessian source against what the objective provides (see the module comment for the order).
 * @throws ArgumentError (E_ARG_RANGE) when an explicitly requested source is missing.
 */
export function chooseHessianMethod(
  fn: string,
  objective: Objective,
  want: 'auto' | HessianMethod,
  form: HessianForm,
  what = 'options.method',
): HessianMethod {
  if (want === 'auto') {
    const exact = typeof objective.hessian === 'function';
    const hvp = typeof objective.hvp === 'function';
    if (form === 'matrix') return exact ? 'exact' : hvp ? 'hvp' : 'finite-difference';
    return hvp ? 'hvp' : exact ? 'exact' : 'finite-difference';
  }
  if (want === 'exact' && !objective.hessian) throw unavailableMethod(fn, 'exact', what);
  if (want === 'hvp' && !objective.hvp) throw unavailableMethod(fn, 'hvp', what);
  return want;
}

/** The options every Hessian entry point takes: the source and the finite-difference step. */
export interface HessianSourceOptions {
  method?: 'auto' | HessianMethod;
  relStep?: number;
}

/**
 * Validates (objective, θ, options) of a Hessian entry point and resolves the source: the dimension, a private copy
 * of θ, the method (by {@link chooseHessianMethod}) and the relative finite-difference step (default ε^{1/3}).
 * @throws ArgumentError / ShapeError / NonFiniteError as the entry points document.
 */
export function resolveHessianSource(
  fn: string,
  objective: Objective,
  theta: Float64Array,
  options: HessianSourceOptions,
  form: HessianForm,
): { n: number; theta: Float64Array; method: HessianMethod; relStep: number } {
  checkObjective(fn, 'objective', objective);
  checkOptions(fn, options);
  const n = objective.dim;
  checkPoint(fn, 'theta', theta, n);
  const want = options.method ?? 'auto';
  checkOneOf(fn, 'options.method', want, ['auto', 'exact', 'hvp', 'finite-difference'] as const);
  const relStep = options.relStep ?? EPS ** (1 / 3);
  checkNumber(fn, 'options.relStep', relStep, POSITIVE);
  const method = chooseHessianMethod(fn, objective, want, form);
  return { n, theta: Float64Array.from(theta), method, relStep };
}

/** The model's own dense Hessian at θ, checked to be an n×n Matrix. */
export function modelHessian(fn: string, objective: Objective, theta: Float64Array): Matrix {
  const n = objective.dim;
  const H = objective.hessian!(theta);
  checkMatrix(fn, 'objective.hessian(theta)', H);
  if (H.rows !== n || H.cols !== n) throw shapeError(fn, 'objective.hessian(theta)', `be ${n}×${n}`, H);
  return H;
}

/**
 * The finite-difference Hessian-vector product at θ (the rule of the module comment). Two gradients per product;
 * a non-finite loss at θ ± hv is a NonFiniteError naming `fn`. The returned function writes H·v into `out`.
 * @param theta the point (kept by reference: pass a private copy)
 */
export function centralDifferenceHvp(
  fn: string,
  objective: Objective,
  theta: Float64Array,
  relStep: number,
): (v: Float64Array, out: Float64Array) => void {
  const n = objective.dim;
  const tn = Math.max(1, nrm2(theta));
  const xp = new Float64Array(n);
  const xm = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  return (v, out) => {
    const vn = nrm2(v);
    if (vn === 0) {
      out.fill(0);
      return;
    }
    const h = (relStep * tn) / vn;
    for (let i = 0; i < n; i++) {
      xp[i] = theta[i]! + h * v[i]!;
      xm[i] = theta[i]! - h * v[i]!;
    }
    checkComputed(fn, 'objective.grad(theta + h v)', objective.grad(xp, gp));
    checkComputed(fn, 'objective.grad(theta - h v)', objective.grad(xm, gm));
    const s = 1 / (2 * h);
    for (let i = 0; i < n; i++) out[i] = (gp[i]! - gm[i]!) * s;
  };
}
