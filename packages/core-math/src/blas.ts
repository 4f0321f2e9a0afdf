/**
 * BLAS level-1 facade: dot, axpy, scal, nrm2, copy, fill over `Float64Array`s or {@link Resident} buffers.
 *
 * Algorithm: validate once, copy plain arrays into a scratch scope (resident buffers are used in place), run the
 * raw kernel of the active backend (`assembly/blas.ts` or its TS twin), copy results back. Reference: BLAS DDOT,
 * DAXPY, DSCAL, DNRM2, DCOPY. Complexity O(n); each plain-array argument costs one copy in (and one out when
 * written). Hot loops should keep their vectors resident to skip the copies.
 *
 * Numerical caveats: NaN and ±Infinity inside the vectors are not rejected; they flow through with IEEE semantics,
 * except that `axpy` with α = 0 returns without touching y (BLAS convention). Only the scalars (α) must be finite.
 * `dot` sums in blocks of 8 on the wasm backend (error ≤ γ_n Σ|x_i y_i| on both backends). `nrm2` is scaled:
 * entries near 1e300 do not overflow and entries near 1e-300 do not underflow.
 */
import { type Context, ctx } from './backend.js';
import { shapeError, typeError } from './errors.js';
import type { Scratch } from './heap.js';
import { checkScalar } from './matrix.js';
import { Resident, residentPtr } from './resident.js';

/** A vector argument: a plain array (copied in/out) or a resident buffer (used in place). */
export type VectorLike = Float64Array | Resident;

function checkVec(fn: string, what: string, v: unknown): asserts v is VectorLike {
  if (!(v instanceof Float64Array) && !(v instanceof Resident))
    throw typeError(fn, what, 'be a Float64Array or a Resident buffer', v);
}

function checkSameLength(fn: string, x: VectorLike, y: VectorLike): void {
  if (x.length !== y.length) throw shapeError(fn, 'y.length', `equal x.length = ${x.length}`, y.length);
}

/**
 * Places the vector operands of one call in linear memory: a resident buffer is used where it lives, a plain array
 * is copied into a scratch scope that is opened only when needed (calls on resident buffers allocate nothing).
 */
class Operands {
  private s: Scratch | undefined;
  constructor(
    private readonly c: Context,
    private readonly fn: string,
  ) {}

  /** Byte offset of `v` (copied in when `copyIn`, else uninitialised room for an output). */
  ptr(v: VectorLike, copyIn: boolean): number {
    if (v instanceof Resident) return residentPtr(v, this.fn).off;
    this.s ??= this.c.heap.scratch();
    return copyIn ? this.s.copyIn(v) : this.s.f64(v.length);
  }

  dispose(): void {
    this.s?.dispose();
  }
}

/** Copies a kernel's output back into a plain array (resident outputs are already in place). */
function copyBack(c: Context, v: VectorLike, off: number): void {
  if (v instanceof Float64Array) v.set(c.heap.f64(off, v.length));
}

/**
 * Dot product Σ x_i y_i.
 * @param x vector of length n.
 * @param y vector of length n.
 * @returns the dot product (0 for n = 0).
 * @throws ArgumentError (E_ARG_TYPE) when x or y is not a Float64Array/Resident; ShapeError (E_SHAPE) when the
 * lengths differ; StateError (E_DISPOSED) for a disposed resident buffer, (E_NOT_INITIALIZED) before `init()`.
 * @see BLAS DDOT.
 * @example
 * dot(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)); // 32
 */
export function dot(x: VectorLike, y: VectorLike): number {
  const fn = 'dot';
  checkVec(fn, 'x', x);
  checkVec(fn, 'y', y);
  checkSameLength(fn, x, y);
  const c = ctx(fn);
  const s = new Operands(c, fn);
  try {
    const px = s.ptr(x, true);
    const py = y === x ? px : s.ptr(y, true);
    return c.k.dot(x.length, px, py);
  } finally {
    s.dispose();
  }
}

/**
 * y ← αx + y, in place.
 * @param alpha finite scalar. α = 0 leaves y untouched (even where x holds NaN), as in the reference BLAS.
 * @param x vector of length n.
 * @param y vector of length n, overwritten.
 * @returns y.
 * @throws ArgumentError (E_ARG_TYPE) for a non-vector or non-number argument; NonFiniteError (E_NONFINITE) when α
 * is NaN or ±Infinity; ShapeError (E_SHAPE) when the lengths differ; StateError (E_DISPOSED) for a disposed buffer.
 * @see BLAS DAXPY.
 * @example
 * const y = Float64Array.of(1, 1);
 * axpy(2, Float64Array.of(1, 2), y); // y = [3, 5]
 */
