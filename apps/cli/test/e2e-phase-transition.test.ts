import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, HEADER_KEYS, tmp } from './helpers.js';

const ARGS = [
  'phase-transition',
  '--d',
  '5',
  '--n',
  '10,20',
  '--k',
  '1:4',
  '--trials',
  '2',
  '--max-iters',
  '1500',
  '--quiet',
];

describe('phase-transition', () => {
  it('prints exactly one JSON document with the contract fields', () => {
    const r = cliJson(ARGS);
    for (const k of HEADER_KEYS) expect(r).toHaveProperty(k);
    expect(r.command).toBe('phase-transition');
    expect(r.params).toMatchObject({
      d: [5],
      n: [10, 20],
      k: [1, 2, 3, 4],
      trials: 2,
      activation: 'softplus',
      maxIters: 1500,
      tol: 1e-3,
      step: null,
    });
    expect(r.seed).toBe(1);
    expect(r.backend).toBe('wasm-simd'); // the default backend in Node, which has wasm SIMD
    const cells = r.cells as {
      n: number;
      k: number;
      d: number;
      kd: number;
      trials: number;
      successes: number;
      medianIters: number | null;
    }[];
    // One cell per (n, k) of the grid, n-major, with kd = k·d.
    expect(cells.map((c) => [c.n, c.k, c.kd])).toEqual(
      [10, 20].flatMap((n) => [1, 2, 3, 4].map((k) => [n, k, 5 * k])),
    );
    for (const c of cells) {
      expect(c).toMatchObject({ d: 5, trials: 2 });
      expect(Number.isInteger(c.successes) && c.successes >= 0 && c.successes <= 2).toBe(true);
      // A median of the successful runs' iteration counts: none without a success, within the budget otherwise.
      if (c.successes === 0) expect(c.medianIters).toBeNull();
      else expect(c.medianIters! > 0 && c.medianIters! <= 1500).toBe(true);
      // spec §3.3 [derived, exact]: below n = kd generic labels cannot be interpolated.
      if (c.k * c.d < c.n) expect(c.successes).toBe(0);
    }
  });

  it('gives the same cells for --workers 1 and --workers 2', () => {
    const a = cliJson([...ARGS, '--workers', '1']);
    const b = cliJson([...ARGS, '--workers', '2']);
    expect(b.cells).toEqual(a.cells);
    expect(b.params).toEqual(a.params);
    expect((a.execution as { workers: number }).workers).toBe(1);
  });

  it('writes result.json, a CSV and a heat map with the n = kd line to --out; the table goes to stdout', () => {
    const dir = tmp();
    const r = cli([...ARGS, '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/median iters/);
    for (const f of ['result.json', 'cells.csv', 'phase-transition.svg', 'tasks.jsonl'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const svg = readFileSync(join(dir, 'phase-transition.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns/);
    expect(svg).toContain('n = kd');
    const csv = readFileSync(join(dir, 'cells.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('n,k,d,kd,trials,successes,rate,medianIters,medianResidual');
    expect(csv).toHaveLength(9);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).cells).toHaveLength(8);
  });

  it('reports λ(X) per n with --covariance', () => {
    const r = cli([...ARGS, '--covariance', '--activation', 'relu', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const cov = JSON.parse(r.stdout).covariance as { n: number; lambda: number; method: string }[];
    expect(cov.map((c) => c.n)).toEqual([10, 20]);
    // Unit-norm, pairwise non-parallel inputs: Σ(X) is positive definite for ReLU (spec §3.5 claim 3).
    for (const c of cov) {
      expect(c.lambda).toBeGreaterThan(0);
      expect(c.method).toBe('closed-form');
    }
  });
});
