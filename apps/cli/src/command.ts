/**
 * The shape of a CLI command and the generic driver that runs a single-study command: parse, validate, run the
 * study (resumable, parallel), then print a table or one JSON document and write the files of `--out` atomically.
 */
import { join } from 'node:path';
import { init } from '@landscape-lab/core-math';
import type { StudyName } from '@landscape-lab/studies';
import { helpText, type OptionSpec, type ParsedOptions, parseOptions } from './args.js';
import { resultRecord, toJson } from './output.js';
import { Progress } from './progress.js';
import { defaultWorkers, type RunContext, runStudy } from './runner.js';
import { runShard, SHARD_OPTION } from './shard.js';
import { writeAtomic } from './store.js';

/** A file a command writes into `--out`. */
export interface OutFile {
  readonly name: string;
  readonly content: string;
}

/** What a command prints and writes once its study has run. */
export interface Report {
  /** The study's JSON fields (merged after the common header). */
  readonly body: object;
  /** Human summary printed on stdout without `--json`. */
  readonly table: string;
  /** Files for `--out` besides `result.json`. */
  readonly files: readonly OutFile[];
}

/** A command of the CLI. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
  /** Runs the command; returns what to print and write. */
  execute(opts: ParsedOptions, ctx: RunContext): Promise<{ params: unknown; report: Report; exec: ExecInfo }>;
}

/** A command that parses its own arguments and runs no single study (`submit`, `merge`). */
export interface ToolCommand {
  readonly name: string;
  readonly summary: string;
  /** Runs the command with its arguments; returns the exit code (errors are thrown, main maps them). */
  main(argv: readonly string[]): Promise<number>;
}

/** Any command of the CLI. */
export type CliCommand = Command | ToolCommand;

/** Execution counts recorded under `execution` in results (how the result was computed, not what it is). */
export interface ExecInfo {
  readonly workers: number;
  readonly tasks: number;
  readonly resumedTasks: number;
  /** Number of shards a merged result was assembled from. */
  readonly shards?: number;
}

/** A command built by {@link studyCommand}: also exposes its study and report (the tour reuses them). */
export interface StudyCommand<P, R> extends Command {
  readonly study: StudyName;
  /** Turns parsed options into the study's input (what `resolve` takes). */
  toInput(opts: ParsedOptions): unknown;
  report(params: P, result: R, ctx: RunContext): Report;
}

/** Whether a command runs one study (and so can be sharded, submitted and merged). */
export function isStudyCommand(cmd: CliCommand): cmd is StudyCommand<unknown, unknown> {
  return 'study' in cmd;
}

/**
 * Builds a command that runs one study.
 * @param toInput turns parsed options into the study's input object (may read files; throws UsageError).
 * @param report turns the resolved parameters and the study result into the table, JSON body and files.
 */
export function studyCommand<P, R>(def: {
  name: string;
  study: StudyName;
  summary: string;
  details?: string;
  options: readonly OptionSpec[];
  examples: readonly string[];
  toInput(opts: ParsedOptions): unknown;
  report(params: P, result: R, ctx: RunContext): Report;
}): StudyCommand<P, R> {
  return {
    study: def.study,
    toInput: def.toInput,
    report: def.report,
    name: def.name,
    summary: def.summary,
    details: def.details,
    options: [...def.options, SHARD_OPTION],
    examples: def.examples,
    async execute(opts, ctx) {
      const input = def.toInput(opts);
      const run = await runStudy<P, R>(ctx, def.study, input);
      return {
        params: run.params,
        report: def.report(run.params, run.result, ctx),
        exec: { workers: run.workers, tasks: run.tasks, resumedTasks: run.resumedTasks },
      };
    },
  };
}

/** Prints a finished result (a table, or one JSON document with `--json`) and writes `--out` atomically. */
export function emitResult(
  ctx: RunContext,
  run: { params: unknown; report: Report; exec: ExecInfo; start: number },
  json: boolean,
): void {
  const { report } = run;
  const record = resultRecord(
    {
      command: ctx.command,
      params: run.params,
      seed: ctx.seed,
      wallTimeMs: Date.now() - run.start,
      execution: run.exec,
    },
    report.body,
  );
  const text = toJson(record);
  if (ctx.out) {
    for (const f of report.files) writeAtomic(join(ctx.out, f.name), f.content);
    writeAtomic(join(ctx.out, 'result.json'), `${text}\n`);
  }
  if (json) process.stdout.write(`${text}\n`);
  else {
    process.stdout.write(`${report.table}\n`);
    if (ctx.out) {
      const names = ['result.json', ...report.files.map((f) => f.name)];
      process.stdout.write(`\nwrote ${names.length} files to ${ctx.out}: ${names.join(', ')}\n`);
    }
    process.stdout.write(
      `(${ctx.command}, seed ${ctx.seed}, ${record.backend}, ${((Date.now() - run.start) / 1000).toFixed(1)} s)\n`,
    );
  }
}

/** The run context of a command from its parsed common options. */
export function contextFor(command: string, opts: ParsedOptions): RunContext {
  const quiet = opts.quiet === true;
  return {
    command,
    seed: (opts.seed as number | undefined) ?? 1,
    workers: (opts.workers as number | undefined) ?? defaultWorkers(),
    quiet,
    out: opts.out as string | undefined,
    progress: new Progress({ quiet }),
  };
}

/** Runs a command end to end (the caller maps thrown errors to exit codes). Returns the exit code. */
export async function runCommand(cmd: Command, argv: readonly string[]): Promise<number> {
  const opts = parseOptions(cmd.options, argv);
  if (opts.help) {
    process.stdout.write(helpText(cmd.name, cmd.summary, cmd.options, cmd.examples, cmd.details));
    return 0;
  }
  const start = Date.now();
  const ctx = contextFor(cmd.name, opts);
  if (opts.shard !== undefined && isStudyCommand(cmd)) return runShard(cmd, opts, ctx, argv);
  await init();
  const { params, report, exec } = await cmd.execute(opts, ctx);
  emitResult(ctx, { params, report, exec, start }, opts.json === true);
  return 0;
}
