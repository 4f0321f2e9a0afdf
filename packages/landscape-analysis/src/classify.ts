/**
 * Classification of a critical point by the inertia of its Hessian, with an explicit zero tolerance.
 *
 * Algorithm: all eigenvalues by core-math `symEigen` (O(n³)); eigenvalues with |λ| ≤ zeroTol count as zero. Labels:
 * all positive → 'local-minimum'; some negative and some positive → 'strict-saddle' (index = number of negative
 * eigenvalues); all negative → 'local-maximum'; otherwise (some zero, and no eigenvalue of the other sign to settle
 * it) → 'degenerate'. A degenerate verdict is never upgraded: zero eigenvalues with no negative ones is NOT called a
 * minimum (x³ − 3xy² at 0 has H = 0 and is a saddle), and zero with only negative ones is not called a maximum.
 *
 * Default zero tolerance: 100·n·ε·‖H‖₂ (the eigensolver's backward error is O(nε‖H‖₂); the factor 100 covers the
 * Hessian's own rounding), raised to n·asymmetry when the Hessian came from HVPs or finite differences (the
 * measured max |H_ij − H_ji| is a proxy of the entry errors E, and ‖E‖₂ ≤ n·max|E_ij|), and for finite differences to
 * at least 10·n·ε^{2/3}·max(1, ‖H‖₂) (the entry error of a central difference with step ε^{1/3}). Pass `zeroTol`
 * to override; the tolerance used is always returned.
 * @see Nocedal & Wright §2.1 (second-order conditions); P4 §4.4 (λ_min per family); SS18 certification
 */
import {
  checkNumber,
  checkObjective,
  checkOptions,
  type Matrix,
  NON_NEGATIVE,
  type Objective,
  typeError,
} from '@landscape-lab/core-math';
import { hessian } from './hessian.js';
import { checkComputed, checkPoint } from './internal/check.js';
import { EPS, nrm2 } from './internal/vec.js';
import type { HessianMethod } from './operator.js';
import { denseSpectrum } from './spectrum.js';

/** Label of a critical point. */
export type CriticalLabel = 'local-minimum' | 'strict-saddle' | 'local-maximum' | 'degenerate';

/** Options of {@link classify}. */
export interface ClassifyOptions {
  /** |λ| ≤ zeroTol counts as a zero eigenvalue. Default: see the module header (relative to ‖H‖₂). */
  zeroTol?: number;
  /** Hessian source when classifying an objective (default `auto`). */
  method?: 'auto' | HessianMethod;
  /** Also return the unit eigenvectors (default false; same O(n³) solve). */
  vectors?: boolean;
}

/** Inertia counts. */
export interface Inertia {
  negative: number;
  zero: number;
  positive: number;
}

/** Result of {@link classify}. */
export interface Classification {
  label: CriticalLabel;
  /** Morse index: the number of negative eigenvalues (below −zeroTol). */
  index: number;
  inertia: Inertia;
  /** All Hessian eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** With `vectors`: unit eigenvectors as the columns of an n×n matrix (column j belongs to `eigenvalues[j]`). */
  eigenvectors?: Matrix;
  lambdaMin: number;
  lambdaMax: number;
  /** ‖H‖₂ = max |λ|. */
  norm: number;
  /** The zero tolerance used, and where it came from. */
  zeroTol: number;
  zeroTolSource: 'option' | 'default';
  /** False when the eigensolver did not converge (then the label is not reliable). */
  converged: boolean;
  /** ‖∇f(θ)‖₂ (objective input only): classification assumes a critical point; check this. */
  gradNorm?: number;
  /** Hessian provenance (objective input only). */
  hessianMethod?: HessianMethod;
  /** Raw Hessian asymmetry (objective input only). */
  asymmetry?: number;
}

/**
 * Classifies a critical point from its Hessian matrix.
 * @param H symmetric n×n Hessian
 * @param options zero tolerance
 * @throws ArgumentError / ShapeError / NonFiniteError for a malformed H or a negative or non-finite zeroTol.
 * @example classify(fromRows([[0, 1], [1, 0]])).label // 'strict-saddle' (index 1): ½(ab − 1)² at the origin
 */
