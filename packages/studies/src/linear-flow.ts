/**
 * P1: gradient flow of deep linear networks g(W_1, …, W_N) = f(W_N⋯W_1), integrated adaptively (DOPRI5).
 *
 * - Imbalance runs: initialisations with the SAME initial product and different imbalance. In the vector case
 *   (inDim = outDim = 1, N = 2) the imbalance is P1's metric c = 2tr(C²) − tr(C)² = S² − 4z² (Proposition 7) and the
 *   initialisation is built exactly: w_1 = a·p, w_2ᵀ = (z₀/a)·p + e·q with p ⊥ q unit vectors and a, e solving
 *   z = z₀, S = √(c + 4z₀²); the free split a² ∈ [(S − √c)/2, (S + √c)/2] and p, q come from a seed shared by all
 *   imbalances. Outside the vector case, c is the rescaling W_1 → ηW_1, W_N → W_N/η with η² = 1 + c of a shared
 *   random initialisation (same product; the reported ‖C_1(0)‖_F says how imbalanced it is).
 *   Each run reports the drift max_{t,i} ‖C_i(t) − C_i(0)‖_F (conserved by the exact flow, P1 Proposition 2), the time
 *   at which g − inf f first reaches `tol` (an event located on the dense output), and samples of the loss. In the
 *   vector case the full flow's z(t) = w_2w_1 is compared with the reduced ODE ż = −f′(z)√(c + 4z²) (P1 eqs. 19–20).
 * - Saddle runs (P1 Proposition 5 / Corollary 6): for each cost, s = sign f′(0); initialisations on {w_1 = s·w_2ᵀ}
 *   converge to the origin, a perturbation off that subspace converges to {f′ = 0}.
 * - Phase portraits (P1 §1.5, Fig. 3): the linear (1 − w_2w_1)² and sigmoidal (1 − w_2σ(w_1))² examples with their
 *   invariants on a grid, target sets, stable/unstable manifolds and sample trajectories.
 * @see spec §1.2–1.5
 */

import { Rng, typeError } from '@landscape-lab/core-math';
import { imbalanceDrift } from '@landscape-lab/landscape-analysis';
import {
  deepLinear,
  dopri5,
  gradientFlow,
  leastSquaresCost,
  logisticScalar,
  quadraticScalar,
  quarticCost,
  quarticScalar,
  type ScalarCost,
  sigmoidalExample,
} from '@landscape-lab/trainers';
import { defineSchema, resolveSchema, type SchemaInput } from './schema.js';
import { makeTasks, type Study } from './task.js';

/** Costs of the product. */
export const LF_COSTS = ['quadratic', 'logistic', 'quartic'] as const;
export type LfCost = (typeof LF_COSTS)[number];

/** The flow's parameters: one declaration for the library, the CLI and the web demo. */
export const LINEAR_FLOW_SCHEMA = defineSchema({
  depth: {
    kind: 'int',
    min: 2,
    max: 20,
    default: 2,
    arg: '<N>',
    help: 'number of layers N',
    label: 'depth N',
  },
  width: { kind: 'int', min: 1, max: 200, default: 4, arg: '<k>', help: 'hidden width k' },
  inDim: { kind: 'int', min: 1, max: 200, default: 1, arg: '<n>', help: 'input dimension' },
  outDim: { kind: 'int', min: 1, max: 200, default: 1, arg: '<n>', help: 'output dimension' },
  cost: { kind: 'enum', choices: LF_COSTS, default: 'quadratic', help: 'cost f of the product' },
  target: { kind: 'number', default: 1, arg: '<y>', help: 'target of the quadratic / quartic cost' },
  product: {
    kind: 'number',
    default: 0.1,
    arg: '<z0>',
    help: 'initial product z₀ (vector case) or init scale',
    label: 'initial product z₀',
  },
  imbalance: {
    kind: 'number-list',
    min: 0,
    default: [0, 1, 10, 100],
    arg: '<c1,c2,…>',
    help: 'imbalances c ≥ 0 (same initial product)',
  },
  tMax: { kind: 'number', min: 0, minExclusive: true, default: 10, arg: '<t>', help: 'end time' },
  tol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1e-6,
    defaultText: '1e-6',
    help: 'loss gap for the time-to-tolerance',
  },
  saddle: { kind: 'bool', default: false, help: 'also run the universal-saddle experiment (P1 Prop. 5)' },
  portraits: { kind: 'bool', default: true, cli: false, help: 'also compute the §1.5 phase portraits' },
});

/** Input of {@link linearFlow} (every field optional; see {@link LINEAR_FLOW_SCHEMA}). */
export type LinearFlowInput = SchemaInput<typeof LINEAR_FLOW_SCHEMA>;