export function axpy<T extends VectorLike>(alpha: number, x: VectorLike, y: T): T {
  const fn = 'axpy';
  checkScalar(fn, 'alpha', alpha);
  checkVec(fn, 'x', x);
  checkVec(fn, 'y', y);
  checkSameLength(fn, x, y);
  const c = ctx(fn);
  const s = new Operands(c, fn);
  try {
    const py = s.ptr(y, true);
    const px = x === y ? py : s.ptr(x, true);
    c.k.axpy(x.length, alpha, px, py);
    copyBack(c, y, py);
    return y;
  } finally {
    s.dispose();
  }
}

/**
 * x ← αx, in place.
 * @param alpha finite scalar (α = 0 maps finite entries to ±0 and NaN/±Infinity to NaN, by IEEE rules).
 * @param x vector, overwritten.
 * @returns x.
 * @throws ArgumentError (E_ARG_TYPE); NonFiniteError (E_NONFINITE) for non-finite α; StateError (E_DISPOSED).
 * @see BLAS DSCAL.
 * @example
 * scal(0.5, Float64Array.of(2, 4)); // [1, 2]
 */
export function scal<T extends VectorLike>(alpha: number, x: T): T {
  const fn = 'scal';
  checkScalar(fn, 'alpha', alpha);
  checkVec(fn, 'x', x);
  const c = ctx(fn);
  const s = new Operands(c, fn);
  try {
    const px = s.ptr(x, true);
    c.k.scal(x.length, alpha, px);
    copyBack(c, x, px);
    return x;
  } finally {
    s.dispose();
  }
}

/**
 * Euclidean norm ‖x‖₂, scaled so that it neither overflows nor underflows when the result is representable
 * (e.g. ‖[1e300, 1e300]‖ = √2·1e300 and ‖[1e-300, 1e-300]‖ = √2·1e-300).
 * @param x vector of length n (n = 0 gives 0).
 * @returns the norm; NaN when x holds NaN, +Infinity when x holds ±Infinity (and no NaN).
 * @throws ArgumentError (E_ARG_TYPE); StateError (E_DISPOSED).
 * @see BLAS DNRM2; LAPACK Working Note on safe scaling (Anderson 2017).
 * @example
 * nrm2(Float64Array.of(3, 4)); // 5
 */
export function nrm2(x: VectorLike): number {
  const fn = 'nrm2';
  checkVec(fn, 'x', x);
  const c = ctx(fn);
  const s = new Operands(c, fn);
  try {
    return c.k.nrm2(x.length, s.ptr(x, true));
  } finally {
    s.dispose();
  }
}

/**
 * y ← x.
 * @param x source vector of length n.
 * @param y destination vector of length n, overwritten.
 * @returns y.
 * @throws ArgumentError (E_ARG_TYPE); ShapeError (E_SHAPE) when the lengths differ; StateError (E_DISPOSED).
 * @see BLAS DCOPY.
 * @example
 * const r = resident(3);
 * copy(Float64Array.of(1, 2, 3), r); // r now holds [1, 2, 3]
 */
export function copy<T extends VectorLike>(x: VectorLike, y: T): T {
  const fn = 'copy';
  checkVec(fn, 'x', x);
  checkVec(fn, 'y', y);
  checkSameLength(fn, x, y);
  const c = ctx(fn);
  if (x instanceof Float64Array && y instanceof Float64Array) {
    // Copying through linear memory would only add two copies to the engine's memmove.
    y.set(x);
    return y;
  }
  const s = new Operands(c, fn);
  try {
    const px = s.ptr(x, true);
    const py = y === x ? px : s.ptr(y, false);
    c.k.copy(x.length, px, py);
    copyBack(c, y, py);
    return y;
  } finally {
    s.dispose();
  }
}

/**
 * x ← α (every entry).
 * @param x vector, overwritten.
 * @param alpha finite value.
 * @returns x.
 * @throws ArgumentError (E_ARG_TYPE); NonFiniteError (E_NONFINITE) for non-finite α; StateError (E_DISPOSED).
 * @see BLAS DLASET (vector case).
 * @example
 * fill(new Float64Array(3), 7); // [7, 7, 7]
 */
export function fill<T extends VectorLike>(x: T, alpha: number): T {
  const fn = 'fill';
  checkVec(fn, 'x', x);
  checkScalar(fn, 'alpha', alpha);
  const c = ctx(fn);
  if (x instanceof Float64Array) {
    // A plain array is filled where it lives: a round trip through linear memory would only add copies.
    x.fill(alpha);
    return x;
  }
  c.k.fill(x.length, alpha, residentPtr(x, fn).off);
  return x;
}
