/** Every command of the CLI, in help order. */
import type { Command } from '../command.js';
import { alphaBetaCommand } from './alpha-beta.js';
import { hessianCommand } from './hessian.js';
import { linearFlowCommand } from './linear-flow.js';
import { phaseTransitionCommand } from './phase-transition.js';
import { sliceCommand } from './slice.js';
import { splitNeuronCommand } from './split-neuron.js';
import { spuriousMinimaCommand } from './spurious-minima.js';
import { tourCommand } from './tour.js';

export const COMMANDS: readonly Command[] = [
  phaseTransitionCommand,
  spuriousMinimaCommand,
  splitNeuronCommand,
  hessianCommand,
  sliceCommand,
  linearFlowCommand,
  alphaBetaCommand,
  tourCommand,
];
