// Teacher–student ReLU network, population loss in closed form (P4 / SS18, spec §4.2). Contract in src/abi/models.ts.
//
// F(W) = ½ E_x[(Σ_i [w_iᵀx]_+ − Σ_j [v_jᵀx]_+)²], x ~ N(0, I_d), student W n×d, teacher V k×d (neurons as rows).
// With κ(w, v) = ‖w‖‖v‖(sin θ + (π − θ) cos θ)/(2π):
//   F = ½Σ_{i,i'} κ(w_i, w_i') − Σ_{i,j} κ(w_i, v_j) + ½Σ_{j,j'} κ(v_j, v_j'),
//   ∂F/∂w_i = ½w_i + Σ_{i'≠i} g(w_i, w_i') − Σ_j g(w_i, v_j),  g(w, v) = (‖v‖ sin θ · w̄ + (π − θ) v)/(2π),
// accumulated as ∂F/∂w_i = (½ + A_i/(2π‖w_i‖)) w_i + Σ_{i'} ((π − θ)/2π) w_i' − Σ_j ((π − θ)/2π) v_j with
// A_i = Σ_{i'≠i} ‖w_i'‖ sin θ_ii' − Σ_j ‖v_j‖ sin θ_ij. Each unordered student pair is visited once.
// Hessian (neuron-major, d×d blocks), written with u = (v̄ − cos θ · w̄)/sin θ (the unit vector n̄_{v,w}):
//   h_1(w, v) = (sin θ ‖v‖/(2π‖w‖)) (I − w̄w̄ᵀ + uuᵀ),
//   h_2(w, v) = ((π − θ)I + s²(w̄uᵀ + uw̄ᵀ) + cs(w̄w̄ᵀ − uuᵀ))/(2π)   (s = sin θ, c = cos θ),
//   H_ii = ½I + Σ_{i'≠i} h_1(w_i, w_i') − Σ_j h_1(w_i, v_j),  H_ii' = h_2(w_i, w_i').
// The h_2 form above equals the spec's (1/2π)((π − θ)I + n̄_{w,v}v̄ᵀ + n̄_{v,w}w̄ᵀ) but carries the factors s², cs
// explicitly, so nearly parallel pairs do not divide O(ε) errors by sin θ; at sin θ = 0 it gives the limits
// h_1 = 0, h_2 = ½I (θ = 0) and h_2 = 0 (θ = π) with no special case. The spec's printed h_2 is the transpose of
// ∂g(w, v)/∂v; h_2 is symmetric, so both agree.
// Reference: P4 Eqs. 10–11, 64–65 and Theorem 17; SS18 §4.1.1. Angles: see `angle` in common.ts.
// Complexity: loss+gradient O((n + k)² d); Hessian O(n(n + k)d²) (n(n+k) rank-one d×d updates plus n² blocks);
// Hessian-vector product O((n + k)·n·d) without forming the Hessian.
// Loss+gradient layout (issue 10): per student row, the cosines to the later students and to the teachers are formed
// two dot products at a time and θ = acos c, sin θ = √((1 − c)(1 + c)) two lanes at a time (math.ts, no libm call;
// |c| > 0.9 is redone by `angle` before use, so acos's √ branch runs only for lanes with ½ < |c| ≤ 0.9); the row's
// loss terms, its A_i and A_j contributions and its coefficients (π − θ)/2π (to an n×(n + k) matrix B) are formed two
// pairs at a time as well, and the gradient is one register-blocked pass
// ∂F/∂w_i = Σ_j B_ij w_j − Σ_j B'_ij v_j + c_i w_i (`combineRow`). Scratch: tsWorkSize. The loss and A_i are summed in
// f64x2 lanes (an order the reference twin does not follow; the parity tests hold both to the derived bounds).
// Identity teacher (v_j = e_j, k ≤ d; P4 and SS18 use it): detected once per call; the teacher cosines are then
// W's entries over ‖w_i‖, the teacher part of a gradient row is the vector of its coefficients, and the constant
// teacher term is summed without angles — the same values as the general path (tested bitwise against [I_k; 0; 0]
// for even k, where the zero teachers fill whole lane pairs).
// Zero students (‖w_i‖² = 0): κ = 0 is used for the loss; their gradient row and Hessian blocks are unspecified
// (finite) — F is not differentiable there and the facade refuses them. Zero teachers contribute nothing.
// The Hessian is written exactly symmetric (off-diagonal blocks transposed, diagonal blocks mirrored).
// Pointers are byte offsets; nothing is validated here (the TS facade does that).

import {
  GD_STATUS_BELOW_THRESHOLD,
  GD_STATUS_CONVERGED,
  GD_STATUS_DIVERGED,
  GD_STATUS_MAX_ITERS,
  GD_STATUS_NON_FINITE,
  GD_STATUS_ZERO_NEURON,
  GRAD_NORM_MAX_NEURON,
} from '../codes.generated';
import { vacos, vacosSmall, vsinAcos } from '../math';
import { ANG_COS, ANG_SIN, ANG_THETA, al16, angle, hsum, vaxpy, vcomb, vdot, vzero } from './common';

const INV2PI: f64 = 1.0 / (2.0 * Math.PI);

/** Scratch bytes of every teacher–student kernel (n students, k teachers, dimension d). */
export function tsWorkSize(n: i32, k: i32, d: i32): i32 {
  return baseSize(n, k, d) + al16(n * (n + k) * 8) + 3 * al16((n + k) * 8);
}

