/**
 * P3 phase transition (spec §3.4, our protocol, not the paper's unknown one): for each cell (n, k, d) and trial,
 * draw n unit-norm inputs in R^d and random labels, fix v = ±1/√k (balanced signs), start from W₀ ~ N(0, 1) and run
 * full-batch GD on ½‖φ(XWᵀ)v − y‖² with step 1/‖J(W₀)‖₂² (or a given one). A trial succeeds when the relative
 * residual ‖f(W) − y‖/‖y‖ drops below `tol` within `maxIters` steps. The success rate over (n, kd) shows the
 * transition near n = kd (spec §3.3: below the line interpolation is impossible for generic labels).
 *
 * Data sharing: all cells with the same (n, d, trial) use the same data set (X, y), so the k direction of the
 * heat map compares networks on identical problems; its seed is derived purely from (seed, n, d, trial).
 * With `covariance`, λ(X) = λ_min(Σ(X)) (spec §3.2, Def. 6.1) is also reported for the trial-0 data of every (n, d).
 * @see spec §3.2–3.4; P3 Fig. 2
 */
import {
  activateDeriv,
  gram,
  type Matrix,
  matmul,
  matrix,
  matvec,
  Rng,
  shallowNetLossGrad,
  shallowNetSession,
  transpose,
  typeError,
} from '@landscape-lab/core-math';
import { ntkCovariance } from '@landscape-lab/landscape-analysis';
import { checkField, defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study, type Task } from './task.js';
import { median } from './util.js';

/** Activations of the shallow net. */
export const PT_ACTIVATIONS = ['relu', 'softplus', 'quadratic', 'tanh', 'sigmoid'] as const;
export type PtActivation = (typeof PT_ACTIVATIONS)[number];

/** The sweep's parameters: one declaration for the library, the CLI and the web demo. */
export const PHASE_TRANSITION_SCHEMA = defineSchema({
  d: {
    kind: 'int-list',
    min: 1,
    max: 2047,
    default: [10],
    help: 'input dimensions',
    label: 'input dimension d',
  },
  n: {
    kind: 'int-list',
    min: 1,
    max: 2047,
    default: [20, 40, 60],
    help: 'sample counts',
    label: 'samples n',
  },
  k: {
    kind: 'int-list',
    min: 1,
    max: 100000,
    default: [2, 4, 6, 8],
    help: 'hidden widths',
    label: 'hidden units k',
  },
  trials: { kind: 'int', min: 1, max: 1023, default: 3, help: 'trials per cell' },
  activation: { kind: 'enum', choices: PT_ACTIVATIONS, default: 'softplus', help: 'activation φ' },
  labels: { kind: 'enum', choices: ['gaussian', 'sign'], default: 'gaussian', help: 'label distribution' },
  maxIters: {
    kind: 'int',
    min: 1,
    max: 1e8,
    default: 4000,
    help: 'GD iteration cap T',
    label: 'GD iterations T',
  },
  tol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-3,
    defaultText: '1e-3',
    help: 'relative residual ‖f(W) − y‖/‖y‖ below which a trial succeeds',
    label: 'success: ‖f−y‖/‖y‖ <',
  },
  step: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    nullable: true,
    defaultText: '1/‖J(W₀)‖²',
    help: 'GD step size',
  },
  covariance: { kind: 'bool', default: false, help: 'also report λ(X) = λ_min(Σ(X)) per n (spec §3.2)' },
  trace: {
    kind: 'bool',
    default: false,
    cli: false,
    help: "also record each run's residual curve and weight path (GD in chunks; iterates bitwise unchanged)",
  },
});

/** Input of {@link phaseTransition} (every field optional; see {@link PHASE_TRANSITION_SCHEMA}). */
export type PhaseTransitionInput = SchemaInput<typeof PHASE_TRANSITION_SCHEMA>;

/** Resolved parameters (recorded in results). */
export interface PhaseTransitionParams {
  d: number[];
  n: number[];
  k: number[];
  trials: number;
  activation: PtActivation;
  labels: 'gaussian' | 'sign';
  maxIters: number;
  tol: number;
  step: number | null;
  covariance: boolean;
  /** Present (true) only when tracing was asked, so untraced runs record the same parameters as before. */
  trace?: true;
}

/** One task: one training run, or one covariance evaluation. */
export type PtTaskParams =
  | {
      kind: 'train';
      n: number;
      k: number;
      d: number;
      trial: number;
      dataSeed: number;
      activation: PtActivation;
      labels: 'gaussian' | 'sign';
      maxIters: number;
      tol: number;
      step: number | null;
      /** Record a {@link PtTrace} (present only when true). */
      trace?: true;
    }
  | {
      kind: 'covariance';
      n: number;
      d: number;
      dataSeed: number;
      activation: PtActivation;
      labels: 'gaussian' | 'sign';
    };

