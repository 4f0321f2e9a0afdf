/**
 * TS twins of the BLAS-1 kernels (`assembly/blas.ts`): same signatures, same byte-offset pointers, plain loops.
 *
 * They are the test oracle for the wasm kernels and the fallback backend. Summation is left to right (the wasm
 * kernels block by 8), so results agree to rounding, within γ_n Σ|x_i y_i|. `nrm2` always takes the scaled
 * two-pass route: M = max|x_i|, then M'·sqrt(Σ (x_i/M')²) with M' the power of two at or below M.
 * Semantics match the wasm kernels exactly: `axpy` with α = 0 leaves y untouched; NaN propagates elsewhere.
 */
import type { RawBlas } from '../abi/blas.js';
import type { Mem } from './mem.js';

const f64buf = new Float64Array(1);
const u32buf = new Uint32Array(f64buf.buffer);
// Index of the high (sign/exponent) word of an f64 in this platform's byte order.
const HI = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** 2^e, built from the exponent bits (exact), for −1022 ≤ e ≤ 1023. */
function pow2(e: number): number {
  u32buf[HI] = (e + 1023) << 20;
  u32buf[1 - HI] = 0;
  return f64buf[0]!;
}

/** floor(log2 m) for finite m > 0, exactly, from the exponent field (subnormals normalised by 2^64). */
function exponentOf(m: number): number {
  f64buf[0] = m;
  const biased = u32buf[HI]! >>> 20;
  if (biased !== 0) return biased - 1023;
  f64buf[0] = m * 2 ** 64;
  return (u32buf[HI]! >>> 20) - 1023 - 64;
}

/** ‖v[i0 : i0+n]‖₂ by the max-scaled two-pass method (no overflow, no destructive underflow). */
function scaledNorm(v: Float64Array, i0: number, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(v[i0 + i]!);
    if (Number.isNaN(a)) return Number.NaN;
    if (a > m) m = a;
  }
  if (m === 0) return 0;
  if (m === Number.POSITIVE_INFINITY) return m;
  const e = exponentOf(m);
  // Scale by 2^-e; when 2^-e is not a normal f64 (m subnormal, or m ≥ 2^1023) use two exact factors.
  const s1 = e < -1022 ? pow2(600) : e > 1022 ? pow2(-600) : pow2(-e);
  const s2 = e < -1022 ? pow2(-e - 600) : e > 1022 ? pow2(-e + 600) : 1;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const u = v[i0 + i]! * s1 * s2;
    ss += u * u;
  }
  const r = Math.sqrt(ss);
  return e >= -1022 ? r * pow2(e) : r * pow2(e + 600) * pow2(-600);
}

/** Builds the BLAS-1 twins over `m`. */
export function blasTwins(m: Mem): RawBlas {
  return {
    dot(n, x, y) {
      const v = m.f64();
      const xi = x >> 3;
      const yi = y >> 3;
      let s = 0;
      for (let i = 0; i < n; i++) s += v[xi + i]! * v[yi + i]!;
      return s;
    },
    axpy(n, alpha, x, y) {
      if (alpha === 0) return;
      const v = m.f64();
      const xi = x >> 3;
      const yi = y >> 3;
      for (let i = 0; i < n; i++) v[yi + i] = v[yi + i]! + alpha * v[xi + i]!;
    },
    scal(n, alpha, x) {
      const v = m.f64();
      const xi = x >> 3;
      for (let i = 0; i < n; i++) v[xi + i] = alpha * v[xi + i]!;
    },
    nrm2(n, x) {
      return n <= 0 ? 0 : scaledNorm(m.f64(), x >> 3, n);
    },
    copy(n, x, y) {
      if (n <= 0) return;
      const v = m.f64();
      v.copyWithin(y >> 3, x >> 3, (x >> 3) + n);
    },
    fill(n, alpha, x) {
      if (n <= 0) return;
      m.f64().fill(alpha, x >> 3, (x >> 3) + n);
    },
  };
}
