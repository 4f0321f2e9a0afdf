/**
 * Pure-TypeScript twins of the eigen kernels (`assembly/eigen.ts`), with the same byte-offset signatures.
 *
 * Algorithms: Householder tridiagonalisation from the last row upwards (LAPACK dsytd2, lower, mirrored so each
 * reflector is a contiguous row prefix), explicit Qᵀ = H_2 ⋯ H_{n-1}, implicit QL with Wilkinson shifts (dsteqr /
 * tql2 family) applying each rotation to rows of Vᵀ, sort, transpose; row-oriented Cholesky and its two triangular
 * solves. Same steps as the wasm kernels, scalar and unblocked, so it can be audited line by line.
 * Reference: Golub & Van Loan, Matrix Computations (4th ed.) §8.3, §4.2.
 * Complexity: as the wasm kernels (O(n³) flops, O(n) scratch).
 * Numerical caveats: normwise backward stable; inputs whose max entry lies outside [2^-300, 2^300] are scaled by an
 * exact power of two. Rounding differs from the wasm kernels only through summation order (SIMD lanes).
 */
import type { RawEigen } from '../abi/eigen.js';
import type { Mem } from './mem.js';

const EPS = 2.220446049250313e-16; // 2^-52
const MAXIT = 30; // QL sweeps allowed per eigenvalue
const SAFE_HI = 2 ** 300;
const SAFE_LO = 2 ** -300;

const pad2 = (n: number): number => (n + 1) & ~1;
/**
 * Capacity (f64 entries) of the wasm kernels' rotation log, part of the shared work-size contract. The twin applies
 * each rotation at once and leaves that part of the scratch unused.
 */
const logCap = (n: number): number => Math.max(2 * n + 2, Math.min(32768, 2 * n * n + 2));

/** √(a² + b²) without overflow; the wasm kernel evaluates the identical expression. */
function hyp(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const m = Math.max(x, y);
  if (m === 0) return 0;
  const p = x / m;
  const q = y / m;
  return m * Math.sqrt(p * p + q * q);
}

/** Exponent k with amax·2^k in [1/2, 1), or 0 when amax is zero or already in [2^-300, 2^300]. */
function scaleExponent(amax: number): number {
  if (amax === 0 || (amax >= SAFE_LO && amax <= SAFE_HI)) return 0;
  const k = -Math.floor(Math.log2(amax)) - 1;
  // log2 can be off by one near powers of two; fix up so that amax·2^k lies in [1/2, 1).
  let kk = k;
  while (amax * 2 ** kk >= 1) kk--;
  while (amax * 2 ** kk < 0.5) kk++;
  return Math.min(kk, 1022);
}

/** Reduces the lower triangle of A (at element offset a) to tridiagonal form; see assembly/eigen.ts. */
function tridiagonalize(
  f: Float64Array,
  n: number,
  a: number,
  d: number,
  e: number,
  tau: number,
  p: number,
): void {
  if (n === 0) return;
  f[e + n - 1] = 0;
  f[tau] = 0;
  for (let i = n - 1; i >= 1; i--) {
    const ri = a + i * n;
    f[d + i] = f[ri + i]!;
    const alpha = f[ri + i - 1]!;
    let amx = 0;
    for (let k = 0; k < i - 1; k++) amx = Math.max(amx, Math.abs(f[ri + k]!));
    if (amx === 0) {
      f[tau + i] = 0;
      f[e + i - 1] = alpha;
      continue;
    }
    const inv = 1 / amx;
    let ss = 0;
    for (let k = 0; k < i - 1; k++) {
      const t = f[ri + k]! * inv;
      ss += t * t;
    }
    const norm = hyp(alpha, amx * Math.sqrt(ss));
    const beta = alpha >= 0 ? -norm : norm;
    const t = (beta - alpha) / beta;
    const sc = 1 / (alpha - beta);
    for (let k = 0; k < i - 1; k++) f[ri + k] = f[ri + k]! * sc;
    f[ri + i - 1] = 1;
    f[e + i - 1] = beta;
    f[tau + i] = t;
    // p = τ B v over the leading i×i block, from its lower triangle.
    for (let k = 0; k < i; k++) f[p + k] = 0;
    for (let r = 0; r < i; r++) {
      const rr = a + r * n;
      const vr = f[ri + r]!;
      let s = 0;
      for (let k = 0; k < r; k++) {
        const b = f[rr + k]!;
        s += b * f[ri + k]!;
        f[p + k] = f[p + k]! + b * vr;
      }
      f[p + r] = f[p + r]! + s + f[rr + r]! * vr;
    }
    // w = p − (τ/2)(vᵀp) v; B ← B − v wᵀ − w vᵀ (lower triangle).
    let vp = 0;
    for (let k = 0; k < i; k++) {
      f[p + k] = f[p + k]! * t;
      vp += f[p + k]! * f[ri + k]!;
    }
    const kk = 0.5 * t * vp;
    for (let k = 0; k < i; k++) f[p + k] = f[p + k]! - kk * f[ri + k]!;
    for (let r = 0; r < i; r++) {
      const rr = a + r * n;
      const vr = f[ri + r]!;
      const wr = f[p + r]!;
      for (let k = 0; k <= r; k++) f[rr + k] = f[rr + k]! - vr * f[p + k]! - wr * f[ri + k]!;
    }
  }
  f[d] = f[a]!;
}

