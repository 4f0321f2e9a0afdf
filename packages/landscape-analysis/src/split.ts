/**
 * Neuron splitting (P4 §4.3, Lemmas 28–29, Theorem 16): embed a width-n point into width n + 1 by replacing
 * neuron i with α·w_i (kept at position i) and (1 − α)·w_i (appended as neuron n), and measure the curvature of the
 * new point along (u, −u).
 *
 * Why it matters: for the teacher–student loss, Lemma 28 says the split point of a critical point is critical with
 * new diagonal blocks ½I + H′_ii/α and ½I + H′_ii/(1 − α), off-diagonal ½I between the pair, H′_ii := H_ii − ½I.
 * For a unit u, the direction (u at block i, −u at block n, zero elsewhere) — NOT normalised, ‖·‖² = 2 — has
 * curvature dᵀH_new d = uᵀH′_ii u·(1/α + 1/(1 − α)) (the ½I terms cancel). We take u as the unit eigenvector of the
 * smallest eigenvalue λ of H′_ii, so the prediction is λ(1/α + 1/(1 − α)); `measured` is dᵀH_new d with that same
 * unnormalised d, and `rayleigh` = measured/2 is the curvature along the unit direction d/√2. A negative λ makes
 * the split point a saddle (Theorem 16).
 * Generic: works for any `(width) => Objective` family whose θ is neuron-major with `blockSize` entries per neuron;
 * the ½I shift is a parameter (default ½, the teacher–student value; use 0 for models without the ½‖w‖² self term).
 * Complexity: two dense Hessians (widths n and n + 1) and two eigen-decompositions.
 * @see P4 §4.3 (Lemma 28, Lemma 29, Theorem 16), §4.6 claim 4
 */
import {
  checkFunction,
  checkNumber,
  checkObjective,
  checkOptions,
  type Matrix,
  type Objective,
  rangeError,
  shapeError,
} from '@landscape-lab/core-math';
import { hessian } from './hessian.js';
import { checkComputed, checkPoint } from './internal/check.js';
import { nrm2 } from './internal/vec.js';
import type { HessianMethod } from './operator.js';
import { denseSpectrum } from './spectrum.js';

/** Options of {@link splitNeuron}. */
export interface SplitNeuronOptions {
  /** Split fraction α ∈ (0, 1) (default ½). */
  alpha?: number;
  /** The shift s in H′_ii = H_ii − s·I (default ½, teacher–student). */
  shift?: number;
  /** H′_ii given by the caller (blockSize×blockSize); default: from the dense Hessian of the width-n objective. */
  hPrime?: Matrix;
  /** Hessian source (default `auto`). */
  method?: 'auto' | HessianMethod;
}

/** Result of {@link splitNeuron}. */
export interface SplitNeuronResult {
  /** The width-(n+1) point: neuron i scaled by α, neuron n = (1 − α)·w_i appended. */
  theta: Float64Array;
  width: number;
  neuron: number;
  alpha: number;
  lossBefore: number;
  loss: number;
  gradNormBefore: number;
  gradNorm: number;
  /** λ_min(H′_ii) and its unit eigenvector u. */
  hPrimeMin: number;
  u: Float64Array;
  /** The unnormalised direction (u at block i, −u at block n); ‖d‖² = 2. */
  direction: Float64Array;
  /** λ_min(H′_ii)·(1/α + 1/(1 − α)) (P4 Lemma 29). */
  predicted: number;
  /** dᵀ H_new d with the unnormalised d. */
  measured: number;
  /** measured / ‖d‖² = measured / 2: curvature along the unit direction. */
  rayleigh: number;
  /** λ_min and λ_max of the new Hessian (dense). */
  lambdaMin: number;
  lambdaMax: number;
  /** Eigensolver error bound of the new spectrum (see denseSpectrum). */
  errorBound: number;
  hessianMethod: HessianMethod;
}

/**
 * Splits neuron i of a width-n point and measures the curvature along (u, −u) against P4's prediction.
 * @param factory width ↦ objective on width·blockSize parameters (same model, same teacher/data)
 * @param theta point of width n (length n·blockSize), ideally a critical point
 * @param width n
 * @param blockSize d, parameters per neuron
 * @param neuron i ∈ [0, n)
 * @param options α, shift, caller-supplied H′_ii, Hessian method
 * @throws ArgumentError (E_ARG_RANGE) for α ∉ (0, 1), i ∉ [0, n), a factory whose objective has the wrong dim;
 * ShapeError for θ or hPrime of the wrong size; NonFiniteError for non-finite input or output.
 * @see P4 §4.3 Lemmas 28–29, Theorem 16
 * @example
 * const r = splitNeuron((w) => teacherStudent({ n: w, k: 6 }), minimum, 6, 6, 0, { alpha: 0.3 });
 * r.measured; // ≈ r.predicted < 0: the split point is a saddle
 */
