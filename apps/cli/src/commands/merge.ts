/**
 * `landscape-lab merge DIR`: assembles a sharded sweep (`--shard i/N --out DIR`, e.g. the array tasks written by
 * `submit`) into the same result.json / CSV / SVG files an unsharded run writes.
 *
 * Checks, in order, each failure one line on stderr and nothing written:
 * 1. every `DIR/shards/<i>/tasks.jsonl` has a header of the same sweep (command, parameters hash, seed, N) and sits
 *    in the directory of its own shard index (else exit 2: these are not shards of one sweep);
 * 2. re-planning the sweep from the recorded input reproduces the recorded hash (else exit 1: another build);
 * 3. every record is a task of the sweep and of its shard, and a task recorded twice (a rerun shard, a copied log)
 *    has identical results (else exit 1 naming the task);
 * 4. every planned task is present (else exit 1 listing the missing task ids, and the command that reruns just
 *    the shards holding them).
 * The aggregate is then computed by the study's own `aggregate` over the tasks in planned order, so the files are
 * byte-identical to those of an unsharded run (result.json differs only in `wallTimeMs` and `execution`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { init } from '@landscape-lab/core-math';
import { helpText, type OptionSpec, parseOptions } from '../args.js';
import { contextFor, emitResult, type ToolCommand } from '../command.js';
import { quote, usage } from '../errors.js';
import { aggregateStudy, planStudy } from '../runner.js';
import { shardOfTask } from '../shard.js';
import { selfCommand, shellQuote, slurmScriptPath } from '../slurm.js';
import { canonicalJson, identityHash, readTaskLog, TASK_LOG, type TaskLogHeader } from '../store.js';
import { SHARDABLE_COMMANDS } from './studies.js';

/** A sharded sweep that cannot be merged yet (missing tasks) or at all (conflicting duplicates). Exit code 1. */
export class MergeError extends Error {
  readonly code: 'E_INCOMPLETE' | 'E_CONFLICT' | 'E_REPLAN';
  constructor(message: string, code: MergeError['code']) {
    super(message);
    this.name = 'MergeError';
    this.code = code;
  }
}

const OPTIONS: readonly OptionSpec[] = [];

/** How many task ids a missing-task message lists before summarising the rest. */
const LIST_LIMIT = 50;

interface ShardLog {
  readonly dir: string;
  readonly index: number;
  readonly header: TaskLogHeader;
  readonly records: readonly { readonly id: string; readonly value: unknown }[];
}

function describe(h: TaskLogHeader): string {
  return `${h.command} (parameters hash ${h.hash}, seed ${h.seed}, ${h.shard?.count ?? '?'} shards)`;
}

/**
 * Reads and cross-checks every shard log in `dir` (check 1 of the header); `[]` when there is none yet.
 * @throws UsageError when a log is not a shard log, sits in another shard's directory, or belongs to another sweep.
 */
export function readShards(dir: string): ShardLog[] {
  const root = join(dir, 'shards');
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const logs: ShardLog[] = [];
  for (const name of readdirSync(root).sort((a, b) => Number(a) - Number(b))) {
    const path = join(root, name, TASK_LOG);
    if (!/^\d+$/.test(name) || !existsSync(path)) continue;
    const log = readTaskLog(path);
    const h = log.header;
    if (!h || typeof h.hash !== 'string' || !h.shard || h.input === undefined)
      throw usage('DIR', 'hold shard logs written by --shard runs', `${path} has no shard header`);
    if (h.shard.index !== Number(name))
      throw usage(
        'DIR',
        'keep each shard log in the directory of its own index',
        `${path} holds shard ${h.shard.index}/${h.shard.count}`,
      );
    logs.push({ dir: join(root, name), index: Number(name), header: h, records: log.records });
  }
  const first = logs[0];
  if (!first) return logs;
  for (const l of logs)
    if (
      l.header.command !== first.header.command ||
      l.header.hash !== first.header.hash ||
      l.header.seed !== first.header.seed ||
      l.header.shard!.count !== first.header.shard!.count
    )
      throw usage(
        'DIR',
        `hold shards of one sweep, but shards/${first.index} is ${describe(first.header)} and shards/${l.index} is ${describe(l.header)}`,
        dir,
      );
  return logs;
}

/** The command that reruns the given shards: the sbatch array line when `submit` wrote a script, else the CLI. */
export function rerunHint(dir: string, shards: readonly number[], header: TaskLogHeader): string {
  const script = slurmScriptPath(dir);
  if (existsSync(script)) return `sbatch --array=${shards.join(',')} ${shellQuote(script)}`;
  const argv = (header.argv ?? [header.command]).map(shellQuote).join(' ');
  const self = selfCommand();
  return shards
    .map((i) => `${self} ${argv} --out ${shellQuote(dir)} --shard ${i}/${header.shard!.count}`)
    .join(' ; ');
}

