/**
 * @landscape-lab/studies — the paper reproductions as typed, pure, seeded task lists.
 *
 * Each study resolves its parameters (defaults + validation), plans a list of JSON task descriptors whose seeds
 * derive from the run seed and the task index, runs each task as a pure function, and aggregates the results. The
 * CLI runs tasks on worker threads and resumes from a task log; the web demo runs them in a Web Worker.
 *
 * @example
 * import { init } from '@landscape-lab/core-math';
 * import { runStudySync } from '@landscape-lab/studies';
 * await init();
 * const { result } = runStudySync('phase-transition', { n: [20, 40], k: [2, 4, 6], trials: 2 }, 1);
 * console.log(result.cells);
 */

export * from './alpha-beta.js';
export * from './half-space-saddle.js';
export * from './hessian.js';
export * from './linear-flow.js';
export * from './papers.js';
export * from './phase-transition.js';
export * from './registry.js';
export * from './schema.js';
export * from './slice.js';
export * from './split-neuron.js';
export * from './spurious-minima.js';
export * from './spurious-minima-trace.js';
export * from './task.js';
export * from './teacher-student.js';
export { median, wilson } from './util.js';
