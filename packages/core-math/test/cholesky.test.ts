// Cholesky factorisation and solves on both backends, with Higham's componentwise bounds (Accuracy and Stability
// of Numerical Algorithms, 2nd ed., Thm 10.3 and 10.4), γ_k = k·u/(1 − k·u), u = 2^-53:
//   factor:  |LLᵀ − A| ≤ γ_{n+1}·|L||Lᵀ|        solve:  |b − A x̂| ≤ γ_{3n+1}·|L||Lᵀ||x̂|   (entrywise)
import { describe, expect, it } from 'vitest';
import { type BackendName, ctx, init } from '../src/backend.js';
import { cholesky, choleskySolve, symEigen } from '../src/eigen.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../src/errors.js';
import { fromRows, type Matrix, matrix } from '../src/matrix.js';
import { Rng } from '../src/rng.js';
import { expectCode } from './helpers.js';

const U = Number.EPSILON / 2;
const gamma = (k: number): number => (k * U) / (1 - k * U);
const BACKENDS: BackendName[] = ['wasm-simd', 'reference'];
const SIZES = [0, 1, 2, 3, 7, 8, 9, 64, 129];

/** A = GGᵀ + I with Gaussian G: symmetric positive definite, moderately conditioned. */
function randSpd(n: number, seed: number): Matrix {
  const r = new Rng(seed);
  const G = r.fillNormal(new Float64Array(n * n));
  const A = matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += G[i * n + k]! * G[j * n + k]!;
      A.data[i * n + j] = s;
      A.data[j * n + i] = s;
    }
  return A;
}

/** (|L||Lᵀ|)_ij. */
function absLLt(L: Matrix): Float64Array {
  const n = L.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++)
        s += Math.abs(L.data[i * n + k]!) * Math.abs(L.data[j * n + k]!);
      out[i * n + j] = s;
    }
  return out;
}

for (const be of BACKENDS) {
  describe(`cholesky on ${be}`, () => {
    it('LLᵀ = A within γ_{n+1}|L||Lᵀ|, L lower triangular with positive diagonal', async () => {
      await init({ backend: be });
      for (const n of SIZES) {
        const A = randSpd(n, 10 + n);
        const res = cholesky(A);
        expect(res.ok).toBe(true);
        if (!res.ok) continue;
        const L = res.L;
        expect(L.rows).toBe(n);
        for (let i = 0; i < n; i++) {
          expect(L.data[i * n + i]!).toBeGreaterThan(0);
          for (let j = i + 1; j < n; j++) expect(L.data[i * n + j]).toBe(0);
        }
        const bound = absLLt(L);
        const g = gamma(n + 1);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += L.data[i * n + k]! * L.data[j * n + k]!;
            // The check's own product adds at most γ_n|L||Lᵀ|: allow γ_{n+1} + γ_n.
            expect(Math.abs(s - A.data[i * n + j]!)).toBeLessThanOrEqual((g + gamma(n)) * bound[i * n + j]!);
          }
      }
    });

    it('reports the first leading minor that is not positive definite', async () => {
      await init({ backend: be });
      expect(
        cholesky(
          fromRows([
            [4, 2, 0, 0],
            [2, 5, 0, 0],
            [0, 0, -1, 0],
            [0, 0, 0, 3],
          ]),
        ),
      ).toEqual({ ok: false, failedAt: 2 });
      // Indefinite through coupling: the 2×2 minor [[1, 2], [2, 1]] has determinant −3.
      expect(
        cholesky(
          fromRows([
            [1, 2],
            [2, 1],
          ]),
        ),
      ).toEqual({ ok: false, failedAt: 1 });
      // Positive semidefinite but singular: the zero pivot is not accepted.
      expect(cholesky(fromRows([[0]]))).toEqual({ ok: false, failedAt: 0 });
      const r = cholesky(
        fromRows([
          [4, 2],
          [2, 3],
        ]),
      );
      expect(r.ok && Array.from(r.L.data)).toEqual([2, 0, 1, Math.SQRT2]);
    });

    it('choleskySolve: |b − Ax̂| ≤ γ_{3n+1}|L||Lᵀ||x̂| for vector and matrix right-hand sides', async () => {
      await init({ backend: be });
      for (const n of SIZES) {
        const A = randSpd(n, 50 + n);
        const res = cholesky(A);
        if (!res.ok) throw new Error('not SPD');
        const M = absLLt(res.L);
        const r = new Rng(n);
        const b = r.fillNormal(new Float64Array(n));
        const nrhs = 3;
        const B = { rows: n, cols: nrhs, data: r.fillNormal(new Float64Array(n * nrhs)) };
        const x = choleskySolve(A, b);
        expect(x).toBeInstanceOf(Float64Array);
        const X = choleskySolve(A, B);
        expect(X.rows).toBe(n);
        expect(X.cols).toBe(nrhs);
        const g = gamma(3 * n + 1) + gamma(n); // + the check's own product A·x̂
        for (let c = 0; c <= nrhs; c++) {
          const xs = (k: number): number => (c === nrhs ? x[k]! : X.data[k * nrhs + c]!);
          const bs = (i: number): number => (c === nrhs ? b[i]! : B.data[i * nrhs + c]!);
          for (let i = 0; i < n; i++) {
            let s = 0;
            let m = 0;
            for (let k = 0; k < n; k++) {
              s += A.data[i * n + k]! * xs(k);
              m += Math.max(M[i * n + k]!, Math.abs(A.data[i * n + k]!)) * Math.abs(xs(k));
            }
            expect(Math.abs(bs(i) - s)).toBeLessThanOrEqual(g * m);
          }
        }
      }
    });

    it('does not leak heap memory, on success or on failure', async () => {
      await init({ backend: be });
      const heap = ctx().heap;
      const before = heap.inUse;
      cholesky(randSpd(10, 1));
      cholesky(fromRows([[-1]]));
      choleskySolve(randSpd(10, 1), new Float64Array(10).fill(1));
      expect(() => choleskySolve(fromRows([[-1]]), Float64Array.of(1))).toThrow(
        expect.objectContaining({
          code: 'E_ARG_RANGE',
          message:
            'choleskySolve: invalid argument. A must be positive definite. Value: its leading minor of order 1 is not.',
        }),
      );
      expect(heap.inUse).toBe(before);
    });
  });
}

