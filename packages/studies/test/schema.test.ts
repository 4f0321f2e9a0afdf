import { LandscapeError } from '@landscape-lab/core-math';
import { describe, expect, it } from 'vitest';
import {
  ALPHA_BETA_SCHEMA,
  checkField,
  defineSchema,
  describeBounds,
  describePlural,
  HESSIAN_SCHEMA,
  LINEAR_FLOW_SCHEMA,
  PHASE_TRANSITION_SCHEMA,
  resolveSchema,
  SLICE_SCHEMA,
  SPLIT_NEURON_SCHEMA,
  SPURIOUS_MINIMA_SCHEMA,
  STUDIES,
} from '../src/index.js';

function thrown(f: () => unknown): LandscapeError {
  try {
    f();
  } catch (e) {
    if (e instanceof LandscapeError) return e;
    throw e;
  }
  throw new Error('expected a LandscapeError, nothing was thrown');
}

const S = defineSchema({
  protocol: { kind: 'enum', choices: ['a', 'b'], default: 'a', help: 'preset' },
  runs: { kind: 'int', min: 1, max: 100, default: 20, help: 'runs' },
  tol: {
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: (p) => (p.protocol === 'a' ? 1e-9 : 1e-12),
    help: 'tol',
  },
  step: { kind: 'number', min: 0, minExclusive: true, nullable: true, help: 'step' },
  k: { kind: 'int-list', min: 1, max: 50, default: [6], help: 'k' },
  c: { kind: 'number-list', min: 0, default: [0, 1], help: 'c' },
  W: { kind: 'matrix', help: 'rows' },
});