/** Result of one training task. */
export interface PtTrainResult {
  kind: 'train';
  success: boolean;
  iterations: number;
  residual: number;
  step: number;
  /** ‖W − W₀‖_F / ‖W₀‖_F at the end (the "nearby optimum" of P3). */
  relativeMove: number;
  /** The run's curve and path, when the task was planned with `trace`. */
  trace?: PtTrace;
}

/** What a traced training run records (spec §3.4 run, same iterates as untraced). */
export interface PtTrace {
  /** (iteration, ‖f(W) − y‖/‖y‖) at the start and after each of ≤ 100 equal chunks of GD (and at the stop). */
  curve: [number, number][];
  /** W (k×d, row-major, flattened) at the start, after each of the first ≤ 60 chunks, and at the end. */
  path: number[][];
}

/** Result of one covariance task. */
export interface PtCovarianceResult {
  kind: 'covariance';
  lambda: number;
  method: string;
}

/** One heat-map cell. */
export interface PhaseTransitionCell {
  n: number;
  k: number;
  d: number;
  /** k·d, the number of trained parameters. */
  kd: number;
  trials: number;
  successes: number;
  /** successes / trials. */
  rate: number;
  /** Median GD iterations over successful trials (null when none succeeded). */
  medianIters: number | null;
  /**
   * GD iterations of each successful trial, ascending. The step (1/‖J(W₀)‖²) does not depend on the budget, so the
   * successes within a smaller budget T are exactly the entries ≤ T (see {@link cellsWithinBudget}).
   */
  successIters: number[];
  /** Median final relative residual over all trials. */
  medianResidual: number;
}

/** Result of {@link phaseTransition}. */
export interface PhaseTransitionResult {
  cells: PhaseTransitionCell[];
  /** λ(X) per (n, d) when `covariance` was asked. */
  covariance: { n: number; d: number; lambda: number; method: string }[] | null;
}

const FN = 'phaseTransition';

/** Derives the seed of the data set (X, y) shared by all widths for one (n, d, trial). */
export function dataSeed(seed: number, n: number, d: number, trial: number): number {
  // Stream 1 of the run's seed, split by a pairing of (n, d, trial) that is injective for n, d < 2^11, trial < 2^10.
  const r = new Rng(seed, 1).split(((n & 0x7ff) << 21) | ((d & 0x7ff) << 10) | (trial & 0x3ff));
  return (r.u32() & 0x1fffff) * 4294967296 + r.u32();
}

/**
 * The P3 phase-transition sweep.
 * @example
 * const p = phaseTransition.resolve({ n: [20, 40], k: [2, 4], trials: 2 });
 * const tasks = phaseTransition.plan(p, 1); // 8 training tasks
 */
export const phaseTransition: Study<
  PhaseTransitionInput,
  PhaseTransitionParams,
  PtTaskParams,
  PtTrainResult | PtCovarianceResult,
  PhaseTransitionResult
> = {
  name: 'phase-transition',
  summary: 'P3: probability that GD fits n random labels with k hidden units in d dimensions, over (n, kd).',
  resolve(input) {
    const { trace, ...r } = resolveSchema(FN, PHASE_TRANSITION_SCHEMA, input);
    return { ...r, ...(trace ? { trace: true as const } : {}) };
  },
  plan(p, seed) {
    const items: { id: string; params: PtTaskParams }[] = [];
    for (const d of p.d)
      for (const n of p.n) {
        if (p.covariance)
          items.push({
            id: `cov:n=${n},d=${d}`,
            params: {
              kind: 'covariance',
              n,
              d,
              dataSeed: dataSeed(seed, n, d, 0),
              activation: p.activation,
              labels: p.labels,
            },
          });
        for (const k of p.k)
          for (let trial = 0; trial < p.trials; trial++)
            items.push({
              id: `n=${n},k=${k},d=${d},trial=${trial}`,
              params: {
                kind: 'train',
                n,
                k,
                d,
                trial,
                dataSeed: dataSeed(seed, n, d, trial),
                activation: p.activation,
                labels: p.labels,
                maxIters: p.maxIters,
                tol: p.tol,
                step: p.step,
                ...(p.trace ? { trace: true as const } : {}),
              },
            });
      }
    return makeTasks('phase-transition', seed, items);
  },
  run(tp, seed) {
    return tp.kind === 'train' ? trainRun(tp, seed) : covarianceRun(tp);
  },
  aggregate(p, tasks, results) {
    const cells: PhaseTransitionCell[] = [];
    const cov: PhaseTransitionResult['covariance'] = p.covariance ? [] : null;
    const byCell = new Map<string, PtTrainResult[]>();
    tasks.forEach((t: Task<PtTaskParams>, i) => {
      const r = results[i]!;
      if (t.params.kind === 'covariance' && r.kind === 'covariance')
        cov!.push({ n: t.params.n, d: t.params.d, lambda: r.lambda, method: r.method });
      else if (t.params.kind === 'train' && r.kind === 'train') {
        const key = `${t.params.n},${t.params.k},${t.params.d}`;
        const list = byCell.get(key) ?? [];
        list.push(r);
        byCell.set(key, list);
      }
    });
    for (const d of p.d)
      for (const n of p.n)
        for (const k of p.k) {
          const rs = byCell.get(`${n},${k},${d}`) ?? [];
          const ok = rs.filter((r) => r.success);
          const mi = median(ok.map((r) => r.iterations));
          cells.push({
            n,
            k,
            d,
            kd: k * d,
            trials: rs.length,
            successes: ok.length,
            rate: rs.length ? ok.length / rs.length : 0,
            medianIters: Number.isNaN(mi) ? null : mi,
            successIters: ok.map((r) => r.iterations).sort((a, b) => a - b),
            medianResidual: median(rs.map((r) => r.residual)),
          });
        }
    return { cells, covariance: cov };
  },
};

