// Shallow network with a fixed output layer (P3 §3.1): f(x) = vᵀφ(Wx), W ∈ R^{k×d} trained, v ∈ R^k fixed,
// L(W) = ½‖φ(XWᵀ)v − y‖² (sum over the n samples, one half). Contract in src/abi/models.ts.
//
// Algorithm (one fused pass per sample pair, then one backward pass):
//   forward  Z = XWᵀ with a 2-sample × 4-neuron register block (8 f64x2 accumulators: x is loaded once for four
//            neurons, w once for two samples); each row of Z is then replaced by φ′(Z) while f_i = Σ_j v_j φ(z_ij)
//            is accumulated, and by D_i = φ′(z_i·) ⊙ v · r_i once r_i = f_i − y_i is known;
//   backward G = DᵀX as G_j ← G_j + Σ_{s<4} D_{i+s,j} x_{i+s} (four samples per pass over a row of G; all-zero
//            coefficient quadruples, common with relu, are skipped);
//   GD       W ← W − ηG, repeated `steps` times inside one call (no boundary crossing per step).
// Reference: P3 §3.1 (gradient ∇L = Σ_i r_i (v ⊙ φ′(Wx_i)) x_iᵀ).
// Complexity: 4nkd flops + nk activation pairs per loss-and-gradient; scratch nk + n + kd f64 (shallowWorkSize).
// Numerics: every z_ij is a dot product of length d summed lane-wise then across lanes (|ẑ − z| ≤ γ_d Σ|x_il w_jl|);
// f_i and G are plain ordered sums. No FMA. The summation order is fixed, so repeated calls are bitwise identical.
// Pointers are byte offsets; nothing is validated here (the TS facade does that).

import {
  ACTIVATION_LINEAR,
  ACTIVATION_QUADRATIC,
  ACTIVATION_RELU,
  ACTIVATION_SIGMOID,
  ACTIVATION_SOFTPLUS,
} from '../codes.generated';
import { vexpNegAbs, vsigmoidFromE, vsoftplusFromE } from '../math';
import { ACT_D, ACT_F, actPair, al16, hsum, vaxpy, vdot, vzero } from './common';

/** Scratch bytes of `shallowLossGrad` and `shallowGdSteps` for n samples, input dimension d, k neurons. */
export function shallowWorkSize(n: i32, d: i32, k: i32): i32 {
  return al16(n * k * 8) + al16(n * 8) + al16(k * d * 8);
}

/** Z[i0, j..j+3] and Z[i1, j..j+3] (two sample rows x0, x1; four weight rows from w, stride ldw bytes). */
@inline function block2x4(d: i32, x0: usize, x1: usize, w: usize, ldw: usize, z0: usize, z1: usize): void {
  const w1 = w + ldw;
  const w2 = w1 + ldw;
  const w3 = w2 + ldw;
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let a2 = f64x2.splat(0.0);
  let a3 = f64x2.splat(0.0);
  let b0 = f64x2.splat(0.0);
  let b1 = f64x2.splat(0.0);
  let b2 = f64x2.splat(0.0);
  let b3 = f64x2.splat(0.0);
  const d2 = d & ~1;
  for (let l = 0; l < d2; l += 2) {
    const o = (<usize>l) << 3;
    const p = v128.load(x0 + o);
    const q = v128.load(x1 + o);
    const u0 = v128.load(w + o);
    a0 = f64x2.add(a0, f64x2.mul(p, u0));
    b0 = f64x2.add(b0, f64x2.mul(q, u0));
    const u1 = v128.load(w1 + o);
    a1 = f64x2.add(a1, f64x2.mul(p, u1));
    b1 = f64x2.add(b1, f64x2.mul(q, u1));
    const u2 = v128.load(w2 + o);
    a2 = f64x2.add(a2, f64x2.mul(p, u2));
    b2 = f64x2.add(b2, f64x2.mul(q, u2));
    const u3 = v128.load(w3 + o);
    a3 = f64x2.add(a3, f64x2.mul(p, u3));
    b3 = f64x2.add(b3, f64x2.mul(q, u3));
  }
  let s0 = hsum(a0);
  let s1 = hsum(a1);
  let s2 = hsum(a2);
  let s3 = hsum(a3);
  let t0 = hsum(b0);
  let t1 = hsum(b1);
  let t2 = hsum(b2);
  let t3 = hsum(b3);
  if (d & 1) {
    const o = (<usize>d2) << 3;
    const p = load<f64>(x0 + o);
    const q = load<f64>(x1 + o);
    const u0 = load<f64>(w + o);
    const u1 = load<f64>(w1 + o);
    const u2 = load<f64>(w2 + o);
    const u3 = load<f64>(w3 + o);
    s0 += p * u0;
    s1 += p * u1;
    s2 += p * u2;
    s3 += p * u3;
    t0 += q * u0;
    t1 += q * u1;
    t2 += q * u2;
    t3 += q * u3;
  }
  store<f64>(z0, s0);
  store<f64>(z0, s1, 8);
  store<f64>(z0, s2, 16);
  store<f64>(z0, s3, 24);
  store<f64>(z1, t0);
  store<f64>(z1, t1, 8);
  store<f64>(z1, t2, 16);
  store<f64>(z1, t3, 24);
}

