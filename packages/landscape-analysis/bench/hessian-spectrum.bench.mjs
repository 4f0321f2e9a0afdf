// Dense Hessian and full spectrum of the teacher–student population loss at k = n = d ∈ {10, 20, 40}
// (dim = n·d ∈ {100, 400, 1600}), at W = V + 0.1·N(0, 1) (a generic point near the global minimum).
// Variants, interleaved per size: the Hessian by the model's closed form ('exact'), assembled from n·d HVPs
// ('hvp'), by central differences of 2·n·d gradients ('fd'; 10 and 20 only); the spectrum by core-math's
// symEigen through denseSpectrum, values only and with vectors. Ratios are eigen / exact-Hessian time.
import { init, Rng } from '@landscape-lab/core-math';
import { denseSpectrum, hessian } from '@landscape-lab/landscape-analysis';
import { teacherStudent } from '@landscape-lab/trainers';
import { compare, table, writeResults } from '../../core-math/bench/harness.mjs';

const backendName = await init();
const rows = [];
const raw = {};
for (const k of [10, 20, 40]) {
  const ts = teacherStudent({ n: k, k });
  const W = new Rng(k)
    .fillNormal(new Float64Array(k * k))
    .map((v, i) => 0.1 * v + (i % (k + 1) === 0 ? 1 : 0));
  const only = (parts) => ({
    dim: ts.dim,
    loss: (t) => ts.loss(t),
    grad: (t, g) => ts.grad(t, g),
    ...(parts.hvp ? { hvp: (t, v, o) => ts.hvp(t, v, o) } : {}),
  });
  const H = hessian(ts, W).matrix;
  const variants = {
    'hessian exact': () => hessian(ts, W),
    'hessian hvp': () => hessian(only({ hvp: true }), W),
    'eigen values': () => denseSpectrum(H),
    'eigen vectors': () => denseSpectrum(H, { vectors: true }),
  };
  if (k <= 20) variants['hessian fd'] = () => hessian(only({}), W);
  const big = k >= 40;
  const r = compare(variants, { warmupMs: 500, rounds: big ? 5 : 11, minRoundMs: big ? 0 : 20 });
  raw[`k=${k}`] = r;
  const ex = r['hessian exact'].medianMs;
  const sp = denseSpectrum(H);
  rows.push({
    'k = n = d': k,
    dim: k * k,
    'Hessian exact (ms)': ex,
    'Hessian from HVPs (ms)': r['hessian hvp'].medianMs,
    'Hessian FD (ms)': r['hessian fd']?.medianMs ?? Number.NaN,
    'eigen values (ms)': r['eigen values'].medianMs,
    'eigen vectors (ms)': r['eigen vectors'].medianMs,
    'eigen values / Hessian': r['eigen values'].medianMs / ex,
    λ_min: sp.values[0],
  });
  console.error(`k=${k} done`);
}
console.log(table(rows));
console.log(`\nbackend: ${backendName}`);
writeResults('hessian-spectrum', {
  description:
    'teacher–student F at W = V + 0.1·N(0,1), k = n = d; Hessian by closed form / n·d HVPs / 2·n·d gradients (FD), spectrum by denseSpectrum (core-math symEigen); median ms',
  backend: backendName,
  rows,
  raw,
});
