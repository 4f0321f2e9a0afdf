/**
 * Lab 2 (P4 / SS18): full-batch GD on the teacher–student population loss, then the Hessian spectrum, the
 * classification of the end point, and the split-a-neuron construction (P4 Lemma 28/29).
 */
import { Rng } from '@landscape-lab/core-math';
import { column, dot, quad, symEig } from './linalg.js';
import { hPrimeBlock, type TSProblem, teacherFlat, tsGrad, tsHessian, tsLoss } from './teacherStudent.js';

export interface TSParams {
  k: number;
  n: number;
  seed: number;
  /** 'xavier': W = N(0, 1)/√d (SS18); 'teacher': W = V padded with zero-free copies (global minimum when n = k). */
  init: 'xavier' | 'teacher';
  step: number;
  maxIter: number;
  gradTol: number;
}

export type Classification =
  | 'global minimum'
  | 'spurious local minimum'
  | 'saddle'
  | 'degenerate (PSD)'
  | 'not converged';

export interface Spectrum {
  values: number[];
  lambdaMin: number;
  lambdaMax: number;
  negative: number;
  positive: number;
  zero: number;
  tol: number;
}

export interface TSResult {
  problem: TSProblem;
  w: number[];
  loss: number;
  gradNorm: number;
  iterations: number;
  converged: boolean;
  spectrum: Spectrum;
  classification: Classification;
  normSum: number;
  /** Per neuron λ_min(H′_ii); a negative entry means splitting that neuron gives a saddle. */
  hPrimeMin: number[];
  trajectory: number[][];
}

export function spectrumOf(H: Float64Array, N: number): Spectrum {
  const { values } = symEig(H, N, false);
  const lmax = N ? Math.max(Math.abs(values[0]!), Math.abs(values[N - 1]!)) : 0;
  // Eigenvalue error of a backward-stable solver is O(N·ε·‖H‖); 1e3·N·ε·‖H‖ is a safe zero band.
  const tol = 1e3 * N * Number.EPSILON * Math.max(1, lmax);
  let negative = 0;
  let positive = 0;
  for (const v of values) {
    if (v < -tol) negative++;
    else if (v > tol) positive++;
  }
  return {
    values: Array.from(values),
    lambdaMin: values[0] ?? 0,
    lambdaMax: values[N - 1] ?? 0,
    negative,
    positive,
    zero: N - negative - positive,
    tol,
  };
}

export function classify(loss: number, converged: boolean, s: Spectrum): Classification {
  if (!converged) return 'not converged';
  if (s.negative > 0) return 'saddle';
  if (s.zero > 0) return loss < 1e-3 ? 'global minimum' : 'degenerate (PSD)';
  return loss < 1e-3 ? 'global minimum' : 'spurious local minimum';
}

export function initialPoint(p: TSProblem, params: TSParams): Float64Array {
  const w = new Float64Array(p.n * p.d);
  if (params.init === 'teacher') {
    // Neuron i copies teacher i mod k; repeated copies share the teacher's mass (a global minimum, P4 Thm 2).
    const V = teacherFlat(p);
    const copies = new Array(p.k).fill(0);
    for (let i = 0; i < p.n; i++) copies[i % p.k]++;
    for (let i = 0; i < p.n; i++)
      for (let c = 0; c < p.d; c++) w[i * p.d + c] = V[(i % p.k) * p.d + c]! / copies[i % p.k];
    return w;
  }
  const rng = new Rng(params.seed);
  rng.fillNormal(w);
  const s = 1 / Math.sqrt(p.d);
  for (let i = 0; i < w.length; i++) w[i]! *= s;
  return w;
}

function analyse(
  p: TSProblem,
  w: Float64Array,
  loss: number,
  gradNorm: number,
  iterations: number,
  converged: boolean,
  trajectory: number[][],
): TSResult {
  const N = p.n * p.d;
  const H = tsHessian(p, w);
  const spectrum = spectrumOf(H, N);
  const hPrimeMin: number[] = [];
  for (let i = 0; i < p.n; i++) hPrimeMin.push(symEig(hPrimeBlock(p, H, i), p.d, false).values[0]!);
  let normSum = 0;
  for (let i = 0; i < p.n; i++) {
    let s = 0;
    for (let c = 0; c < p.d; c++) s += w[i * p.d + c]! ** 2;
    normSum += Math.sqrt(s);
  }
  return {
    problem: p,
    w: Array.from(w),
    loss,
    gradNorm,
    iterations,
    converged,
    spectrum,
    classification: classify(loss, converged, spectrum),
    normSum,
    hPrimeMin,
    trajectory,
  };
}

