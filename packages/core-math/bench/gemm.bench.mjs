// gemm / gram / gemv: wasm kernel alone, wasm facade call, TS twin (reference backend), ml-matrix 6.15.
// Run from packages/core-math after a build: `node bench/gemm.bench.mjs`. Writes bench/results/gemm.json.
//
// "raw" times only the kernel on operands already in linear memory (pointers from the heap, like a resident
// hot loop); "facade" times the public call, including validation and the copies in and out (the stdlib-js
// lesson: report both, they answer different questions). The TS twin runs raw on its own memory (switching the
// active backend is async, so its facade cannot be interleaved; its copies would add the same as wasm's).
// All variants of one size are interleaved by the harness; ratios are computed from the medians.

import { loadavg } from 'node:os';
import { Matrix as MlMatrix } from 'ml-matrix';
import { ctx, init } from '../dist/backend.js';
import { gram, matmul, matvec, Rng } from '../dist/index.js';
import { compare, table, writeResults } from './harness.mjs';

// Other work on this 2-core VM slows every variant alike (interleaving), but absolute GF/s do move with it:
// the 1-minute load average at start and end is recorded with the results.
const loadAtStart = loadavg()[0];

await init({ backend: 'reference' });
const ref = ctx();
await init({ backend: 'wasm-simd' });
const wasm = ctx();

const rng = new Rng(2024);
const randomData = (n) => {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
};

/** Puts arrays into a context's memory; returns pointers and a release function. */
function place(c, arrays, workBytes = 0) {
  const ptrs = arrays.map((a) => {
    const off = c.heap.alloc(Math.max(8, a.length * 8));
    c.heap.f64(off, a.length).set(a);
    return off;
  });
  const work = c.heap.alloc(Math.max(16, workBytes));
  return {
    ptrs,
    work,
    release: () => {
      for (const p of [...ptrs, work]) c.heap.release(p);
    },
  };
}

const gf = (flops, ms) => flops / ms / 1e6;
const rows = [];
const results = { gemm: [], gram: [], gemmTrans: [], gemv: [] };

// ---- gemm, square n×n, C ← AB
for (const n of [32, 64, 128, 256]) {
  const a = randomData(n * n);
  const b = randomData(n * n);
  const A = { rows: n, cols: n, data: a };
  const B = { rows: n, cols: n, data: b };
  const mlA = new MlMatrix(n, n);
  const mlB = new MlMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      mlA.set(i, j, a[i * n + j]);
      mlB.set(i, j, b[i * n + j]);
    }
  const w = place(wasm, [a, b, new Float64Array(n * n)], wasm.k.gemmWorkSize(0, 0, n, n, n));
  const r = place(ref, [a, b, new Float64Array(n * n)], ref.k.gemmWorkSize(0, 0, n, n, n));
  const [wa, wb, wc] = w.ptrs;
  const [ra, rb, rc] = r.ptrs;
  const t = compare({
    'wasm raw': () => wasm.k.gemm(0, 0, n, n, n, 1, wa, wb, 0, wc, w.work),
    'wasm matmul()': () => matmul(A, B),
    'TS twin raw': () => ref.k.gemm(0, 0, n, n, n, 1, ra, rb, 0, rc, r.work),
    'ml-matrix mmul': () => mlA.mmul(mlB),
  });
  w.release();
  r.release();
  const flops = 2 * n ** 3;
  const rec = {
    n,
    ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.medianMs])),
    gflops: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, gf(flops, v.medianMs)])),
    speedupRawVsMl: t['ml-matrix mmul'].medianMs / t['wasm raw'].medianMs,
    speedupFacadeVsMl: t['ml-matrix mmul'].medianMs / t['wasm matmul()'].medianMs,
    speedupRawVsTwin: t['TS twin raw'].medianMs / t['wasm raw'].medianMs,
    facadeOverRaw: t['wasm matmul()'].medianMs / t['wasm raw'].medianMs,
  };
  results.gemm.push(rec);
  rows.push({
    op: 'gemm',
    n: String(n),
    'raw GF/s': rec.gflops['wasm raw'],
    'facade GF/s': rec.gflops['wasm matmul()'],
    'twin GF/s': rec.gflops['TS twin raw'],
    'ml-matrix GF/s': rec.gflops['ml-matrix mmul'],
    'raw/ml': rec.speedupRawVsMl,
    'facade/ml': rec.speedupFacadeVsMl,
    'raw/twin': rec.speedupRawVsTwin,
  });
  console.error(`gemm n=${n} done`);
}

