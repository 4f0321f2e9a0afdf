// Runs every bench/*.bench.mjs of @landscape-lab/trainers in turn, each in its own process (no JIT state shared),
// with the package root as working directory (results go to bench/results/). `node bench/run.mjs shallow` runs only
// the files whose name contains "shallow". The benches import the BUILT packages: build core-math and trainers first.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = new URL('.', import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
for (const f of files) {
  console.log(`\n## ${f}`);
  execFileSync(process.execPath, [fileURLToPath(new URL(f, here))], { stdio: 'inherit', cwd: root });
}
