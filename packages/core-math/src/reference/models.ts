/**
 * TS twins of the model kernels (assembly/models/*.ts): the same formulas in plain scalar loops over the same byte
 * offsets. They are the parity oracle for the wasm kernels and the fallback backend. The algorithms, layouts and
 * numerical choices are documented in the kernel files; the only intended difference is the summation order
 * (plain left-to-right here, f64x2 lanes and register blocks there); exp, log1p, tanh, acos and asin are the bitwise
 * twins of assembly/math.ts (reference/transcendental.ts).
 */
import type { RawModels } from '../abi/models.js';
import { ACTIVATION_CODE, GD_STATUS_CODE, GRAD_NORM_CODE } from '../codes.generated.js';
import { activationScalar } from './elementwise.js';
import type { Mem } from './mem.js';
import {
  acosTwin,
  asinSmallTwin,
  expTwin,
  sigmoidFromE,
  sinAcosTwin,
  softplusFromE,
  tanhTwin,
} from './transcendental.js';

const INV2PI = 1 / (2 * Math.PI);
const PI_HI = Math.PI; // 3.141592653589793, the double nearest π
const PIO2_LO = 6.123233995736766e-17;
const al16 = (b: number): number => (b + 15) & ~15;
/** Bytes of the scratch regions shared by all teacher–student kernels (the loss/gradient regions follow). */
const tsBaseSize = (n: number, k: number, d: number): number =>
  al16((n + k) * 8) + al16(n * 8) + al16(n * d * 8) + al16((n + k) * d * 8) + 2 * al16(d * 8);

/** φ(z) and φ′(z) as in assembly/models/common.ts `actPair`. */
function actPair(kind: number, z: number): [number, number] {
  if (kind === ACTIVATION_CODE.softplus) {
    const e = expTwin(-Math.abs(z));
    return [softplusFromE(z, e), sigmoidFromE(z, e)];
  }
  if (kind === ACTIVATION_CODE.tanh) {
    const t = tanhTwin(z);
    return [t, 1 - t * t];
  }
  if (kind === ACTIVATION_CODE.sigmoid) {
    const s = sigmoidFromE(z, expTwin(-Math.abs(z)));
    return [s, s * (1 - s)];
  }
  return [activationScalar(kind, 0, z), activationScalar(kind, 1, z)];
}

interface Angle {
  theta: number;
  sin: number;
  cos: number;
}

/** Angle between non-zero rows a, b (element offsets ia, ib) as in assembly/models/common.ts `angle`. */
function angle(f: Float64Array, d: number, ia: number, na: number, ib: number, nb: number, p: number): Angle {
  let c = p / (na * nb);
  if (c > 1) c = 1;
  if (c < -1) c = -1;
  if (c > 0.9 || c < -0.9) {
    const sa = 1 / na;
    const sb = c > 0 ? -1 / nb : 1 / nb;
    let q = 0;
    for (let l = 0; l < d; l++) {
      const t = sa * f[ia + l]! + sb * f[ib + l]!;
      q += t * t;
    }
    if (q > 4) q = 4;
    const small = Math.sqrt(q);
    const big = Math.sqrt(4 - q);
    const a = asinSmallTwin(0.5 * small, 0.25 * q);
    return c > 0
      ? { theta: 2 * a, sin: 0.5 * small * big, cos: 1 - 0.5 * q }
      : { theta: PI_HI - 2 * (a - PIO2_LO), sin: 0.5 * small * big, cos: 0.5 * q - 1 };
  }
  return { theta: acosTwin(c), sin: sinAcosTwin(c), cos: c };
}

function dot(f: Float64Array, d: number, ia: number, ib: number): number {
  let s = 0;
  for (let l = 0; l < d; l++) s += f[ia + l]! * f[ib + l]!;
  return s;
}

