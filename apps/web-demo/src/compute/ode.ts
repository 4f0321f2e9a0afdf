/**
 * Gradient-flow integration for the P1 lab: a thin adapter over `@landscape-lab/trainers`' adaptive
 * Dormand–Prince 5(4) (`dopri5`, Hairer–Nørsett–Wanner §II.5) that records every accepted step, so the page can draw
 * the trajectory and measure the drift of the conserved quantities along it.
 */
import { dopri5 as trainersDopri5 } from '@landscape-lab/trainers';

export type Rhs = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface OdeOptions {
  rtol?: number;
  atol?: number;
  maxSteps?: number;
  /** Stop early when this returns true (checked after each accepted step). */
  stop?: (t: number, y: Float64Array) => boolean;
}

/** Integrates y′ = f(t, y) from t0 to t1; returns the initial point and every accepted (t, y). */
export function dopri5(f: Rhs, y0: ArrayLike<number>, t0: number, t1: number, opts: OdeOptions = {}) {
  const ts: number[] = [t0];
  const ys: Float64Array[] = [Float64Array.from(y0)];
  const r = trainersDopri5(f, t0, Float64Array.from(y0), t1, {
    rtol: opts.rtol ?? 1e-9,
    atol: opts.atol ?? 1e-12,
    maxSteps: opts.maxSteps ?? 20000,
    onAccept: (t, y) => {
      ts.push(t);
      ys.push(Float64Array.from(y));
      return opts.stop?.(t, y) === true;
    },
  });
  return { ts, ys, steps: r.accepted, reached: r.status === 'tEnd', status: r.status };
}
