/**
 * Error classes shared by every Landscape Lab package.
 *
 * Every error carries a stable `code` and a message of one grammar:
 * `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`
 * Callers (the CLI in particular) map codes to exit statuses: input errors → 2, computation failures → 1.
 */

/** Stable error codes. Input errors start with `E_ARG`, `E_SHAPE` or `E_NONFINITE`. */
export type ErrorCode =
  | 'E_SHAPE'
  | 'E_ARG_RANGE'
  | 'E_ARG_TYPE'
  | 'E_NONFINITE'
  | 'E_DISPOSED'
  | 'E_BACKEND'
  | 'E_NOT_INITIALIZED'
  | 'E_INTERNAL';

/** Base class of every error thrown by Landscape Lab packages. */
export class LandscapeError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Name of the public function that rejected the input. */
  readonly fn: string;
  constructor(code: ErrorCode, fn: string, message: string) {
    super(message);
    this.name = 'LandscapeError';
    this.code = code;
    this.fn = fn;
  }
}

/** Thrown when an argument has the wrong shape (dimensions that do not agree, non-square where square is required). */
export class ShapeError extends LandscapeError {
  constructor(fn: string, message: string) {
    super('E_SHAPE', fn, message);
    this.name = 'ShapeError';
  }
}

/** Thrown when an argument is out of its allowed range or of the wrong type. */
export class ArgumentError extends LandscapeError {
  constructor(code: 'E_ARG_RANGE' | 'E_ARG_TYPE', fn: string, message: string) {
    super(code, fn, message);
    this.name = 'ArgumentError';
  }
}

/** Thrown when an input contains NaN or ±Infinity where finite values are required. */
export class NonFiniteError extends LandscapeError {
  constructor(fn: string, message: string) {
    super('E_NONFINITE', fn, message);
    this.name = 'NonFiniteError';
  }
}

/** Thrown on use of a disposed resident buffer, or on backend/initialisation problems. */
export class StateError extends LandscapeError {
  constructor(
    code: 'E_DISPOSED' | 'E_BACKEND' | 'E_NOT_INITIALIZED' | 'E_INTERNAL',
    fn: string,
    message: string,
  ) {
    super(code, fn, message);
    this.name = 'StateError';
  }
}

/** Renders a value for an error message: short, unambiguous, never huge. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) {
    const len = (value as unknown as { length: number }).length;
    return `${value.constructor.name}(length ${len})`;
  }
  if (Array.isArray(value)) return `Array(length ${value.length})`;
  if (typeof value === 'object') {
    const m = value as { rows?: unknown; cols?: unknown };
    if (typeof m.rows === 'number' && typeof m.cols === 'number') return `Matrix(${m.rows}x${m.cols})`;
    return Object.prototype.toString.call(value);
  }
  return String(value);
}

/** Formats the house message: `<fn>: invalid argument. <what> must <expectation>. Value: <actual>.` */
export function invalidMessage(fn: string, what: string, expectation: string, value: unknown): string {
  return `${fn}: invalid argument. ${what} must ${expectation}. Value: ${describeValue(value)}.`;
}

/** Builds a {@link ShapeError} with the house message grammar. */
export function shapeError(fn: string, what: string, expectation: string, value: unknown): ShapeError {
  return new ShapeError(fn, invalidMessage(fn, what, expectation, value));
}

/** Builds an {@link ArgumentError} (`E_ARG_RANGE`) with the house message grammar. */
export function rangeError(fn: string, what: string, expectation: string, value: unknown): ArgumentError {
  return new ArgumentError('E_ARG_RANGE', fn, invalidMessage(fn, what, expectation, value));
}

/** Builds an {@link ArgumentError} (`E_ARG_TYPE`) with the house message grammar. */
export function typeError(fn: string, what: string, expectation: string, value: unknown): ArgumentError {
  return new ArgumentError('E_ARG_TYPE', fn, invalidMessage(fn, what, expectation, value));
}

/** Builds a {@link NonFiniteError} naming the first offending index. */
export function nonFiniteError(fn: string, what: string, index: number, value: number): NonFiniteError {
  return new NonFiniteError(fn, invalidMessage(fn, `${what}[${index}]`, 'be finite', value));
}