/** Bytes of the scratch regions shared by all kernels; the loss/gradient kernel's own regions follow. */
@inline function baseSize(n: i32, k: i32, d: i32): i32 {
  return al16((n + k) * 8) + al16(n * 8) + al16(n * d * 8) + al16((n + k) * d * 8) + 2 * al16(d * 8);
}

/** [aᵀb0, aᵀb1] (length d): two dot products sharing the loads of a, lane-wise partial sums as in `vdot`. */
@inline function vdot2(d: i32, a: usize, b0: usize, b1: usize): v128 {
  let s0 = f64x2.splat(0.0);
  let s1 = f64x2.splat(0.0);
  const d2 = d & ~1;
  for (let l = 0; l < d2; l += 2) {
    const o = (<usize>l) << 3;
    const x = v128.load(a + o);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(b0 + o)));
    s1 = f64x2.add(s1, f64x2.mul(x, v128.load(b1 + o)));
  }
  let t0 = hsum(s0);
  let t1 = hsum(s1);
  if (d & 1) {
    const o = (<usize>d2) << 3;
    const x = load<f64>(a + o);
    t0 += x * load<f64>(b0 + o);
    t1 += x * load<f64>(b1 + o);
  }
  return f64x2.replace_lane(f64x2.splat(t0), 1, t1);
}

/**
 * cos of the angles between row a (norm na) and the `m` rows at b (stride ld, norms at nb) into cb; θ = acos and
 * sin θ = √((1 − c)(1 + c)) two lanes at a time into tb, sb. Zero rows give c = 0 (their terms are skipped later).
 * Lanes with |c| > 0.9 are recomputed by the caller with `angle` (explicit difference); for the others these are
 * exactly `angle`'s values (acos1/sinAcos1 are the scalar twins of the lanes).
 */
function rowAngles(d: i32, a: usize, na: f64, m: i32, b: usize, ld: usize, nb: usize, cb: usize, tb: usize, sb: usize): void {
  let j = 0;
  const vna = f64x2.splat(na);
  const one = f64x2.splat(1.0);
  const mone = f64x2.splat(-1.0);
  const zero = f64x2.splat(0.0);
  for (; j + 2 <= m; j += 2) {
    const oj = (<usize>j) << 3;
    const p = vdot2(d, a, b + (<usize>j) * ld, b + (<usize>(j + 1)) * ld);
    const nn = f64x2.mul(vna, v128.load(nb + oj));
    let c = f64x2.div(p, nn);
    c = f64x2.min(f64x2.max(c, mone), one);
    c = v128.bitselect(zero, c, f64x2.eq(nn, zero));
    v128.store(cb + oj, c);
  }
  if (j < m) {
    const oj = (<usize>j) << 3;
    const nj = load<f64>(nb + oj);
    const bj = b + (<usize>j) * ld;
    let c = nj == 0.0 ? 0.0 : vdot(d, a, bj) / (na * nj);
    if (c > 1.0) c = 1.0;
    if (c < -1.0) c = -1.0;
    store<f64>(cb + oj, c);
  }
  anglesOf(m, cb, tb, sb);
}

/**
 * θ = acos c and sin θ = √((1 − c)(1 + c)) of the m cosines at cb into tb, sb, two lanes at a time; slots with
 * |c| > 0.9 are left for `fixAngles` (finite placeholders).
 */
@inline function anglesOf(m: i32, cb: usize, tb: usize, sb: usize): void {
  for (let l = 0; l < m; l += 2) {
    const o = (<usize>l) << 3;
    const c = v128.load(cb + o); // the lane past m (odd m) reads the next slot: computed, never used
    // No lane with ½ < |c| ≤ 0.9: the first branch of vacos alone, bitwise the same for |c| ≤ ½; lanes with
    // |c| > 0.9 get finite values here that `fixAngles` replaces.
    const ac = f64x2.abs(c);
    const mid = v128.and(f64x2.gt(ac, f64x2.splat(0.5)), f64x2.le(ac, f64x2.splat(0.9)));
    v128.store(tb + o, v128.any_true(mid) ? vacos(c) : vacosSmall(c));
    v128.store(sb + o, vsinAcos(c));
  }
}

/**
 * Slots with |c| > 0.9 of `rowAngles` / `identityRowAngles` (row a, norm na; the m rows at b with stride ld, norms
 * at nb) get `angle`'s θ, sin θ and cos θ. Zero rows have c = 0 and are never touched.
 */
function fixAngles(
  d: i32,
  a: usize,
  na: f64,
  m: i32,
  b: usize,
  ld: usize,
  nb: usize,
  cb: usize,
  tb: usize,
  sb: usize,
  ident: bool,
): void {
  const lim = f64x2.splat(0.9);
  for (let j = 0; j < m; j += 2) {
    const o = (<usize>j) << 3;
    // the lane past m (odd m) may flag; it is checked below and never fixed
    if (!v128.any_true(f64x2.gt(f64x2.abs(v128.load(cb + o)), lim))) continue;
    for (let l = j; l < j + 2 && l < m; l++) {
      const ol = (<usize>l) << 3;
      const c = load<f64>(cb + ol);
      if (c > 0.9 || c < -0.9) {
        const bl = b + (<usize>l) * ld;
        const nl = load<f64>(nb + ol);
        // Identity teacher: v_lᵀa = a_l exactly (what vdot returns), see isIdentityTeacher.
        angle(d, a, na, bl, nl, ident ? load<f64>(a + ol) : vdot(d, a, bl));
        store<f64>(cb + ol, ANG_COS);
        store<f64>(tb + ol, ANG_THETA);
        store<f64>(sb + ol, ANG_SIN);
      }
    }
  }
}

