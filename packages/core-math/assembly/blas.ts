// BLAS level 1 over contiguous f64 vectors (unit stride): dot, axpy, scal, nrm2, copy, fill.
//
// Algorithm: straight f64x2 loops. `dot` (and the fast pass of `nrm2`) keep four independent f64x2 accumulators,
// i.e. eight partial sums, so consecutive adds do not wait on each other's latency; the order of summation is
// therefore blocked by 8 and differs from a left-to-right loop by rounding only (error bound γ_n Σ|x_i y_i|
// either way). Reference: the BLAS routines DDOT, DAXPY, DSCAL, DNRM2, DCOPY (Lawson et al. 1979), with
// LAPACK's convention that `axpy` with α = 0 returns without touching y.
// Complexity: O(n) time, no scratch. `nrm2` reads x once, twice when the fast pass is out of the safe range.
//
// nrm2 numerics: the fast pass sums x_i² unscaled. Its result is trusted when it is finite and at least
// n·DBL_MIN: then no square overflowed, and the squares that fell below DBL_MIN (each off by ≤ 2^-1075) add up
// to at most n·2^-1075 ≤ u·Σx_i², so the relative error stays O(nu). Otherwise a second pass finds M = max|x_i|
// and sums (x_i·2^-e)² with 2^e ≤ M < 2^(e+1): the scale is an exact power of two, the scaled maximum lies in
// [1, 2), so nothing overflows, and entries below M·2^-511 that underflow contribute < n·2^-1022 relative.
// NaN anywhere gives NaN; ±Infinity (without NaN) gives +Infinity.
// Pointers are byte offsets; nothing is validated here (the TS facade does that).

/** Σ x_i y_i over n entries (four f64x2 accumulators). */
export function dot(n: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0.0);
  let s1 = f64x2.splat(0.0);
  let s2 = f64x2.splat(0.0);
  let s3 = f64x2.splat(0.0);
  const end8 = x + ((<usize>(n & ~7)) << 3);
  while (x < end8) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x), v128.load(y)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x, 16), v128.load(y, 16)));
    s2 = f64x2.add(s2, f64x2.mul(v128.load(x, 32), v128.load(y, 32)));
    s3 = f64x2.add(s3, f64x2.mul(v128.load(x, 48), v128.load(y, 48)));
    x += 64;
    y += 64;
  }
  const r = n & 7;
  if (r >= 2) s0 = f64x2.add(s0, f64x2.mul(v128.load(x), v128.load(y)));
  if (r >= 4) s1 = f64x2.add(s1, f64x2.mul(v128.load(x, 16), v128.load(y, 16)));
  if (r >= 6) s2 = f64x2.add(s2, f64x2.mul(v128.load(x, 32), v128.load(y, 32)));
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  if (r & 1) {
    const o = (<usize>(r - 1)) << 3;
    t += load<f64>(x + o) * load<f64>(y + o);
  }
  return t;
}

/** y ← αx + y. α = 0 returns at once (y untouched, as in the reference BLAS). */
export function axpy(n: i32, alpha: f64, x: usize, y: usize): void {
  if (alpha == 0.0) return;
  const a = f64x2.splat(alpha);
  const end4 = x + ((<usize>(n & ~3)) << 3);
  while (x < end4) {
    v128.store(y, f64x2.add(v128.load(y), f64x2.mul(a, v128.load(x))));
    v128.store(y, f64x2.add(v128.load(y, 16), f64x2.mul(a, v128.load(x, 16))), 16);
    x += 32;
    y += 32;
  }
  if (n & 2) {
    v128.store(y, f64x2.add(v128.load(y), f64x2.mul(a, v128.load(x))));
    x += 16;
    y += 16;
  }
  if (n & 1) store<f64>(y, load<f64>(y) + alpha * load<f64>(x));
}

/** x ← αx (IEEE: α = 0 maps NaN/Inf entries to NaN, finite ones to ±0). */
export function scal(n: i32, alpha: f64, x: usize): void {
  const a = f64x2.splat(alpha);
  const end4 = x + ((<usize>(n & ~3)) << 3);
  while (x < end4) {
    v128.store(x, f64x2.mul(a, v128.load(x)));
    v128.store(x, f64x2.mul(a, v128.load(x, 16)), 16);
    x += 32;
  }
  if (n & 2) {
    v128.store(x, f64x2.mul(a, v128.load(x)));
    x += 16;
  }
  if (n & 1) store<f64>(x, alpha * load<f64>(x));
}

