// The 4×4 register-blocked micro-kernel shared by gemm (gemm.ts) and the shallow-network step (models/shallow.ts).
// Not re-exported from index.ts: it is an internal helper, not a wasm export.

// Register block: MR rows × NR columns of C (NR/2 f64x2 per row). 4×4 = 8 accumulators + 2 B vectors + 1 A
// splat fits the 16 xmm registers V8 allocates on x86-64 without spilling.
export const MR: i32 = 4;
export const NR: i32 = 4;

/** Writes one f64x2 of C: mode 0 C ← αt, mode 1 C ← C + αt, mode 2 C ← βC + αt. */
@inline function upd(p: usize, t: v128, av: v128, bv: v128, mode: i32): void {
  const s = f64x2.mul(av, t);
  if (mode == 0) v128.store(p, s);
  else if (mode == 1) v128.store(p, f64x2.add(v128.load(p), s));
  else v128.store(p, f64x2.add(f64x2.mul(bv, v128.load(p)), s));
}

/**
 * C[0:rows, 0:cols] ← α·(Ã·B̃) (+ β·C per `mode`) for one MR×NR block, Ã an MR-strip of packed A and B̃ an
 * NR-strip of packed B, both kc deep. `c` points at C's block, `ldc` is C's row stride in bytes. Inlined where the
 * epilogue arguments are constants (the shallow step), so the mode and edge branches fold away.
 */
@inline export function microInline(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: usize,
  alpha: f64,
  beta: f64,
  mode: i32,
  rows: i32,
  cols: i32,
  tile: usize,
): void {
  let c00 = f64x2.splat(0.0);
  let c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0);
  let c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0);
  let c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0);
  let c31 = f64x2.splat(0.0);
  const end = pb + ((<usize>kc) << 5);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = f64x2.add(c00, f64x2.mul(a, b0));
    c01 = f64x2.add(c01, f64x2.mul(a, b1));
    a = v128.load64_splat(pa, 8);
    c10 = f64x2.add(c10, f64x2.mul(a, b0));
    c11 = f64x2.add(c11, f64x2.mul(a, b1));
    a = v128.load64_splat(pa, 16);
    c20 = f64x2.add(c20, f64x2.mul(a, b0));
    c21 = f64x2.add(c21, f64x2.mul(a, b1));
    a = v128.load64_splat(pa, 24);
    c30 = f64x2.add(c30, f64x2.mul(a, b0));
    c31 = f64x2.add(c31, f64x2.mul(a, b1));
    pa += 32;
    pb += 32;
  }
  const av = f64x2.splat(alpha);
  const bv = f64x2.splat(beta);
  if (rows == MR && cols == NR) {
    upd(c, c00, av, bv, mode);
    upd(c + 16, c01, av, bv, mode);
    c += ldc;
    upd(c, c10, av, bv, mode);
    upd(c + 16, c11, av, bv, mode);
    c += ldc;
    upd(c, c20, av, bv, mode);
    upd(c + 16, c21, av, bv, mode);
    c += ldc;
    upd(c, c30, av, bv, mode);
    upd(c + 16, c31, av, bv, mode);
    return;
  }
  // Partial block: spill α·acc to the tile, then update only the live part of C.
  v128.store(tile, f64x2.mul(av, c00));
  v128.store(tile, f64x2.mul(av, c01), 16);
  v128.store(tile, f64x2.mul(av, c10), 32);
  v128.store(tile, f64x2.mul(av, c11), 48);
  v128.store(tile, f64x2.mul(av, c20), 64);
  v128.store(tile, f64x2.mul(av, c21), 80);
  v128.store(tile, f64x2.mul(av, c30), 96);
  v128.store(tile, f64x2.mul(av, c31), 112);
  for (let r = 0; r < rows; r++) {
    const cr = c + (<usize>r) * ldc;
    const tr = tile + ((<usize>(r * NR)) << 3);
    for (let j = 0; j < cols; j++) {
      const o = (<usize>j) << 3;
      const t = load<f64>(tr + o);
      if (mode == 0) store<f64>(cr + o, t);
      else if (mode == 1) store<f64>(cr + o, load<f64>(cr + o) + t);
      else store<f64>(cr + o, beta * load<f64>(cr + o) + t);
    }
  }
}

/** `microInline` as a called function (gemm's driver: one call per block keeps its loop nest small). */
export function micro(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: usize,
  alpha: f64,
  beta: f64,
  mode: i32,
  rows: i32,
  cols: i32,
  tile: usize,
): void {
  microInline(kc, pa, pb, c, ldc, alpha, beta, mode, rows, cols, tile);
}