/** Norms of the `m` rows (length d) of `a` into `out`. */
function rowNorms(m: i32, d: i32, a: usize, out: usize): void {
  const ld = (<usize>d) << 3;
  for (let i = 0; i < m; i++) {
    const p = a + (<usize>i) * ld;
    store<f64>(out + ((<usize>i) << 3), Math.sqrt(vdot(d, p, p)));
  }
}

/** The rows of `a` (norms `na`) scaled to unit length into `out`; zero rows stay zero. */
function unitRows(m: i32, d: i32, a: usize, na: usize, out: usize): void {
  const ld = (<usize>d) << 3;
  for (let i = 0; i < m; i++) {
    const ni = load<f64>(na + ((<usize>i) << 3));
    const dst = out + (<usize>i) * ld;
    vzero(d, dst);
    if (ni > 0.0) vaxpy(d, 1.0 / ni, a + (<usize>i) * ld, dst);
  }
}

/**
 * ½Σ_{j,j'} κ(v_j, v_j') over the rows of one matrix (norms na); each row's angles two lanes at a time through
 * `rowAngles` into the scratch at cb, tb, sb (m slots each), with `angle` for |c| > 0.9 — the same values as
 * `angle` for every pair, added in the same order.
 */
function selfTerm(m: i32, d: i32, a: usize, na: usize, cb: usize, tb: usize, sb: usize): f64 {
  const ld = (<usize>d) << 3;
  let s = 0.0;
  for (let i = 0; i < m; i++) {
    const ni = load<f64>(na + ((<usize>i) << 3));
    s += 0.25 * ni * ni;
    if (ni == 0.0) continue;
    const ai = a + (<usize>i) * ld;
    rowAngles(d, ai, ni, m - i - 1, ai + ld, ld, na + ((<usize>(i + 1)) << 3), cb, tb, sb);
    for (let j = i + 1; j < m; j++) {
      const nj = load<f64>(na + ((<usize>j) << 3));
      if (nj == 0.0) continue;
      const o = (<usize>(j - i - 1)) << 3;
      let c = load<f64>(cb + o);
      let th = load<f64>(tb + o);
      let sn = load<f64>(sb + o);
      if (c > 0.9 || c < -0.9) {
        const aj = a + (<usize>j) * ld;
        angle(d, ai, ni, aj, nj, vdot(d, ai, aj));
        th = ANG_THETA;
        sn = ANG_SIN;
        c = ANG_COS;
      }
      s += ni * nj * (sn + (Math.PI - th) * c) * INV2PI;
    }
  }
  return s;
}

/**
 * True when the teacher is the identity's first k rows (v_j = e_j, k ≤ d), the P4/SS18 teacher. Then
 * v_jᵀw = w_j and ‖v_j‖ = 1 exactly, so the kernels read the cosines to the teachers off W's entries and add the
 * teacher part Σ_j β_j v_j of a gradient row as the vector (β_0 … β_{k−1}): the same values as the general path
 * (every skipped product is an exact zero; only the sign of an exactly-zero sum could differ).
 */
function isIdentityTeacher(k: i32, d: i32, v: usize): bool {
  if (k > d) return false;
  for (let j = 0; j < k; j++) {
    const r = v + (<usize>j) * (<usize>d << 3);
    for (let l = 0; l < d; l++) if (load<f64>(r + ((<usize>l) << 3)) != (l == j ? 1.0 : 0.0)) return false;
  }
  return true;
}

/**
 * ½Σ_{j,j'} κ(v_j, v_j') for the identity teacher: every pair has c = 0 exactly, θ = acos(0) and sin θ = 1, so each
 * term is 1·1·(1 + (π − θ)·0)/(2π) = 1/(2π); added in `selfTerm`'s order, so bitwise its value.
 */
function identitySelfTerm(k: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < k; i++) {
    s += 0.25;
    for (let j = i + 1; j < k; j++) s += INV2PI;
  }
  return s;
}

/**
 * cos of the angles between row a (norm na > 0) and the identity teacher's k rows into cb (c_j = a_j/na, clamped,
 * as `rowAngles` forms them: the dot product is exactly a_j and ‖v_j‖ = 1), then θ and sin θ into tb, sb.
 */
function identityRowAngles(a: usize, na: f64, k: i32, cb: usize, tb: usize, sb: usize): void {
  const vna = f64x2.splat(na);
  const one = f64x2.splat(1.0);
  const mone = f64x2.splat(-1.0);
  let j = 0;
  for (; j + 2 <= k; j += 2) {
    const oj = (<usize>j) << 3;
    v128.store(cb + oj, f64x2.min(f64x2.max(f64x2.div(v128.load(a + oj), vna), mone), one));
  }
  if (j < k) {
    const oj = (<usize>j) << 3;
    let c = load<f64>(a + oj) / na;
    if (c > 1.0) c = 1.0;
    if (c < -1.0) c = -1.0;
    store<f64>(cb + oj, c);
  }
  anglesOf(k, cb, tb, sb);
}

/**
 * F(W) and, when grad ≠ 0, ∇F into grad (n×d). Norms go to work[0 .. n+k), A to work[n+k ..]. The constant
 * teacher–teacher term ½Σκ(v_j, v_j') is computed here unless `teacherTerm` is given (not NaN), which GD loops
 * precompute once (same value, added at the same point, so the result is bitwise the same).
 */
