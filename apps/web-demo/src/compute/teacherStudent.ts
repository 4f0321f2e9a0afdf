/**
 * Teacher–student ReLU population loss (SS18 / P4 §4.2), with orthonormal teacher V = [e_1 … e_k] in R^d.
 *
 * F(W) = ½ E_x[(Σ_i [w_iᵀx]_+ − Σ_j [v_jᵀx]_+)²], x ~ N(0, I_d), via the arc-cosine kernel
 * κ(w, v) = ‖w‖‖v‖(sin θ + (π − θ) cos θ)/(2π). θ is flat and neuron-major: w_i = θ[i·d .. i·d + d).
 * Gradient (P4 Eqs. 10–11) and Hessian (P4 Theorem 17) in closed form, O(n(n + k)d) and O(n(n + k)d²).
 * Caveats: F is C² only where every w_i ≠ 0; angles use arccos of a clipped cosine, and the h₁/h₂ limits at
 * θ ∈ {0, π} follow P4 Lemma 18 (h₂(θ = 0) = ½I, not I as in the authors' Python).
 */

const TWO_PI = 2 * Math.PI;

export interface TSProblem {
  k: number; // teacher neurons
  n: number; // student neurons
  d: number; // input dimension (≥ k)
}

function teacher(p: TSProblem, j: number): Float64Array {
  const v = new Float64Array(p.d);
  v[j] = 1;
  return v;
}

function nrm(a: Float64Array, o: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[o + c]! * a[o + c]!;
  return Math.sqrt(s);
}

function cosAngle(
  a: Float64Array,
  oa: number,
  b: Float64Array,
  ob: number,
  d: number,
  na: number,
  nb: number,
) {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[oa + c]! * b[ob + c]!;
  return Math.min(1, Math.max(-1, s / (na * nb)));
}

function kappa(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  const na = nrm(a, oa, d);
  const nb = nrm(b, ob, d);
  if (na === 0 || nb === 0) return 0;
  const th = Math.acos(cosAngle(a, oa, b, ob, d, na, nb));
  return (na * nb * (Math.sin(th) + (Math.PI - th) * Math.cos(th))) / TWO_PI;
}

/** The rows of the teacher matrix stacked as a flat neuron-major vector (length k·d). */
export function teacherFlat(p: TSProblem): Float64Array {
  const V = new Float64Array(p.k * p.d);
  for (let j = 0; j < p.k; j++) V[j * p.d + j] = 1;
  return V;
}

/** F(W). */
export function tsLoss(p: TSProblem, w: Float64Array): number {
  const { n, k, d } = p;
  const V = teacherFlat(p);
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += 0.5 * kappa(w, i * d, w, j * d, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) s -= kappa(w, i * d, V, j * d, d);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) s += 0.5 * kappa(V, i * d, V, j * d, d);
  return s;
}

/** Writes ∇F(W) into `g` and returns F(W). */
export function tsGrad(p: TSProblem, w: Float64Array, g: Float64Array): number {
  const { n, k, d } = p;
  const V = teacherFlat(p);
  g.fill(0);
  const add = (i: number, b: Float64Array, ob: number, sign: number) => {
    const oa = i * d;
    const na = nrm(w, oa, d);
    const nb = nrm(b, ob, d);
    if (na === 0 || nb === 0) return;
    const th = Math.acos(cosAngle(w, oa, b, ob, d, na, nb));
    const sa = (sign * nb * Math.sin(th)) / (TWO_PI * na);
    const sb = (sign * (Math.PI - th)) / TWO_PI;
    for (let c = 0; c < d; c++) g[oa + c] += sa * w[oa + c]! + sb * b[ob + c]!;
  };
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) g[i * d + c] += 0.5 * w[i * d + c]!;
    for (let j = 0; j < n; j++) if (j !== i) add(i, w, j * d, 1);
    for (let j = 0; j < k; j++) add(i, V, j * d, -1);
  }
  return tsLoss(p, w);
}

/** Unit vector of a slice, or zeros. */
function unit(a: Float64Array, o: number, d: number): Float64Array {
  const u = new Float64Array(d);
  const s = nrm(a, o, d);
  if (s > 0) for (let c = 0; c < d; c++) u[c] = a[o + c]! / s;
  return u;
}