/** Resolved parameters. */
export interface LinearFlowParams {
  depth: number;
  width: number;
  inDim: number;
  outDim: number;
  cost: LfCost;
  target: number;
  product: number;
  imbalance: number[];
  tMax: number;
  tol: number;
  saddle: boolean;
  portraits: boolean;
  /** Integrator tolerances (fixed; recorded). */
  rtol: number;
  atol: number;
  /** Samples per run. */
  samples: number;
}

/** Task parameters. */
export type LfTaskParams =
  | { kind: 'run'; cfg: LinearFlowParams; imbalance: number; initSeed: number }
  | { kind: 'saddle'; cfg: LinearFlowParams; cost: LfCost }
  | { kind: 'portrait'; example: 'linear' | 'sigmoidal' };

/** One imbalance run. */
export interface LinearFlowRun {
  imbalance: number;
  /** Vector case: c measured at t = 0 from the built initialisation; else ‖C_1(0)‖_F. */
  initialImbalance: number;
  /** Initial product (vector case: z₀; else ‖P(0)‖_F). */
  initialProduct: number;
  /** max over samples t and layers i of ‖C_i(t) − C_i(0)‖_F. */
  invariantDrift: number;
  /** First time at which g − inf f ≤ tol (null if not reached by tMax). */
  timeToTol: number | null;
  finalLoss: number;
  /** Accepted and rejected integrator steps. */
  accepted: number;
  rejected: number;
  samples: { t: number; loss: number; z?: number }[];
  /** Vector case: max_t |z_full(t) − z_reduced(t)|; null otherwise. */
  reducedOdeError: number | null;
}

/** One saddle experiment. */
export interface SaddleRun {
  cost: string;
  /** s = sign f′(0): the stable manifold of the origin is {w_1 = s·w_2ᵀ}. */
  s: number;
  fPrime0: number;
  /** Started on the manifold: final ‖w‖, z, loss. */
  onManifold: { finalNorm: number; finalZ: number; finalLoss: number };
  /** Started off it (perturbation 1e−3): final ‖w‖, z, loss and |f′(z)|. */
  perturbed: { finalNorm: number; finalZ: number; finalLoss: number; finalFPrime: number };
}

/** A phase portrait (P1 Fig. 3). */
export interface Portrait {
  example: 'linear' | 'sigmoidal';
  /** Grid of the invariant over [lo, hi]², row-major values[j·nx + i] at (x_i, y_j). */
  range: [number, number];
  nx: number;
  invariant: number[];
  /** Level of the invariant at the origin (its level set holds the manifolds). */
  originLevel: number;
  stable: [number, number][];
  unstable: [number, number][];
  /** Target set g = 0, as polylines. */
  target: [number, number][][];
  trajectories: [number, number][][];
  /** Largest |C(w(t)) − C(w(0))| over the sampled trajectories (C is conserved along the flow). */
  trajectoryDrift: number;
  /** Largest |C − C(0,0)| over the drawn stable and unstable manifolds (they lie on the origin's level set). */
  manifoldLevelError: number;
  /** ‖w(t_end)‖ of the trajectories started on the stable manifold (they flow into the saddle at the origin). */
  stableEndNorms: number[];
}

/** Result of {@link linearFlow}. */
export interface LinearFlowResult {
  vectorCase: boolean;
  runs: LinearFlowRun[];
  /** Largest reduced-ODE deviation over the runs (vector case), else null. */
  reducedOdeError: number | null;
  saddle: SaddleRun[] | null;
  portraits: Portrait[];
}

const FN = 'linearFlow';

function scalarCostOf(cost: LfCost, target: number): ScalarCost {
  if (cost === 'logistic') return logisticScalar();
  if (cost === 'quartic') return quarticScalar(target);
  return quadraticScalar(target);
}

/**
 * The linear-flow study.
 * @example
 * const p = linearFlow.resolve({ width: 4, imbalance: [0, 10], tMax: 5 });
 * linearFlow.plan(p, 1).length; // 2 runs + 2 portraits
 */
