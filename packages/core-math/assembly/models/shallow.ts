// Shallow network with a fixed output layer (P3 §3.1): f(x) = vᵀφ(Wx), W ∈ R^{k×d} trained, v ∈ R^k fixed,
// L(W) = ½‖φ(XWᵀ)v − y‖² (sum over the n samples, one half). Contract in src/abi/models.ts.
//
// Algorithm (per loss-and-gradient; kp = k rounded up to a multiple of 4):
//   pack     Wᵀ into 4-neuron strips (for each input l the four weights w_{j..j+3, l} adjacent, zero rows past k)
//            and v into vp (zeros past k), so every block below is a whole 4×4 block with no column edge;
//   chunks   of CH = 32 samples (the chunk's X rows, ≤ 32·d, and its D rows, 32·kp, stay in L1):
//     pack     the chunk's X into 4-sample blocks (for each input l the four samples' x_l adjacent);
//     forward  Z = XWᵀ by gemm's 4-sample × 4-neuron register-blocked micro-kernel (microkernel.ts: 8 f64x2
//              accumulators; per input l two vectors of packed W and four splatted x's), stored into the chunk;
//     fused    one pass over each row of Z: φ(z), φ′(z)·v and f_i = Σ_j v_j φ(z_ij) together (the transcendentals
//              two lanes at a time, math.ts), then r_i = f_i − y_i and D_i· = (φ′ ⊙ v) r_i while the row is hot;
//     backward G += D_chunkᵀ X_chunk by a 4-neuron × 4-input register-blocked micro-kernel (8 accumulators over
//              the chunk's samples; G's block is loaded once and stored once per chunk), so G_jl is summed over
//              the samples in order;
//   GD       W ← W − ηG, repeated `steps` times inside one call (no boundary crossing per step).
// Reference: P3 §3.1 (gradient ∇L = Σ_i r_i (v ⊙ φ′(Wx_i)) x_iᵀ). GEMM blocking after Goto & van de Geijn (2008).
// Complexity: 4nkd flops + nk activation pairs per loss-and-gradient (plus ≤ 3 padded neurons);
// scratch (2·kp·d + kp + 32·kp + 32·d + n) f64 (shallowWorkSize).
// Numerics: every z_ij = Σ_l x_il w_jl and every G_jl = Σ_i D_ij x_il is a plain ordered sum (no FMA), so
// |ẑ − z| ≤ γ_d Σ_l |x_il w_jl| and |Ĝ − G| ≤ γ_{n+2} Σ_i |φ′_ij v_j r_i x_il| (+2: the two products forming D);
// f_i is summed two lanes at a time, then across lanes (≤ γ_k Σ_j |v_j φ(z_ij)|). Padded neurons have w = 0 and
// v = 0, so they add exact zeros. The order is fixed, so repeated calls are bitwise identical.
// Pointers are byte offsets; nothing is validated here (the TS facade does that).

import {
  ACTIVATION_QUADRATIC,
  ACTIVATION_RELU,
  ACTIVATION_SIGMOID,
  ACTIVATION_SOFTPLUS,
  ACTIVATION_TANH,
} from '../codes.generated';
import { vexpNegAbs, vsigmoidFromE, vsoftplusFromE, vtanh } from '../math';
import { microInline, MR, NR } from '../microkernel';
import { al16, hsum, vaxpy } from './common';

/** Samples per chunk (a multiple of the 4-sample register block). */
const CH: i32 = 32;

@inline function kpad(k: i32): i32 {
  return (k + 3) & ~3;
}

/** Scratch bytes of `shallowLossGrad` and `shallowGdSteps` for n samples, input dimension d, k neurons. */
export function shallowWorkSize(n: i32, d: i32, k: i32): i32 {
  const kp = kpad(k);
  return 2 * al16(kp * d * 8) + al16(kp * 8) + al16(CH * kp * 8) + al16(CH * d * 8) + al16(n * 8);
}

/** wp[(s·d + l)·4 + q] = w[4s + q, l] (zero for 4s + q ≥ k); vp = v padded with zeros to kp. */
function packW(d: i32, k: i32, w: usize, v: usize, wp: usize, vp: usize): void {
  const kp = kpad(k);
  const ldw = (<usize>d) << 3;
  for (let j = 0; j < kp; j++) {
    const live = j < k;
    const src = w + (<usize>j) * ldw;
    const dst = wp + ((<usize>(j >> 2)) * <usize>d << 5) + ((<usize>(j & 3)) << 3);
    for (let l = 0; l < d; l++) store<f64>(dst + ((<usize>l) << 5), live ? load<f64>(src + ((<usize>l) << 3)) : 0.0);
    store<f64>(vp + ((<usize>j) << 3), live ? load<f64>(v + ((<usize>j) << 3)) : 0.0);
  }
}