/**
 * The cells as a run with iteration budget `budget` (≤ the run's `maxIters`) would have found them: a trial
 * succeeds within the budget iff it reached the tolerance in at most `budget` iterations. Exact, because GD's step
 * and iterates do not depend on the budget. `medianIters` is recomputed; `medianResidual` is left as measured at
 * the full budget.
 * @throws ArgumentError (E_ARG_RANGE) when `budget` is not an integer in [1, p.maxIters].
 */
export function cellsWithinBudget(
  p: PhaseTransitionParams,
  r: PhaseTransitionResult,
  budget: number,
): PhaseTransitionCell[] {
  checkField('cellsWithinBudget', 'budget', { kind: 'int', min: 1, max: p.maxIters, help: 'budget' }, budget);
  return r.cells.map((c) => {
    const ok = c.successIters.filter((t) => t <= budget);
    const mi = median(ok);
    return {
      ...c,
      successes: ok.length,
      rate: c.trials ? ok.length / c.trials : 0,
      medianIters: Number.isNaN(mi) ? null : mi,
      successIters: ok,
    };
  });
}

/** The data set (X, y) of one (n, d, trial): X rows ~ N(0, I_d) normalised to unit norm; y ~ N(0, 1) or ±1. */
export function ptData(
  n: number,
  d: number,
  labels: 'gaussian' | 'sign',
  seed: number,
): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = matrix(n, d);
  rng.fillNormal(X.data);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X.data[i * d + j]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) X.data[i * d + j]! *= inv;
  }
  const y = new Float64Array(n);
  if (labels === 'gaussian') rng.fillNormal(y);
  else for (let i = 0; i < n; i++) y[i] = rng.uniform() < 0.5 ? -1 : 1;
  return { X, y };
}

/** Output weights v = ±1/√k, the first ⌈k/2⌉ positive (v = +1 when k = 1), as in spec §3.4. */
export function ptOutputWeights(k: number): Float64Array {
  const v = new Float64Array(k);
  const nu = 1 / Math.sqrt(k);
  for (let j = 0; j < k; j++) v[j] = j < Math.ceil(k / 2) ? nu : -nu;
  return v;
}

/**
 * J(W)J(W)ᵀ = (φ′(XWᵀ) diag(v)² φ′(XWᵀ)ᵀ) ⊙ (XXᵀ) (spec §3.2, exact identity), n×n.
 */
export function jacobianGram(X: Matrix, W: Matrix, v: Float64Array, activation: PtActivation): Matrix {
  const n = X.rows;
  const k = W.rows;
  const D = activateDeriv(activation, matmul(X, transpose(W)).data); // n×k, φ′(XWᵀ)
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) D[i * k + j]! *= Math.abs(v[j]!);
  const A = gram(matrix(n, k, D), { side: 'AAt' });
  const G = gram(X, { side: 'AAt' });
  for (let i = 0; i < n * n; i++) A.data[i]! *= G.data[i]!;
  return A;
}

/**
 * Largest eigenvalue of a symmetric PSD matrix by power iteration with Rayleigh quotients, from a fixed start
 * vector (deterministic). Stops when the quotient changes by less than 1e−10 relative (it converges at rate
 * (λ₂/λ₁)² for symmetric matrices; the NTK Gram's top eigenvalue is well separated: it carries the mean of the
 * features) or after 2000 iterations. Used only to set the step 1/‖J‖², where a 1e−10 relative error is irrelevant.
 */
