/**
 * P4 Lemma 28/29 (Theorem 16): split a student neuron of a (spurious) minimum into α·w_i and (1 − α)·w_i. The split
 * point is again critical, and along (u, −u), u the unit eigenvector of λ_min(H′_ii) with H′_ii = H_ii − ½I, its
 * curvature is predicted to be λ_min(H′_ii)·(1/α + 1/(1 − α)); when negative the split point is a saddle.
 * @see spec §4.3, §4.6 claim 4; landscape-analysis `splitNeuron`
 */

import { rangeError, typeError } from '@landscape-lab/core-math';
import { classify, splitNeuron } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { makeTasks, type Study, type Task } from './task.js';
import {
  type PointLabel,
  pointLabel,
  resolveTsPoint,
  type TsPointInput,
  toMatrix,
} from './teacher-student.js';
import { bool, flat, int, num, opt } from './validate.js';

/** Input of {@link splitNeuronStudy}. */
export interface SplitNeuronInput extends TsPointInput {
  /** Neurons to split: indices, or 'all' (default). */
  neurons?: number[] | number | 'all';
  /** Split fractions α ∈ (0, 1) (default [0.5]). */
  alphas?: number[] | number;
  /** Gradient norm under which the split point counts as critical (default 1e−6). */
  gradTol?: number;
  /** Also report every eigenvalue of the split point's Hessian (`eigenvalues`; default false). */
  spectrum?: boolean;
}

/** Resolved parameters. */
export interface SplitNeuronParams {
  W: number[][];
  V: number[][];
  neurons: number[];
  alphas: number[];
  gradTol: number;
  /** Present (true) only when the spectrum was asked. */
  spectrum?: true;
}

/** One split. */
export interface SplitTaskParams {
  W: number[][];
  V: number[][];
  neuron: number;
  alpha: number;
  gradTol: number;
  spectrum?: true;
}

/** Result of one split (the JSON contract). */
export interface SplitRow {
  neuron: number;
  alpha: number;
  /** F and ‖∇F‖ at the split point (equal to the original point's, Lemma 28). */
  loss: number;
  gradNorm: number;
  lossBefore: number;
  gradNormBefore: number;
  /** λ_min of the Hessian at the split point. */
  lambdaMin: number;
  /** λ_min(H′_ii). */
  hPrimeMin: number;
  /** λ_min(H′_ii)·(1/α + 1/(1 − α)). */
  predictedCurvature: number;
  /** dᵀH d along d = (u, −u), unnormalised (‖d‖² = 2). */
  measuredCurvature: number;
  /** Label of the split point (inertia of its Hessian; `non-critical` when ‖∇F‖ > gradTol). */
  classification: PointLabel;
  inertia: { negative: number; zero: number; positive: number };
  tolerance: number;
  /** All eigenvalues of the split point's Hessian, ascending (only when `spectrum` was asked). */
  eigenvalues?: number[];
}

/** Result of {@link splitNeuronStudy}. */
export interface SplitNeuronResult {
  n: number;
  k: number;
  d: number;
  splits: SplitRow[];
}

const FN = 'splitNeuronStudy';

/**
 * The split-neuron study: one task per (neuron, α).
 * @example
 * const p = splitNeuronStudy.resolve({ W: spuriousMinimum, neurons: 'all', alphas: [0.3, 0.5] });
 */
export const splitNeuronStudy: Study<
  SplitNeuronInput,
  SplitNeuronParams,
  SplitTaskParams,
  SplitRow,
  SplitNeuronResult
> = {
  name: 'split-neuron',
  summary:
    'P4 Lemma 28/29: split a neuron of a minimum; the split point is a saddle with predicted curvature.',
  resolve(input) {
    const i = input ?? {};
    const { W, V } = resolveTsPoint(FN, i);
    const n = W.length;
    const raw = opt<SplitNeuronInput['neurons']>(i.neurons, 'all');
    let neurons: number[];
    if (raw === 'all') neurons = Array.from({ length: n }, (_, j) => j);
    else {
      const list = typeof raw === 'number' ? [raw] : raw;
      if (!Array.isArray(list) || list.length === 0)
        throw typeError(FN, 'neurons', "be 'all' or a non-empty list of indices", raw);
      neurons = [...new Set(list.map((j, t) => int(FN, `neurons[${t}]`, j, 0, n - 1)))].sort((a, b) => a - b);
    }
    const araw = opt<number[] | number>(i.alphas, [0.5]);
    const alphas = (typeof araw === 'number' ? [araw] : araw).map((a, t) => {
      num(FN, `alphas[${t}]`, a);
      if (!(a > 0 && a < 1)) throw rangeError(FN, `alphas[${t}]`, 'be in (0, 1)', a);
      return a;
    });
    return {
      W,
      V,
      neurons,
      alphas,
      gradTol: num(FN, 'gradTol', opt(i.gradTol, 1e-6), 'positive'),
      ...(bool(FN, 'spectrum', opt(i.spectrum, false)) ? { spectrum: true as const } : {}),
    };
  },
  plan(p, seed) {
    const items = p.neurons.flatMap((neuron) =>
      p.alphas.map((alpha) => ({
        id: `neuron=${neuron},alpha=${alpha}`,
        params: {
          W: p.W,
          V: p.V,
          neuron,
          alpha,
          gradTol: p.gradTol,
          ...(p.spectrum ? { spectrum: true as const } : {}),
        },
      })),
    );
    return makeTasks('split-neuron', seed, items);
  },
  run(tp) {
    const V = toMatrix(tp.V);
    const n = tp.W.length;
    const d = V.cols;
    const factory = (w: number) => teacherStudent({ n: w, V });
    const r = splitNeuron(factory, flat(tp.W), n, d, tp.neuron, { alpha: tp.alpha });
    const c = classify(factory(n + 1), r.theta);
    return {
      neuron: tp.neuron,
      alpha: tp.alpha,
      loss: r.loss,
      gradNorm: r.gradNorm,
      lossBefore: r.lossBefore,
      gradNormBefore: r.gradNormBefore,
      lambdaMin: c.lambdaMin,
      hPrimeMin: r.hPrimeMin,
      predictedCurvature: r.predicted,
      measuredCurvature: r.measured,
      classification: pointLabel(c, r.gradNorm, tp.gradTol),
      inertia: c.inertia,
      tolerance: c.zeroTol,
      ...(tp.spectrum ? { eigenvalues: Array.from(c.eigenvalues) } : {}),
    };
  },
  aggregate(p, _tasks: readonly Task<SplitTaskParams>[], results) {
    return { n: p.W.length, k: p.V.length, d: p.W[0]!.length, splits: [...results] };
  },
};