function lossGradCore(
  n: i32,
  k: i32,
  d: i32,
  w: usize,
  v: usize,
  grad: usize,
  work: usize,
  teacherTerm: f64,
  ident: bool,
  haveNorms: bool,
): f64 {
  const ld = (<usize>d) << 3;
  const nw = work;
  const nv = work + ((<usize>n) << 3);
  const acc = work + <usize>al16((n + k) * 8);
  const nk = n + k;
  const bm = work + <usize>baseSize(n, k, d);
  const cb = bm + <usize>al16(n * nk * 8);
  const tb = cb + <usize>al16(nk * 8);
  const sb = tb + <usize>al16(nk * 8);
  const ldb = (<usize>nk) << 3;
  if (!haveNorms) {
    rowNorms(n, d, w, nw);
    rowNorms(k, d, v, nv);
  }
  const wantGrad = grad != 0;
  if (wantGrad) {
    vzero(n * nk, bm);
    vzero(n, acc);
  }
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const ni = load<f64>(nw + ((<usize>i) << 3));
    loss += 0.25 * ni * ni;
    if (ni == 0.0) continue;
    const wi = w + (<usize>i) * ld;
    const bi = bm + (<usize>i) * ldb;
    // Row i's angles, two lanes at a time: students j > i in slots 0 .. n−i−2, then the k teachers.
    const ms = n - i - 1;
    rowAngles(d, wi, ni, ms, wi + ld, ld, nw + ((<usize>(i + 1)) << 3), cb, tb, sb);
    const mt = (<usize>al16(ms * 8)); // the teachers' slots start 16-byte aligned (≤ n + k slots in all)
    const ct = cb + mt;
    const tt = tb + mt;
    const st = sb + mt;
    if (ident) identityRowAngles(wi, ni, k, ct, tt, st);
    else rowAngles(d, wi, ni, k, v, ld, nv, ct, tt, st);
    // |c| > 0.9: θ, sin θ and cos θ from `angle` (explicit difference of the unit rows) replace the slots.
    fixAngles(d, wi, ni, ms, wi + ld, ld, nw + ((<usize>(i + 1)) << 3), cb, tb, sb, false);
    fixAngles(d, wi, ni, k, v, ld, nv, ct, tt, st, ident);
    // Row i's terms two pairs at a time. A zero partner (c = 0 there) adds exact zeros to the loss and to A_i, and
    // a coefficient that multiplies its zero row in the gradient; its own A_j is unused (zero rows get c_j = 0).
    const ai = acc + ((<usize>i) << 3);
    const vni = f64x2.splat(ni);
    const inv = f64x2.splat(INV2PI);
    const pi = f64x2.splat(Math.PI);
    let ls = f64x2.splat(0.0);
    let as = f64x2.splat(0.0);
    const nj0 = nw + ((<usize>(i + 1)) << 3);
    let s = 0;
    for (; s + 2 <= ms; s += 2) {
      const o = (<usize>s) << 3;
      const c = v128.load(cb + o);
      const sn = v128.load(sb + o);
      const nj = v128.load(nj0 + o);
      const b = f64x2.mul(f64x2.sub(pi, v128.load(tb + o)), inv);
      ls = f64x2.add(ls, f64x2.mul(nj, f64x2.add(f64x2.mul(sn, inv), f64x2.mul(b, c))));
      if (wantGrad) {
        as = f64x2.add(as, f64x2.mul(nj, sn));
        const aj = ai + 8 + o;
        v128.store(aj, f64x2.add(v128.load(aj), f64x2.mul(vni, sn)));
        v128.store(bi + 8 * (<usize>(i + 1)) + o, b);
        const bc = bm + (<usize>(i + 1 + s)) * ldb + ((<usize>i) << 3);
        store<f64>(bc, f64x2.extract_lane(b, 0));
        store<f64>(bc + ldb, f64x2.extract_lane(b, 1));
      }
    }
    let lsum = hsum(ls);
    let accI = hsum(as);
    if (s < ms) {
      const o = (<usize>s) << 3;
      const c = load<f64>(cb + o);
      const sn = load<f64>(sb + o);
      const nj = load<f64>(nj0 + o);
      const b = (Math.PI - load<f64>(tb + o)) * INV2PI;
      lsum += nj * (sn * INV2PI + b * c);
      if (wantGrad) {
        accI += nj * sn;
        const aj = ai + 8 + o;
        store<f64>(aj, load<f64>(aj) + ni * sn);
        store<f64>(bi + 8 * (<usize>(i + 1)) + o, b);
        store<f64>(bm + (<usize>(i + 1 + s)) * ldb + ((<usize>i) << 3), b);
      }
    }
    let lt = f64x2.splat(0.0);
    let at = f64x2.splat(0.0);
    const bt = bi + ((<usize>n) << 3);
    let j = 0;
    for (; j + 2 <= k; j += 2) {
      const o = (<usize>j) << 3;
      const c = v128.load(ct + o);
      const sn = v128.load(st + o);
      const nj = v128.load(nv + o);
      const b = f64x2.mul(f64x2.sub(pi, v128.load(tt + o)), inv);
      lt = f64x2.add(lt, f64x2.mul(nj, f64x2.add(f64x2.mul(sn, inv), f64x2.mul(b, c))));
      if (wantGrad) {
        at = f64x2.add(at, f64x2.mul(nj, sn));
        v128.store(bt + o, f64x2.neg(b));
      }
    }
    let tsum = hsum(lt);
    let accT = hsum(at);
    if (j < k) {
      const o = (<usize>j) << 3;
      const c = load<f64>(ct + o);
      const sn = load<f64>(st + o);
      const nj = load<f64>(nv + o);
      const b = (Math.PI - load<f64>(tt + o)) * INV2PI;
      tsum += nj * (sn * INV2PI + b * c);
      if (wantGrad) {
        accT += nj * sn;
        store<f64>(bt + o, -b);
      }
    }
    loss += ni * lsum - ni * tsum;
    if (wantGrad) store<f64>(ai, load<f64>(ai) + accI - accT);
  }
  loss += teacherTerm == teacherTerm ? teacherTerm : ident ? identitySelfTerm(k) : selfTerm(k, d, v, nv, cb, tb, sb);
  if (wantGrad) {
    for (let i = 0; i < n; i++) {
      const ni = load<f64>(nw + ((<usize>i) << 3));
      const ci = ni == 0.0 ? 0.0 : 0.5 + (load<f64>(acc + ((<usize>i) << 3)) * INV2PI) / ni;
      const b = bm + (<usize>i) * ldb;
      const wi = w + (<usize>i) * ld;
      const gi = grad + (<usize>i) * ld;
      // Constant `ident` at each inlined call: the two paths are compiled separately.
      if (ident) combineRow(n, k, d, b, w, v, true, ci, wi, gi);
      else combineRow(n, k, d, b, w, v, false, ci, wi, gi);
    }
  }
  return loss;
}

