/// <reference lib="webworker" />
/**
 * Compute worker: owns its own core-math instance (wasm SIMD when the browser validates it), runs one task at a
 * time and streams progress. The page never computes; cancelling terminates this worker.
 */
import { backend, init } from '@landscape-lab/core-math';
import {
  type AbTaskParams,
  type AbTaskResult,
  type AlphaBetaResult,
  abObjective,
  alphaBeta,
  orderResults,
  type PtTaskParams,
  type PtTrainResult,
  ptTaskLoss,
  runStudySync,
  runTask,
  STUDIES,
  spuriousMinimaTraced,
  teacherMatrix,
} from '@landscape-lab/studies';
import { teacherStudent } from '@landscape-lab/trainers';
import {
  alphaMinExact,
  applyConstraints,
  betaMinExact,
  type Constraint,
  emptyRegion,
  plAiming,
  type ToyId,
  toyLoss,
  toyOf,
} from './compute/alphaBeta.js';
import { portraitLoss, trajectory } from './compute/linearFlow.js';
import { computeSlice, type SliceInput } from './compute/slice.js';
import type { FromWorker, SliceSource, Task, ToWorker } from './protocol.js';

type PtTrain = Extract<PtTaskParams, { kind: 'train' }>;

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

const ready = init()
  .then(() => post({ type: 'ready', backend: backend() }))
  .catch((e) => post({ type: 'init-error', message: String(e?.message ?? e) }));

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  await ready;
  const { id, task } = ev.data;
  const progress = (data: unknown) => post({ id, type: 'progress', data });
  try {
    const data = run(task, progress);
    post({ id, type: 'done', data });
  } catch (e) {
    const err = e as { message?: string; code?: string };
    post({ id, type: 'error', message: String(err?.message ?? e), code: err?.code });
  }
};

function run(task: Task, progress: (d: unknown) => void): unknown {
  switch (task.kind) {
    case 'study-plan': {
      const study = STUDIES[task.study];
      return study.plan(study.resolve(task.input), task.seed);
    }
    case 'study-task':
      return runTask(task.task);
    case 'study-aggregate': {
      const study = STUDIES[task.study];
      const params = study.resolve(task.input);
      const tasks = study.plan(params, task.seed);
      return study.aggregate(params, tasks, orderResults(tasks, task.results));
    }
    case 'study-sync':
      return runStudySync(task.study, task.input as never, task.seed).result;
    case 'sm-traced': {
      let last = 0;
      let buf: [number, number, number, number][] = [];
      // Progress is batched (one message per ≥ 50 ms); the tail is flushed before the result.
      const res = spuriousMinimaTraced(task.task.params, task.task.seed, {
        onProgress: (p) => {
          buf.push([p.iteration, p.loss, p.gradNorm, p.restarts]);
          const now = performance.now();
          if (now - last > 50) {
            progress(buf);
            buf = [];
            last = now;
          }
        },
      });
      if (buf.length) progress(buf);
      return res;
    }
    case 'p1-traj':
      return trajectory(task.portrait, task.w1, task.w2, task.T, task.box);
    case 'p2-toy':
      return toyRegion(task.toy, task.grid, task.nAB, task.alphaMax, progress);
    case 'p2-halfspace': {
      // The alpha-beta study's half-space run (its protocol 'ours', P2 §2.4 samples with f_i* = 0, α ≥ β + 0.1),
      // with its `path` option for the slice; the page draws its half-planes and region.
      const study = alphaBeta;
      const params = study.resolve({
        problem: 'half-space',
        maxIters: task.maxIters,
        seeds: 1,
        fStar: 'zero',
        path: true,
      });
      const tasks = study.plan(params, task.seed);
      const values = tasks.map((t) => JSON.parse(JSON.stringify(runTask(t))) as AbTaskResult);
      const result = study.aggregate(params, tasks, values) as AlphaBetaResult;
      const cs: Constraint[] = values[0]!.g.map((g, k) => ({ g, a: values[0]!.a[k]!, b: values[0]!.b[k]! }));
      const diag = result.diagnostics![0]!;
      // §2.4 grid restriction α ≥ β + 0.1: the exact smallest α, and a window that shows it.
      const exact = alphaMinExact(cs, 0.1);
      const R = emptyRegion(exact === null ? task.alphaMax : Math.max(task.alphaMax, 1.25 * exact), task.nAB);
      const chunk = Math.ceil(cs.length / 10);
      for (let s = 0; s < cs.length; s += chunk) {
        applyConstraints(R, cs.slice(s, s + chunk));
        progress({ region: R, done: Math.min(1, (s + chunk) / cs.length) });
      }
      // Largest valid gap α − β at each α (the region in (α, α − β) coordinates, where its thin band is visible).
      const top = R.alphas[R.alphas.length - 1]!;
      const gapCurve: [number, number][] = [];
      for (let i = 1; i <= 200; i++) {
        const a = (top * i) / 200;
        gapCurve.push([a, a - betaMinExact(cs, a)]);
      }
      const series = (ys: (number | null)[]) =>
        diag.fig2.iteration.flatMap((k, j) => (ys[j] === null ? [] : [[k, ys[j]!] as [number, number]]));
      return {
        task: tasks[0]!,
        path: values[0]!.path!,
        finalLoss: diag.finalLoss,
        cosAngleMin: diag.cosAngleMin,
        angle: series(diag.fig2.cosAngle),
        aiming: series(diag.fig2.aiming),
        region: R,
        best: minimalValid(R, 0.1),
        exact,
        boundary: boundary(cs, R),
        gapCurve,
        poly: {
          empty: result.region.empty,
          vertices: result.region.vertices,
          alphaMin: result.region.alphaMin,
          betaAtAlphaMin: result.region.betaAtAlphaMin,
        },
      };
    }
    case 'slice':
      return computeSlice(sliceInput(task.source, task.grid), (j) => progress({ row: j }));
  }
}