export const linearFlow: Study<LinearFlowInput, LinearFlowParams, LfTaskParams, unknown, LinearFlowResult> = {
  name: 'linear-flow',
  summary:
    'P1: gradient flow of deep linear nets; conserved imbalance, acceleration by imbalance, universal saddle.',
  resolve(input) {
    const p: LinearFlowParams = {
      ...resolveSchema(FN, LINEAR_FLOW_SCHEMA, input),
      rtol: 1e-10,
      atol: 1e-12,
      samples: 201,
    };
    if (p.cost === 'logistic' && (p.inDim !== 1 || p.outDim !== 1))
      throw typeError(
        FN,
        'cost',
        'be quadratic or quartic unless inDim = outDim = 1 (logistic is a scalar cost)',
        p.cost,
      );
    return p;
  },
  plan(p, seed) {
    const r = new Rng(seed, 2);
    const initSeed = (r.u32() & 0x1fffff) * 4294967296 + r.u32();
    const items: { id: string; params: LfTaskParams }[] = p.imbalance.map((c) => ({
      id: `run:c=${c}`,
      params: { kind: 'run', cfg: p, imbalance: c, initSeed },
    }));
    if (p.saddle)
      for (const cost of LF_COSTS)
        items.push({ id: `saddle:${cost}`, params: { kind: 'saddle', cfg: p, cost } });
    if (p.portraits)
      for (const example of ['linear', 'sigmoidal'] as const)
        items.push({ id: `portrait:${example}`, params: { kind: 'portrait', example } });
    return makeTasks('linear-flow', seed, items);
  },
  run(tp, seed) {
    if (tp.kind === 'run') return imbalanceRun(tp.cfg, tp.imbalance, tp.initSeed);
    if (tp.kind === 'saddle') return saddleRun(tp.cfg, tp.cost, seed);
    return portrait(tp.example);
  },
  aggregate(p, tasks, results) {
    const runs: LinearFlowRun[] = [];
    const saddle: SaddleRun[] = [];
    const portraits: Portrait[] = [];
    tasks.forEach((t, i) => {
      if (t.params.kind === 'run') runs.push(results[i] as LinearFlowRun);
      else if (t.params.kind === 'saddle') saddle.push(results[i] as SaddleRun);
      else portraits.push(results[i] as Portrait);
    });
    const vectorCase = isVector(p);
    const errs = runs.map((r) => r.reducedOdeError).filter((e): e is number => e !== null);
    return {
      vectorCase,
      runs,
      reducedOdeError: vectorCase && errs.length ? Math.max(...errs) : null,
      saddle: p.saddle ? saddle : null,
      portraits,
    };
  },
};

function isVector(p: LinearFlowParams): boolean {
  return p.depth === 2 && p.inDim === 1 && p.outDim === 1;
}

function unit(rng: Rng, k: number): Float64Array {
  const v = rng.fillNormal(new Float64Array(k));
  let s = 0;
  for (const x of v) s += x * x;
  s = Math.sqrt(s);
  for (let i = 0; i < k; i++) v[i]! /= s;
  return v;
}

/** Vector-case initialisation with product z₀ and imbalance c (see the module header). */
export function vectorInit(k: number, z0: number, c: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const p = unit(rng, k);
  // q ⊥ p (Gram–Schmidt on a second Gaussian vector); k = 1 has no room: then e must be 0.
  const q = rng.fillNormal(new Float64Array(k));
  let pq = 0;
  for (let i = 0; i < k; i++) pq += p[i]! * q[i]!;
  let nq = 0;
  for (let i = 0; i < k; i++) {
    q[i]! -= pq * p[i]!;
    nq += q[i]! ** 2;
  }
  nq = Math.sqrt(nq);
  const r = k === 1 ? 1 : rng.uniform();
  const S = Math.sqrt(c + 4 * z0 * z0);
  const sc = Math.sqrt(c);
  const uLo = (S - sc) / 2;
  const uHi = (S + sc) / 2;
  // k = 1: the balanced split is impossible unless c = 0, so take the root u+ (e = 0 exactly).
  const u = uLo + r * (uHi - uLo);
  const a = Math.sqrt(u);
  const b = a > 0 ? z0 / a : 0;
  const e2 = Math.max(0, S - u - b * b);
  const e = k === 1 || nq === 0 ? 0 : Math.sqrt(e2);
  const theta = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    theta[i] = a * p[i]!; // w_1 (k×1)
    theta[k + i] = b * p[i]! + (e * q[i]!) / (nq || 1); // w_2 (1×k)
  }
  return theta;
}

function fro(m: { data: Float64Array }): number {
  let s = 0;
  for (const x of m.data) s += x * x;
  return Math.sqrt(s);
}

