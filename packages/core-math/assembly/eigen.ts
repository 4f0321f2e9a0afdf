// Dense symmetric eigensolver, symmetric tridiagonal eigensolver and Cholesky (row-major, f64, wasm SIMD).
//
// Algorithms (contract in src/abi/eigen.ts; the pure-TS twin in src/reference/eigen.ts follows the same steps):
// - symEig: Householder reduction to tridiagonal form T = QᵀAQ working from the last row upwards (LAPACK dsytd2
//   with uplo = 'L' mirrored so that each reflector comes from a contiguous row prefix), then implicit QL with
//   Wilkinson shifts (the dsteqr / tql2 family) on T. Eigenvectors: Qᵀ is formed in place (rows of four at a time,
//   each row right-multiplied by H_2 … H_{n-1}), the QL rotations are applied to rows of Vᵀ = ZᵀQᵀ (contiguous,
//   f64x2; the rotations of a batch of sweeps are logged and then applied strip by strip of eight columns), rows are
//   sorted, and Vᵀ is transposed once.
// - tridiagEig: the same QL on a given tridiagonal, starting from Vᵀ = I.
// - cholesky: row-oriented (Cholesky–Banachiewicz) dot-product form over contiguous row prefixes; cholSolve:
//   forward substitution with L and backward substitution with Lᵀ.
// References: Golub & Van Loan, Matrix Computations (4th ed.) §8.3 (tridiagonalisation, implicit symmetric QR
// step with Wilkinson shift), §4.2 (Cholesky); LAPACK dsytd2, dorgtr, dsteqr, dpotrf, dpotrs.
// Complexity: symEig 4/3·n³ flops (values only) + 4/3·n³ (forming Q) + ≈ 6n·(number of rotations ≈ 1.5–2·n²) with
// vectors; O(n) scratch, V overwrites A. cholesky n³/3, cholSolve 2n²·nrhs.
// Numerical caveats: normwise backward stable (‖AV − VΛ‖ = O(nε‖A‖), ‖VᵀV − I‖ = O(nε)); small eigenvalues of
// graded matrices carry only absolute accuracy O(ε‖A‖). Matrices whose max entry lies outside [2^-300, 2^300] are
// scaled by an exact power of two first so that intermediate products cannot overflow or underflow.
// Kernels never allocate and never validate (the facade does).

const EPS: f64 = 2.220446049250313e-16; // 2^-52, unit roundoff × 2
const MAXIT: i32 = 30; // QL iterations allowed per eigenvalue (LAPACK dsteqr allows 30·n in total)
const SAFE_HI: f64 = 2.037035976334486e90; // 2^300
const SAFE_LO: f64 = 4.909093465297727e-91; // 2^-300
const TILE: i32 = 32; // transpose tile (32×32 f64 = 8 KiB, two tiles fit L1)

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function rowPtr(a: usize, n: i32, i: i32): usize {
  return a + ((<usize>i * <usize>n) << 3);
}
@inline function pad2(n: i32): i32 {
  return (n + 1) & ~1;
}
/** 2^k for -1022 ≤ k ≤ 1023 (exact). */
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52);
}
/** Exponent e with 2^e ≤ x < 2^(e+1) for normal x > 0 (−1023 for subnormals). */
@inline function expo(x: f64): i32 {
  return <i32>((reinterpret<i64>(x) >> 52) & 0x7ff) - 1023;
}
/** √(a² + b²) without overflow or harmful underflow; the TS twin computes the identical expression. */
function hyp(a: f64, b: f64): f64 {
  const x = abs<f64>(a);
  const y = abs<f64>(b);
  const m = max<f64>(x, y);
  if (m == 0) return 0;
  const p = x / m;
  const q = y / m;
  return m * sqrt<f64>(p * p + q * q);
}

/** Σ x_k y_k over len entries (f64x2, two accumulators). */
function dotK(x: usize, y: usize, len: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  a0 = f64x2.add(a0, a1);
  let s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  for (; k < len; k++) s += ld(x, k) * ld(y, k);
  return s;
}

