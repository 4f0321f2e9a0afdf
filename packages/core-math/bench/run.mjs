// Runs every bench/*.bench.mjs of this package in turn (each in its own process, so JIT state does not leak).
// `node bench/run.mjs gemm` runs only the files whose name contains "gemm".
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