function imbalanceRun(p: LinearFlowParams, c: number, initSeed: number): LinearFlowRun {
  const vector = isVector(p);
  const sc = scalarCostOf(p.cost, p.target);
  const net = vector
    ? deepLinear({ inDim: 1, width: p.width, outDim: 1, depth: 2, cost: sc })
    : deepLinear({
        inDim: p.inDim,
        width: p.width,
        outDim: p.outDim,
        depth: p.depth,
        cost: matrixCost(p),
      });
  let theta0: Float64Array;
  if (vector) theta0 = vectorInit(p.width, p.product, c, initSeed);
  else {
    const rng = new Rng(initSeed);
    theta0 = rng.fillNormal(new Float64Array(net.dim));
    for (let i = 0; i < theta0.length; i++) theta0[i]! *= p.product;
    const eta = Math.sqrt(1 + c);
    const W1 = net.offsets[0]!;
    const WN = net.offsets[p.depth - 1]!;
    for (let i = W1; i < W1 + p.width * p.inDim; i++) theta0[i]! *= eta;
    for (let i = WN; i < net.dim; i++) theta0[i]! /= eta;
  }
  const fStar = net.minValue ?? 0;
  const times = Array.from({ length: p.samples }, (_, j) => (p.tMax * j) / (p.samples - 1));
  const flow = gradientFlow(net, theta0, {
    tEnd: p.tMax,
    rtol: p.rtol,
    atol: p.atol,
    times,
    events: [{ fn: (_t: number, th: Float64Array) => net.loss(th) - fStar - p.tol, direction: -1 }],
  });
  const shapes = net.widths.slice(1).map((r, i) => [r, net.widths[i]!] as const);
  const drift = imbalanceDrift(flow.samples.theta, shapes);
  const invariantDrift = Math.max(0, ...Array.from(drift.drift));
  const hit = flow.events[0];
  const t0Loss = net.loss(theta0) - fStar;
  const samples = flow.samples.t.map((t, j) => {
    const th = flow.samples.theta[j]!;
    const s: { t: number; loss: number; z?: number } = { t, loss: flow.samples.loss[j]! };
    if (vector) s.z = net.product(th).data[0]!;
    return s;
  });
  let reducedOdeError: number | null = null;
  if (vector) {
    // ż = −f′(z)·√(c₀ + 4z²) with c₀ the built initialisation's own c (equal to c up to rounding).
    const c0 = net.vectorImbalance(theta0).c;
    const red = dopri5(
      (_t, y, dy) => {
        dy[0] = -sc.df(y[0]!) * Math.sqrt(Math.max(0, c0 + 4 * y[0]! * y[0]!));
      },
      0,
      Float64Array.of(p.product),
      p.tMax,
      { rtol: p.rtol, atol: p.atol, times },
    );
    reducedOdeError = 0;
    red.samples.t.forEach((_t, j) => {
      const zf = samples[j]?.z;
      if (zf !== undefined)
        reducedOdeError = Math.max(reducedOdeError!, Math.abs(zf - red.samples.y[j]![0]!));
    });
  }
  return {
    imbalance: c,
    initialImbalance: vector ? net.vectorImbalance(theta0).c : fro(net.imbalance(theta0)[0]!),
    initialProduct: vector ? net.product(theta0).data[0]! : fro(net.product(theta0)),
    invariantDrift,
    timeToTol: t0Loss <= p.tol ? 0 : hit ? hit.t : null,
    finalLoss: flow.loss,
    accepted: (flow as { accepted: number }).accepted,
    rejected: (flow as { rejected: number }).rejected,
    samples,
    reducedOdeError,
  };
}

function matrixCost(p: LinearFlowParams) {
  // The matrix analogue of the scalar costs: f(P) = ½‖P − y·I‖² (quadratic) or ‖P − y·I‖⁴ (quartic), with the
  // identity of the smaller dimension padded by zeros.
  const A = { rows: p.outDim, cols: p.inDim, data: new Float64Array(p.outDim * p.inDim) };
  for (let i = 0; i < Math.min(p.inDim, p.outDim); i++) A.data[i * p.inDim + i] = p.target;
  return p.cost === 'quartic' ? quarticCost(A) : leastSquaresCost(A);
}

