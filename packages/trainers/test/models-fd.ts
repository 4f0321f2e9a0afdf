/**
 * Derivative checks shared by the model tests (not a test file itself).
 *
 * Central differences: D_p F ≈ (F(θ + h e_p) − F(θ − h e_p)) / (2h). For each output q the error is at most
 *   h²·|∂_p³F_q|/6 (truncation, Taylor with remainder) + u_q/h (rounding: each evaluation of F_q is off by ≤ u_q),
 * minimised near h ~ (3u/M₃)^{1/3}; we use h = ε^{1/3}·max(1, |θ_p|) and divide by the exact spacing
 * (θ_p + h) − (θ_p − h) (computed exactly: the two operands are within a factor 2 of each other).
 * |∂_p³F_q| is estimated from the ANALYTIC derivative: the second difference of the analytic column
 * J(θ ± H e_p)[:, p] at two steps (H and 2H), whose larger magnitude is used with a factor 2 for the estimate's own
 * error (O(H²) relative). u_q is supplied by each test from its own rounding model.
 */
import { expect } from 'vitest';

export const EPS = Number.EPSILON;

export interface DerivativeCheck {
  /** F(θ) ∈ R^m. */
  F: (theta: Float64Array) => Float64Array;
  /** Column p of the claimed derivative ∂F/∂θ_p ∈ R^m at θ. */
  column: (theta: Float64Array, p: number) => Float64Array;
  /** Absolute rounding bound u_q of each evaluated F_q (a scalar for all q). */
  roundoff: number | Float64Array;
  /** Step of the third-derivative estimate (default 1e−3; smaller for piecewise models near kinks). */
  H?: number;
  /**
   * 'C3' (default): truncation h²|∂³F|/6 as above. 'C2': only a Lipschitz derivative is assumed (e.g. the
   * teacher–student Hessian at exactly parallel neurons, where θ ↦ |t| makes it kinked); then
   * (F(θ+h) − F(θ−h))/(2h) − ∂F = (1/2h)∫_{−h}^{h}(∂F(θ+s) − ∂F(θ))ds ≤ L·h/2, with L estimated as
   * 2·max_{s∈{±H,±2H}} |∂F(θ+s) − ∂F(θ)|/|s| from the analytic derivative.
   */
  smoothness?: 'C3' | 'C2';
  /** Coordinates to check (default all). */
  coords?: number[];
  /** Label for failures. */
  label?: string;
}

/** Asserts the claimed derivative matches central differences within the derived bound; returns the worst ratio. */
export function checkDerivative(theta: Float64Array, c: DerivativeCheck): number {
  const dim = theta.length;
  const coords = c.coords ?? Array.from({ length: dim }, (_, p) => p);
  const H = c.H ?? 1e-3;
  let worst = 0;
  for (const p of coords) {
    const s = Math.max(1, Math.abs(theta[p]!));
    const h = EPS ** (1 / 3) * s;
    const tp = theta.slice();
    const tm = theta.slice();
    tp[p] = theta[p]! + h;
    tm[p] = theta[p]! - h;
    const spacing = tp[p]! - tm[p]!;
    const Fp = c.F(tp);
    const Fm = c.F(tm);
    const claimed = c.column(theta, p);
    // Third-derivative (or Lipschitz) estimate from the analytic column.
    const third = new Float64Array(claimed.length);
    if (c.smoothness === 'C2') {
      for (const step of [H * s, -H * s, 2 * H * s, -2 * H * s]) {
        const a = theta.slice();
        a[p] = theta[p]! + step;
        const ca = c.column(a, p);
        for (let q = 0; q < claimed.length; q++)
          third[q] = Math.max(third[q]!, (2 * Math.abs(ca[q]! - claimed[q]!)) / Math.abs(step));
      }
    } else
      for (const step of [H * s, 2 * H * s]) {
        const a = theta.slice();
        const b = theta.slice();
        a[p] = theta[p]! + step;
        b[p] = theta[p]! - step;
        const ca = c.column(a, p);
        const cb = c.column(b, p);
        for (let q = 0; q < claimed.length; q++) {
          const e = Math.abs((ca[q]! - 2 * claimed[q]! + cb[q]!) / (step * step));
          third[q] = Math.max(third[q]!, e);
        }
      }
    for (let q = 0; q < claimed.length; q++) {
      const fd = (Fp[q]! - Fm[q]!) / spacing;
      const u = typeof c.roundoff === 'number' ? c.roundoff : c.roundoff[q]!;
      const halfSpacing = spacing / 2;
      const truncation =
        c.smoothness === 'C2'
          ? (third[q]! * halfSpacing) / 2
          : (halfSpacing * halfSpacing * 2 * third[q]!) / 6;
      const tol = truncation + (2 * u) / spacing;
      const err = Math.abs(fd - claimed[q]!);
      worst = Math.max(worst, tol > 0 ? err / tol : err === 0 ? 0 : Number.POSITIVE_INFINITY);
      expect(
        err,
        `${c.label ?? ''} ∂/∂θ_${p} [${q}]: fd=${fd} claimed=${claimed[q]} tol=${tol}`,
      ).toBeLessThanOrEqual(tol);
    }
  }
  return worst;
}

