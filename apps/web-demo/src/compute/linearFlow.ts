/**
 * Lab 3 (P1): gradient flow of g(w₁, w₂) = f(w₂w₁) for the scalar problem f(z) = (1 − z)² (k = 1), its sigmoidal
 * variant g = (1 − w₂σ(w₁))² with σ(z) = z/√(1 + z²) (P1 §4), and the k-dimensional vector case with
 * f(z) = ½(z − y)² used for the imbalance experiment (P1 Proposition 7; closed form in papers.md §1.4).
 */
import { dopri5 } from './ode.js';

export type Portrait = 'linear' | 'sigmoidal';

/** −∇g at (w₁, w₂). */
export function flowField(kind: Portrait, w1: number, w2: number): [number, number] {
  if (kind === 'linear') {
    const r = 1 - w2 * w1;
    return [2 * r * w2, 2 * r * w1];
  }
  const q = 1 + w1 * w1;
  const s = Math.sqrt(q);
  const r = s - w2 * w1;
  return [(2 * w2 * r) / (q * q), (2 * w1 * r) / q];
}

/** The conserved quantity: w₁² − w₂² (linear) or w₂² − ½(1 + w₁²)² (sigmoidal, P1 eq. 10). */
export function invariant(kind: Portrait, w1: number, w2: number): number {
  return kind === 'linear' ? w1 * w1 - w2 * w2 : w2 * w2 - 0.5 * (1 + w1 * w1) ** 2;
}

export function portraitLoss(kind: Portrait, w1: number, w2: number): number {
  return kind === 'linear' ? (1 - w2 * w1) ** 2 : (1 - (w2 * w1) / Math.sqrt(1 + w1 * w1)) ** 2;
}

export interface Trajectory {
  points: [number, number][];
  t: number[];
  invariantDrift: number;
  finalLoss: number;
}

/** Integrates the flow from (w₁, w₂) until t = T or the point leaves the box. */
export function trajectory(kind: Portrait, w1: number, w2: number, T: number, box: number): Trajectory {
  const c0 = invariant(kind, w1, w2);
  const res = dopri5(
    (_t, y, dy) => {
      const [a, b] = flowField(kind, y[0]!, y[1]!);
      dy[0] = a;
      dy[1] = b;
    },
    [w1, w2],
    0,
    T,
    { rtol: 1e-10, atol: 1e-12, stop: (_t, y) => Math.abs(y[0]!) > 2 * box || Math.abs(y[1]!) > 2 * box },
  );
  let drift = 0;
  for (const y of res.ys) drift = Math.max(drift, Math.abs(invariant(kind, y[0]!, y[1]!) - c0));
  const last = res.ys[res.ys.length - 1]!;
  return {
    points: res.ys.map((y) => [y[0]!, y[1]!]),
    t: res.ts,
    invariantDrift: drift,
    finalLoss: portraitLoss(kind, last[0]!, last[1]!),
  };
}

export interface ImbalanceRun {
  eta: number;
  c: number;
  z0: number;
  curve: [number, number][]; // (t, f(z(t)))
  /** max |t_numeric(z) − t_closed-form(z)| along the run (papers.md §1.4 closed form). */
  closedFormError: number;
  /** max |c(t) − c(0)|. */
  cDrift: number;
  timeTo: number | null; // first t with f ≤ 1e-6
}

/**
 * Vector case, k neurons: w₁ = η·a, w₂ = b/η (same product z = bᵀa for every η, imbalance c ~ η⁴).
 * f(z) = ½(z − y)²; integrated in the full 2k-dimensional space with DP5.
 */
export function imbalanceRun(
  k: number,
  y: number,
  a: number[],
  b: number[],
  eta: number,
  T: number,
): ImbalanceRun {
  const w0 = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    w0[i] = eta * a[i]!;
    w0[k + i] = b[i]! / eta;
  }
  const zOf = (w: Float64Array) => {
    let z = 0;
    for (let i = 0; i < k; i++) z += w[i]! * w[k + i]!;
    return z;
  };
  const cOf = (w: Float64Array) => {
    let S = 0;
    for (const t of w) S += t * t;
    const z = zOf(w);
    return S * S - 4 * z * z;
  };
  const res = dopri5(
    (_t, w, dw) => {
      const fp = zOf(w) - y;
      for (let i = 0; i < k; i++) {
        dw[i] = -fp * w[k + i]!;
        dw[k + i] = -fp * w[i]!;
      }
    },
    w0,
    0,
    T,
    { rtol: 1e-11, atol: 1e-13, maxSteps: 50000 },
  );
  const c = cOf(w0);
  const z0 = zOf(w0);
  const s = Math.sqrt(c + 4 * y * y);
  const Phi = (z: number) =>
    -Math.log(Math.abs((c + 4 * y * z + s * Math.sqrt(c + 4 * z * z)) / (z - y))) / s;
  let err = 0;
  let cDrift = 0;
  let timeTo: number | null = null;
  const curve: [number, number][] = [];
  res.ys.forEach((w, i) => {
    const z = zOf(w);
    const t = res.ts[i]!;
    const f = 0.5 * (z - y) ** 2;
    curve.push([t, f]);
    if (timeTo === null && f <= 1e-6) timeTo = t;
    cDrift = Math.max(cDrift, Math.abs(cOf(w) - c));
    // The closed form is ill-conditioned once z ≈ y (log of a ratio of two tiny numbers); compare before that.
    if (Math.abs(z - y) > 1e-4) err = Math.max(err, Math.abs(Phi(z0) - Phi(z) - t));
  });
  return { eta, c, z0, curve, closedFormError: err, cDrift, timeTo };
}
