/** Messages between the page (main thread, rendering only) and the compute workers. All plain, cloneable data. */

import type { PhaseTransitionInput } from '@landscape-lab/studies';
import type { ToyId } from './compute/alphaBeta.js';
import type { Portrait } from './compute/linearFlow.js';
import type { PtTask } from './compute/phaseTransition.js';
import type { TSParams } from './compute/tsLab.js';

export type SliceSource =
  | { lab: 'ts'; k: number; n: number; d: number; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'p1'; portrait: Portrait; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'p2toy'; toy: ToyId; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'halfspace'; seed: number; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'p3'; task: PtTask; label: string };

export type Task =
  | { kind: 'p3-plan'; input: PhaseTransitionInput; seed: number }
  | { kind: 'p3-task'; task: PtTask }
  | { kind: 'p3-curves'; tasks: PtTask[] }
  | { kind: 'ts-run'; params: TSParams }
  | { kind: 'ts-split'; k: number; n: number; w: number[]; alpha: number }
  | { kind: 'p1-traj'; portrait: Portrait; w1: number; w2: number; T: number; box: number }
  | { kind: 'p1-imbalance'; k: number; y: number; etas: number[]; T: number; seed: number }
  | { kind: 'p2-toy'; toy: ToyId; grid: number; nAB: number; alphaMax: number }
  | { kind: 'p2-halfspace'; seed: number; iterations: number; nAB: number; alphaMax: number }
  | { kind: 'slice'; source: SliceSource; grid: number };

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'init-error'; message: string }
  | { id: number; type: 'progress'; data: unknown }
  | { id: number; type: 'done'; data: unknown }
  | { id: number; type: 'error'; message: string; code?: string };

export interface ToWorker {
  id: number;
  task: Task;
}
