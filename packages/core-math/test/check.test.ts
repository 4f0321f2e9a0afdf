import { describe, expect, it } from 'vitest';
import {
  checkFunction,
  checkNumber,
  checkObjective,
  checkOneOf,
  checkOptions,
  describeBounds,
  describePlural,
  inBounds,
  NON_NEGATIVE,
  POSITIVE,
} from '../src/check.js';
import { expectInvalidArgument as expectThrow } from './helpers.js';

describe('bounds vocabulary', () => {
  it('words every kind of bound', () => {
    expect(describeBounds(POSITIVE, false)).toBe('a positive number');
    expect(describeBounds(POSITIVE, true)).toBe('a positive integer');
    expect(describeBounds({ min: 1 }, true)).toBe('a positive integer');
    expect(describeBounds(NON_NEGATIVE, false)).toBe('a non-negative number');
    expect(describeBounds(NON_NEGATIVE, true)).toBe('a non-negative integer');
    expect(describeBounds({ min: 1, max: 10 }, true)).toBe('an integer in [1, 10]');
    expect(describeBounds({ min: 0, max: 1, maxExclusive: true }, false)).toBe('a number in [0, 1)');
    expect(describeBounds({ min: 0, minExclusive: true, max: 1, maxExclusive: true }, false)).toBe(
      'a number in (0, 1)',
    );
    expect(describeBounds({ min: 2 }, true)).toBe('an integer ≥ 2');
    expect(describeBounds({ min: 1e-14 }, false)).toBe('a number ≥ 1e-14');
    expect(describeBounds({ min: -1, minExclusive: true }, false)).toBe('a number > -1');
    expect(describeBounds({ max: 3 }, false)).toBe('a number ≤ 3');
    expect(describeBounds({}, false)).toBe('a finite number');
    expect(describeBounds({}, true)).toBe('an integer');
    expect(describePlural({ min: 1, max: 2047 }, true)).toBe('integers in [1, 2047]');
    expect(describePlural(POSITIVE, false)).toBe('positive numbers');
    expect(describePlural({}, false)).toBe('finite numbers');
  });

  it('inBounds honours open and closed ends and rejects NaN against any bound', () => {
    const b = { min: 0, max: 1, maxExclusive: true };
    expect([0, 0.5, 1, -1e-300].map((x) => inBounds(x, b))).toEqual([true, true, false, false]);
    expect(inBounds(0, POSITIVE)).toBe(false);
    expect(inBounds(Number.MIN_VALUE, POSITIVE)).toBe(true);
    expect(inBounds(Number.NaN, NON_NEGATIVE)).toBe(false);
    expect(inBounds(Number.NaN, {})).toBe(true); // no bound: finiteness is checkNumber's business
  });
});

describe('checkNumber', () => {
  it('returns a value inside its bounds', () => {
    expect(checkNumber('f', 'x', 0.25, { min: 0, max: 1, maxExclusive: true })).toBe(0.25);
    expect(checkNumber('f', 'n', 3, { min: 1, max: 3 }, true)).toBe(3);
    expect(checkNumber('f', 'x', -7)).toBe(-7);
  });

  it('names function, argument, expectation and value', () => {
    expectThrow(
      () => checkNumber('adam', 'options.eps', 0, POSITIVE),
      'ArgumentError',
      'E_ARG_RANGE',
      'adam: invalid argument. options.eps must be a positive number. Value: 0.',
    );
    expectThrow(
      () => checkNumber('adam', 'options.beta1', 1, { min: 0, max: 1, maxExclusive: true }),
      'ArgumentError',
      'E_ARG_RANGE',
      'adam: invalid argument. options.beta1 must be a number in [0, 1). Value: 1.',
    );
    expectThrow(
      () => checkNumber('g', 'k', 11, { min: 1, max: 10 }, true),
      'ArgumentError',
      'E_ARG_RANGE',
      'g: invalid argument. k must be an integer in [1, 10]. Value: 11.',
    );
    expectThrow(
      () => checkNumber('g', 'k', 1.5, { min: 1 }, true),
      'ArgumentError',
      'E_ARG_RANGE',
      'g: invalid argument. k must be a positive integer. Value: 1.5.',
    );
    expectThrow(
      () => checkNumber('g', 'k', 2 ** 53, NON_NEGATIVE, true),
      'ArgumentError',
      'E_ARG_RANGE',
      'g: invalid argument. k must be a non-negative integer. Value: 9007199254740992.',
    );
    expectThrow(
      () => checkNumber('g', 'k', Number.POSITIVE_INFINITY, { min: 1 }, true),
      'ArgumentError',
      'E_ARG_RANGE',
      'g: invalid argument. k must be a positive integer. Value: Infinity.',
    );
    expectThrow(
      () => checkNumber('g', 'x', '1', POSITIVE),
      'ArgumentError',
      'E_ARG_TYPE',
      'g: invalid argument. x must be a number. Value: "1".',
    );
    expectThrow(
      () => checkNumber('g', 'x', Number.NaN, POSITIVE),
      'NonFiniteError',
      'E_NONFINITE',
      'g: invalid argument. x must be finite. Value: NaN.',
    );
    expectThrow(
      () => checkNumber('g', 'x', Number.NEGATIVE_INFINITY),
      'NonFiniteError',
      'E_NONFINITE',
      'g: invalid argument. x must be finite. Value: -Infinity.',
    );
  });
});

