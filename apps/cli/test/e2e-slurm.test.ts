/**
 * Sharded sweeps on a real Slurm cluster: `submit` → array job → `merge`, compared byte for byte with the unsharded
 * run. CI starts a one-node cluster first (.ci/slurm-up.sh). Skipped, with the reason printed, only where `sbatch`
 * is not installed; a cluster that is installed but not up is a failure.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, outputs, SWEEP, tmp, unsharded } from './helpers.js';

const HAVE_SBATCH = spawnSync('sbatch', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_SBATCH)
  console.warn(
    'e2e-slurm: SKIPPED — sbatch is not installed (CI installs and starts a one-node Slurm with .ci/slurm-up.sh).',
  );

function sh(cmd: string, args: readonly string[]) {
  return spawnSync(cmd, args, { encoding: 'utf8' });
}

/** Waits until no task of the job is pending or running (squeue forgets finished jobs, or lists nothing). */
async function waitForJob(jobId: string, timeoutMs = 240_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const q = sh('squeue', ['-h', '-r', '-j', jobId, '-o', '%i %T']);
    if (q.status !== 0 || q.stdout.trim() === '') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Slurm job ${jobId} did not finish within ${timeoutMs / 1000} s: ${sh('squeue', []).stdout}`,
  );
}

function submit(args: readonly string[], dir: string, shards: number): string {
  const r = cli(['submit', ...args, '--shards', String(shards), '--out', dir, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { jobId: string; shards: number; script: string; merge: string };
  expect(out.jobId).toMatch(/^\d+$/);
  expect(out.script).toBe(join(dir, 'job.sbatch'));
  return out.jobId;
}

function records(dir: string, shard: number): number {
  try {
    return readFileSync(join(dir, 'shards', String(shard), 'tasks.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"id"')).length;
  } catch {
    return 0;
  }
}

describe.skipIf(!HAVE_SBATCH)('Slurm array jobs (real one-node cluster)', () => {
  it('the cluster is up', () => {
    const s = sh('sinfo', ['-h', '-o', '%t']);
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout, 'no Slurm node is idle/mixed/allocated: start it with .ci/slurm-up.sh').toMatch(
      /idle|mix|alloc/,
    );
  });

  it('submit a 4-shard array, wait, merge: byte-identical to the unsharded --workers 1 run', async () => {
    const reference = unsharded(SWEEP);
    const dir = tmp('ll-slurm-');
    const jobId = submit(SWEEP, dir, 4);
    await waitForJob(jobId);
    for (let i = 0; i < 4; i++) expect(records(dir, i), `shard ${i}`).toBe(9);
    const m = cli(['merge', dir]);
    expect(m.status, m.stderr).toBe(0);
    expect(outputs(dir)).toEqual(reference);
  }, 300_000);

  it('scancel one shard mid-run: merge names its tasks and the sbatch line; rerunning only it merges identically', async () => {
    // 120 tasks of ~0.1 s: each shard runs a few seconds, long enough to be cancelled part-way.
    const sweep = ['spurious-minima', '--k', '9,10', '--runs', '60', '--quiet'];
    const share = 30;
    const dir = tmp('ll-slurm-');
    const jobId = submit(sweep, dir, 4);
    const end = Date.now() + 240_000;
    while (records(dir, 2) < 2) {
      if (Date.now() > end) throw new Error('shard 2 never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const cancel = sh('scancel', [`${jobId}_2`]);
    expect(cancel.status, cancel.stderr).toBe(0);
    await waitForJob(jobId);
    const kept = records(dir, 2);
    expect(kept, 'shard 2 finished before scancel reached it').toBeLessThan(share);
    for (const i of [0, 1, 3]) expect(records(dir, i), `shard ${i}`).toBe(share);

    const m = cli(['merge', dir]);
    expect(m.status).toBe(1);
    const line = m.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain(`${share - kept} of 120 tasks are missing, in shards 2 of 4:`);
    const script = join(dir, 'job.sbatch');
    expect(line.endsWith(`Rerun those shards with: sbatch --array=2 ${script}`)).toBe(true);
    expect(line.includes('result.json')).toBe(false);

    const rerun = sh('sbatch', ['--parsable', '--array=2', script]);
    expect(rerun.status, rerun.stderr).toBe(0);
    const rerunId = rerun.stdout.trim().split(';')[0]!;
    await waitForJob(rerunId);
    expect(records(dir, 2)).toBe(share);
    // The rerun resumed from the durable log instead of starting over.
    const log = readFileSync(join(dir, 'logs', `ll-spurious-minima-${rerunId}_2.out`), 'utf8');
    expect(log).toContain(`shard 2/4 of spurious-minima: ${share} of 120 tasks done (${kept} resumed)`);

    const merged = cli(['merge', dir]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(outputs(dir)).toEqual(unsharded(sweep));
  }, 300_000);
});