/**
 * xp[(b·d + l)·4 + r] = x[4b + r, l] for the m rows of a chunk (rows past m, up to a multiple of 4, are zero), so
 * the forward micro-kernel reads its four samples' x_l as four adjacent doubles.
 */
function packX(m: i32, d: i32, x: usize, xp: usize): void {
  const db = (<usize>d) << 3;
  const m4 = (m + 3) & ~3;
  for (let i = 0; i < m4; i++) {
    const dst = xp + ((<usize>(i >> 2)) * db << 2) + ((<usize>(i & 3)) << 3);
    if (i < m) {
      const src = x + (<usize>i) * db;
      for (let o: usize = 0; o < db; o += 8) store<f64>(dst + (o << 2), load<f64>(src + o));
    } else {
      for (let o: usize = 0; o < db; o += 8) store<f64>(dst + (o << 2), 0.0);
    }
  }
}

/**
 * Z rows z0..z0+3·ldz, columns 4s..4s+3 for every strip s < kp/4: Σ_l x_rl w_jl, from a packed 4-row block of X
 * (`xp`, gemm's packed-A layout) and packed W (`wp`, its packed-B layout): gemm's 4×4 micro-kernel, d deep, storing
 * the whole block (mode 0, α = 1 is exact, so no tile is needed).
 */
function forwardBlock(d: i32, kp: i32, xp: usize, wp: usize, z0: usize, ldz: usize): void {
  const span = (<usize>d) << 5;
  for (let s = 0; s < kp >> 2; s++)
    microInline(d, xp, wp + (<usize>s) * span, z0 + ((<usize>s) << 5), ldz, 1.0, 0.0, 0, MR, NR, 0);
}

/**
 * The fused elementwise pass over one row of Z (kp entries, kp even): replaces z_i· by φ′(z_i·) ⊙ v and returns
 * f_i = Σ_j v_j φ(z_ij) (lane-wise sums, then across lanes). The activation test sits outside the loop.
 */
@inline function activateRow(act: i32, kp: i32, vp: usize, zrow: usize): f64 {
  let acc = f64x2.splat(0.0);
  const end = (<usize>kp) << 3;
  const one = f64x2.splat(1.0);
  if (act == ACTIVATION_RELU) {
    // relu: φ = z·[z > 0] (−0 and NaN map to +0 like the scalar ternary), φ′ = [z > 0].
    const zero = f64x2.splat(0.0);
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      const m = f64x2.gt(z, zero);
      acc = f64x2.add(acc, f64x2.mul(vv, v128.and(z, m)));
      v128.store(zrow + o, f64x2.mul(v128.and(one, m), vv));
    }
  } else if (act == ACTIVATION_SOFTPLUS) {
    // From e = exp(−|z|) ∈ [0, 1]: softplus = max(z, 0) + log1p(e), σ(z) = (z ≥ 0 ? 1 : e)/(1 + e).
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      const e = vexpNegAbs(z);
      acc = f64x2.add(acc, f64x2.mul(vv, vsoftplusFromE(z, e)));
      v128.store(zrow + o, f64x2.mul(vsigmoidFromE(z, e), vv));
    }
  } else if (act == ACTIVATION_SIGMOID) {
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      const sg = vsigmoidFromE(z, vexpNegAbs(z));
      acc = f64x2.add(acc, f64x2.mul(vv, sg));
      v128.store(zrow + o, f64x2.mul(f64x2.mul(sg, f64x2.sub(one, sg)), vv));
    }
  } else if (act == ACTIVATION_TANH) {
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      const t = vtanh(z);
      acc = f64x2.add(acc, f64x2.mul(vv, t));
      v128.store(zrow + o, f64x2.mul(f64x2.sub(one, f64x2.mul(t, t)), vv));
    }
  } else if (act == ACTIVATION_QUADRATIC) {
    const two = f64x2.splat(2.0);
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      acc = f64x2.add(acc, f64x2.mul(vv, f64x2.mul(z, z)));
      v128.store(zrow + o, f64x2.mul(f64x2.mul(two, z), vv));
    }
  } else {
    for (let o: usize = 0; o < end; o += 16) {
      const z = v128.load(zrow + o);
      const vv = v128.load(vp + o);
      acc = f64x2.add(acc, f64x2.mul(vv, z));
      v128.store(zrow + o, vv);
    }
  }
  return hsum(acc);
}