/**
 * GD with the SS18 divergence guard (restart with half the step when ‖∇F‖ > 1e4); stops at ‖∇F‖_max < gradTol.
 * `onProgress` receives (iteration, loss, ‖∇F‖) about 200 times per run.
 */
export function runTeacherStudent(
  params: TSParams,
  onProgress: (it: number, loss: number, g: number) => void,
): TSResult {
  const { k, n } = params;
  const p: TSProblem = { k, n, d: k };
  let step = params.step;
  const w0 = initialPoint(p, params);
  const w = Float64Array.from(w0);
  const g = new Float64Array(w.length);
  const every = Math.max(1, Math.floor(params.maxIter / 200));
  const trajectory: number[][] = [Array.from(w)];
  let loss = tsGrad(p, w, g);
  let gmax = maxAbs(g);
  let it = 0;
  let nextSample = 1;
  for (; it < params.maxIter && gmax >= params.gradTol; it++) {
    for (let i = 0; i < w.length; i++) w[i]! -= step * g[i]!;
    loss = tsGrad(p, w, g);
    gmax = maxAbs(g);
    if (!Number.isFinite(loss) || gmax > 1e4) {
      step /= 2;
      w.set(w0);
      loss = tsGrad(p, w, g);
      gmax = maxAbs(g);
      if (step < 1e-8) break;
    }
    // Dense early (where the loss moves), then every `every` iterations: a geometric-then-linear schedule.
    if (it % every === 0 || it >= nextSample) {
      onProgress(it, loss, gmax);
      if (trajectory.length < 400) trajectory.push(Array.from(w));
      nextSample = Math.ceil(nextSample * 1.1) + 1;
    }
  }
  trajectory.push(Array.from(w));
  onProgress(it, loss, gmax);
  return analyse(p, w, loss, Math.sqrt(dot(g, g)), it, gmax < params.gradTol, trajectory);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

export interface SplitResult {
  neuron: number;
  alpha: number;
  /** λ_min(H′_ii) = uᵀH′_ii u at the minimum. */
  lambdaHPrime: number;
  /** Curvature along (u, −u)/‖(u, −u)‖² at the split point, measured with the exact Hessian. */
  measuredCurvature: number;
  /** λ(1/α + 1/(1 − α)) / 2 (P4 Lemma 29; the ½ normalises the direction (u, −u) of squared norm 2). */
  predictedCurvature: number;
  gradNormAfter: number;
  lossAfter: number;
  before: Spectrum;
  after: Spectrum;
  classificationAfter: Classification;
}

/** Splits neuron `i` (default: the most negative λ_min(H′_ii)) of a point into αw_i and (1 − α)w_i. */
export function splitNeuron(res: TSResult, alpha: number, neuron?: number): SplitResult {
  const p = res.problem;
  const { d } = p;
  const i = neuron ?? res.hPrimeMin.indexOf(Math.min(...res.hPrimeMin));
  const w = Float64Array.from(res.w);
  const H = tsHessian(p, w);
  const Hp = hPrimeBlock(p, H, i);
  const e = symEig(Hp, d, true);
  const u = column(e.vectors, d, 0);
  const lambda = e.values[0]!;
  const q: TSProblem = { ...p, n: p.n + 1 };
  const w2 = new Float64Array(q.n * d);
  w2.set(w);
  for (let c = 0; c < d; c++) {
    w2[p.n * d + c] = (1 - alpha) * w[i * d + c]!;
    w2[i * d + c] = alpha * w[i * d + c]!;
  }
  const H2 = tsHessian(q, w2);
  const dir = new Float64Array(q.n * d);
  for (let c = 0; c < d; c++) {
    dir[i * d + c] = u[c]!;
    dir[p.n * d + c] = -u[c]!;
  }
  const g2 = new Float64Array(w2.length);
  const lossAfter = tsGrad(q, w2, g2);
  const after = spectrumOf(H2, q.n * d);
  return {
    neuron: i,
    alpha,
    lambdaHPrime: lambda,
    measuredCurvature: quad(H2, dir) / 2,
    predictedCurvature: (lambda * (1 / alpha + 1 / (1 - alpha))) / 2,
    gradNormAfter: Math.sqrt(dot(g2, g2)),
    lossAfter,
    before: res.spectrum,
    after,
    classificationAfter: classify(lossAfter, true, after),
  };
}

export { tsLoss };

/** Analyses an arbitrary point (spectrum, H′ blocks); `converged` is taken as true. */
export function analysePoint(p: TSProblem, w: Float64Array): TSResult {
  const g = new Float64Array(w.length);
  const loss = tsGrad(p, w, g);
  return analyse(p, w, loss, Math.sqrt(dot(g, g)), 0, true, []);
}
