import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The BUILT bin (tests run after `turbo run build`). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (npx pnpm@10.34.9 build).`);

/** Runs the bin synchronously. */
export function cli(args: readonly string[], opts: { cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
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
