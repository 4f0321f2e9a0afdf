/**
 * `landscape-lab submit <study> … --engine slurm --shards N --out DIR`: validates the sweep exactly as the study
 * command would, writes a Slurm array script into DIR (see slurm.ts), submits it with `sbatch --parsable`, and
 * prints the job id and the merge command. `--dry-run` writes the script only.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMON_OPTIONS, helpText, type OptionSpec, parseOptions } from '../args.js';
import type { StudyCommand, ToolCommand } from '../command.js';
import { quote, usage } from '../errors.js';
import { toJson } from '../output.js';
import { planStudy } from '../runner.js';
import { MAX_SHARDS } from '../shard.js';
import { selfProgram, shellQuote, slurmLogDir, slurmScript, slurmScriptPath } from '../slurm.js';
import { identityHash, writeAtomic } from '../store.js';
import { readShards } from './merge.js';
import { reproduceTargetOf } from './reproduce.js';
import { STUDY_COMMANDS } from './studies.js';

/** sbatch failed or is missing (exit 1): the script is written, only the submission did not happen. */
export class SubmitError extends Error {
  readonly code = 'E_SUBMIT';
  constructor(message: string) {
    super(message);
    this.name = 'SubmitError';
  }
}

/** Options of `submit` itself (none of them reaches the shards). */
export const SUBMIT_OPTIONS: readonly OptionSpec[] = [
  { name: 'engine', kind: 'enum', choices: ['slurm'], defaultText: 'slurm', help: 'array-job engine' },
  {
    name: 'shards',
    kind: 'int',
    arg: '<N>',
    min: 1,
    max: MAX_SHARDS,
    help: 'number of array tasks (shards); required, at most the number of tasks',
  },
  {
    name: 'partition',
    kind: 'string',
    arg: '<name>',
    help: 'Slurm partition (default: the cluster default)',
  },
  {
    name: 'time',
    kind: 'string',
    arg: '<limit>',
    help: 'Slurm time limit per shard: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
  },
  {
    name: 'cpus-per-task',
    kind: 'int',
    arg: '<C>',
    min: 1,
    max: 1024,
    defaultText: '1',
    help: 'cores per shard; the shard runs that many worker threads',
  },
  { name: 'dry-run', kind: 'flag', help: 'write DIR/job.sbatch and print how to submit it, without sbatch' },
];

/** Options consumed by submit and never forwarded to the shards (submit sets --out/--workers/--quiet itself). */
const NOT_FORWARDED = new Set([
  ...SUBMIT_OPTIONS.map((o) => o.name),
  'out',
  'workers',
  'json',
  'quiet',
  'help',
]);

/** The study's own arguments from a submit command line: everything but submit's options (and their values). */
export function forwardedArgs(argv: readonly string[], specs: readonly OptionSpec[]): string[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    const eq = tok.indexOf('=');
    const name = tok.startsWith('--') ? tok.slice(2, eq >= 0 ? eq : undefined) : '';
    const takesValue = eq < 0 && byName.get(name)?.kind !== 'flag';
    const keep = !NOT_FORWARDED.has(name);
    if (keep) out.push(tok);
    if (takesValue && i + 1 < argv.length) {
      if (keep) out.push(argv[i + 1]!);
      i++;
    }
  }
  return out;
}

const TIME = /^(\d+-\d{1,2}(:\d{2}){0,2}|\d+(:\d{2}){0,2})$/;

function submitHelp(): string {
  return helpText(
    'submit <study command> [its options]',
    'Run a study as a Slurm array job: N shards, each a `--shard i/N` run into DIR/shards/i; then `merge DIR`.',
    SUBMIT_OPTIONS,
    [
      'landscape-lab submit spurious-minima --k 6:20 --extra 0,1,2 --runs 1000 --shards 32 --time 2:00:00 --out /scratch/ss18',
      'landscape-lab submit phase-transition --n 20:80:20 --k 2:16:2 --shards 4 --out sweep --dry-run',
    ],
    `Study commands: ${STUDY_COMMANDS.map((c) => c.name).join(', ')}.\nDIR must be on a filesystem shared by this host and the compute nodes. The script DIR/job.sbatch can be\nedited and resubmitted; \`sbatch --array=2,5 DIR/job.sbatch\` reruns shards 2 and 5 only.`,
  );
}