/** max |x_i| (0 for n = 0). Not NaN-aware: only called when the input is known NaN-free. */
function amax(n: i32, x: usize): f64 {
  let m0 = f64x2.splat(0.0);
  let m1 = f64x2.splat(0.0);
  const end4 = x + ((<usize>(n & ~3)) << 3);
  while (x < end4) {
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(x, 16)));
    x += 32;
  }
  if (n & 2) {
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x)));
    x += 16;
  }
  const m = f64x2.max(m0, m1);
  let r = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  if (n & 1) r = max(r, abs(load<f64>(x)));
  return r;
}

/** Σ (x_i·s1·s2)² with two f64x2 accumulators (s2 = 1 unless the scale does not fit one f64). */
function scaledSumSq(n: i32, x: usize, s1: f64, s2: f64): f64 {
  const a = f64x2.splat(s1);
  const b = f64x2.splat(s2);
  let t0 = f64x2.splat(0.0);
  let t1 = f64x2.splat(0.0);
  const end4 = x + ((<usize>(n & ~3)) << 3);
  while (x < end4) {
    const u = f64x2.mul(f64x2.mul(v128.load(x), a), b);
    const v = f64x2.mul(f64x2.mul(v128.load(x, 16), a), b);
    t0 = f64x2.add(t0, f64x2.mul(u, u));
    t1 = f64x2.add(t1, f64x2.mul(v, v));
    x += 32;
  }
  if (n & 2) {
    const u = f64x2.mul(f64x2.mul(v128.load(x), a), b);
    t0 = f64x2.add(t0, f64x2.mul(u, u));
    x += 16;
  }
  const t = f64x2.add(t0, t1);
  let r = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  if (n & 1) {
    const u = load<f64>(x) * s1 * s2;
    r += u * u;
  }
  return r;
}

/** 2^e for −1022 ≤ e ≤ 1023, built from the exponent bits (exact). */
@inline function pow2(e: i32): f64 {
  return reinterpret<f64>((<u64>(e + 1023)) << 52);
}

// Smallest positive normal f64 (DBL_MIN = 2^-1022).
const DBL_MIN: f64 = 2.2250738585072014e-308;

/** ‖x‖₂ without destructive overflow or underflow (see the file header). */
export function nrm2(n: i32, x: usize): f64 {
  if (n <= 0) return 0.0;
  const ss = dot(n, x, x);
  if (isNaN(ss)) return ss;
  if (ss < Infinity && ss >= <f64>n * DBL_MIN) return Math.sqrt(ss);
  const m = amax(n, x);
  if (m == 0.0) return 0.0;
  if (m == Infinity) return Infinity;
  // e = floor(log2 m), exactly, from the exponent field (subnormals: normalise by 2^64 first).
  let bits = reinterpret<u64>(m);
  let e = <i32>(bits >> 52) - 1023;
  if (e == -1023) {
    bits = reinterpret<u64>(m * 18446744073709551616.0);
    e = <i32>(bits >> 52) - 1023 - 64;
  }
  // Scale by 2^-e; outside −1022 ≤ −e ≤ 1023 (m subnormal, or m ≥ 2^1023) 2^-e is not a normal f64, so use two
  // exact factors.
  let s1: f64 = 1.0;
  let s2: f64 = 1.0;
  if (e < -1022) {
    s1 = pow2(600);
    s2 = pow2(-e - 600);
  } else if (e > 1022) {
    s1 = pow2(-600);
    s2 = pow2(-e + 600);
  } else {
    s1 = pow2(-e);
  }
  const r = Math.sqrt(scaledSumSq(n, x, s1, s2));
  // Undo the scaling: r ∈ [1, 2√n]. Below the normal range go through 2^(e+600)·2^-600 so only the last
  // multiplication rounds.
  if (e >= -1022) return r * pow2(e);
  return r * pow2(e + 600) * pow2(-600);
}

/** y ← x (memmove semantics). */
export function copy(n: i32, x: usize, y: usize): void {
  if (n > 0) memory.copy(y, x, (<usize>n) << 3);
}

/** x ← α. */
export function fill(n: i32, alpha: f64, x: usize): void {
  const a = f64x2.splat(alpha);
  const end4 = x + ((<usize>(n & ~3)) << 3);
  while (x < end4) {
    v128.store(x, a);
    v128.store(x, a, 16);
    x += 32;
  }
  if (n & 2) {
    v128.store(x, a);
    x += 16;
  }
  if (n & 1) store<f64>(x, alpha);
}
