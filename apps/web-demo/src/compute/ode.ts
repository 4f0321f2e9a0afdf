/**
 * Dormand–Prince 5(4) adaptive Runge–Kutta (Hairer, Nørsett & Wanner, Solving ODEs I, §II.5) for gradient flows.
 * Error per step is controlled in a mixed absolute/relative norm; the step grows at most 5× and shrinks at most
 * 5× per step. Complexity: 6 derivative evaluations per accepted step (FSAL).
 */
export type Rhs = (t: number, y: Float64Array, dy: Float64Array) => void;

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

export interface OdeOptions {
  rtol?: number;
  atol?: number;
  maxSteps?: number;
  /** Stop early when this returns true (checked after each accepted step). */
  stop?: (t: number, y: Float64Array) => boolean;
}

/** Integrates y′ = f(t, y) from t0 to t1; returns the accepted (t, y) samples. */
export function dopri5(f: Rhs, y0: ArrayLike<number>, t0: number, t1: number, opts: OdeOptions = {}) {
  const rtol = opts.rtol ?? 1e-9;
  const atol = opts.atol ?? 1e-12;
  const maxSteps = opts.maxSteps ?? 20000;
  const n = y0.length;
  let y = Float64Array.from(y0);
  const K = Array.from({ length: 7 }, () => new Float64Array(n));
  const tmp = new Float64Array(n);
  const ts: number[] = [t0];
  const ys: Float64Array[] = [Float64Array.from(y)];
  let t = t0;
  let h = Math.min(1e-3, (t1 - t0) / 10);
  f(t, y, K[0]!);
  let steps = 0;
  while (t < t1 && steps < maxSteps) {
    if (t + h > t1) h = t1 - t;
    for (let s = 1; s < 7; s++) {
      for (let i = 0; i < n; i++) {
        let acc = y[i]!;
        for (let j = 0; j < s; j++) acc += h * A[s]![j]! * K[j]![i]!;
        tmp[i] = acc;
      }
      f(t + C[s]! * h, tmp, K[s]!);
    }
    // tmp now holds the 5th-order solution (row 6 of A is the b-vector).
    let err = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let s = 0; s < 7; s++) e += E[s]! * K[s]![i]!;
      const sc = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(tmp[i]!));
      err = Math.max(err, Math.abs(h * e) / sc);
    }
    steps++;
    if (!Number.isFinite(err)) {
      h /= 5;
      continue;
    }
    if (err <= 1) {
      t += h;
      y = Float64Array.from(tmp);
      K[0]!.set(K[6]!);
      ts.push(t);
      ys.push(Float64Array.from(y));
      if (opts.stop?.(t, y)) break;
    }
    h *= Math.min(5, Math.max(0.2, 0.9 * (err === 0 ? 5 : err ** -0.2)));
  }
  return { ts, ys, steps, reached: t >= t1 };
}
