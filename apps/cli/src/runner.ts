/**
 * Runs one study from the command line: resolve parameters, plan tasks, skip those already recorded in `--out`,
 * run the rest (in-process or on worker threads) while appending each result durably, aggregate, and report.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { STUDIES, type StudyName, type Task } from '@landscape-lab/studies';
import { runTasks } from './pool.js';
import type { Progress } from './progress.js';
import { TaskStore } from './store.js';

/** The execution context shared by all commands. */
export interface RunContext {
  /** The command name (recorded in results and in the resume header). */
  readonly command: string;
  readonly seed: number;
  readonly workers: number;
  readonly quiet: boolean;
  /** Directory for outputs and the resumable task log, if any. */
  readonly out: string | undefined;
  readonly progress: Progress;
}

/** What {@link runStudy} returns: resolved parameters, the aggregated result and execution counts. */
export interface StudyRun<P = unknown, R = unknown> {
  readonly params: P;
  readonly result: R;
  readonly tasks: number;
  readonly resumedTasks: number;
  readonly workers: number;
}

/** Default worker count: all cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** A study resolved and planned: what every executor (a whole run, one shard, a merge) starts from. */
export interface PlannedStudy<P = unknown> {
  readonly name: StudyName;
  readonly params: P;
  readonly tasks: readonly Task[];
}

/**
 * Resolves the study's input and plans its task list.
 * @throws LandscapeError from `resolve` (bad parameters, exit 2).
 */
export function planStudy<P = unknown>(name: StudyName, input: unknown, seed: number): PlannedStudy<P> {
  const study = STUDIES[name];
  const params = study.resolve(input as never) as P;
  return { name, params, tasks: study.plan(params as never, seed) as Task[] };
}

/** Aggregates a planned study from its task results (given in any order, keyed by task id). */
export function aggregateStudy<P, R>(plan: PlannedStudy<P>, results: ReadonlyMap<string, unknown>): R {
  const ordered = plan.tasks.map((t) => results.get(t.id));
  return STUDIES[plan.name].aggregate(plan.params as never, plan.tasks as never, ordered as never) as R;
}

/**
 * Runs the tasks that `store` (if any) has not recorded yet, appending each result durably as it arrives.
 * @returns every result by task id (recorded before or now), the number resumed and the workers used.
 * @throws TaskError for a failing task.
 */
export async function executeTasks(
  ctx: RunContext,
  tasks: readonly Task[],
  store: TaskStore | undefined,
  label: string,
): Promise<{ results: Map<string, unknown>; resumed: number; workers: number }> {
  const results = new Map<string, unknown>();
  if (store) for (const t of tasks) if (store.done.has(t.id)) results.set(t.id, store.done.get(t.id));
  const pending = tasks.filter((t) => !results.has(t.id));
  const workers = Math.max(1, Math.min(ctx.workers, pending.length));
  ctx.progress.begin(label, tasks.length, tasks.length - pending.length);
  try {
    await runTasks(pending, {
      workers,
      onDone: (id, value) => {
        // Round-trip through JSON so a fresh result and one read back from the task log are the same value.
        const v = JSON.parse(JSON.stringify(value ?? null)) as unknown;
        store?.append(id, v);
        results.set(id, v);
        ctx.progress.tick();
      },
    });
  } finally {
    ctx.progress.end();
    store?.close();
  }
  return { results, resumed: tasks.length - pending.length, workers };
}

/**
 * Resolves, plans, runs and aggregates one study.
 * @param sub optional sub-directory of `--out` for the task log (the tour runs several studies in one `--out`).
 * @throws LandscapeError from `resolve` (bad parameters, exit 2), UsageError (E_RESUME) for a foreign `--out`,
 *   TaskError for a failing task.
 */
export async function runStudy<P = unknown, R = unknown>(
  ctx: RunContext,
  name: StudyName,
  input: unknown,
  opts: { sub?: string; identity?: string; label?: string } = {},
): Promise<StudyRun<P, R>> {
  const plan = planStudy<P>(name, input, ctx.seed);
  const store = ctx.out
    ? TaskStore.open(
        opts.sub ? join(ctx.out, opts.sub) : ctx.out,
        { command: opts.identity ?? ctx.command, params: plan.params, seed: ctx.seed },
        plan.tasks.length,
      )
    : undefined;
  const run = await executeTasks(ctx, plan.tasks, store, opts.label ?? name);
  return {
    params: plan.params,
    result: aggregateStudy<P, R>(plan, run.results),
    tasks: plan.tasks.length,
    resumedTasks: run.resumed,
    workers: run.workers,
  };
}
