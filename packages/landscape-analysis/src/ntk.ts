/**
 * Jacobian / neural-tangent covariance of the one-hidden-layer network f(W) = φ(XWᵀ)v (P3 §3.2): λ_min(JJᵀ) at a
 * point, the closed-form JJᵀ of the shallow net, and the population covariances
 *   Σ(X)  = E_{w∼N(0,I_d)}[(φ′(Xw)φ′(Xw)ᵀ) ⊙ XXᵀ]   (Definition 6.1, "jacobian" kind), λ(X) = λ_min(Σ(X)),
 *   Σ̃(X) = E_w[φ(Xw)φ(Xw)ᵀ]                        (Definition 3.1, "feature" kind).
 *
 * Algorithms. Closed forms (any row norms; ρ_ij = cos θ_ij): relu Σ_ij = x_iᵀx_j (π − θ_ij)/(2π),
 * Σ̃_ij = ‖x_i‖‖x_j‖(sin θ_ij + (π − θ_ij) cos θ_ij)/(2π); quadratic Σ = 4(XXᵀ)⊙(XXᵀ),
 * Σ̃_ij = ‖x_i‖²‖x_j‖² + 2(x_iᵀx_j)²; linear Σ = Σ̃ = XXᵀ. Otherwise (softplus, tanh, sigmoid):
 * - tensor Gauss–Hermite quadrature of order q (default 64) over (u, v) = (a z₁, b(ρ z₁ + √(1−ρ²) z₂)), z ∼ N(0, I₂),
 *   a = ‖x_i‖, b = ‖x_j‖; nodes/weights by Golub–Welsch (eigen-decomposition of the Jacobi matrix of the
 *   probabilists' Hermite polynomials, core-math `tridiagEigen`). Error check: the same integral with order ⌊q/2⌋;
 *   the reported `errorEstimate` = max_ij |Σ_q − Σ_{⌊q/2⌋}| is (about) the order-⌊q/2⌋ error, hence a conservative
 *   estimate of the order-q error whenever the rule converges, which it does geometrically for these integrands
 *   (analytic in a strip). Cost 5n²q²/8 activation evaluations.
 * - Monte Carlo with S samples of w (seeded Rng): the entrywise mean and its standard error; cost S·(nd + n²).
 * Then λ = λ_min by core-math `symEigen`; by Weyl |λ̂ − λ| ≤ ‖Σ̂ − Σ‖₂ ≤ n·max|Σ̂_ij − Σ_ij|, reported as
 * `lambdaErrorBound` (quadrature: n·errorEstimate; Monte Carlo: the 1-σ heuristic ‖SE‖_F).
 * Numerical caveat: λ_min(JJᵀ) from the Gram matrix carries an absolute error O(nε‖J‖₂²) (squared condition).
 * @see P3 §3.2 (Definitions 3.1, 6.1; closed forms), §3.5 claims 1–3; Golub & Welsch, Math. Comp. 23 (1969)
 */
import {
  ACTIVATIONS,
  type Activation,
  activate,
  activateDeriv,
  checkMatrix,
  checkNumber,
  checkOneOf,
  checkOptions,
  gram,
  type Matrix,
  matmul,
  NON_NEGATIVE,
  Rng,
  rangeError,
  shapeError,
} from '@landscape-lab/core-math';
import { checkPoint } from './internal/check.js';
import { tridiagEig } from './internal/eig.js';
import { EPS } from './internal/vec.js';
import { denseSpectrum } from './spectrum.js';

/** Smallest eigenvalue of a Jacobian Gram matrix JJᵀ. */
export interface JacobianGramSpectrum {
  /** JJᵀ (n×n). */
  gram: Matrix;
  /** All eigenvalues of JJᵀ, ascending. */
  eigenvalues: Float64Array;
  lambdaMin: number;
  lambdaMax: number;
  /** Eigen-decomposition error bound 10·n·ε·‖JJᵀ‖₂ (forming JJᵀ adds O(nε‖J‖²) as well). */
  errorBound: number;
}

/**
 * λ_min(JJᵀ) (= σ_min(J)² for n ≤ p) from a Jacobian J (n×p) or from a given Gram matrix JJᵀ.
 * @param J Jacobian (n samples × p parameters), or JJᵀ itself when `options.isGram`
 * @param options `isGram`: J is already JJᵀ (symmetric n×n)
 * @throws ArgumentError / ShapeError / NonFiniteError for malformed input (or a non-square, non-symmetric Gram).
 * @see P3 §3.2, §3.5 claim 3
 * @example jacobianGramSpectrum(J).lambdaMin // σ_min(J)² when J has full row rank
 */
