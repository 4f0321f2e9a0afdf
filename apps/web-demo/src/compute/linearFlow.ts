/**
 * Lab 3 (P1): gradient flow of g(w₁, w₂) = f(w₂w₁) for the scalar problem f(z) = (1 − z)² (k = 1), its sigmoidal
 * variant g = (1 − w₂σ(w₁))² with σ(z) = z/√(1 + z²) (P1 §4), and the k-dimensional vector case with
 * f(z) = ½(z − y)² used for the imbalance experiment (P1 Proposition 7; closed form in papers.md §1.4).
 *
 * The objectives are `@landscape-lab/trainers`' `deepLinear` (with `quadraticScalar`) and `sigmoidalExample`, and the
 * flow is trainers' `gradientFlow` (adaptive Dormand–Prince 5(4)), recording every accepted step. This file only
 * adapts them to the page: the 2-D portraits, the invariant drift along a trajectory and the comparison with the
 * closed-form flow time.
 */
import {
  type DeepLinear,
  deepLinear,
  gradientFlow,
  quadraticScalar,
  type SigmoidalExample,
  sigmoidalExample,
} from '@landscape-lab/trainers';

export type Portrait = 'linear' | 'sigmoidal';

let linearNet: DeepLinear | null = null;
let sigmoidal: SigmoidalExample | null = null;

/** The portrait's objective on θ = (w₁, w₂): (1 − w₂w₁)² (deep linear, k = 1) or trainers' sigmoidal example. */
function portraitObjective(kind: Portrait): DeepLinear | SigmoidalExample {
  if (kind === 'linear') {
    linearNet ??= deepLinear({ inDim: 1, width: 1, outDim: 1, depth: 2, cost: quadraticScalar(1, 1) });
    return linearNet;
  }
  sigmoidal ??= sigmoidalExample();
  return sigmoidal;
}

/** −∇g at (w₁, w₂). */
export function flowField(kind: Portrait, w1: number, w2: number): [number, number] {
  const g = new Float64Array(2);
  portraitObjective(kind).grad(Float64Array.of(w1, w2), g);
  return [-g[0]!, -g[1]!];
}

/** The conserved quantity: w₁² − w₂² (linear, the imbalance C₁) or w₂² − ½(1 + w₁²)² (sigmoidal, P1 eq. 10). */
export function invariant(kind: Portrait, w1: number, w2: number): number {
  const theta = Float64Array.of(w1, w2);
  if (kind === 'linear') return (portraitObjective(kind) as DeepLinear).imbalance(theta)[0]!.data[0]!;
  return (portraitObjective(kind) as SigmoidalExample).invariant(theta);
}

export function portraitLoss(kind: Portrait, w1: number, w2: number): number {
  return portraitObjective(kind).loss(Float64Array.of(w1, w2));
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
  const res = gradientFlow(portraitObjective(kind), Float64Array.of(w1, w2), {
    tEnd: T,
    rtol: 1e-10,
    atol: 1e-12,
    maxIter: 20000,
    record: { every: 1, theta: true },
    // Checked after each accepted step (not at the start point).
    onStep: (s) => s.iteration > 0 && (Math.abs(s.theta[0]!) > 2 * box || Math.abs(s.theta[1]!) > 2 * box),
  });
  const points: [number, number][] = res.trajectory.map((p) => [p.theta![0]!, p.theta![1]!]);
  let drift = 0;
  for (const [a, b] of points) drift = Math.max(drift, Math.abs(invariant(kind, a, b) - c0));
  const last = points[points.length - 1]!;
  return {
    points,
    t: res.trajectory.map((p) => p.t ?? 0),
    invariantDrift: drift,
    finalLoss: portraitLoss(kind, last[0], last[1]),
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
 * f(z) = ½(z − y)²; trainers' `deepLinear` (widths 1-k-1) integrated in the full 2k-dimensional space with DP5.
 */
export function imbalanceRun(
  k: number,
  y: number,
  a: number[],
  b: number[],
  eta: number,
  T: number,
): ImbalanceRun {
  const net = deepLinear({ inDim: 1, width: k, outDim: 1, depth: 2, cost: quadraticScalar(y) });
  const w0 = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    w0[i] = eta * a[i]!; // W₁ (k×1)
    w0[k + i] = b[i]! / eta; // W₂ (1×k)
  }
  const res = gradientFlow(net, w0, {
    tEnd: T,
    rtol: 1e-11,
    atol: 1e-13,
    maxIter: 50000,
    record: { every: 1, theta: true },
  });
  const { c, z: z0 } = net.vectorImbalance(w0);
  const s = Math.sqrt(c + 4 * y * y);
  const Phi = (z: number) =>
    -Math.log(Math.abs((c + 4 * y * z + s * Math.sqrt(c + 4 * z * z)) / (z - y))) / s;
  let err = 0;
  let cDrift = 0;
  let timeTo: number | null = null;
  const curve: [number, number][] = [];
  for (const p of res.trajectory) {
    const w = p.theta!;
    const vi = net.vectorImbalance(w);
    const z = vi.z;
    const t = p.t ?? 0;
    const f = 0.5 * (z - y) ** 2;
    curve.push([t, f]);
    if (timeTo === null && f <= 1e-6) timeTo = t;
    cDrift = Math.max(cDrift, Math.abs(vi.c - c));
    // The closed form is ill-conditioned once z ≈ y (log of a ratio of two tiny numbers); compare before that.
    if (Math.abs(z - y) > 1e-4) err = Math.max(err, Math.abs(Phi(z0) - Phi(z) - t));
  }
  return { eta, c, z0, curve, closedFormError: err, cDrift, timeTo };
}