/** y_k += alpha·x_k over len entries. */
function axpyK(len: i32, alpha: f64, x: usize, y: usize): void {
  const av = f64x2.splat(alpha);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(av, v128.load(x + o))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(av, v128.load(x + o, 16))), 16);
  }
  for (; k < len; k++) st(y, k, ld(y, k) + alpha * ld(x, k));
}

/** Largest |a_ij| over the lower triangle of the n×n row-major matrix. */
function lowerMaxAbs(n: i32, a: usize): f64 {
  let m: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = rowPtr(a, n, i);
    for (let j = 0; j <= i; j++) m = max<f64>(m, abs<f64>(ld(r, j)));
  }
  return m;
}

/** Exponent k such that scaling by 2^k brings amax into [1/2, 1), or 0 when amax is already in the safe range. */
function scaleExponent(amax: f64): i32 {
  if (amax == 0 || (amax >= SAFE_LO && amax <= SAFE_HI)) return 0;
  const k = -expo(amax) - 1;
  return k > 1022 ? 1022 : k;
}

// ---------------------------------------------------------------------------------------------------------------
// Householder tridiagonalisation.

/**
 * Householder reflector for row i: x = A[i, 0..i-1] is overwritten by v (v[i-1] = 1) with (I − τvvᵀ)x = βe_{i-1};
 * τ goes to tau[i] and β to e[i-1] (LAPACK dlarfg). Returns τ, which is 0 when x[0..i-2] = 0 (nothing to do).
 */
function reflector(ri: usize, i: i32, e: usize, tau: usize): f64 {
  const alpha = ld(ri, i - 1);
  // Scaled norm of x[0..i-2] (dnrm2 idea: divide by the max first, so no square over/underflows).
  let amx: f64 = 0;
  for (let k = 0; k < i - 1; k++) amx = max<f64>(amx, abs<f64>(ld(ri, k)));
  if (amx == 0) {
    st(tau, i, 0);
    st(e, i - 1, alpha);
    return 0;
  }
  const inv = 1 / amx;
  let ss: f64 = 0;
  for (let k = 0; k < i - 1; k++) {
    const t = ld(ri, k) * inv;
    ss += t * t;
  }
  const norm = hyp(alpha, amx * sqrt<f64>(ss));
  const beta = alpha >= 0 ? -norm : norm;
  const t = (beta - alpha) / beta;
  const sc = 1 / (alpha - beta);
  for (let k = 0; k < i - 1; k++) st(ri, k, ld(ri, k) * sc);
  st(ri, i - 1, 1);
  st(e, i - 1, beta);
  st(tau, i, t);
  return t;
}

/** Turns p = B·v into w = τp − (τ²/2)(vᵀp)v, so that (I − τvvᵀ)B(I − τvvᵀ) = B − vwᵀ − wvᵀ. */
function finishW(len: i32, v: usize, t: f64, p: usize): void {
  let vp: f64 = 0;
  for (let k = 0; k < len; k++) {
    st(p, k, ld(p, k) * t);
    vp += ld(p, k) * ld(v, k);
  }
  const kk = 0.5 * t * vp;
  for (let k = 0; k < len; k++) st(p, k, ld(p, k) - kk * ld(v, k));
}

/**
 * One pass over rows 0..len-1 of the lower triangle: row r (columns 0..r) gets the rank-2 update of the current
 * step, x ← x − v_r·w − w_r·v, and the updated row immediately adds its share of B′v′ for the next step to pn
 * (Σ_{k≤r} x_k v′_k to pn_r and x_k·v′_r to pn_k, k < r). Fusing the two halves of consecutive steps reads and
 * writes the trailing matrix once per step instead of reading it twice (measured ≈10–15 % at n = 1000).
 */
