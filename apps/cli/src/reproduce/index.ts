/** Every `reproduce` target, in help order. */

import { ss18TablesTarget } from './ss18-tables.js';
import type { ReproduceTarget } from './target.js';

export const REPRODUCE_TARGETS: readonly ReproduceTarget<unknown, unknown>[] = [
  ss18TablesTarget,
] as readonly ReproduceTarget<never, never>[] as readonly ReproduceTarget<unknown, unknown>[];
