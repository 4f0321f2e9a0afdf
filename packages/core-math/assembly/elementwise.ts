// Elementwise activations φ, φ′, φ″ over arrays. Codes (src/abi/elementwise.ts): 0 relu, 1 softplus, 2 tanh,
// 3 sigmoid, 4 quadratic (z²), 5 linear. relu/quadratic/linear run two lanes at a time (f64x2); the
// transcendental ones call the AssemblyScript libm per element.
// Numerical notes: softplus(x) = max(x, 0) + log1p(exp(−|x|)) never overflows; sigmoid uses exp(−|x|) so neither
// branch overflows; relu′(0) := 0 and relu″ := 0 (the subgradient convention used by the models).

@inline function softplus(x: f64): f64 {
  return max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
}

@inline function sigmoid(x: f64): f64 {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

export function act(kind: i32, n: i32, x: usize, y: usize): void {
  let i = 0;
  if (kind == 0 || kind == 4 || kind == 5) {
    const zero = f64x2.splat(0.0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const v = v128.load(x + o);
      v128.store(y + o, kind == 0 ? f64x2.max(v, zero) : kind == 4 ? f64x2.mul(v, v) : v);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o);
    let r: f64;
    switch (kind) {
      case 0: r = max(v, 0.0); break; // f64.max: NaN propagates, as in the f64x2 lanes
      case 1: r = softplus(v); break;
      case 2: r = Math.tanh(v); break;
      case 3: r = sigmoid(v); break;
      case 4: r = v * v; break;
      default: r = v;
    }
    store<f64>(y + o, r);
  }
}

export function actDeriv(kind: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o);
    let r: f64;
    switch (kind) {
      case 0: r = v > 0 ? 1.0 : 0.0; break;
      case 1: r = sigmoid(v); break;
      case 2: { const t = Math.tanh(v); r = 1.0 - t * t; break; }
      case 3: { const s = sigmoid(v); r = s * (1.0 - s); break; }
      case 4: r = 2.0 * v; break;
      default: r = 1.0;
    }
    store<f64>(y + o, r);
  }
}

export function actDeriv2(kind: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o);
    let r: f64;
    switch (kind) {
      case 1: { const s = sigmoid(v); r = s * (1.0 - s); break; }
      case 2: { const t = Math.tanh(v); r = -2.0 * t * (1.0 - t * t); break; }
      case 3: { const s = sigmoid(v); r = s * (1.0 - s) * (1.0 - 2.0 * s); break; }
      case 4: r = 2.0; break;
      default: r = 0.0;
    }
    store<f64>(y + o, r);
  }
}
