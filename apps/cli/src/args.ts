/**
 * Command-line parsing: a small declarative option table per command, our own tokenizer (so every message follows
 * the house grammar `invalid argument. <what> must <expectation>. Value: <actual>.`), and the value parsers for
 * numbers, lists `a,b,c` and inclusive ranges `a:b:step`.
 */
import { type Bounds, describeBounds, describePlural, inBounds, SEED_FIELD } from '@landscape-lab/studies';
import { UsageError, usage } from './errors.js';
import { fieldOption } from './schema-options.js';

/** How an option's value is parsed. */
export type OptionKind =
  | 'flag'
  | 'int'
  | 'number'
  | 'int-list'
  | 'number-list'
  | 'enum'
  | 'string'
  | 'pair'
  | 'number-tuple'
  | 'number-or-keyword';

/** One option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `max-iters`. */
  readonly name: string;
  readonly kind: OptionKind;
  /** One line of help. */
  readonly help: string;
  /** Placeholder shown in help, e.g. `<list>`. */
  readonly arg?: string;
  /** Default shown in help (the study applies the real defaults). */
  readonly defaultText?: string;
  /** Allowed values of an `enum`, or the keywords a `number-or-keyword` accepts besides a number. */
  readonly choices?: readonly string[];
  /** Bounds on numbers (each inclusive unless marked exclusive). */
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** The option may be given several times (values collected in order). */
  readonly repeatable?: boolean;
}

/** Parsed option values by long name (camelCase is not applied: keys are the option names). */
export type ParsedOptions = Record<string, unknown>;

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'json', kind: 'flag', help: 'print exactly one JSON document on stdout (nothing else goes there)' },
  {
    name: 'out',
    kind: 'string',
    arg: '<dir>',
    help: 'write result.json, CSV tables and SVG figures to <dir>; resumes a sweep there',
  },
  fieldOption('seed', SEED_FIELD),
  {
    name: 'workers',
    kind: 'int',
    arg: '<int>',
    min: 1,
    max: 1024,
    defaultText: 'all cores',
    help: 'worker threads for sweeps (the result does not depend on it)',
  },
  { name: 'quiet', kind: 'flag', help: 'no progress bar and no warnings on stderr' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

const MAX_LIST = 100_000;

/** Parses one finite decimal number (no hex, no empty string, no trailing junk). Returns NaN when malformed. */
function toNumber(s: string): number {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/**
 * Parses a single number with bounds.
 * @param what the option as shown to the user, e.g. `--step`.
 * @throws UsageError with the house message when malformed or out of bounds.
 * @example parseNumber('--tol', '1e-3', { min: 0, minExclusive: true }) // 0.001
 */
export function parseNumber(what: string, raw: string, bounds: Bounds = {}, integer = false): number {
  const x = toNumber(raw);
  if (!Number.isFinite(x) || (integer && !Number.isSafeInteger(x)) || !inBounds(x, bounds))
    throw usage(what, `be ${describeBounds(bounds, integer)}`, raw);
  return x;
}

/**
 * Parses a list `a,b,c`, an inclusive range `a:b:step` (or `a:b`, step 1), or a mix `1,4:8:2,20`, into a sorted
 * list of distinct values.
 * @param integer require integers (and integer steps).
 * @throws UsageError naming the option, the grammar and the value: malformed items, a range with a ≤ 0 step or
 *   a > b, out-of-bounds values, or more than 100 000 values.
 * @example parseList('--n', '20:60:20', { min: 1 }, true) // [20, 40, 60]
 */
export function parseList(what: string, raw: string, bounds: Bounds = {}, integer = false): number[] {
  const expectation = `be a list a,b,c or a range a:b:step (a ≤ b, step > 0) of ${describePlural(bounds, integer)}`;
  const fail = (): never => {
    throw usage(what, expectation, raw);
  };
  if (raw.trim() === '') fail();
  const out: number[] = [];
  for (const part of raw.split(',')) {
    const fields = part.split(':');
    if (fields.length === 1) {
      const x = toNumber(fields[0]!);
      if (!Number.isFinite(x)) fail();
      out.push(x);
    } else if (fields.length === 2 || fields.length === 3) {
      const a = toNumber(fields[0]!);
      const b = toNumber(fields[1]!);
      const step = fields.length === 3 ? toNumber(fields[2]!) : 1;
      if (![a, b, step].every(Number.isFinite) || !(step > 0) || a > b) fail();
      const count = Math.floor((b - a) / step + 1e-9) + 1;
      if (count > MAX_LIST) fail();
      for (let i = 0; i < count; i++) {
        // Multiply rather than accumulate so 0:1:0.1 gives 0.3, not 0.30000000000000004 + drift.
        const x = a + i * step;
        out.push(integer ? x : Number(x.toPrecision(15)));
      }
    } else fail();
    if (out.length > MAX_LIST) fail();
  }
  for (const x of out) if ((integer && !Number.isSafeInteger(x)) || !inBounds(x, bounds)) fail();
  return [...new Set(out)].sort((x, y) => x - y);
}

/**
 * Parses a fixed-length comma-separated tuple of numbers, e.g. `--check 2.5,2`.
 * @throws UsageError when the count or a number is wrong.
 */
export function parseTuple(what: string, raw: string, length: number, names: string): number[] {
  const parts = raw.split(',');
  const xs = parts.map(toNumber);
  if (parts.length !== length || !xs.every(Number.isFinite))
    throw usage(what, `be ${length} comma-separated numbers ${names}`, raw);
  return xs;
}

/** Parses a variable-length comma-separated list of numbers without sorting (order matters, e.g. `--imbalance`). */
export function parseNumberSeq(what: string, raw: string, bounds: Bounds = {}): number[] {
  const parts = raw.split(',');
  const xs = parts.map(toNumber);
  if (raw.trim() === '' || !xs.every((x) => Number.isFinite(x) && inBounds(x, bounds)))
    throw usage(what, `be a comma-separated list of ${describePlural(bounds, false)}`, raw);
  return xs;
}

function parseValue(spec: OptionSpec, raw: string): unknown {
  const what = `--${spec.name}`;
  switch (spec.kind) {
    case 'int':
      return parseNumber(what, raw, spec, true);
    case 'number':
      return parseNumber(what, raw, spec, false);
    case 'int-list':
      return parseList(what, raw, spec, true);
    case 'number-list':
      return parseList(what, raw, spec, false);
    case 'number-tuple':
      return parseNumberSeq(what, raw, spec);
    case 'pair':
      return parseTuple(what, raw, 2, spec.arg ?? '');
    case 'number-or-keyword': {
      if (spec.choices!.includes(raw)) return raw;
      const x = toNumber(raw);
      if (!Number.isFinite(x) || !inBounds(x, spec))
        throw usage(what, `be ${spec.choices!.join(', ')} or ${describeBounds(spec, false)}`, raw);
      return x;
    }
    case 'enum':
      if (!spec.choices!.includes(raw)) throw usage(what, `be one of ${spec.choices!.join(', ')}`, raw);
      return raw;
    case 'string':
      if (raw === '') throw usage(what, 'be a non-empty string', raw);
      return raw;
    case 'flag':
      return true;
  }
}

/**
 * Parses a command's arguments against its option table (plus {@link COMMON_OPTIONS}).
 * Accepts `--name value` and `--name=value`; a value may start with `-` (negative numbers reach the validators and
 * are rejected there with a clear message rather than mistaken for an option).
 * @throws UsageError for unknown options, positional arguments, missing values, repeated non-repeatable options,
 *   and every malformed value.
 */
export function parseOptions(specs: readonly OptionSpec[], argv: readonly string[]): ParsedOptions {
  const all = [...specs, ...COMMON_OPTIONS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const out: ParsedOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '-h') {
      out.help = true;
      continue;
    }
    if (!tok.startsWith('--') || tok === '--') {
      throw usage('The argument', 'be an option --name (see --help)', tok);
    }
    const eq = tok.indexOf('=');
    const name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      const names = all.map((s) => `--${s.name}`).join(', ');
      throw usage('The option', `be one of ${names}`, tok);
    }
    let raw: string | undefined;
    if (spec.kind === 'flag') {
      if (eq >= 0) throw usage(`--${name}`, 'take no value', tok.slice(eq + 1));
    } else if (eq >= 0) raw = tok.slice(eq + 1);
    else {
      raw = argv[i + 1];
      const looksLikeOption = raw?.startsWith('--');
      if (raw === undefined || looksLikeOption)
        throw usage(`--${name}`, `be followed by a value ${spec.arg ?? ''}`.trimEnd(), undefined);
      i++;
    }
    const value = spec.kind === 'flag' ? true : parseValue(spec, raw!);
    if (spec.repeatable) {
      const prev = (out[name] as unknown[] | undefined) ?? [];
      prev.push(value);
      out[name] = prev;
    } else {
      if (name in out) throw usage(`--${name}`, 'be given at most once', raw ?? tok);
      out[name] = value;
    }
  }
  return out;
}

