/**
 * Lab 3 (P1): gradient flow of g(w₁, w₂) = f(w₂w₁) for the scalar problem f(z) = (1 − z)² (k = 1), its sigmoidal
 * variant g = (1 − w₂σ(w₁))² with σ(z) = z/√(1 + z²) (P1 §4), from a point the user picks (the imbalance
 * experiment is the linear-flow study's, run as is).
 *
 * The objectives are `@landscape-lab/trainers`' `deepLinear` (with `quadraticScalar`) and `sigmoidalExample`, and the
 * flow is trainers' `gradientFlow` (adaptive Dormand–Prince 5(4)), recording every accepted step. This file only
 * adapts them to the page: the 2-D portraits and the invariant drift along a trajectory.
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
    maxIters: 20000,
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