describe('cholesky parity (wasm vs reference)', () => {
  it('factors agree within the first-order perturbation bound of the Cholesky factor', async () => {
    for (const n of SIZES) {
      if (n === 0) continue;
      const A = randSpd(n, 900 + n);
      await init({ backend: 'wasm-simd' });
      const w = cholesky(A);
      const { values } = symEigen(A, { vectors: false });
      await init({ backend: 'reference' });
      const r = cholesky(A);
      if (!w.ok || !r.ok) throw new Error('not SPD');
      // Each factor is exact for A + ΔA with ‖ΔA‖_F ≤ γ_{n+1}‖|L||Lᵀ|‖_F ≤ γ_{n+1}·tr(A) (‖|L||Lᵀ|‖_F ≤ ‖L‖_F²).
      // Sun (BIT 31, 1991): ‖ΔL‖_F ≤ 2^{-1/2}·κ₂(A)·‖ΔA‖_F/‖A‖₂·‖L‖₂ to first order, ‖L‖₂ = ‖A‖₂^{1/2}; we drop the
      // 2^{-1/2} to cover second-order terms and add the two backends' errors.
      const lmax = values[n - 1]!;
      const kappa = lmax / values[0]!;
      let tr = 0;
      for (let i = 0; i < n; i++) tr += A.data[i * n + i]!;
      let d = 0;
      for (let k = 0; k < n * n; k++) d += (w.L.data[k]! - r.L.data[k]!) ** 2;
      expect(Math.sqrt(d)).toBeLessThanOrEqual((2 * kappa * gamma(n + 1) * tr) / Math.sqrt(lmax));
    }
  });
});

describe('cholesky bad input', () => {
  it('shape, type, non-finite, not positive definite', async () => {
    await init({ backend: 'wasm-simd' });
    expectCode(
      () => cholesky(matrix(2, 3)),
      ShapeError,
      'E_SHAPE',
      'cholesky: invalid argument. A must be square. Value: Matrix(2x3).',
    );
    expectCode(
      () => cholesky({ rows: 1, cols: 1, data: [1] as unknown as Float64Array }),
      ArgumentError,
      'E_ARG_TYPE',
      'cholesky: invalid argument. A.data must be a Float64Array. Value: Array(length 1).',
    );
    expectCode(
      () =>
        cholesky(
          fromRows([
            [1, Number.NaN],
            [Number.NaN, 1],
          ]),
        ),
      NonFiniteError,
      'E_NONFINITE',
      'cholesky: invalid argument. A.data[1] must be finite. Value: NaN.',
    );
    const A = fromRows([
      [2, 1],
      [1, 2],
    ]);
    expectCode(
      () => choleskySolve(A, Float64Array.of(1)),
      ShapeError,
      'E_SHAPE',
      'choleskySolve: invalid argument. B.length must equal 2. Value: 1.',
    );
    expectCode(
      () => choleskySolve(A, matrix(3, 1)),
      ShapeError,
      'E_SHAPE',
      'choleskySolve: invalid argument. B.rows must equal A.rows = 2. Value: 3.',
    );
    expectCode(
      () => choleskySolve(A, [1, 2] as unknown as Float64Array),
      ArgumentError,
      'E_ARG_TYPE',
      'choleskySolve: invalid argument. B.rows must be a number. Value: undefined.',
    );
    expectCode(
      () => choleskySolve(A, Float64Array.of(1, Infinity)),
      NonFiniteError,
      'E_NONFINITE',
      'choleskySolve: invalid argument. B[1] must be finite. Value: Infinity.',
    );
    expectCode(
      () =>
        choleskySolve(
          fromRows([
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, -2],
          ]),
          Float64Array.of(1, 1, 1),
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'choleskySolve: invalid argument. A must be positive definite. Value: its leading minor of order 3 is not.',
    );
  });
});
