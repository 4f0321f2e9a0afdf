/**
 * P4 Lemma 28/29 (Theorem 16): split a student neuron of a (spurious) minimum into α·w_i and (1 − α)·w_i. The split
 * point is again critical, and along (u, −u), u the unit eigenvector of λ_min(H′_ii) with H′_ii = H_ii − ½I, its
 * curvature is predicted to be λ_min(H′_ii)·(1/α + 1/(1 − α)); when negative the split point is a saddle.
 * @see spec §4.3, §4.6 claim 4; landscape-analysis `splitNeuron`
 */

import { rangeError } from '@landscape-lab/core-math';
import { classify, splitNeuron } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study, type Task } from './task.js';
import { type PointLabel, pointLabel, TS_POINT_FIELDS, toMatrix, tsPoint } from './teacher-student.js';
import { flat } from './util.js';

/** The study's parameters: one declaration for the library and the CLI. */
export const SPLIT_NEURON_SCHEMA = defineSchema({
  ...TS_POINT_FIELDS,
  neurons: {
    kind: 'int-list',
    min: 0,
    max: 1e6,
    nullable: true,
    cli: false,
    defaultText: 'all',
    help: 'neurons to split (indices into W), or all',
  },
  alphas: {
    kind: 'number-list',
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
    default: [0.5],
    cli: 'alpha',
    arg: '<list>',
    help: 'split fractions α',
  },
  gradTol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-6,
    cli: false,
    help: '‖∇F‖ under which the split point counts as critical',
  },
  spectrum: {
    kind: 'bool',
    default: false,
    cli: false,
    help: "also report every eigenvalue of the split point's Hessian",
  },
});

/** Input of {@link splitNeuronStudy} (see {@link SPLIT_NEURON_SCHEMA}; `W` is required; `neurons` may be 'all'). */
export type SplitNeuronInput = Omit<SchemaInput<typeof SPLIT_NEURON_SCHEMA>, 'neurons'> & {
  neurons?: number | readonly number[] | 'all' | null;
};

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
    const { neurons: nIn, ...rest } = input ?? {};
    const r = resolveSchema(FN, SPLIT_NEURON_SCHEMA, { ...rest, neurons: nIn === 'all' ? null : nIn });
    const { W, V } = tsPoint(FN, r.W, r.V);
    const n = W.length;
    const bad = r.neurons?.findIndex((j) => j >= n) ?? -1;
    if (bad >= 0)
      throw rangeError(FN, `neurons[${bad}]`, `be a neuron index in [0, ${n - 1}]`, r.neurons![bad]);
    return {
      W,
      V,
      neurons: r.neurons ?? Array.from({ length: n }, (_, j) => j),
      alphas: r.alphas,
      gradTol: r.gradTol,
      ...(r.spectrum ? { spectrum: true as const } : {}),
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
