// Two-lane (f64x2) transcendentals for the hot loops: exp, log1p, acos and √(1 − x²), softplus and sigmoid on top,
// and tanh (an expm1 on the exp kernel's reduction; see `vtanh`).
// The model kernels inline the v-functions; `vmath` exposes them over arrays (tests, the facade's `vectorMath`).
// TS twin: src/reference/transcendental.ts, the same operations in the same order (bitwise identical results).
//
// exp(x): x = k ln 2 + r, k = nearest(x log₂e), r = (x − k·LN2_HI) − k·LN2_LO (Cody–Waite: LN2_HI has its low 21
//   bits zero, so k·LN2_HI and the first subtraction are exact for |k| ≤ 1076); |r| ≤ ½ ln 2 + tiny;
//   e^r = 1 + (r + r²Q(r)), Q a degree-9 weighted least-squares fit of (e^r − 1 − r)/r² on Chebyshev nodes of
//   [−½ ln 2, ½ ln 2] (relative error 2.3·10⁻¹⁶ in Q, i.e. ≤ 1.4·10⁻¹⁷ relative in e^r since r²Q ≤ 0.062 e^r);
//   × 2^⌊k/2⌋ × 2^(k−⌊k/2⌋), two normal powers of two, so only the last product rounds (also into subnormals);
//   the powers are built from k in floating point (floor, then the 2^52 + 1023 bias trick, see `pow2v`), since
//   V8 lowers f64→i64 lane conversion and i64x2.shr_s to long sequences.
//   x is clamped to [−746, 710] first: below, e^x < 2^−1075 rounds to 0; above, the product overflows to +∞.
//   The clamps use pmin/pmax (one instruction each in V8; wasm's min/max are ~8): with a finite non-zero bound
//   they give the same result as min/max for every x, NaN included (pmax(x, c) = x < c ? c : x).
// log1p(x): u = fl(1 + x), with its rounding error c = x − (u − 1) (u ≤ 2) or 1 − (u − x) (u > 2), both exact by
//   Sterbenz; u = 2^k·m with m ∈ [√½, √2) from the exponent bits (the integer offset 0x3ff0…0 − bits(√½) moves the
//   split point to √½), f = m − 1 exact, s = f/(2 + f), z = s²:
//   log(1 + x) = k·LN2_HI + (f − (f²/2 − (s(f²/2 + zP(z)) + (k·LN2_LO + c/u)))) (fdlibm's arrangement: the exact f
//   carries the value, everything rounded is a correction), P a degree-6 fit of (2 atanh(s)/s − 2)/s² on
//   z ∈ [0, (3 − 2√2)²] (relative error 4.7·10⁻¹⁶, contributing ≤ 10⁻¹⁷ relative).
// acos(x): |x| ≤ ½: π/2 − asin(x), asin(t) = t + t·zP(z), z = t²; |x| > ½: with z = (1 − |x|)/2 (exact), s = √z,
//   acos(x) = 2 asin(s) (x > 0, s split as hi + lo for one more bit) or π − 2 asin(s) (x < 0). P is a degree-12 fit
//   of (asin(√z)/√z − 1)/z on [0, ¼] (relative error 1.2·10⁻¹⁶, contributing ≤ 6·10⁻¹⁸ relative).
//   π/2 and π are used as double + correction so the constant is not a rounding source.
// sinAcos(x) = √((1 − x)(1 + x)) = sin(acos x): the factored form keeps relative accuracy as |x| → 1.
// Special values: exp(NaN) = NaN, exp(±∞) = +∞ / 0; log1p(±0) = ±0, log1p(−1) = −∞, log1p(x < −1) = NaN,
// log1p(+∞) = +∞; acos(±1) = 0 / π, acos(|x| > 1) = NaN; NaN propagates everywhere.
// Accuracy (test/transcendental.test.ts, ≥ 10⁶ points each, measured against V8's Math.*): see the test's table.
// No FMA anywhere (plain SIMD, so wasm and the TS twin round identically).

import {
  VMATH_FUNCTION_ACOS,
  VMATH_FUNCTION_EXP,
  VMATH_FUNCTION_LOG1P,
  VMATH_FUNCTION_SIN_ACOS,
  VMATH_FUNCTION_SOFTPLUS,
  VMATH_FUNCTION_TANH,
} from './codes.generated';

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;
const PI_HI: f64 = 3.141592653589793;