async function submitMain(argv: readonly string[]): Promise<number> {
  const name = argv[0];
  let rest = argv.slice(1);
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(submitHelp());
    return name === undefined ? 2 : 0;
  }
  let cmd: StudyCommand<unknown, unknown> | undefined = STUDY_COMMANDS.find((c) => c.name === name);
  if (name === 'reproduce') ({ target: cmd, rest } = reproduceTargetOf(rest));
  if (!cmd)
    throw usage(
      'The first argument of submit',
      `be a study command (${STUDY_COMMANDS.map((c) => c.name).join(', ')}) or reproduce <target>`,
      name,
    );
  const specs = [...cmd.options, ...SUBMIT_OPTIONS];
  const opts = parseOptions(specs, rest);
  if (opts.help) {
    process.stdout.write(submitHelp());
    return 0;
  }
  if (opts.shard !== undefined)
    throw usage('--shard', 'not be given to submit (each array task gets its own)', opts.shard);
  if (opts.workers !== undefined)
    throw usage('--workers', 'not be given to submit (use --cpus-per-task)', opts.workers);
  if (opts.shards === undefined) throw usage('--shards', 'be given (the number of array tasks)', undefined);
  if (opts.out === undefined)
    throw usage('--out', 'be given (a directory on a filesystem the compute nodes share)', undefined);
  const dir = resolve(opts.out as string);
  if (/[\s'"\\$`]/.test(dir))
    throw usage('--out', 'be a path without spaces, quotes, $, ` or \\ (it goes into #SBATCH lines)', dir);
  const partition = opts.partition as string | undefined;
  if (partition !== undefined && !/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/.test(partition))
    throw usage(
      '--partition',
      'be a Slurm partition name (letters, digits, _ . -; several joined by commas)',
      partition,
    );
  const time = opts.time as string | undefined;
  if (time !== undefined && !TIME.test(time))
    throw usage(
      '--time',
      'be a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
      time,
    );
  const shards = opts.shards as number;
  const seed = (opts.seed as number | undefined) ?? 1;

  // Validate the sweep exactly as a shard will, before anything is written.
  const plan = planStudy(cmd.study, cmd.toInput(opts), seed);
  if (shards > plan.tasks.length)
    throw usage('--shards', `be at most the number of tasks of the sweep (${plan.tasks.length})`, shards);
  const existing = readShards(dir)[0]?.header;
  const hash = identityHash({ command: cmd.name, params: plan.params, seed });
  if (existing && (existing.hash !== hash || existing.shard!.count !== shards))
    throw usage(
      '--out',
      `be a new directory or one holding shards of this same sweep, but it holds ${existing.command} (parameters hash ${existing.hash}, seed ${existing.seed}, ${existing.shard!.count} shards), this sweep is hash ${hash} in ${shards} shards`,
      dir,
    );

  const cpus = (opts['cpus-per-task'] as number | undefined) ?? 1;
  const program = selfProgram();
  const args = [...cmd.name.split(' '), ...forwardedArgs(rest, [...specs, ...COMMON_OPTIONS])];
  const script = slurmScriptPath(dir);
  mkdirSync(slurmLogDir(dir), { recursive: true });
  writeAtomic(
    script,
    slurmScript({
      dir,
      shards,
      args,
      program,
      cwd: process.cwd(),
      cpusPerTask: cpus,
      partition,
      time,
      jobName: `ll-${cmd.name.replace(' ', '-')}`,
    }),
  );
  chmodSync(script, 0o755);
  const merge = `${program.map(shellQuote).join(' ')} merge ${shellQuote(dir)}`;
  const report = (jobId: string | null) => {
    if (opts.json === true)
      process.stdout.write(
        `${toJson({ command: 'submit', study: cmd.name, engine: 'slurm', jobId, shards, tasks: plan.tasks.length, script, merge })}\n`,
      );
    else
      process.stdout.write(
        `${jobId === null ? `wrote ${script} (not submitted)\nsubmit with:   sbatch ${shellQuote(script)}` : `submitted Slurm array job ${jobId}: ${shards} shards of ${cmd.name} (${plan.tasks.length} tasks), script ${script}`}\n` +
          `when it ends:  ${merge}\n`,
      );
  };
  if (opts['dry-run'] === true) {
    report(null);
    return 0;
  }
  const r = spawnSync('sbatch', ['--parsable', script], { encoding: 'utf8' });
  if (r.error)
    throw new SubmitError(
      `sbatch could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); the script is at ${script}: submit it from a Slurm login node with \`sbatch ${script}\`, or pass --dry-run to only write it.`,
    );
  if (r.status !== 0)
    throw new SubmitError(
      `sbatch exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''} (script: ${script}).`,
    );
  const jobId = r.stdout.trim().split('\n').pop()!.split(';')[0]!;
  if (!/^\d+$/.test(jobId))
    throw new SubmitError(
      `sbatch --parsable printed ${quote(r.stdout.trim())}, not a job id (script: ${script}).`,
    );
  report(jobId);
  return 0;
}

/** The command. */
export const submitCommand: ToolCommand = {
  name: 'submit',
  summary: 'Run a study as a Slurm array job of N shards (then `merge`); --dry-run writes the script only.',
  main: submitMain,
};