/** D_i· ← D_i· r_i, in place (kp entries). */
@inline function scaleRow(kp: i32, zrow: usize, ri: f64): void {
  const rr = f64x2.splat(ri);
  const end = (<usize>kp) << 3;
  for (let o: usize = 0; o < end; o += 16) v128.store(zrow + o, f64x2.mul(v128.load(zrow + o), rr));
}

/**
 * G (kp×d) += Dᵀ X over m samples: D rows at dz (stride ldz bytes), X rows at x (stride d·8). Blocks of 4 neurons ×
 * 4 inputs (8 accumulators), then 4 × 2 and 4 × 1 for the last d mod 4 inputs.
 */
function backwardChunk(m: i32, d: i32, kp: i32, x: usize, dz: usize, ldz: usize, g: usize): void {
  const db = (<usize>d) << 3;
  const d4 = d & ~3;
  const mb = (<usize>m) * ldz;
  for (let j = 0; j < kp; j += 4) {
    const g0 = g + (<usize>j) * db;
    const g1 = g0 + db;
    const g2 = g1 + db;
    const g3 = g2 + db;
    const dj = dz + ((<usize>j) << 3);
    let l = 0;
    for (; l < d4; l += 4) {
      const ol = (<usize>l) << 3;
      let a00 = v128.load(g0 + ol);
      let a01 = v128.load(g0 + ol, 16);
      let a10 = v128.load(g1 + ol);
      let a11 = v128.load(g1 + ol, 16);
      let a20 = v128.load(g2 + ol);
      let a21 = v128.load(g2 + ol, 16);
      let a30 = v128.load(g3 + ol);
      let a31 = v128.load(g3 + ol, 16);
      let px = x + ol;
      for (let o: usize = 0; o < mb; o += ldz) {
        const x0 = v128.load(px);
        const x1 = v128.load(px, 16);
        const p = dj + o;
        let c = v128.load64_splat(p);
        a00 = f64x2.add(a00, f64x2.mul(c, x0));
        a01 = f64x2.add(a01, f64x2.mul(c, x1));
        c = v128.load64_splat(p, 8);
        a10 = f64x2.add(a10, f64x2.mul(c, x0));
        a11 = f64x2.add(a11, f64x2.mul(c, x1));
        c = v128.load64_splat(p, 16);
        a20 = f64x2.add(a20, f64x2.mul(c, x0));
        a21 = f64x2.add(a21, f64x2.mul(c, x1));
        c = v128.load64_splat(p, 24);
        a30 = f64x2.add(a30, f64x2.mul(c, x0));
        a31 = f64x2.add(a31, f64x2.mul(c, x1));
        px += db;
      }
      v128.store(g0 + ol, a00);
      v128.store(g0 + ol, a01, 16);
      v128.store(g1 + ol, a10);
      v128.store(g1 + ol, a11, 16);
      v128.store(g2 + ol, a20);
      v128.store(g2 + ol, a21, 16);
      v128.store(g3 + ol, a30);
      v128.store(g3 + ol, a31, 16);
    }
    if (l + 2 <= d) {
      const ol = (<usize>l) << 3;
      let a0 = v128.load(g0 + ol);
      let a1 = v128.load(g1 + ol);
      let a2 = v128.load(g2 + ol);
      let a3 = v128.load(g3 + ol);
      let px = x + ol;
      for (let o: usize = 0; o < mb; o += ldz) {
        const x0 = v128.load(px);
        const p = dj + o;
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(p), x0));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(p, 8), x0));
        a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(p, 16), x0));
        a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(p, 24), x0));
        px += db;
      }
      v128.store(g0 + ol, a0);
      v128.store(g1 + ol, a1);
      v128.store(g2 + ol, a2);
      v128.store(g3 + ol, a3);
      l += 2;
    }
    if (l < d) {
      const ol = (<usize>l) << 3;
      let s0 = load<f64>(g0 + ol);
      let s1 = load<f64>(g1 + ol);
      let s2 = load<f64>(g2 + ol);
      let s3 = load<f64>(g3 + ol);
      let px = x + ol;
      for (let o: usize = 0; o < mb; o += ldz) {
        const xv = load<f64>(px);
        const p = dj + o;
        s0 += load<f64>(p) * xv;
        s1 += load<f64>(p, 8) * xv;
        s2 += load<f64>(p, 16) * xv;
        s3 += load<f64>(p, 24) * xv;
        px += db;
      }
      store<f64>(g0 + ol, s0);
      store<f64>(g1 + ol, s1);
      store<f64>(g2 + ol, s2);
      store<f64>(g3 + ol, s3);
    }
  }
}

/**
 * One loss evaluation and, with `g` ≠ 0, the gradient into g (kp×d; rows ≥ k are zero): packs W, then runs the
 * chunks. Writes r (n) and returns ½‖r‖². `wp`, `vp`, `dz` are scratch (see shallowWorkSize).
 */
