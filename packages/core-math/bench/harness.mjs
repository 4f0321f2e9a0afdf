// Benchmark harness shared by core-math benches (and copied by no one: other packages import it by path).
// Variants are run interleaved (A B C A B C …) after a warm-up of at least 0.5 s each, so a slow phase of the VM
// hits every variant alike; we report medians and ratios, never a single absolute time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * @param {Record<string, () => unknown>} variants name → function doing one unit of work
 * @param {{ warmupMs?: number, rounds?: number, minRoundMs?: number }} [opts]
 * @returns {Record<string, { medianMs: number, samples: number }>}
 */
export function compare(variants, opts = {}) {
  const warmupMs = opts.warmupMs ?? 500;
  const rounds = opts.rounds ?? 15;
  const minRoundMs = opts.minRoundMs ?? 20;
  const names = Object.keys(variants);
  const reps = {};
  let sink = 0;
  for (const name of names) {
    const f = variants[name];
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < warmupMs) {
      sink += Number(Boolean(f()));
      n++;
    }
    const per = (performance.now() - t0) / n;
    reps[name] = Math.max(1, Math.ceil(minRoundMs / Math.max(per, 1e-6)));
  }
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const f = variants[name];
      const k = reps[name];
      const t0 = performance.now();
      for (let i = 0; i < k; i++) sink += Number(Boolean(f()));
      times[name].push((performance.now() - t0) / k);
    }
  }
  globalThis.__benchSink = sink;
  return Object.fromEntries(names.map((n) => [n, { medianMs: median(times[n]), samples: rounds }]));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Machine facts recorded with every result file. */
export function environment() {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    date: new Date().toISOString(),
  };
}

/** Writes `bench/results/<name>.json` (relative to the calling package's cwd). */
export function writeResults(name, payload) {
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${name}.json`;
  writeFileSync(file, `${JSON.stringify({ environment: environment(), ...payload }, null, 2)}\n`);
  return file;
}

/** Prints a markdown table: rows of objects with the same keys. */
export function table(rows) {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]);
  const fmt = (v) =>
    typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v);
  const lines = [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${keys.map((k) => fmt(r[k])).join(' | ')} |`);
  return lines.join('\n');
}
