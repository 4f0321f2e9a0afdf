/**
 * Lab 2 (P4 / SS18): full-batch GD on the teacher–student population loss, then the Hessian spectrum, the
 * classification of the end point, and the split-a-neuron construction (P4 Lemma 28/29).
 */
import {
  dot,
  type Matrix,
  type Objective,
  Rng,
  StateError,
  symEigen,
  teacherStudentHessian,
  teacherStudentLossGrad,
  teacherStudentSession,
} from '@landscape-lab/core-math';
import { classify as classifyHessian, splitNeuron as laSplitNeuron } from '@landscape-lab/landscape-analysis';
import { teacherStudent, teacherStudentHessianBlocks } from '@landscape-lab/trainers';

export interface TSProblem {
  k: number; // teacher neurons
  n: number; // student neurons
  d: number; // input dimension (≥ k)
}

const mat = (rows: number, cols: number, data: Float64Array): Matrix => ({ rows, cols, data });
/** The orthonormal teacher V = [e_1 … e_k]ᵀ (k×d, neurons as rows). */
export function teacherOf(p: TSProblem): Matrix {
  const V = new Float64Array(p.k * p.d);
  for (let j = 0; j < p.k; j++) V[j * p.d + j] = 1;
  return mat(p.k, p.d, V);
}

/** ∇²F by core-math's wasm kernel (row-major nd×nd). */
export function hessianWasm(p: TSProblem, w: Float64Array): Float64Array {
  return teacherStudentHessian(mat(p.n, p.d, w), teacherOf(p)).data;
}

/** The teacher–student loss as a core-math `Objective` (wasm closed forms), for landscape-analysis. */
export function tsObjective(p: TSProblem): Objective {
  return teacherStudent({ n: p.n, V: teacherOf(p) });
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
    const V = teacherOf(p).data;
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
  const H = hessianWasm(p, w);
  const spectrum = spectrumOf(H, N);
  const hPrimeMin: number[] = [];
  // λ_min(H′_ii) of each block H′_ii = H_ii − ½I (trainers' `teacherStudentHessianBlocks`, core-math `symEigen`).
  for (const B of teacherStudentHessianBlocks(mat(N, N, H), p.n, p.d, true)) {
    const r = symEigen(B, { vectors: false });
    if (!r.converged)
      throw new StateError('E_INTERNAL', 'analyse', 'analyse: the symmetric eigensolver did not converge.');
    hPrimeMin.push(r.values[0]!);
  }
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
 * GD on core-math's resident wasm session (`teacherStudentSession().gdSteps`), in chunks so that the loss curve
 * streams: short chunks early (where the loss moves), then ≈ maxIter/200. SS18 rules: stop at
 * max_i ‖∂F/∂w_i‖ < gradTol; on divergence (gradient norm > 1e4) restart from W₀ with half the step.
 * `onProgress` receives (iteration, loss, max_i ‖∂F/∂w_i‖).
 */
export function runTeacherStudent(
  params: TSParams,
  onProgress: (it: number, loss: number, g: number) => void,
): TSResult {
  const { k, n } = params;
  const p: TSProblem = { k, n, d: k };
  let step = params.step;
  const w0 = initialPoint(p, params);
  const every = Math.max(1, Math.floor(params.maxIter / 200));
  const session = teacherStudentSession(teacherOf(p), mat(n, p.d, w0));
  try {
    let trajectory: number[][] = [Array.from(w0)];
    let it = 0;
    let chunk = 1;
    let status = 'maxSteps';
    let loss = session.loss();
    let gmax = Number.POSITIVE_INFINITY;
    onProgress(0, loss, gmax);
    while (it < params.maxIter) {
      const r = session.gdSteps({
        step,
        steps: Math.min(chunk, params.maxIter - it),
        gradTol: params.gradTol,
        norm: 'maxNeuron',
        divergeAbove: 1e4,
      });
      status = r.status;
      if (r.status === 'diverged' || r.status === 'nonFinite') {
        step /= 2;
        if (step < 1e-8) break;
        session.setWeights(w0);
        it = 0;
        chunk = 1;
        trajectory = [Array.from(w0)];
        continue;
      }
      it += r.steps;
      loss = r.loss;
      gmax = r.gradNorm;
      onProgress(it, loss, gmax);
      if (trajectory.length < 400) trajectory.push(Array.from(session.weights()));
      if (r.status !== 'maxSteps') break;
      chunk = Math.min(every, Math.ceil(chunk * 1.15) + 1);
    }
    if (status === 'zeroNeuron')
      throw new Error(
        'GD reached a zero student neuron, where F is not differentiable; try another seed or a smaller step.',
      );
    const w = session.weights();
    const { grad } = teacherStudentLossGrad(mat(n, p.d, w), teacherOf(p));
    if (step !== params.step) onProgress(it, loss, gmax);
    return analyse(p, w, loss, Math.sqrt(dot(grad, grad)), it, status === 'converged', trajectory);
  } finally {
    session.dispose();
  }
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
  const after = spectrumOf(hessianWasm(q, r.theta), q.n * q.d);
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

/** Analyses an arbitrary point (spectrum, H′ blocks); `converged` is taken as true. */
export function analysePoint(p: TSProblem, w: Float64Array): TSResult {
  const { loss, grad } = teacherStudentLossGrad(mat(p.n, p.d, w), teacherOf(p));
  return analyse(p, w, loss, Math.sqrt(dot(grad, grad)), 0, true, []);
}
