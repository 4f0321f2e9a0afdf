// Level-2/3 kernels on row-major f64 matrices: gemv, gemm, gram (syrk with a full result).
//
// gemm algorithm (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008):
// loop jc over column blocks of NC, pc over depth blocks of KC, ic over row blocks of MC. op(B)[pc:+KC, jc:+NC] is
// packed into `work` as NR-wide column strips (for each depth p the NR values of a strip are adjacent), and
// op(A)[ic:+MC, pc:+KC] as MR-tall row strips; edges are zero-padded to whole strips. The micro-kernel keeps an
// MR×NR block of C in MR·NR/2 f64x2 registers, reading per depth step NR/2 vectors of B and MR splatted scalars
// of A, all contiguous. The first depth block applies β (β = 0 stores without reading C, so NaN in C cannot leak);
// later depth blocks accumulate. Partial blocks at the edges go through a small tile in `work`.
// Transposes cost nothing extra: they only change the strides the packing routines read with.
// gram computes C = AᵀA or AAᵀ with the same machinery, skipping every block strictly above the diagonal, then
// mirrors the lower triangle, so C is exactly symmetric and costs about half a gemm.
// gemv: trans = 0 takes dot products of four rows at a time against x (x read once per four rows);
// trans = 1 streams rows of A and updates y axpy-style, four rows per pass over y, never striding down columns.
//
// Complexity: gemm 2mnk flops, O(MC·KC + KC·NC) scratch; gram ≈ m·n² (or n·m²) flops; gemv 2mn flops.
// Numerics: every entry of op(A)op(B) is a plain dot product of length k summed in order within each depth block
// of KC (blocks added in order), so |Ĉ − C| ≤ γ_{k+2} (|α||A||B| + |β||C|) entrywise (the +2 covers the α and β
// products). No FMA (relaxed SIMD does not validate on Node 20). α = 0 or k = 0 gives C ← βC without reading A
// or B (reference BLAS convention); β = 0 never reads C or y.
// Pointers are byte offsets; nothing is validated here (the TS facade does that).

import { micro, MR, NR } from './microkernel';

// Cache blocks. A KC×NR strip of B (8 KiB) stays in L1 while MR×KC strips of A stream through; the MC×KC block
// of A (256 KiB) sits in L2; the KC×NC panel of B (2 MiB) in L3.
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

@inline function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

@inline function roundUp(a: i32, b: i32): i32 {
  return ((a + b - 1) / b) * b;
}

// ---------------------------------------------------------------------------------------------------------------
// gemv

/** y_i ← α s + β y_i, with β = 0 ignoring y_i. */
@inline function putY(y: usize, s: f64, alpha: f64, beta: f64): void {
  store<f64>(y, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(y));
}

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** y ← βy, with β = 0 writing zeros. */
function scaleVec(n: i32, beta: f64, y: usize): void {
  if (beta == 1.0) return;
  if (beta == 0.0) {
    memory.fill(y, 0, (<usize>n) << 3);
    return;
  }
  for (let i = 0; i < n; i++) {
    const p = y + ((<usize>i) << 3);
    store<f64>(p, beta * load<f64>(p));
  }
}

function gemvN(m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  const rowBytes = (<usize>n) << 3;
  const n2 = n & ~1;
  const xTail = x + ((<usize>n2) << 3);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + (<usize>i) * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    let s0 = f64x2.splat(0.0);
    let s1 = f64x2.splat(0.0);
    let s2 = f64x2.splat(0.0);
    let s3 = f64x2.splat(0.0);
    for (let o: usize = 0; o < (<usize>n2) << 3; o += 16) {
      const xv = v128.load(x + o);
      s0 = f64x2.add(s0, f64x2.mul(v128.load(a0 + o), xv));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(a1 + o), xv));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(a2 + o), xv));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(a3 + o), xv));
    }
    let t0 = hsum(s0);
    let t1 = hsum(s1);
    let t2 = hsum(s2);
    let t3 = hsum(s3);
    if (n & 1) {
      const xt = load<f64>(xTail);
      const o = (<usize>n2) << 3;
      t0 += load<f64>(a0 + o) * xt;
      t1 += load<f64>(a1 + o) * xt;
      t2 += load<f64>(a2 + o) * xt;
      t3 += load<f64>(a3 + o) * xt;
    }
    const yp = y + ((<usize>i) << 3);
    putY(yp, t0, alpha, beta);
    putY(yp + 8, t1, alpha, beta);
    putY(yp + 16, t2, alpha, beta);
    putY(yp + 24, t3, alpha, beta);
  }
  for (; i < m; i++) {
    const ai = a + (<usize>i) * rowBytes;
    let s0 = f64x2.splat(0.0);
    let s1 = f64x2.splat(0.0);
    let o: usize = 0;
    for (; o + 32 <= (<usize>n2) << 3; o += 32) {
      s0 = f64x2.add(s0, f64x2.mul(v128.load(ai + o), v128.load(x + o)));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(ai + o, 16), v128.load(x + o, 16)));
    }
    if (o < (<usize>n2) << 3) s0 = f64x2.add(s0, f64x2.mul(v128.load(ai + o), v128.load(x + o)));
    let t = hsum(f64x2.add(s0, s1));
    if (n & 1) t += load<f64>(ai + ((<usize>n2) << 3)) * load<f64>(xTail);
    putY(y + ((<usize>i) << 3), t, alpha, beta);
  }
}