/** n̄_{a,b}: unit vector of ā − cos θ·b̄ (zero if a ∥ b). */
function nbar(ab: Float64Array, bb: Float64Array, cos: number): Float64Array {
  const d = ab.length;
  const out = new Float64Array(d);
  let s = 0;
  for (let c = 0; c < d; c++) {
    out[c] = ab[c]! - cos * bb[c]!;
    s += out[c]! * out[c]!;
  }
  s = Math.sqrt(s);
  if (s < 1e-300) return out.fill(0);
  for (let c = 0; c < d; c++) out[c]! /= s;
  return out;
}

/** Adds sign·h₁(w, v) into the d×d block at (r0, r0) of an N×N matrix. */
function addH1(
  H: Float64Array,
  N: number,
  r0: number,
  w: Float64Array,
  ow: number,
  v: Float64Array,
  ov: number,
  d: number,
  sign: number,
) {
  const nw = nrm(w, ow, d);
  const nv = nrm(v, ov, d);
  if (nw === 0 || nv === 0) return;
  const wb = unit(w, ow, d);
  const vb = unit(v, ov, d);
  let cos = 0;
  for (let c = 0; c < d; c++) cos += wb[c]! * vb[c]!;
  cos = Math.min(1, Math.max(-1, cos));
  const th = Math.acos(cos);
  const sin = Math.sin(th);
  if (sin < 1e-14) return; // h₁ → 0 at θ ∈ {0, π} (P4 Lemma 18)
  const s = (sign * sin * nv) / (TWO_PI * nw);
  const nvw = nbar(vb, wb, cos);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++)
      H[(r0 + a) * N + r0 + b] += s * ((a === b ? 1 : 0) - wb[a]! * wb[b]! + nvw[a]! * nvw[b]!);
}

/** Exact Hessian ∇²F(W), (n·d)×(n·d), row-major, neuron-major blocks. */
export function tsHessian(p: TSProblem, w: Float64Array): Float64Array {
  const { n, k, d } = p;
  const V = teacherFlat(p);
  const N = n * d;
  const H = new Float64Array(N * N);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) H[(i * d + c) * N + i * d + c] += 0.5;
    for (let j = 0; j < n; j++) if (j !== i) addH1(H, N, i * d, w, i * d, w, j * d, d, 1);
    for (let j = 0; j < k; j++) addH1(H, N, i * d, w, i * d, V, j * d, d, -1);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      // h₂(w_i, w_j) = (1/2π)((π − θ)I + n̄_{w,v} v̄ᵀ + n̄_{v,w} w̄ᵀ), w = w_i, v = w_j.
      const nw = nrm(w, i * d, d);
      const nv = nrm(w, j * d, d);
      if (nw === 0 || nv === 0) continue;
      const wb = unit(w, i * d, d);
      const vb = unit(w, j * d, d);
      let cos = 0;
      for (let c = 0; c < d; c++) cos += wb[c]! * vb[c]!;
      cos = Math.min(1, Math.max(-1, cos));
      const th = Math.acos(cos);
      const nwv = nbar(wb, vb, cos);
      const nvw = nbar(vb, wb, cos);
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++)
          H[(i * d + a) * N + j * d + b] +=
            ((a === b ? Math.PI - th : 0) + nwv[a]! * vb[b]! + nvw[a]! * wb[b]!) / TWO_PI;
    }
  }
  // Symmetrise against rounding (the exact Hessian is symmetric).
  for (let r = 0; r < N; r++)
    for (let c = r + 1; c < N; c++) {
      const m = 0.5 * (H[r * N + c]! + H[c * N + r]!);
      H[r * N + c] = m;
      H[c * N + r] = m;
    }
  return H;
}

/** H′_ii = H_ii − ½I, the d×d block of neuron i without its ½I (P4 §4 notation). */
export function hPrimeBlock(p: TSProblem, H: Float64Array, i: number): Float64Array {
  const { n, d } = p;
  const N = n * d;
  const B = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) B[a * d + b] = H[(i * d + a) * N + i * d + b]! - (a === b ? 0.5 : 0);
  return B;
}

export { teacher };
