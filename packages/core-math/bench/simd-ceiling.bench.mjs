// The machine's f64x2 arithmetic ceiling in wasm: how many f64 flops per second a loop of f64x2.mul + f64x2.add
// reaches when everything it touches sits in registers (or, in the second form, streams from L1 like a GEMM
// micro-kernel). Wasm SIMD (without relaxed SIMD) has no FMA, so one multiply-add is two instructions on two lanes:
// 4 flops. This bounds every f64 kernel of core-math; a packed GEMM can at best approach it.
// Run from packages/core-math: `node bench/simd-ceiling.bench.mjs` (prints only; nothing is written).
//
// Forms (chains = independent accumulators, so the loop is throughput- not latency-bound):
//   chainC   acc_i ← acc_i·m + c, C independent chains, no memory traffic at all;
//   gemmC    acc_i ← acc_i + a_(i mod 4)·b, b loaded from a 4 KiB L1-resident buffer every C/4 multiply-adds
//            (the packed micro-kernel pattern: 4 splatted a's, C/4 b vectors per depth step).
// The kernels are compiled here from AssemblyScript source with the project's own asc, -O3, SIMD on.
import { loadavg } from 'node:os';
import asc from 'assemblyscript/asc';
import { median } from './harness.mjs';

function chainSrc(C) {
  const decl = Array.from({ length: C }, (_, i) => `let a${i} = f64x2.splat(${1 + i * 1e-3});`).join('\n');
  const body = Array.from({ length: C }, (_, i) => `a${i} = f64x2.add(f64x2.mul(a${i}, m), c);`).join('\n');
  const sum = Array.from({ length: C }, (_, i) => `a${i}`).reduce((s, a) => `f64x2.add(${s}, ${a})`);
  return `export function chain${C}(iters: i32, mm: f64, cc: f64): f64 {
  const m = f64x2.splat(mm); const c = f64x2.splat(cc);
  ${decl}
  for (let t = 0; t < iters; t++) { ${body} }
  const s = ${sum};
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}`;
}

function gemmSrc(C) {
  // C accumulators = 4 rows × (C/4) b vectors per depth step; one depth step reads C/4 vectors and 4 scalars.
  const nb = C / 4;
  const decl = Array.from({ length: C }, (_, i) => `let c${i} = f64x2.splat(0.0);`).join('\n');
  const loads = Array.from({ length: nb }, (_, j) => `const b${j} = v128.load(p, ${16 * j});`).join('\n');
  const rows = Array.from({ length: 4 }, (_, r) => {
    const fm = Array.from(
      { length: nb },
      (_, j) => `c${r * nb + j} = f64x2.add(c${r * nb + j}, f64x2.mul(a, b${j}));`,
    );
    return `a = v128.load64_splat(q, ${8 * r});\n${fm.join('\n')}`;
  }).join('\n');
  const sum = Array.from({ length: C }, (_, i) => `c${i}`).reduce((s, a) => `f64x2.add(${s}, ${a})`);
  return `export function gemm${C}(iters: i32, buf: usize): f64 {
  ${decl}
  const stepB: usize = ${16 * nb};
  const end: usize = buf + 4096;
  let p = buf; let q = buf + 2048;
  for (let t = 0; t < iters; t++) {
    ${loads}
    let a: v128;
    ${rows}
    p += stepB; q += 32;
    if (p + stepB > buf + 2048) { p = buf; q = buf + 2048; }
  }
  const s = ${sum};
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}`;
}

const CHAINS = [4, 8, 12];
const GEMMS = [8, 12];
const src = [
  ...CHAINS.map(chainSrc),
  ...GEMMS.map(gemmSrc),
  'export function heap(): usize { return (__heap_base + 15) & ~15; }',
].join('\n');
const { binary, error, stderr } = await asc.compileString(src, {
  optimizeLevel: 3,
  shrinkLevel: 0,
  runtime: 'stub',
  enable: ['simd'],
  noAssert: true,
  initialMemory: 1,
});
if (error) throw new Error(`${error.message}\n${stderr.toString()}`);
const { instance } = await WebAssembly.instantiate(binary, { env: { abort: () => {} } });
const ex = instance.exports;
const buf = ex.heap();
const mem = new Float64Array(ex.memory.buffer, buf, 512);
for (let i = 0; i < 512; i++) mem[i] = 1 + (i % 7) * 1e-3;

// Multiply-adds per iteration: chainC does C (one per accumulator), gemmC does C.
const variants = {
  ...Object.fromEntries(
    CHAINS.map((C) => [`chain${C}`, { fma: C, run: (it) => ex[`chain${C}`](it, 0.999999, 1e-9) }]),
  ),
  ...Object.fromEntries(GEMMS.map((C) => [`gemm${C}`, { fma: C, run: (it) => ex[`gemm${C}`](it, buf) }])),
};
const ITERS = 2_000_000;
const loadBefore = loadavg()[0];
// Warm-up ≥ 0.5 s per variant (tier-up), then interleaved rounds; the median round per variant.
for (const v of Object.values(variants)) {
  const t0 = performance.now();
  while (performance.now() - t0 < 500) v.run(ITERS);
}
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < 15; r++)
  for (const [k, v] of Object.entries(variants)) {
    const t0 = performance.now();
    v.run(ITERS);
    times[k].push(performance.now() - t0);
  }
console.log(`load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadavg()[0].toFixed(2)}`);
console.log(
  '| form | multiply-adds/iter | median ms | GFLOP/s (4 flops per f64x2 mul+add) | best-round GFLOP/s |',
);
console.log('|---|---:|---:|---:|---:|');
for (const [k, v] of Object.entries(variants)) {
  const flops = 4 * v.fma * ITERS;
  const med = median(times[k]);
  const best = Math.min(...times[k]);
  console.log(
    `| ${k} | ${v.fma} | ${med.toFixed(2)} | ${(flops / med / 1e6).toFixed(2)} | ${(flops / best / 1e6).toFixed(2)} |`,
  );
}
