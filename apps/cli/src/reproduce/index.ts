/** Every `reproduce` target, in help order. */

import { p1Fig3Target } from './p1-fig3.js';
import { p2HalfSpaceTarget } from './p2-half-space.js';
import { p3PhaseTarget } from './p3-phase.js';
import { p4CensusTarget } from './p4-census.js';
import { ss18TablesTarget } from './ss18-tables.js';
import type { ReproduceTarget } from './target.js';

export const REPRODUCE_TARGETS: readonly ReproduceTarget<unknown, unknown>[] = [
  ss18TablesTarget,
  p4CensusTarget,
  p3PhaseTarget,
  p1Fig3Target,
  p2HalfSpaceTarget,
] as readonly ReproduceTarget<never, never>[] as readonly ReproduceTarget<unknown, unknown>[];
