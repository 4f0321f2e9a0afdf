// Runs every bench/*.bench.mjs of this package in turn, each in its own process (no JIT state leaks between files).
// `node bench/run.mjs lanczos` runs only the files whose name contains "lanczos". Run from the package directory
// (results go to bench/results/) after building core-math, trainers and this package.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv[2] ?? '';
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
for (const f of files) {
  console.log(`\n## ${f}`);
  execFileSync(process.execPath, [new URL(f, import.meta.url).pathname], { stdio: 'inherit' });
}