function lossGradCore(
  act: i32,
  n: i32,
  d: i32,
  k: i32,
  x: usize,
  y: usize,
  v: usize,
  w: usize,
  wp: usize,
  vp: usize,
  dz: usize,
  xp: usize,
  r: usize,
  g: usize,
): f64 {
  const kp = kpad(k);
  packW(d, k, w, v, wp, vp);
  if (g != 0) memory.fill(g, 0, (<usize>(kp * d)) << 3);
  const ldx = (<usize>d) << 3;
  const ldz = (<usize>kp) << 3;
  let loss = 0.0;
  for (let i0 = 0; i0 < n; i0 += CH) {
    const m = n - i0 < CH ? n - i0 : CH;
    const xc = x + (<usize>i0) * ldx;
    packX(m, d, xc, xp);
    // Rows past the chunk's end are zero in xp; their Z rows land in unused chunk rows and are ignored.
    for (let b = 0; b < m; b += 4) forwardBlock(d, kp, xp + (<usize>b) * ldx, wp, dz + (<usize>b) * ldz, ldz);
    for (let b = 0; b < m; b++) {
      const zrow = dz + (<usize>b) * ldz;
      const i = i0 + b;
      const ri = activateRow(act, kp, vp, zrow) - load<f64>(y + ((<usize>i) << 3));
      store<f64>(r + ((<usize>i) << 3), ri);
      loss += ri * ri;
      if (g != 0) scaleRow(kp, zrow, ri);
    }
    if (g != 0) backwardChunk(m, d, kp, xc, dz, ldz, g);
  }
  return 0.5 * loss;
}

/**
 * Loss ½‖φ(XWᵀ)v − y‖² and, when `grad` ≠ 0, its gradient with respect to W (k×d row-major) into `grad`;
 * when `resid` ≠ 0 the residual r = φ(XWᵀ)v − y (n) is copied there. Returns the loss.
 */
export function shallowLossGrad(
  act: i32,
  n: i32,
  d: i32,
  k: i32,
  x: usize,
  y: usize,
  v: usize,
  w: usize,
  resid: usize,
  grad: usize,
  work: usize,
): f64 {
  const kp = kpad(k);
  const wp = work;
  const g = wp + <usize>al16(kp * d * 8);
  const vp = g + <usize>al16(kp * d * 8);
  const dz = vp + <usize>al16(kp * 8);
  const xp = dz + <usize>al16(CH * kp * 8);
  const r = xp + <usize>al16(CH * d * 8);
  const loss = lossGradCore(act, n, d, k, x, y, v, w, wp, vp, dz, xp, r, grad != 0 ? g : 0);
  if (resid != 0) memory.copy(resid, r, (<usize>n) << 3);
  // The first k rows of g (kp×d) are ∇L in W's layout.
  if (grad != 0) memory.copy(grad, g, (<usize>(k * d)) << 3);
  return loss;
}

/**
 * Up to `steps` full-batch GD updates W ← W − η∇L(W) on W in place. Before each update the loss and ‖r‖ are
 * evaluated; the loop stops early when ‖r‖ ≤ tol (tol = 0 never stops early) or the loss is not finite.
 * Writes out[0] = ‖r‖ and out[1] = number of updates made, and returns the loss, both at the final W.
 */
export function shallowGdSteps(
  act: i32,
  n: i32,
  d: i32,
  k: i32,
  x: usize,
  y: usize,
  v: usize,
  w: usize,
  eta: f64,
  steps: i32,
  tol: f64,
  out: usize,
  work: usize,
): f64 {
  const kp = kpad(k);
  const wp = work;
  const g = wp + <usize>al16(kp * d * 8);
  const vp = g + <usize>al16(kp * d * 8);
  const dz = vp + <usize>al16(kp * 8);
  const xp = dz + <usize>al16(CH * kp * 8);
  const r = xp + <usize>al16(CH * d * 8);
  const kd = k * d;
  let t = 0;
  let loss = 0.0;
  while (true) {
    const last = t >= steps;
    // The gradient is formed with the loss (one pass over the data); it is unused when this evaluation stops.
    loss = lossGradCore(act, n, d, k, x, y, v, w, wp, vp, dz, xp, r, last ? 0 : g);
    const rn = Math.sqrt(2.0 * loss);
    if (last || rn <= tol || !isFinite(loss)) break;
    vaxpy(kd, -eta, g, w);
    t++;
  }
  store<f64>(out, Math.sqrt(2.0 * loss));
  store<f64>(out, <f64>t, 8);
  return loss;
}
