/**
 * Elementwise activations and their first two derivatives over arrays: relu, softplus (overflow-safe), tanh,
 * sigmoid, quadratic (z²) and linear. Conventions: relu′(0) = 0, relu″ ≡ 0.
 * @see P3 §3.1 (activations of the shallow network)
 */
import { ACTIVATIONS, type Activation, activationCode } from './abi/elementwise.js';
import { ctx } from './backend.js';
import { checkOneOf } from './check.js';
import { checkVector } from './matrix.js';
import { activationScalar } from './reference/elementwise.js';

function run(
  fn: string,
  which: 'act' | 'actDeriv' | 'actDeriv2',
  kind: Activation,
  x: Float64Array,
  out?: Float64Array,
) {
  checkOneOf(fn, 'kind', kind, ACTIVATIONS);
  checkVector(fn, 'x', x);
  if (out !== undefined) checkVector(fn, 'out', out, x.length);
  const c = ctx(fn);
  const y = out ?? new Float64Array(x.length);
  const s = c.heap.scratch();
  try {
    const px = s.copyIn(x);
    const py = s.f64(x.length);
    c.k[which](activationCode(kind), x.length, px, py);
    y.set(c.heap.f64(py, x.length));
  } finally {
    s.dispose();
  }
  return y;
}

/**
 * y_i = φ(x_i). NaN propagates.
 * @param kind activation name
 * @param x input values
 * @param out optional output of the same length (may alias x)
 * @throws ArgumentError E_ARG_RANGE for an unknown activation; ShapeError when out has the wrong length.
 * @example activate('softplus', Float64Array.of(-800, 0, 800)) // [0, ln 2, 800]
 */
export function activate(kind: Activation, x: Float64Array, out?: Float64Array): Float64Array {
  return run('activate', 'act', kind, x, out);
}

/** y_i = φ′(x_i). Same contract as {@link activate}. */
export function activateDeriv(kind: Activation, x: Float64Array, out?: Float64Array): Float64Array {
  return run('activateDeriv', 'actDeriv', kind, x, out);
}

/** y_i = φ″(x_i). Same contract as {@link activate}. */
export function activateDeriv2(kind: Activation, x: Float64Array, out?: Float64Array): Float64Array {
  return run('activateDeriv2', 'actDeriv2', kind, x, out);
}

/**
 * Scalar φ^(order)(z) in plain TS, for code that needs a single value (never call per element in a hot loop).
 * @example activationValue('sigmoid', 0, 1) // 0.25
 */
export function activationValue(kind: Activation, z: number, order: 0 | 1 | 2 = 0): number {
  checkOneOf('activationValue', 'kind', kind, ACTIVATIONS);
  return activationScalar(activationCode(kind), order, z);
}
