import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, outputs, SWEEP, tmp, unsharded } from './helpers.js';

function runShards(dir: string, count: number, only?: readonly number[]): void {
  for (let i = 0; i < count; i++) {
    if (only && !only.includes(i)) continue;
    const r = cli([...SWEEP, '--shard', `${i}/${count}`, '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`shard ${i}/${count} of spurious-minima`);
  }
}

describe('sharded sweeps on one machine (--shard + merge)', () => {
  const reference = unsharded(SWEEP);

  it('4 shards merged give byte-identical files to the unsharded run', () => {
    expect(Object.keys(reference)).toEqual([
      'families.csv',
      'result.json',
      'rows.csv',
      'spurious-minima.svg',
    ]);
    const dir = tmp();
    runShards(dir, 4);
    const m = cli(['merge', dir]);
    expect(m.status, m.stderr).toBe(0);
    expect(outputs(dir)).toEqual(reference);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.execution).toEqual({ workers: 0, tasks: 36, resumedTasks: 36, shards: 4 });
    // Each shard holds exactly its round-robin share.
    for (let i = 0; i < 4; i++) {
      const lines = readFileSync(join(dir, 'shards', String(i), 'tasks.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(JSON.parse(lines[0]!).header.shard).toEqual({ index: i, count: 4 });
      expect(lines.length - 1).toBe(9);
    }
  });

  it('a missing shard: exit 1, the missing ids and the command that reruns only it; nothing written; rerun + merge', () => {
    const dir = tmp();
    runShards(dir, 3, [0, 2]);
    const m = cli(['merge', dir]);
    expect(m.status).toBe(1);
    const line = m.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^landscape-lab merge: 12 of 36 tasks are missing, in shards 1 of 3: k=4,n=4,d=4,run=1; /,
    );
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    // The hint is a runnable command line for shard 1 alone.
    const hint = line.slice(line.indexOf('Rerun those shards with: ') + 'Rerun those shards with: '.length);
    const argv = hint.split(' ').slice(2); // drop `node bin.js`
    expect(argv.slice(-4)).toEqual(['--out', dir, '--shard', '1/3']);
    const rerun = cli(argv);
    expect(rerun.status, rerun.stderr).toBe(0);
    const again = cli(['merge', dir]);
    expect(again.status, again.stderr).toBe(0);
    expect(outputs(dir)).toEqual(reference);
  });

  it('a task recorded twice: identical copies merge, different ones exit 1 naming the task', () => {
    const dir = tmp();
    runShards(dir, 2);
    const log = join(dir, 'shards', '1', 'tasks.jsonl');
    const records = readFileSync(log, 'utf8').trim().split('\n');
    appendFileSync(log, `${records[1]}\n`);
    const ok = cli(['merge', dir]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(outputs(dir)).toEqual(reference);

    const rec = JSON.parse(records[1]!);
    appendFileSync(log, `${JSON.stringify({ id: rec.id, value: { ...rec.value, loss: 123 } })}\n`);
    const bad = cli(['merge', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `landscape-lab merge: task "${rec.id}" is recorded twice with different results (first in shards/1, again in shards/1); delete the wrong record or rerun that shard into an empty directory.`,
    );
  });

  it('merging shards of two different sweeps exits 2 with one line and writes nothing', () => {
    const a = tmp();
    const b = tmp();
    runShards(a, 2, [0]);
    const r = cli(['spurious-minima', '--k', '4', '--runs', '4', '--quiet', '--shard', '1/2', '--out', b]);
    expect(r.status, r.stderr).toBe(0);
    cpSync(join(b, 'shards', '1'), join(a, 'shards', '1'), { recursive: true });
    const m = cli(['merge', a]);
    expect(m.status).toBe(2);
    expect(m.stderr.trim()).toMatch(
      /^landscape-lab merge: invalid argument\. DIR must hold shards of one sweep, but shards\/0 is spurious-minima \(parameters hash [0-9a-f]{16}, seed 1, 2 shards\) and shards\/1 is spurious-minima \(parameters hash [0-9a-f]{16}, seed 1, 2 shards\)\. Value: ".*"\.$/,
    );
    expect(readdirSync(a)).toEqual(['shards']);
  });

  it('bad --shard values and a missing --out exit 2 with one line and create nothing', () => {
    const parent = tmp();
    for (const [shard, out] of [
      ['5/4', join(parent, 'a')],
      ['x', join(parent, 'b')],
      ['4/4', join(parent, 'c')],
    ] as const) {
      const r = cli([...SWEEP, '--shard', shard, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        `landscape-lab spurious-minima: invalid argument. --shard must be i/N with integers 0 ≤ i < N ≤ 100000 (e.g. 2/4, or "$SLURM_ARRAY_TASK_ID/4" expanded by the shell), or slurm. Value: "${shard}".`,
      );
    }
    const noOut = cli([...SWEEP, '--shard', '1/4']);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr.trim()).toBe(
      "landscape-lab spurious-minima: invalid argument. --out must be given with --shard (the shard's results go to <out>/shards/1). Value: (none).",
    );
    expect(readdirSync(parent)).toEqual([]);
    const notDir = cli(['merge', join(parent, 'none')]);
    expect(notDir.status).toBe(2);
    expect(notDir.stderr.trim()).toBe(
      `landscape-lab merge: invalid argument. DIR must be a directory written by --shard runs (holding shards/<i>/tasks.jsonl). Value: "${join(parent, 'none')}".`,
    );
  });

  it('a shard directory reused with another N is refused (exit 2) and left unchanged', () => {
    const dir = tmp();
    runShards(dir, 2, [1]);
    const log = join(dir, 'shards', '1', 'tasks.jsonl');
    const before = readFileSync(log, 'utf8');
    const r = cli([...SWEEP, '--shard', '1/3', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shard 1/2');
    expect(readFileSync(log, 'utf8')).toBe(before);
  });
});

describe('submit (without a cluster)', () => {
  it('--dry-run writes an executable array script that runs the forwarded study options, and submits nothing', () => {
    const dir = tmp();
    const r = cli([
      'submit',
      ...SWEEP,
      '--shards',
      '4',
      '--time',
      '10',
      '--cpus-per-task',
      '2',
      '--out',
      dir,
      '--dry-run',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, 'job.sbatch')} (not submitted)`);
    expect(r.stdout).toMatch(/when it ends: {2}\S+ \S+ merge /);
    const script = readFileSync(join(dir, 'job.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --array=0-3');
    expect(script).toContain('#SBATCH --time=10');
    expect(script).toMatch(
      /\nexec \S+ \S+ spurious-minima --k 4:6 --extra 0,1 --runs 6 --out \S+ --workers 2 --quiet --shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"\n$/,
    );
    // The script runs as array task 3 would (Slurm only adds the environment variable).
    const task = spawnSync('bash', [join(dir, 'job.sbatch')], {
      encoding: 'utf8',
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '3' },
    });
    expect(task.status, task.stderr).toBe(0);
    const log = readFileSync(join(dir, 'shards', '3', 'tasks.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(log[0]!).header.shard).toEqual({ index: 3, count: 4 });
    expect(log).toHaveLength(1 + 9);
  });

  it('bad submit input exits 2 with one line and writes nothing', () => {
    const parent = tmp();
    const out = join(parent, 'sweep');
    const cases: [string[], string][] = [
      [['submit', ...SWEEP, '--out', out], '--shards must be given'],
      [['submit', ...SWEEP, '--shards', '0', '--out', out], '--shards must be an integer in [1, 100000]'],
      [
        ['submit', ...SWEEP, '--shards', '37', '--out', out],
        '--shards must be at most the number of tasks of the sweep (36)',
      ],
      [
        ['submit', ...SWEEP, '--shards', '4', '--out', out, '--time', '2h'],
        '--time must be a Slurm time limit',
      ],
      [
        ['submit', ...SWEEP, '--shards', '4', '--out', out, '--partition', 'a b'],
        '--partition must be a Slurm partition name',
      ],
      [
        ['submit', ...SWEEP, '--shards', '4', '--out', out, '--shard', '1/4'],
        '--shard must not be given to submit',
      ],
      [['submit', ...SWEEP, '--shards', '4'], '--out must be given'],
      [
        ['submit', 'tour', '--shards', '4', '--out', out],
        'The first argument of submit must be a study command',
      ],
      [['submit', 'spurious-minima', '--k', '0', '--shards', '4', '--out', out], '--k must be'],
    ];
    for (const [argv, msg] of cases) {
      const r = cli(argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr, argv.join(' ')).toContain(msg);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('without sbatch on PATH: exit 1, the script is kept and the message says how to submit it', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.keep'), '');
    const r = cli(['submit', ...SWEEP, '--shards', '2', '--out', dir], {
      env: { ...process.env, PATH: '/nonexistent' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^landscape-lab submit: sbatch could not be run \(ENOENT\); the script is at .*job\.sbatch/,
    );
    expect(existsSync(join(dir, 'job.sbatch'))).toBe(true);
  });
});