export function classify(H: Matrix, options?: ClassifyOptions): Classification;
/**
 * Classifies θ as a critical point of an objective: dense Hessian ({@link hessian}), then its inertia.
 * @param objective any objective
 * @param theta the (approximate) critical point
 * @param options zero tolerance, Hessian method
 * @throws as {@link hessian}; ArgumentError for a negative zeroTol.
 * @see P4 §4.6 claims 2–5
 * @example classify(monkeySaddle, Float64Array.of(0, 0)).label // 'degenerate'
 */
export function classify(
  objective: Objective,
  theta: Float64Array,
  options?: ClassifyOptions,
): Classification;
export function classify(
  a: Matrix | Objective,
  b?: Float64Array | ClassifyOptions,
  c?: ClassifyOptions,
): Classification {
  const fn = 'classify';
  if (a !== null && typeof a === 'object' && 'rows' in a && 'cols' in a && 'data' in a) {
    const options = (b ?? {}) as ClassifyOptions;
    checkOptions(fn, options);
    return fromMatrix(fn, a, options, undefined);
  }
  if (a === null || typeof a !== 'object')
    throw typeError(fn, 'input', 'be a Hessian Matrix or an Objective', a);
  checkObjective(fn, 'objective', a);
  const options = c ?? {};
  checkOptions(fn, options);
  checkPoint(fn, 'theta', b, a.dim);
  const h = hessian(a, b as Float64Array, options.method ? { method: options.method } : {});
  const g = new Float64Array(a.dim);
  checkComputed(fn, 'objective.grad(theta)', a.grad(b as Float64Array, g));
  const r = fromMatrix(fn, h.matrix, options, h);
  r.gradNorm = nrm2(g);
  r.hessianMethod = h.method;
  r.asymmetry = h.asymmetry;
  return r;
}

function fromMatrix(
  fn: string,
  H: Matrix,
  options: ClassifyOptions,
  prov: { method: HessianMethod; asymmetry: number } | undefined,
): Classification {
  if (options.zeroTol !== undefined) checkNumber(fn, 'options.zeroTol', options.zeroTol, NON_NEGATIVE);
  if (options.vectors !== undefined && typeof options.vectors !== 'boolean')
    throw typeError(fn, 'options.vectors', 'be a boolean', options.vectors);
  const sp = denseSpectrum(H, { vectors: options.vectors === true });
  const n = H.rows;
  const norm = sp.norm;
  let zeroTol: number;
  if (options.zeroTol !== undefined) zeroTol = options.zeroTol;
  else {
    zeroTol = 100 * n * EPS * norm;
    if (prov && prov.method !== 'exact') zeroTol = Math.max(zeroTol, n * prov.asymmetry);
    if (prov && prov.method === 'finite-difference')
      zeroTol = Math.max(zeroTol, 10 * n * EPS ** (2 / 3) * Math.max(1, norm));
  }
  let neg = 0;
  let zero = 0;
  let pos = 0;
  for (const v of sp.values) {
    if (v < -zeroTol) neg++;
    else if (v > zeroTol) pos++;
    else zero++;
  }
  let label: CriticalLabel;
  if (neg > 0 && pos > 0) label = 'strict-saddle';
  else if (zero > 0) label = 'degenerate';
  else if (neg > 0) label = 'local-maximum';
  else label = 'local-minimum';
  const out: Classification = {
    label,
    index: neg,
    inertia: { negative: neg, zero, positive: pos },
    eigenvalues: sp.values,
    lambdaMin: n > 0 ? sp.values[0]! : Number.NaN,
    lambdaMax: n > 0 ? sp.values[n - 1]! : Number.NaN,
    norm,
    zeroTol,
    zeroTolSource: options.zeroTol !== undefined ? 'option' : 'default',
    converged: sp.converged,
  };
  if (sp.vectors) out.eigenvectors = sp.vectors;
  return out;
}
