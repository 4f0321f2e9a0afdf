/**
 * A reproduction target: one study at a fixed protocol, at two scales (`quick` for the tour and tests, `paper` for
 * the paper's own grid and run counts), whose report sets our numbers beside the paper's. A target is an ordinary
 * study command (named `reproduce <target>`), so it resumes from `--out`, runs on worker threads, shards with
 * `--shard i/N`, submits to Slurm and merges like any study.
 */
import type { StudyInputs, StudyName } from '@landscape-lab/studies';
import type { OptionSpec, ParsedOptions } from '../args.js';
import { type Report, type StudyCommand, studyCommand } from '../command.js';
import type { RunContext } from '../runner.js';

/** How much of the paper's protocol to run. */
export type Scale = 'quick' | 'paper';

export const SCALE_OPTION: OptionSpec = {
  name: 'scale',
  kind: 'enum',
  choices: ['quick', 'paper'],
  defaultText: 'quick',
  help: "quick: a small corner for a first look; paper: the paper's grid and run counts",
};

/** A reproduction target as a study command, plus what the tour needs to know about it. */
export interface ReproduceTarget<P, R> extends StudyCommand<P, R> {
  readonly target: string;
  /** The study input at a scale. */
  input(scale: Scale): unknown;
  /** What each scale runs (shown in help). */
  readonly scales: Readonly<Record<Scale, string>>;
}

/** Builds a target. */
export function reproduceTarget<P, R, N extends StudyName = StudyName>(def: {
  target: string;
  study: N;
  summary: string;
  input(scale: Scale): StudyInputs[N];
  scales: Readonly<Record<Scale, string>>;
  report(params: P, result: R, ctx: RunContext): Report;
}): ReproduceTarget<P, R> {
  const cmd = studyCommand<P, R>({
    name: `reproduce ${def.target}`,
    study: def.study,
    summary: def.summary,
    details: `Scales:\n  quick: ${def.scales.quick}\n  paper: ${def.scales.paper}`,
    options: [SCALE_OPTION],
    examples: [
      `landscape-lab reproduce ${def.target} --out out/${def.target}`,
      `landscape-lab reproduce ${def.target} --scale paper --out out/${def.target}`,
      `landscape-lab submit reproduce ${def.target} --scale paper --shards 16 --out /scratch/${def.target}`,
    ],
    toInput: (o: ParsedOptions) => def.input((o.scale as Scale | undefined) ?? 'quick'),
    report: def.report,
  });
  return { ...cmd, target: def.target, input: def.input, scales: def.scales };
}