// Coefficient tables, highest degree first (Horner order). V8 re-materialises f64x2.splat constants inside
// loops; one v128.load64_splat per coefficient is cheaper. Static data, not an allocation.
// Q(r) ≈ (e^r − 1 − r)/r², degree 9.
const EXP_Q: usize = memory.data<f64>([
  2.5063341844941048e-8, 2.7620024496123584e-7, 2.7557368516302587e-6, 2.480152144575985e-5,
  1.9841269772983243e-4, 1.3888888917104136e-3, 8.333333333360084e-3, 4.1666666666624386e-2,
  1.666666666666664e-1, 5.000000000000001e-1,
]);
// P(z) ≈ (2 atanh(s)/s − 2)/s², z = s², degree 6.
const LOG_P: usize = memory.data<f64>([
  1.4616231895016807e-1, 1.533174081864158e-1, 1.8182888489434026e-1, 2.2222211144488602e-1,
  2.8571428625908707e-1, 3.999999999989967e-1, 6.66666666666667e-1,
]);
// P(z) ≈ (asin(√z)/√z − 1)/z, degree 12.
const ASIN_P: usize = memory.data<f64>([
  2.8762705876511783e-2, -1.4859090905785573e-2, 1.7405551464592044e-2, 5.455768223185591e-3,
  1.03232240047497e-2, 1.1479113765196947e-2, 1.3971219557483403e-2, 1.7352392273641593e-2,
  2.237217296135177e-2, 3.038194413804654e-2, 4.464285714636172e-2, 7.49999999999843e-2,
  1.6666666666666669e-1,
]);

// P(z) ≈ (tanh(√z)/√z − 1)/z on [0, 1], degree 15.
const TANH_P: usize = memory.data<f64>([
  2.5337464676442192e-08, -2.646799002355106e-07, 1.3838266622019637e-06, -4.997110098163127e-06,
  1.4618582389045467e-05, -3.840115700161152e-05, 9.647042891876923e-05, -0.00023896070481646393,
  0.0005899805461782063, -0.0014558249951002516, 0.0035921267296768044, -0.008863235410032672,
  0.021869488529485427, -0.05396825396805858, 0.13333333333333106, -0.3333333333333333,
]);

// Polynomials are evaluated by Estrin's scheme (pairs, then powers z², z⁴, z⁸): a dependency chain of ~5 mul/add
// instead of Horner's 2(n − 1), which matters where one value is needed at a time (one angle per neuron pair).
// a_j = coefficient of t^j sits at table index n − 1 − j. The asin/acos family also has scalar twins (suffix 1,
// one angle at a time) doing the same operations on f64, so lane and scalar results are bitwise equal; the other
// kernels' scalar callers take lane 0 of the two-lane function (models/common.ts actPair).

@inline function cv(tab: usize, n: i32, j: i32): v128 {
  return v128.load64_splat(tab + ((<usize>(n - 1 - j)) << 3));
}
@inline function cs(tab: usize, n: i32, j: i32): f64 {
  return load<f64>(tab + ((<usize>(n - 1 - j)) << 3));
}
@inline function pv(tab: usize, n: i32, j: i32, t: v128): v128 {
  return f64x2.add(cv(tab, n, j), f64x2.mul(cv(tab, n, j + 1), t));
}
@inline function ps(tab: usize, n: i32, j: i32, t: f64): f64 {
  return cs(tab, n, j) + cs(tab, n, j + 1) * t;
}

/** Degree-6 (7 coefficients) polynomial at t, Estrin. */
@inline function poly7(tab: usize, t: v128): v128 {
  const t2 = f64x2.mul(t, t);
  const t4 = f64x2.mul(t2, t2);
  const q0 = f64x2.add(pv(tab, 7, 0, t), f64x2.mul(pv(tab, 7, 2, t), t2));
  const q1 = f64x2.add(pv(tab, 7, 4, t), f64x2.mul(cv(tab, 7, 6), t2));
  return f64x2.add(q0, f64x2.mul(q1, t4));
}