/**
 * out = Σ_{j<n} β_j w_j + Σ_{j<k} β_{n+j} v_j + c·x (rows of length d; per element in exactly this order), with
 * four f64x2 accumulators per 8 columns held in registers across the n + k rows. For the identity teacher
 * (`ident`, v = I) the teacher sum is β_{n+l} (l < k) added directly: the general sum's value, which adds β_{n+l}·1
 * and exact zeros. The `ident` test sits outside the row loops.
 */
@inline function combineRow(
  n: i32,
  k: i32,
  d: i32,
  beta: usize,
  w: usize,
  v: usize,
  ident: bool,
  c: f64,
  x: usize,
  out: usize,
): void {
  const ld = (<usize>d) << 3;
  const bt = beta + ((<usize>n) << 3);
  const k2 = k & ~1;
  let l = 0;
  for (; l + 8 <= d; l += 8) {
    const ol = (<usize>l) << 3;
    let a0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let a2 = f64x2.splat(0.0);
    let a3 = f64x2.splat(0.0);
    for (let j = 0; j < n; j++) {
      const bj = f64x2.splat(load<f64>(beta + ((<usize>j) << 3)));
      const r = w + (<usize>j) * ld + ol;
      a0 = f64x2.add(a0, f64x2.mul(bj, v128.load(r)));
      a1 = f64x2.add(a1, f64x2.mul(bj, v128.load(r, 16)));
      a2 = f64x2.add(a2, f64x2.mul(bj, v128.load(r, 32)));
      a3 = f64x2.add(a3, f64x2.mul(bj, v128.load(r, 48)));
    }
    if (!ident) {
      for (let j = 0; j < k; j++) {
        const bj = f64x2.splat(load<f64>(bt + ((<usize>j) << 3)));
        const r = v + (<usize>j) * ld + ol;
        a0 = f64x2.add(a0, f64x2.mul(bj, v128.load(r)));
        a1 = f64x2.add(a1, f64x2.mul(bj, v128.load(r, 16)));
        a2 = f64x2.add(a2, f64x2.mul(bj, v128.load(r, 32)));
        a3 = f64x2.add(a3, f64x2.mul(bj, v128.load(r, 48)));
      }
    } else if (l + 8 <= k2) {
      a0 = f64x2.add(a0, v128.load(bt + ol));
      a1 = f64x2.add(a1, v128.load(bt + ol, 16));
      a2 = f64x2.add(a2, v128.load(bt + ol, 32));
      a3 = f64x2.add(a3, v128.load(bt + ol, 48));
    } else if (l < k) {
      a0 = teacherLanes(a0, bt, l, k);
      a1 = teacherLanes(a1, bt, l + 2, k);
      a2 = teacherLanes(a2, bt, l + 4, k);
      a3 = teacherLanes(a3, bt, l + 6, k);
    }
    const cc = f64x2.splat(c);
    const xr = x + ol;
    v128.store(out + ol, f64x2.add(a0, f64x2.mul(cc, v128.load(xr))));
    v128.store(out + ol, f64x2.add(a1, f64x2.mul(cc, v128.load(xr, 16))), 16);
    v128.store(out + ol, f64x2.add(a2, f64x2.mul(cc, v128.load(xr, 32))), 32);
    v128.store(out + ol, f64x2.add(a3, f64x2.mul(cc, v128.load(xr, 48))), 48);
  }
  for (; l + 2 <= d; l += 2) {
    const ol = (<usize>l) << 3;
    let a0 = f64x2.splat(0.0);
    for (let j = 0; j < n; j++)
      a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(beta + ((<usize>j) << 3))), v128.load(w + (<usize>j) * ld + ol)));
    if (ident) a0 = teacherLanes(a0, bt, l, k);
    else
      for (let j = 0; j < k; j++)
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(bt + ((<usize>j) << 3))), v128.load(v + (<usize>j) * ld + ol)));
    v128.store(out + ol, f64x2.add(a0, f64x2.mul(f64x2.splat(c), v128.load(x + ol))));
  }
  if (l < d) {
    const ol = (<usize>l) << 3;
    let a = 0.0;
    for (let j = 0; j < n; j++) a += load<f64>(beta + ((<usize>j) << 3)) * load<f64>(w + (<usize>j) * ld + ol);
    if (ident) {
      if (l < k) a += load<f64>(bt + ol);
    } else for (let j = 0; j < k; j++) a += load<f64>(bt + ((<usize>j) << 3)) * load<f64>(v + (<usize>j) * ld + ol);
    store<f64>(out + ol, a + c * load<f64>(x + ol));
  }
}