function fusedPass(n: i32, a: usize, len: i32, v: usize, w: usize, vn: usize, pn: usize): void {
  for (let k = 0; k < len; k++) st(pn, k, 0);
  for (let r = 0; r < len; r++) {
    const rr = rowPtr(a, n, r);
    const vr = -ld(v, r);
    const wr = -ld(w, r);
    const vnr = ld(vn, r);
    const vrv = f64x2.splat(vr);
    const wrv = f64x2.splat(wr);
    const vnrv = f64x2.splat(vnr);
    let acc = f64x2.splat(0);
    let k = 0;
    for (; k + 2 <= r; k += 2) {
      const o = <usize>k << 3;
      const x = f64x2.add(
        v128.load(rr + o),
        f64x2.add(f64x2.mul(vrv, v128.load(w + o)), f64x2.mul(wrv, v128.load(v + o))),
      );
      v128.store(rr + o, x);
      acc = f64x2.add(acc, f64x2.mul(x, v128.load(vn + o)));
      v128.store(pn + o, f64x2.add(v128.load(pn + o), f64x2.mul(x, vnrv)));
    }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; k < r; k++) {
      const x = ld(rr, k) + vr * ld(w, k) + wr * ld(v, k);
      st(rr, k, x);
      s += x * ld(vn, k);
      st(pn, k, ld(pn, k) + x * vnr);
    }
    const x = ld(rr, r) + vr * ld(w, r) + wr * ld(v, r);
    st(rr, r, x);
    st(pn, r, ld(pn, r) + s + x * vnr);
  }
}

/**
 * Reduces the lower triangle of the n×n matrix at `a` to T = QᵀAQ: diagonal to d, off-diagonal to e (e[n-1] = 0).
 * Q = H_{n-1} ⋯ H_2, H_i = I − τ_i v_i v_iᵀ with v_i supported on 0..i-1, v_i[i-1] = 1; v_i is stored in row i,
 * columns 0..i-1, and τ_i in tau[i]. Step i annihilates A[i, 0..i-2] and transforms the leading i×i block B into
 * H_i B H_i = B − v wᵀ − w vᵀ. `tmp` is scratch of 2·pad2(n) entries.
 */
function tridiagonalize(n: i32, a: usize, d: usize, e: usize, tau: usize, tmp: usize): void {
  if (n == 0) return;
  st(e, n - 1, 0);
  st(tau, 0, 0);
  st(tau, 1, 0);
  let w = tmp;
  let pn = tmp + ((<usize>pad2(n)) << 3);
  let i = n - 1;
  let ri = rowPtr(a, n, i);
  st(d, i, ld(ri, i));
  if (i == 0) return;
  let t: f64 = 0;
  if (i >= 2) t = reflector(ri, i, e, tau);
  else st(e, 0, ld(ri, 0));
  // The first step's B·v needs a pass of its own (zero update); every later one is fused with the update before.
  for (let k = 0; k < i; k++) st(w, k, 0);
  if (t != 0) {
    fusedPass(n, a, i, ri, w, ri, pn);
    const x = w;
    w = pn;
    pn = x;
    finishW(i, ri, t, w);
  }
  while (i >= 2) {
    // Step i: (v_i = row i, τ_i = t, w_i = w). Update row i-1 alone, build the next reflector from it, then update
    // rows 0..i-2 while accumulating B′v_{i-1} for step i-1.
    const rn = rowPtr(a, n, i - 1);
    if (t == 0) for (let k = 0; k < i; k++) st(w, k, 0);
    const vr = -ld(ri, i - 1);
    const wr = -ld(w, i - 1);
    for (let k = 0; k < i; k++) st(rn, k, ld(rn, k) + vr * ld(w, k) + wr * ld(ri, k));
    st(d, i - 1, ld(rn, i - 1));
    let tn: f64 = 0;
    if (i - 1 >= 2) tn = reflector(rn, i - 1, e, tau);
    else st(e, 0, ld(rn, 0));
    fusedPass(n, a, i - 1, ri, w, rn, pn);
    if (tn != 0) finishW(i - 1, rn, tn, pn);
    const x = w;
    w = pn;
    pn = x;
    ri = rn;
    t = tn;
    i--;
  }
  st(d, 0, load<f64>(a));
}

