/**
 * TS twins of the level-2/3 kernels (`assembly/gemm.ts`): same signatures and byte-offset pointers, plain loops
 * without blocking or packing, so they can be audited by eye.
 *
 * gemm: for each row i of C, accumulate α·(Σ_p op(A)_ip op(B)_pj) in a row buffer, then combine with βC
 * (β = 0 never reads C). The loop order i-p-j reads rows of B contiguously when B is not transposed; with a
 * transposed B it is i-j-p, a dot product over rows of the stored B. gram mirrors the lower triangle like the wasm
 * kernel, so it is exactly symmetric. gemv: trans = 0 takes row dot products, trans = 1 adds α·x_i·(row i) to y.
 * Semantics match the wasm kernels: α = 0 or an empty inner dimension gives C ← βC without reading A or B.
 * Cost: 2mnk flops (gemm), 2mn (gemv); no scratch is used (`*WorkSize` report 16 bytes).
 */
import type { RawGemm } from '../abi/gemm.js';
import type { Mem } from './mem.js';

/** y[i0 : i0+n] ← β·y (β = 0 writes zeros without reading). */
function scaleInto(v: Float64Array, i0: number, n: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) v.fill(0, i0, i0 + n);
  else for (let i = 0; i < n; i++) v[i0 + i] = beta * v[i0 + i]!;
}

/** The shared gemm loop; `lower` computes only entries with j ≤ i and mirrors them (gram, m = n). */
function gemmLoop(
  v: Float64Array,
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  b: number,
  beta: number,
  c: number,
  lower: boolean,
): void {
  if (m <= 0 || n <= 0) return;
  const ci = c >> 3;
  if (k <= 0 || alpha === 0) {
    scaleInto(v, ci, m * n, beta);
    return;
  }
  const ai = a >> 3;
  const bi = b >> 3;
  // op(A)_ip = A[i*k + p] (stored m×k) or A[p*m + i] (stored k×m); op(B)_pj likewise.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const jEnd = lower ? i + 1 : n;
    acc.fill(0, 0, jEnd);
    if (!transB) {
      for (let p = 0; p < k; p++) {
        const aip = v[ai + i * aRow + p * aCol]!;
        const row = bi + p * n;
        for (let j = 0; j < jEnd; j++) acc[j] = acc[j]! + aip * v[row + j]!;
      }
    } else {
      for (let j = 0; j < jEnd; j++) {
        const row = bi + j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += v[ai + i * aRow + p * aCol]! * v[row + p]!;
        acc[j] = s;
      }
    }
    const cr = ci + i * n;
    for (let j = 0; j < jEnd; j++) {
      const t = alpha * acc[j]!;
      v[cr + j] = beta === 0 ? t : beta === 1 ? v[cr + j]! + t : beta * v[cr + j]! + t;
    }
  }
  if (lower)
    for (let i = 0; i < m; i++) for (let j = i + 1; j < n; j++) v[ci + i * n + j] = v[ci + j * n + i]!;
}

/** Builds the gemv/gemm/gram twins over `m`. */
export function gemmTwins(mem: Mem): RawGemm {
  return {
    gemv(trans, m, n, alpha, a, x, beta, y) {
      const v = mem.f64();
      const ai = a >> 3;
      const xi = x >> 3;
      const yi = y >> 3;
      if (alpha === 0 || (trans ? m : n) === 0) {
        scaleInto(v, yi, trans ? n : m, beta);
        return;
      }
      if (!trans) {
        for (let i = 0; i < m; i++) {
          const row = ai + i * n;
          let s = 0;
          for (let j = 0; j < n; j++) s += v[row + j]! * v[xi + j]!;
          v[yi + i] = beta === 0 ? alpha * s : alpha * s + beta * v[yi + i]!;
        }
        return;
      }
      scaleInto(v, yi, n, beta);
      for (let i = 0; i < m; i++) {
        const c = alpha * v[xi + i]!;
        const row = ai + i * n;
        for (let j = 0; j < n; j++) v[yi + j] = v[yi + j]! + c * v[row + j]!;
      }
    },
    gemmWorkSize(_transA, _transB, _m, _n, _k) {
      return 16; // the twin needs no packing scratch
    },
    gemm(transA, transB, m, n, k, alpha, a, b, beta, c, _work) {
      gemmLoop(mem.f64(), transA, transB, m, n, k, alpha, a, b, beta, c, false);
    },
    gramWorkSize(_trans, _m, _n) {
      return 16;
    },
    gram(trans, m, n, a, c, _work) {
      if (trans) gemmLoop(mem.f64(), 1, 0, n, n, m, 1, a, a, 0, c, true);
      else gemmLoop(mem.f64(), 0, 1, m, m, n, 1, a, a, 0, c, true);
    },
  };
}
