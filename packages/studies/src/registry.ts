/**
 * The registry of studies and the pure task runner used by every executor (in-process, worker threads, or a
 * remote job engine): `runTask(task)` looks the study up by name and runs the task's parameters with its seed.
 */
import { typeError } from '@landscape-lab/core-math';
import type { AlphaBetaInput } from './alpha-beta.js';
import { alphaBeta } from './alpha-beta.js';
import type { HessianInput } from './hessian.js';
import { hessianStudy } from './hessian.js';
import type { LinearFlowInput } from './linear-flow.js';
import { linearFlow } from './linear-flow.js';
import type { PhaseTransitionInput } from './phase-transition.js';
import { phaseTransition } from './phase-transition.js';
import type { SliceInput } from './slice.js';
import { sliceStudy } from './slice.js';
import type { SplitNeuronInput } from './split-neuron.js';
import { splitNeuronStudy } from './split-neuron.js';
import type { SpuriousMinimaInput } from './spurious-minima.js';
import { spuriousMinima } from './spurious-minima.js';
import type { Study, StudyName, Task } from './task.js';

/** The input type of each study (derived from its schema), so literal inputs are checked at compile time. */
export interface StudyInputs {
  'phase-transition': PhaseTransitionInput;
  'spurious-minima': SpuriousMinimaInput;
  'split-neuron': SplitNeuronInput;
  hessian: HessianInput;
  slice: SliceInput;
  'linear-flow': LinearFlowInput;
  'alpha-beta': AlphaBetaInput;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry is heterogeneous; each study is typed at its definition.
type AnyStudy = Study<any, any, any, any, any>;

/** Every study by name. */
export const STUDIES: Record<StudyName, AnyStudy> = {
  'phase-transition': phaseTransition,
  'spurious-minima': spuriousMinima,
  'split-neuron': splitNeuronStudy,
  hessian: hessianStudy,
  slice: sliceStudy,
  'linear-flow': linearFlow,
  'alpha-beta': alphaBeta,
} as Record<StudyName, AnyStudy>;

/**
 * Runs one task descriptor. Pure: the result depends only on the descriptor (and the build). Requires core-math
 * `init()` to have completed in this realm.
 * @throws ArgumentError (E_ARG_TYPE) for an unknown study; whatever the study's `run` throws.
 * @example
 * await init();
 * const [task] = STUDIES['phase-transition'].plan(STUDIES['phase-transition'].resolve({ n: 10, k: 2, trials: 1 }), 1);
 * const value = runTask(task);
 */
export function runTask(task: Task): unknown {
  const study = STUDIES[task?.study];
  if (!study)
    throw typeError('runTask', 'task.study', `be one of ${Object.keys(STUDIES).join(', ')}`, task?.study);
  return study.run(task.params, task.seed);
}

/**
 * Resolves, plans, runs (in this thread, in task order) and aggregates a study: the simplest way to use a study
 * from code. Requires core-math `init()`.
 * @example
 * await init();
 * const { params, result } = runStudySync('phase-transition', { n: [20], k: [2, 4], trials: 2 }, 1);
 */
export function runStudySync<R = unknown, P = unknown, N extends StudyName = StudyName>(
  name: N,
  input: StudyInputs[N],
  seed: number,
): { params: P; result: R } {
  const study = STUDIES[name];
  if (!study) throw typeError('runStudySync', 'name', `be one of ${Object.keys(STUDIES).join(', ')}`, name);
  const params = study.resolve(input);
  const tasks = study.plan(params, seed);
  const results = tasks.map((t) => JSON.parse(JSON.stringify(study.run(t.params, t.seed) ?? null)));
  return { params, result: study.aggregate(params, tasks, results) };
}
