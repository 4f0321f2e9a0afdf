/**
 * Adaptive explicit Runge–Kutta integration of y' = F(t, y) by the Dormand–Prince 5(4) pair.
 *
 * Algorithm: 7-stage DOPRI5 with FSAL (the last stage of a step is the first of the next, so an accepted step costs
 * 6 evaluations of F), local extrapolation (the 5th-order solution is propagated, the embedded 4th-order one only
 * estimates the error), error norm ‖e‖ = √((1/n) Σ (e_i / (atol_i + rtol·max(|y_i|, |ŷ_i|)))²) accepted when ≤ 1,
 * step-size control by a PI controller (h_new = h·safety·err^(−α)·err_prev^(β), α = 0.2 − 0.75β, β = 0.04, factor
 * clamped to [0.2, 10] and to ≤ 1 right after a rejection) or the standard controller (β = 0), the starting step
 * heuristic of Hairer–Nørsett–Wanner, and dense output by Shampine's 4th-order continuous extension, used both to
 * sample y at requested times and to locate events (sign changes of g(t, y)) by the Illinois method.
 *
 * References: J. R. Dormand & P. J. Prince (1980), "A family of embedded Runge–Kutta formulae", J. Comp. Appl. Math.
 * 6; L. F. Shampine (1986), "Some practical Runge–Kutta formulas", Math. Comp. 46 (dense output); E. Hairer,
 * S. P. Nørsett & G. Wanner, "Solving ODEs I", 2nd ed., §II.4 (starting step) and §II.5/§II.6 (DOPRI5, dense
 * output); K. Gustafsson (1991), PI step-size control.
 *
 * Complexity: 6 evaluations of F and O(7n) flops per accepted step (plus O(5n) for dense output when samples or
 * events are requested). Numerical caveats: explicit, so stiff problems (e.g. gradient flow of a badly conditioned
 * objective) force tiny steps, not wrong answers; the error estimate is local, the global error is not bounded by
 * `rtol` (for a contractive problem it is at most about the sum of the local errors); the dense output is 4th order,
 * so sampled values carry an error of the same order as the local tolerance.
 */
import {
  checkFinite,
  checkFunction,
  checkNumber,
  checkOneOf,
  checkOptions,
  checkVector,
  NON_NEGATIVE,
  POSITIVE,
  rangeError,
  typeError,
} from '@landscape-lab/core-math';

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980, Table 2).
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
// 5th-order weights (= row 7 of A: FSAL).
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
// Error weights E = b − b̂ (b̂ the embedded 4th-order weights).
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
// Shampine's (1986) continuous extension, in the Hermite-plus-correction form of Hairer–Nørsett–Wanner.
const D1 = -12715105075 / 11282082432;
const D3 = 87487479700 / 32700410799;
const D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632;
const D6 = -1453857185 / 822651844;
const D7 = 69997945 / 29380423;

const EPS = 2 ** -52;

/** Right-hand side F(t, y) written into `dy` (length n). Must not keep `y` or `dy`. */
export type OdeRhs = (t: number, y: Float64Array, dy: Float64Array) => void;

/** An event: a scalar function g(t, y) whose zero crossings are located on the dense output. */
export interface OdeEvent {
  /** g(t, y). */
  fn: (t: number, y: Float64Array) => number;
  /** Stop the integration at the first crossing (default false). */
  terminal?: boolean;
  /** Only crossings with this sign of g' count: 1 rising, −1 falling, 0 (default) both. */
  direction?: -1 | 0 | 1;
}

/** A located event. */
export interface OdeEventHit {
  /** Index into `options.events`. */
  index: number;
  /** Crossing time (relative accuracy ≈ 4ε in t on the dense output). */
  t: number;
  /** y(t) from the dense output. */
  y: Float64Array;
}

