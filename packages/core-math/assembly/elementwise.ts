// Elementwise activations φ, φ′, φ″ over arrays. Codes: ACTIVATION_* of codes.generated.ts (table codes/codes.json):
// relu, softplus, tanh, sigmoid, quadratic (z²), linear. Everything runs two lanes at a time (f64x2);
// softplus, sigmoid and tanh use the two-lane exp / log1p / tanh of math.ts (an odd last element runs in lane 0 of a
// splat, so it rounds exactly as in a pair).
// Numerical notes: softplus(x) = max(x, 0) + log1p(exp(−|x|)) never overflows; sigmoid uses exp(−|x|) so neither
// branch overflows; relu′(0) := 0 and relu″ := 0 (the subgradient convention used by the models).

import {
  ACTIVATION_QUADRATIC,
  ACTIVATION_RELU,
  ACTIVATION_SIGMOID,
  ACTIVATION_SOFTPLUS,
  ACTIVATION_TANH,
} from './codes.generated';
import { vexpNegAbs, vsigmoidFromE, vsoftplusFromE, vtanh } from './math';

/** φ^(order)(x) on both lanes (linear is the fall-through). */
@inline function vact(kind: i32, order: i32, v: v128): v128 {
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  if (kind == ACTIVATION_TANH) {
    // φ′ = 1 − t², φ″ = −2t(1 − t²), in this operation order (as the scalar formulas were).
    const t = vtanh(v);
    if (order == 0) return t;
    const d = f64x2.sub(one, f64x2.mul(t, t));
    if (order == 1) return d;
    return f64x2.mul(f64x2.mul(f64x2.splat(-2.0), t), d);
  }
  if (kind == ACTIVATION_SOFTPLUS || kind == ACTIVATION_SIGMOID) {
    const e = vexpNegAbs(v);
    const s = vsigmoidFromE(v, e);
    if (kind == ACTIVATION_SOFTPLUS) {
      if (order == 0) return vsoftplusFromE(v, e);
      if (order == 1) return s;
      return f64x2.mul(s, f64x2.sub(one, s));
    }
    if (order == 0) return s;
    const d = f64x2.mul(s, f64x2.sub(one, s));
    if (order == 1) return d;
    return f64x2.mul(d, f64x2.sub(one, f64x2.add(s, s)));
  }
  if (kind == ACTIVATION_RELU) {
    // f64.max semantics: NaN propagates (as the scalar max did); φ′ = [x > 0], φ″ = 0.
    if (order == 0) return f64x2.max(v, zero);
    if (order == 1) return v128.and(one, f64x2.gt(v, zero));
    return zero;
  }
  if (kind == ACTIVATION_QUADRATIC) {
    if (order == 0) return f64x2.mul(v, v);
    if (order == 1) return f64x2.mul(f64x2.splat(2.0), v);
    return f64x2.splat(2.0);
  }
  if (order == 0) return v;
  if (order == 1) return one;
  return zero;
}

@inline function run(kind: i32, order: i32, n: i32, x: usize, y: usize): void {
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, vact(kind, order, v128.load(x + o)));
  }
  if (n & 1) {
    const o = <usize>n2 << 3;
    store<f64>(y + o, f64x2.extract_lane(vact(kind, order, f64x2.splat(load<f64>(x + o))), 0));
  }
}

export function act(kind: i32, n: i32, x: usize, y: usize): void {
  run(kind, 0, n, x, y);
}

export function actDeriv(kind: i32, n: i32, x: usize, y: usize): void {
  run(kind, 1, n, x, y);
}

export function actDeriv2(kind: i32, n: i32, x: usize, y: usize): void {
  run(kind, 2, n, x, y);
}