export function splitNeuron(
  factory: (width: number) => Objective,
  theta: Float64Array,
  width: number,
  blockSize: number,
  neuron: number,
  options: SplitNeuronOptions = {},
): SplitNeuronResult {
  const fn = 'splitNeuron';
  checkFunction(fn, 'factory', factory);
  checkOptions(fn, options);
  checkNumber(fn, 'width', width, { min: 1 }, true);
  checkNumber(fn, 'blockSize', blockSize, { min: 1 }, true);
  checkNumber(fn, 'neuron', neuron, { min: 0, max: width - 1 }, true);
  const d = blockSize;
  const n = width;
  checkPoint(fn, 'theta', theta, n * d);
  const alpha = options.alpha ?? 0.5;
  checkNumber(fn, 'options.alpha', alpha, { min: 0, minExclusive: true, max: 1, maxExclusive: true });
  const shift = options.shift ?? 0.5;
  checkPoint(fn, 'options.shift', Float64Array.of(shift), 1);
  const hopts = options.method ? { method: options.method } : {};
  const before = factory(n);
  checkObjective(fn, 'factory(width)', before);
  if (before.dim !== n * d)
    throw rangeError(fn, 'factory(width).dim', `equal width·blockSize = ${n * d}`, before.dim);
  const after = factory(n + 1);
  checkObjective(fn, 'factory(width + 1)', after);
  if (after.dim !== (n + 1) * d)
    throw rangeError(fn, 'factory(width + 1).dim', `equal (width + 1)·blockSize = ${(n + 1) * d}`, after.dim);

  const g0 = new Float64Array(n * d);
  const lossBefore = checkComputed(fn, 'f(theta)', before.grad(theta, g0));

  // H′_ii
  let Hp: Matrix;
  if (options.hPrime !== undefined) {
    const M = options.hPrime;
    if (!M || M.rows !== d || M.cols !== d) throw shapeError(fn, 'options.hPrime', `be ${d}×${d}`, M);
    checkPoint(fn, 'options.hPrime.data', M.data, d * d);
    Hp = M;
  } else {
    const H = hessian(before, theta, hopts).matrix;
    const data = new Float64Array(d * d);
    const N = n * d;
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        data[a * d + b] = H.data[(neuron * d + a) * N + neuron * d + b]! - (a === b ? shift : 0);
    Hp = { rows: d, cols: d, data };
  }
  const sp = denseSpectrum(Hp, { vectors: true });
  const hPrimeMin = sp.values[0]!;
  const u = Float64Array.from({ length: d }, (_, a) => sp.vectors!.data[a * d]!);

  const th = new Float64Array((n + 1) * d);
  th.set(theta);
  for (let a = 0; a < d; a++) {
    const w = theta[neuron * d + a]!;
    th[neuron * d + a] = alpha * w;
    th[n * d + a] = (1 - alpha) * w;
  }
  const g1 = new Float64Array((n + 1) * d);
  const loss = checkComputed(fn, 'f(split theta)', after.grad(th, g1));
  const h1 = hessian(after, th, hopts);
  const M = (n + 1) * d;
  const dir = new Float64Array(M);
  for (let a = 0; a < d; a++) {
    dir[neuron * d + a] = u[a]!;
    dir[n * d + a] = -u[a]!;
  }
  // dᵀHd over the two nonzero blocks only.
  let measured = 0;
  const blocks = [neuron * d, n * d];
  const sign = [1, -1];
  for (let p = 0; p < 2; p++)
    for (let q = 0; q < 2; q++)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++)
          measured +=
            sign[p]! * sign[q]! * u[a]! * u[b]! * h1.matrix.data[(blocks[p]! + a) * M + blocks[q]! + b]!;
  const spNew = denseSpectrum(h1.matrix);
  return {
    theta: th,
    width: n + 1,
    neuron,
    alpha,
    lossBefore,
    loss,
    gradNormBefore: nrm2(g0),
    gradNorm: nrm2(g1),
    hPrimeMin,
    u,
    direction: dir,
    predicted: hPrimeMin * (1 / alpha + 1 / (1 - alpha)),
    measured,
    rayleigh: measured / 2,
    lambdaMin: spNew.values[0]!,
    lambdaMax: spNew.values[M - 1]!,
    errorBound: spNew.errorBound,
    hessianMethod: h1.method,
  };
}
