import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The BUILT bin (tests run after `turbo run build`). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (npx pnpm@10.34.9 build).`);

/** Runs the bin synchronously. */
export function cli(
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: opts.env,
    timeout: 120_000,
    maxBuffer: 1 << 30,
  });
}

/** Runs the bin with --json and parses stdout (which must be exactly one JSON document). */
export function cliJson(args: readonly string[]): Record<string, unknown> & { stderr: string } {
  const r = cli([...args, '--json']);
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as Record<string, unknown>), stderr: r.stderr };
}

/** Starts the bin asynchronously (for kill tests). */
export function cliSpawn(args: readonly string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh temporary directory. */
export function tmp(prefix = 'll-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Keys every JSON result must carry (the contract of the issue). */
export const HEADER_KEYS = ['command', 'params', 'seed', 'backend', 'versions', 'wallTimeMs'] as const;

/** A small census: 3 k × 2 n × 6 runs = 36 tasks. */
export const SWEEP = ['spurious-minima', '--k', '4:6', '--extra', '0,1', '--runs', '6', '--quiet'];

/** Every output file of a finished run, with result.json's run-dependent fields (wall time, execution) removed. */
export function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    if (f === 'tasks.jsonl' || f === 'shards' || f === 'logs' || f === 'job.sbatch') continue;
    const text = readFileSync(join(dir, f), 'utf8');
    if (f === 'result.json') {
      const r = JSON.parse(text);
      expect(r.wallTimeMs).toBeTypeOf('number');
      delete r.wallTimeMs;
      delete r.execution;
      files[f] = JSON.stringify(r, null, 2);
    } else files[f] = text;
  }
  return files;
}

/** The unsharded reference: one worker, all tasks in one process. */
export function unsharded(args: readonly string[]): Record<string, string> {
  const dir = tmp();
  const r = cli([...args, '--workers', '1', '--out', dir]);
  expect(r.status, r.stderr).toBe(0);
  return outputs(dir);
}
