import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliSpawn, tmp } from './helpers.js';

// A sweep long enough (~100 tasks on one worker) that it can be killed part-way.
const SWEEP = [
  'phase-transition',
  '--d',
  '6',
  '--n',
  '12,24,36',
  '--k',
  '2:8:2',
  '--trials',
  '8',
  '--max-iters',
  '3000',
  '--quiet',
  '--workers',
  '1',
];

function recorded(dir: string): number {
  try {
    return readFileSync(join(dir, 'tasks.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"id"')).length;
  } catch {
    return 0;
  }
}

describe('resumable sweeps', () => {
  it('SIGKILL part-way, rerun with the same --out: same result as an uninterrupted run', async () => {
    const full = cli([...SWEEP, '--json']);
    expect(full.status, full.stderr).toBe(0);
    const expected = JSON.parse(full.stdout);
    const total = expected.execution.tasks as number;

    const dir = tmp();
    const child = cliSpawn([...SWEEP, '--out', dir]);
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    // Poll the durable log (no timing assumptions): kill as soon as a few tasks are recorded.
    while (recorded(dir) < 5) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const before = recorded(dir);
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(total);

    const resumed = cli([...SWEEP, '--out', dir, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const got = JSON.parse(resumed.stdout);
    expect(got.execution.resumedTasks).toBe(before);
    expect(got.cells).toEqual(expected.cells);
    expect(got.params).toEqual(expected.params);
    expect(recorded(dir)).toBe(total);

    // A third run finds everything done and runs nothing.
    const again = cli([...SWEEP, '--out', dir, '--json']);
    expect(JSON.parse(again.stdout).execution.resumedTasks).toBe(total);
    expect(JSON.parse(again.stdout).cells).toEqual(expected.cells);
  });
});
