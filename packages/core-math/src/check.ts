/**
 * The validation vocabulary every Landscape Lab package shares: numeric bounds and how they are worded, numbers in
 * bounds, options objects, callbacks, fixed sets of values and the {@link Objective} contract.
 *
 * Each check throws the core-math error classes with the house grammar
 * `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`, and every bound is worded by
 * {@link describeBounds}, so the kernels, the trainers, the analyses, the studies, the CLI and the web demo say the
 * same thing about the same bound (e.g. `must be a positive number`, `must be an integer in [1, 10]`,
 * `must be a number in [0, 1)`). Domain checks (stopping rules, trajectories, operators) are written on top of these
 * in their packages.
 */
import { invalidMessage, NonFiniteError, rangeError, typeError } from './errors.js';
import { checkSize } from './matrix.js';
import type { Objective } from './objective.js';

/** Numeric bounds, each inclusive unless marked exclusive. */
export interface Bounds {
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
}

/** The bounds of a positive number (worded `a positive number`). */
export const POSITIVE: Bounds = { min: 0, minExclusive: true };
/** The bounds of a non-negative number (worded `a non-negative number`, or `integer`). */
export const NON_NEGATIVE: Bounds = { min: 0 };

function interval(b: Bounds): string {
  return `${b.minExclusive ? '(' : '['}${b.min}, ${b.max}${b.maxExclusive ? ')' : ']'}`;
}

/**
 * The expectation for one number, e.g. `an integer in [1, 200]`, `a positive number`, `a number ≥ 0.5`.
 * @example describeBounds({ min: 0, minExclusive: true }, false) // 'a positive number'
 */
export function describeBounds(b: Bounds, integer: boolean): string {
  const noun = integer ? 'integer' : 'number';
  const { min, max, minExclusive, maxExclusive } = b;
  if (min === 1 && !minExclusive && integer && max === undefined) return 'a positive integer';
  if (min === 0 && minExclusive && max === undefined) return `a positive ${noun}`;
  if (min === 0 && !minExclusive && max === undefined) return `a non-negative ${noun}`;
  const a = integer ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${a} in ${interval(b)}`;
  if (min !== undefined) return `${a} ${minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${a} ${maxExclusive ? '<' : '≤'} ${max}`;
  return integer ? 'an integer' : 'a finite number';
}

/** The plural of {@link describeBounds} for list elements, e.g. `integers in [1, 2047]`, `positive numbers`. */
export function describePlural(b: Bounds, integer: boolean): string {
  const noun = integer ? 'integers' : 'numbers';
  const { min, max, minExclusive, maxExclusive } = b;
  if (min === 1 && !minExclusive && integer && max === undefined) return 'positive integers';
  if (min === 0 && minExclusive && max === undefined) return `positive ${noun}`;
  if (min === 0 && !minExclusive && max === undefined) return `non-negative ${noun}`;
  if (min !== undefined && max !== undefined) return `${noun} in ${interval(b)}`;
  if (min !== undefined) return `${noun} ${minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${noun} ${maxExclusive ? '<' : '≤'} ${max}`;
  return integer ? noun : 'finite numbers';
}

/** Whether x satisfies the bounds (NaN never does when a bound is set). */
export function inBounds(x: number, b: Bounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? !(x > b.min) : !(x >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(x < b.max) : !(x <= b.max))) return false;
  return true;
}

/**
 * Validates one number against bounds and returns it.
 * - not a number → `E_ARG_TYPE` (`must be a number`);
 * - a real number that is NaN or ±∞ → `E_NONFINITE` (`must be finite`);
 * - an integer field given a non-integer, an unsafe integer or ±∞, or any value outside the bounds → `E_ARG_RANGE`
 *   with the bounds worded by {@link describeBounds}.
 * @param what the argument as messages name it, e.g. `options.maxIters`.
 * @example checkNumber('adam', 'options.beta1', 1, { min: 0, max: 1, maxExclusive: true })
 * // throws 'adam: invalid argument. options.beta1 must be a number in [0, 1). Value: 1.'
 */
export function checkNumber(
  fn: string,
  what: string,
  v: unknown,
  bounds: Bounds = {},
  integer = false,
): number {
  if (typeof v !== 'number') throw typeError(fn, what, 'be a number', v);
  if (!integer && !Number.isFinite(v)) throw new NonFiniteError(fn, invalidMessage(fn, what, 'be finite', v));
  if ((integer && !Number.isSafeInteger(v)) || !inBounds(v, bounds))
    throw rangeError(fn, what, `be ${describeBounds(bounds, integer)}`, v);
  return v;
}

/**
 * Validates an options bag: `undefined` (→ `{}`) or a plain object (not null, not an array).
 * @param what the argument as messages name it (default `options`).
 */
export function checkOptions(fn: string, o: unknown, what = 'options'): Record<string, unknown> {
  if (o === undefined) return {};
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw typeError(fn, what, 'be an object', o);
  return o as Record<string, unknown>;
}

/** Throws `E_ARG_TYPE` unless `f` is a function. */
export function checkFunction(
  fn: string,
  what: string,
  f: unknown,
): asserts f is (...args: never[]) => unknown {
  if (typeof f !== 'function') throw typeError(fn, what, 'be a function', f);
}

/**
 * Throws `E_ARG_RANGE` unless `v` is one of `allowed` (strings or numbers, compared with `===`); the message lists
 * them, e.g. `options.method must be one of trust-region, newton`.
 */
export function checkOneOf<const T extends string | number>(
  fn: string,
  what: string,
  v: unknown,
  allowed: readonly T[],
): asserts v is T {
  if (!(allowed as readonly unknown[]).includes(v))
    throw rangeError(fn, what, `be one of ${allowed.join(', ')}`, v);
}

/**
 * Throws unless `o` satisfies the {@link Objective} contract: an object with a size `dim`, functions `loss` and
 * `grad`, and `hessian`/`hvp` functions when present.
 * @param what the argument as messages name it, e.g. `objective` or `factory(width)`.
 */
export function checkObjective(fn: string, what: string, o: unknown): asserts o is Objective {
  if (o === null || typeof o !== 'object')
    throw typeError(fn, what, 'be an Objective { dim, loss, grad }', o);
  const obj = o as Objective;
  checkSize(fn, `${what}.dim`, obj.dim);
  checkFunction(fn, `${what}.loss`, obj.loss);
  checkFunction(fn, `${what}.grad`, obj.grad);
  if (obj.hessian !== undefined && typeof obj.hessian !== 'function')
    throw typeError(fn, `${what}.hessian`, 'be a function when present', obj.hessian);
  if (obj.hvp !== undefined && typeof obj.hvp !== 'function')
    throw typeError(fn, `${what}.hvp`, 'be a function when present', obj.hvp);
}