export function jacobianGramSpectrum(J: Matrix, options: { isGram?: boolean } = {}): JacobianGramSpectrum {
  const fn = 'jacobianGramSpectrum';
  checkMatrix(fn, 'J', J);
  checkOptions(fn, options);
  checkPoint(fn, 'J.data', J.data, J.rows * J.cols);
  let G: Matrix;
  if (options.isGram) {
    if (J.rows !== J.cols) throw shapeError(fn, 'J', 'be square when options.isGram', J);
    G = J;
  } else G = gram(J, { side: 'AAt' });
  const sp = denseSpectrum(G);
  const n = G.rows;
  return {
    gram: G,
    eigenvalues: sp.values,
    lambdaMin: n ? sp.values[0]! : Number.NaN,
    lambdaMax: n ? sp.values[n - 1]! : Number.NaN,
    errorBound: sp.errorBound,
  };
}

/**
 * Closed-form JJᵀ of f(W) = φ(XWᵀ)v w.r.t. vec(W): (φ′(XWᵀ) diag(v)² φ′(XWᵀ)ᵀ) ⊙ (XXᵀ) (P3 §3.2, exact identity).
 * @param X inputs, n×d (rows are samples)
 * @param W hidden weights, k×d
 * @param v output weights, length k
 * @param activation φ
 * @throws ArgumentError / ShapeError / NonFiniteError for malformed or mismatched inputs or an unknown activation.
 * @see P3 §3.2
 * @example jacobianGramSpectrum(shallowJacobianGram(X, W, v, 'softplus'), { isGram: true }).lambdaMin
 */
export function shallowJacobianGram(X: Matrix, W: Matrix, v: Float64Array, activation: Activation): Matrix {
  const fn = 'shallowJacobianGram';
  checkMatrix(fn, 'X', X);
  checkMatrix(fn, 'W', W);
  checkOneOf(fn, 'activation', activation, ACTIVATIONS);
  if (W.cols !== X.cols) throw shapeError(fn, 'W.cols', `equal X.cols = ${X.cols}`, W.cols);
  checkPoint(fn, 'v', v, W.rows);
  checkPoint(fn, 'X.data', X.data, X.rows * X.cols);
  checkPoint(fn, 'W.data', W.data, W.rows * W.cols);
  const Z = matmul(X, W, { transB: true }); // n×k pre-activations
  const D = activateDeriv(activation, Z.data);
  const k = W.rows;
  for (let i = 0; i < X.rows; i++) for (let l = 0; l < k; l++) D[i * k + l] = D[i * k + l]! * v[l]!;
  const A = gram({ rows: X.rows, cols: k, data: D }, { side: 'AAt' });
  const K = gram(X, { side: 'AAt' });
  for (let t = 0; t < A.data.length; t++) A.data[t] = A.data[t]! * K.data[t]!;
  return A;
}

/** Options of {@link ntkCovariance}. */
export interface NtkCovarianceOptions {
  /** `jacobian` (Σ, Definition 6.1; default) or `feature` (Σ̃, Definition 3.1). */
  kind?: 'jacobian' | 'feature';
  /** `auto` (default): closed form for relu/quadratic/linear, else quadrature. */
  method?: 'auto' | 'closed-form' | 'quadrature' | 'monte-carlo';
  /**
   * Gauss–Hermite order q per dimension (default 64). tanh′ and sigmoid′ have poles at distance π/2 and π from the
   * real axis, so the rule converges geometrically but not fast: measured errors for tanh at ρ = 0.3 are ≈ 3e−7 at
   * q = 40, 1e−10 at q = 80.
   */
  order?: number;
  /** Monte Carlo samples S (default 10000). */
  samples?: number;
  /** Monte Carlo seed (default 0). */
  seed?: number;
}

/** Result of {@link ntkCovariance}. */
export interface NtkCovariance {
  /** Σ(X) (or Σ̃(X)), n×n. */
  sigma: Matrix;
  /** λ(X) = λ_min(Σ). */
  lambda: number;
  kind: 'jacobian' | 'feature';
  method: 'closed-form' | 'quadrature' | 'monte-carlo';
  /** Entrywise error measure: 0 (closed form, rounding only), max |Σ_q − Σ_{⌊q/2⌋}| (quadrature), max SE (MC). */
  errorEstimate: number;
  /** Bound (quadrature: n·errorEstimate + eigen bound) or 1-σ heuristic (MC: ‖SE‖_F) on |λ̂ − λ|. */
  lambdaErrorBound: number;
  /** Entrywise standard errors (Monte Carlo only). */
  standardError?: Matrix;
  /** Quadrature order or number of samples used. */
  order?: number;
  samples?: number;
}

