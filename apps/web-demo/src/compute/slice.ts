/**
 * Lab 5: a 2-D slice θ(s, t) = θ_c + s·d₁ + t·d₂ of a loss around the current point θ_c of a lab, with the
 * trajectory projected onto (d₁, d₂). d₁ points from θ_c back to the start of the trajectory; d₂ is a seeded
 * random direction orthogonalised against d₁ (Gram–Schmidt). Native 2-D problems use the coordinate axes.
 * Cost: grid² loss evaluations.
 */
import { Rng } from '@landscape-lab/core-math';
import { dot, norm2 } from './linalg.js';

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
}

export function computeSlice(inp: SliceInput, onRow?: (j: number) => void): SliceResult {
  const N = inp.center.length;
  let d1: Float64Array;
  let d2: Float64Array;
  let origin: Float64Array;
  let axes: [string, string];
  if (inp.native2d) {
    d1 = Float64Array.from([1, 0]);
    d2 = Float64Array.from([0, 1]);
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
  const path: [number, number][] = inp.trajectory.map((th) => {
    const r = th.map((v, i) => v - origin[i]!);
    return [dot(r, d1), dot(r, d2)];
  });
  const c = inp.center.map((v, i) => v - origin[i]!);
  const center: [number, number] = [dot(c, d1), dot(c, d2)];
  // The window is centred on the current point (an odd grid has it as its middle node) and holds the trajectory.
  let reach = 0;
  for (const [a, b] of path) reach = Math.max(reach, Math.abs(a - center[0]), Math.abs(b - center[1]));
  const half = Math.max(inp.span ?? 0, 1.15 * reach, 0.5);
  const m0 = center[0];
  const m1 = center[1];
  const G = inp.grid % 2 === 1 ? inp.grid : inp.grid + 1;
  const xs = Array.from({ length: G }, (_, i) => m0 - half + (2 * half * i) / (G - 1));
  const ys = Array.from({ length: G }, (_, j) => m1 - half + (2 * half * j) / (G - 1));
  const values: number[] = new Array(G * G);
  const th = new Float64Array(N);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < G; j++) {
    for (let i = 0; i < G; i++) {
      for (let q = 0; q < N; q++) th[q] = origin[q]! + xs[i]! * d1[q]! + ys[j]! * d2[q]!;
      const v = inp.loss(th);
      values[j * G + i] = v;
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    onRow?.(j);
  }
  return { xs, ys, values, path, center, axes, min, max };
}