export function lambdaMaxPsd(A: Matrix): number {
  const n = A.rows;
  if (n === 0) return 0;
  let x: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 1 + i / n; // generic: not orthogonal to a top eigenvector of a PSD Gram
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    let nx = 0;
    for (let i = 0; i < n; i++) nx += x[i]! * x[i]!;
    nx = Math.sqrt(nx);
    if (nx === 0) return 0;
    for (let i = 0; i < n; i++) x[i]! /= nx;
    const y = matvec(A, x);
    let q = 0;
    for (let i = 0; i < n; i++) q += x[i]! * y[i]!;
    const done = Math.abs(q - lambda) <= 1e-10 * Math.abs(q);
    lambda = q;
    x = y;
    if (done) break;
  }
  return lambda;
}

function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

function trainRun(p: Extract<PtTaskParams, { kind: 'train' }>, seed: number): PtTrainResult {
  const { X, y, v, W0, step } = trainSetup(p, seed);
  const ynorm = norm(y);
  const session = shallowNetSession({ X, y, v, activation: p.activation }, W0.data);
  try {
    const residualTol = p.tol * ynorm;
    let iterations: number;
    let residualNorm: number;
    let trace: PtTrace | undefined;
    if (p.trace) {
      // The same GD in ≤ 100 chunks on the resident session (the kernel keeps W, so the iterates are unchanged).
      const r0 = new Float64Array(p.n);
      shallowNetLossGrad({ X, y, v, activation: p.activation }, W0.data, undefined, r0);
      residualNorm = norm(r0);
      const curve: [number, number][] = [[0, residualNorm / ynorm]];
      const path: number[][] = [Array.from(W0.data)];
      const every = Math.max(1, Math.ceil(p.maxIters / 100));
      iterations = 0;
      while (iterations < p.maxIters && !(residualNorm <= residualTol)) {
        const r = session.gdSteps({ step, maxIters: Math.min(every, p.maxIters - iterations), residualTol });
        iterations += r.iterations;
        residualNorm = r.residualNorm;
        curve.push([iterations, residualNorm / ynorm]);
        if (path.length < 61) path.push(Array.from(session.weights()));
        if (!Number.isFinite(residualNorm) || r.iterations === 0) break;
      }
      path.push(Array.from(session.weights()));
      trace = { curve, path };
    } else {
      const r = session.gdSteps({ step, maxIters: p.maxIters, residualTol });
      iterations = r.iterations;
      residualNorm = r.residualNorm;
    }
    const W = session.weights();
    let move = 0;
    for (let i = 0; i < W.length; i++) move += (W[i]! - W0.data[i]!) ** 2;
    const residual = residualNorm / ynorm;
    return {
      kind: 'train',
      success: residual <= p.tol,
      iterations,
      residual: Number.isFinite(residual) ? residual : Number.MAX_VALUE,
      step,
      relativeMove: Math.sqrt(move) / norm(W0.data),
      ...(trace ? { trace } : {}),
    };
  } finally {
    session.dispose();
  }
}

/** The data, output weights, W₀ (from the task seed) and step of one training task. */
function trainSetup(p: Extract<PtTaskParams, { kind: 'train' }>, seed: number) {
  const { X, y } = ptData(p.n, p.d, p.labels, p.dataSeed);
  const v = ptOutputWeights(p.k);
  const W0 = matrix(p.k, p.d);
  new Rng(seed).fillNormal(W0.data);
  const step = p.step ?? 1 / lambdaMaxPsd(jacobianGram(X, W0, v, p.activation));
  return { X, y, v, W0, step };
}

/**
 * The loss ½‖φ(XWᵀ)v − y‖² of a training task's own problem (its data set and output weights) as a function of W
 * (k×d, row-major): for looking at the landscape around a traced run's path.
 * @throws ArgumentError (E_ARG_TYPE) for a covariance task.
 * @example
 * const f = ptTaskLoss(task.params); f(Float64Array.from(result.trace.path.at(-1)));
 */
export function ptTaskLoss(tp: PtTaskParams): (W: Float64Array) => number {
  if (tp.kind !== 'train') throw typeError('ptTaskLoss', 'tp.kind', "be 'train'", tp.kind);
  const { X, y } = ptData(tp.n, tp.d, tp.labels, tp.dataSeed);
  const data = { X, y, v: ptOutputWeights(tp.k), activation: tp.activation };
  return (W) => shallowNetLossGrad(data, W);
}

/**
 * λ(X) = λ_min(Σ(X)) with Σ(X) = E_w[(φ′(Xw)φ′(Xw)ᵀ) ⊙ XXᵀ] (P3 Def. 6.1, spec §3.2): closed forms for relu and
 * quadratic, Gauss–Hermite quadrature otherwise (landscape-analysis `ntkCovariance`).
 */
function covarianceRun(p: Extract<PtTaskParams, { kind: 'covariance' }>): PtCovarianceResult {
  const { X } = ptData(p.n, p.d, p.labels, p.dataSeed);
  const c = ntkCovariance(X, p.activation, { kind: 'jacobian' });
  return { kind: 'covariance', lambda: c.lambda, method: c.method };
}
