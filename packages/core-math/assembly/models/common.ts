// Shared helpers of the model kernels (not exported from the module: index.ts re-exports only the kernel files).
//
// - Activations φ and φ′ evaluated together (one exp for softplus/sigmoid), codes as in src/abi/elementwise.ts:
//   0 relu, 1 softplus, 2 tanh, 3 sigmoid, 4 quadratic (z²), 5 linear. relu′(0) := 0 (subgradient convention).
//   softplus(z) = max(z, 0) + log1p(e^{−|z|}) and sigmoid via e^{−|z|} never overflow.
// - Unit-stride f64x2 vector loops (dot, axpy, scaled copies) with a scalar tail for odd lengths.
// - The angle between two non-zero vectors, accurate for nearly parallel / antiparallel pairs (see `angle`).

/** Result slots of `actPair` and `angle` (module globals: kernels never allocate, so no tuples). */
export let ACT_F: f64 = 0.0;
export let ACT_D: f64 = 0.0;
export let ANG_THETA: f64 = 0.0;
export let ANG_SIN: f64 = 0.0;
export let ANG_COS: f64 = 0.0;

/** Sets ACT_F = φ(z) and ACT_D = φ′(z) for activation `kind`. */
@inline export function actPair(kind: i32, z: f64): void {
  switch (kind) {
    case 0: {
      ACT_F = z > 0.0 ? z : 0.0;
      ACT_D = z > 0.0 ? 1.0 : 0.0;
      break;
    }
    case 1: {
      const e = Math.exp(-Math.abs(z));
      ACT_F = max(z, 0.0) + Math.log1p(e);
      ACT_D = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      break;
    }
    case 2: {
      const t = Math.tanh(z);
      ACT_F = t;
      ACT_D = 1.0 - t * t;
      break;
    }
    case 3: {
      const e = Math.exp(-Math.abs(z));
      const s = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      ACT_F = s;
      ACT_D = s * (1.0 - s);
      break;
    }
    case 4: {
      ACT_F = z * z;
      ACT_D = 2.0 * z;
      break;
    }
    default: {
      ACT_F = z;
      ACT_D = 1.0;
    }
  }
}

@inline export function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ a_l b_l over n entries: lane-wise f64x2 partial sums (even / odd indices), then the lanes, then the tail. */
export function vdot(n: i32, a: usize, b: usize): f64 {
  let s = f64x2.splat(0.0);
  const n2 = n & ~1;
  for (let l = 0; l < n2; l += 2) {
    const o = (<usize>l) << 3;
    s = f64x2.add(s, f64x2.mul(v128.load(a + o), v128.load(b + o)));
  }
  let t = hsum(s);
  if (n & 1) {
    const o = (<usize>n2) << 3;
    t += load<f64>(a + o) * load<f64>(b + o);
  }
  return t;
}

