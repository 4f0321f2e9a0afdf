/**
 * The one contract between models (`@landscape-lab/trainers`) and analyses (`@landscape-lab/landscape-analysis`).
 *
 * θ is a flat Float64Array of length `dim`. Models document their own flattening (e.g. neuron-major for the
 * teacher–student network). Buffers passed in are owned by the caller; an objective must not keep them.
 */
import type { Matrix } from './matrix.js';

/** A twice-differentiable (where it claims so) scalar function of θ ∈ R^dim. */
export interface Objective {
  /** Number of parameters. */
  readonly dim: number;
  /** Human-readable name, e.g. `teacher-student(k=6,n=6,d=6)`. */
  readonly name?: string;
  /** Loss f(θ). */
  loss(theta: Float64Array): number;
  /** Writes ∇f(θ) into `grad` (length dim) and returns f(θ). */
  grad(theta: Float64Array, grad: Float64Array): number;
  /** Exact dense Hessian ∇²f(θ) (dim×dim, symmetric), if the model has a closed form. */
  hessian?(theta: Float64Array): Matrix;
  /** Writes the Hessian-vector product ∇²f(θ)·v into `out`, if the model provides one. */
  hvp?(theta: Float64Array, v: Float64Array, out: Float64Array): void;
  /**
   * Finite-sum structure f = (1/m) Σ_i f_i, for stochastic methods and the α-β condition. Present only when the
   * objective is such a mean.
   */
  readonly components?: ComponentAccess;
  /** f* = min f when known analytically (e.g. 0 at an interpolating global minimum). */
  readonly minValue?: number;
}

/** Access to the components f_i of a finite-sum objective f = (1/m) Σ_i f_i. */
export interface ComponentAccess {
  /** m, the number of components (samples). */
  readonly count: number;
  /** f_i(θ). */
  loss(theta: Float64Array, i: number): number;
  /** Writes ∇f_i(θ) into `grad` and returns f_i(θ). */
  grad(theta: Float64Array, i: number, grad: Float64Array): number;
  /** Writes the gradient of the mini-batch mean (1/|B|) Σ_{i∈B} f_i into `grad` and returns that mean. */
  batchGrad(theta: Float64Array, batch: ArrayLike<number>, grad: Float64Array): number;
  /** f_i* = min f_i when known (e.g. 0 for cross-entropy-type losses). */
  minValue?(i: number): number;
}