/** Degree-9 (10 coefficients) polynomial at t, Estrin. */
@inline function poly10(tab: usize, t: v128): v128 {
  const t2 = f64x2.mul(t, t);
  const t4 = f64x2.mul(t2, t2);
  const t8 = f64x2.mul(t4, t4);
  const q0 = f64x2.add(pv(tab, 10, 0, t), f64x2.mul(pv(tab, 10, 2, t), t2));
  const q1 = f64x2.add(pv(tab, 10, 4, t), f64x2.mul(pv(tab, 10, 6, t), t2));
  return f64x2.add(f64x2.add(q0, f64x2.mul(q1, t4)), f64x2.mul(pv(tab, 10, 8, t), t8));
}

/** Degree-12 (13 coefficients) polynomial at t, Estrin. */
@inline function poly13(tab: usize, t: v128): v128 {
  const t2 = f64x2.mul(t, t);
  const t4 = f64x2.mul(t2, t2);
  const t8 = f64x2.mul(t4, t4);
  const q0 = f64x2.add(pv(tab, 13, 0, t), f64x2.mul(pv(tab, 13, 2, t), t2));
  const q1 = f64x2.add(pv(tab, 13, 4, t), f64x2.mul(pv(tab, 13, 6, t), t2));
  const q2 = f64x2.add(pv(tab, 13, 8, t), f64x2.mul(pv(tab, 13, 10, t), t2));
  const r1 = f64x2.add(q2, f64x2.mul(cv(tab, 13, 12), t4));
  return f64x2.add(f64x2.add(q0, f64x2.mul(q1, t4)), f64x2.mul(r1, t8));
}
@inline function poly13s(tab: usize, t: f64): f64 {
  const t2 = t * t;
  const t4 = t2 * t2;
  const t8 = t4 * t4;
  const q0 = ps(tab, 13, 0, t) + ps(tab, 13, 2, t) * t2;
  const q1 = ps(tab, 13, 4, t) + ps(tab, 13, 6, t) * t2;
  const q2 = ps(tab, 13, 8, t) + ps(tab, 13, 10, t) * t2;
  const r1 = q2 + cs(tab, 13, 12) * t4;
  return q0 + q1 * t4 + r1 * t8;
}

/**
 * 2^j for integral j with j + 1023 ∈ [1, 2046] (a normal power of two): j + (2^52 + 1023) is exact and holds
 * j + 1023 in its low mantissa bits, and the shift by 52 moves those bits into the exponent field (the 0x433
 * exponent of the magic constant is shifted out). One add and one shift, no float→int conversion.
 */
@inline function pow2v(j: v128): v128 {
  return i64x2.shl(f64x2.add(j, f64x2.splat(4503599627371519.0)), 52);
}

/**
 * p·2^k for integral k ∈ [−1077, 1025] as p·2^⌊k/2⌋·2^(k−⌊k/2⌋): both factors are normal powers of two, so only
 * the last product rounds (also into subnormals). NaN lanes of k come with NaN lanes of p, which propagate.
 */
@inline function scale2k(p: v128, k: v128): v128 {
  const k1 = f64x2.floor(f64x2.mul(k, f64x2.splat(0.5)));
  return f64x2.mul(f64x2.mul(p, pow2v(k1)), pow2v(f64x2.sub(k, k1)));
}

/** Degree-15 (16 coefficients) polynomial at t, Estrin. */
@inline function poly16(tab: usize, t: v128): v128 {
  const t2 = f64x2.mul(t, t);
  const t4 = f64x2.mul(t2, t2);
  const t8 = f64x2.mul(t4, t4);
  const q0 = f64x2.add(pv(tab, 16, 0, t), f64x2.mul(pv(tab, 16, 2, t), t2));
  const q1 = f64x2.add(pv(tab, 16, 4, t), f64x2.mul(pv(tab, 16, 6, t), t2));
  const q2 = f64x2.add(pv(tab, 16, 8, t), f64x2.mul(pv(tab, 16, 10, t), t2));
  const q3 = f64x2.add(pv(tab, 16, 12, t), f64x2.mul(pv(tab, 16, 14, t), t2));
  return f64x2.add(f64x2.add(q0, f64x2.mul(q1, t4)), f64x2.mul(f64x2.add(q2, f64x2.mul(q3, t4)), t8));
}