describe('parameter schemas', () => {
  it('fills defaults in declaration order (a preset default reads the fields before it)', () => {
    expect(resolveSchema('f', S, { W: [[1]] })).toEqual({
      protocol: 'a',
      runs: 20,
      tol: 1e-9,
      step: null,
      k: [6],
      c: [0, 1],
      W: [[1]],
    });
    expect(resolveSchema('f', S, { W: [[1]], protocol: 'b' }).tol).toBe(1e-12);
    // int lists are sorted and deduplicated; number lists keep order and repeats; one number is a list of one.
    const r = resolveSchema('f', S, { W: [[1]], k: [9, 3, 9], c: [2, 1, 2] });
    expect(r.k).toEqual([3, 9]);
    expect(r.c).toEqual([2, 1, 2]);
    expect(resolveSchema('f', S, { W: [[1]], k: 4 }).k).toEqual([4]);
  });

  it('rejects an undeclared key (a typo or an old spelling) naming the declared ones', () => {
    const e = thrown(() => resolveSchema('f', S, { W: [[1]], iters: 3 }));
    expect(e.code).toBe('E_ARG_RANGE');
    expect(e.message).toBe(
      'f: invalid argument. Each parameter must be one of protocol, runs, tol, step, k, c, W. Value: "iters".',
    );
    // The studies catch the spellings retired by ADR 0002.
    expect(() => STUDIES['alpha-beta'].resolve({ problem: 'mlp', iters: 10 })).toThrow(/Value: "iters"\.$/);
    expect(() => STUDIES['phase-transition'].resolve({ maxIter: 10 })).toThrow(/Value: "maxIter"\.$/);
  });

  it('messages name the function, the parameter, the bound and the value', () => {
    const cases: [unknown, string, string][] = [
      [{ runs: 0 }, 'E_ARG_RANGE', 'f: invalid argument. runs must be an integer in [1, 100]. Value: 0.'],
      [{ runs: 2.5 }, 'E_ARG_RANGE', 'f: invalid argument. runs must be an integer in [1, 100]. Value: 2.5.'],
      [{ runs: '3' }, 'E_ARG_TYPE', 'f: invalid argument. runs must be a number. Value: "3".'],
      [{ tol: 0 }, 'E_ARG_RANGE', 'f: invalid argument. tol must be a positive number. Value: 0.'],
      [{ k: [1, 51] }, 'E_ARG_RANGE', 'f: invalid argument. k[1] must be an integer in [1, 50]. Value: 51.'],
      [
        { c: [] },
        'E_ARG_TYPE',
        'f: invalid argument. c must be a non-empty array of numbers. Value: Array(length 0).',
      ],
      [{ c: [-1] }, 'E_ARG_RANGE', 'f: invalid argument. c[0] must be a non-negative number. Value: -1.'],
      [{ protocol: 'z' }, 'E_ARG_RANGE', 'f: invalid argument. protocol must be one of a, b. Value: "z".'],
      [{ W: undefined }, 'E_ARG_TYPE', 'f: invalid argument. W must be given (rows). Value: undefined.'],
    ];
    for (const [input, code, message] of cases) {
      const e = thrown(() => resolveSchema('f', S, { W: [[1]], ...(input as object) }));
      expect([e.code, e.message]).toEqual([code, message]);
    }
  });

  it('describes bounds the same way for one value and for list elements', () => {
    expect(describeBounds({ min: 1, max: 200 }, true)).toBe('an integer in [1, 200]');
    expect(describePlural({ min: 1, max: 200 }, true)).toBe('integers in [1, 200]');
    expect(describeBounds({ min: 0, minExclusive: true, max: 1, maxExclusive: true }, false)).toBe(
      'a number in (0, 1)',
    );
    expect(describeBounds({ min: 0, minExclusive: true }, false)).toBe('a positive number');
    expect(describeBounds({ min: 0 }, false)).toBe('a non-negative number');
    expect(describeBounds({ max: 3, maxExclusive: true }, true)).toBe('an integer < 3');
    expect(describeBounds({}, false)).toBe('a finite number');
  });

  it('keyword numbers and integer value sets', () => {
    const f = { kind: 'number', keywords: ['exact', 'zero'], help: '' } as const;
    expect(checkField('g', 'fStar', f, 'zero')).toBe('zero');
    expect(checkField('g', 'fStar', f, 0.5)).toBe(0.5);
    expect(thrown(() => checkField('g', 'fStar', f, 'paper')).message).toBe(
      'g: invalid argument. fStar must be exact, zero or a finite number. Value: "paper".',
    );
    expect(thrown(() => STUDIES['alpha-beta'].resolve({ example: 4 })).message).toBe(
      'alphaBeta: invalid argument. example must be one of 1, 2, 3, 6. Value: 4.',
    );
  });

  it("every study's resolve validates through its schema: each field's bound is the one the study enforces", () => {
    // For every bounded integer field of every schema, the value just outside the bound is rejected with the
    // schema's own expectation, and the bound itself is accepted (where the study accepts it on its own).
    const schemas = {
      'phase-transition': [PHASE_TRANSITION_SCHEMA, {}],
      'spurious-minima': [SPURIOUS_MINIMA_SCHEMA, {}],
      'linear-flow': [LINEAR_FLOW_SCHEMA, {}],
      hessian: [HESSIAN_SCHEMA, { W: [[1, 0]] }],
      slice: [SLICE_SCHEMA, { W: [[1, 0]] }],
      'split-neuron': [SPLIT_NEURON_SCHEMA, { W: [[1, 0]] }],
      'alpha-beta': [ALPHA_BETA_SCHEMA, { problem: 'mlp' }],
    } as const;
    let checked = 0;
    for (const [name, [schema, base]] of Object.entries(schemas)) {
      for (const [key, f] of Object.entries(schema)) {
        if (f.kind !== 'int' && f.kind !== 'int-list') continue;
        if (f.kind === 'int' && 'values' in f && f.values) continue;
        if (f.max === undefined) continue;
        const over = f.kind === 'int-list' ? [f.max + 1] : f.max + 1;
        const e = thrown(() => STUDIES[name as keyof typeof STUDIES].resolve({ ...base, [key]: over }));
        const what = f.kind === 'int-list' ? `${key}[0]` : key;
        expect(e.message, `${name}.${key}`).toContain(
          `${what} must be ${describeBounds(f, true)}. Value: ${f.max + 1}.`,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});