describe('options, functions, fixed sets, objectives', () => {
  it('checkOptions accepts undefined and plain objects only', () => {
    expect(checkOptions('f', undefined)).toEqual({});
    const o = { a: 1 };
    expect(checkOptions('f', o)).toBe(o);
    expectThrow(
      () => checkOptions('f', null),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. options must be an object. Value: null.',
    );
    expectThrow(
      () => checkOptions('f', [1]),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. options must be an object. Value: Array(length 1).',
    );
    expectThrow(
      () => checkOptions('f', 3, 'options.polish'),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. options.polish must be an object. Value: 3.',
    );
  });

  it('checkFunction and checkOneOf', () => {
    expect(() => checkFunction('f', 'cb', () => 0)).not.toThrow();
    expectThrow(
      () => checkFunction('f', 'options.onStep', 1),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. options.onStep must be a function. Value: 1.',
    );
    expect(() => checkOneOf('f', 'm', 'newton', ['trust-region', 'newton'])).not.toThrow();
    expect(() => checkOneOf('f', 'e', 2, [1, 2, 3, 6])).not.toThrow();
    expectThrow(
      () => checkOneOf('polish', 'options.method', 'bfgs', ['trust-region', 'newton']),
      'ArgumentError',
      'E_ARG_RANGE',
      'polish: invalid argument. options.method must be one of trust-region, newton. Value: "bfgs".',
    );
    expectThrow(
      () => checkOneOf('f', 'example', '2', [1, 2, 3, 6]),
      'ArgumentError',
      'E_ARG_RANGE',
      'f: invalid argument. example must be one of 1, 2, 3, 6. Value: "2".',
    );
  });

  it('checkObjective checks dim, loss, grad and the optional hessian/hvp', () => {
    const ok = { dim: 2, loss: () => 0, grad: () => 0 };
    expect(() => checkObjective('f', 'objective', ok)).not.toThrow();
    expectThrow(
      () => checkObjective('f', 'objective', null),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. objective must be an Objective { dim, loss, grad }. Value: null.',
    );
    expectThrow(
      () => checkObjective('f', 'objective', { ...ok, dim: -1 }),
      'ArgumentError',
      'E_ARG_RANGE',
      'f: invalid argument. objective.dim must be a non-negative integer below 2^31. Value: -1.',
    );
    expectThrow(
      () => checkObjective('f', 'factory(width)', { ...ok, grad: 1 }),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. factory(width).grad must be a function. Value: 1.',
    );
    expectThrow(
      () => checkObjective('f', 'objective', { ...ok, hvp: {} }),
      'ArgumentError',
      'E_ARG_TYPE',
      'f: invalid argument. objective.hvp must be a function when present. Value: [object Object].',
    );
  });
});
