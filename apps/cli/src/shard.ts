/**
 * Sharded sweeps: `--shard i/N` runs only the tasks of shard i of a study's planned task list, so N machines (the
 * array tasks of Slurm, Kubernetes Indexed Jobs, AWS Batch arrays, GNU parallel, …) can share one sweep through a
 * shared filesystem, and `landscape-lab merge` assembles the result.
 *
 * Partition: task j belongs to shard j mod N. Studies plan their tasks cell by cell (e.g. k ascending, then runs),
 * so round-robin by index gives every shard the same mix of cheap and expensive cells, which balances expected
 * cost without a cost model; it is deterministic, so a rerun of shard i redoes exactly the same tasks.
 *
 * Layout of `--out DIR`: `DIR/shards/<i>/tasks.jsonl`, the ordinary durable, resumable task log (see store.ts)
 * whose header also records the shard, the study input and the command line, so `merge` needs nothing but DIR.
 */
import { join } from 'node:path';
import { init } from '@landscape-lab/core-math';
import type { OptionSpec, ParsedOptions } from './args.js';
import type { StudyCommand } from './command.js';
import { UsageError, usage } from './errors.js';
import { toJson } from './output.js';
import type { RunContext } from './runner.js';
import { executeTasks, planStudy } from './runner.js';
import { selfCommand, shellQuote } from './slurm.js';
import { TaskStore } from './store.js';

/** One shard of a sweep: index i in [0, count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Most shards a sweep may be split into (far above any array limit; guards against typos). */
export const MAX_SHARDS = 100_000;

/** The `--shard` option every study command accepts. */
export const SHARD_OPTION: OptionSpec = {
  name: 'shard',
  kind: 'string',
  arg: '<i/N|slurm>',
  help: 'run only shard i of N (0 ≤ i < N; tasks j with j mod N = i) into <out>/shards/i; "slurm" reads SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT; join with `merge`',
};

const SHARD_EXPECTATION =
  'be i/N with integers 0 ≤ i < N ≤ 100000 (e.g. 2/4, or "$SLURM_ARRAY_TASK_ID/4" expanded by the shell), or slurm';

function parseIndexPair(what: string, raw: string, shown: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 0 && index < count))
    throw usage(what, SHARD_EXPECTATION, shown);
  return { index, count };
}

/**
 * Parses `--shard`: `i/N`, or `slurm` (from the array task's environment).
 * `slurm` needs a whole array `--array=0-(N-1)`: SLURM_ARRAY_TASK_COUNT is the size of the submitted array, so for
 * a partial resubmission (`--array=2,5`) pass `--shard "$SLURM_ARRAY_TASK_ID/N"` instead (the scripts written by
 * `submit` always do).
 * @throws UsageError (exit 2) naming the option, the expectation and the value.
 */
export function parseShard(raw: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (raw !== 'slurm') return parseIndexPair('--shard', raw, raw);
  const id = env.SLURM_ARRAY_TASK_ID;
  const count = env.SLURM_ARRAY_TASK_COUNT;
  if (id === undefined || count === undefined)
    throw usage(
      '--shard slurm',
      'run inside a Slurm array task (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT set)',
      `SLURM_ARRAY_TASK_ID=${id ?? '(unset)'}, SLURM_ARRAY_TASK_COUNT=${count ?? '(unset)'}`,
    );
  const shown = `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_COUNT=${count}, SLURM_ARRAY_TASK_MIN=${env.SLURM_ARRAY_TASK_MIN ?? '(unset)'}, SLURM_ARRAY_TASK_MAX=${env.SLURM_ARRAY_TASK_MAX ?? '(unset)'}`;
  const shard = parseIndexPair('--shard slurm', `${id}/${count}`, shown);
  const min = env.SLURM_ARRAY_TASK_MIN;
  const max = env.SLURM_ARRAY_TASK_MAX;
  if ((min !== undefined && Number(min) !== 0) || (max !== undefined && Number(max) !== shard.count - 1))
    throw usage(
      '--shard slurm',
      'run in an array 0-(N-1) with step 1 (for a partial rerun pass --shard "$SLURM_ARRAY_TASK_ID/N")',
      shown,
    );
  return shard;
}

/** Whether task `index` of the planned list belongs to `shard`. */
export function inShard(index: number, shard: Shard): boolean {
  return shardOfTask(index, shard.count) === shard.index;
}

/** The shard a task index belongs to. */
export function shardOfTask(index: number, count: number): number {
  return index % count;
}

/** Directory of shard i's task log inside `--out`. */
export function shardDir(out: string, index: number): string {
  return join(out, 'shards', String(index));
}

/** A command line without the given valued options (`--name v` and `--name=v` forms). */
export function withoutOptions(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (names.some((n) => t === `--${n}`)) i++;
    else if (!names.some((n) => t.startsWith(`--${n}=`))) out.push(t);
  }
  return out;
}

/**
 * Runs one shard of a study command: plans the whole sweep, keeps the tasks of the shard, runs those not yet in
 * `<out>/shards/<i>/tasks.jsonl` (resumable) and prints a one-line summary (or one JSON document).
 * @returns exit code 0.
 * @throws UsageError without `--out`, for a malformed `--shard`, or when the shard directory holds another sweep.
 */
export async function runShard(
  cmd: StudyCommand<unknown, unknown>,
  opts: ParsedOptions,
  ctx: RunContext,
  argv: readonly string[],
): Promise<number> {
  const shard = parseShard(opts.shard as string);
  if (!ctx.out)
    throw new UsageError(
      `invalid argument. --out must be given with --shard (the shard's results go to <out>/shards/${shard.index}). Value: (none).`,
    );
  const input = cmd.toInput(opts);
  const plan = planStudy(cmd.study, input, ctx.seed);
  const tasks = plan.tasks.filter((t) => inShard(t.index, shard));
  const dir = shardDir(ctx.out, shard.index);
  await init();
  const store = TaskStore.open(
    dir,
    { command: cmd.name, params: plan.params, seed: ctx.seed },
    tasks.length,
    {
      shard,
      input: JSON.parse(JSON.stringify(input ?? null)) as unknown,
      argv: [...cmd.name.split(' '), ...withoutOptions(argv, ['shard', 'out'])],
    },
  );
  const start = Date.now();
  const run = await executeTasks(ctx, tasks, store, `${cmd.name} shard ${shard.index}/${shard.count}`);
  const summary = {
    command: cmd.name,
    seed: ctx.seed,
    params: plan.params,
    shard,
    tasks: tasks.length,
    resumedTasks: run.resumed,
    sweepTasks: plan.tasks.length,
    workers: run.workers,
    log: join(dir, 'tasks.jsonl'),
    wallTimeMs: Date.now() - start,
  };
  if (opts.json === true) process.stdout.write(`${toJson(summary)}\n`);
  else
    process.stdout.write(
      `shard ${shard.index}/${shard.count} of ${cmd.name}: ${tasks.length} of ${plan.tasks.length} tasks done (${run.resumed} resumed) in ${summary.log}\n` +
        `when every shard is done: ${selfCommand()} merge ${shellQuote(ctx.out)}\n`,
    );
  return 0;
}