/** e^x, both lanes. */
@inline export function vexp(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-746.0)), f64x2.splat(710.0));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  const q = poly10(EXP_Q, r);
  const p = f64x2.add(f64x2.splat(1.0), f64x2.add(r, f64x2.mul(f64x2.mul(r, r), q)));
  return scale2k(p, k);
}

/**
 * The reduction and polynomial of log1p given u = fl(1 + x) and its rounding error c (u finite, > 0): no special
 * values. Shared by `vlog1p` and `vlog1pUnit`.
 */
@inline function log1pCore(u: v128, c: v128): v128 {
  const one = f64x2.splat(1.0);
  // bits(u) + (bits(1) − bits(√½)): the exponent field becomes k + 1023 with m = 2^−k u ∈ [√½, √2).
  const b = i64x2.add(u, i64x2.splat(0x00095f619980c433));
  const kf = f64x2.sub(
    v128.or(i64x2.shr_u(b, 52), i64x2.splat(0x4330000000000000)),
    f64x2.splat(4503599627371519.0), // 2^52 + 1023
  );
  const m = i64x2.add(v128.and(b, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09e667f3bcd));
  const f = f64x2.sub(m, one);
  const hfsq = f64x2.mul(f64x2.splat(0.5), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const rr = f64x2.mul(z, poly7(LOG_P, z));
  const corr = f64x2.add(f64x2.mul(kf, f64x2.splat(LN2_LO)), f64x2.div(c, u));
  const t = f64x2.sub(f, f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, rr)), corr)));
  return f64x2.add(f64x2.mul(kf, f64x2.splat(LN2_HI)), t);
}

/** log(1 + x), both lanes. */
@inline export function vlog1p(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = f64x2.add(one, x);
  const c = v128.bitselect(
    f64x2.sub(x, f64x2.sub(u, one)),
    f64x2.sub(one, f64x2.sub(u, x)),
    f64x2.le(u, f64x2.splat(2.0)),
  );
  let res = log1pCore(u, c);
  // ±0, +∞ and NaN give themselves; −1 gives −∞; x < −1 gives NaN.
  const pass = v128.or(
    v128.or(f64x2.eq(x, f64x2.splat(0.0)), f64x2.eq(x, f64x2.splat(Infinity))),
    f64x2.ne(x, x),
  );
  res = v128.bitselect(x, res, pass);
  res = v128.bitselect(f64x2.splat(-Infinity), res, f64x2.eq(x, f64x2.splat(-1.0)));
  return v128.bitselect(f64x2.splat(NaN), res, f64x2.lt(x, f64x2.splat(-1.0)));
}

/**
 * log(1 + e) for e ∈ (0, 1] (softplus's e^{−|x|}; e = +0 also gives +0): bitwise `vlog1p` on that range (u ≤ 2
 * selects the same rounding-error formula, and no special value can occur), without the special-value selects.
 */
@inline export function vlog1pUnit(e: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = f64x2.add(one, e);
  return log1pCore(u, f64x2.sub(e, f64x2.sub(u, one)));
}

/** e^x for x ≤ 0 or NaN (no overflow clamp needed): bitwise `vexp` on that range. */
@inline function vexpNonPos(x: v128): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(-746.0));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  const q = poly10(EXP_Q, r);
  const p = f64x2.add(f64x2.splat(1.0), f64x2.add(r, f64x2.mul(f64x2.mul(r, r), q)));
  return scale2k(p, k);
}

/** asin(t) for |t| ≤ ½ given z = t² (exactly or to within rounding): t + t·zP(z). */
@inline export function vasinSmall(t: v128, z: v128): v128 {
  return f64x2.add(t, f64x2.mul(t, f64x2.mul(z, poly13(ASIN_P, z))));
}

/** acos(x) for lanes with |x| ≤ ½ only: bitwise `vacos` there (its first branch), without the √ branch. */
@inline export function vacosSmall(x: v128): v128 {
  const z = f64x2.mul(x, x);
  const r = f64x2.mul(z, poly13(ASIN_P, z));
  return f64x2.sub(f64x2.splat(PIO2_HI), f64x2.sub(x, f64x2.sub(f64x2.splat(PIO2_LO), f64x2.mul(x, r))));
}