// ---- gram AᵀA vs the equivalent gemm (Aᵀ·A, transA) on the same operand, plus the facade and ml-matrix
for (const n of [64, 128, 256]) {
  const a = randomData(n * n);
  const A = { rows: n, cols: n, data: a };
  const mlA = new MlMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mlA.set(i, j, a[i * n + j]);
  const w = place(wasm, [a, new Float64Array(n * n)], wasm.k.gemmWorkSize(1, 0, n, n, n));
  const [wa, wc] = w.ptrs;
  const t = compare({
    'gram raw': () => wasm.k.gram(1, n, n, wa, wc, w.work),
    'gemm(Aᵀ, A) raw': () => wasm.k.gemm(1, 0, n, n, n, 1, wa, wa, 0, wc, w.work),
    'gram()': () => gram(A),
    'ml-matrix transpose().mmul': () => mlA.transpose().mmul(mlA),
  });
  w.release();
  const flops = 2 * n ** 3; // gemm-equivalent flops, so GF/s compare directly with gemm
  const rec = {
    n,
    ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.medianMs])),
    gemmEquivalentGflops: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, gf(flops, v.medianMs)])),
    speedupGramVsGemm: t['gemm(Aᵀ, A) raw'].medianMs / t['gram raw'].medianMs,
    speedupGramFacadeVsMl: t['ml-matrix transpose().mmul'].medianMs / t['gram()'].medianMs,
  };
  results.gram.push(rec);
  rows.push({
    op: 'gram AᵀA',
    n: String(n),
    'raw GF/s': rec.gemmEquivalentGflops['gram raw'],
    'facade GF/s': rec.gemmEquivalentGflops['gram()'],
    'twin GF/s': '—',
    'ml-matrix GF/s': rec.gemmEquivalentGflops['ml-matrix transpose().mmul'],
    'raw/ml': t['ml-matrix transpose().mmul'].medianMs / t['gram raw'].medianMs,
    'facade/ml': rec.speedupGramFacadeVsMl,
    'raw/twin': '—',
  });
  console.error(`gram n=${n} done (gram is ${rec.speedupGramVsGemm.toFixed(2)}x the equivalent gemm)`);
}

// ---- transposes at n = 128: packing absorbs them, so all four should run alike
{
  const n = 128;
  const a = randomData(n * n);
  const b = randomData(n * n);
  const w = place(wasm, [a, b, new Float64Array(n * n)], wasm.k.gemmWorkSize(1, 1, n, n, n));
  const [wa, wb, wc] = w.ptrs;
  const t = compare({
    NN: () => wasm.k.gemm(0, 0, n, n, n, 1, wa, wb, 0, wc, w.work),
    TN: () => wasm.k.gemm(1, 0, n, n, n, 1, wa, wb, 0, wc, w.work),
    NT: () => wasm.k.gemm(0, 1, n, n, n, 1, wa, wb, 0, wc, w.work),
    TT: () => wasm.k.gemm(1, 1, n, n, n, 1, wa, wb, 0, wc, w.work),
  });
  w.release();
  const rec = {
    n,
    gflops: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, gf(2 * n ** 3, v.medianMs)])),
  };
  results.gemmTrans.push(rec);
  console.error(`transposes n=${n}: ${JSON.stringify(rec.gflops)}`);
}

// ---- gemv, square n×n, y ← Ax and y ← Aᵀx
for (const n of [64, 256, 1024]) {
  const a = randomData(n * n);
  const x = randomData(n);
  const A = { rows: n, cols: n, data: a };
  const mlA = new MlMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mlA.set(i, j, a[i * n + j]);
  const mlx = MlMatrix.columnVector(Array.from(x));
  const w = place(wasm, [a, x, new Float64Array(n)]);
  const r = place(ref, [a, x, new Float64Array(n)]);
  const [wa, wx, wy] = w.ptrs;
  const [ra, rx, ry] = r.ptrs;
  for (const trans of [0, 1]) {
    const mlT = trans ? mlA.transpose() : mlA;
    const t = compare({
      'wasm raw': () => wasm.k.gemv(trans, n, n, 1, wa, wx, 0, wy),
      'wasm matvec()': () => matvec(A, x, { trans: trans === 1 }),
      'TS twin raw': () => ref.k.gemv(trans, n, n, 1, ra, rx, 0, ry),
      // ml-matrix has no transposed product; its Aᵀx is timed on a pre-transposed copy (favouring it).
      'ml-matrix mmul': () => mlT.mmul(mlx),
    });
    const flops = 2 * n * n;
    const rec = {
      n,
      trans,
      ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.medianMs])),
      gflops: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, gf(flops, v.medianMs)])),
      speedupRawVsMl: t['ml-matrix mmul'].medianMs / t['wasm raw'].medianMs,
      speedupFacadeVsMl: t['ml-matrix mmul'].medianMs / t['wasm matvec()'].medianMs,
      speedupRawVsTwin: t['TS twin raw'].medianMs / t['wasm raw'].medianMs,
    };
    results.gemv.push(rec);
    rows.push({
      op: trans ? 'gemv Aᵀx' : 'gemv Ax',
      n: String(n),
      'raw GF/s': rec.gflops['wasm raw'],
      'facade GF/s': rec.gflops['wasm matvec()'],
      'twin GF/s': rec.gflops['TS twin raw'],
      'ml-matrix GF/s': rec.gflops['ml-matrix mmul'],
      'raw/ml': rec.speedupRawVsMl,
      'facade/ml': rec.speedupFacadeVsMl,
      'raw/twin': rec.speedupRawVsTwin,
    });
  }
  w.release();
  r.release();
  console.error(`gemv n=${n} done`);
}

const file = writeResults('gemm', {
  note: 'Median ms over 15 interleaved rounds after ≥0.5 s warm-up per variant. GF/s = 2n³/t (gemm, and gram counted as the equivalent gemm), 2n²/t (gemv). raw = kernel on operands already in linear memory; facade = public call incl. validation and copies.',
  loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
  results,
});
console.log(table(rows));
console.log('\ngemm n = 128, raw kernel GF/s by transpose (packing absorbs them):\n');
console.log(table(results.gemmTrans.map((r) => ({ n: String(r.n), ...r.gflops }))));
console.log(`\nwritten: ${file}`);