function gemvT(m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  scaleVec(n, beta, y);
  const rowBytes = (<usize>n) << 3;
  const n2b = (<usize>(n & ~1)) << 3;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const xp = x + ((<usize>i) << 3);
    const c0 = alpha * load<f64>(xp);
    const c1 = alpha * load<f64>(xp, 8);
    const c2 = alpha * load<f64>(xp, 16);
    const c3 = alpha * load<f64>(xp, 24);
    const v0 = f64x2.splat(c0);
    const v1 = f64x2.splat(c1);
    const v2 = f64x2.splat(c2);
    const v3 = f64x2.splat(c3);
    const a0 = a + (<usize>i) * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    for (let o: usize = 0; o < n2b; o += 16) {
      const s = f64x2.add(
        f64x2.add(f64x2.mul(v0, v128.load(a0 + o)), f64x2.mul(v1, v128.load(a1 + o))),
        f64x2.add(f64x2.mul(v2, v128.load(a2 + o)), f64x2.mul(v3, v128.load(a3 + o))),
      );
      v128.store(y + o, f64x2.add(v128.load(y + o), s));
    }
    if (n & 1) {
      const yp = y + n2b;
      store<f64>(
        yp,
        load<f64>(yp) +
          ((c0 * load<f64>(a0 + n2b) + c1 * load<f64>(a1 + n2b)) + (c2 * load<f64>(a2 + n2b) + c3 * load<f64>(a3 + n2b))),
      );
    }
  }
  for (; i < m; i++) {
    const c0 = alpha * load<f64>(x + ((<usize>i) << 3));
    const v0 = f64x2.splat(c0);
    const a0 = a + (<usize>i) * rowBytes;
    for (let o: usize = 0; o < n2b; o += 16) {
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(v0, v128.load(a0 + o))));
    }
    if (n & 1) store<f64>(y + n2b, load<f64>(y + n2b) + c0 * load<f64>(a0 + n2b));
  }
}

/** trans=0: y ← αAx + βy (A m×n, x n, y m). trans=1: y ← αAᵀx + βy (x m, y n). β = 0 ignores y. */
export function gemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  const ylen = trans ? n : m;
  if (alpha == 0.0 || (trans ? m : n) == 0) {
    scaleVec(ylen, beta, y);
    return;
  }
  if (trans) gemvT(m, n, alpha, a, x, beta, y);
  else gemvN(m, n, alpha, a, x, beta, y);
}

// ---------------------------------------------------------------------------------------------------------------
// packing

/**
 * Packs `count` lines (rows of op(A), or columns of op(B)) × `kc` depth into strips of W lines:
 * dst[(s·kc + p)·W + r] = element (line s·W + r, depth p), zero for lines ≥ count.
 * Element (line l, depth p) is at src + l·sL + p·sP (byte strides).
 */
