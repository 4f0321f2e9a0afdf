/** Every command of the CLI, in help order. */
import type { CliCommand } from '../command.js';
import { mergeCommand } from './merge.js';
import { reproduceCommand } from './reproduce.js';
import { STUDY_COMMANDS } from './studies.js';
import { submitCommand } from './submit.js';
import { tourCommand } from './tour.js';

export const COMMANDS: readonly CliCommand[] = [
  ...STUDY_COMMANDS,
  reproduceCommand,
  tourCommand,
  submitCommand,
  mergeCommand,
];
