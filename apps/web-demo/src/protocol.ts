/** Messages between the page (main thread, rendering only) and the compute workers. All plain, cloneable data. */

import type {
  AbTaskParams,
  PtTaskParams,
  SmTaskParams,
  StudyName,
  Task as StudyTask,
  TaskResult,
} from '@landscape-lab/studies';
import type { ToyId } from './compute/alphaBeta.js';
import type { Portrait } from './compute/linearFlow.js';

export type SliceSource =
  | { lab: 'ts'; k: number; n: number; d: number; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'p1'; portrait: Portrait; center: number[]; trajectory: number[][]; label: string }
  | { lab: 'p2toy'; toy: ToyId; center: number[]; trajectory: number[][]; label: string }
  | {
      lab: 'halfspace';
      task: StudyTask<AbTaskParams>;
      center: number[];
      trajectory: number[][];
      label: string;
    }
  | { lab: 'p3'; task: StudyTask<PtTaskParams>; label: string };

export type Task =
  /** A study's `resolve` + `plan` (returns its task list; throws its coded errors for bad input). */
  | { kind: 'study-plan'; study: StudyName; input: unknown; seed: number }
  /** One planned task, by the studies' `runTask` (returns the task's JSON result). */
  | { kind: 'study-task'; task: StudyTask }
  /** A study's `aggregate` over all task results (re-resolved and re-planned from the same input and seed). */
  | { kind: 'study-aggregate'; study: StudyName; input: unknown; seed: number; results: TaskResult[] }
  /** A whole study in this worker: `runStudySync` (for one-task studies: hessian, split-neuron). */
  | { kind: 'study-sync'; study: StudyName; input: unknown; seed: number }
  /** One spurious-minima census task by the studies' `spuriousMinimaTraced` (streams [it, F, ‖∇F‖, restarts]). */
  | { kind: 'sm-traced'; task: StudyTask<SmTaskParams> }
  | { kind: 'p1-traj'; portrait: Portrait; w1: number; w2: number; T: number; box: number }
  | { kind: 'p2-toy'; toy: ToyId; grid: number; nAB: number; alphaMax: number }
  | { kind: 'p2-halfspace'; seed: number; maxIters: number; nAB: number; alphaMax: number }
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