/** y ← y + αx over n entries. */
export function vaxpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  const n2 = n & ~1;
  for (let l = 0; l < n2; l += 2) {
    const o = (<usize>l) << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
  }
  if (n & 1) {
    const o = (<usize>n2) << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** y ← αx + βz over n entries (y may alias neither x nor z; written without reading y). */
export function vcomb(n: i32, alpha: f64, x: usize, beta: f64, z: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  const b = f64x2.splat(beta);
  const n2 = n & ~1;
  for (let l = 0; l < n2; l += 2) {
    const o = (<usize>l) << 3;
    v128.store(y + o, f64x2.add(f64x2.mul(a, v128.load(x + o)), f64x2.mul(b, v128.load(z + o))));
  }
  if (n & 1) {
    const o = (<usize>n2) << 3;
    store<f64>(y + o, alpha * load<f64>(x + o) + beta * load<f64>(z + o));
  }
}

/** x ← 0 over n entries. */
export function vzero(n: i32, x: usize): void {
  memory.fill(x, 0, (<usize>n) << 3);
}

/**
 * The angle θ ∈ [0, π] between non-zero vectors a, b (norms na, nb, inner product p = aᵀb), with sin θ and cos θ.
 * For |cos θ| ≤ 0.9, θ = acos(c) is accurate (|dθ/dc| = 1/sin θ ≤ 2.3). Closer to (anti)parallel, acos loses half
 * the digits, so θ = 2·atan2(‖ā − b̄‖, ‖ā + b̄‖) (Kahan) with the small one of the two norms formed from the explicit
 * difference (or sum) of the unit vectors: exactly parallel inputs then give θ of order ε, not √ε, and
 * sin θ = ‖ā − b̄‖‖ā + b̄‖/2, cos θ = 1 − ‖ā − b̄‖²/2 (resp. ‖ā + b̄‖²/2 − 1) stay consistent (c² + s² = 1 + O(ε)).
 */
export function angle(d: i32, a: usize, na: f64, b: usize, nb: f64, p: f64): void {
  let c = p / (na * nb);
  if (c > 1.0) c = 1.0;
  if (c < -1.0) c = -1.0;
  if (c > 0.9 || c < -0.9) {
    const ia = 1.0 / na;
    const ib = c > 0.0 ? -1.0 / nb : 1.0 / nb;
    // q = ‖a/na ∓ b/nb‖² (minus when nearly parallel, plus when nearly antiparallel): the small side, computed directly.
    let s2 = f64x2.splat(0.0);
    const va = f64x2.splat(ia);
    const vb = f64x2.splat(ib);
    const d2 = d & ~1;
    for (let l = 0; l < d2; l += 2) {
      const o = (<usize>l) << 3;
      const t = f64x2.add(f64x2.mul(va, v128.load(a + o)), f64x2.mul(vb, v128.load(b + o)));
      s2 = f64x2.add(s2, f64x2.mul(t, t));
    }
    let q = hsum(s2);
    if (d & 1) {
      const o = (<usize>d2) << 3;
      const t = ia * load<f64>(a + o) + ib * load<f64>(b + o);
      q += t * t;
    }
    if (q > 4.0) q = 4.0;
    const small = Math.sqrt(q);
    const big = Math.sqrt(4.0 - q);
    if (c > 0.0) {
      ANG_THETA = 2.0 * Math.atan2(small, big);
      ANG_COS = 1.0 - 0.5 * q;
    } else {
      ANG_THETA = 2.0 * Math.atan2(big, small);
      ANG_COS = 0.5 * q - 1.0;
    }
    ANG_SIN = 0.5 * small * big;
  } else {
    ANG_THETA = Math.acos(c);
    ANG_SIN = Math.sqrt(1.0 - c * c);
    ANG_COS = c;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Two-lane exp and log1p for the softplus / sigmoid activations (the scalar libm calls cost ~20 ns each and
// dominated the shallow-net step). Both are accurate to a few ulp (tested against the JS libm in test/models.test.ts).

const LOG2E: f64 = 1.4426950408889634;
// Cody–Waite split of ln 2 (fdlibm's ln2_hi has its low 21 bits zero, so k·LN2_HI is exact for |k| < 2^21).
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LN2: f64 = 0.6931471805599453;
const SQRT2M1: f64 = 0.41421356237309503;

// Polynomial coefficients as static v128 pairs (both lanes equal). V8 re-materialises every f64x2.splat constant
// inside a loop (several instructions each); a v128.load from this table is one instruction (measured 1.6× faster
// for a degree-13 Horner chain). Static data, not an allocation: it only moves heapBase.
// EXP_C[i] = 1/(13 − i)! for i = 0..13 (Horner from the top).
const EXP_C: usize = memory.data<f64>([
  1.6059043836821613e-10, 1.6059043836821613e-10, 2.08767569878681e-9, 2.08767569878681e-9,
  2.505210838544172e-8, 2.505210838544172e-8, 2.755731922398589e-7, 2.755731922398589e-7,
  2.7557319223985893e-6, 2.7557319223985893e-6, 2.48015873015873e-5, 2.48015873015873e-5,
  1.984126984126984e-4, 1.984126984126984e-4, 1.388888888888889e-3, 1.388888888888889e-3,
  8.333333333333333e-3, 8.333333333333333e-3, 4.1666666666666664e-2, 4.1666666666666664e-2,
  1.6666666666666666e-1, 1.6666666666666666e-1, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0,
]);
// LOG_C[i] = 1/(21 − 2i) for i = 0..9: 1/21, 1/19, …, 1/3.
const LOG_C: usize = memory.data<f64>([
  1.0 / 21.0, 1.0 / 21.0, 1.0 / 19.0, 1.0 / 19.0, 1.0 / 17.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 15.0,
  1.0 / 13.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 7.0,
  1.0 / 5.0, 1.0 / 5.0, 1.0 / 3.0, 1.0 / 3.0,
]);

/**
 * e^x lane-wise for x ≤ 0 (x = −0 gives 1; x < −746 gives 0). x = k ln 2 + r with k = nearest(x log₂e) and
 * |r| ≤ ½ln 2; e^r by its Taylor polynomial of degree 13 (remainder ≤ 0.347¹⁴/14! ≈ 4·10⁻¹⁸), Horner; then the
 * exact scaling by 2^k done as 2^⌊k/2⌋·2^(k−⌊k/2⌋) so each factor is a normal number down to k = −1076.
 */
@inline export function vexpNonPos(x: v128): v128 {
  const xc = f64x2.max(x, f64x2.splat(-746.0));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  let p = v128.load(EXP_C);
  for (let i = 1; i < 14; i++) p = f64x2.add(f64x2.mul(p, r), v128.load(EXP_C + ((<usize>i) << 4)));
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const k1 = i64x2.shr_s(ki, 1);
  const k2 = i64x2.sub(ki, k1);
  const bias = i64x2.splat(1023);
  const s1 = i64x2.shl(i64x2.add(k1, bias), 52);
  const s2 = i64x2.shl(i64x2.add(k2, bias), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

/**
 * log(1 + t) lane-wise for t ∈ [0, 1]. With s = t/(2 + t) (t ≤ √2 − 1) or s = (t − 1)/(t + 3) and + ln 2 (t > √2 − 1,
 * i.e. log((1 + t)/2) + ln 2), |s| ≤ 3 − 2√2 ≈ 0.1716 and log1p = 2 atanh(s) = 2s Σ_m s^{2m}/(2m + 1), summed to
 * m = 10 (remainder ≤ 0.0295¹¹/23 ≈ 6·10⁻¹⁹ relative). s is formed from t directly, so small t keeps full accuracy.
 */
@inline export function vlog1pUnit(t: v128): v128 {
  const big = f64x2.gt(t, f64x2.splat(SQRT2M1));
  const one = f64x2.splat(1.0);
  const num = v128.bitselect(f64x2.sub(t, one), t, big);
  const den = f64x2.add(t, v128.bitselect(f64x2.splat(3.0), f64x2.splat(2.0), big));
  const s = f64x2.div(num, den);
  const s2 = f64x2.mul(s, s);
  let q = v128.load(LOG_C);
  for (let i = 1; i < 10; i++) q = f64x2.add(f64x2.mul(q, s2), v128.load(LOG_C + ((<usize>i) << 4)));
  // 2s(1 + s²q) = 2s + 2s·s²q: the leading term is added last so it is not rounded into the tail.
  const s2x = f64x2.add(s, s);
  const tail = f64x2.mul(s2x, f64x2.mul(s2, q));
  return f64x2.add(f64x2.add(s2x, tail), v128.and(f64x2.splat(LN2), big));
}

/** Rounds a byte count up to a multiple of 16 (one v128). */
@inline export function al16(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}
