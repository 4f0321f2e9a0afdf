// Shared helpers of the model kernels (not exported from the module: index.ts re-exports only the kernel files).
//
// - Activations φ and φ′ evaluated together (one exp for softplus/sigmoid), codes ACTIVATION_* of codes.generated.ts
//   (relu, softplus, tanh, sigmoid, quadratic z², linear = default). relu′(0) := 0 (subgradient convention).
//   softplus(z) = max(z, 0) + log1p(e^{−|z|}) and sigmoid via e^{−|z|} never overflow.
// - Unit-stride f64x2 vector loops (dot, axpy, scaled copies) with a scalar tail for odd lengths.
// - The angle between two non-zero vectors, accurate for nearly parallel / antiparallel pairs (see `angle`).

import {
  ACTIVATION_QUADRATIC,
  ACTIVATION_RELU,
  ACTIVATION_SIGMOID,
  ACTIVATION_SOFTPLUS,
  ACTIVATION_TANH,
} from '../codes.generated';
import { acos1, asinSmall1, sinAcos1, vexpNegAbs, vsigmoidFromE, vsoftplusFromE, vtanh } from '../math';

const PI_HI: f64 = 3.141592653589793;
const PIO2_LO: f64 = 6.123233995736766e-17;

/** Result slots of `actPair` and `angle` (module globals: kernels never allocate, so no tuples). */
export let ACT_F: f64 = 0.0;
export let ACT_D: f64 = 0.0;
export let ANG_THETA: f64 = 0.0;
export let ANG_SIN: f64 = 0.0;
export let ANG_COS: f64 = 0.0;

/** Sets ACT_F = φ(z) and ACT_D = φ′(z) for activation `kind`. */
@inline export function actPair(kind: i32, z: f64): void {
  switch (kind) {
    case ACTIVATION_RELU: {
      ACT_F = z > 0.0 ? z : 0.0;
      ACT_D = z > 0.0 ? 1.0 : 0.0;
      break;
    }
    case ACTIVATION_SOFTPLUS: {
      // Lane 0 of the two-lane kernels (math.ts), so a scalar tail rounds exactly like a pair.
      const v = f64x2.splat(z);
      const e = vexpNegAbs(v);
      ACT_F = f64x2.extract_lane(vsoftplusFromE(v, e), 0);
      ACT_D = f64x2.extract_lane(vsigmoidFromE(v, e), 0);
      break;
    }
    case ACTIVATION_TANH: {
      const t = f64x2.extract_lane(vtanh(f64x2.splat(z)), 0);
      ACT_F = t;
      ACT_D = 1.0 - t * t;
      break;
    }
    case ACTIVATION_SIGMOID: {
      const v = f64x2.splat(z);
      const s = f64x2.extract_lane(vsigmoidFromE(v, vexpNegAbs(v)), 0);
      ACT_F = s;
      ACT_D = s * (1.0 - s);
      break;
    }
    case ACTIVATION_QUADRATIC: {
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
 * the digits, so θ = 2 asin(‖ā − b̄‖/2) (resp. π − 2 asin(‖ā + b̄‖/2)) with the norm formed from the explicit
 * difference (or sum) of the unit vectors: exactly parallel inputs then give θ of order ε, not √ε, and
 * sin θ = ‖ā − b̄‖‖ā + b̄‖/2, cos θ = 1 − ‖ā − b̄‖²/2 (resp. ‖ā + b̄‖²/2 − 1) stay consistent (c² + s² = 1 + O(ε)).
 * (2 asin(h) equals Kahan's 2 atan2(‖ā − b̄‖, ‖ā + b̄‖) since both norms' squares sum to 4.) acos, √(1 − c²) and
 * asin are the scalar twins of the two-lane kernels of math.ts (no libm call; h ≤ 0.23 lies in asin's direct range).
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
    const a = asinSmall1(0.5 * small, 0.25 * q);
    if (c > 0.0) {
      ANG_THETA = 2.0 * a;
      ANG_COS = 1.0 - 0.5 * q;
    } else {
      ANG_THETA = PI_HI - 2.0 * (a - PIO2_LO);
      ANG_COS = 0.5 * q - 1.0;
    }
    ANG_SIN = 0.5 * small * big;
  } else {
    ANG_THETA = acos1(c);
    ANG_SIN = sinAcos1(c);
    ANG_COS = c;
  }
}

/** Rounds a byte count up to a multiple of 16 (one v128). */
@inline export function al16(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}
