/**
 * @landscape-lab/cli — the `landscape-lab` command as a library: `main(argv)` (returns the exit code) and the
 * reusable parsers, task store and SVG helpers.
 */

export {
  helpText,
  type OptionSpec,
  parseList,
  parseNumber,
  parseNumberSeq,
  parseOptions,
  parseTuple,
} from './args.js';
export { errorLine, exitCodeFor, UsageError } from './errors.js';
export { main } from './main.js';
export { canonicalJson, identityHash, TASK_LOG, TaskStore, writeAtomic } from './store.js';
export { Figure, successColor } from './svg.js';
