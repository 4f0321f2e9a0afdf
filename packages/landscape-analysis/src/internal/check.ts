/**
 * Argument checks specific to the landscape-analysis facade (points, trajectories, linear operators, values computed
 * by an objective), written on top of core-math's shared vocabulary (`checkNumber`, `checkOptions`, `checkOneOf`,
 * `checkFunction`, `checkObjective`, `checkVector`, `checkSize`, …), which every public function here uses for
 * everything else. Messages follow the house grammar
 * `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`
 */
import {
  checkFinite,
  checkFunction,
  checkSize,
  checkVector,
  invalidMessage,
  NonFiniteError,
  rangeError,
  shapeError,
  typeError,
} from '@landscape-lab/core-math';

/** Throws unless `x` is a finite Float64Array of length `n`. */
export function checkPoint(fn: string, what: string, x: unknown, n: number): asserts x is Float64Array {
  checkVector(fn, what, x, n);
  checkFinite(fn, what, x);
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
  checkFunction(fn, 'op.apply', o.apply);
}

/** Throws E_NONFINITE when a quantity computed from the operator's output is not finite. */
export function checkOperatorOutput(fn: string, v: number): void {
  if (!Number.isFinite(v))
    throw new NonFiniteError(fn, invalidMessage(fn, 'op.apply(x)', 'return finite values', v));
}