/** Options of {@link dopri5}. */
export interface Dopri5Options {
  /** Relative tolerance, default 1e−6 (must be ≥ 1e−14: the error estimate itself has rounding of order ε). */
  rtol?: number;
  /** Absolute tolerance (scalar or per component), default 1e−9. */
  atol?: number | Float64Array;
  /** Initial step (default: Hairer–Nørsett–Wanner heuristic, one extra evaluation). */
  h0?: number;
  /** Largest step, default +∞. */
  hMax?: number;
  /** Fixed step size: no error control, no rejection (for order checks). */
  fixedStep?: number;
  /** Accepted-step cap, default 1e6. */
  maxIters?: number;
  /** `pi` (default) or `standard` step-size controller. */
  controller?: 'pi' | 'standard';
  /** Non-decreasing times in [t0, tEnd] at which to sample y by dense output. */
  times?: ArrayLike<number>;
  /** Events located on the dense output. */
  events?: OdeEvent[];
  /** Called after each accepted step with (t, y, F(t, y)); return true to stop (`status: 'callback'`). */
  onAccept?: (t: number, y: Float64Array, dy: Float64Array) => unknown;
}

/** How an integration ended. */
export type OdeStatus = 'tEnd' | 'event' | 'callback' | 'maxIters' | 'stepTooSmall' | 'nonFinite';

/** Result of {@link dopri5}. */
export interface Dopri5Result {
  /** Final time reached. */
  t: number;
  /** y at `t`. */
  y: Float64Array;
  /** Why the integration ended. */
  status: OdeStatus;
  /** Accepted steps. */
  accepted: number;
  /** Rejected steps. */
  rejected: number;
  /** Evaluations of F. */
  evaluations: number;
  /** Dense-output samples: `samples.t[j]` (the requested times reached) and `samples.y[j]`. */
  samples: { t: number[]; y: Float64Array[] };
  /** Located events, in time order. */
  events: OdeEventHit[];
  /** Last step size tried (the next step the controller proposes). */
  h: number;
  /** Largest error norm among accepted steps (≤ 1 unless `fixedStep`). */
  maxErr: number;
  /** Tolerances used. */
  rtol: number;
  atol: number | Float64Array;
}

/**
 * Integrates y' = F(t, y) from (t0, y0) towards tEnd with the adaptive Dormand–Prince 5(4) method.
 *
 * @param rhs F(t, y) → dy (n-vector).
 * @param t0 start time.
 * @param y0 initial state (length n; copied).
 * @param tEnd end time, > t0 (may be +∞ when `onAccept`, a terminal event or `maxIters` ends the run).
 * @param options tolerances, step control, sampling times, events, callback.
 * @returns final state, status, statistics, samples and events (a failure to reach tEnd is a status, not an error).
 * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for bad tolerances, times or options; ShapeError (E_SHAPE) for an
 *   `atol` vector of the wrong length; NonFiniteError (E_NONFINITE) for a non-finite y0.
 * @see Hairer, Nørsett & Wanner, Solving ODEs I, §II.5 (DOPRI5) and §II.6 (dense output).
 * @example
 * const r = dopri5((t, y, dy) => { dy[0] = -y[0]!; }, 0, Float64Array.of(1), 1, { rtol: 1e-10, atol: 1e-12 });
 * // r.y[0] ≈ Math.exp(-1)
 */
