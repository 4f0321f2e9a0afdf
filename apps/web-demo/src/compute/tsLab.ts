/**
 * Lab 2 (P4 / SS18): full-batch GD on the teacher–student population loss, then the Hessian spectrum, the
 * classification of the end point, and the split-a-neuron construction (P4 Lemma 28/29).
 */
import { type Objective, Rng } from '@landscape-lab/core-math';
import { classify as classifyHessian, splitNeuron as laSplitNeuron } from '@landscape-lab/landscape-analysis';
import { dot, symEig } from './linalg.js';
import { hPrimeBlock, type TSProblem, teacherFlat, tsGrad, tsHessian, tsLoss } from './teacherStudent.js';

/** The teacher–student loss as a core-math `Objective` (exact closed-form Hessian), for landscape-analysis. */
export function tsObjective(p: TSProblem): Objective {
  const N = p.n * p.d;
  return {
    dim: N,
    name: `teacher-student(k=${p.k},n=${p.n},d=${p.d})`,
    loss: (th) => tsLoss(p, th),
    grad: (th, g) => tsGrad(p, th, g),
    hessian: (th) => ({ rows: N, cols: N, data: tsHessian(p, th) }),
    minValue: 0,
  };
}

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

/** Spectrum and inertia of a symmetric Hessian, by landscape-analysis `classify` (core-math symEigen underneath). */
export function spectrumOf(H: Float64Array, N: number): Spectrum {
  const c = classifyHessian({ rows: N, cols: N, data: H });
  return {
    values: Array.from(c.eigenvalues),
    lambdaMin: c.lambdaMin,
    lambdaMax: c.lambdaMax,
    negative: c.inertia.negative,
    positive: c.inertia.positive,
    zero: c.inertia.zero,
    // landscape-analysis' default zero band: 100·N·ε·‖H‖₂ (eigensolver backward error with margin).
    tol: c.zeroTol,
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

/**
 * Splits neuron `i` (default: the most negative λ_min(H′_ii)) into αw_i and (1 − α)w_i with landscape-analysis
 * `splitNeuron`, and takes the full spectrum of the new Hessian for the chart.
 */
export function splitNeuron(res: TSResult, alpha: number, neuron?: number): SplitResult {
  const p = res.problem;
  const i = neuron ?? res.hPrimeMin.indexOf(Math.min(...res.hPrimeMin));
  const r = laSplitNeuron((width) => tsObjective({ ...p, n: width }), Float64Array.from(res.w), p.n, p.d, i, {
    alpha,
  });
  const q: TSProblem = { ...p, n: p.n + 1 };
  const after = spectrumOf(tsHessian(q, r.theta), q.n * q.d);
  return {
    neuron: i,
    alpha,
    lambdaHPrime: r.hPrimeMin,
    measuredCurvature: r.rayleigh,
    predictedCurvature: r.predicted / 2,
    gradNormAfter: r.gradNorm,
    lossAfter: r.loss,
    before: res.spectrum,
    after,
    classificationAfter: classify(r.loss, true, after),
  };
}

export { tsLoss };

/** Analyses an arbitrary point (spectrum, H′ blocks); `converged` is taken as true. */
export function analysePoint(p: TSProblem, w: Float64Array): TSResult {
  const g = new Float64Array(w.length);
  const loss = tsGrad(p, w, g);
  return analyse(p, w, loss, Math.sqrt(dot(g, g)), 0, true, []);
}