/** Z[i, j..j+3] for one sample row x0. */
@inline function block1x4(d: i32, x0: usize, w: usize, ldw: usize, z0: usize): void {
  const w1 = w + ldw;
  const w2 = w1 + ldw;
  const w3 = w2 + ldw;
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let a2 = f64x2.splat(0.0);
  let a3 = f64x2.splat(0.0);
  const d2 = d & ~1;
  for (let l = 0; l < d2; l += 2) {
    const o = (<usize>l) << 3;
    const p = v128.load(x0 + o);
    a0 = f64x2.add(a0, f64x2.mul(p, v128.load(w + o)));
    a1 = f64x2.add(a1, f64x2.mul(p, v128.load(w1 + o)));
    a2 = f64x2.add(a2, f64x2.mul(p, v128.load(w2 + o)));
    a3 = f64x2.add(a3, f64x2.mul(p, v128.load(w3 + o)));
  }
  let s0 = hsum(a0);
  let s1 = hsum(a1);
  let s2 = hsum(a2);
  let s3 = hsum(a3);
  if (d & 1) {
    const o = (<usize>d2) << 3;
    const p = load<f64>(x0 + o);
    s0 += p * load<f64>(w + o);
    s1 += p * load<f64>(w1 + o);
    s2 += p * load<f64>(w2 + o);
    s3 += p * load<f64>(w3 + o);
  }
  store<f64>(z0, s0);
  store<f64>(z0, s1, 8);
  store<f64>(z0, s2, 16);
  store<f64>(z0, s3, 24);
}

/**
 * Row i of Z holds z_i·; replaces it by φ′(z_i·) and returns f_i = Σ_j v_j φ(z_ij). The activation switch sits
 * outside the loops: relu, quadratic, linear, softplus and sigmoid run two lanes at a time (f_i summed lane-wise,
 * then across lanes, then the odd tail; softplus/sigmoid through the two-lane exp/log1p of math.ts); tanh is a scalar loop.
 */
