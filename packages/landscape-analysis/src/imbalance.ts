/**
 * Imbalance invariants of linear networks (P1 §1.2, §1.4): C_i = W_i W_iᵀ − W_{i+1}ᵀ W_{i+1}, conserved by gradient
 * flow on any f(W_N ⋯ W_1), the scalar metric c = 2 tr(C²) − tr(C)², and their drift along a recorded trajectory
 * (discrete GD or an ODE integrator conserves C only approximately; the drift measures how well).
 *
 * Algorithm: the two Gram products per C_i by core-math `gram` (BLAS DSYRK), O(Σ k_i² k_{i±1}) per point.
 * Numerical caveats: each entry of C_i carries an error of order γ_k(‖W_i‖² + ‖W_{i+1}‖²) (the Gram products'
 * bound), so drifts are also reported relative to the scale ‖W_i‖_F² + ‖W_{i+1}‖_F².
 * @see P1 §1.2 (Definition 1, Proposition 2), §1.4 (Proposition 7: c = S² − 4z² in the vector case)
 */
import {
  checkMatrix,
  checkNumber,
  gram,
  type Matrix,
  NON_NEGATIVE,
  shapeError,
} from '@landscape-lab/core-math';
import { checkArray, checkPoint } from './internal/check.js';

/** Imbalance of one point. */
export interface Imbalance {
  /** C_1 … C_{N−1}, C_i = W_i W_iᵀ − W_{i+1}ᵀ W_{i+1} (square, of size rows(W_i)). */
  C: Matrix[];
  /** tr(C_i) = ‖W_i‖_F² − ‖W_{i+1}‖_F² (P1 Lemma 10). */
  traces: Float64Array;
  /**
   * 2 tr(C_i²) − tr(C_i)² for each i. In the vector case (N = 2, one output and one input) this is P1's c(w) =
   * S² − 4z² ≥ 0 of Proposition 7, zero exactly at balance; for general shapes it is the same formula, reported
   * for convenience (not a theorem of P1).
   */
  metric: Float64Array;
  /** Scale ‖W_i‖_F² + ‖W_{i+1}‖_F² of each C_i (for relative comparisons). */
  scale: Float64Array;
}

/**
 * Splits a flat parameter vector into row-major layers of the given shapes (concatenated in order).
 * @param theta flat parameters, length Σ rows·cols
 * @param shapes [rows, cols] of each layer, e.g. P1's W_1 (k×inDim), W_2…W_{N−1} (k×k), W_N (outDim×k)
 * @returns views (no copy) into theta
 * @throws ShapeError when the lengths disagree; ArgumentError for malformed shapes.
 * @example splitLayers(theta, [[k, 1], [1, k]]) // P1 vector case: w_1 (k×1), w_2 (1×k)
 */
export function splitLayers(theta: Float64Array, shapes: readonly (readonly [number, number])[]): Matrix[] {
  const fn = 'splitLayers';
  checkArray(fn, 'shapes', shapes);
  let total = 0;
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i]!;
    checkArray(fn, `shapes[${i}]`, s, 2);
    checkNumber(fn, `shapes[${i}][0]`, s[0], NON_NEGATIVE, true);
    checkNumber(fn, `shapes[${i}][1]`, s[1], NON_NEGATIVE, true);
    total += s[0] * s[1];
  }
  checkPoint(fn, 'theta', theta, total);
  const out: Matrix[] = [];
  let off = 0;
  for (const [r, c] of shapes) {
    out.push({ rows: r, cols: c, data: theta.subarray(off, off + r * c) });
    off += r * c;
  }
  return out;
}

function frob2(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
  return s;
}

/**
 * The imbalance matrices C_i and scalar metrics of a linear network W_N ⋯ W_1.
 * @param layers W_1 … W_N (N ≥ 2) with rows(W_i) = cols(W_{i+1})
 * @throws ArgumentError for fewer than 2 layers or malformed matrices; ShapeError when consecutive layers do not
 * chain; NonFiniteError for non-finite entries.
 * @see P1 §1.2, §1.4
 * @example
 * const { metric } = imbalance(splitLayers(theta, [[k, 1], [1, k]]));
 * metric[0]; // c = S² − 4z²
 */
