import { describe, expect, it } from 'vitest';
import {
  COMMON_OPTIONS,
  type OptionSpec,
  parseList,
  parseNumber,
  parseOptions,
  parseTuple,
} from '../src/args.js';
import { exitCodeFor, UsageError } from '../src/errors.js';

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).code).toBe('E_USAGE');
    expect(exitCodeFor(e)).toBe(2);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseList', () => {
  it('parses lists, inclusive ranges and mixes into sorted distinct values', () => {
    expect(parseList('--n', '3,1,2', { min: 1 }, true)).toEqual([1, 2, 3]);
    expect(parseList('--n', '20:60:20', { min: 1 }, true)).toEqual([20, 40, 60]);
    expect(parseList('--n', '1:3', { min: 1 }, true)).toEqual([1, 2, 3]);
    expect(parseList('--n', '1,4:8:2,20', { min: 1 }, true)).toEqual([1, 4, 6, 8, 20]);
    expect(parseList('--n', '5:5:1', { min: 1 }, true)).toEqual([5]);
    expect(parseList('--n', '2,2,2', { min: 1 }, true)).toEqual([2]);
  });

  it('builds float ranges by multiplication (no accumulated drift)', () => {
    expect(parseList('--a', '0:1:0.1')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseList('--a', '0:0.95:0.1')).toHaveLength(10);
  });

  it.each([
    ['', 'empty'],
    ['5:1', 'a > b'],
    ['1:5:0', 'zero step'],
    ['1:5:-1', 'negative step'],
    ['1:2:3:4', 'too many fields'],
    ['a,b', 'not numbers'],
    ['1,,2', 'empty item'],
    ['0x10', 'hex'],
    ['1.5', 'not an integer'],
    ['-3', 'negative'],
    ['0', 'zero'],
    ['1:1000000', 'too many values'],
  ])('rejects %j (%s) with the house message', (raw) => {
    const msg = usageMessage(() => parseList('--n', raw, { min: 1 }, true));
    expect(msg).toBe(
      `invalid argument. --n must be a list a,b,c or a range a:b:step (a ≤ b, step > 0) of positive integers. Value: ${JSON.stringify(raw)}.`,
    );
  });
});

describe('parseNumber and parseTuple', () => {
  it('accepts decimal and exponent forms within bounds', () => {
    expect(parseNumber('--tol', '1e-3', { min: 0, minExclusive: true })).toBe(0.001);
    expect(parseNumber('--x', '-2.5')).toBe(-2.5);
    expect(parseNumber('--x', '.5')).toBe(0.5);
    expect(parseTuple('--check', '2.5,2', 2, 'α,β')).toEqual([2.5, 2]);
  });

  it('rejects malformed and out-of-range values', () => {
    expect(usageMessage(() => parseNumber('--tol', '0', { min: 0, minExclusive: true }))).toBe(
      'invalid argument. --tol must be a positive number. Value: "0".',
    );
    expect(usageMessage(() => parseNumber('--trials', '2.5', { min: 1 }, true))).toBe(
      'invalid argument. --trials must be a positive integer. Value: "2.5".',
    );
    for (const raw of ['NaN', 'Infinity', '1e999'])
      expect(usageMessage(() => parseNumber('--x', raw))).toBe(
        `invalid argument. --x must be a finite number. Value: "${raw}".`,
      );
    expect(usageMessage(() => parseTuple('--check', '2.5', 2, 'α,β'))).toBe(
      'invalid argument. --check must be 2 comma-separated numbers α,β. Value: "2.5".',
    );
  });
});

describe('parseOptions', () => {
  const specs: OptionSpec[] = [
    { name: 'n', kind: 'int-list', min: 1, help: '' },
    { name: 'step', kind: 'number', min: 0, minExclusive: true, help: '' },
    { name: 'activation', kind: 'enum', choices: ['relu', 'tanh'], help: '' },
    { name: 'check', kind: 'pair', repeatable: true, help: '' },
    { name: 'saddle', kind: 'flag', help: '' },
  ];

  it('parses --name value, --name=value, flags and repeatable options', () => {
    const o = parseOptions(specs, [
      '--n',
      '1:3',
      '--step=0.5',
      '--saddle',
      '--check',
      '1,2',
      '--check=3,4',
      '--json',
    ]);
    expect(o).toEqual({
      n: [1, 2, 3],
      step: 0.5,
      saddle: true,
      check: [
        [1, 2],
        [3, 4],
      ],
      json: true,
    });
    expect(parseOptions(specs, ['-h'])).toEqual({ help: true });
    expect(COMMON_OPTIONS.map((s) => s.name)).toEqual(['json', 'out', 'seed', 'workers', 'quiet', 'help']);
  });

  it('passes values starting with a single dash to the validators (negative numbers are not options)', () => {
    expect(usageMessage(() => parseOptions(specs, ['--n', '-5']))).toBe(
      'invalid argument. --n must be a list a,b,c or a range a:b:step (a ≤ b, step > 0) of positive integers. Value: "-5".',
    );
    expect(usageMessage(() => parseOptions(specs, ['--step', '-1']))).toBe(
      'invalid argument. --step must be a positive number. Value: "-1".',
    );
  });

  it('rejects unknown options, positionals, missing values, repeated options and values on flags', () => {
    expect(usageMessage(() => parseOptions(specs, ['--bogus']))).toBe(
      'invalid argument. The option must be one of --n, --step, --activation, --check, --saddle, --json, --out, --seed, --workers, --quiet, --help. Value: "--bogus".',
    );
    expect(usageMessage(() => parseOptions(specs, ['extra']))).toBe(
      'invalid argument. The argument must be an option --name (see --help). Value: "extra".',
    );
    expect(usageMessage(() => parseOptions(specs, ['--n']))).toBe(
      'invalid argument. --n must be followed by a value. Value: (none).',
    );
    expect(usageMessage(() => parseOptions(specs, ['--n', '--json']))).toBe(
      'invalid argument. --n must be followed by a value. Value: (none).',
    );
    expect(usageMessage(() => parseOptions(specs, ['--n', '1', '--n', '2']))).toBe(
      'invalid argument. --n must be given at most once. Value: "2".',
    );
    expect(usageMessage(() => parseOptions(specs, ['--saddle=yes']))).toBe(
      'invalid argument. --saddle must take no value. Value: "yes".',
    );
    expect(usageMessage(() => parseOptions(specs, ['--activation', 'foo']))).toBe(
      'invalid argument. --activation must be one of relu, tanh. Value: "foo".',
    );
  });
});