/** TS twins of the model kernels. */
export function modelTwins(m: Mem): RawModels {
  /** Forward pass: Z/D rows at element offset dz, residual at r; returns ½‖r‖². */
  const forward = (
    act: number,
    n: number,
    d: number,
    k: number,
    x: number,
    y: number,
    v: number,
    w: number,
    dz: number,
    r: number,
    needD: boolean,
  ): number => {
    const f = m.f64();
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let fi = 0;
      const xi = x + i * d;
      const zi = dz + i * k;
      for (let j = 0; j < k; j++) {
        const [a, b] = actPair(act, dot(f, d, xi, w + j * d));
        fi += f[v + j]! * a;
        f[zi + j] = b;
      }
      const ri = fi - f[y + i]!;
      f[r + i] = ri;
      loss += ri * ri;
      if (needD) for (let j = 0; j < k; j++) f[zi + j] = f[zi + j]! * f[v + j]! * ri;
    }
    return 0.5 * loss;
  };
  /** G (k×d) ← DᵀX. */
  const backward = (n: number, d: number, k: number, x: number, dz: number, g: number): void => {
    const f = m.f64();
    f.fill(0, g, g + k * d);
    for (let i = 0; i < n; i++) {
      const xi = x + i * d;
      for (let j = 0; j < k; j++) {
        const c = f[dz + i * k + j]!;
        if (c === 0) continue;
        const gj = g + j * d;
        for (let l = 0; l < d; l++) f[gj + l] = f[gj + l]! + c * f[xi + l]!;
      }
    }
  };

  /** Row norms of an m×d matrix at element offset a into out. */
  const rowNorms = (mm: number, d: number, a: number, out: number): void => {
    const f = m.f64();
    for (let i = 0; i < mm; i++) f[out + i] = Math.sqrt(dot(f, d, a + i * d, a + i * d));
  };

  /**
   * The Hessian/hvp scratch layout of `tsWorkSize` (element offsets), with the row norms of W and V and their unit
   * rows (zero rows stay zero) already filled in — the twin of `unitRows` + `rowNorms` in the kernel.
   */
  const tsPrepare = (n: number, k: number, d: number, W: number, V: number, work: number) => {
    const f = m.f64();
    const nw = work >> 3;
    const nv = nw + n;
    const acc = (work + al16((n + k) * 8)) >> 3;
    const wb = (work + al16((n + k) * 8) + al16(n * 8) + al16(n * d * 8)) >> 3;
    const vb = wb + n * d;
    const u = (work + al16((n + k) * 8) + al16(n * 8) + al16(n * d * 8) + al16((n + k) * d * 8)) >> 3;
    const u2 = u + (al16(d * 8) >> 3);
    rowNorms(n, d, W, nw);
    rowNorms(k, d, V, nv);
    const unit = (mm: number, a: number, na: number, out: number) => {
      for (let i = 0; i < mm; i++) {
        const ni = f[na + i]!;
        for (let l = 0; l < d; l++) f[out + i * d + l] = ni > 0 ? (1 / ni) * f[a + i * d + l]! : 0;
      }
    };
    unit(n, W, nw, wb);
    unit(k, V, nv, vb);
    return { nw, nv, acc, wb, vb, u, u2 };
  };

  /** ½Σ_{j,j'} κ(v_j, v_j') for the k teacher rows at element offset v (norms at nv). */
  const teacherTerm = (k: number, d: number, v: number, nv: number): number => {
    const f = m.f64();
    let loss = 0;
    for (let i = 0; i < k; i++) {
      const ni = f[nv + i]!;
      loss += 0.25 * ni * ni;
      if (ni === 0) continue;
      for (let j = i + 1; j < k; j++) {
        const nj = f[nv + j]!;
        if (nj === 0) continue;
        const a = angle(f, d, v + i * d, ni, v + j * d, nj, dot(f, d, v + i * d, v + j * d));
        loss += ni * nj * (a.sin + (Math.PI - a.theta) * a.cos) * INV2PI;
      }
    }
    return loss;
  };

  /**
   * Loss and (grad ≠ 0) gradient of the teacher–student loss; element offsets, work layout as the kernel;
   * `tt` is the precomputed teacher term, or NaN to compute it here.
   */
  const tsCore = (
    n: number,
    k: number,
    d: number,
    w: number,
    v: number,
    grad: number,
    work: number,
    tt: number,
  ): number => {
    const f = m.f64();
    const nw = work;
    const nv = work + n;
    const acc = work + (al16((n + k) * 8) >> 3);
    const nk = n + k;
    // B (n × (n + k)): β_ij = (π − θ_ij)/2π for students, −(π − θ_ij)/2π for teachers (kernel's layout).
    const bm = work + (tsBaseSize(n, k, d) >> 3);
    rowNorms(n, d, w, nw);
    rowNorms(k, d, v, nv);
    const want = grad !== 0;
    if (want) {
      f.fill(0, bm, bm + n * nk);
      f.fill(0, acc, acc + n);
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const ni = f[nw + i]!;
      loss += 0.25 * ni * ni;
      if (ni === 0) continue;
      const wi = w + i * d;
      for (let j = i + 1; j < n; j++) {
        const nj = f[nw + j]!;
        if (nj === 0) continue;
        const wj = w + j * d;
        const a = angle(f, d, wi, ni, wj, nj, dot(f, d, wi, wj));
        const b = (Math.PI - a.theta) * INV2PI;
        loss += ni * nj * (a.sin * INV2PI + b * a.cos);
        if (want) {
          f[acc + i] = f[acc + i]! + nj * a.sin;
          f[acc + j] = f[acc + j]! + ni * a.sin;
          f[bm + i * nk + j] = b;
          f[bm + j * nk + i] = b;
        }
      }
      for (let j = 0; j < k; j++) {
        const nj = f[nv + j]!;
        if (nj === 0) continue;
        const vj = v + j * d;
        const a = angle(f, d, wi, ni, vj, nj, dot(f, d, wi, vj));
        const b = (Math.PI - a.theta) * INV2PI;
        loss -= ni * nj * (a.sin * INV2PI + b * a.cos);
        if (want) {
          f[acc + i] = f[acc + i]! - nj * a.sin;
          f[bm + i * nk + n + j] = -b;
        }
      }
    }
    loss += Number.isNaN(tt) ? teacherTerm(k, d, v, nv) : tt;
    if (want) {
      // ∂F/∂w_i = Σ_j β_ij w_j + Σ_j β_i,n+j v_j + c_i w_i, per element in this order (as `combineRow`).
      for (let i = 0; i < n; i++) {
        const ni = f[nw + i]!;
        const c = ni === 0 ? 0 : 0.5 + (f[acc + i]! * INV2PI) / ni;
        const bi = bm + i * nk;
        for (let l = 0; l < d; l++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += f[bi + j]! * f[w + j * d + l]!;
          for (let j = 0; j < k; j++) s += f[bi + n + j]! * f[v + j * d + l]!;
          f[grad + i * d + l] = s + c * f[w + i * d + l]!;
        }
      }
    }
    return loss;
  };

  return {
    shallowWorkSize(n, d, k) {
      return al16(n * k * 8) + al16(n * 8) + al16(k * d * 8);
    },
    shallowLossGrad(act, n, d, k, x, y, v, w, resid, grad, work) {
      const dz = work >> 3;
      const r = (work + al16(n * k * 8)) >> 3;
      const loss = forward(act, n, d, k, x >> 3, y >> 3, v >> 3, w >> 3, dz, r, grad !== 0);
      const f = m.f64();
      if (resid !== 0) f.copyWithin(resid >> 3, r, r + n);
      if (grad !== 0) backward(n, d, k, x >> 3, dz, grad >> 3);
      return loss;
    },
    shallowGdSteps(act, n, d, k, x, y, v, w, eta, steps, tol, out, work) {
      const dz = work >> 3;
      const r = (work + al16(n * k * 8)) >> 3;
      const g = (work + al16(n * k * 8) + al16(n * 8)) >> 3;
      const wi = w >> 3;
      let t = 0;
      let loss = 0;
      for (;;) {
        const last = t >= steps;
        loss = forward(act, n, d, k, x >> 3, y >> 3, v >> 3, wi, dz, r, !last);
        const rn = Math.sqrt(2 * loss);
        if (last || rn <= tol || !Number.isFinite(loss)) break;
        backward(n, d, k, x >> 3, dz, g);
        const f = m.f64();
        for (let l = 0; l < k * d; l++) f[wi + l] = f[wi + l]! - eta * f[g + l]!;
        t++;
      }
      const f = m.f64();
      f[out >> 3] = Math.sqrt(2 * loss);
      f[(out >> 3) + 1] = t;
      return loss;
    },
    tsWorkSize(n, k, d) {
      return tsBaseSize(n, k, d) + al16(n * (n + k) * 8) + 3 * al16((n + k) * 8);
    },
    tsLossGrad(n, k, d, w, v, grad, work) {
      return tsCore(n, k, d, w >> 3, v >> 3, grad === 0 ? 0 : grad >> 3, work >> 3, Number.NaN);
    },
    tsHessian(n, k, d, w, v, h, work) {
      const f = m.f64();
      const W = w >> 3;
      const V = v >> 3;
      const H = h >> 3;
      const nd = n * d;
      const { nw, nv, acc, wb, vb, u, u2 } = tsPrepare(n, k, d, W, V, work);
      const at = (bi: number, bj: number, r: number, c: number): number => H + (bi * d + r) * nd + bj * d + c;
      const rank1 = (alpha: number, uu: number, bi: number): void => {
        for (let r = 0; r < d; r++) {
          const a = alpha * f[uu + r]!;
          for (let c = 0; c < d; c++) f[at(bi, bi, r, c)] = f[at(bi, bi, r, c)]! + a * f[uu + c]!;
        }
      };
      const perp = (a: number, b: number, c: number, s: number, out: number): void => {
        const is = 1 / s;
        for (let l = 0; l < d; l++) f[out + l] = is * f[b + l]! + -c * is * f[a + l]!;
      };
      f.fill(0, acc, acc + n);
      for (let i = 0; i < n; i++)
        for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) f[at(i, i, r, c)] = r === c ? 0.5 : 0;
      for (let i = 0; i < n; i++) {
        const ni = f[nw + i]!;
        const wbi = wb + i * d;
        for (let j = i + 1; j < n; j++) {
          const nj = f[nw + j]!;
          const wbj = wb + j * d;
          let a: Angle = { theta: 0.5 * Math.PI, sin: 1, cos: 0 };
          if (ni > 0 && nj > 0)
            a = angle(f, d, W + i * d, ni, W + j * d, nj, dot(f, d, W + i * d, W + j * d));
          const { sin: s, cos: c } = a;
          const diag = (Math.PI - a.theta) * INV2PI;
          if (s > 0 && ni > 0 && nj > 0) {
            perp(wbi, wbj, c, s, u);
            for (let r = 0; r < d; r++) {
              const ur = f[u + r]!;
              const xr = f[wbi + r]!;
              const al = (s * s * ur + c * s * xr) * INV2PI;
              const be = (s * s * xr - c * s * ur) * INV2PI;
              for (let l = 0; l < d; l++) f[at(i, j, r, l)] = al * f[wbi + l]! + be * f[u + l]!;
              f[at(i, j, r, r)] = f[at(i, j, r, r)]! + diag;
            }
            const ci = (s * nj * INV2PI) / ni;
            f[acc + i] = f[acc + i]! + ci;
            rank1(ci, u, i);
            perp(wbj, wbi, c, s, u2);
            const cj = (s * ni * INV2PI) / nj;
            f[acc + j] = f[acc + j]! + cj;
            rank1(cj, u2, j);
          } else {
            for (let r = 0; r < d; r++) for (let l = 0; l < d; l++) f[at(i, j, r, l)] = r === l ? diag : 0;
          }
          for (let r = 0; r < d; r++) for (let l = 0; l < d; l++) f[at(j, i, l, r)] = f[at(i, j, r, l)]!;
        }
        if (ni > 0) {
          for (let j = 0; j < k; j++) {
            const nj = f[nv + j]!;
            if (nj === 0) continue;
            const a = angle(f, d, W + i * d, ni, V + j * d, nj, dot(f, d, W + i * d, V + j * d));
            if (a.sin === 0) continue;
            perp(wbi, vb + j * d, a.cos, a.sin, u);
            const ci = (a.sin * nj * INV2PI) / ni;
            f[acc + i] = f[acc + i]! - ci;
            rank1(-ci, u, i);
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const a = f[acc + i]!;
        rank1(-a, wb + i * d, i);
        for (let r = 0; r < d; r++) {
          f[at(i, i, r, r)] = f[at(i, i, r, r)]! + a;
          for (let l = r + 1; l < d; l++) f[at(i, i, r, l)] = f[at(i, i, l, r)]!;
        }
      }
    },
    tsHvp(n, k, d, w, v, x, out, work) {
      const f = m.f64();
      const W = w >> 3;
      const V = v >> 3;
      const X = x >> 3;
      const O = out >> 3;
      const { nw, nv, acc, wb, vb, u, u2 } = tsPrepare(n, k, d, W, V, work);
      const axpy = (a: number, src: number, dst: number) => {
        for (let l = 0; l < d; l++) f[dst + l] = f[dst + l]! + a * f[src + l]!;
      };
      const perp = (a: number, b: number, c: number, s: number, o: number): void => {
        const is = 1 / s;
        for (let l = 0; l < d; l++) f[o + l] = is * f[b + l]! + -c * is * f[a + l]!;
      };
      f.fill(0, acc, acc + n);
      for (let p = 0; p < n * d; p++) f[O + p] = 0.5 * f[X + p]!;
      for (let i = 0; i < n; i++) {
        const ni = f[nw + i]!;
        const wbi = wb + i * d;
        const xi = X + i * d;
        const oi = O + i * d;
        for (let j = i + 1; j < n; j++) {
          const nj = f[nw + j]!;
          const xj = X + j * d;
          const oj = O + j * d;
          let a: Angle = { theta: 0.5 * Math.PI, sin: 1, cos: 0 };
          if (ni > 0 && nj > 0)
            a = angle(f, d, W + i * d, ni, W + j * d, nj, dot(f, d, W + i * d, W + j * d));
          const { sin: s, cos: c } = a;
          const diag = (Math.PI - a.theta) * INV2PI;
          axpy(diag, xj, oi);
          axpy(diag, xi, oj);
          if (s > 0 && ni > 0 && nj > 0) {
            perp(wbi, wb + j * d, c, s, u);
            let p = dot(f, d, wbi, xj);
            let q = dot(f, d, u, xj);
            axpy((s * s * q + c * s * p) * INV2PI, wbi, oi);
            axpy((s * s * p - c * s * q) * INV2PI, u, oi);
            p = dot(f, d, wbi, xi);
            q = dot(f, d, u, xi);
            axpy((s * s * q + c * s * p) * INV2PI, wbi, oj);
            axpy((s * s * p - c * s * q) * INV2PI, u, oj);
            const ci = (s * nj * INV2PI) / ni;
            f[acc + i] = f[acc + i]! + ci;
            axpy(ci * q, u, oi);
            perp(wb + j * d, wbi, c, s, u2);
            const cj = (s * ni * INV2PI) / nj;
            f[acc + j] = f[acc + j]! + cj;
            axpy(cj * dot(f, d, u2, xj), u2, oj);
          }
        }
        if (ni > 0) {
          for (let j = 0; j < k; j++) {
            const nj = f[nv + j]!;
            if (nj === 0) continue;
            const a = angle(f, d, W + i * d, ni, V + j * d, nj, dot(f, d, W + i * d, V + j * d));
            if (a.sin === 0) continue;
            perp(wbi, vb + j * d, a.cos, a.sin, u);
            const ci = (a.sin * nj * INV2PI) / ni;
            f[acc + i] = f[acc + i]! - ci;
            axpy(-ci * dot(f, d, u, xi), u, oi);
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const a = f[acc + i]!;
        axpy(a, X + i * d, O + i * d);
        axpy(-a * dot(f, d, wb + i * d, X + i * d), wb + i * d, O + i * d);
      }
    },
    tsGdSteps(n, k, d, w, v, eta, steps, gtol, rule, gmax, floss, out, work) {
      const W = w >> 3;
      const g = (work + al16((n + k) * 8) + al16(n * 8)) >> 3;
      const nd = n * d;
      let t = 0;
      let loss = 0;
      let gn = 0;
      let status = GD_STATUS_CODE.maxIters;
      const nv = (work >> 3) + n;
      rowNorms(k, d, v >> 3, nv);
      const tt = teacherTerm(k, d, v >> 3, nv);
      for (;;) {
        const f = m.f64();
        let zero = false;
        for (let i = 0; i < n && !zero; i++) zero = dot(f, d, W + i * d, W + i * d) === 0;
        if (zero) {
          loss = tsCore(n, k, d, W, v >> 3, 0, work >> 3, tt);
          gn = 0;
          status = GD_STATUS_CODE.zeroNeuron;
          break;
        }
        loss = tsCore(n, k, d, W, v >> 3, g, work >> 3, tt);
        gn = 0;
        if (rule === GRAD_NORM_CODE.maxNeuron) {
          for (let i = 0; i < n; i++) {
            const q = Math.sqrt(dot(f, d, g + i * d, g + i * d));
            if (q > gn || Number.isNaN(q)) gn = q;
          }
        } else gn = Math.sqrt(dot(f, nd, g, g));
        if (!Number.isFinite(loss) || !Number.isFinite(gn)) {
          status = GD_STATUS_CODE.nonFinite;
          break;
        }
        if (gn <= gtol) {
          status = GD_STATUS_CODE.converged;
          break;
        }
        if (gn > gmax) {
          status = GD_STATUS_CODE.diverged;
          break;
        }
        if (loss < floss) {
          status = GD_STATUS_CODE.belowThreshold;
          break;
        }
        if (t >= steps) break;
        for (let l = 0; l < nd; l++) f[W + l] = f[W + l]! - eta * f[g + l]!;
        t++;
      }
      const f = m.f64();
      f[out >> 3] = gn;
      f[(out >> 3) + 1] = t;
      f[(out >> 3) + 2] = status;
      return loss;
    },
  };
}
