/**
 * Symmetric linear operators v ↦ Av for the matrix-free methods (Lanczos, SLQ, Hutchinson): an explicit matrix,
 * or the Hessian of an {@link Objective} at a point (exact Hessian-vector products when the model has them, else
 * its dense Hessian, else central differences of the gradient — the preference order and the finite-difference
 * rule shared with {@link hessian} and {@link polish}, and why, are in `internal/hessian-source.ts`).
 *
 * Finite-difference HVP: Hv ≈ (∇f(θ + hv) − ∇f(θ − hv)) / (2h) with h = s·max(1, ‖θ‖)/‖v‖ and s = ε^{1/3} ≈ 6.1e−6
 * by default; expect about 8 correct digits (≈ ε^{2/3}) relative to the Hessian's scale. Two gradients per product.
 * @see Pearlmutter 1994 (exact HVPs); Nocedal & Wright §8.1 (finite-difference Hessian-vector products)
 */
import { checkMatrix, type Matrix, matvec, type Objective, shapeError } from '@landscape-lab/core-math';
import {
  centralDifferenceHvp,
  type HessianMethod,
  modelHessian,
  resolveHessianSource,
} from './internal/hessian-source.js';

/** A symmetric linear operator on R^dim. `apply` writes A·x into `out` (never aliased with x). */
export interface LinearOperator {
  /** Dimension n of the space. */
  readonly dim: number;
  /** Writes A·x into `out` (both of length dim). */
  apply(x: Float64Array, out: Float64Array): void;
}

/** How a Hessian (or its products) was obtained: `exact` | `hvp` | `finite-difference`. */
export type { HessianMethod };

/** A Hessian operator with its provenance. */
export interface HessianOperator extends LinearOperator {
  /** Which source the products come from. */
  readonly method: HessianMethod;
  /** Number of products applied so far. */
  readonly applications: number;
}

/**
 * Wraps an explicit symmetric matrix as an operator (products by core-math's `matvec`, BLAS DGEMV).
 * @param A n×n matrix, assumed symmetric (not checked: O(n²))
 * @throws ArgumentError (E_ARG_TYPE) for a malformed matrix; ShapeError (E_SHAPE) when A is not square.
 * @example
 * const op = matrixOperator(fromRows([[2, 1], [1, 2]]));
 * const y = new Float64Array(2); op.apply(Float64Array.of(1, 0), y); // [2, 1]
 */
export function matrixOperator(A: Matrix): LinearOperator {
  const fn = 'matrixOperator';
  checkMatrix(fn, 'A', A);
  if (A.rows !== A.cols) throw shapeError(fn, 'A', 'be square', A);
  return {
    dim: A.rows,
    apply(x, out) {
      matvec(A, x, { y: out });
    },
  };
}

/** Options of {@link hessianOperator}. */
export interface HessianOperatorOptions {
  /** `auto` (default): `hvp` when the objective has one, else `exact` (its dense Hessian), else finite differences. */
  method?: 'auto' | HessianMethod;
  /** Relative finite-difference step s (default ε^{1/3}); used by `finite-difference` only. */
  relStep?: number;
}

/**
 * The Hessian ∇²f(θ) as a matrix-free operator.
 * @param objective any {@link Objective}
 * @param theta the point θ (length dim; copied)
 * @param options source of the products
 * @returns an operator reporting its method and how many products it has applied
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a bad objective or option, or when the requested method is
 * not available; ShapeError / NonFiniteError for a bad θ.
 * @see Pearlmutter 1994; Nocedal & Wright §8.1
 * @example
 * const H = hessianOperator(objective, theta);
 * const r = lanczos(H, { k: 1, which: 'largest' }); // sharpness λ_max
 */
export function hessianOperator(
  objective: Objective,
  theta: Float64Array,
  options: HessianOperatorOptions = {},
): HessianOperator {
  const fn = 'hessianOperator';
  const { n, theta: th, method, relStep } = resolveHessianSource(fn, objective, theta, options, 'products');
  let count = 0;
  let apply: (x: Float64Array, out: Float64Array) => void;
  if (method === 'hvp') {
    const hvp = objective.hvp!.bind(objective);
    apply = (x, out) => hvp(th, x, out);
  } else if (method === 'exact') {
    const H = modelHessian(fn, objective, th);
    apply = (x, out) => {
      matvec(H, x, { y: out });
    };
  } else apply = centralDifferenceHvp(fn, objective, th, relStep);
  return {
    dim: n,
    method,
    get applications() {
      return count;
    },
    apply(x, out) {
      count++;
      apply(x, out);
    },
  };
}
