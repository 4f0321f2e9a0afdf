// BLAS-1 (dot, axpy, nrm2): wasm kernel alone, facade on resident buffers, facade on plain arrays (copies),
// TS twin, a plain JS loop, ml-matrix 6.15. Run from packages/core-math after a build:
// `node bench/blas.bench.mjs`. Writes bench/results/blas.json.
//
// "raw" times only the kernel on vectors already in linear memory; "facade (Resident)" adds validation and the
// pointer lookup; "facade (Float64Array)" adds the copies in (and out, for axpy) — at level 1 the copies cost as
// much as the arithmetic, which is why hot loops should keep vectors resident.

import { loadavg } from 'node:os';
import { Matrix as MlMatrix } from 'ml-matrix';
import { ctx, init } from '../dist/backend.js';
import { axpy, dot, nrm2, Rng, resident } from '../dist/index.js';
import { compare, table, writeResults } from './harness.mjs';

// Other work on this 2-core VM slows every variant alike (interleaving), but absolute GF/s do move with it:
// the 1-minute load average at start and end is recorded with the results.
const loadAtStart = loadavg()[0];

await init({ backend: 'reference' });
const ref = ctx();
await init({ backend: 'wasm-simd' });
const wasm = ctx();

const rng = new Rng(7);
const randomData = (n) => {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
};
function place(c, arrays) {
  const ptrs = arrays.map((a) => {
    const off = c.heap.alloc(Math.max(8, a.length * 8));
    c.heap.f64(off, a.length).set(a);
    return off;
  });
  return {
    ptrs,
    release: () => {
      for (const p of ptrs) c.heap.release(p);
    },
  };
}

const rows = [];
const results = [];
for (const n of [1000, 100000]) {
  const x = randomData(n);
  const y = randomData(n);
  const rx = resident(x);
  const ry = resident(y);
  const w = place(wasm, [x, y]);
  const r = place(ref, [x, y]);
  const [wx, wy] = w.ptrs;
  const [tx, ty] = r.ptrs;
  const mlx = MlMatrix.rowVector(Array.from(x));
  const mly = MlMatrix.rowVector(Array.from(y));
  // axpy variants add α·x into y repeatedly; α is tiny so y stays bounded and the work is identical each call.
  const alpha = 1e-9;
  const ops = {
    dot: {
      flops: 2 * n,
      variants: {
        'wasm raw': () => wasm.k.dot(n, wx, wy),
        'facade (Resident)': () => dot(rx, ry),
        'facade (Float64Array)': () => dot(x, y),
        'TS twin raw': () => ref.k.dot(n, tx, ty),
        'plain JS loop': () => {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[i] * y[i];
          return s;
        },
        'ml-matrix dot': () => mlx.dot(mly),
      },
    },
    axpy: {
      flops: 2 * n,
      variants: {
        'wasm raw': () => wasm.k.axpy(n, alpha, wx, wy),
        'facade (Resident)': () => axpy(alpha, rx, ry),
        'facade (Float64Array)': () => axpy(alpha, x, y),
        'TS twin raw': () => ref.k.axpy(n, alpha, tx, ty),
        'plain JS loop': () => {
          for (let i = 0; i < n; i++) y[i] += alpha * x[i];
          return y;
        },
        // ml-matrix has no in-place axpy; this is its idiom for y ← αx + y (one temporary).
        'ml-matrix add(mul)': () => mly.add(MlMatrix.mul(mlx, alpha)),
      },
    },
    nrm2: {
      flops: 2 * n,
      variants: {
        'wasm raw': () => wasm.k.nrm2(n, wx),
        'facade (Resident)': () => nrm2(rx),
        'facade (Float64Array)': () => nrm2(x),
        'TS twin raw': () => ref.k.nrm2(n, tx),
        'plain JS loop': () => {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[i] * x[i];
          return Math.sqrt(s); // unscaled: overflows above ~1e154, shown only as a speed baseline
        },
        'ml-matrix norm': () => mlx.norm('frobenius'),
      },
    },
  };
  for (const [op, { flops, variants }] of Object.entries(ops)) {
    const t = compare(variants);
    const names = Object.keys(variants);
    const ml = names[names.length - 1];
    const rec = {
      op,
      n,
      ms: Object.fromEntries(names.map((k) => [k, t[k].medianMs])),
      gflops: Object.fromEntries(names.map((k) => [k, flops / t[k].medianMs / 1e6])),
      speedupRawVsMl: t[ml].medianMs / t['wasm raw'].medianMs,
      speedupRawVsTwin: t['TS twin raw'].medianMs / t['wasm raw'].medianMs,
      speedupRawVsPlainJs: t['plain JS loop'].medianMs / t['wasm raw'].medianMs,
    };
    results.push(rec);
    rows.push({
      op,
      n: String(n),
      'raw µs': t['wasm raw'].medianMs * 1e3,
      'raw GF/s': rec.gflops['wasm raw'],
      'Resident GF/s': rec.gflops['facade (Resident)'],
      'F64Array GF/s': rec.gflops['facade (Float64Array)'],
      'twin GF/s': rec.gflops['TS twin raw'],
      'JS loop GF/s': rec.gflops['plain JS loop'],
      'ml-matrix GF/s': rec.gflops[ml],
      'raw/ml': rec.speedupRawVsMl,
      'raw/twin': rec.speedupRawVsTwin,
      'raw/JS': rec.speedupRawVsPlainJs,
    });
    console.error(`${op} n=${n} done`);
  }
  rx.dispose();
  ry.dispose();
  w.release();
  r.release();
}

const file = writeResults('blas', {
  note: 'Median ms over 15 interleaved rounds after ≥0.5 s warm-up per variant. GF/s counts 2n flops for dot, axpy and nrm2. raw = kernel on vectors already in linear memory.',
  loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
  results,
});
console.log(table(rows));
console.log(`\nwritten: ${file}`);
