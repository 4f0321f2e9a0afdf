/**
 * Level-1 vector helpers on plain Float64Arrays.
 *
 * Why plain TypeScript and not core-math's BLAS-1 facade: each facade call copies its operands into linear memory
 * and back, which costs as much as the O(n) arithmetic itself, so for isolated length-n operations a JS loop is
 * the faster (and allocation-free) choice. Level-2/3 work (reorthogonalisation, Gram matrices, eigensolves) goes
 * through core-math. `nrm2` scales like LAPACK's dnrm2 so huge or tiny entries neither overflow nor underflow.
 */

/** Σ x_i y_i. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** ‖x‖₂ with scaling (no overflow for entries near 1e300, no underflow for 1e−300). */
export function nrm2(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > scale) scale = a;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const t = x[i]! / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/** y ← y + αx. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i]!;
}

/** x ← αx. */
export function scal(alpha: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
}

/** ‖x − y‖₂. */
export function dist(x: Float64Array, y: Float64Array): number {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = x[i]! - y[i]!;
  return nrm2(d);
}

/** x − y (new array). */
export function sub(x: Float64Array, y: Float64Array): Float64Array {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = x[i]! - y[i]!;
  return d;
}

/** max_i |x_i|. */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > m) m = a;
  }
  return m;
}

/** Machine epsilon of f64 (2^−52). */
export const EPS = 2 ** -52;
