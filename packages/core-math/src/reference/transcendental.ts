/**
 * TS twins of the two-lane transcendentals in assembly/math.ts (algorithms, constants and error analysis are
 * documented there): the same operations in the same order on one value, so results are bitwise identical to a
 * wasm lane. They are used by the reference backend's model and activation twins, never by `Math.exp`/`log1p`/`acos`.
 */
import { type VmathFunctionName, vmathFunctionName } from '../codes.generated.js';
import type { Mem } from './mem.js';

const LOG2E = Math.LOG2E; // 1.4426950408889634, as in assembly/math.ts
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const PI_HI = Math.PI; // 3.141592653589793, the double nearest π
/** 1.5·2^52: adding and subtracting it rounds to the nearest integer, ties to even (as f64x2.nearest). */
const RND = 6755399441055744;

const EXP_Q = [
  2.5063341844941048e-8, 2.7620024496123584e-7, 2.7557368516302587e-6, 2.480152144575985e-5,
  1.9841269772983243e-4, 1.3888888917104136e-3, 8.333333333360084e-3, 4.1666666666624386e-2,
  1.666666666666664e-1, 5.000000000000001e-1,
] as const;
const LOG_P = [
  1.4616231895016807e-1, 1.533174081864158e-1, 1.8182888489434026e-1, 2.2222211144488602e-1,
  2.8571428625908707e-1, 3.999999999989967e-1, 6.66666666666667e-1,
] as const;
const ASIN_P = [
  2.8762705876511783e-2, -1.4859090905785573e-2, 1.7405551464592044e-2, 5.455768223185591e-3,
  1.03232240047497e-2, 1.1479113765196947e-2, 1.3971219557483403e-2, 1.7352392273641593e-2,
  2.237217296135177e-2, 3.038194413804654e-2, 4.464285714636172e-2, 7.49999999999843e-2,
  1.6666666666666669e-1,
] as const;
const TANH_P = [
  2.5337464676442192e-8, -2.646799002355106e-7, 1.3838266622019637e-6, -4.997110098163127e-6,
  1.4618582389045467e-5, -3.840115700161152e-5, 9.647042891876923e-5, -0.00023896070481646393,
  0.0005899805461782063, -0.0014558249951002516, 0.0035921267296768044, -0.008863235410032672,
  0.021869488529485427, -0.05396825396805858, 0.13333333333333106, -0.3333333333333333,
] as const;

/** a_j, the coefficient of t^j, of a table stored highest degree first. */
const a = (c: readonly number[], j: number): number => c[c.length - 1 - j]!;
const pr = (c: readonly number[], j: number, t: number): number => a(c, j) + a(c, j + 1) * t;

/**
 * Estrin's scheme for 7, 10, 13 or 16 coefficients, in the operation order of poly7/poly10/poly13/poly16
 * (assembly/math.ts).
 */
function estrin(c: readonly number[], t: number): number {
  const t2 = t * t;
  const t4 = t2 * t2;
  const q0 = pr(c, 0, t) + pr(c, 2, t) * t2;
  if (c.length === 7) return q0 + (pr(c, 4, t) + a(c, 6) * t2) * t4;
  const t8 = t4 * t4;
  const q1 = pr(c, 4, t) + pr(c, 6, t) * t2;
  if (c.length === 10) return q0 + q1 * t4 + pr(c, 8, t) * t8;
  if (c.length === 16) {
    const q2 = pr(c, 8, t) + pr(c, 10, t) * t2;
    const q3 = pr(c, 12, t) + pr(c, 14, t) * t2;
    return q0 + q1 * t4 + (q2 + q3 * t4) * t8;
  }
  const q2 = pr(c, 8, t) + pr(c, 10, t) * t2;
  const r1 = q2 + a(c, 12) * t4;
  return q0 + q1 * t4 + r1 * t8;
}

// One scratch double with its two 32-bit words (little-endian: w[0] low, w[1] high) for bit manipulation.
const buf = new Float64Array(1);
const w32 = new Uint32Array(buf.buffer);

/** 2^e for an integer e in the normal range [−1022, 1023]. */
function pow2(e: number): number {
  w32[0] = 0;
  w32[1] = (e + 1023) << 20;
  return buf[0]!;
}

/** e^x (twin of `vexp`). */
export function expTwin(x: number): number {
  // Math.min/max propagate NaN, as f64x2.min/max do.
  const xc = Math.min(Math.max(x, -746), 710);
  const k = xc * LOG2E + RND - RND;
  const r = xc - k * LN2_HI - k * LN2_LO;
  const q = estrin(EXP_Q, r);
  const p = 1 + (r + r * r * q);
  if (Number.isNaN(k)) return p;
  const k1 = k >> 1;
  return p * pow2(k1) * pow2(k - k1);
}