function saddleRun(p: LinearFlowParams, cost: LfCost, seed: number): SaddleRun {
  const sc = scalarCostOf(cost, p.target);
  const k = p.width;
  const net = deepLinear({ inDim: 1, width: k, outDim: 1, depth: 2, cost: sc });
  const f0 = sc.df(0);
  const s = Math.sign(f0) || 1;
  const rng = new Rng(seed);
  const w2 = unit(rng, k);
  const on = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    on[i] = s * w2[i]!; // w_1 = s·w_2ᵀ
    on[k + i] = w2[i]!;
  }
  const pert = on.slice();
  const dir = unit(rng, 2 * k);
  for (let i = 0; i < 2 * k; i++) pert[i]! += 1e-3 * dir[i]!;
  const T = Math.max(p.tMax, 20);
  const end = (th0: Float64Array) => {
    const r = gradientFlow(net, th0, { tEnd: T, rtol: p.rtol, atol: p.atol });
    const z = net.product(r.theta).data[0]!;
    let nrm = 0;
    for (const x of r.theta) nrm += x * x;
    return { finalNorm: Math.sqrt(nrm), finalZ: z, finalLoss: r.loss, finalFPrime: Math.abs(sc.df(z)) };
  };
  const a = end(on);
  return {
    cost: sc.name ?? cost,
    s,
    fPrime0: f0,
    onManifold: { finalNorm: a.finalNorm, finalZ: a.finalZ, finalLoss: a.finalLoss },
    perturbed: end(pert),
  };
}

/** P1 §1.5 phase portrait data (Fig. 3): linear (1 − w_2w_1)² or sigmoidal (1 − w_2σ(w_1))². */
function portrait(example: 'linear' | 'sigmoidal'): Portrait {
  const lo = -3;
  const hi = 3;
  const nx = 121;
  const sig = sigmoidalExample();
  const lin = deepLinear({ inDim: 1, width: 1, outDim: 1, depth: 2, cost: quadraticScalar(1, 1) });
  const obj = example === 'linear' ? lin : sig;
  // Invariants: w_1² − w_2² (linear, C of P1 §1.2) and w_2² − ½(1 + w_1²)² (sigmoidal, P1 eq. 10).
  const inv = (w1: number, w2: number) =>
    example === 'linear' ? w1 * w1 - w2 * w2 : w2 * w2 - 0.5 * (1 + w1 * w1) ** 2;
  const invariant: number[] = [];
  for (let j = 0; j < nx; j++)
    for (let i = 0; i < nx; i++)
      invariant.push(inv(lo + ((hi - lo) * i) / (nx - 1), lo + ((hi - lo) * j) / (nx - 1)));
  const stable: [number, number][] = [];
  const unstable: [number, number][] = [];
  const target: [number, number][][] = [[], []];
  for (let j = 0; j <= 200; j++) {
    const w1 = lo + ((hi - lo) * j) / 200;
    if (example === 'linear') {
      stable.push([w1, -w1]); // w_1 = −w_2 (s = sign f′(0) = −1)
      unstable.push([w1, w1]);
      if (Math.abs(w1) > 1e-9) target[w1 < 0 ? 0 : 1]!.push([w1, 1 / w1]);
    } else {
      const m = w1 * Math.sqrt((2 + w1 * w1) / 2);
      stable.push([w1, -m]); // centre-stable branch, spec §1.5 [derived]
      unstable.push([w1, m]);
      if (Math.abs(w1) > 1e-9) target[w1 < 0 ? 0 : 1]!.push([w1, Math.sqrt(1 + w1 * w1) / w1]);
    }
  }
  const trajectories: [number, number][][] = [];
  const starts: [number, number][] = [];
  for (let a = 0; a < 16; a++) {
    const ang = (2 * Math.PI * (a + 0.5)) / 16;
    starts.push([2.6 * Math.cos(ang), 2.6 * Math.sin(ang)]);
  }
  // Two starts on the stable manifold, which flow into the saddle at the origin.
  starts.push([1.5, example === 'linear' ? -1.5 : -1.5 * Math.sqrt((2 + 2.25) / 2)]);
  starts.push([-1.5, example === 'linear' ? 1.5 : 1.5 * Math.sqrt((2 + 2.25) / 2)]);
  const times = Array.from({ length: 151 }, (_, j) => (6 * j) / 150);
  let trajectoryDrift = 0;
  for (const [a, b] of starts) {
    const r = gradientFlow(obj, Float64Array.of(a, b), { tEnd: 6, rtol: 1e-9, atol: 1e-12, times });
    const path = r.samples.theta.map((th) => [th[0]!, th[1]!] as [number, number]);
    for (const [x, y] of path) trajectoryDrift = Math.max(trajectoryDrift, Math.abs(inv(x, y) - inv(a, b)));
    trajectories.push(path);
  }
  const origin = inv(0, 0);
  const manifoldLevelError = Math.max(
    ...[...stable, ...unstable].map(([x, y]) => Math.abs(inv(x, y) - origin)),
  );
  return {
    example,
    range: [lo, hi],
    nx,
    invariant,
    originLevel: origin,
    stable,
    unstable,
    target,
    trajectories,
    trajectoryDrift,
    manifoldLevelError,
    stableEndNorms: trajectories.slice(-2).map((t) => Math.hypot(...t.at(-1)!)),
  };
}
