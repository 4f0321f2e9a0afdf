/**
 * SS18 / P4 spurious-minima census (spec §4.4): for teacher width k (V = I, d = k unless given) and student width
 * n = k + extra, run GD from random initialisations on the closed-form population loss F (with the ½ of spec §4.1),
 * classify each run as global (F < threshold), spurious (converged, F ≥ threshold) or unconverged, group the spurious
 * end points into families up to neuron and coordinate permutations, and certify each family representative by its
 * Hessian (λ_min > tolerance).
 *
 * Protocol presets (each field overridable):
 * - `ss18`: W = randn/√d, step 0.1, stop when max_i ‖∂F/∂w_i‖ < 1e−9, spurious when F ≥ 1e−3, divergence guard
 *   (‖∇F‖ > 1e4 ⇒ restart with the step halved).
 * - `p4`: W = randn/√k, step 5/k, stop when ‖∇F‖_F ≤ 1e−12 (the paper's value; the released code uses 1e−9),
 *   spurious when F ≥ 1e−3 (the paper groups points instead of thresholding; we use SS18's threshold).
 * @see spec §4.4 (protocols), §4.5 (what the papers report), §4.6 claim 5
 */
import { rangeError } from '@landscape-lab/core-math';
import { makeTasks, type Study, type Task } from './task.js';
import { int, intList, num, oneOf, opt, wilson } from './validate.js';

/** Input of {@link spuriousMinima}. */
export interface SpuriousMinimaInput {
  /** Teacher widths k (default [6]). */
  k?: number | number[];
  /** Input dimension d (default: d = k for every k). */
  d?: number | null;
  /** Extra student neurons beyond k (default [0]); n = k + extra. */
  extra?: number | number[];
  /** GD runs per (k, n) (default 20). */
  runs?: number;
  /** Preset (default ss18). */
  protocol?: 'ss18' | 'p4';
  /** Overrides of the preset. */
  step?: number | null;
  gradTol?: number | null;
  maxIters?: number | null;
  lossThreshold?: number | null;
  /** Frobenius distance under which two end points are one family (default 1e−6, P4's code). */
  familyTol?: number;
}

/** Resolved parameters. `step` is null when it depends on k (p4: 5/k). */
export interface SpuriousMinimaParams {
  k: number[];
  d: number | null;
  extra: number[];
  runs: number;
  protocol: 'ss18' | 'p4';
  step: number | null;
  /** Stopping rule: `block` = max_i ‖∂F/∂w_i‖ (SS18), `full` = ‖∇F‖ (P4). */
  gradNorm: 'block' | 'full';
  gradTol: number;
  maxIters: number;
  lossThreshold: number;
  /** Initialisation scale: 1/√d (ss18) or 1/√k (p4). */
  init: 'xavier-d' | 'xavier-k';
  familyTol: number;
}

/** One GD run. */
export interface SmTaskParams {
  k: number;
  n: number;
  d: number;
  run: number;
}

/** Result of one GD run. */
export interface SmRunResult {
  outcome: 'global' | 'spurious' | 'unconverged';
  loss: number;
  gradNorm: number;
  iterations: number;
  restarts: number;
  step: number;
  /** End point, student neurons as rows (spurious runs only, else null). */
  W: number[][] | null;
  /** λ_min of the Hessian at the end point (spurious runs only). */
  lambdaMin: number | null;
  /** Tolerance used to call λ_min positive. */
  hessianTol: number | null;
  /** Σ_i ‖w_i‖ (P4 §4.5: ≤ k at spurious minima). */
  normSum: number;
  /** Whether every H′_ii = H_ii − ½I has a negative eigenvalue (spec §4.6 claim 5). */
  allBlocksIndefinite: boolean | null;
}

/** One family of spurious end points (equal up to neuron and coordinate permutations). */
export interface SpuriousFamily {
  count: number;
  loss: number;
  gradNorm: number;
  lambdaMin: number;
  /** λ_min > hessianTol: a certified strict local minimum (second-order sufficient condition). */
  certified: boolean;
  hessianTol: number;
  normSum: number;
  allBlocksIndefinite: boolean | null;
  /** Representative point, student neurons as rows (n×d). */
  W: number[][];
}

/** One row of the census. */
export interface SpuriousMinimaRow {
  k: number;
  n: number;
  d: number;
  runs: number;
  spurious: number;
  global: number;
  unconverged: number;
  /** spurious / runs, with a 95% Wilson interval. */
  spuriousRate: number;
  ci95: [number, number];
  families: SpuriousFamily[];
}

/** Result of {@link spuriousMinima}. */
export interface SpuriousMinimaResult {
  rows: SpuriousMinimaRow[];
}

const FN = 'spuriousMinima';

/** The step used for teacher width k. */
export function smStep(p: SpuriousMinimaParams, k: number): number {
  return p.step ?? (p.protocol === 'p4' ? 5 / k : 0.1);
}

/**
 * Canonical form of a teacher–student point under the symmetries of F with V = I, d = k: permuting neurons, and
 * permuting coordinates (which permutes teacher neurons along). Returns the sorted multiset signature used to
 * compare points cheaply; equal signatures are then confirmed by {@link familyDistance}.
 */
function sortedRows(W: readonly (readonly number[])[]): number[][] {
  return W.map((r) => [...r]).sort((a, b) => {
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
    return 0;
  });
}

/**
 * Distance between two points up to neuron permutation and coordinate permutation (V = I makes coordinate
 * permutations symmetries): each point is brought to a canonical form — coordinates ordered by their column sums
 * (ties by sorted column), then neurons sorted lexicographically — and the Frobenius distance of the canonical forms
 * is returned. Exact for points whose column sums are distinct (generic); a coarse fallback otherwise.
 */