/** log(1 + x) (twin of `vlog1p`). */
export function log1pTwin(x: number): number {
  if (x === 0 || x === Number.POSITIVE_INFINITY || Number.isNaN(x)) return x;
  if (x === -1) return Number.NEGATIVE_INFINITY;
  if (x < -1) return Number.NaN;
  const u = 1 + x;
  const c = u <= 2 ? x - (u - 1) : 1 - (u - x);
  // bits(u) + 0x00095f61_9980c433 as two 32-bit words with the carry.
  buf[0] = u;
  const lo = w32[0]! + 0x9980c433;
  const carry = lo >= 0x100000000 ? 1 : 0;
  const hi = (w32[1]! + 0x00095f61 + carry) >>> 0;
  const k = (hi >>> 20) - 1023;
  // m bits = (b & 0x000fffff_ffffffff) + 0x3fe6a09e_667f3bcd.
  const mlo = (lo >>> 0) + 0x667f3bcd;
  w32[0] = mlo >>> 0;
  w32[1] = (hi & 0xfffff) + 0x3fe6a09e + (mlo >= 0x100000000 ? 1 : 0);
  const f = buf[0]! - 1;
  const hfsq = 0.5 * (f * f);
  const s = f / (2 + f);
  const z = s * s;
  const rr = z * estrin(LOG_P, z);
  const corr = k * LN2_LO + c / u;
  return k * LN2_HI + (f - (hfsq - (s * (hfsq + rr) + corr)));
}

/** asin(t) for |t| ≤ ½ given z = t² (twin of `vasinSmall`). */
export function asinSmallTwin(t: number, z: number): number {
  return t + t * (z * estrin(ASIN_P, z));
}

/** acos(x) (twin of `vacos`). */
export function acosTwin(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 0.5) {
    const r = x * x * estrin(ASIN_P, x * x);
    return PIO2_HI - (x - (PIO2_LO - x * r));
  }
  const zb = (1 - ax) * 0.5;
  const s = Math.sqrt(zb);
  const r = zb * estrin(ASIN_P, zb);
  if (x < 0) return PI_HI - 2 * (s + (s * r - PIO2_LO));
  if (x === 1) return 0;
  if (Number.isNaN(x)) return x;
  buf[0] = s;
  w32[0] = 0;
  const hi = buf[0]!;
  const lo = (zb - hi * hi) / (s + hi);
  return 2 * (hi + (lo + s * r));
}

/** sin(acos x) = √((1 − x)(1 + x)) (twin of `vsinAcos`). */
export function sinAcosTwin(x: number): number {
  return Math.sqrt((1 - x) * (1 + x));
}

/** tanh(x) (twin of `vtanh`: the polynomial below 1, 1 − 2/(expm1(2|x|) + 2) above). */
export function tanhTwin(x: number): number {
  // Math.min propagates NaN like f64x2.pmin(NaN, 40).
  const a = Math.min(Math.abs(x), 40);
  let m: number;
  if (a < 1) {
    const z = a * a;
    m = a + a * (z * estrin(TANH_P, z));
  } else {
    const t = a + a;
    const k = t * LOG2E + RND - RND;
    const r = t - k * LN2_HI - k * LN2_LO;
    const em = r + r * r * estrin(EXP_Q, r);
    const p2 = Number.isNaN(k) ? Number.NaN : pow2(k);
    const u = p2 * em + (p2 - 1);
    m = 1 - 2 / (u + 2);
  }
  return x < 0 || Object.is(x, -0) ? -m : m;
}

/** σ(x) from e = e^{−|x|} (twin of `vsigmoidFromE`). */
export function sigmoidFromE(x: number, e: number): number {
  return (x >= 0 ? 1 : e) / (1 + e);
}

/** softplus(x) from e = e^{−|x|} (twin of `vsoftplusFromE`). */
export function softplusFromE(x: number, e: number): number {
  return Math.max(x, 0) + log1pTwin(e);
}

/** σ(x) = 1/(1 + e^{−x}), overflow-free. */
export function sigmoidTwin(x: number): number {
  return sigmoidFromE(x, expTwin(-Math.abs(x)));
}

/** softplus(x) = log(1 + e^x), overflow-free. */
export function softplusTwin(x: number): number {
  return softplusFromE(x, expTwin(-Math.abs(x)));
}

/** The scalar twin of each `vmath` function (codes: codes/codes.json). */
const FNS: Readonly<Record<VmathFunctionName, (x: number) => number>> = {
  exp: expTwin,
  log1p: log1pTwin,
  acos: acosTwin,
  sinAcos: sinAcosTwin,
  softplus: softplusTwin,
  sigmoid: sigmoidTwin,
  tanh: tanhTwin,
};

/** TS twin of the `vmath` kernel. */
export function transcendentalTwins(m: Mem) {
  return {
    vmath(kind: number, n: number, x: number, y: number): void {
      const f = m.f64();
      const fn = FNS[vmathFunctionName(kind)];
      const xi = x >> 3;
      const yi = y >> 3;
      for (let i = 0; i < n; i++) f[yi + i] = fn(f[xi + i]!);
    },
  };
}