/** a + (β_l, β_{l+1}) where columns l, l + 1 have a teacher (index < k); a lane without one is left as it is. */
@inline function teacherLanes(a: v128, bt: usize, l: i32, k: i32): v128 {
  if (l + 2 <= k) return f64x2.add(a, v128.load(bt + ((<usize>l) << 3)));
  if (l < k) return f64x2.replace_lane(a, 0, f64x2.extract_lane(a, 0) + load<f64>(bt + ((<usize>l) << 3)));
  return a;
}

/** F(W) (with the ½) and, when grad ≠ 0, ∇F (n×d, neuron-major) into grad. */
export function tsLossGrad(n: i32, k: i32, d: i32, w: usize, v: usize, grad: usize, work: usize): f64 {
  return lossGradCore(n, k, d, w, v, grad, work, NaN, isIdentityTeacher(k, d, v), false);
}

/** Byte address of block (bi, bj) of the nd×nd Hessian (row stride ldh bytes). */
@inline function blk(h: usize, bi: i32, bj: i32, d: i32, ldh: usize): usize {
  return h + (<usize>(bi * d)) * ldh + ((<usize>(bj * d)) << 3);
}

/** B += α uuᵀ on a d×d block with row stride ld bytes. */
@inline function rank1(d: i32, alpha: f64, u: usize, b: usize, ld: usize): void {
  for (let r = 0; r < d; r++) vaxpy(d, alpha * load<f64>(u + ((<usize>r) << 3)), u, b + (<usize>r) * ld);
}

/** u ← (b̄ − c·ā)/s for unit rows ā, b̄. */
@inline function perp(d: i32, a: usize, b: usize, c: f64, s: f64, u: usize): void {
  const is = 1.0 / s;
  vcomb(d, is, b, -c * is, a, u);
}

/** The full Hessian ∇²F (nd×nd, neuron-major, row-major) into h. */
export function tsHessian(n: i32, k: i32, d: i32, w: usize, v: usize, h: usize, work: usize): void {
  const ld = (<usize>d) << 3;
  const nd = n * d;
  const ldh = (<usize>nd) << 3;
  const nw = work;
  const nv = work + ((<usize>n) << 3);
  const acc = work + <usize>al16((n + k) * 8);
  const wb = acc + <usize>al16(n * 8) + <usize>al16(n * d * 8);
  const vb = wb + (<usize>(n * d) << 3);
  const u = wb + <usize>al16((n + k) * d * 8);
  const u2 = u + <usize>al16(d * 8);
  rowNorms(n, d, w, nw);
  rowNorms(k, d, v, nv);
  unitRows(n, d, w, nw, wb);
  unitRows(k, d, v, nv, vb);
  // Diagonal blocks start at ½I; A_i accumulates the coefficient of (I − w̄_i w̄_iᵀ).
  vzero(n, acc);
  for (let i = 0; i < n; i++) {
    const hii = blk(h, i, i, d, ldh);
    for (let r = 0; r < d; r++) {
      vzero(d, hii + (<usize>r) * ldh);
      store<f64>(hii + (<usize>r) * ldh + ((<usize>r) << 3), 0.5);
    }
  }
  for (let i = 0; i < n; i++) {
    const ni = load<f64>(nw + ((<usize>i) << 3));
    const wi = w + (<usize>i) * ld;
    const wbi = wb + (<usize>i) * ld;
    const hii = blk(h, i, i, d, ldh);
    for (let j = i + 1; j < n; j++) {
      const nj = load<f64>(nw + ((<usize>j) << 3));
      const wj = w + (<usize>j) * ld;
      const wbj = wb + (<usize>j) * ld;
      const hij = blk(h, i, j, d, ldh);
      const hji = blk(h, j, i, d, ldh);
      let theta = 0.5 * Math.PI;
      let s = 1.0;
      let c = 0.0;
      if (ni > 0.0 && nj > 0.0) {
        angle(d, wi, ni, wj, nj, vdot(d, wi, wj));
        theta = ANG_THETA;
        s = ANG_SIN;
        c = ANG_COS;
      }
      // Off-diagonal block H_ij = h_2(w_i, w_j); H_ji = H_ijᵀ.
      const diag = (Math.PI - theta) * INV2PI;
      if (s > 0.0 && ni > 0.0 && nj > 0.0) {
        perp(d, wbi, wbj, c, s, u);
        for (let r = 0; r < d; r++) {
          const ur = load<f64>(u + ((<usize>r) << 3));
          const xr = load<f64>(wbi + ((<usize>r) << 3));
          const row = hij + (<usize>r) * ldh;
          vcomb(d, (s * s * ur + c * s * xr) * INV2PI, wbi, (s * s * xr - c * s * ur) * INV2PI, u, row);
          store<f64>(row + ((<usize>r) << 3), load<f64>(row + ((<usize>r) << 3)) + diag);
        }
        // Diagonal contributions h_1(w_i, w_j) and h_1(w_j, w_i).
        const ci = (s * nj * INV2PI) / ni;
        store<f64>(acc + ((<usize>i) << 3), load<f64>(acc + ((<usize>i) << 3)) + ci);
        rank1(d, ci, u, hii, ldh);
        perp(d, wbj, wbi, c, s, u2);
        const cj = (s * ni * INV2PI) / nj;
        store<f64>(acc + ((<usize>j) << 3), load<f64>(acc + ((<usize>j) << 3)) + cj);
        rank1(d, cj, u2, blk(h, j, j, d, ldh), ldh);
      } else {
        for (let r = 0; r < d; r++) {
          const row = hij + (<usize>r) * ldh;
          vzero(d, row);
          store<f64>(row + ((<usize>r) << 3), diag);
        }
      }
      for (let r = 0; r < d; r++)
        for (let l = 0; l < d; l++)
          store<f64>(hji + (<usize>l) * ldh + ((<usize>r) << 3), load<f64>(hij + (<usize>r) * ldh + ((<usize>l) << 3)));
    }
    // Teacher terms −h_1(w_i, v_j).
    if (ni > 0.0) {
      for (let j = 0; j < k; j++) {
        const nj = load<f64>(nv + ((<usize>j) << 3));
        if (nj == 0.0) continue;
        const vj = v + (<usize>j) * ld;
        angle(d, wi, ni, vj, nj, vdot(d, wi, vj));
        const s = ANG_SIN;
        if (s == 0.0) continue;
        perp(d, wbi, vb + (<usize>j) * ld, ANG_COS, s, u);
        const ci = (s * nj * INV2PI) / ni;
        store<f64>(acc + ((<usize>i) << 3), load<f64>(acc + ((<usize>i) << 3)) - ci);
        rank1(d, -ci, u, hii, ldh);
      }
    }
  }
  // H_ii += A_i (I − w̄_i w̄_iᵀ), then mirror the lower triangle so the block is exactly symmetric.
  for (let i = 0; i < n; i++) {
    const a = load<f64>(acc + ((<usize>i) << 3));
    const wbi = wb + (<usize>i) * ld;
    const hii = blk(h, i, i, d, ldh);
    rank1(d, -a, wbi, hii, ldh);
    for (let r = 0; r < d; r++) {
      const p = hii + (<usize>r) * ldh + ((<usize>r) << 3);
      store<f64>(p, load<f64>(p) + a);
      for (let l = r + 1; l < d; l++)
        store<f64>(hii + (<usize>r) * ldh + ((<usize>l) << 3), load<f64>(hii + (<usize>l) * ldh + ((<usize>r) << 3)));
    }
  }
}