export function imbalance(layers: readonly Matrix[]): Imbalance {
  const fn = 'imbalance';
  checkArray(fn, 'layers', layers);
  if (layers.length < 2) throw shapeError(fn, 'layers.length', 'be at least 2', layers.length);
  layers.forEach((W, i) => {
    checkMatrix(fn, `layers[${i}]`, W);
    checkPoint(fn, `layers[${i}].data`, W.data, W.rows * W.cols);
  });
  const C: Matrix[] = [];
  const N = layers.length;
  const traces = new Float64Array(N - 1);
  const metric = new Float64Array(N - 1);
  const scale = new Float64Array(N - 1);
  for (let i = 0; i + 1 < N; i++) {
    const W = layers[i]!;
    const V = layers[i + 1]!;
    if (W.rows !== V.cols)
      throw shapeError(fn, `layers[${i + 1}].cols`, `equal layers[${i}].rows = ${W.rows}`, V.cols);
    const A = gram(W, { side: 'AAt' });
    const B = gram(V, { side: 'AtA' });
    const k = W.rows;
    const d = new Float64Array(k * k);
    let tr = 0;
    for (let t = 0; t < k * k; t++) d[t] = A.data[t]! - B.data[t]!;
    for (let t = 0; t < k; t++) tr += d[t * k + t]!;
    C.push({ rows: k, cols: k, data: d });
    traces[i] = tr;
    metric[i] = 2 * frob2(d) - tr * tr;
    scale[i] = frob2(W.data) + frob2(V.data);
  }
  return { C, traces, metric, scale };
}

/** Drift of the imbalance along a trajectory. */
export interface ImbalanceDrift {
  /** max_t ‖C_i(t) − C_i(0)‖_F for each i. */
  drift: Float64Array;
  /** drift_i / max_t scale_i(t): the drift relative to the size of the terms (≈ rounding/discretisation level). */
  relativeDrift: Float64Array;
  /** max_t |c_i(t) − c_i(0)| of the scalar metric. */
  metricDrift: Float64Array;
  /** Index t of the point attaining each drift. */
  worstPoint: Int32Array;
  /** The imbalance at t = 0. */
  initial: Imbalance;
}

/**
 * How far the imbalance moved along a trajectory of flat parameter vectors.
 * @param trajectory θ(0), θ(1), … (each of length Σ rows·cols)
 * @param shapes layer shapes as in {@link splitLayers}
 * @throws ArgumentError for an empty trajectory or malformed shapes; ShapeError / NonFiniteError for bad points.
 * @see P1 §1.2 (dC/dt = 0 along gradient flow); spec §5 (track the drift of C)
 * @example imbalanceDrift(run.trajectory, [[k, n], [n, k]]).relativeDrift[0] // ≈ 0 for a small-step integrator
 */
export function imbalanceDrift(
  trajectory: readonly Float64Array[],
  shapes: readonly (readonly [number, number])[],
): ImbalanceDrift {
  const fn = 'imbalanceDrift';
  checkArray(fn, 'trajectory', trajectory);
  if (trajectory.length === 0) throw shapeError(fn, 'trajectory.length', 'be at least 1', 0);
  const initial = imbalance(splitLayers(trajectory[0]!, shapes));
  const L = initial.C.length;
  const drift = new Float64Array(L);
  const metricDrift = new Float64Array(L);
  const maxScale = Float64Array.from(initial.scale);
  const worst = new Int32Array(L);
  for (let t = 1; t < trajectory.length; t++) {
    const cur = imbalance(splitLayers(trajectory[t]!, shapes));
    for (let i = 0; i < L; i++) {
      const a = cur.C[i]!.data;
      const b = initial.C[i]!.data;
      let s = 0;
      for (let q = 0; q < a.length; q++) s += (a[q]! - b[q]!) ** 2;
      const d = Math.sqrt(s);
      if (d > drift[i]!) {
        drift[i] = d;
        worst[i] = t;
      }
      metricDrift[i] = Math.max(metricDrift[i]!, Math.abs(cur.metric[i]! - initial.metric[i]!));
      maxScale[i] = Math.max(maxScale[i]!, cur.scale[i]!);
    }
  }
  const relativeDrift = drift.map((d, i) => (maxScale[i]! > 0 ? d / maxScale[i]! : 0));
  return { drift, relativeDrift, metricDrift, worstPoint: worst, initial };
}