function pack(src: usize, sL: usize, sP: usize, count: i32, kc: i32, W: i32, dst: usize): void {
  const wb = (<usize>W) << 3;
  for (let l0 = 0; l0 < count; l0 += W) {
    const full = l0 + W <= count;
    const base = src + (<usize>l0) * sL;
    if (sL == 8 && full) {
      // Lines adjacent in memory: each depth step is one contiguous run of W values.
      for (let p = 0; p < kc; p++) {
        const s = base + (<usize>p) * sP;
        const d = dst + (<usize>p) * wb;
        for (let r: usize = 0; r < <usize>W; r += 2) v128.store(d + (r << 3), v128.load(s + (r << 3)));
      }
    } else if (sP == 8) {
      // Depth adjacent in memory: read two lines two depths at a time and transpose the 2×2 block.
      const kc2 = kc & ~1;
      for (let r = 0; r < W; r += 2) {
        const dr = dst + ((<usize>r) << 3);
        if (l0 + r + 2 <= count) {
          const s0 = base + (<usize>r) * sL;
          const s1 = s0 + sL;
          for (let p = 0; p < kc2; p += 2) {
            const u = v128.load(s0 + ((<usize>p) << 3));
            const v = v128.load(s1 + ((<usize>p) << 3));
            const d = dr + (<usize>p) * wb;
            v128.store(d, v128.shuffle<f64>(u, v, 0, 2));
            v128.store(d + wb, v128.shuffle<f64>(u, v, 1, 3));
          }
          if (kc & 1) {
            const d = dr + (<usize>kc2) * wb;
            store<f64>(d, load<f64>(s0 + ((<usize>kc2) << 3)));
            store<f64>(d, load<f64>(s1 + ((<usize>kc2) << 3)), 8);
          }
        } else {
          for (let q = 0; q < 2; q++) {
            const live = l0 + r + q < count;
            const sq = base + (<usize>(r + q)) * sL;
            for (let p = 0; p < kc; p++) {
              store<f64>(dr + (<usize>p) * wb + ((<usize>q) << 3), live ? load<f64>(sq + ((<usize>p) << 3)) : 0.0);
            }
          }
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const d = dst + (<usize>p) * wb;
        for (let r = 0; r < W; r++) {
          store<f64>(d + ((<usize>r) << 3), l0 + r < count ? load<f64>(base + (<usize>r) * sL + (<usize>p) * sP) : 0.0);
        }
      }
    }
    dst += (<usize>kc) * wb;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// gemm driver

/** C ← βC for an m×n block with row stride n (β = 0 writes zeros without reading). */
function scaleMat(m: i32, n: i32, beta: f64, c: usize): void {
  scaleVec(m * n, beta, c);
}

/** Bytes of packing scratch for op(A) m×k times op(B) k×n (independent of the transposes). */
function workBytes(m: i32, n: i32, k: i32): i32 {
  if (m <= 0 || n <= 0 || k <= 0) return 16;
  const kc = imin(k, KC);
  const mc = roundUp(imin(m, MC), MR);
  const nc = roundUp(imin(n, NC), NR);
  return (mc * kc + kc * nc + MR * NR) << 3;
}

/**
 * The shared driver. `lower` restricts the work to blocks that touch the lower triangle (i ≥ j) and then mirrors
 * it (gram; requires m = n).
 */
function gemmCore(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  b: usize,
  beta: f64,
  c: usize,
  work: usize,
  lower: bool,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0) {
    scaleMat(m, n, beta, c);
    return;
  }
  const kcMax = imin(k, KC);
  const mcMax = roundUp(imin(m, MC), MR);
  const ncMax = roundUp(imin(n, NC), NR);
  const packA = work;
  const packB = packA + ((<usize>(mcMax * kcMax)) << 3);
  const tile = packB + ((<usize>(kcMax * ncMax)) << 3);
  // Byte strides of op(A) (line = row i, depth = p) and op(B) (line = column j, depth = p).
  const lda: usize = <usize>(transA ? m : k) << 3;
  const ldb: usize = <usize>(transB ? k : n) << 3;
  const aL: usize = transA ? 8 : lda;
  const aP: usize = transA ? lda : 8;
  const bL: usize = transB ? ldb : 8;
  const bP: usize = transB ? 8 : ldb;
  const ldc: usize = (<usize>n) << 3;
  const firstMode = beta == 0.0 ? 0 : beta == 1.0 ? 1 : 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = imin(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = imin(KC, k - pc);
      const mode = pc == 0 ? firstMode : 1;
      pack(b + (<usize>jc) * bL + (<usize>pc) * bP, bL, bP, nc, kc, NR, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = imin(MC, m - ic);
        if (lower && ic + mc <= jc) continue;
        pack(a + (<usize>ic) * aL + (<usize>pc) * aP, aL, aP, mc, kc, MR, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = imin(NR, nc - jr);
          const pbj = packB + ((<usize>(jr * kc)) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            // In gram mode skip blocks strictly above the diagonal (every row index below every column index).
            if (lower && ic + ir + MR <= jc + jr) continue;
            const rows = imin(MR, mc - ir);
            micro(
              kc,
              packA + ((<usize>(ir * kc)) << 3),
              pbj,
              c + (<usize>(ic + ir)) * ldc + ((<usize>(jc + jr)) << 3),
              ldc,
              alpha,
              beta,
              mode,
              rows,
              cols,
              tile,
            );
          }
        }
      }
    }
  }
  if (lower) {
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < n; j++) {
        store<f64>(c + (<usize>i) * ldc + ((<usize>j) << 3), load<f64>(c + (<usize>j) * ldc + ((<usize>i) << 3)));
      }
    }
  }
}

/** Scratch bytes `gemm` needs. */
export function gemmWorkSize(transA: i32, transB: i32, m: i32, n: i32, k: i32): i32 {
  return workBytes(m, n, k);
}

/** C ← α op(A) op(B) + βC, op(A) m×k, op(B) k×n, C m×n, all row-major. */
export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  b: usize,
  beta: f64,
  c: usize,
  work: usize,
): void {
  gemmCore(transA, transB, m, n, k, alpha, a, b, beta, c, work, false);
}

/** Scratch bytes `gram` needs. */
export function gramWorkSize(trans: i32, m: i32, n: i32): i32 {
  return trans ? workBytes(n, n, m) : workBytes(m, m, n);
}

/** A m×n. trans=0: C ← AAᵀ (m×m); trans=1: C ← AᵀA (n×n). Both triangles written; exactly symmetric. */
export function gram(trans: i32, m: i32, n: i32, a: usize, c: usize, work: usize): void {
  if (trans) gemmCore(1, 0, n, n, m, 1.0, a, a, 0.0, c, work, true);
  else gemmCore(0, 1, m, m, n, 1.0, a, a, 0.0, c, work, true);
}