/**
 * The Hessian-vector product out = ∇²F(W)·x (x, out n×d neuron-major) without forming the Hessian: the same blocks
 * as `tsHessian` applied to x pair by pair, O((n + k)·n·d). With a = w̄_iᵀy and b = uᵀy,
 * h_2(w_i, w_j)y = ((π − θ)y + (s²b + cs·a)w̄_i + (s²a − cs·b)u)/(2π), and h_1 contributes A_i(y − w̄_i(w̄_iᵀy)) plus
 * the rank-one parts c_ij(uᵀy)u. No zero student row allowed (the facade checks).
 */
export function tsHvp(n: i32, k: i32, d: i32, w: usize, v: usize, x: usize, out: usize, work: usize): void {
  const ld = (<usize>d) << 3;
  const nw = work;
  const nv = work + ((<usize>n) << 3);
  const acc = work + <usize>al16((n + k) * 8);
  const wb = acc + <usize>al16(n * 8) + <usize>al16(n * d * 8);
  const vb = wb + (<usize>(n * d) << 3);
  const u = wb + <usize>al16((n + k) * d * 8);
  const u2 = u + <usize>al16(d * 8);
  rowNorms(n, d, w, nw);
  rowNorms(k, d, v, nv);
  unitRows(n, d, w, nw, wb);
  unitRows(k, d, v, nv, vb);
  vzero(n, acc);
  vzero(n * d, out);
  vaxpy(n * d, 0.5, x, out);
  for (let i = 0; i < n; i++) {
    const ni = load<f64>(nw + ((<usize>i) << 3));
    const wi = w + (<usize>i) * ld;
    const wbi = wb + (<usize>i) * ld;
    const xi = x + (<usize>i) * ld;
    const oi = out + (<usize>i) * ld;
    for (let j = i + 1; j < n; j++) {
      const nj = load<f64>(nw + ((<usize>j) << 3));
      const wj = w + (<usize>j) * ld;
      const wbj = wb + (<usize>j) * ld;
      const xj = x + (<usize>j) * ld;
      const oj = out + (<usize>j) * ld;
      let theta = 0.5 * Math.PI;
      let s = 1.0;
      let c = 0.0;
      if (ni > 0.0 && nj > 0.0) {
        angle(d, wi, ni, wj, nj, vdot(d, wi, wj));
        theta = ANG_THETA;
        s = ANG_SIN;
        c = ANG_COS;
      }
      const diag = (Math.PI - theta) * INV2PI;
      vaxpy(d, diag, xj, oi);
      vaxpy(d, diag, xi, oj);
      if (s > 0.0 && ni > 0.0 && nj > 0.0) {
        perp(d, wbi, wbj, c, s, u);
        // Off-diagonal block (symmetric): out_i += H_ij x_j, out_j += H_ij x_i.
        let a = vdot(d, wbi, xj);
        let b = vdot(d, u, xj);
        vaxpy(d, (s * s * b + c * s * a) * INV2PI, wbi, oi);
        vaxpy(d, (s * s * a - c * s * b) * INV2PI, u, oi);
        a = vdot(d, wbi, xi);
        b = vdot(d, u, xi);
        vaxpy(d, (s * s * b + c * s * a) * INV2PI, wbi, oj);
        vaxpy(d, (s * s * a - c * s * b) * INV2PI, u, oj);
        // h_1(w_i, w_j) on x_i (rank-one part; the (I − w̄w̄ᵀ) part goes to A_i) and h_1(w_j, w_i) on x_j.
        const ci = (s * nj * INV2PI) / ni;
        store<f64>(acc + ((<usize>i) << 3), load<f64>(acc + ((<usize>i) << 3)) + ci);
        vaxpy(d, ci * b, u, oi);
        perp(d, wbj, wbi, c, s, u2);
        const cj = (s * ni * INV2PI) / nj;
        store<f64>(acc + ((<usize>j) << 3), load<f64>(acc + ((<usize>j) << 3)) + cj);
        vaxpy(d, cj * vdot(d, u2, xj), u2, oj);
      }
    }
    if (ni > 0.0) {
      for (let j = 0; j < k; j++) {
        const nj = load<f64>(nv + ((<usize>j) << 3));
        if (nj == 0.0) continue;
        const vj = v + (<usize>j) * ld;
        angle(d, wi, ni, vj, nj, vdot(d, wi, vj));
        const s = ANG_SIN;
        if (s == 0.0) continue;
        perp(d, wbi, vb + (<usize>j) * ld, ANG_COS, s, u);
        const ci = (s * nj * INV2PI) / ni;
        store<f64>(acc + ((<usize>i) << 3), load<f64>(acc + ((<usize>i) << 3)) - ci);
        vaxpy(d, -ci * vdot(d, u, xi), u, oi);
      }
    }
  }
  // + A_i (x_i − w̄_i(w̄_iᵀx_i)).
  for (let i = 0; i < n; i++) {
    const a = load<f64>(acc + ((<usize>i) << 3));
    const wbi = wb + (<usize>i) * ld;
    const xi = x + (<usize>i) * ld;
    const oi = out + (<usize>i) * ld;
    vaxpy(d, a, xi, oi);
    vaxpy(d, -a * vdot(d, wbi, xi), wbi, oi);
  }
}

