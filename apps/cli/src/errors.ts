/**
 * The one place that maps errors to exit codes and to the single line printed on stderr.
 *
 * - Bad input (a {@link UsageError} from argument parsing, or a `LandscapeError` with an `E_ARG*`, `E_SHAPE` or
 *   `E_NONFINITE` code from the packages) → exit 2, one line, no stack trace.
 * - Anything else (a computation or I/O failure) → exit 1, one line; the stack only with `LANDSCAPE_LAB_DEBUG=1`.
 */

/** Codes that mean "the user gave bad input". */
const INPUT_CODES = new Set(['E_USAGE', 'E_ARG_RANGE', 'E_ARG_TYPE', 'E_SHAPE', 'E_NONFINITE', 'E_RESUME']);

/** A command-line usage error: an unknown flag, a missing or malformed value. Always exit code 2. */
export class UsageError extends Error {
  /** Always `E_USAGE`, or `E_RESUME` when an `--out` directory belongs to another command or parameters. */
  readonly code: 'E_USAGE' | 'E_RESUME';
  constructor(message: string, code: 'E_USAGE' | 'E_RESUME' = 'E_USAGE') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}

/** Renders a value the way the house grammar quotes it: strings in JSON quotes, the rest as is. */
export function quote(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return String(value);
}

/**
 * Builds the house message for a bad command-line value:
 * `invalid argument. <what> must <expectation>. Value: <actual>.` (the command prefix is added when printed).
 */
export function usage(what: string, expectation: string, value: unknown): UsageError {
  return new UsageError(`invalid argument. ${what} must ${expectation}. Value: ${quote(value)}.`);
}

/** The exit code for an error: 2 for bad input, 1 otherwise. */
export function exitCodeFor(err: unknown): 1 | 2 {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INPUT_CODES.has(code) ? 2 : 1;
}

/** The one line printed on stderr for an error raised while running `command`. */
export function errorLine(command: string, err: unknown): string {
  const prefix = command ? `landscape-lab ${command}` : 'landscape-lab';
  const msg = err instanceof Error ? err.message : String(err);
  const oneLine = msg.replace(/\s*\n\s*/g, ' ').trim();
  return `${prefix}: ${oneLine}`;
}