/** Overwrites the reflectors at a with Qᵀ = H_2 ⋯ H_{n-1}, one row at a time (x: n scratch entries). */
function formQt(f: Float64Array, n: number, a: number, tau: number, x: number): void {
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) f[x + k] = 0;
    f[x + r] = 1;
    for (let i = Math.max(r + 1, 2); i < n; i++) {
      const t = f[tau + i]!;
      if (t === 0) continue;
      const v = a + i * n;
      let s = 0;
      for (let k = 0; k < i; k++) s += f[v + k]! * f[x + k]!;
      s *= t;
      for (let k = 0; k < i; k++) f[x + k] = f[x + k]! - s * f[v + k]!;
    }
    // Row r's reflector v_r is needed only by rows < r, which are finished.
    for (let k = 0; k < n; k++) f[a + r * n + k] = f[x + k]!;
  }
}

/** Implicit QL with Wilkinson shifts; rotations applied to rows of the n×n Vᵀ at vt when want ≠ 0. */
function ql(f: Float64Array, n: number, d: number, e: number, vt: number, want: number): number {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        if (Math.abs(f[e + m]!) <= EPS * (Math.abs(f[d + m]!) + Math.abs(f[d + m + 1]!))) break;
      }
      if (m === l) break;
      if (iter === MAXIT) return l + 1;
      iter++;
      const el = f[e + l]!;
      let g = (f[d + l + 1]! - f[d + l]!) / (2 * el);
      let r = hyp(g, 1);
      g = f[d + m]! - f[d + l]! + el / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let early = false;
      for (; i >= l; i--) {
        const ei = f[e + i]!;
        const ff = s * ei;
        const b = c * ei;
        r = hyp(ff, g);
        f[e + i + 1] = r;
        if (r === 0) {
          f[d + i + 1] = f[d + i + 1]! - p;
          f[e + m] = 0;
          early = true;
          break;
        }
        s = ff / r;
        c = g / r;
        g = f[d + i + 1]! - p;
        r = (f[d + i]! - g) * s + 2 * c * b;
        p = s * r;
        f[d + i + 1] = g + p;
        g = c * r - b;
        if (want !== 0) {
          const x = vt + i * n;
          const y = x + n;
          for (let k = 0; k < n; k++) {
            const xv = f[x + k]!;
            const yv = f[y + k]!;
            f[y + k] = s * xv + c * yv;
            f[x + k] = c * xv - s * yv;
          }
        }
      }
      if (early) continue;
      f[d + l] = f[d + l]! - p;
      f[e + l] = g;
      f[e + m] = 0;
    }
  }
  return 0;
}

/** Selection sort of d ascending, swapping rows of Vᵀ alike. */
function sortRows(f: Float64Array, n: number, d: number, vt: number, want: number): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (f[d + j]! < f[d + k]!) k = j;
    if (k === i) continue;
    const t = f[d + k]!;
    f[d + k] = f[d + i]!;
    f[d + i] = t;
    if (want === 0) continue;
    for (let j = 0; j < n; j++) {
      const u = f[vt + i * n + j]!;
      f[vt + i * n + j] = f[vt + k * n + j]!;
      f[vt + k * n + j] = u;
    }
  }
}

function transposeInPlace(f: Float64Array, n: number, a: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = f[a + i * n + j]!;
      f[a + i * n + j] = f[a + j * n + i]!;
      f[a + j * n + i] = t;
    }
  }
}