/**
 * GD on F: up to `steps` updates W ← W − η∇F(W) in place. Before each update, ∇F and its norm (`rule`:
 * GRAD_NORM_FROBENIUS ‖∇F‖_F, GRAD_NORM_MAX_NEURON max_i ‖∂F/∂w_i‖) are evaluated and the loop stops with
 * out[2] = status (GD_STATUS_* of codes.generated.ts): CONVERGED when the norm ≤ gtol, DIVERGED when it exceeds gmax
 * (W is left at that iterate), ZERO_NEURON when a student neuron is exactly zero (loss only, F is not differentiable
 * there), NON_FINITE when the loss or the norm is not finite, BELOW_THRESHOLD when F < floss (SS18's "global"
 * threshold: with a stable step F never increases again, so the run can only end below it; −∞ never stops),
 * MAX_ITERS after `maxIters` updates. The tests run in this order at every iterate, so the count is exact.
 * Writes out[0] = gradient norm (0 for ZERO_NEURON), out[1] = updates made; returns F at the final W.
 */
export function tsGdSteps(
  n: i32,
  k: i32,
  d: i32,
  w: usize,
  v: usize,
  eta: f64,
  steps: i32,
  gtol: f64,
  rule: i32,
  gmax: f64,
  floss: f64,
  out: usize,
  work: usize,
): f64 {
  const ld = (<usize>d) << 3;
  const g = work + <usize>al16((n + k) * 8) + <usize>al16(n * 8);
  const nd = n * d;
  let t = 0;
  let loss = 0.0;
  let gn = 0.0;
  let status = GD_STATUS_MAX_ITERS;
  const nw = work;
  const nv = work + ((<usize>n) << 3);
  rowNorms(k, d, v, nv);
  const cb = work + <usize>baseSize(n, k, d) + <usize>al16(n * (n + k) * 8);
  const ident = isIdentityTeacher(k, d, v);
  const teacherTerm = ident
    ? identitySelfTerm(k)
    : selfTerm(k, d, v, nv, cb, cb + <usize>al16((n + k) * 8), cb + 2 * <usize>al16((n + k) * 8));
  while (true) {
    // The row norms serve the zero test (‖w_i‖ = √(w_iᵀw_i) is 0 exactly when w_iᵀw_i is) and the step; the teacher
    // norms at nv stay from above.
    rowNorms(n, d, w, nw);
    let zero = false;
    for (let i = 0; i < n; i++) {
      if (load<f64>(nw + ((<usize>i) << 3)) == 0.0) {
        zero = true;
        break;
      }
    }
    if (zero) {
      loss = lossGradCore(n, k, d, w, v, 0, work, teacherTerm, ident, true);
      gn = 0.0;
      status = GD_STATUS_ZERO_NEURON;
      break;
    }
    loss = lossGradCore(n, k, d, w, v, g, work, teacherTerm, ident, true);
    gn = 0.0;
    if (rule == GRAD_NORM_MAX_NEURON) {
      for (let i = 0; i < n; i++) {
        const p = g + (<usize>i) * ld;
        const q = Math.sqrt(vdot(d, p, p));
        if (q > gn || q != q) gn = q;
      }
    } else {
      gn = Math.sqrt(vdot(nd, g, g));
    }
    if (!isFinite(loss) || !isFinite(gn)) {
      status = GD_STATUS_NON_FINITE;
      break;
    }
    if (gn <= gtol) {
      status = GD_STATUS_CONVERGED;
      break;
    }
    if (gn > gmax) {
      status = GD_STATUS_DIVERGED;
      break;
    }
    if (loss < floss) {
      status = GD_STATUS_BELOW_THRESHOLD;
      break;
    }
    if (t >= steps) {
      status = GD_STATUS_MAX_ITERS;
      break;
    }
    vaxpy(nd, -eta, g, w);
    t++;
  }
  store<f64>(out, gn);
  store<f64>(out, <f64>t, 8);
  store<f64>(out, <f64>status, 16);
  return loss;
}