/**
 * Probabilists' Gauss–Hermite rule of order q: E_{z∼N(0,1)}[f(z)] ≈ Σ_k w_k f(t_k), exact for polynomials of
 * degree ≤ 2q − 1. Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix (zero diagonal, off-diagonal
 * √1 … √(q−1)) and w_k is the squared first component of its k-th unit eigenvector (core-math `tridiagEigen`).
 * @param q order, 1 ≤ q ≤ 1000
 * @returns ascending nodes and their weights (summing to 1)
 * @throws ArgumentError (E_ARG_RANGE / E_ARG_TYPE) for a bad order.
 * @see Golub & Welsch, Math. Comp. 23 (1969)
 * @example gaussHermite(2) // nodes ±1, weights ½, ½
 */
export function gaussHermite(q: number): { nodes: Float64Array; weights: Float64Array } {
  checkNumber('gaussHermite', 'q', q, { min: 1, max: 1000 }, true);
  const d = new Float64Array(q);
  const e = new Float64Array(q - 1);
  for (let k = 1; k < q; k++) e[k - 1] = Math.sqrt(k);
  const r = tridiagEig(d, e, true);
  const w = new Float64Array(q);
  for (let j = 0; j < q; j++) w[j] = r.vectors!.data[j]! ** 2;
  return { nodes: r.values, weights: w };
}

/**
 * The population covariance Σ(X) (or Σ̃(X)) of the one-hidden-layer net and its smallest eigenvalue λ(X).
 * @param X inputs n×d (P3 normalises rows to unit norm; any nonzero rows are accepted)
 * @param activation φ
 * @param options kind, method, quadrature order or Monte Carlo samples / seed
 * @throws ArgumentError (E_ARG_RANGE) for an unknown activation, a closed form requested where none exists, or a
 * zero row of X; ShapeError / NonFiniteError for malformed X.
 * @see P3 §3.2 (Definitions 3.1, 6.1), §3.5 claims 2–3
 * @example ntkCovariance(X, 'relu').lambda // λ(X) > 0 for pairwise non-parallel unit rows
 */