/** acos(x) ∈ [0, π], both lanes. */
@inline export function vacos(x: v128): v128 {
  const half = f64x2.splat(0.5);
  const ax = f64x2.abs(x);
  const small = f64x2.le(ax, half);
  const zb = f64x2.mul(f64x2.sub(f64x2.splat(1.0), ax), half);
  const z = v128.bitselect(f64x2.mul(x, x), zb, small);
  const s = f64x2.sqrt(zb);
  const r = f64x2.mul(z, poly13(ASIN_P, z));
  const pio2lo = f64x2.splat(PIO2_LO);
  // |x| ≤ ½: π/2 − asin(x).
  const rs = f64x2.sub(f64x2.splat(PIO2_HI), f64x2.sub(x, f64x2.sub(pio2lo, f64x2.mul(x, r))));
  // x > ½: 2 asin(s) with s = hi + lo, hi = s with the low 32 bits cleared, lo = (z − hi²)/(s + hi).
  const hi = v128.and(s, i64x2.splat(-4294967296)); // mask 0xffffffff00000000
  const lo = f64x2.div(f64x2.sub(zb, f64x2.mul(hi, hi)), f64x2.add(s, hi));
  const two = f64x2.splat(2.0);
  let rp = f64x2.mul(two, f64x2.add(hi, f64x2.add(lo, f64x2.mul(s, r))));
  rp = v128.bitselect(f64x2.splat(0.0), rp, f64x2.eq(x, f64x2.splat(1.0))); // lo is 0/0 at x = 1
  // x < −½: π − 2 asin(s).
  const rn = f64x2.sub(f64x2.splat(PI_HI), f64x2.mul(two, f64x2.add(s, f64x2.sub(f64x2.mul(s, r), pio2lo))));
  return v128.bitselect(rs, v128.bitselect(rn, rp, f64x2.lt(x, f64x2.splat(0.0))), small);
}

/** asin(t) for |t| ≤ ½ given z = t², one value (bitwise lane 0 of `vasinSmall`). */
@inline export function asinSmall1(t: f64, z: f64): f64 {
  return t + t * (z * poly13s(ASIN_P, z));
}

/** acos(x), one value: only the branch it needs (bitwise lane 0 of `vacos`). */
export function acos1(x: f64): f64 {
  const ax = Math.abs(x);
  if (ax <= 0.5) {
    const z = x * x;
    return PIO2_HI - (x - (PIO2_LO - x * (z * poly13s(ASIN_P, z))));
  }
  const zb = (1.0 - ax) * 0.5;
  const s = Math.sqrt(zb);
  const r = zb * poly13s(ASIN_P, zb);
  if (x < 0.0) return PI_HI - 2.0 * (s + (s * r - PIO2_LO));
  if (x == 1.0) return 0.0;
  const hi = reinterpret<f64>(reinterpret<i64>(s) & -4294967296);
  const lo = (zb - hi * hi) / (s + hi);
  return 2.0 * (hi + (lo + s * r));
}

/** √((1 − x)(1 + x)), one value. */
@inline export function sinAcos1(x: f64): f64 {
  return Math.sqrt((1.0 - x) * (1.0 + x));
}

/** sin(acos x) = √((1 − x)(1 + x)), both lanes (NaN for |x| > 1). */
@inline export function vsinAcos(x: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.sqrt(f64x2.mul(f64x2.sub(one, x), f64x2.add(one, x)));
}

/** σ(x) = 1/(1 + e^−x) from e = e^{−|x|} ∈ [0, 1] (no overflow): (x ≥ 0 ? 1 : e)/(1 + e). */
@inline export function vsigmoidFromE(x: v128, e: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.div(v128.bitselect(one, e, f64x2.ge(x, f64x2.splat(0.0))), f64x2.add(one, e));
}

/** e^{−|x|}. */
@inline export function vexpNegAbs(x: v128): v128 {
  return vexpNonPos(f64x2.neg(f64x2.abs(x)));
}

