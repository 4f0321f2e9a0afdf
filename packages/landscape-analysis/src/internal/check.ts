/**
 * Argument validation shared by the landscape-analysis facade. Every public function validates once, here, and
 * throws the core-math error classes with the house grammar
 * `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`
 */
import {
  checkFinite,
  checkScalar,
  checkSize,
  checkVector,
  invalidMessage,
  NonFiniteError,
  type Objective,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';

/** Throws unless `o` looks like an {@link Objective} (dim, loss, grad). */
export function checkObjective(fn: string, what: string, o: unknown): asserts o is Objective {
  if (o === null || typeof o !== 'object')
    throw typeError(fn, what, 'be an Objective { dim, loss, grad }', o);
  const obj = o as Objective;
  checkSize(fn, `${what}.dim`, obj.dim);
  if (typeof obj.loss !== 'function') throw typeError(fn, `${what}.loss`, 'be a function', obj.loss);
  if (typeof obj.grad !== 'function') throw typeError(fn, `${what}.grad`, 'be a function', obj.grad);
  if (obj.hessian !== undefined && typeof obj.hessian !== 'function')
    throw typeError(fn, `${what}.hessian`, 'be a function when present', obj.hessian);
  if (obj.hvp !== undefined && typeof obj.hvp !== 'function')
    throw typeError(fn, `${what}.hvp`, 'be a function when present', obj.hvp);
}

/** Throws unless `x` is a finite Float64Array of length `n`. */
export function checkPoint(fn: string, what: string, x: unknown, n: number): asserts x is Float64Array {
  checkVector(fn, what, x, n);
  checkFinite(fn, what, x);
}

/** A finite number within [lo, hi] (open ends when the flags say so). */
export function checkRange(
  fn: string,
  what: string,
  v: unknown,
  lo: number,
  hi: number,
  opts: { openLo?: boolean; openHi?: boolean } = {},
): asserts v is number {
  checkScalar(fn, what, v);
  const okLo = opts.openLo ? v > lo : v >= lo;
  const okHi = opts.openHi ? v < hi : v <= hi;
  if (!okLo || !okHi) {
    const l = opts.openLo ? '(' : '[';
    const h = opts.openHi ? ')' : ']';
    throw rangeError(fn, what, `be in ${l}${lo}, ${hi}${h}`, v);
  }
}

/** A positive integer (≥ min, default 1). */
export function checkInt(
  fn: string,
  what: string,
  v: unknown,
  min = 1,
  max = 2 ** 31 - 1,
): asserts v is number {
  if (typeof v !== 'number') throw typeError(fn, what, 'be a number', v);
  if (!Number.isInteger(v) || v < min || v > max)
    throw rangeError(fn, what, `be an integer in [${min}, ${max}]`, v);
}

/** A finite positive number. */
export function checkPositive(fn: string, what: string, v: unknown): asserts v is number {
  checkScalar(fn, what, v);
  if (!(v > 0)) throw rangeError(fn, what, 'be positive', v);
}

/** A finite non-negative number. */
export function checkNonNegative(fn: string, what: string, v: unknown): asserts v is number {
  checkScalar(fn, what, v);
  if (!(v >= 0)) throw rangeError(fn, what, 'be non-negative', v);
}

/** One of the listed string values. */
export function checkOneOf<T extends string>(
  fn: string,
  what: string,
  v: unknown,
  allowed: readonly T[],
): asserts v is T {
  if (typeof v !== 'string')
    throw typeError(fn, what, `be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  if (!(allowed as readonly string[]).includes(v))
    throw rangeError(fn, what, `be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
}

/** Throws unless `f` is a function. */
export function checkFunction(
  fn: string,
  what: string,
  f: unknown,
): asserts f is (...args: never[]) => unknown {
  if (typeof f !== 'function') throw typeError(fn, what, 'be a function', f);
}

/** Throws unless `a` is an array (of length n when given). */
export function checkArray(
  fn: string,
  what: string,
  a: unknown,
  n?: number,
): asserts a is readonly unknown[] {
  if (!Array.isArray(a)) throw typeError(fn, what, 'be an array', a);
  if (n !== undefined && a.length !== n) throw shapeError(fn, `${what}.length`, `equal ${n}`, a.length);
}

/**
 * Validates a trajectory of finite points of length n and returns its reference point: `reference` when given
 * (validated too), else the last iterate. An empty trajectory needs a reference.
 */
export function checkTrajectory(
  fn: string,
  trajectory: unknown,
  n: number,
  reference: Float64Array | undefined,
): Float64Array {
  checkArray(fn, 'trajectory', trajectory);
  for (let k = 0; k < trajectory.length; k++) checkPoint(fn, `trajectory[${k}]`, trajectory[k], n);
  if (trajectory.length === 0 && reference === undefined)
    throw rangeError(fn, 'trajectory', 'be non-empty (or options.reference must be given)', trajectory);
  const ref = reference ?? (trajectory[trajectory.length - 1] as Float64Array);
  checkPoint(fn, 'options.reference', ref, n);
  return ref;
}

/** Throws unless a computed value is finite: an objective that returned NaN is reported, not propagated silently. */
export function checkComputed(fn: string, what: string, v: number): number {
  if (!Number.isFinite(v))
    throw new NonFiniteError(fn, invalidMessage(fn, what, 'be finite (computed by the objective)', v));
  return v;
}

/** Options bag: undefined or a plain object. */
export function checkOptions(fn: string, opts: unknown): void {
  if (opts !== undefined && (opts === null || typeof opts !== 'object'))
    throw typeError(fn, 'options', 'be an object', opts);
}

/** A requested Hessian source the objective does not provide is an argument error (E_ARG_RANGE). */
export function unavailableMethod(fn: string, m: string, what = 'options.method') {
  return rangeError(
    fn,
    what,
    `name a source the objective provides (${m === 'hvp' ? 'objective.hvp' : 'objective.hessian'} is missing)`,
    m,
  );
}

/** Throws unless `op` is a LinearOperator { dim, apply }. */
export function checkOperator(
  fn: string,
  op: unknown,
): asserts op is { dim: number; apply: (x: Float64Array, out: Float64Array) => void } {
  if (op === null || typeof op !== 'object')
    throw typeError(fn, 'op', 'be a LinearOperator { dim, apply }', op);
  const o = op as { dim: unknown; apply: unknown };
  checkSize(fn, 'op.dim', o.dim);
  if (typeof o.apply !== 'function') throw typeError(fn, 'op.apply', 'be a function', o.apply);
}

/** Throws E_NONFINITE when a quantity computed from the operator's output is not finite. */
export function checkOperatorOutput(fn: string, v: number): void {
  if (!Number.isFinite(v))
    throw new NonFiniteError(fn, invalidMessage(fn, 'op.apply(x)', 'return finite values', v));
}