/** Gradient check of a scalar objective with loss rounding bound u (absolute). */
export function checkGradient(
  obj: { loss(t: Float64Array): number; grad(t: Float64Array, g: Float64Array): number; dim: number },
  theta: Float64Array,
  u: number,
  opts: { H?: number; coords?: number[]; label?: string; smoothness?: 'C3' | 'C2' } = {},
): number {
  return checkDerivative(theta, {
    F: (t) => Float64Array.of(obj.loss(t)),
    column: (t, p) => {
      const g = new Float64Array(obj.dim);
      obj.grad(t, g);
      return Float64Array.of(g[p]!);
    },
    roundoff: u,
    ...opts,
  });
}

/** Hessian check against central differences of the analytic gradient, gradient rounding bound u (absolute). */
export function checkHessian(
  obj: {
    grad(t: Float64Array, g: Float64Array): number;
    hessian?(t: Float64Array): { rows: number; cols: number; data: Float64Array };
    dim: number;
  },
  theta: Float64Array,
  u: number,
  opts: { H?: number; coords?: number[]; label?: string; smoothness?: 'C3' | 'C2' } = {},
): number {
  const n = obj.dim;
  return checkDerivative(theta, {
    F: (t) => {
      const g = new Float64Array(n);
      obj.grad(t, g);
      return g;
    },
    column: (t, p) => {
      const Hm = obj.hessian!(t);
      const col = new Float64Array(n);
      for (let q = 0; q < n; q++) col[q] = Hm.data[q * n + p]!;
      return col;
    },
    roundoff: u,
    ...opts,
  });
}

/**
 * hvp(θ, v) against H·v: both are exact in exact arithmetic; in floating point each entry differs by at most
 * c·m·ε·(|H||v|)_q (m = dim terms in H·v, and the hvp's own O(m)-term sums), with c = 8.
 */
export function checkHvp(
  obj: {
    hvp?(t: Float64Array, v: Float64Array, out: Float64Array): void;
    hessian?(t: Float64Array): { rows: number; cols: number; data: Float64Array };
    dim: number;
  },
  theta: Float64Array,
  v: Float64Array,
  /** Magnitude of the hvp's own intermediate sums where they exceed |H||v| (per entry or one number). */
  extraScale: number | Float64Array = 0,
): void {
  const n = obj.dim;
  const H = obj.hessian!(theta).data;
  const out = new Float64Array(n);
  obj.hvp!(theta, v, out);
  for (let q = 0; q < n; q++) {
    let hv = 0;
    let habs = 0;
    for (let p = 0; p < n; p++) {
      hv += H[q * n + p]! * v[p]!;
      habs += Math.abs(H[q * n + p]! * v[p]!);
    }
    const extra = typeof extraScale === 'number' ? extraScale : extraScale[q]!;
    const tol = 8 * (n + 1) * EPS * (habs + extra);
    expect(Math.abs(out[q]! - hv), `hvp[${q}] ${out[q]} vs ${hv}`).toBeLessThanOrEqual(tol);
  }
}
