// Dense Hessians from Hessian-vector products: columns of a known symmetric matrix come back exactly, an
// asymmetric "HVP" is symmetrised to ½(H + Hᵀ) with its asymmetry reported, and bad arguments are coded errors.
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../src/errors.js';
import { hessianFromHvp, symmetrize } from '../src/hessian-from-hvp.js';
import { fromRows, type Matrix } from '../src/matrix.js';
import { expectCode } from './helpers.js';

const mv = (H: Matrix) => (v: Float64Array, out: Float64Array) => {
  const n = H.rows;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += H.data[i * n + j]! * v[j]!;
    out[i] = s;
  }
};

describe('hessianFromHvp', () => {
  it("returns a symmetric matrix's columns exactly (products with e_j are exact) and asymmetry 0", () => {
    const A = fromRows([
      [4, -1, 0.5],
      [-1, 3, 2],
      [0.5, 2, -7],
    ]);
    const seen: number[][] = [];
    const r = hessianFromHvp(3, (v, out) => {
      seen.push(Array.from(v));
      mv(A)(v, out);
    });
    expect(Array.from(r.matrix.data)).toEqual(Array.from(A.data));
    expect(r.matrix.rows).toBe(3);
    expect(r.matrix.cols).toBe(3);
    expect(r.asymmetry).toBe(0);
    // One product per unit vector e_j, in order.
    expect(seen).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('symmetrises an asymmetric product to ½(H + Hᵀ) and reports max|H_ij − H_ji| of the raw matrix', () => {
    const B = fromRows([
      [1, 2, 0],
      [4, 3, -1],
      [0, 1, 5],
    ]);
    const r = hessianFromHvp(3, mv(B));
    expect(r.asymmetry).toBe(2); // |2 − 4| and |−1 − 1|
    expect(Array.from(r.matrix.data)).toEqual([1, 3, 0, 3, 3, 0, 0, 0, 5]);
  });

  it('handles dim 0 and rejects bad arguments with coded errors', () => {
    expect(hessianFromHvp(0, () => {}).matrix.data.length).toBe(0);
    expectCode(
      () => hessianFromHvp(-1, () => {}),
      ArgumentError,
      'E_ARG_RANGE',
      'hessianFromHvp: invalid argument. dim must be a non-negative integer below 2^31. Value: -1.',
    );
    expectCode(
      () => hessianFromHvp(2, 'x' as never),
      ArgumentError,
      'E_ARG_TYPE',
      'hessianFromHvp: invalid argument. hvp must be a function. Value: "x".',
    );
  });
});

describe('symmetrize', () => {
  it('works in place, keeps the diagonal and returns the asymmetry (NaN propagates)', () => {
    const A = fromRows([
      [1, 2],
      [5, 3],
    ]);
    expect(symmetrize(A)).toBe(3);
    expect(Array.from(A.data)).toEqual([1, 3.5, 3.5, 3]);
    expect(
      symmetrize(
        fromRows([
          [1, Number.NaN],
          [0, 1],
        ]),
      ),
    ).toBeNaN();
    expectCode(
      () => symmetrize(fromRows([[1, 2]])),
      ShapeError,
      'E_SHAPE',
      'symmetrize: invalid argument. A must be square. Value: Matrix(1x2).',
    );
  });
});
