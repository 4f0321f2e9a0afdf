/**
 * Optimizers and the run loop of `@landscape-lab/trainers`: GD, SGD, heavy-ball momentum, Adam, perturbed GD
 * (P4 Algorithm D.2) and gradient flow by adaptive Dormand–Prince 5(4) with dense output, all over the `Objective`
 * contract of core-math. Newton / trust-region polishing to a critical point is landscape-analysis' `polish`.
 */
export {
  CONVERGED_REASONS,
  DEFAULT_MAX_ITER,
  type DivergenceOptions,
  type EvaluationCounts,
  type RecordOptions,
  type ResidualHook,
  type ResolvedStop,
  type RestartRecord,
  type RunOptions,
  type RunResult,
  type StepInfo,
  type StopOptions,
  type StopReason,
  type TrajectoryPoint,
} from './common.js';
export * from './dopri5.js';
export * from './flow.js';
export * from './methods.js';
export * from './recorder.js';
export {
  type LoopOptions,
  type LoopResult,
  runOptimizer,
  type StepContext,
  type StepRule,
  type StepSchedule,
} from './run.js';
export * from './serialize.js';
