/**
 * `landscape-lab reproduce <target> [--scale quick|paper] --out DIR`: a paper's figure or table at its protocol,
 * side by side with the paper's numbers. Each target is a study command named `reproduce <target>` (see
 * reproduce/target.ts), so everything a study command does (resume, workers, --shard, submit, merge) applies.
 */
import type { ToolCommand } from '../command.js';
import { runCommand } from '../command.js';
import { usage } from '../errors.js';
import { REPRODUCE_TARGETS } from '../reproduce/index.js';

function help(): string {
  const w = Math.max(...REPRODUCE_TARGETS.map((t) => t.target.length)) + 2;
  return [
    'Usage: landscape-lab reproduce <target> [--scale quick|paper] [options]',
    '',
    "Run a paper's figure or table at its protocol and write it beside the paper's own numbers.",
    '',
    'Targets:',
    ...REPRODUCE_TARGETS.map((t) => `  ${t.target.padEnd(w)}${t.summary}`),
    '',
    'Run `landscape-lab reproduce <target> --help` for the scales and options of a target.',
    '',
    'Examples:',
    '  landscape-lab reproduce ss18-tables --out out/ss18',
    '  landscape-lab submit reproduce p4-census --scale paper --shards 32 --time 12:00:00 --out /scratch/p4',
    '',
  ].join('\n');
}

/** Splits `reproduce <target> …` into the target's command and its arguments. */
export function reproduceTargetOf(argv: readonly string[]) {
  const [name, ...rest] = argv;
  const target = REPRODUCE_TARGETS.find((t) => t.target === name);
  if (!target)
    throw usage(
      'The reproduce target',
      `be one of ${REPRODUCE_TARGETS.map((t) => t.target).join(', ')}`,
      name ?? '(none)',
    );
  return { target, rest };
}

export const reproduceCommand: ToolCommand = {
  name: 'reproduce',
  summary:
    "Reproduce a paper's figure or table at its protocol, beside the paper's numbers (ss18-tables, …).",
  async main(argv) {
    if (argv[0] === undefined || argv[0] === '--help' || argv[0] === '-h') {
      process.stdout.write(help());
      return argv[0] === undefined ? 2 : 0;
    }
    const { target, rest } = reproduceTargetOf(argv);
    return runCommand(target, rest);
  },
};