/** The exact lower boundary β_min(α) of the valid region, sampled on the α grid (clipped to the window). */
function boundary(cs: Constraint[], R: ReturnType<typeof emptyRegion>): [number, number][] {
  const top = R.alphas[R.alphas.length - 1]!;
  const out: [number, number][] = [];
  for (let i = 0; i <= 200; i++) {
    const a = (top * i) / 200;
    const b = betaMinExact(cs, a);
    if (b <= a && b >= 0) out.push([a, b]);
  }
  return out;
}

/** The valid pair with the smallest α on the grid (β ≤ α − gap), or null. */
function minimalValid(R: ReturnType<typeof emptyRegion>, gap: number) {
  const na = R.alphas.length;
  for (let i = 0; i < na; i++)
    for (let j = R.betas.length - 1; j >= 0; j--) {
      if (R.betas[j]! > R.alphas[i]! - gap || R.betas[j]! >= R.alphas[i]!) continue;
      if (R.margin[j * na + i]! >= 0) return { alpha: R.alphas[i]!, beta: R.betas[j]! };
    }
  return null;
}

const EXAMPLE: Record<ToyId, 1 | 2 | 3 | 6> = { ex1: 1, ex2: 2, ex3: 3, ex6: 6 };

/**
 * A toy example through the `alpha-beta` study (Definition 1 on its grid over [−6, 7]², exact region, the paper's
 * claimed pairs checked): the page draws the study's half-planes as a margin raster (in chunks, streamed), with the
 * exact boundary and PL / aiming constants on the same x-grid beside it.
 */
function toyRegion(id: ToyId, grid: number, nAB: number, alphaMax: number, progress: (d: unknown) => void) {
  const study = alphaBeta;
  const params = study.resolve({ example: EXAMPLE[id], grid });
  const tasks = study.plan(params, 1);
  const values = tasks.map((t) => JSON.parse(JSON.stringify(runTask(t))) as AbTaskResult);
  const result = study.aggregate(params, tasks, values) as AlphaBetaResult;
  const all: Constraint[] = values.flatMap((v) => v.g.map((g, k) => ({ g, a: v.a[k]!, b: v.b[k]! })));
  const toy = toyOf(id);
  const R = emptyRegion(alphaMax, nAB);
  const [lo, hi] = toy.box;
  let pl = Number.POSITIVE_INFINITY;
  let aim = Number.POSITIVE_INFINITY;
  const chunk = Math.ceil(all.length / 20);
  let last = 0;
  for (let s = 0; s < all.length; s += chunk) {
    applyConstraints(R, all.slice(s, s + chunk));
    const now = performance.now();
    if (now - last > 80 || s + chunk >= all.length) {
      progress({ region: R, done: Math.min(1, (s + chunk) / all.length) });
      last = now;
    }
  }
  // PL and aiming (not part of Definition 1, so not in the study) on the same x-grid.
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++) {
      const q = plAiming(toy, lo + ((hi - lo) * c) / (grid - 1), lo + ((hi - lo) * r) / (grid - 1));
      if (q) {
        pl = Math.min(pl, q.pl);
        aim = Math.min(aim, q.aim);
      }
    }
  return {
    region: R,
    pl,
    aim,
    checks: result.checks,
    best: minimalValid(R, 0),
    exact: alphaMinExact(all, 0),
    boundary: boundary(all, R),
    poly: {
      empty: result.region.empty,
      vertices: result.region.vertices,
      alphaMin: result.region.alphaMin,
      betaAtAlphaMin: result.region.betaAtAlphaMin,
    },
  };
}

function sliceInput(src: SliceSource, grid: number): SliceInput {
  const traj = (t: number[][]) => t.map((r) => Float64Array.from(r));
  switch (src.lab) {
    case 'ts': {
      const ts = teacherStudent({ n: src.n, V: teacherMatrix(src.k, src.d) });
      return {
        loss: (th) => ts.loss(th),
        center: Float64Array.from(src.center),
        trajectory: traj(src.trajectory),
        native2d: false,
        grid,
        seed: 1,
      };
    }
    case 'p1':
      return {
        loss: (th) => portraitLoss(src.portrait, th[0]!, th[1]!),
        center: Float64Array.from(src.center),
        trajectory: traj(src.trajectory),
        native2d: true,
        grid,
        seed: 1,
        span: 1.5,
      };
    case 'p2toy': {
      const toy = toyOf(src.toy);
      return {
        loss: (th) => toyLoss(toy, th[0]!, th[1]!),
        center: Float64Array.from(src.center),
        trajectory: traj(src.trajectory),
        native2d: true,
        grid,
        seed: 1,
        span: 3,
      };
    }
    case 'halfspace': {
      const h = abObjective((src.task.params as Extract<AbTaskParams, { kind: 'sgd' }>).cfg, src.task.seed);
      return {
        loss: (th) => h.loss(th),
        center: Float64Array.from(src.center),
        trajectory: traj(src.trajectory),
        native2d: true,
        grid,
        seed: 1,
        span: 2,
      };
    }
    case 'p3': {
      // The study's own run of this task, traced: its weight path ends where the sweep's run ended.
      const tp: PtTaskParams = { ...(src.task.params as PtTrain), trace: true };
      const r = runTask({ ...src.task, params: tp }) as PtTrainResult;
      const path = r.trace!.path.map((w) => Float64Array.from(w));
      return {
        loss: ptTaskLoss(tp),
        center: path[path.length - 1]!,
        trajectory: path,
        native2d: false,
        grid,
        seed: 1,
      };
    }
  }
}