/** TS twins of the eigen kernels. */
export function eigenTwins(m: Mem): RawEigen {
  return {
    symEigWorkSize(n: number, wantVectors: number): number {
      return (pad2(Math.max(n, 1)) * 6 + (wantVectors !== 0 ? pad2(logCap(n)) : 0)) * 8;
    },

    symEig(n: number, a: number, w: number, wantVectors: number, work: number): number {
      if (n === 0) return 0;
      const f = m.f64();
      const A = a >> 3;
      const W = w >> 3;
      const np = pad2(n);
      const e = work >> 3;
      const tau = e + np;
      const tmp = e + 2 * np;
      let amax = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) amax = Math.max(amax, Math.abs(f[A + i * n + j]!));
      const k = scaleExponent(amax);
      if (k !== 0) {
        const s = 2 ** k;
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) f[A + i * n + j] = f[A + i * n + j]! * s;
      }
      tridiagonalize(f, n, A, W, e, tau, tmp);
      if (wantVectors !== 0) formQt(f, n, A, tau, tmp);
      const info = ql(f, n, W, e, A, wantVectors);
      sortRows(f, n, W, A, wantVectors);
      if (wantVectors !== 0) transposeInPlace(f, n, A);
      if (k !== 0) {
        const s = 2 ** -k;
        for (let i = 0; i < n; i++) f[W + i] = f[W + i]! * s;
      }
      return info;
    },

    tridiagEigWorkSize(n: number, wantVectors: number): number {
      return (pad2(Math.max(n, 1)) + (wantVectors !== 0 ? pad2(logCap(n)) : 0)) * 8;
    },

    tridiagEig(n: number, d: number, e: number, z: number, wantVectors: number, work: number): number {
      if (n === 0) return 0;
      const f = m.f64();
      const D = d >> 3;
      const E = e >> 3;
      const Z = z >> 3;
      const ew = work >> 3;
      let amax = 0;
      for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(f[D + i]!));
      for (let i = 0; i < n - 1; i++) amax = Math.max(amax, Math.abs(f[E + i]!));
      const k = scaleExponent(amax);
      const s = 2 ** k;
      for (let i = 0; i < n - 1; i++) f[ew + i] = f[E + i]! * s;
      f[ew + n - 1] = 0;
      if (k !== 0) for (let i = 0; i < n; i++) f[D + i] = f[D + i]! * s;
      if (wantVectors !== 0) {
        f.fill(0, Z, Z + n * n);
        for (let i = 0; i < n; i++) f[Z + i * n + i] = 1;
      }
      const info = ql(f, n, D, ew, Z, wantVectors);
      sortRows(f, n, D, Z, wantVectors);
      if (wantVectors !== 0) transposeInPlace(f, n, Z);
      if (k !== 0) {
        const u = 2 ** -k;
        for (let i = 0; i < n; i++) f[D + i] = f[D + i]! * u;
      }
      return info;
    },

    cholesky(n: number, a: number): number {
      const f = m.f64();
      const A = a >> 3;
      for (let i = 0; i < n; i++) {
        const ri = A + i * n;
        for (let j = 0; j < i; j++) {
          const rj = A + j * n;
          let s = f[ri + j]!;
          for (let k = 0; k < j; k++) s -= f[ri + k]! * f[rj + k]!;
          f[ri + j] = s / f[rj + j]!;
        }
        let s = f[ri + i]!;
        for (let k = 0; k < i; k++) s -= f[ri + k]! * f[ri + k]!;
        if (!(s > 0)) return i + 1;
        f[ri + i] = Math.sqrt(s);
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) f[A + i * n + j] = 0;
      return 0;
    },

    cholSolve(n: number, nrhs: number, l: number, b: number): void {
      const f = m.f64();
      const L = l >> 3;
      const B = b >> 3;
      // L Y = B, row by row.
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < i; k++) {
          const lik = f[L + i * n + k]!;
          for (let j = 0; j < nrhs; j++)
            f[B + i * nrhs + j] = f[B + i * nrhs + j]! - lik * f[B + k * nrhs + j]!;
        }
        const lii = f[L + i * n + i]!;
        for (let j = 0; j < nrhs; j++) f[B + i * nrhs + j] = f[B + i * nrhs + j]! / lii;
      }
      // Lᵀ X = Y, column form: finish x_i, then remove its contribution from rows above.
      for (let i = n - 1; i >= 0; i--) {
        const lii = f[L + i * n + i]!;
        for (let j = 0; j < nrhs; j++) f[B + i * nrhs + j] = f[B + i * nrhs + j]! / lii;
        for (let k = 0; k < i; k++) {
          const lik = f[L + i * n + k]!;
          for (let j = 0; j < nrhs; j++)
            f[B + k * nrhs + j] = f[B + k * nrhs + j]! - lik * f[B + i * nrhs + j]!;
        }
      }
    },
  };
}