export function canonicalPoint(W: readonly (readonly number[])[]): number[][] {
  const n = W.length;
  const d = W[0]?.length ?? 0;
  const cols = Array.from({ length: d }, (_, j) => {
    const col = Array.from({ length: n }, (_, i) => W[i]![j]!).sort((a, b) => a - b);
    return { j, sum: col.reduce((s, x) => s + x, 0), col };
  });
  cols.sort((a, b) => {
    if (Math.abs(a.sum - b.sum) > 1e-9) return a.sum - b.sum;
    for (let i = 0; i < n; i++) if (Math.abs(a.col[i]! - b.col[i]!) > 1e-9) return a.col[i]! - b.col[i]!;
    return 0;
  });
  const perm = cols.map((c) => c.j);
  return sortedRows(W.map((r) => perm.map((j) => r[j]!)));
}

/** Frobenius distance between the canonical forms of two points. */
export function familyDistance(A: readonly (readonly number[])[], B: readonly (readonly number[])[]): number {
  const a = canonicalPoint(A);
  const b = canonicalPoint(B);
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i]!.length; j++) s += (a[i]![j]! - b[i]![j]!) ** 2;
  return Math.sqrt(s);
}

/**
 * The SS18 / P4 census.
 * @example
 * const p = spuriousMinima.resolve({ k: [6, 7], extra: [0, 1], runs: 10 });
 * spuriousMinima.plan(p, 1).length; // 2 × 2 × 10 = 40 tasks
 */
export const spuriousMinima: Study<
  SpuriousMinimaInput,
  SpuriousMinimaParams,
  SmTaskParams,
  SmRunResult,
  SpuriousMinimaResult
> = {
  name: 'spurious-minima',
  summary: 'SS18/P4: how often GD on the teacher–student population loss ends at a spurious local minimum.',
  resolve(input) {
    const i = input ?? {};
    const protocol = oneOf(FN, 'protocol', opt<string>(i.protocol, 'ss18'), ['ss18', 'p4'] as const);
    const k = intList(FN, 'k', opt(i.k, [6]), 1, 200);
    const d = i.d === undefined || i.d === null ? null : int(FN, 'd', i.d, 1, 1000);
    if (d !== null && d < k.at(-1)!)
      throw rangeError(FN, 'd', `be ≥ every teacher width k (max ${k.at(-1)})`, d);
    return {
      k,
      d,
      extra: intList(FN, 'extra', opt(i.extra, [0]), 0, 200),
      runs: int(FN, 'runs', opt(i.runs, 20), 1, 1e6),
      protocol,
      step: i.step === undefined || i.step === null ? null : num(FN, 'step', i.step, 'positive'),
      gradNorm: protocol === 'ss18' ? 'block' : 'full',
      gradTol: num(FN, 'gradTol', opt(i.gradTol, protocol === 'ss18' ? 1e-9 : 1e-12), 'positive'),
      maxIters: int(FN, 'maxIters', opt(i.maxIters, 200_000), 1, 1e9),
      lossThreshold: num(FN, 'lossThreshold', opt(i.lossThreshold, 1e-3), 'positive'),
      init: protocol === 'ss18' ? 'xavier-d' : 'xavier-k',
      familyTol: num(FN, 'familyTol', opt(i.familyTol, 1e-6), 'positive'),
    };
  },
  plan(p, seed) {
    const items: { id: string; params: SmTaskParams }[] = [];
    for (const k of p.k)
      for (const e of p.extra) {
        const n = k + e;
        const d = p.d ?? k;
        for (let run = 0; run < p.runs; run++)
          items.push({ id: `k=${k},n=${n},d=${d},run=${run}`, params: { k, n, d, run } });
      }
    return makeTasks('spurious-minima', seed, items);
  },
  run() {
    throw new Error('spuriousMinima.run: installed below');
  },
  aggregate(p, tasks, results) {
    const rows: SpuriousMinimaRow[] = [];
    for (const k of p.k)
      for (const e of p.extra) {
        const n = k + e;
        const d = p.d ?? k;
        const mine: SmRunResult[] = [];
        tasks.forEach((t: Task<SmTaskParams>, i) => {
          if (t.params.k === k && t.params.n === n) mine.push(results[i]!);
        });
        const spurious = mine.filter((r) => r.outcome === 'spurious');
        const families: SpuriousFamily[] = [];
        const reps: number[][][] = [];
        for (const r of spurious) {
          const W = r.W!;
          const idx = reps.findIndex(
            (R) => familyDistance(R, W) <= p.familyTol * Math.max(1, Math.sqrt(n * d)),
          );
          if (idx >= 0) {
            families[idx]!.count++;
            continue;
          }
          reps.push(W);
          families.push({
            count: 1,
            loss: r.loss,
            gradNorm: r.gradNorm,
            lambdaMin: r.lambdaMin ?? Number.NaN,
            certified: r.lambdaMin !== null && r.hessianTol !== null && r.lambdaMin > r.hessianTol,
            hessianTol: r.hessianTol ?? Number.NaN,
            normSum: r.normSum,
            allBlocksIndefinite: r.allBlocksIndefinite,
            W,
          });
        }
        families.sort((a, b) => b.count - a.count || a.loss - b.loss);
        const s = spurious.length;
        rows.push({
          k,
          n,
          d,
          runs: mine.length,
          spurious: s,
          global: mine.filter((r) => r.outcome === 'global').length,
          unconverged: mine.filter((r) => r.outcome === 'unconverged').length,
          spuriousRate: mine.length ? s / mine.length : 0,
          ci95: wilson(s, mine.length),
          families,
        });
      }
    return { rows };
  },
};
