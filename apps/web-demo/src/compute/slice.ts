/**
 * Lab 5: a 2-D slice θ(s, t) = θ_c + s·d₁ + t·d₂ of a loss around the current point θ_c of a lab, with the
 * trajectory projected onto (d₁, d₂) by least squares. The evaluation and projection are landscape-analysis'
 * `slice2d` and `projectTrajectory`. d₁ points from θ_c back to the start of the trajectory; d₂ is a seeded
 * random direction orthogonalised against d₁ (Gram–Schmidt). Native 2-D problems use the coordinate axes.
 * Cost: grid² loss evaluations.
 */
import { dot, nrm2 as norm2, type Objective, Rng } from '@landscape-lab/core-math';
import { projectTrajectory, slice2d } from '@landscape-lab/landscape-analysis';

export interface SliceInput {
  loss: (theta: Float64Array) => number;
  center: Float64Array;
  trajectory: Float64Array[];
  native2d: boolean;
  grid: number;
  seed: number;
  /** Half-width of the window for native 2-D problems (auto from the trajectory otherwise). */
  span?: number;
}

export interface SliceResult {
  xs: number[];
  ys: number[];
  /** loss[j·grid + i] at (xs[i], ys[j]). */
  values: number[];
  path: [number, number][];
  center: [number, number];
  axes: [string, string];
  min: number;
  max: number;
  /** max over the trajectory of ‖θ_t − θ₀ − projection‖/‖θ_t − θ₀‖: how much motion the plane hides. */
  maxResidual: number;
}

export function computeSlice(inp: SliceInput, onRow?: (j: number) => void): SliceResult {
  const N = inp.center.length;
  let d1: Float64Array;
  let d2: Float64Array;
  let origin: Float64Array;
  let axes: [string, string];
  if (inp.native2d) {
    d1 = Float64Array.of(1, 0);
    d2 = Float64Array.of(0, 1);
    origin = new Float64Array(2);
    axes = ['θ₁', 'θ₂'];
  } else {
    origin = inp.center;
    const start = inp.trajectory[0] ?? inp.center;
    d1 = start.map((v, i) => v - inp.center[i]!);
    if (norm2(d1) < 1e-12) new Rng(inp.seed).fillNormal(d1);
    const n1 = norm2(d1);
    d1 = d1.map((v) => v / n1);
    d2 = new Rng(inp.seed).split(2).fillNormal(new Float64Array(N));
    const p = dot(d2, d1);
    d2 = d2.map((v, i) => v - p * d1[i]!);
    const n2 = norm2(d2);
    d2 = d2.map((v) => v / n2);
    axes = ['d₁ (towards the start)', 'd₂ (random ⟂ d₁)'];
  }
  // Least-squares coordinates of the trajectory in the plane, with what the plane does not show (landscape-analysis).
  const proj = inp.trajectory.length
    ? projectTrajectory(inp.trajectory, origin, d1, d2)
    : { x: new Float64Array(0), y: new Float64Array(0), relativeResidual: new Float64Array(0) };
  const path: [number, number][] = Array.from(proj.x, (x, t) => [x, proj.y[t]!]);
  const c = projectTrajectory([inp.center], origin, d1, d2);
  const center: [number, number] = [c.x[0]!, c.y[0]!];
  // The window is centred on the current point (an odd grid has it as its middle node) and holds the trajectory.
  let reach = 0;
  for (const [a, b] of path) reach = Math.max(reach, Math.abs(a - center[0]), Math.abs(b - center[1]));
  const half = Math.max(inp.span ?? 0, 1.15 * reach, 0.5);
  const G = inp.grid % 2 === 1 ? inp.grid : inp.grid + 1;
  const objective: Objective = {
    dim: N,
    loss: inp.loss,
    grad: () => {
      throw new Error('slice: gradient not needed');
    },
  };
  const xs: number[] = [];
  const ys: number[] = [];
  const values: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < G; j++) {
    // One row per call so progress streams; landscape-analysis slice2d evaluates f(θ₀ + x d₁ + y d₂).
    const y = center[1] - half + (2 * half * j) / (G - 1);
    const row = slice2d(objective, origin, d1, d2, {
      xRange: [center[0] - half, center[0] + half],
      yRange: [y, y],
      points: [G, 1],
    });
    if (j === 0) xs.push(...row.x);
    ys.push(y);
    for (const v of row.loss.data) {
      values.push(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    onRow?.(j);
  }
  let maxResidual = 0;
  for (const r of proj.relativeResidual) maxResidual = Math.max(maxResidual, r);
  return { xs, ys, values, path, center, axes, min, max, maxResidual };
}