@inline function activateRow(act: i32, k: i32, v: usize, zrow: usize): f64 {
  const k2 = k & ~1;
  if (act == ACTIVATION_RELU || act == ACTIVATION_QUADRATIC || act == ACTIVATION_LINEAR) {
    let acc = f64x2.splat(0.0);
    const zero = f64x2.splat(0.0);
    const one = f64x2.splat(1.0);
    const two = f64x2.splat(2.0);
    for (let j = 0; j < k2; j += 2) {
      const o = (<usize>j) << 3;
      const z = v128.load(zrow + o);
      let f: v128;
      let d: v128;
      if (act == ACTIVATION_RELU) {
        // relu: φ = z·[z > 0] (so −0 and NaN-free inputs match the scalar ternary), φ′ = [z > 0].
        const m = f64x2.gt(z, zero);
        f = v128.and(z, m);
        d = v128.and(one, m);
      } else if (act == ACTIVATION_QUADRATIC) {
        f = f64x2.mul(z, z);
        d = f64x2.mul(two, z);
      } else {
        f = z;
        d = one;
      }
      acc = f64x2.add(acc, f64x2.mul(v128.load(v + o), f));
      v128.store(zrow + o, d);
    }
    let f = hsum(acc);
    if (k & 1) {
      const o = (<usize>k2) << 3;
      actPair(act, load<f64>(zrow + o));
      f += load<f64>(v + o) * ACT_F;
      store<f64>(zrow + o, ACT_D);
    }
    return f;
  }
  if (act == ACTIVATION_SOFTPLUS || act == ACTIVATION_SIGMOID) {
    // softplus / sigmoid from e = exp(−|z|) ∈ [0, 1]: σ(z) = (z ≥ 0 ? 1 : e)/(1 + e), softplus = max(z, 0) + log1p(e).
    let acc = f64x2.splat(0.0);
    const one = f64x2.splat(1.0);
    for (let j = 0; j < k2; j += 2) {
      const o = (<usize>j) << 3;
      const z = v128.load(zrow + o);
      const e = vexpNegAbs(z);
      const sg = vsigmoidFromE(z, e);
      let f: v128;
      let d: v128;
      if (act == ACTIVATION_SOFTPLUS) {
        f = vsoftplusFromE(z, e);
        d = sg;
      } else {
        f = sg;
        d = f64x2.mul(sg, f64x2.sub(one, sg));
      }
      acc = f64x2.add(acc, f64x2.mul(v128.load(v + o), f));
      v128.store(zrow + o, d);
    }
    let f = hsum(acc);
    if (k & 1) {
      const o = (<usize>k2) << 3;
      actPair(act, load<f64>(zrow + o));
      f += load<f64>(v + o) * ACT_F;
      store<f64>(zrow + o, ACT_D);
    }
    return f;
  }
  let f = 0.0;
  for (let j = 0; j < k; j++) {
    const o = (<usize>j) << 3;
    actPair(act, load<f64>(zrow + o));
    f += load<f64>(v + o) * ACT_F;
    store<f64>(zrow + o, ACT_D);
  }
  return f;
}

/** D_i· ← φ′(z_i·) ⊙ v · r_i, in place. */
@inline function scaleRow(k: i32, v: usize, zrow: usize, ri: f64): void {
  const rr = f64x2.splat(ri);
  const k2 = k & ~1;
  for (let j = 0; j < k2; j += 2) {
    const o = (<usize>j) << 3;
    v128.store(zrow + o, f64x2.mul(f64x2.mul(v128.load(zrow + o), v128.load(v + o)), rr));
  }
  if (k & 1) {
    const o = (<usize>k2) << 3;
    store<f64>(zrow + o, load<f64>(zrow + o) * load<f64>(v + o) * ri);
  }
}

/**
 * Forward pass into `dz` (n×k: D = φ′(Z) ⊙ (r vᵀ)) and `r` (n), returning ½‖r‖².
 * With `needD` false the rows keep φ′(Z) unscaled (loss-only callers ignore them).
 */
function forward(act: i32, n: i32, d: i32, k: i32, x: usize, y: usize, v: usize, w: usize, dz: usize, r: usize, needD: bool): f64 {
  const ldx = (<usize>d) << 3;
  const ldz = (<usize>k) << 3;
  const k4 = k & ~3;
  let loss = 0.0;
  let i = 0;
  for (; i < n; i += 2) {
    const two = i + 1 < n;
    const x0 = x + (<usize>i) * ldx;
    const x1 = x0 + ldx;
    const z0 = dz + (<usize>i) * ldz;
    const z1 = z0 + ldz;
    let j = 0;
    for (; j < k4; j += 4) {
      const wj = w + (<usize>j) * ldx;
      const oj = (<usize>j) << 3;
      if (two) block2x4(d, x0, x1, wj, ldx, z0 + oj, z1 + oj);
      else block1x4(d, x0, wj, ldx, z0 + oj);
    }
    for (; j < k; j++) {
      const wj = w + (<usize>j) * ldx;
      const oj = (<usize>j) << 3;
      store<f64>(z0 + oj, vdot(d, x0, wj));
      if (two) store<f64>(z1 + oj, vdot(d, x1, wj));
    }
    const r0 = activateRow(act, k, v, z0) - load<f64>(y + ((<usize>i) << 3));
    store<f64>(r + ((<usize>i) << 3), r0);
    loss += r0 * r0;
    if (needD) scaleRow(k, v, z0, r0);
    if (two) {
      const r1 = activateRow(act, k, v, z1) - load<f64>(y + ((<usize>(i + 1)) << 3));
      store<f64>(r + ((<usize>(i + 1)) << 3), r1);
      loss += r1 * r1;
      if (needD) scaleRow(k, v, z1, r1);
    }
  }
  return 0.5 * loss;
}

