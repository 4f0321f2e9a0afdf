// Symmetric eigendecomposition and Cholesky: core-math wasm-simd vs its TS twin (reference backend) vs ml-matrix 6.15
// (EigenvalueDecomposition with assumeSymmetric: true; CholeskyDecomposition).
// Run from packages/core-math after a build: `node bench/eigen.bench.mjs`. Writes bench/results/eigen.json.
//
// "facade" times the public call (validation, symmetry check, copies in and out). "raw" times the kernel on operands
// already in linear memory plus the copy of A into its buffer (the kernels overwrite A, so every call needs a fresh
// copy). The TS twin runs raw on its own memory: switching the active backend is async, so its facade cannot be
// interleaved by the synchronous harness; its copies would cost the same as wasm's. Variants of one size are
// interleaved (harness.compare); ratios are computed from the medians. ml-matrix always computes eigenvectors.
import { loadavg } from 'node:os';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { ctx, init } from '../dist/backend.js';
import { cholesky, Rng, symEigen } from '../dist/index.js';
import { compare, table, writeResults } from './harness.mjs';

const loadBefore = loadavg();
await init({ backend: 'reference' });
const ref = ctx();
await init({ backend: 'wasm-simd' });
const wasm = ctx();

function randSym(n, seed) {
  const r = new Rng(seed);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = r.normal();
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  return { rows: n, cols: n, data };
}

/** GGᵀ + n·I: symmetric positive definite. */
function randSpd(n, seed) {
  const r = new Rng(seed);
  const g = r.fillNormal(new Float64Array(n * n));
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
      data[i * n + j] = s;
      data[j * n + i] = s;
    }
  return { rows: n, cols: n, data };
}

function toMl(A) {
  const m = new MlMatrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) m.set(i, j, A.data[i * A.cols + j]);
  return m;
}

/** Buffers for the raw symEig kernel in context c: A's copy, w, work. */
function rawEig(c, A, want) {
  const n = A.rows;
  const pa = c.heap.alloc(Math.max(16, n * n * 8));
  const pw = c.heap.alloc(Math.max(16, n * 8));
  const pk = c.heap.alloc(Math.max(16, c.k.symEigWorkSize(n, want)));
  return {
    run() {
      c.heap.f64(pa, n * n).set(A.data);
      return c.k.symEig(n, pa, pw, want, pk) === 0;
    },
    values: () => c.heap.f64(pw, n).slice(),
    release() {
      for (const p of [pa, pw, pk]) c.heap.release(p);
    },
  };
}

function rawChol(c, A) {
  const n = A.rows;
  const pa = c.heap.alloc(Math.max(16, n * n * 8));
  return {
    run() {
      c.heap.f64(pa, n * n).set(A.data);
      return c.k.cholesky(n, pa) === 0;
    },
    release: () => c.heap.release(pa),
  };
}

const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

const rows = [];
const results = [];

function report(kase, n, res, extra = {}) {
  const f = res['wasm facade']?.medianMs;
  const raw = res['wasm raw']?.medianMs;
  const r = res['reference raw']?.medianMs;
  const m = res['ml-matrix']?.medianMs;
  const row = {
    case: kase,
    n,
    'wasm facade ms': f ?? '–',
    'wasm raw ms': raw ?? '–',
    'TS twin raw ms': r ?? '–',
    'ml-matrix ms': m ?? '–',
    'ml-matrix / wasm facade': m !== undefined && f !== undefined ? m / f : '–',
    'TS twin / wasm raw': r !== undefined && raw !== undefined ? r / raw : '–',
  };
  rows.push(row);
  results.push({ case: kase, n, ...extra, medians: res });
  console.error(JSON.stringify(row));
}

// Fewer rounds for the sizes where one ml-matrix call takes seconds (medians of 3–5 interleaved rounds).
const ROUNDS = { 100: 15, 500: 5, 1000: 3 };

