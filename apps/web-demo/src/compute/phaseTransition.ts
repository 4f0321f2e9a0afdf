/**
 * Lab 1 (P3, protocol of papers.md §3.4 — ours, not the paper's): can full-batch GD on a one-hidden-layer net
 * f(W) = φ(XWᵀ)v fit n random labels? One call runs one (n, k) cell: `trials` seeded runs.
 *
 * x_i ~ N(0, I_d) normalised to ‖x_i‖ = 1, y ~ N(0, 1), v = ±1/√k (half each sign), W₀ ~ N(0, 1) (k×d),
 * η = 1/‖J(W₀)‖₂² with JJᵀ = (φ′ diag(v)² φ′ᵀ) ⊙ XXᵀ (power iteration), success if ‖f(W) − y‖/‖y‖ < tol.
 * Per iteration O(nkd); φ and φ′ are evaluated by core-math's elementwise kernels (wasm SIMD when active).
 */
import { type Activation, activate, activateDeriv, Rng } from '@landscape-lab/core-math';

export interface CellParams {
  d: number;
  n: number;
  k: number;
  trials: number;
  iterations: number;
  tol: number;
  activation: Activation;
  seed: number;
}

export interface TrialResult {
  success: boolean;
  finalRel: number;
  iterations: number;
  eta: number;
  /** (iteration, relative residual) pairs, ≤ 120 of them. */
  curve: [number, number][];
}

export interface CellResult {
  n: number;
  k: number;
  kd: number;
  successRate: number;
  trials: TrialResult[];
}

/** Cell seed stream: the same (seed, n, k) gives the same cell whatever worker runs it. */
export function cellRng(seed: number, n: number, k: number): Rng {
  return new Rng(seed).split(n * 1009 + k);
}

export interface ShallowProblem {
  X: Float64Array; // n×d
  y: Float64Array;
  v: Float64Array;
  W0: Float64Array; // k×d
}

export function makeProblem(p: CellParams, trial: number): ShallowProblem {
  const { d, n, k } = p;
  const rng = cellRng(p.seed, n, k).split(trial);
  const X = rng.fillNormal(new Float64Array(n * d));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += X[i * d + c]! ** 2;
    s = Math.sqrt(s);
    for (let c = 0; c < d; c++) X[i * d + c]! /= s;
  }
  const y = rng.fillNormal(new Float64Array(n));
  const v = new Float64Array(k);
  for (let j = 0; j < k; j++) v[j] = (k === 1 ? 1 : j < k / 2 ? 1 : -1) / Math.sqrt(k);
  const W0 = rng.fillNormal(new Float64Array(k * d));
  return { X, y, v, W0 };
}

/** Z = X Wᵀ (n×k). */
function preact(X: Float64Array, W: Float64Array, n: number, k: number, d: number, Z: Float64Array) {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += X[i * d + c]! * W[j * d + c]!;
      Z[i * k + j] = s;
    }
}

/** ½‖φ(XWᵀ)v − y‖² and its gradient (k×d) into g; returns [loss, ‖r‖]. */
export function shallowLossGrad(
  act: Activation,
  pr: ShallowProblem,
  W: Float64Array,
  n: number,
  k: number,
  d: number,
  g?: Float64Array,
): [number, number] {
  const Z = new Float64Array(n * k);
  preact(pr.X, W, n, k, d, Z);
  const A = activate(act, Z);
  const r = new Float64Array(n);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    let s = -pr.y[i]!;
    for (let j = 0; j < k; j++) s += A[i * k + j]! * pr.v[j]!;
    r[i] = s;
    rr += s * s;
  }
  if (g) {
    const D = activateDeriv(act, Z);
    g.fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        const coef = r[i]! * pr.v[j]! * D[i * k + j]!;
        if (coef === 0) continue;
        for (let c = 0; c < d; c++) g[j * d + c] += coef * pr.X[i * d + c]!;
      }
  }
  return [0.5 * rr, Math.sqrt(rr)];
}

/** ‖J(W)‖₂² = λ_max(JJᵀ) by power iteration on the n×n Gram matrix. */
export function jacobianNormSq(
  act: Activation,
  pr: ShallowProblem,
  W: Float64Array,
  n: number,
  k: number,
  d: number,
): number {
  const Z = new Float64Array(n * k);
  preact(pr.X, W, n, k, d, Z);
  const D = activateDeriv(act, Z);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let l = 0; l <= i; l++) {
      let a = 0;
      for (let j = 0; j < k; j++) a += D[i * k + j]! * D[l * k + j]! * pr.v[j]! * pr.v[j]!;
      let b = 0;
      for (let c = 0; c < d; c++) b += pr.X[i * d + c]! * pr.X[l * d + c]!;
      G[i * n + l] = G[l * n + i] = a * b;
    }
  let x = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lam = 0;
  for (let it = 0; it < 500; it++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += G[i * n + l]! * x[l]!;
      y[i] = s;
    }
    let ny = 0;
    for (const t of y) ny += t * t;
    ny = Math.sqrt(ny);
    if (ny === 0) return 0;
    const prev = lam;
    lam = ny;
    x = y.map((t) => t / ny);
    if (Math.abs(lam - prev) <= 1e-10 * lam) break;
  }
  return lam;
}

export function runTrial(
  p: CellParams,
  trial: number,
  keepW = false,
): TrialResult & { W?: Float64Array; path?: Float64Array[] } {
  const { d, n, k } = p;
  const pr = makeProblem(p, trial);
  const W = Float64Array.from(pr.W0);
  const g = new Float64Array(k * d);
  const ny = Math.sqrt(pr.y.reduce((s, t) => s + t * t, 0));
  const jn = jacobianNormSq(p.activation, pr, W, n, k, d);
  const eta = jn > 0 ? 1 / jn : 1;
  const curve: [number, number][] = [];
  const path: Float64Array[] = [];
  const every = Math.max(1, Math.floor(p.iterations / 100));
  let rel = Number.POSITIVE_INFINITY;
  let it = 0;
  for (; it <= p.iterations; it++) {
    const [, rn] = shallowLossGrad(p.activation, pr, W, n, k, d, g);
    rel = rn / ny;
    if (it % every === 0 || rel < p.tol) {
      curve.push([it, rel]);
      if (keepW) path.push(Float64Array.from(W));
    }
    if (rel < p.tol || !Number.isFinite(rel)) break;
    for (let i = 0; i < W.length; i++) W[i]! -= eta * g[i]!;
  }
  const out: TrialResult & { W?: Float64Array; path?: Float64Array[] } = {
    success: rel < p.tol,
    finalRel: rel,
    iterations: Math.min(it, p.iterations),
    eta,
    curve,
  };
  if (keepW) {
    out.W = W;
    out.path = path;
  }
  return out;
}

export function runCell(p: CellParams): CellResult {
  const trials: TrialResult[] = [];
  for (let t = 0; t < p.trials; t++) trials.push(runTrial(p, t));
  return {
    n: p.n,
    k: p.k,
    kd: p.k * p.d,
    successRate: trials.filter((t) => t.success).length / p.trials,
    trials,
  };
}
