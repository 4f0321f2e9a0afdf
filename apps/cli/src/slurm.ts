/**
 * Slurm array scripts for sharded sweeps. A script is plain bash with `#SBATCH` directives, written into the
 * sweep's directory so a user can read, edit and resubmit it (`sbatch --array=2,5 DIR/job.sbatch` reruns shards
 * 2 and 5 only). Each array task runs `landscape-lab <study> … --shard "$SLURM_ARRAY_TASK_ID/N" --out DIR`: the
 * explicit N (rather than SLURM_ARRAY_TASK_COUNT) keeps partial resubmissions correct. DIR must be on a filesystem
 * that the submitting host and every compute node share (the usual /home or /scratch of a cluster).
 */
import { join, resolve } from 'node:path';

/** Where `submit` writes the array script inside the sweep directory. */
export function slurmScriptPath(dir: string): string {
  return join(dir, 'job.sbatch');
}

/** Where the array tasks' stdout/stderr go (Slurm does not create directories, so `submit` makes it). */
export function slurmLogDir(dir: string): string {
  return join(dir, 'logs');
}

/** The program running now, as absolute paths ([node, bin.js]): what scripts and hints invoke. */
export function selfProgram(): string[] {
  return [process.execPath, resolve(process.argv[1] ?? 'landscape-lab')];
}

/** {@link selfProgram} as a shell command prefix. */
export function selfCommand(): string {
  return selfProgram().map(shellQuote).join(' ');
}

/** Quotes a word for bash: unchanged when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What a Slurm array script needs. */
export interface SlurmScriptSpec {
  /** Absolute sweep directory (shared filesystem). */
  readonly dir: string;
  /** Number of shards = array tasks 0 … N−1. */
  readonly shards: number;
  /** The study command and its options (without --out, --shard, --workers, --json, --quiet). */
  readonly args: readonly string[];
  /** The program that runs landscape-lab: e.g. [node, /abs/path/bin.js]. */
  readonly program: readonly string[];
  /** Working directory of each task (relative paths in `args` are resolved there). */
  readonly cwd: string;
  readonly cpusPerTask: number;
  readonly partition?: string;
  readonly time?: string;
  readonly jobName: string;
}

/** Renders the sbatch array script. */
export function slurmScript(s: SlurmScriptSpec): string {
  const q = shellQuote;
  const self = s.program.map(q).join(' ');
  const run = [
    ...s.program.map(q),
    ...s.args.map(q),
    '--out',
    q(s.dir),
    '--workers',
    String(s.cpusPerTask),
    '--quiet',
    '--shard',
    `"\${SLURM_ARRAY_TASK_ID}/${s.shards}"`,
  ].join(' ');
  const lines = [
    '#!/bin/bash',
    `# landscape-lab sweep as a Slurm array: ${s.shards} shards of \`${s.args.map(q).join(' ')}\`.`,
    '# Written by `landscape-lab submit`; edit and resubmit freely. Each array task runs one shard and appends',
    `# its finished tasks to ${s.dir}/shards/<i>/tasks.jsonl (durable: a killed or requeued shard resumes).`,
    `#   rerun some shards:  sbatch --array=2,5 ${q(slurmScriptPath(s.dir))}`,
    `#   when all are done:  ${self} merge ${q(s.dir)}`,
    `#SBATCH --job-name=${s.jobName}`,
    `#SBATCH --array=0-${s.shards - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${s.cpusPerTask}`,
    `#SBATCH --output=${slurmLogDir(s.dir)}/%x-%A_%a.out`,
    ...(s.partition ? [`#SBATCH --partition=${s.partition}`] : []),
    ...(s.time ? [`#SBATCH --time=${s.time}`] : []),
    'set -euo pipefail',
    `cd ${q(s.cwd)}`,
    `exec ${run}`,
    '',
  ];
  return lines.join('\n');
}
