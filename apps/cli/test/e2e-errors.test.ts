import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from './helpers.js';

/** A bad input: exit 2, stdout empty, exactly one stderr line in the house grammar, no stack trace. */
function expectUsage(args: string[], pattern: RegExp): string {
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('bad input exits 2 with one line naming the flag, the expectation and the value', () => {
  it('negative sizes', () => {
    expect(expectUsage(['phase-transition', '--n', '-5'], /./)).toBe(
      'landscape-lab phase-transition: invalid argument. --n must be a list a,b,c or a range a:b:step (a ≤ b, step > 0) of integers in [1, 2047]. Value: "-5".',
    );
    expectUsage(
      ['phase-transition', '--trials', '-1'],
      /--trials must be an integer in \[1, 1023\]\. Value: "-1"\.$/,
    );
    expectUsage(['phase-transition', '--tol', '0'], /--tol must be a positive number\. Value: "0"\.$/);
  });

  it('an unknown activation', () => {
    expect(expectUsage(['phase-transition', '--activation', 'swish'], /./)).toBe(
      'landscape-lab phase-transition: invalid argument. --activation must be one of relu, softplus, quadratic, tanh, sigmoid. Value: "swish".',
    );
  });

  it('malformed ranges and lists', () => {
    for (const raw of ['10:5', '1:9:0', '1:9:-2', '1::2', 'a:b', '1,,2', '3.5'])
      expectUsage(
        ['phase-transition', '--k', raw],
        new RegExp(
          `--k must be a list a,b,c or a range a:b:step .* Value: "${raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\.$`,
        ),
      );
  });

  it('unknown flags, unknown commands and missing values', () => {
    expectUsage(
      ['phase-transition', '--bogus', '1'],
      /The option must be one of --d, --n, .* Value: "--bogus"\.$/,
    );
    expectUsage(
      ['no-such-command'],
      /^landscape-lab: invalid argument\. The command must be one of phase-transition.* Value: "no-such-command"\.$/,
    );
    expectUsage(['phase-transition', '--n'], /--n must be followed by a value <list>\. Value: \(none\)\.$/);
    expectUsage(
      ['phase-transition', '--seed', '1.5'],
      /--seed must be an integer in \[0, 9007199254740991\]\. Value: "1\.5"\.$/,
    );
    expectUsage(
      ['phase-transition', '--workers', '0'],
      /--workers must be an integer in \[1, 1024\]\. Value: "0"\.$/,
    );
  });

  it('an --out directory that holds another run', () => {
    const dir = tmp();
    expect(
      cli([
        'phase-transition',
        '--n',
        '4',
        '--k',
        '1',
        '--trials',
        '1',
        '--max-iters',
        '5',
        '--out',
        dir,
        '--quiet',
      ]).status,
    ).toBe(0);
    expectUsage(
      ['phase-transition', '--n', '4', '--k', '2', '--trials', '1', '--max-iters', '5', '--out', dir],
      /--out must be a new directory or one holding a run of the same command with the same parameters, seed and shard; .* Value: ".*"\.$/,
    );
  });

  it('--help on every command prints usage and an example, exit 0', () => {
    const top = cli(['--help']);
    expect(top.status).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    // The full command set (README): a command dropped from --help, or one added without help, fails here.
    expect(commands).toEqual([
      'phase-transition',
      'spurious-minima',
      'split-neuron',
      'hessian',
      'slice',
      'linear-flow',
      'alpha-beta',
      'reproduce',
      'tour',
      'submit',
      'merge',
    ]);
    for (const c of commands) {
      const r = cli([c, '--help']);
      expect(r.status, c).toBe(0);
      expect(r.stdout, c).toContain(`Usage: landscape-lab ${c} `);
      expect(r.stdout, c).toMatch(/Examples?:\n {2}landscape-lab /);
    }
  });

  it('unreadable and malformed point files', () => {
    const dir = tmp();
    expectUsage(
      ['hessian', '--point', join(dir, 'missing.json')],
      /--point must be a readable JSON file .* Value: ".*missing\.json"\.$/,
    );
    writeFileSync(join(dir, 'bad.json'), '{ "W": [[1, 2], [3');
    expectUsage(
      ['hessian', '--point', join(dir, 'bad.json')],
      /--point must be a readable JSON file .* Value: ".*bad\.json"\.$/,
    );
    writeFileSync(join(dir, 'ragged.json'), '{ "W": [[1, 2], [3]] }');
    expectUsage(
      ['hessian', '--point', join(dir, 'ragged.json')],
      /invalid argument\. .*W\[1\]\.length must equal 2\. Value: 1\.$/,
    );
  });
});
