/**
 * One typed parameter schema per study: each field's name, kind, bounds, default and help are declared once, next to
 * the study. Everything that accepts a study parameter reads that declaration:
 * - the study's `resolve` fills defaults and validates through {@link resolveSchema};
 * - the CLI generates its options, `--help` lines, value parsing and messages from it (apps/cli `schemaOptions`);
 * - the web demo generates its form fields (bounds, integer steps, labels, tooltips, messages) from it.
 * Relations between fields (e.g. `d ≥ every k`) are checked by the study after the fields are resolved.
 *
 * Messages follow the house grammar `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`, and
 * the expectation text comes from {@link describeBounds}, so the library, the CLI and the web demo say the same thing
 * about the same bound. See docs/adr/0003-parameter-schemas.md for why this is a small house module rather than a
 * schema library.
 */
import {
  type Bounds,
  checkNumber,
  checkOneOf,
  describeBounds,
  nonFiniteError,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';

// The bound vocabulary lives in core-math (shared by every package); re-exported for the CLI and the web demo.
export { type Bounds, describeBounds, describePlural, inBounds } from '@landscape-lab/core-math';

/** What every field declares besides its kind. */
interface FieldBase<V> {
  /** One line of help (CLI `--help`, web tooltips). */
  readonly help: string;
  /** Short label for forms; the help is used when absent. */
  readonly label?: string;
  /**
   * The default, or a function of the fields resolved before this one (declaration order) for presets. Absent:
   * the field is `null` when `nullable`, else required.
   */
  readonly default?: V | ((resolved: Readonly<Record<string, unknown>>) => V | null);
  /** The value is `null` when not given (and there is no default). */
  readonly nullable?: true;
  /** How help shows the default when it is not a plain value (e.g. `preset`, `k`). */
  readonly defaultText?: string;
  /** Placeholder in CLI help, e.g. `<list>`; derived from the kind when absent. */
  readonly arg?: string;
  /** The CLI option's name (default: the key in kebab-case), or `false` when the CLI does not expose the field. */
  readonly cli?: string | false;
}

/** An integer in bounds, or (with `values`) one of a fixed set of integers. */
export interface IntField extends FieldBase<number>, Bounds {
  readonly kind: 'int';
  readonly values?: readonly number[];
}
/** A finite number in bounds, or (with `keywords`) one of a few named values. */
export interface NumberField<K extends string = string> extends FieldBase<number | K>, Bounds {
  readonly kind: 'number';
  readonly keywords?: readonly K[];
}
/** A non-empty list of integers in bounds, sorted and deduplicated (a single number is a list of one). */
export interface IntListField extends FieldBase<readonly number[]>, Bounds {
  readonly kind: 'int-list';
}
/** A non-empty list of finite numbers in bounds; order and repeats are kept (a single number is a list of one). */
export interface NumberListField extends FieldBase<readonly number[]>, Bounds {
  readonly kind: 'number-list';
}
/** One of a fixed set of strings. */
export interface EnumField<T extends string = string> extends FieldBase<T> {
  readonly kind: 'enum';
  readonly choices: readonly T[];
}
/** A boolean (a CLI flag). */
export interface BoolField extends FieldBase<boolean> {
  readonly kind: 'bool';
}
/** A list of points (x, y) of finite numbers (CLI: a repeatable `x,y` option). */
export interface PairsField extends FieldBase<readonly (readonly [number, number])[]> {
  readonly kind: 'pairs';
  /** Names of the two coordinates, for messages and help, e.g. `α,β`. */
  readonly names: string;
}
/** A non-empty rectangular matrix of finite numbers given as rows (`number[][]`). */
export interface MatrixField extends FieldBase<readonly (readonly number[])[]> {
  readonly kind: 'matrix';
}

/** Any field. */
export type Field =
  | IntField
  | NumberField
  | IntListField
  | NumberListField
  | EnumField
  | BoolField
  | PairsField
  | MatrixField;

/** A study's parameters, by name, in resolution order. */
export type Schema = Readonly<Record<string, Field>>;

/** The resolved value of a field. */
export type FieldValue<F> = F extends { kind: 'number'; keywords: readonly (infer K)[] }
  ? number | K
  : F extends { kind: 'int' | 'number' }
    ? number
    : F extends { kind: 'int-list' | 'number-list' }
      ? number[]
      : F extends { kind: 'enum'; choices: readonly (infer T)[] }
        ? T
        : F extends { kind: 'bool' }
          ? boolean
          : F extends { kind: 'pairs' }
            ? [number, number][]
            : F extends { kind: 'matrix' }
              ? number[][]
              : never;

/** The value a caller may pass for a field (lists also accept one number). */
export type FieldInput<F> = F extends { kind: 'int-list' | 'number-list' }
  ? number | readonly number[]
  : F extends { kind: 'pairs' }
    ? readonly (readonly [number, number])[]
    : F extends { kind: 'matrix' }
      ? readonly (readonly number[])[]
      : FieldValue<F>;

/** The resolved parameters of a schema (nullable fields may be `null`). */
export type Resolved<S extends Schema> = {
  -readonly [K in keyof S]: S[K] extends { nullable: true } ? FieldValue<S[K]> | null : FieldValue<S[K]>;
};

/** The input of a schema: every field optional (`undefined` or `null` = use the default). */
export type SchemaInput<S extends Schema> = { [K in keyof S]?: FieldInput<S[K]> | null };

/** Declares a schema, keeping its literal types (`as const` on choices is not needed). */
export function defineSchema<const S extends Schema>(schema: S): S {
  return schema;
}

/** The field's default as help shows it: `defaultText`, else the plain default (lists joined by commas). */
export function defaultText(f: Field): string | undefined {
  if (f.defaultText !== undefined) return f.defaultText;
  const d = f.default;
  if (d === undefined || typeof d === 'function') return undefined;
  if (Array.isArray(d))
    return d.map((x) => (Array.isArray(x) ? x.join(',') : String(x))).join(f.kind === 'pairs' ? ' ' : ',');
  return String(d);
}

function checkList(fn: string, what: string, v: unknown, b: Bounds, integer: boolean): number[] {
  const xs = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(xs) || xs.length === 0)
    throw typeError(fn, what, `be a non-empty array of ${integer ? 'integers' : 'numbers'}`, v);
  for (let i = 0; i < xs.length; i++) checkNumber(fn, `${what}[${i}]`, xs[i], b, integer);
  return integer ? [...new Set(xs as number[])].sort((x, y) => x - y) : [...(xs as number[])];
}