/**
 * Overwrites the reflector storage in `a` with Qᵀ = H_2 H_3 ⋯ H_{n-1} (row-major). Row r of Qᵀ is e_rᵀ H_2 ⋯ H_{n-1};
 * H_i with i ≤ r leaves e_r alone, so rows are built from H_{r+1} on. Rows are processed four at a time in the
 * scratch `x` (4n entries) so that each reflector is read once per four rows, and written back after the block:
 * row r still holds v_r, which the other rows of its block need.
 */
function formQt(n: i32, a: usize, tau: usize, x: usize): void {
  const nb: i32 = 4;
  for (let r0 = 0; r0 < n; r0 += nb) {
    const m = min<i32>(nb, n - r0);
    const x0 = x;
    const x1 = x + ((<usize>n) << 3);
    const x2 = x + ((<usize>n * 2) << 3);
    const x3 = x + ((<usize>n * 3) << 3);
    for (let k = 0; k < nb * n; k++) st(x, k, 0);
    for (let b = 0; b < m; b++) st(x + ((<usize>(b * n)) << 3), r0 + b, 1);
    for (let i = max<i32>(r0 + 1, 2); i < n; i++) {
      const t = ld(tau, i);
      if (t == 0) continue;
      const v = rowPtr(a, n, i);
      // Four dot products sharing each load of v.
      dot4(v, x0, x1, x2, x3, i);
      const d0 = dot4s0;
      const d1 = dot4s1;
      const d2 = dot4s2;
      const d3 = dot4s3;
      const c0 = f64x2.splat(-t * d0);
      const c1 = f64x2.splat(-t * d1);
      const c2 = f64x2.splat(-t * d2);
      const c3 = f64x2.splat(-t * d3);
      let k = 0;
      for (; k + 2 <= i; k += 2) {
        const o = <usize>k << 3;
        const vv = v128.load(v + o);
        v128.store(x0 + o, f64x2.add(v128.load(x0 + o), f64x2.mul(c0, vv)));
        v128.store(x1 + o, f64x2.add(v128.load(x1 + o), f64x2.mul(c1, vv)));
        v128.store(x2 + o, f64x2.add(v128.load(x2 + o), f64x2.mul(c2, vv)));
        v128.store(x3 + o, f64x2.add(v128.load(x3 + o), f64x2.mul(c3, vv)));
      }
      if (k < i) {
        const vk = ld(v, k);
        st(x0, k, ld(x0, k) - t * d0 * vk);
        st(x1, k, ld(x1, k) - t * d1 * vk);
        st(x2, k, ld(x2, k) - t * d2 * vk);
        st(x3, k, ld(x3, k) - t * d3 * vk);
      }
    }
    for (let b = 0; b < m; b++) memory.copy(rowPtr(a, n, r0 + b), x + ((<usize>(b * n)) << 3), (<usize>n) << 3);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Implicit QL on a symmetric tridiagonal matrix.

/**
 * Rotation log: QL sweeps are computed on (d, e) first and recorded as [lo, hi, c_{hi-1}, s_{hi-1}, …, c_lo, s_lo]
 * (f64), then a whole batch of sweeps is applied to Vᵀ strip by strip. A strip (n rows × 8 columns, 64n bytes)
 * stays in L2 while every sweep of the batch passes over it, so Vᵀ travels from L3/memory once per batch instead
 * of once per sweep (measured: QL with vectors 690 → 520 ms at n = 1000 against applying each sweep at once).
 * Capacity in f64 entries: at least one full sweep, at most 32768 (256 KiB, half of a 512 KiB L2).
 */
@inline function logCap(n: i32): i32 {
  return max<i32>(2 * n + 2, min<i32>(32768, 2 * n * n + 2));
}

/**
 * Applies the logged sweeps (len entries at rl) to the rows of the n×n Vᵀ at vt. For each rotation
 * (i, c, s), i from hi−1 down to lo: row_{i+1} ← s·row_i + c·row_{i+1}, row_i ← c·row_i − s·row_{i+1}. The row the
 * next rotation reuses stays in registers, so a rotation costs one load and one store per element.
 */
function applyLog(n: i32, vt: usize, rl: usize, len: i32): void {
  const stride = (<usize>n) << 3;
  const end = rl + ((<usize>len) << 3);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const base = vt + ((<usize>j) << 3);
    let r = rl;
    while (r < end) {
      const lo = <i32>load<f64>(r);
      const hi = <i32>load<f64>(r, 8);
      r += 16;
      let p = base + <usize>hi * stride;
      let y0 = v128.load(p);
      let y1 = v128.load(p, 16);
      let y2 = v128.load(p, 32);
      let y3 = v128.load(p, 48);
      for (let i = hi - 1; i >= lo; i--) {
        const c = v128.load64_splat(r);
        const s = v128.load64_splat(r, 8);
        r += 16;
        const q = p - stride;
        const x0 = v128.load(q);
        const x1 = v128.load(q, 16);
        const x2 = v128.load(q, 32);
        const x3 = v128.load(q, 48);
        v128.store(p, f64x2.add(f64x2.mul(s, x0), f64x2.mul(c, y0)));
        v128.store(p, f64x2.add(f64x2.mul(s, x1), f64x2.mul(c, y1)), 16);
        v128.store(p, f64x2.add(f64x2.mul(s, x2), f64x2.mul(c, y2)), 32);
        v128.store(p, f64x2.add(f64x2.mul(s, x3), f64x2.mul(c, y3)), 48);
        y0 = f64x2.sub(f64x2.mul(c, x0), f64x2.mul(s, y0));
        y1 = f64x2.sub(f64x2.mul(c, x1), f64x2.mul(s, y1));
        y2 = f64x2.sub(f64x2.mul(c, x2), f64x2.mul(s, y2));
        y3 = f64x2.sub(f64x2.mul(c, x3), f64x2.mul(s, y3));
        p = q;
      }
      v128.store(p, y0);
      v128.store(p, y1, 16);
      v128.store(p, y2, 32);
      v128.store(p, y3, 48);
    }
  }
  for (; j + 2 <= n; j += 2) {
    const base = vt + ((<usize>j) << 3);
    let r = rl;
    while (r < end) {
      const lo = <i32>load<f64>(r);
      const hi = <i32>load<f64>(r, 8);
      r += 16;
      let p = base + <usize>hi * stride;
      let y = v128.load(p);
      for (let i = hi - 1; i >= lo; i--) {
        const c = v128.load64_splat(r);
        const s = v128.load64_splat(r, 8);
        r += 16;
        const q = p - stride;
        const x = v128.load(q);
        v128.store(p, f64x2.add(f64x2.mul(s, x), f64x2.mul(c, y)));
        y = f64x2.sub(f64x2.mul(c, x), f64x2.mul(s, y));
        p = q;
      }
      v128.store(p, y);
    }
  }
  if (j < n) {
    const base = vt + ((<usize>j) << 3);
    let r = rl;
    while (r < end) {
      const lo = <i32>load<f64>(r);
      const hi = <i32>load<f64>(r, 8);
      r += 16;
      let p = base + <usize>hi * stride;
      let y = load<f64>(p);
      for (let i = hi - 1; i >= lo; i--) {
        const c = load<f64>(r);
        const s = load<f64>(r, 8);
        r += 16;
        const q = p - stride;
        const x = load<f64>(q);
        store<f64>(p, s * x + c * y);
        y = c * x - s * y;
        p = q;
      }
      store<f64>(p, y);
    }
  }
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e) of order n, e[n-1] = 0 on entry. On return d holds
 * the eigenvalues (unsorted) and e is destroyed. With want ≠ 0 every rotation is applied to the rows of the n×n
 * matrix at vt, through the rotation log rl (logCap(n) entries). Returns 0 or l+1 when eigenvalue l needed more
 * than MAXIT sweeps.
 */
function ql(n: i32, d: usize, e: usize, vt: usize, want: i32, rl: usize): i32 {
  const cap = logCap(n);
  let len = 0;
  let info = 0;
  for (let l = 0; l < n && info == 0; l++) {
    let iter = 0;
    while (true) {
      // Find the first negligible off-diagonal at or below l: |e_m| ≤ ε(|d_m| + |d_{m+1}|).
      let m = l;
      for (; m < n - 1; m++) {
        const em = abs<f64>(ld(e, m));
        if (em <= EPS * (abs<f64>(ld(d, m)) + abs<f64>(ld(d, m + 1)))) break;
      }
      if (m == l) break;
      if (iter == MAXIT) {
        info = l + 1;
        break;
      }
      iter++;
      if (want != 0 && len + 2 * (m - l) + 2 > cap) {
        applyLog(n, vt, rl, len);
        len = 0;
      }
      const head = len;
      len += 2;
      // Wilkinson shift: the eigenvalue of the leading 2×2 block closer to d_l.
      const el = ld(e, l);
      let g = (ld(d, l + 1) - ld(d, l)) / (2 * el);
      let r = hyp(g, 1);
      g = ld(d, m) - ld(d, l) + el / (g + (g >= 0 ? r : -r));
      let s: f64 = 1;
      let c: f64 = 1;
      let p: f64 = 0;
      let i = m - 1;
      let early = false;
      for (; i >= l; i--) {
        const ei = ld(e, i);
        const f = s * ei;
        const b = c * ei;
        r = hyp(f, g);
        st(e, i + 1, r);
        if (r == 0) {
          // The bulge vanished (underflow): d_{i+1} is final for this sweep; restart from the top.
          st(d, i + 1, ld(d, i + 1) - p);
          st(e, m, 0);
          early = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = ld(d, i + 1) - p;
        r = (ld(d, i) - g) * s + 2 * c * b;
        p = s * r;
        st(d, i + 1, g + p);
        g = c * r - b;
        if (want != 0) {
          st(rl, len, c);
          st(rl, len + 1, s);
          len += 2;
        }
      }
      if (want != 0) {
        const lo = early ? i + 1 : l;
        if (lo < m) {
          st(rl, head, <f64>lo);
          st(rl, head + 1, <f64>m);
        } else len = head;
      } else len = 0;
      if (early) continue;
      st(d, l, ld(d, l) - p);
      st(e, l, g);
      st(e, m, 0);
    }
  }
  if (want != 0 && len > 0) applyLog(n, vt, rl, len);
  return info;
}

/** Sorts d ascending (selection sort: n row swaps at most) and permutes the rows of Vᵀ alike. */
function sortRows(n: i32, d: usize, vt: usize, want: i32): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let dk = ld(d, i);
    for (let j = i + 1; j < n; j++) {
      const dj = ld(d, j);
      if (dj < dk) {
        k = j;
        dk = dj;
      }
    }
    if (k == i) continue;
    st(d, k, ld(d, i));
    st(d, i, dk);
    if (want == 0) continue;
    const ri = rowPtr(vt, n, i);
    const rk = rowPtr(vt, n, k);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const t = v128.load(ri + o);
      v128.store(ri + o, v128.load(rk + o));
      v128.store(rk + o, t);
    }
    if (j < n) {
      const t = ld(ri, j);
      st(ri, j, ld(rk, j));
      st(rk, j, t);
    }
  }
}

