import { describe, expect, it } from 'vitest';
import { COMMON_OPTIONS } from '../src/args.js';
import { spuriousMinimaCommand } from '../src/commands/spurious-minima.js';
import { forwardedArgs, SUBMIT_OPTIONS } from '../src/commands/submit.js';
import { exitCodeFor } from '../src/errors.js';
import { inShard, parseShard, withoutOptions } from '../src/shard.js';
import { shellQuote, slurmScript } from '../src/slurm.js';

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(exitCodeFor(e)).toBe(2);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('--shard', () => {
  it('parses i/N with 0 ≤ i < N and rejects everything else with the house message', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of [
      '5/4',
      '4/4',
      'x',
      '',
      '1/0',
      '-1/4',
      '1.5/4',
      '1/4/2',
      '$SLURM_ARRAY_TASK_ID/4',
      '0/100001',
    ])
      expect(usageMessage(() => parseShard(bad))).toBe(
        `invalid argument. --shard must be i/N with integers 0 ≤ i < N ≤ 100000 (e.g. 2/4, or "$SLURM_ARRAY_TASK_ID/4" expanded by the shell), or slurm. Value: ${JSON.stringify(bad)}.`,
      );
  });

  it('slurm reads the array task id and count, and refuses partial or offset arrays', () => {
    const env = {
      SLURM_ARRAY_TASK_ID: '2',
      SLURM_ARRAY_TASK_COUNT: '4',
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_MAX: '3',
    };
    expect(parseShard('slurm', env)).toEqual({ index: 2, count: 4 });
    expect(usageMessage(() => parseShard('slurm', {}))).toMatch(
      /^invalid argument\. --shard slurm must run inside a Slurm array task .* Value: "SLURM_ARRAY_TASK_ID=\(unset\), SLURM_ARRAY_TASK_COUNT=\(unset\)"\.$/,
    );
    // A resubmission of shard 2 alone: COUNT is 1, so the index must come from the script, not the environment.
    expect(
      usageMessage(() =>
        parseShard('slurm', {
          SLURM_ARRAY_TASK_ID: '2',
          SLURM_ARRAY_TASK_COUNT: '1',
          SLURM_ARRAY_TASK_MIN: '2',
          SLURM_ARRAY_TASK_MAX: '2',
        }),
      ),
    ).toContain('--shard slurm must be i/N');
    // --array=1-4 (one-based): id 1..4 with count 4 passes the range check for ids < 4 but not the offset check.
    expect(
      usageMessage(() =>
        parseShard('slurm', {
          SLURM_ARRAY_TASK_ID: '1',
          SLURM_ARRAY_TASK_COUNT: '4',
          SLURM_ARRAY_TASK_MIN: '1',
          SLURM_ARRAY_TASK_MAX: '4',
        }),
      ),
    ).toContain('run in an array 0-(N-1) with step 1');
  });

  it('the shards partition the task list: every index in exactly one shard, sizes within one', () => {
    for (const [tasks, count] of [
      [1, 1],
      [7, 3],
      [100, 4],
      [5, 5],
    ] as const) {
      const sizes = Array.from({ length: count }, () => 0);
      for (let j = 0; j < tasks; j++) {
        const owners = sizes.map((_, i) => i).filter((i) => inShard(j, { index: i, count }));
        expect(owners).toHaveLength(1);
        sizes[owners[0]!]!++;
      }
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('withoutOptions drops both --name v and --name=v forms', () => {
    expect(
      withoutOptions(['--k', '4', '--shard', '1/4', '--out=x', '--runs=3', '--out', 'y'], ['shard', 'out']),
    ).toEqual(['--k', '4', '--runs=3']);
  });
});

describe('submit', () => {
  const specs = [...spuriousMinimaCommand.options, ...SUBMIT_OPTIONS, ...COMMON_OPTIONS];

  it('forwards the study options (values starting with - included) and drops its own', () => {
    const argv = [
      '--k',
      '6:8',
      '--shards',
      '4',
      '--json',
      '--step=0.1',
      '--out',
      'd',
      '--time',
      '1:00',
      '--dry-run',
      '--workers',
      '2',
      '--seed',
      '7',
      '--quiet',
      '--cpus-per-task=2',
    ];
    expect(forwardedArgs(argv, specs)).toEqual(['--k', '6:8', '--step=0.1', '--seed', '7']);
  });

  it('writes an array script whose task line runs shard $SLURM_ARRAY_TASK_ID of N with quoted arguments', () => {
    const s = slurmScript({
      dir: '/scratch/run',
      shards: 8,
      args: ['spurious-minima', '--k', '6:8', '--note', "it's"],
      program: ['/usr/bin/node', '/opt/ll/bin.js'],
      cwd: '/home/me',
      cpusPerTask: 2,
      partition: 'short',
      time: '2:00:00',
      jobName: 'll-spurious-minima',
    });
    const lines = s.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('#SBATCH --array=0-7');
    expect(lines).toContain('#SBATCH --cpus-per-task=2');
    expect(lines).toContain('#SBATCH --partition=short');
    expect(lines).toContain('#SBATCH --time=2:00:00');
    expect(lines).toContain('#SBATCH --output=/scratch/run/logs/%x-%A_%a.out');
    expect(lines.at(-2)).toBe(
      `exec /usr/bin/node /opt/ll/bin.js spurious-minima --k 6:8 --note 'it'\\''s' --out /scratch/run --workers 2 --quiet --shard "\${SLURM_ARRAY_TASK_ID}/8"`,
    );
    // Directives must precede the first command, or sbatch ignores them.
    const firstCommand = lines.findIndex((l) => l.length > 0 && !l.startsWith('#'));
    const lastDirective = lines.reduce((last, l, i) => (l.startsWith('#SBATCH') ? i : last), -1);
    expect(lastDirective).toBeLessThan(firstCommand);
  });

  it('shellQuote leaves safe words alone and single-quotes the rest', () => {
    expect(shellQuote('/a/b-c_d.e:1,2')).toBe('/a/b-c_d.e:1,2');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote('')).toBe("''");
  });
});
