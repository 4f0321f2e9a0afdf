import { describe, expect, it } from 'vitest';
import { backend, ctx, init, simdSupported } from '../src/backend.js';
import { invalidMessage, LandscapeError, ShapeError } from '../src/errors.js';
import { checkFinite, checkMatrix, checkSquare, fromRows, matrix, toRows, transpose } from '../src/matrix.js';
import { resident } from '../src/resident.js';

describe('backend selection', () => {
  it('picks wasm-simd on Node 20 and can switch to reference and back', async () => {
    expect(simdSupported()).toBe(true);
    expect(await init()).toBe('wasm-simd');
    expect(backend()).toBe('wasm-simd');
    expect(await init({ backend: 'reference' })).toBe('reference');
    expect(backend()).toBe('reference');
    expect(await init({ backend: 'wasm-simd' })).toBe('wasm-simd');
  });

  it('rejects an unknown backend name', async () => {
    await expect(init({ backend: 'gpu' as never })).rejects.toMatchObject({ code: 'E_ARG_RANGE' });
  });
});

describe('resident buffers', () => {
  it('round-trips data, refuses use after dispose and on another backend', async () => {
    await init({ backend: 'wasm-simd' });
    const before = ctx().heap.inUse;
    const r = resident(Float64Array.of(1, 2, 3));
    expect(Array.from(r.read())).toEqual([1, 2, 3]);
    r.write([9], 2);
    expect(Array.from(r.read())).toEqual([1, 2, 9]);
    expect(() => r.write([1, 2], 2)).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message:
          'Resident.write: invalid argument. offset + src.length must be at most length = 3. Value: 4.',
      }),
    );
    await init({ backend: 'reference' });
    expect(() => r.read()).toThrow(
      expect.objectContaining({
        code: 'E_BACKEND',
        message:
          'Resident.read: invalid argument. The resident buffer must belong to the active backend (reference). Value: Resident on wasm-simd.',
      }),
    );
    await init({ backend: 'wasm-simd' });
    r.dispose();
    r.dispose(); // idempotent
    expect(() => r.read()).toThrow(
      expect.objectContaining({
        code: 'E_DISPOSED',
        message:
          'Resident.read: invalid argument. The resident buffer must not be disposed. Value: disposed Resident(length 3).',
      }),
    );
    expect(ctx().heap.inUse).toBe(before);
    {
      using z = resident(4);
      expect(Array.from(z.read())).toEqual([0, 0, 0, 0]);
    }
    expect(ctx().heap.inUse).toBe(before);
    expect(() => resident(-1)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'resident: invalid argument. length must be a non-negative integer below 2^31. Value: -1.',
      }),
    );
  });
});

describe('matrix helpers and error grammar', () => {
  it('builds, converts and transposes', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.rows).toBe(2);
    expect(toRows(transpose(a))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(matrix(0, 3).data.length).toBe(0);
  });

  it('errors follow "<fn>: invalid argument. <what> must <expectation>. Value: <actual>."', () => {
    expect(invalidMessage('f', 'x', 'be positive', -1)).toBe(
      'f: invalid argument. x must be positive. Value: -1.',
    );
    const err = (() => {
      try {
        checkSquare('symEigen', 'A', matrix(2, 3));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err).toBeInstanceOf(LandscapeError);
    expect((err as ShapeError).code).toBe('E_SHAPE');
    expect((err as Error).message).toBe('symEigen: invalid argument. A must be square. Value: Matrix(2x3).');
    expect(() => checkMatrix('f', 'A', { rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(
      'f: invalid argument. A.data.length must equal rows*cols = 4. Value: 3.',
    );
    expect(() => checkMatrix('f', 'A', { rows: -1, cols: 2, data: new Float64Array(0) })).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'f: invalid argument. A.rows must be a non-negative integer below 2^31. Value: -1.',
      }),
    );
    expect(() => checkFinite('f', 'x', [1, Number.NaN])).toThrow(
      'f: invalid argument. x[1] must be finite. Value: NaN.',
    );
    expect(() => matrix(2, 2, [1, 2, 3])).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'matrix: invalid argument. data.length must equal rows*cols = 4. Value: 3.',
      }),
    );
  });
});