/** In-place transpose of the n×n matrix at a, by 32×32 tiles. */
function transposeInPlace(n: i32, a: usize): void {
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = min<i32>(i0 + TILE, n);
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const j1 = min<i32>(j0 + TILE, n);
      for (let i = i0; i < i1; i++) {
        const ri = rowPtr(a, n, i);
        for (let j = max<i32>(j0, i + 1); j < j1; j++) {
          const rj = rowPtr(a, n, j);
          const t = ld(ri, j);
          st(ri, j, ld(rj, i));
          st(rj, i, t);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Exports.

/** Scratch bytes for symEig: e and tau (n each), a 4n block, and the rotation log when vectors are wanted. */
export function symEigWorkSize(n: i32, wantVectors: i32): i32 {
  return (pad2(max<i32>(n, 1)) * 6 + (wantVectors != 0 ? pad2(logCap(n)) : 0)) * 8;
}

/** See src/abi/eigen.ts. */
export function symEig(n: i32, a: usize, w: usize, wantVectors: i32, work: usize): i32 {
  if (n == 0) return 0;
  const np = <usize>pad2(n) << 3;
  const e = work;
  const tau = work + np;
  const tmp = work + 2 * np;
  const rl = work + 6 * np;
  const k = scaleExponent(lowerMaxAbs(n, a));
  if (k != 0) {
    const f = pow2(k);
    for (let i = 0; i < n; i++) {
      const r = rowPtr(a, n, i);
      for (let j = 0; j <= i; j++) st(r, j, ld(r, j) * f);
    }
  }
  tridiagonalize(n, a, w, e, tau, tmp);
  if (wantVectors != 0) formQt(n, a, tau, tmp);
  const info = ql(n, w, e, a, wantVectors, rl);
  sortRows(n, w, a, wantVectors);
  if (wantVectors != 0) transposeInPlace(n, a);
  if (k != 0) {
    const f = pow2(-k);
    for (let i = 0; i < n; i++) st(w, i, ld(w, i) * f);
  }
  return info;
}

/** Scratch bytes for tridiagEig: a copy of e (n), and the rotation log when vectors are wanted. */
export function tridiagEigWorkSize(n: i32, wantVectors: i32): i32 {
  return (pad2(max<i32>(n, 1)) + (wantVectors != 0 ? pad2(logCap(n)) : 0)) * 8;
}

/** See src/abi/eigen.ts. */
export function tridiagEig(n: i32, d: usize, e: usize, z: usize, wantVectors: i32, work: usize): i32 {
  if (n == 0) return 0;
  const np = <usize>pad2(n) << 3;
  const ew = work;
  const rl = work + np;
  let amax: f64 = 0;
  for (let i = 0; i < n; i++) amax = max<f64>(amax, abs<f64>(ld(d, i)));
  for (let i = 0; i < n - 1; i++) amax = max<f64>(amax, abs<f64>(ld(e, i)));
  const k = scaleExponent(amax);
  const f = pow2(k);
  for (let i = 0; i < n - 1; i++) st(ew, i, ld(e, i) * f);
  st(ew, n - 1, 0);
  if (k != 0) for (let i = 0; i < n; i++) st(d, i, ld(d, i) * f);
  if (wantVectors != 0) {
    memory.fill(z, 0, (<usize>n * <usize>n) << 3);
    for (let i = 0; i < n; i++) st(rowPtr(z, n, i), i, 1);
  }
  const info = ql(n, d, ew, z, wantVectors, rl);
  sortRows(n, d, z, wantVectors);
  if (wantVectors != 0) transposeInPlace(n, z);
  if (k != 0) {
    const g = pow2(-k);
    for (let i = 0; i < n; i++) st(d, i, ld(d, i) * g);
  }
  return info;
}

// Results of dot4 (wasm globals: the kernel has no scratch pointer and must not allocate).
let dot4s0: f64 = 0;
let dot4s1: f64 = 0;
let dot4s2: f64 = 0;
let dot4s3: f64 = 0;

/** Four dot products of the row prefix x[0..len) with y0..y3 (f64x2), sharing each load of x; to dot4s0..3. */
function dot4(x: usize, y0: usize, y1: usize, y2: usize, y3: usize, len: i32): void {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const xv = v128.load(x + o);
    a0 = f64x2.add(a0, f64x2.mul(xv, v128.load(y0 + o)));
    a1 = f64x2.add(a1, f64x2.mul(xv, v128.load(y1 + o)));
    a2 = f64x2.add(a2, f64x2.mul(xv, v128.load(y2 + o)));
    a3 = f64x2.add(a3, f64x2.mul(xv, v128.load(y3 + o)));
  }
  let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
  let s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
  if (k < len) {
    const xk = ld(x, k);
    s0 += xk * ld(y0, k);
    s1 += xk * ld(y1, k);
    s2 += xk * ld(y2, k);
    s3 += xk * ld(y3, k);
  }
  dot4s0 = s0;
  dot4s1 = s1;
  dot4s2 = s2;
  dot4s3 = s3;
}

/**
 * See src/abi/eigen.ts. Row i: L_ij = (a_ij − L_i,0:j · L_j,0:j) / L_jj, then L_ii = √(a_ii − ‖L_i,0:i‖²). Columns
 * j come in groups of four whose long dot products over k < j share the loads of row i (≈2× over one at a time at
 * n = 500); the short remainders inside the group follow in order.
 */
export function cholesky(n: i32, a: usize): i32 {
  for (let i = 0; i < n; i++) {
    const ri = rowPtr(a, n, i);
    let j = 0;
    for (; j + 4 <= i; j += 4) {
      const r0 = rowPtr(a, n, j);
      const r1 = r0 + ((<usize>n) << 3);
      const r2 = r1 + ((<usize>n) << 3);
      const r3 = r2 + ((<usize>n) << 3);
      dot4(ri, r0, r1, r2, r3, j);
      const l0 = (ld(ri, j) - dot4s0) / ld(r0, j);
      st(ri, j, l0);
      const l1 = (ld(ri, j + 1) - (dot4s1 + l0 * ld(r1, j))) / ld(r1, j + 1);
      st(ri, j + 1, l1);
      const l2 = (ld(ri, j + 2) - (dot4s2 + l0 * ld(r2, j) + l1 * ld(r2, j + 1))) / ld(r2, j + 2);
      st(ri, j + 2, l2);
      const l3 =
        (ld(ri, j + 3) - (dot4s3 + l0 * ld(r3, j) + l1 * ld(r3, j + 1) + l2 * ld(r3, j + 2))) / ld(r3, j + 3);
      st(ri, j + 3, l3);
    }
    for (; j < i; j++) {
      const rj = rowPtr(a, n, j);
      st(ri, j, (ld(ri, j) - dotK(ri, rj, j)) / ld(rj, j));
    }
    const s = ld(ri, i) - dotK(ri, ri, i);
    if (!(s > 0)) return i + 1;
    st(ri, i, sqrt<f64>(s));
  }
  for (let i = 0; i < n - 1; i++) memory.fill(rowPtr(a, n, i) + ((<usize>(i + 1)) << 3), 0, (<usize>(n - i - 1)) << 3);
  return 0;
}

/** See src/abi/eigen.ts. */
export function cholSolve(n: i32, nrhs: i32, l: usize, b: usize): void {
  if (n == 0 || nrhs == 0) return;
  if (nrhs == 1) {
    // Forward: y_i = (b_i − L_i,0:i · y_0:i) / L_ii (row prefix dot).
    for (let i = 0; i < n; i++) {
      const ri = rowPtr(l, n, i);
      st(b, i, (ld(b, i) - dotK(ri, b, i)) / ld(ri, i));
    }
    // Backward with Lᵀ, column form: x_i = y_i / L_ii, then y_0:i −= x_i·L_i,0:i (row prefix axpy).
    for (let i = n - 1; i >= 0; i--) {
      const ri = rowPtr(l, n, i);
      const xi = ld(b, i) / ld(ri, i);
      st(b, i, xi);
      axpyK(i, -xi, ri, b);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const ri = rowPtr(l, n, i);
    const bi = rowPtr(b, nrhs, i);
    for (let k = 0; k < i; k++) axpyK(nrhs, -ld(ri, k), rowPtr(b, nrhs, k), bi);
    const inv = 1 / ld(ri, i);
    for (let j = 0; j < nrhs; j++) st(bi, j, ld(bi, j) * inv);
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = rowPtr(l, n, i);
    const bi = rowPtr(b, nrhs, i);
    const inv = 1 / ld(ri, i);
    for (let j = 0; j < nrhs; j++) st(bi, j, ld(bi, j) * inv);
    for (let k = 0; k < i; k++) axpyK(nrhs, -ld(ri, k), bi, rowPtr(b, nrhs, k));
  }
}