function checkMatrix(fn: string, what: string, v: unknown): number[][] {
  if (!Array.isArray(v) || v.length === 0)
    throw typeError(fn, what, 'be a non-empty array of rows (number[][])', v);
  const c = Array.isArray(v[0]) ? (v[0] as unknown[]).length : -1;
  if (c <= 0) throw shapeError(fn, `${what}[0]`, 'be a non-empty array of numbers', v[0]);
  return v.map((r, i) => {
    if (!Array.isArray(r)) throw typeError(fn, `${what}[${i}]`, 'be an array of numbers', r);
    if (r.length !== c) throw shapeError(fn, `${what}[${i}].length`, `equal ${c}`, r.length);
    r.forEach((x, j) => {
      if (typeof x !== 'number') throw typeError(fn, `${what}[${i}][${j}]`, 'be a number', x);
      if (!Number.isFinite(x)) throw nonFiniteError(fn, `${what}[${i}]`, j, x);
    });
    return [...(r as number[])];
  });
}

/**
 * Validates one value against its field (no defaults: `v` is present).
 * @param what the name in messages, e.g. `k` or `checks[1]`.
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE / E_SHAPE / E_NONFINITE) in the house grammar.
 */
export function checkField<F extends Field>(fn: string, what: string, f: F, v: unknown): FieldValue<F> {
  switch (f.kind) {
    case 'int':
      if (f.values) checkOneOf(fn, what, v, f.values);
      return checkNumber(fn, what, v, f, true) as FieldValue<F>;
    case 'number':
      if (f.keywords && typeof v === 'string') {
        if (!f.keywords.includes(v))
          throw rangeError(fn, what, `be ${f.keywords.join(', ')} or ${describeBounds(f, false)}`, v);
        return v as FieldValue<F>;
      }
      return checkNumber(fn, what, v, f, false) as FieldValue<F>;
    case 'int-list':
      return checkList(fn, what, v, f, true) as FieldValue<F>;
    case 'number-list':
      return checkList(fn, what, v, f, false) as FieldValue<F>;
    case 'enum':
      checkOneOf(fn, what, v, f.choices);
      return v as FieldValue<F>;
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(fn, what, 'be a boolean', v);
      return v as FieldValue<F>;
    case 'pairs': {
      if (!Array.isArray(v)) throw typeError(fn, what, `be an array of pairs [${f.names}]`, v);
      return v.map((p, t) => {
        if (!Array.isArray(p) || p.length !== 2)
          throw shapeError(fn, `${what}[${t}]`, `be a pair [${f.names}]`, p);
        return [
          checkNumber(fn, `${what}[${t}][0]`, p[0], {}, false),
          checkNumber(fn, `${what}[${t}][1]`, p[1], {}, false),
        ];
      }) as FieldValue<F>;
    }
    case 'matrix':
      return checkMatrix(fn, what, v) as FieldValue<F>;
  }
}

/**
 * Fills defaults and validates an input object against a schema, field by field in declaration order (so a
 * default may depend on fields before it, e.g. a protocol preset).
 * @param fn the function named in messages (the study's).
 * @param input the caller's object; `undefined`/`null` values mean "use the default".
 * @throws ArgumentError for a key the schema does not declare (a typo or an old spelling), a missing required
 *   field, or a value outside its field (messages in the house grammar).
 * @example
 * const S = defineSchema({ runs: { kind: 'int', min: 1, max: 100, default: 20, help: 'runs' } });
 * resolveSchema('demo', S, {}); // { runs: 20 }
 */
export function resolveSchema<S extends Schema>(fn: string, schema: S, input: unknown): Resolved<S> {
  const given = (input ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given))
    throw typeError(fn, 'the input', 'be an object of parameters', input);
  const keys = Object.keys(schema);
  for (const key of Object.keys(given))
    if (!(key in schema) && given[key] !== undefined) checkOneOf(fn, 'Each parameter', key, keys);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const f = schema[key]!;
    const v = given[key];
    if (v !== undefined && v !== null) {
      out[key] = checkField(fn, key, f, v);
      continue;
    }
    const d = typeof f.default === 'function' ? f.default(out) : f.default;
    if (d === undefined || d === null) {
      if (!f.nullable) throw typeError(fn, key, `be given (${f.help})`, v);
      out[key] = null;
    } else out[key] = checkField(fn, key, f, d);
  }
  return out as Resolved<S>;
}

/**
 * The seed of a study run (not a study parameter: `plan(params, seed)` takes it): a non-negative safe integer, the
 * range `taskSeed` accepts. The CLI's `--seed` and the web demo's seed fields are generated from it.
 */
export const SEED_FIELD: IntField = {
  kind: 'int',
  min: 0,
  max: Number.MAX_SAFE_INTEGER,
  default: 1,
  help: 'seed of the run (every task seed derives from it)',
};
