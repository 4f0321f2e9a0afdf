/**
 * `landscape-lab <command> [options]`: dispatch, top-level help, and the single place where errors become exit
 * codes (2 for bad input, 1 for failures) and one line on stderr.
 */
import { type CliCommand, runCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { errorLine, exitCodeFor, quote, UsageError } from './errors.js';
import { versions } from './output.js';

function topHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: landscape-lab <command> [options]',
    '',
    'Reproduce and extend four papers on over-parameterization and loss landscapes (see the README).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    'Run `landscape-lab <command> --help` for the options of a command and an example.',
    'Common options: --json, --out <dir>, --seed <int>, --workers <int>, --quiet; study commands also --shard <i/N>.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (without `node` and the script path) and returns the exit code.
 * Never throws: every error is printed as one line on stderr.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  let command = '';
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(topHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${versions()['@landscape-lab/cli']}\n`);
      return 0;
    }
    const cmd: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
    if (!cmd)
      throw new UsageError(
        `invalid argument. The command must be one of ${COMMANDS.map((c) => c.name).join(', ')}. Value: ${quote(name)}.`,
      );
    command = cmd.name;
    return 'main' in cmd ? await cmd.main(rest) : await runCommand(cmd, rest);
  } catch (e) {
    process.stderr.write(`${errorLine(command, e)}\n`);
    if (process.env.LANDSCAPE_LAB_DEBUG && e instanceof Error && e.stack)
      process.stderr.write(`${e.stack}\n`);
    return exitCodeFor(e);
  }
}