// ---- eigendecomposition with vectors
for (const n of [100, 500, 1000]) {
  const A = randSym(n, 7 + n);
  const mlA = toMl(A);
  const rw = rawEig(wasm, A, 1);
  const rr = rawEig(ref, A, 1);
  const res = compare(
    {
      'wasm facade': () => symEigen(A).converged,
      'wasm raw': () => rw.run(),
      'reference raw': () => rr.run(),
      'ml-matrix': () => new EigenvalueDecomposition(mlA, { assumeSymmetric: true }).realEigenvalues.length,
    },
    { rounds: ROUNDS[n], warmupMs: 500, minRoundMs: 0 },
  );
  // Sanity: the three agree on the spectrum (Weyl: within O(nε‖A‖)).
  const ours = symEigen(A).values;
  const ml = Float64Array.from(
    new EigenvalueDecomposition(mlA, { assumeSymmetric: true }).realEigenvalues,
  ).sort();
  const twin = rr.values();
  report('eig + vectors', n, res, {
    maxAbsDiffVsMlMatrix: maxDiff(ours, ml),
    maxAbsDiffVsTwin: maxDiff(ours, twin),
  });
  rw.release();
  rr.release();
}

// ---- eigenvalues only (ml-matrix has no values-only path; its full decomposition is listed for reference)
for (const n of [100, 500, 1000]) {
  const A = randSym(n, 7 + n);
  const rw = rawEig(wasm, A, 0);
  const rr = rawEig(ref, A, 0);
  const res = compare(
    {
      'wasm facade': () => symEigen(A, { vectors: false }).converged,
      'wasm raw': () => rw.run(),
      'reference raw': () => rr.run(),
    },
    { rounds: ROUNDS[n] * 2, warmupMs: 500, minRoundMs: 0 },
  );
  report('eig values only', n, res);
  rw.release();
  rr.release();
}

// ---- n = 2000, wasm only: shows the size is handled (two calls, median of 2 = mean)
{
  const n = 2000;
  const A = randSym(n, 2000);
  const t = [];
  let ok = true;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    ok = symEigen(A).converged && ok;
    t.push(performance.now() - t0);
  }
  const medianMs = (t[0] + t[1]) / 2;
  rows.push({
    case: 'eig + vectors',
    n,
    'wasm facade ms': medianMs,
    'wasm raw ms': '–',
    'TS twin raw ms': '–',
    'ml-matrix ms': '–',
    'ml-matrix / wasm facade': '–',
    'TS twin / wasm raw': '–',
  });
  results.push({
    case: 'eig + vectors',
    n,
    converged: ok,
    medians: { 'wasm facade': { medianMs, samples: 2 } },
  });
  console.error(JSON.stringify({ n, ms: t, converged: ok }));
}

// ---- Cholesky, n = 500
{
  const n = 500;
  const A = randSpd(n, 5);
  const mlA = toMl(A);
  const cw = rawChol(wasm, A);
  const cr = rawChol(ref, A);
  const res = compare(
    {
      'wasm facade': () => cholesky(A).ok,
      'wasm raw': () => cw.run(),
      'reference raw': () => cr.run(),
      'ml-matrix': () => new CholeskyDecomposition(mlA).isPositiveDefinite(),
    },
    { rounds: 9, warmupMs: 500, minRoundMs: 20 },
  );
  report('cholesky', n, res);
  cw.release();
  cr.release();
}

console.log(table(rows));
const file = writeResults('eigen', {
  note:
    'Median ms per call; variants interleaved (harness.compare). "wasm facade" = public call with validation and ' +
    'copies; "raw" = kernel + copy of A into linear memory (kernels overwrite A). ml-matrix 6.15.1 ' +
    'EigenvalueDecomposition(assumeSymmetric) always computes vectors. Random symmetric matrices with N(0,1) entries.',
  // 1-minute load averages before and after (2-core VM shared with other jobs: > 1 means contention).
  loadavg: { before: loadBefore, after: loadavg() },
  rows,
  results,
});
console.error(`wrote ${file}`);
