// A/B against a baseline build of this module (issue 10: what the two-lane transcendentals and the teacher–student
// restructuring bought), raw kernels, interleaved, medians. Not part of `bench/run.mjs` because it needs the
// baseline .wasm; build it from the commit before the change, e.g.
//   git archive dab5235 packages/core-math/assembly packages/core-math/asconfig.json | tar -x -C /tmp/base
//   (cd /tmp/base/packages/core-math && <this package>/node_modules/.bin/asc assembly/index.ts --target release \
//      --outFile /tmp/base/base.wasm)
//   node bench/baseline-ab.mjs /tmp/base/base.wasm dab5235
// Variants: shallow-net GD (softplus, 4 steps per call) at the three issue-10 sizes; teacher–student loss+gradient
// (tsLossGrad) at k = n = d ∈ {10, 16, 20}; teacher–student GD, 500 steps per call from one SS18-like W0, at
// k = n = d ∈ {10, 16} (the baseline's tsGdSteps has no loss-threshold argument; the threshold is −∞ here).
import { readFileSync } from 'node:fs';
import { ACTIVATION_CODE, GRAD_NORM_CODE } from '../dist/codes.generated.js';
import { compare, table, writeResults } from './harness.mjs';

const [basePath, baseLabel = 'baseline'] = process.argv.slice(2);
if (!basePath) throw new Error('usage: node bench/baseline-ab.mjs <baseline.wasm> [label]');
const mk = (file) => {
  const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    env: { abort() {} },
  });
  e.memory.grow(200);
  return e;
};
const A = mk(basePath);
const B = mk(new URL('../build/core-math.wasm', import.meta.url));
const isNew = (e) => e === B;

/** Deterministic fill in [−½, ½) (the same numbers in both modules). */
function filler(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}
const heap = (e) => (e.heapBase() + 15) & ~15;

const shallow = [];
for (const [n, d, k] of [
  [100, 10, 20],
  [400, 20, 40],
  [1000, 50, 50],
]) {
  const setup = (e) => {
    const x = heap(e);
    const y = x + 8 * n * d;
    const v = y + 8 * n;
    const w = v + 8 * k;
    const out = w + 8 * k * d;
    const work = out + 64;
    const f = new Float64Array(e.memory.buffer);
    const r = filler(7);
    for (let i = 0; i < n * d; i++) f[(x >> 3) + i] = r();
    for (let i = 0; i < n; i++) f[(y >> 3) + i] = r();
    for (let i = 0; i < k; i++) f[(v >> 3) + i] = r();
    for (let i = 0; i < k * d; i++) f[(w >> 3) + i] = 3 * r();
    return () => e.shallowGdSteps(ACTIVATION_CODE.softplus, n, d, k, x, y, v, w, 1e-6, 4, 0, out, work);
  };
  const res = compare({ base: setup(A), current: setup(B) }, { warmupMs: 500, rounds: 41 });
  shallow.push({
    'softplus n,d,k': `${n},${d},${k}`,
    'base µs/step': (res.base.medianMs * 1e3) / 4,
    'current µs/step': (res.current.medianMs * 1e3) / 4,
    'base/current': res.base.medianMs / res.current.medianMs,
  });
}
console.log(table(shallow));

function tsSetup(e, k, seed, scale) {
  const n = k;
  const d = k;
  const w = heap(e);
  const v = w + 8 * n * d;
  const w0 = v + 8 * k * d;
  const g = w0 + 8 * n * d;
  const out = g + 8 * n * d;
  const work = out + 64;
  const f = new Float64Array(e.memory.buffer);
  const r = filler(seed);
  for (let i = 0; i < n * d; i++) f[(w0 >> 3) + i] = f[(w >> 3) + i] = (r() * scale) / Math.sqrt(k);
  for (let i = 0; i < k * d; i++) f[(v >> 3) + i] = i % (d + 1) === 0 ? 1 : 0;
  return { n, d, w, v, w0, g, out, work };
}

const grad = [];
for (const k of [10, 16, 20]) {
  const setup = (e) => {
    const p = tsSetup(e, k, 7, 3.4);
    return () => e.tsLossGrad(p.n, k, p.d, p.w, p.v, p.g, p.work);
  };
  const res = compare({ base: setup(A), current: setup(B) }, { warmupMs: 500, rounds: 41 });
  grad.push({
    'k=n=d': k,
    'base µs': res.base.medianMs * 1e3,
    'current µs': res.current.medianMs * 1e3,
    'base/current': res.base.medianMs / res.current.medianMs,
  });
}
console.log(table(grad));

const gd = [];
const S = 500;
for (const k of [10, 16]) {
  const setup = (e) => {
    const p = tsSetup(e, k, 11, 3.46);
    return () => {
      new Float64Array(e.memory.buffer).copyWithin(p.w >> 3, p.w0 >> 3, (p.w0 >> 3) + p.n * p.d);
      const L = isNew(e)
        ? e.tsGdSteps(
            p.n,
            k,
            p.d,
            p.w,
            p.v,
            0.1,
            S,
            0,
            GRAD_NORM_CODE.maxNeuron,
            1e4,
            Number.NEGATIVE_INFINITY,
            p.out,
            p.work,
          )
        : e.tsGdSteps(p.n, k, p.d, p.w, p.v, 0.1, S, 0, GRAD_NORM_CODE.maxNeuron, 1e4, p.out, p.work);
      if (new Float64Array(e.memory.buffer)[(p.out >> 3) + 1] !== S) throw new Error('stopped early');
      return L;
    };
  };
  const res = compare({ base: setup(A), current: setup(B) }, { warmupMs: 500, rounds: 41 });
  gd.push({
    'k=n=d': k,
    'base µs/step': (res.base.medianMs * 1e3) / S,
    'current µs/step': (res.current.medianMs * 1e3) / S,
    'base/current': res.base.medianMs / res.current.medianMs,
  });
}
console.log(table(gd));
const file = writeResults('baseline-ab', {
  description: `raw kernels, this build vs ${baseLabel} (interleaved, medians): shallow softplus GD, teacher–student loss+gradient, teacher–student GD steps`,
  baseline: baseLabel,
  shallowSoftplusGd: shallow,
  teacherStudentLossGrad: grad,
  teacherStudentGdSteps: gd,
});
console.log(`wrote ${file}`);
