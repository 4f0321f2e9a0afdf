/**
 * The task model shared by every study: a study is planned into a list of independent, seeded, JSON-serialisable
 * task descriptors; each task is run by a pure function of its descriptor; the results are folded by a pure
 * aggregate. Nothing here keeps state between calls, so tasks may run in any order, in any worker thread or on any
 * machine, and the aggregate is bitwise the same.
 *
 * Seeds: task i of a study started with seed s gets {@link taskSeed}(s, i), derived from `new Rng(s).split(i)` (the
 * split depends on the generator's identity, not its position), so a task's stream never depends on which tasks ran
 * before it or where.
 */
import { checkNumber, Rng } from '@landscape-lab/core-math';
import { SEED_FIELD } from './schema.js';

/** Names of the studies this package implements. */
export type StudyName =
  | 'phase-transition'
  | 'spurious-minima'
  | 'split-neuron'
  | 'hessian'
  | 'linear-flow'
  | 'alpha-beta'
  | 'slice';

/**
 * One unit of work: plain JSON (no typed arrays, no functions), so it can cross a worker boundary or a network.
 * `id` is unique within a study run and stable across re-plans of the same parameters (the resume key).
 */
export interface Task<P = unknown> {
  /** Stable unique id, e.g. `n=60,k=8,d=10,trial=2`. */
  readonly id: string;
  /** Position in the planned list (also the split index of its seed). */
  readonly index: number;
  /** Which study's `run` executes it. */
  readonly study: StudyName;
  /** The task's own parameters (JSON). */
  readonly params: P;
  /** The task's seed (a non-negative safe integer). */
  readonly seed: number;
}

/** The outcome of one task: its id and the JSON value its study's `run` returned. */
export interface TaskResult<R = unknown> {
  readonly id: string;
  readonly value: R;
}

/**
 * A study: defaults and validation, planning into tasks, the pure per-task computation and the pure aggregate.
 *
 * @typeParam In the user-facing parameter object (every field optional).
 * @typeParam P the resolved parameters (after defaults; what results record).
 * @typeParam TP one task's parameters.
 * @typeParam TR one task's result.
 * @typeParam R the study's aggregated result.
 */
export interface Study<In, P, TP, TR, R> {
  readonly name: StudyName;
  /** One-sentence description (used by `--help`). */
  readonly summary: string;
  /**
   * Fills defaults and validates.
   * @throws LandscapeError (E_ARG_RANGE / E_ARG_TYPE / E_SHAPE / E_NONFINITE) naming the offending parameter.
   */
  resolve(input: In): P;
  /** Splits the resolved parameters into independent tasks (seeds from {@link taskSeed}). */
  plan(params: P, seed: number): Task<TP>[];
  /** Runs one task. Requires core-math `init()` to have completed in this realm. Pure. */
  run(params: TP, seed: number): TR;
  /** Folds all task results (in task order) into the study result. Pure. */
  aggregate(params: P, tasks: readonly Task<TP>[], results: readonly TR[]): R;
}

/**
 * The seed of task `index` of a study run with `seed`: 53 bits drawn from `new Rng(seed).split(index)`.
 * @param seed non-negative safe integer.
 * @param index task index, integer in [0, 2^32).
 * @throws ArgumentError (E_ARG_RANGE) for a bad seed or index.
 * @example
 * taskSeed(1, 0) === taskSeed(1, 0); // pure: same inputs, same seed, in any worker
 */
export function taskSeed(seed: number, index: number): number {
  checkNumber('taskSeed', 'seed', seed, SEED_FIELD, true);
  checkNumber('taskSeed', 'index', index, { min: 0, max: 0xffffffff }, true);
  const r = new Rng(seed).split(index);
  const hi = r.u32() & 0x1fffff;
  const lo = r.u32();
  return hi * 4294967296 + lo;
}

/** Builds the task list of a study from per-task ids and parameters (seeds derived by index). */
export function makeTasks<TP>(
  study: StudyName,
  seed: number,
  items: readonly { id: string; params: TP }[],
): Task<TP>[] {
  return items.map((it, index) => ({
    id: it.id,
    index,
    study,
    params: it.params,
    seed: taskSeed(seed, index),
  }));
}

/**
 * Orders results by their task list (results may arrive in any order from any worker).
 * @throws StateError-like Error when a task has no result (an internal failure of the caller).
 */
export function orderResults<TR>(tasks: readonly Task[], results: readonly TaskResult<TR>[]): TR[] {
  const byId = new Map<string, TR>();
  for (const r of results) byId.set(r.id, r.value);
  return tasks.map((t) => {
    if (!byId.has(t.id)) throw new Error(`orderResults: task ${t.id} has no result.`);
    return byId.get(t.id) as TR;
  });
}