export function ntkCovariance(
  X: Matrix,
  activation: Activation,
  options: NtkCovarianceOptions = {},
): NtkCovariance {
  const fn = 'ntkCovariance';
  checkMatrix(fn, 'X', X);
  checkOptions(fn, options);
  checkOneOf(fn, 'activation', activation, ACTIVATIONS);
  checkPoint(fn, 'X.data', X.data, X.rows * X.cols);
  const kind = options.kind ?? 'jacobian';
  checkOneOf(fn, 'options.kind', kind, ['jacobian', 'feature'] as const);
  const closedAvailable = activation === 'relu' || activation === 'quadratic' || activation === 'linear';
  const method = options.method ?? 'auto';
  checkOneOf(fn, 'options.method', method, ['auto', 'closed-form', 'quadrature', 'monte-carlo'] as const);
  const m = method === 'auto' ? (closedAvailable ? 'closed-form' : 'quadrature') : method;
  if (m === 'closed-form' && !closedAvailable)
    throw rangeError(
      fn,
      'options.method',
      `name a method available for ${activation} ('quadrature' or 'monte-carlo')`,
      method,
    );
  const n = X.rows;
  const d = X.cols;
  const K = gram(X, { side: 'AAt' });
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    norms[i] = Math.sqrt(K.data[i * n + i]!);
    if (!(norms[i]! > 0)) throw rangeError(fn, `X row ${i}`, 'be nonzero', 0);
  }
  const S = new Float64Array(n * n);
  let errorEstimate = 0;
  let lambdaExtra = 0;
  const out: Partial<NtkCovariance> = {};
  if (m === 'closed-form') {
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const g = K.data[i * n + j]!;
        const ab = norms[i]! * norms[j]!;
        const rho = Math.max(-1, Math.min(1, g / ab));
        const th = Math.acos(rho);
        let s: number;
        if (activation === 'relu')
          s =
            kind === 'jacobian'
              ? (g * (Math.PI - th)) / (2 * Math.PI)
              : (ab * (Math.sin(th) + (Math.PI - th) * rho)) / (2 * Math.PI);
        else if (activation === 'quadratic') s = kind === 'jacobian' ? 4 * g * g : ab * ab + 2 * g * g;
        else s = g;
        S[i * n + j] = s;
        S[j * n + i] = s;
      }
  } else if (m === 'quadrature') {
    const q = options.order ?? 64;
    checkNumber(fn, 'options.order', q, { min: 2, max: 400 }, true);
    const hi = quadCov(K.data, norms, n, activation, kind, q);
    const lo = quadCov(K.data, norms, n, activation, kind, Math.floor(q / 2));
    for (let t = 0; t < n * n; t++) {
      S[t] = hi[t]!;
      errorEstimate = Math.max(errorEstimate, Math.abs(hi[t]! - lo[t]!));
    }
    lambdaExtra = n * errorEstimate;
    out.order = q;
  } else {
    const samples = options.samples ?? 10000;
    checkNumber(fn, 'options.samples', samples, { min: 2, max: 1e9 }, true);
    const seed = options.seed ?? 0;
    checkNumber(fn, 'options.seed', seed, NON_NEGATIVE, true);
    const rng = new Rng(seed);
    const w = new Float64Array(d);
    const mean = new Float64Array(n * n);
    const m2 = new Float64Array(n * n);
    for (let s = 0; s < samples; s++) {
      rng.fillNormal(w);
      const u = matmul(X, { rows: d, cols: 1, data: w }).data;
      const f = kind === 'jacobian' ? activateDeriv(activation, u) : activate(activation, u);
      const cnt = s + 1;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          const x = f[i]! * f[j]! * (kind === 'jacobian' ? K.data[i * n + j]! : 1);
          const t = i * n + j;
          const delta = x - mean[t]!;
          mean[t] = mean[t]! + delta / cnt;
          m2[t] = m2[t]! + delta * (x - mean[t]!);
        }
    }
    const se = new Float64Array(n * n);
    let fro = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const t = i * n + j;
        const e = Math.sqrt(m2[t]! / (samples - 1) / samples);
        S[t] = mean[t]!;
        S[j * n + i] = mean[t]!;
        se[t] = e;
        se[j * n + i] = e;
        errorEstimate = Math.max(errorEstimate, e);
        fro += (i === j ? 1 : 2) * e * e;
      }
    lambdaExtra = Math.sqrt(fro);
    out.standardError = { rows: n, cols: n, data: se };
    out.samples = samples;
  }
  const sigma: Matrix = { rows: n, cols: n, data: S };
  const sp = denseSpectrum(sigma);
  const lambda = n ? sp.values[0]! : Number.NaN;
  return {
    sigma,
    lambda,
    kind,
    method: m,
    errorEstimate,
    lambdaErrorBound: lambdaExtra + sp.errorBound + (m === 'closed-form' ? 10 * n * EPS * sp.norm : 0),
    ...out,
  };
}

/** Σ by a q×q tensor Gauss–Hermite rule (lower triangle computed, mirrored). */
function quadCov(
  K: Float64Array,
  norms: Float64Array,
  n: number,
  act: Activation,
  kind: 'jacobian' | 'feature',
  q: number,
): Float64Array {
  const { nodes, weights } = gaussHermite(q);
  const S = new Float64Array(n * n);
  const arg = new Float64Array(q * q);
  const argA = new Float64Array(q);
  const f = kind === 'jacobian' ? activateDeriv : activate;
  for (let i = 0; i < n; i++) {
    const a = norms[i]!;
    for (let k = 0; k < q; k++) argA[k] = a * nodes[k]!;
    const fa = f(act, argA);
    for (let j = 0; j <= i; j++) {
      const b = norms[j]!;
      const rho = Math.max(-1, Math.min(1, K[i * n + j]! / (a * b)));
      const s = Math.sqrt(Math.max(0, 1 - rho * rho));
      for (let k = 0; k < q; k++)
        for (let l = 0; l < q; l++) arg[k * q + l] = b * (rho * nodes[k]! + s * nodes[l]!);
      const fb = f(act, arg);
      let sum = 0;
      for (let k = 0; k < q; k++) {
        let inner = 0;
        for (let l = 0; l < q; l++) inner += weights[l]! * fb[k * q + l]!;
        sum += weights[k]! * fa[k]! * inner;
      }
      const v = kind === 'jacobian' ? sum * K[i * n + j]! : sum;
      S[i * n + j] = v;
      S[j * n + i] = v;
    }
  }
  return S;
}