/** softplus(x) = max(x, 0) + log1p(e^{−|x|}) given e = e^{−|x|}. */
@inline export function vsoftplusFromE(x: v128, e: v128): v128 {
  return f64x2.add(f64x2.pmax(x, f64x2.splat(0.0)), vlog1pUnit(e));
}

/**
 * tanh(x), both lanes. With a = min(|x|, 40) (pmin keeps NaN), z = a²:
 *   a < 1: tanh a = a + a·(z·P(z)), P a degree-15 weighted least-squares fit of (tanh(√z)/√z − 1)/z on Chebyshev
 *          nodes of [0, 1] (relative error 5.6·10⁻¹⁷ in P with the coefficients rounded; a·zP ≤ 0.24 a, so the
 *          result carries ≈ ½ ulp from the last addition plus ≤ ¼ ulp from the correction);
 *   a ≥ 1: tanh a = 1 − 2/(u + 2), u = expm1(2a) (the rounded part 2/(u + 2) ≤ 0.24 is subtracted from 1, so its
 *          error is at most a quarter of tanh's ulp per ulp of its own). expm1(t), t = 2a (exact): t = k ln 2 + r as
 *          in `vexp`, e^r − 1 = r + r²Q(r) (the same Q), u = 2^k (e^r − 1) + (2^k − 1).
 * Then x's sign bit is put back (tanh(−0) = −0). a ≥ 40 gives 2/(u + 2) < 2^−54, i.e. exactly ±1 (tanh rounds to
 * ±1 for |x| > 19.1); subnormal and tiny x give x itself (z·P underflows or a·zP ≪ ulp(a)).
 * Analysis ≲ 1.1 ulp (1.06 ulp against a 120-bit reference was seen while fitting; no committed script repeats it);
 * the test measures ≤ 2 ulp against V8's Math.tanh (itself not correctly rounded). TS twin: `tanhTwin`.
 */
@inline export function vtanh(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const two = f64x2.splat(2.0);
  const a = f64x2.pmin(f64x2.abs(x), f64x2.splat(40.0));
  const z = f64x2.mul(a, a);
  const zs = f64x2.add(a, f64x2.mul(a, f64x2.mul(z, poly16(TANH_P, z))));
  const t = f64x2.add(a, a);
  const k = f64x2.nearest(f64x2.mul(t, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(t, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  const em = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), poly10(EXP_Q, r)));
  const p2 = pow2v(k);
  const u = f64x2.add(f64x2.mul(p2, em), f64x2.sub(p2, one));
  const zl = f64x2.sub(one, f64x2.div(two, f64x2.add(u, two)));
  const m = v128.bitselect(zs, zl, f64x2.lt(a, one));
  // |tanh| (≥ 0, or NaN) with x's sign bit.
  return v128.or(m, v128.and(x, f64x2.splat(-0.0)));
}

/** One function code of `vmath` on both lanes. */
@inline function vfn(kind: i32, v: v128): v128 {
  switch (kind) {
    case VMATH_FUNCTION_EXP: return vexp(v);
    case VMATH_FUNCTION_LOG1P: return vlog1p(v);
    case VMATH_FUNCTION_ACOS: return vacos(v);
    case VMATH_FUNCTION_SIN_ACOS: return vsinAcos(v);
    case VMATH_FUNCTION_SOFTPLUS: return vsoftplusFromE(v, vexpNegAbs(v));
    case VMATH_FUNCTION_TANH: return vtanh(v);
    default: return vsigmoidFromE(v, vexpNegAbs(v)); // VMATH_FUNCTION_SIGMOID
  }
}

/**
 * y_i ← f(x_i) for i < n, f by code VMATH_FUNCTION_* (codes/codes.json): exp, log1p, acos, sin(acos x), softplus,
 * sigmoid, tanh.
 * Two lanes at a time; an odd last element runs in lane 0 of a splat (same result as in a pair).
 */
export function vmath(kind: i32, n: i32, x: usize, y: usize): void {
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) {
    const o = (<usize>i) << 3;
    v128.store(y + o, vfn(kind, v128.load(x + o)));
  }
  if (n & 1) {
    const o = (<usize>n2) << 3;
    store<f64>(y + o, f64x2.extract_lane(vfn(kind, f64x2.splat(load<f64>(x + o))), 0));
  }
}