export function dopri5(
  rhs: OdeRhs,
  t0: number,
  y0: Float64Array,
  tEnd: number,
  options: Dopri5Options = {},
): Dopri5Result {
  const fn = 'dopri5';
  checkFunction(fn, 'rhs', rhs);
  checkNumber(fn, 't0', t0);
  checkVector(fn, 'y0', y0);
  checkFinite(fn, 'y0', y0);
  if (typeof tEnd !== 'number' || !(tEnd > t0))
    throw rangeError(fn, 'tEnd', `be a number > t0 = ${t0}`, tEnd);
  const o = checkOptions(fn, options);
  const n = y0.length;
  const rtol = o.rtol === undefined ? 1e-6 : checkNumber(fn, 'options.rtol', o.rtol, { min: 1e-14 });
  let atolS = 1e-9;
  let atolV: Float64Array | null = null;
  if (o.atol instanceof Float64Array) {
    checkVector(fn, 'options.atol', o.atol, n);
    for (let i = 0; i < n; i++) checkNumber(fn, `options.atol[${i}]`, o.atol[i], NON_NEGATIVE);
    atolV = o.atol;
  } else if (o.atol !== undefined) atolS = checkNumber(fn, 'options.atol', o.atol, NON_NEGATIVE);
  const hMax =
    o.hMax === undefined ? Number.POSITIVE_INFINITY : checkNumber(fn, 'options.hMax', o.hMax, POSITIVE);
  const fixed =
    o.fixedStep === undefined ? null : checkNumber(fn, 'options.fixedStep', o.fixedStep, POSITIVE);
  const maxIters =
    o.maxIters === undefined ? 1_000_000 : checkNumber(fn, 'options.maxIters', o.maxIters, { min: 1 }, true);
  if (o.controller !== undefined) checkOneOf(fn, 'options.controller', o.controller, ['pi', 'standard']);
  const beta = o.controller === 'standard' ? 0 : 0.04;
  const alpha = 0.2 - 0.75 * beta;
  if (fixed !== null && !Number.isFinite(tEnd))
    throw rangeError(fn, 'tEnd', 'be finite with options.fixedStep', tEnd);
  if (o.onAccept !== undefined) checkFunction(fn, 'options.onAccept', o.onAccept);
  const onAccept = o.onAccept as Dopri5Options['onAccept'];
  let times: number[] = [];
  if (o.times !== undefined) {
    const ts = o.times as ArrayLike<number>;
    if (ts === null || typeof ts !== 'object' || typeof ts.length !== 'number')
      throw typeError(fn, 'options.times', 'be an array of numbers', ts);
    times = Array.from(ts);
    for (let j = 0; j < times.length; j++) {
      const v = times[j]!;
      if (typeof v !== 'number' || !(v >= t0 && v <= tEnd) || !Number.isFinite(v))
        throw rangeError(fn, `options.times[${j}]`, `be a finite number in [t0, tEnd] = [${t0}, ${tEnd}]`, v);
      if (j > 0 && v < times[j - 1]!)
        throw rangeError(fn, `options.times[${j}]`, 'be >= the previous time', v);
    }
  }
  const events: OdeEvent[] = [];
  if (o.events !== undefined) {
    if (!Array.isArray(o.events))
      throw typeError(fn, 'options.events', 'be an array of { fn, terminal?, direction? }', o.events);
    o.events.forEach((e: unknown, i: number) => {
      const ev = e as OdeEvent;
      if (ev === null || typeof ev !== 'object' || typeof ev.fn !== 'function')
        throw typeError(fn, `options.events[${i}].fn`, 'be a function', ev?.fn);
      if (ev.direction !== undefined && ev.direction !== -1 && ev.direction !== 0 && ev.direction !== 1)
        throw rangeError(fn, `options.events[${i}].direction`, 'be -1, 0 or 1', ev.direction);
      events.push(ev);
    });
  }
  const h0 = o.h0 === undefined ? null : checkNumber(fn, 'options.h0', o.h0, POSITIVE);

  const atolAt = (i: number) => (atolV === null ? atolS : atolV[i]!);
  const dense = times.length > 0 || events.length > 0;

  // State and stage buffers.
  let y = Float64Array.from(y0);
  let yNew = new Float64Array(n);
  const ys = new Float64Array(n);
  let k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const k5 = new Float64Array(n);
  const k6 = new Float64Array(n);
  let k7 = new Float64Array(n);
  const r3 = dense ? new Float64Array(n) : k2; // dense-output coefficients (r1 = y, r2 = yNew − y)
  const r4 = dense ? new Float64Array(n) : k2;
  const r5 = dense ? new Float64Array(n) : k2;
  let evals = 0;
  const f = (t: number, yy: Float64Array, dy: Float64Array) => {
    rhs(t, yy, dy);
    evals++;
  };

  const res: Dopri5Result = {
    t: t0,
    y,
    status: 'tEnd',
    accepted: 0,
    rejected: 0,
    evaluations: 0,
    samples: { t: [], y: [] },
    events: [],
    h: 0,
    maxErr: 0,
    rtol,
    atol: atolV ?? atolS,
  };
  let ti = 0;
  while (ti < times.length && times[ti]! === t0) {
    res.samples.t.push(t0);
    res.samples.y.push(Float64Array.from(y));
    ti++;
  }

  let t = t0;
  f(t, y, k1);
  if (!allFinite(k1)) {
    res.status = 'nonFinite';
    res.evaluations = evals;
    return res;
  }
  const gOld = events.map((e) => e.fn(t, y));

  if (n === 0 && Number.isFinite(tEnd)) {
    // Nothing to integrate: jump to the end (samples are empty vectors).
    for (; ti < times.length; ti++) {
      res.samples.t.push(times[ti]!);
      res.samples.y.push(new Float64Array(0));
    }
    res.t = tEnd;
    res.evaluations = evals;
    return res;
  }

  // Starting step (Hairer–Nørsett–Wanner §II.4).
  let h: number;
  if (fixed !== null) h = fixed;
  else if (h0 !== null) h = Math.min(h0, hMax);
  else {
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atolAt(i) + rtol * Math.abs(y[i]!);
      d0 += (y[i]! / sc) ** 2;
      d1 += (k1[i]! / sc) ** 2;
    }
    d0 = Math.sqrt(d0 / n);
    d1 = Math.sqrt(d1 / n);
    let ht = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    if (Number.isFinite(tEnd)) ht = Math.min(ht, tEnd - t0);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + ht * k1[i]!;
    f(t + ht, ys, k2);
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atolAt(i) + rtol * Math.abs(y[i]!);
      d2 += ((k2[i]! - k1[i]!) / sc) ** 2;
    }
    d2 = Math.sqrt(d2 / n) / ht;
    const dm = Math.max(d1, d2);
    const h1 = !(dm > 1e-15) ? Math.max(1e-6, ht * 1e-3) : (0.01 / dm) ** 0.2;
    h = Math.min(100 * ht, h1, hMax);
  }

  let errPrev = 1e-4;
  let rejectedLast = false;
  let badInRow = 0;
  let stopped = false;

  while (!stopped) {
    if (t >= tEnd) break;
    if (res.accepted >= maxIters) {
      res.status = 'maxIters';
      break;
    }
    let last = false;
    if (t + h >= tEnd || (fixed !== null && t + h * (1 + 1e-12) >= tEnd)) {
      h = tEnd - t;
      last = true;
    }
    if (!(h > 16 * EPS * Math.abs(t)) || !(h > 0)) {
      res.status = 'stepTooSmall';
      break;
    }

    // Stages 2–7.
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * A21 * k1[i]!;
    f(t + C2 * h, ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    f(t + C3 * h, ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    f(t + C4 * h, ys, k4);
    for (let i = 0; i < n; i++)
      ys[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    f(t + C5 * h, ys, k5);
    for (let i = 0; i < n; i++)
      ys[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    const tNew = last ? tEnd : t + h;
    f(tNew, ys, k6);
    for (let i = 0; i < n; i++)
      yNew[i] = y[i]! + h * (B1 * k1[i]! + B3 * k3[i]! + B4 * k4[i]! + B5 * k5[i]! + B6 * k6[i]!);
    f(tNew, yNew, k7);

    // Error norm.
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const sc = atolAt(i) + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
      err += (e / sc) ** 2;
    }
    err = Math.sqrt(err / n);
    const finite = Number.isFinite(err) && allFinite(k7);
    if (!finite) {
      // A non-finite stage: shrink hard and retry; give up when it persists (a blow-up, not a step-size issue).
      if (fixed !== null || ++badInRow > 60) {
        res.status = 'nonFinite';
        break;
      }
      res.rejected++;
      h *= 0.2;
      rejectedLast = true;
      continue;
    }
    badInRow = 0;
    if (fixed === null && err > 1) {
      res.rejected++;
      h *= Math.max(0.2, 0.9 * err ** -0.2);
      rejectedLast = true;
      continue;
    }

    // Accepted.
    res.accepted++;
    if (err > res.maxErr) res.maxErr = err;
    if (dense) {
      for (let i = 0; i < n; i++) {
        const dy = yNew[i]! - y[i]!;
        const bspl = h * k1[i]! - dy;
        r3[i] = bspl;
        r4[i] = dy - h * k7[i]! - bspl;
        r5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
      }
    }
    const tOld = t;
    const hStep = tNew - tOld;
    const yOld = y;
    const interp = (tq: number, out: Float64Array) => {
      const th = (tq - tOld) / hStep;
      const th1 = 1 - th;
      for (let i = 0; i < n; i++) {
        const dy = yNew[i]! - yOld[i]!;
        out[i] = yOld[i]! + th * (dy + th1 * (r3[i]! + th * (r4[i]! + th1 * r5[i]!)));
      }
      return out;
    };

    // Events: sign changes of g over (tOld, tNew], located on the dense output by the Illinois method.
    let tStop = tNew;
    let stopEvent: OdeEventHit | null = null;
    if (events.length > 0) {
      const hits: OdeEventHit[] = [];
      const tmp = new Float64Array(n);
      for (let e = 0; e < events.length; e++) {
        const ev = events[e]!;
        const ga = gOld[e]!;
        const gb = ev.fn(tNew, yNew);
        const dir = ev.direction ?? 0;
        const crosses = (ga < 0 && gb >= 0 && dir >= 0) || (ga > 0 && gb <= 0 && dir <= 0);
        if (crosses) {
          const te = illinois((tq) => ev.fn(tq, interp(tq, tmp)), tOld, tNew, ga, gb);
          hits.push({
            index: e,
            t: te,
            y: te === tNew ? Float64Array.from(yNew) : interp(te, new Float64Array(n)),
          });
        }
        gOld[e] = gb;
      }
      hits.sort((a, b) => a.t - b.t || a.index - b.index);
      for (const hit of hits) {
        if (stopEvent !== null) break;
        res.events.push(hit);
        if (events[hit.index]!.terminal === true) {
          stopEvent = hit;
          tStop = hit.t;
        }
      }
    }

    // Samples up to tStop.
    while (ti < times.length && times[ti]! <= tStop) {
      const tq = times[ti]!;
      res.samples.t.push(tq);
      res.samples.y.push(tq === tNew ? Float64Array.from(yNew) : interp(tq, new Float64Array(n)));
      ti++;
    }

    if (stopEvent !== null) {
      t = stopEvent.t;
      y = Float64Array.from(stopEvent.y);
      res.status = 'event';
      // F at the event point, for callers that want it (and to keep `k1` meaning F(t, y)).
      f(t, y, k1);
      stopped = true;
      break;
    }

    // Advance (swap buffers: FSAL, the last stage becomes the first).
    t = tNew;
    [y, yNew] = [yNew, y];
    [k1, k7] = [k7, k1];

    if (onAccept !== undefined && onAccept(t, y, k1) === true) {
      res.status = 'callback';
      break;
    }

    // Next step size.
    if (fixed === null) {
      const errC = Math.max(err, 1e-10);
      let fac = 0.9 * errC ** -alpha * errPrev ** beta;
      fac = Math.min(rejectedLast ? 1 : 10, Math.max(0.2, fac));
      h = Math.min(h * fac, hMax);
      errPrev = Math.max(err, 1e-4);
    }
    rejectedLast = false;
    if (last) break;
  }
  res.t = t;
  res.y = y;
  res.h = h;
  res.evaluations = evals;
  return res;
}

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/**
 * Root of g on [a, b] with g(a), g(b) of opposite signs (or g(b) = 0), by the Illinois variant of regula falsi,
 * ending when the bracket is within 4ε·max(|a|, |b|) or after 200 iterations.
 */
function illinois(g: (t: number) => number, a: number, b: number, ga: number, gb: number): number {
  if (gb === 0) return b;
  let side = 0;
  for (let it = 0; it < 200; it++) {
    if (Math.abs(b - a) <= 4 * EPS * Math.max(Math.abs(a), Math.abs(b))) break;
    let c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const gc = g(c);
    if (gc === 0) return c;
    if (gc < 0 === gb < 0) {
      b = c;
      gb = gc;
      if (side === -1) ga *= 0.5;
      side = -1;
    } else {
      a = c;
      ga = gc;
      if (side === 1) gb *= 0.5;
      side = 1;
    }
  }
  // The crossing lies in [a, b]; return the end closer to the root by linear interpolation.
  return Math.abs(ga) < Math.abs(gb) ? a : b;
}
