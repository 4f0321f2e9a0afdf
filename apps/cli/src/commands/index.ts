/** Every command of the CLI, in help order. */
import type { Command } from '../command.js';
import { phaseTransitionCommand } from './phase-transition.js';

export const COMMANDS: readonly Command[] = [phaseTransitionCommand];