async function mergeMain(argv: readonly string[]): Promise<number> {
  const [dirArg, ...rest] = argv;
  if (dirArg === undefined || dirArg === '--help' || dirArg === '-h') {
    process.stdout.write(
      helpText(
        'merge DIR',
        'Assemble a sharded sweep (runs with --shard i/N --out DIR, e.g. from `submit`) into result.json, CSV and SVG files in DIR, exactly as an unsharded run writes them.',
        OPTIONS,
        ['landscape-lab merge out/census'],
        'Checks that every shard belongs to the same sweep and that every task is present exactly once (a task\nrecorded twice must have identical results). Missing tasks: exit 1 with their ids and the command that reruns\nonly their shards.',
      ),
    );
    return dirArg === undefined ? 2 : 0;
  }
  if (dirArg.startsWith('--'))
    throw usage('The first argument of merge', 'be the sweep directory DIR', dirArg);
  const opts = parseOptions(OPTIONS, rest);
  if (opts.help) return mergeMain(['--help']);
  for (const k of ['out', 'seed', 'workers'])
    if (k in opts) throw usage(`--${k}`, 'not be given to merge (DIR and the shard logs fix it)', opts[k]);
  const dir = dirArg;
  const logs = readShards(dir);
  if (logs.length === 0)
    throw usage('DIR', 'be a directory written by --shard runs (holding shards/<i>/tasks.jsonl)', dir);
  const header = logs[0]!.header;
  const count = header.shard!.count;
  const cmd = SHARDABLE_COMMANDS.find((c) => c.name === header.command);
  if (!cmd)
    throw usage(
      'DIR',
      `hold shards of a study command (${SHARDABLE_COMMANDS.map((c) => c.name).join(', ')})`,
      `${dir} holds ${quote(header.command)}`,
    );
  await init();
  const plan = planStudy(cmd.study, header.input, header.seed);
  const hash = identityHash({ command: cmd.name, params: plan.params, seed: header.seed });
  if (hash !== header.hash)
    throw new MergeError(
      `re-planning the sweep from the recorded input gives parameters hash ${hash}, the shard logs have ${header.hash}: they were written by another version of landscape-lab.`,
      'E_REPLAN',
    );

  const planned = new Map(plan.tasks.map((t) => [t.id, t.index]));
  const results = new Map<string, { value: unknown; json: string; shard: number }>();
  for (const log of logs)
    for (const rec of log.records) {
      const index = planned.get(rec.id);
      if (index === undefined || shardOfTask(index, count) !== log.index)
        throw new MergeError(
          `${join(log.dir, TASK_LOG)} records task ${quote(rec.id)}, which is not a task of shard ${log.index}/${count} of this sweep.`,
          'E_CONFLICT',
        );
      const json = canonicalJson(rec.value);
      const prev = results.get(rec.id);
      if (prev && prev.json !== json)
        throw new MergeError(
          `task ${quote(rec.id)} is recorded twice with different results (first in shards/${prev.shard}, again in shards/${log.index}); delete the wrong record or rerun that shard into an empty directory.`,
          'E_CONFLICT',
        );
      if (!prev) results.set(rec.id, { value: rec.value, json, shard: log.index });
    }

  const missing = plan.tasks.filter((t) => !results.has(t.id));
  if (missing.length > 0) {
    const shards = [...new Set(missing.map((t) => shardOfTask(t.index, count)))].sort((a, b) => a - b);
    const ids = missing.slice(0, LIST_LIMIT).map((t) => t.id);
    const more = missing.length > LIST_LIMIT ? ` … and ${missing.length - LIST_LIMIT} more` : '';
    throw new MergeError(
      `${missing.length} of ${plan.tasks.length} tasks are missing, in shards ${shards.join(',')} of ${count}: ${ids.join('; ')}${more}. Rerun those shards with: ${rerunHint(dir, shards, header)}`,
      'E_INCOMPLETE',
    );
  }

  const start = Date.now();
  const ctx = { ...contextFor(cmd.name, { ...opts, seed: header.seed, workers: 1 }), out: dir };
  const values = new Map([...results].map(([id, r]) => [id, r.value]));
  const result = aggregateStudy(plan, values);
  emitResult(
    ctx,
    {
      params: plan.params,
      report: cmd.report(plan.params, result, ctx),
      exec: { workers: 0, tasks: plan.tasks.length, resumedTasks: plan.tasks.length, shards: count },
      start,
    },
    opts.json === true,
  );
  return 0;
}

/** The command. */
export const mergeCommand: ToolCommand = {
  name: 'merge',
  summary: 'Assemble a sharded sweep (--shard runs, e.g. a Slurm array from `submit`) into its result files.',
  main: mergeMain,
};