/** G (k×d) ← DᵀX, D n×k. */
function backward(n: i32, d: i32, k: i32, x: usize, dz: usize, g: usize): void {
  vzero(k * d, g);
  const ldx = (<usize>d) << 3;
  const ldz = (<usize>k) << 3;
  const d2 = d & ~1;
  let i = 0;
  const n4 = n & ~3;
  for (; i < n4; i += 4) {
    const x0 = x + (<usize>i) * ldx;
    const x1 = x0 + ldx;
    const x2 = x1 + ldx;
    const x3 = x2 + ldx;
    const z0 = dz + (<usize>i) * ldz;
    for (let j = 0; j < k; j++) {
      const oj = (<usize>j) << 3;
      const c0 = load<f64>(z0 + oj);
      const c1 = load<f64>(z0 + ldz + oj);
      const c2 = load<f64>(z0 + 2 * ldz + oj);
      const c3 = load<f64>(z0 + 3 * ldz + oj);
      if (c0 == 0.0 && c1 == 0.0 && c2 == 0.0 && c3 == 0.0) continue;
      const e0 = f64x2.splat(c0);
      const e1 = f64x2.splat(c1);
      const e2 = f64x2.splat(c2);
      const e3 = f64x2.splat(c3);
      const gj = g + (<usize>j) * ldx;
      for (let l = 0; l < d2; l += 2) {
        const o = (<usize>l) << 3;
        const t = f64x2.add(
          f64x2.add(f64x2.mul(e0, v128.load(x0 + o)), f64x2.mul(e1, v128.load(x1 + o))),
          f64x2.add(f64x2.mul(e2, v128.load(x2 + o)), f64x2.mul(e3, v128.load(x3 + o))),
        );
        v128.store(gj + o, f64x2.add(v128.load(gj + o), t));
      }
      if (d & 1) {
        const o = (<usize>d2) << 3;
        const t = c0 * load<f64>(x0 + o) + c1 * load<f64>(x1 + o) + (c2 * load<f64>(x2 + o) + c3 * load<f64>(x3 + o));
        store<f64>(gj + o, load<f64>(gj + o) + t);
      }
    }
  }
  for (; i < n; i++) {
    const x0 = x + (<usize>i) * ldx;
    const z0 = dz + (<usize>i) * ldz;
    for (let j = 0; j < k; j++) {
      const c0 = load<f64>(z0 + ((<usize>j) << 3));
      if (c0 == 0.0) continue;
      vaxpy(d, c0, x0, g + (<usize>j) * ldx);
    }
  }
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
  const dz = work;
  const r = dz + <usize>al16(n * k * 8);
  const loss = forward(act, n, d, k, x, y, v, w, dz, r, grad != 0);
  if (resid != 0) memory.copy(resid, r, (<usize>n) << 3);
  if (grad != 0) backward(n, d, k, x, dz, grad);
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
  const dz = work;
  const r = dz + <usize>al16(n * k * 8);
  const g = r + <usize>al16(n * 8);
  const kd = k * d;
  let t = 0;
  let loss = 0.0;
  while (true) {
    const last = t >= steps;
    loss = forward(act, n, d, k, x, y, v, w, dz, r, !last);
    const rn = Math.sqrt(2.0 * loss);
    if (last || rn <= tol || !isFinite(loss)) break;
    backward(n, d, k, x, dz, g);
    vaxpy(kd, -eta, g, w);
    t++;
  }
  store<f64>(out, Math.sqrt(2.0 * loss));
  store<f64>(out, <f64>t, 8);
  return loss;
}