/** Renders the help text of a command from its option table. */
export function helpText(
  command: string,
  summary: string,
  specs: readonly OptionSpec[],
  examples: readonly string[],
  details?: string,
): string {
  const fmt = (s: OptionSpec): string => {
    const left = `  --${s.name}${s.arg ? ` ${s.arg}` : s.kind === 'enum' ? ` <${s.choices!.join('|')}>` : ''}`;
    const dflt = s.defaultText !== undefined ? ` (default: ${s.defaultText})` : '';
    const rep = s.repeatable ? ' (repeatable)' : '';
    const pad = left.length < 30 ? ' '.repeat(30 - left.length) : `\n${' '.repeat(30)}`;
    return `${left}${pad}${s.help}${dflt}${rep}`;
  };
  const lines = [
    `Usage: landscape-lab ${command} [options]`,
    '',
    summary,
    ...(details ? ['', details] : []),
    ...(specs.length > 0 ? ['', 'Options:', ...specs.map(fmt)] : []),
    '',
    'Common options:',
    ...COMMON_OPTIONS.map(fmt),
    '',
    'Lists: a,b,c; ranges: a:b:step (inclusive, e.g. 20:60:20 = 20,40,60); both may be mixed: 1,4:8:2.',
    '',
    examples.length > 1 ? 'Examples:' : 'Example:',
    ...examples.map((e) => `  ${e}`),
    '',
  ];
  return lines.join('\n');
}

export { UsageError };
