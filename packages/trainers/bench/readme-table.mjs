// Regenerates the benchmark tables of README.md (between the bench-table markers) from bench/results/*.json.
// Run from the package root after `node bench/run.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const sg = JSON.parse(readFileSync('bench/results/shallow-gd.json'));
const ts = JSON.parse(readFileSync('bench/results/teacher-student.json'));
const f = (x, p = 3) => (x >= 100 ? x.toFixed(0) : x.toPrecision(p));
let out = `Shallow net, full-batch GD, µs per step (${sg.environment.date.slice(0, 10)}, ${sg.environment.cpu}, ${sg.environment.cores} cores, Node ${sg.environment.node}):\n\n`;
out +=
  '| activation | n, d, k | wasm session | reference session | ref / wasm | wasm GFLOP/s | wasm via `Objective.grad` |\n|---|---|---:|---:|---:|---:|---:|\n';
for (const r of sg.rows)
  out += `| ${r.activation} | ${r.n}, ${r.d}, ${r.k} | ${f(r['wasm µs/step'])} | ${f(r['ref µs/step'])} | ${f(r['ref/wasm'])} | ${f(r['wasm GFLOP/s'])} | ${f(r['objective µs/step'])} |\n`;
out += `\nTeacher–student population loss (identity teacher, k = n = d), µs per gradient and per GD step:\n\n`;
out +=
  '| k = n = d | gradient wasm | gradient reference | ref / wasm | `Objective.grad` (wasm) | GD step wasm | GD step reference | ref / wasm |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n';
for (const r of ts.gradient)
  out += `| ${r.k} | ${f(r['grad wasm µs'])} | ${f(r['grad ref µs'])} | ${f(r['grad ref/wasm'])} | ${f(r['objective µs'])} | ${f(r['GD step wasm µs'])} | ${f(r['GD step ref µs'])} | ${f(r['GD ref/wasm'])} |\n`;
out += `\nTeacher–student Hessian (nd × nd), ms per call, and one Hessian-vector product without the Hessian:\n\n`;
out +=
  '| k = n = d | Hessian wasm | Hessian reference | ref / wasm | hvp wasm |\n|---:|---:|---:|---:|---:|\n';
for (const r of ts.hessian)
  out += `| ${r['k=n=d']} | ${f(r['hessian wasm ms'])} | ${f(r['hessian ref ms'])} | ${f(r['ref/wasm'])} | ${f(r['hvp wasm ms'])} |\n`;

// Side by side with single-threaded numpy (bench/numpy-peer.bench.mjs), when that result exists.
let np = null;
try {
  np = JSON.parse(readFileSync('bench/results/numpy-peer.json'));
} catch {}
if (np?.skipped) out += `\nnumpy peer: ${np.skipped}\n`;
else if (np) {
  const g = (x) => (x === null ? '—' : f(x));
  out += `\nSide by side with plain single-threaded numpy ${np.numpy} (bench/peers/numpy_peer.py), interleaved rounds, medians (${np.environment.date.slice(0, 10)}, load average ${np.loadAverageBefore.toFixed(1)} → ${np.loadAverageAfter.toFixed(1)} on ${np.environment.cores} cores):\n\n`;
  out +=
    '| GD step | n, d, k | wasm µs | numpy µs | numpy / wasm | wasm GFLOP/s |\n|---|---|---:|---:|---:|---:|\n';
  for (const r of np.shallow)
    out += `| ${r.activation} | ${r.n}, ${r.d}, ${r.k} | ${g(r['wasm µs/step'])} | ${g(r['numpy µs/step'])} | ${g(r['numpy/wasm'])} | ${g(r['wasm GFLOP/s'])} |\n`;
  out +=
    '\n| teacher–student loss + gradient, k = n = d | wasm µs | numpy µs | numpy / wasm |\n|---:|---:|---:|---:|\n';
  for (const r of np.tsgrad)
    out += `| ${r.k} | ${g(r['wasm µs'])} | ${g(r['numpy µs'])} | ${g(r['numpy/wasm'])} |\n`;
  out +=
    '\n| SS18 census GD runs, k = n = d | runs | wasm ms/run (one worker) | numpy ms/run (batched over runs) | numpy / wasm | spurious |\n|---:|---:|---:|---:|---:|---:|\n';
  for (const r of np.census)
    out += `| ${r.k} | ${r.runs} | ${g(r['wasm ms/run'])} | ${g(r['numpy ms/run'])} | ${g(r['numpy/wasm'])} | ${r.spurious} |\n`;
}

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- bench-table:start -->';
const end = '<!-- bench-table:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error('README.md lacks the bench-table markers');
writeFileSync('README.md', `${readme.slice(0, i + start.length)}\n${out}${readme.slice(j)}`);
console.log('README.md tables updated');
