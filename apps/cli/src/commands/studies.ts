/** The commands that run one study each: these can be sharded (`--shard`), submitted and merged. */
import type { StudyCommand } from '../command.js';
import { REPRODUCE_TARGETS } from '../reproduce/index.js';
import { alphaBetaCommand } from './alpha-beta.js';
import { hessianCommand } from './hessian.js';
import { linearFlowCommand } from './linear-flow.js';
import { phaseTransitionCommand } from './phase-transition.js';
import { sliceCommand } from './slice.js';
import { splitNeuronCommand } from './split-neuron.js';
import { spuriousMinimaCommand } from './spurious-minima.js';

export const STUDY_COMMANDS: readonly StudyCommand<unknown, unknown>[] = [
  phaseTransitionCommand,
  spuriousMinimaCommand,
  splitNeuronCommand,
  hessianCommand,
  sliceCommand,
  linearFlowCommand,
  alphaBetaCommand,
] as readonly StudyCommand<never, never>[] as readonly StudyCommand<unknown, unknown>[];

/** Every command whose run is one study's task list: the study commands and the `reproduce` targets. */
export const SHARDABLE_COMMANDS: readonly StudyCommand<unknown, unknown>[] = [
  ...STUDY_COMMANDS,
  ...REPRODUCE_TARGETS,
];
