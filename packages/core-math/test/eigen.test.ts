// Symmetric and tridiagonal eigensolvers, solveSymmetric and pinvSymmetric, on both backends: tested by properties
// (residual, orthogonality, ordering, invariants, known spectra), never by comparing eigenvectors entrywise.
//
// Tolerances come from backward stability. Householder tridiagonalisation and the implicit QL iteration give the
// exact decomposition of A + E with ‖E‖_F ≤ p(n)·ε·‖A‖_F, p(n) a modest multiple of n (Golub & Van Loan §8.3,
// Wilkinson). Hence ‖AV − VΛ‖_F ≤ C·n·ε·‖A‖_F, ‖VᵀV − I‖_F ≤ C·n·ε, and by Weyl each eigenvalue moves by at most
// ‖E‖₂ ≤ C·n·ε·‖A‖_F. These are the ratios LAPACK's own eigen tests compute (dchkst); ratios of O(1) are expected,
// C = 10 is the allowance for the constants of the two phases. ε = 2^-52.
import { describe, expect, it } from 'vitest';
import { type BackendName, ctx, init } from '../src/backend.js';
import { pinvSymmetric, solveSymmetric, symEigen, tridiagEigen } from '../src/eigen.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../src/errors.js';
import { fromRows, type Matrix, matrix } from '../src/matrix.js';
import { Rng } from '../src/rng.js';
import { expectCode } from './helpers.js';

const EPS = Number.EPSILON;
const C = 10;
const BACKENDS: BackendName[] = ['wasm-simd', 'reference'];

// ---------------------------------------------------------------------------------------------------------------
// Helpers (plain loops: the oracle side must not depend on the code under test).

function frob(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

function randSym(n: number, seed: number): Matrix {
  const r = new Rng(seed);
  const A = matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = r.normal();
      A.data[i * n + j] = v;
      A.data[j * n + i] = v;
    }
  return A;
}

/** A random orthogonal matrix as a product of n Householder reflectors I − 2uuᵀ/uᵀu with Gaussian u. */
function randOrthogonal(n: number, seed: number): Matrix {
  const r = new Rng(seed);
  const Q = matrix(n, n);
  for (let i = 0; i < n; i++) Q.data[i * n + i] = 1;
  const u = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    r.fillNormal(u);
    const uu = u.reduce((s, x) => s + x * x, 0);
    // Q ← Q (I − 2uuᵀ/uᵀu): each row q ← q − 2(q·u)/uᵀu · u.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Q.data[i * n + j]! * u[j]!;
      const f = (2 * s) / uu;
      for (let j = 0; j < n; j++) Q.data[i * n + j] = Q.data[i * n + j]! - f * u[j]!;
    }
  }
  return Q;
}

/** Q diag(λ) Qᵀ, symmetrised exactly (the lower triangle is mirrored). */
function withSpectrum(Q: Matrix, lambda: ArrayLike<number>): Matrix {
  const n = Q.rows;
  const A = matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q.data[i * n + k]! * lambda[k]! * Q.data[j * n + k]!;
      A.data[i * n + j] = s;
      A.data[j * n + i] = s;
    }
  return A;
}

function tridiagDense(d: ArrayLike<number>, e: ArrayLike<number>): Matrix {
  const n = d.length;
  const T = matrix(n, n);
  for (let i = 0; i < n; i++) T.data[i * n + i] = d[i]!;
  for (let i = 0; i < n - 1; i++) {
    T.data[i * n + i + 1] = e[i]!;
    T.data[(i + 1) * n + i] = e[i]!;
  }
  return T;
}

/** ‖AV − VΛ‖_F. */
function residual(A: Matrix, V: Matrix, w: Float64Array): number {
  const n = A.rows;
  let s = 0;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = V.data[i * n + j]!;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += A.data[i * n + k]! * col[k]!;
      const r = t - col[i]! * w[j]!;
      s += r * r;
    }
  }
  return Math.sqrt(s);
}

/** ‖VᵀV − I‖_F. */
function orthogonality(V: Matrix): number {
  const n = V.rows;
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += V.data[k * n + i]! * V.data[k * n + j]!;
      if (i === j) t -= 1;
      s += t * t;
    }
  return Math.sqrt(s);
}

function ascending(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1]! <= w[i]!)) return false;
  return true;
}

/** Asserts the residual, orthogonality and ordering bounds for a full decomposition of A. */
function expectDecomposition(A: Matrix, res: ReturnType<typeof symEigen>): void {
  const n = A.rows;
  expect(res.converged).toBe(true);
  expect(res.values.length).toBe(n);
  expect(ascending(res.values)).toBe(true);
  const V = res.vectors!;
  expect(V.rows).toBe(n);
  expect(V.cols).toBe(n);
  const nA = frob(A.data);
  // ‖AV − VΛ‖_F ≤ C·n·ε·‖A‖_F (backward stability, see the file header).
  expect(residual(A, V, res.values)).toBeLessThanOrEqual(C * Math.max(n, 1) * EPS * nA);
  // ‖VᵀV − I‖_F ≤ C·n·ε (products of exactly orthogonal transformations, each applied with O(ε) error).
  expect(orthogonality(V)).toBeLessThanOrEqual(C * Math.max(n, 1) * EPS);
}

/** Eigenvalues within Weyl's bound C·n·ε·scale of the exact ones (both sorted). */
function expectValuesNear(got: Float64Array, want: ArrayLike<number>, scale: number): void {
  const n = got.length;
  expect(n).toBe(want.length);
  const tol = C * Math.max(n, 1) * EPS * scale;
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

// ---------------------------------------------------------------------------------------------------------------

for (const be of BACKENDS) {
  describe(`symEigen on ${be}`, () => {
    it('decomposes random symmetric matrices of awkward sizes', async () => {
      await init({ backend: be });
      for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 64, 65]) {
        const A = randSym(n, 100 + n);
        const res = symEigen(A);
        expectDecomposition(A, res);
        // Invariants: Σλ = tr A within √n·‖E‖_F; ‖λ‖₂ = ‖A‖_F within ‖E‖_F (E the backward error).
        let tr = 0;
        for (let i = 0; i < n; i++) tr += A.data[i * n + i]!;
        const nA = frob(A.data);
        const sum = res.values.reduce((s, x) => s + x, 0);
        expect(Math.abs(sum - tr)).toBeLessThanOrEqual(C * n * Math.sqrt(n) * EPS * nA);
        expect(Math.abs(frob(res.values) - nA)).toBeLessThanOrEqual(C * n * EPS * nA);
      }
    });

    it('n = 0 and n = 1', async () => {
      await init({ backend: be });
      const r0 = symEigen(matrix(0, 0));
      expect(r0.values.length).toBe(0);
      expect(r0.vectors).toEqual({ rows: 0, cols: 0, data: new Float64Array(0) });
      expect(r0.converged).toBe(true);
      const r1 = symEigen(fromRows([[-3.5]]));
      expect(Array.from(r1.values)).toEqual([-3.5]);
      expect(Array.from(r1.vectors!.data)).toEqual([1]);
    });

    it('recovers a prescribed spectrum Q·diag(λ)·Qᵀ', async () => {
      await init({ backend: be });
      const n = 40;
      const lambda = Array.from({ length: n }, (_, i) => (i - 17) * 0.75 + (i % 3) * 0.01);
      const A = withSpectrum(randOrthogonal(n, 7), lambda);
      const res = symEigen(A);
      expectDecomposition(A, res);
      const sorted = [...lambda].sort((a, b) => a - b);
      // Weyl: |λ̂_i − λ_i| ≤ ‖E‖₂ + (rounding in forming A, also O(nε‖A‖)) ≤ C·n·ε·max|λ| up to the factor 2 below.
      expectValuesNear(res.values, sorted, 2 * Math.max(...lambda.map(Math.abs)));
    });

    it('diagonal matrices, the identity and a rank-1 matrix (repeated eigenvalues)', async () => {
      await init({ backend: be });
      const diag = [3, -1, 2, 0, 2, 5];
      const D = matrix(6, 6);
      diag.forEach((v, i) => {
        D.data[i * 6 + i] = v;
      });
      const rd = symEigen(D);
      expectDecomposition(D, rd);
      expect(Array.from(rd.values)).toEqual([-1, 0, 2, 2, 3, 5]); // already diagonal: exact

      const n = 50;
      const I = matrix(n, n);
      for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
      const ri = symEigen(I);
      expectDecomposition(I, ri);
      expect(ri.values.every((v) => v === 1)).toBe(true);

      const u = new Rng(3).fillNormal(new Float64Array(n));
      const U = matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) U.data[i * n + j] = u[i]! * u[j]!;
      const ru = symEigen(U);
      expectDecomposition(U, ru);
      const uu = u.reduce((s, x) => s + x * x, 0);
      const want = new Float64Array(n);
      want[n - 1] = uu;
      expectValuesNear(ru.values, want, uu);
    });

    it('tightly clustered eigenvalues (1, 1 + 1e-10, …) keep an orthonormal basis', async () => {
      await init({ backend: be });
      const n = 30;
      const lambda = Array.from({ length: n }, (_, i) =>
        i < 10 ? 1 + i * 1e-10 : i < 20 ? -2 + (i - 10) * 1e-14 : i,
      );
      const A = withSpectrum(randOrthogonal(n, 11), lambda);
      const res = symEigen(A);
      expectDecomposition(A, res);
      expectValuesNear(
        res.values,
        [...lambda].sort((a, b) => a - b),
        2 * (n - 1),
      );
    });

    it('zero matrix, Wilkinson W21+ (nearly double eigenvalues), entries spanning 1e-150…1e150', async () => {
      await init({ backend: be });
      const Z = matrix(12, 12);
      const rz = symEigen(Z);
      expectDecomposition(Z, rz);
      expect(rz.values.every((v) => v === 0)).toBe(true);

      // W21+: diagonal |10 − i|, off-diagonal 1; its two largest eigenvalues agree to about 1e-14.
      const n = 21;
      const W = tridiagDense(
        Array.from({ length: n }, (_, i) => Math.abs(10 - i)),
        new Array(n - 1).fill(1),
      );
      const rw = symEigen(W);
      expectDecomposition(W, rw);
      expect(rw.values[n - 1]! - rw.values[n - 2]!).toBeLessThan(1e-12);
      // Reference value from LAPACK (NumPy eigvalsh); both it and ours carry the Weyl error C·n·ε·‖W‖₂, ‖W‖₂ < 10.75.
      expect(Math.abs(rw.values[n - 1]! - 10.746194182903393)).toBeLessThanOrEqual(2 * C * n * EPS * 10.75);

      // Graded diagonal plus a tiny coupling: backward stability only promises O(nε·max|λ|) absolute accuracy.
      const m = 8;
      const G = matrix(m, m);
      for (let i = 0; i < m; i++) G.data[i * m + i] = 10 ** (150 - 300 * (i / (m - 1)));
      G.data[1] = G.data[m] = 1e-160;
      const rg = symEigen(G);
      expectDecomposition(G, rg);
      expectValuesNear(
        rg.values,
        Array.from({ length: m }, (_, i) => G.data[i * m + i]!).sort((a, b) => a - b),
        1e150,
      );
    });

    it('the 1-2-1 matrix has eigenvalues 2 − 2cos(jπ/(n+1))', async () => {
      await init({ backend: be });
      const n = 100;
      const T = tridiagDense(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
      const want = Array.from({ length: n }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1)));
      const res = symEigen(T);
      expectDecomposition(T, res);
      expectValuesNear(res.values, want, 4);
    });

    it('extreme scales: A·2^±900 gives λ·2^±900 (power-of-two scaling inside the kernel)', async () => {
      await init({ backend: be });
      const n = 20;
      const A = randSym(n, 5);
      const base = symEigen(A);
      for (const k of [900, -900]) {
        const f = 2 ** k;
        const As = { rows: n, cols: n, data: A.data.map((x) => x * f) };
        const res = symEigen(As);
        expect(res.values.every(Number.isFinite)).toBe(true);
        expectDecomposition(As, res);
        // Same matrix up to an exact power of two: values agree with the unscaled run within the backward bounds.
        expectValuesNear(
          res.values.map((x) => x / f),
          base.values,
          2 * frob(A.data),
        );
      }
    });

    it('values only: same eigenvalues as with vectors, no vectors key', async () => {
      await init({ backend: be });
      const A = randSym(37, 9);
      const full = symEigen(A);
      const only = symEigen(A, { vectors: false });
      expect(only.vectors).toBeUndefined();
      expect('vectors' in only).toBe(false);
      expect(only.converged).toBe(true);
      // Both are the eigenvalues of backward-perturbed copies of A: within 2·C·n·ε·‖A‖_F of each other.
      expectValuesNear(only.values, full.values, 2 * frob(A.data));
    });

    it('does not modify its input; check: false reads the lower triangle only', async () => {
      await init({ backend: be });
      const A = randSym(9, 21);
      const copy = A.data.slice();
      symEigen(A);
      expect(A.data).toEqual(copy);
      const skew = { rows: 9, cols: 9, data: A.data.slice() };
      for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) skew.data[i * 9 + j] = 1e3; // garbage upper part
      const r = symEigen(skew, { check: false });
      const ref = symEigen(A);
      expectValuesNear(r.values, ref.values, 2 * frob(A.data));
    });

    it('n = 300', async () => {
      await init({ backend: be });
      const A = randSym(300, 300);
      expectDecomposition(A, symEigen(A));
    });

    it('does not leak heap memory, on success or on error', async () => {
      await init({ backend: be });
      const heap = ctx().heap;
      const before = heap.inUse;
      symEigen(randSym(17, 1));
      symEigen(randSym(17, 1), { vectors: false });
      tridiagEigen(Float64Array.of(1, 2, 3), Float64Array.of(1, 1));
      solveSymmetric(randSym(6, 2), new Float64Array(6).fill(1));
      pinvSymmetric(randSym(6, 2));
      expect(() =>
        symEigen(
          fromRows([
            [1, 2],
            [3, 4],
          ]),
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'E_ARG_RANGE',
          message:
            'symEigen: invalid argument. A must be symmetric to within 1e-12·max|a_ij| = 4e-12. Value: |A[1][0] − A[0][1]| = 1.',
        }),
      );
      expect(heap.inUse).toBe(before);
    });
  });

  describe(`tridiagEigen on ${be}`, () => {
    it('1-2-1 values and vectors; random tridiagonals; inputs untouched', async () => {
      await init({ backend: be });
      for (const n of [1, 2, 3, 7, 64, 129]) {
        const d = new Float64Array(n).fill(2);
        const e = new Float64Array(n - 1).fill(-1);
        const res = tridiagEigen(d, e);
        const T = tridiagDense(d, e);
        expectDecomposition(T, res);
        const want = Array.from({ length: n }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1)));
        expectValuesNear(res.values, want, 4);
        expect(Array.from(d)).toEqual(new Array(n).fill(2));
        expect(Array.from(e)).toEqual(new Array(n - 1).fill(-1));

        const r = new Rng(n);
        const d2 = r.fillNormal(new Float64Array(n));
        const e2 = r.fillNormal(new Float64Array(n - 1));
        const T2 = tridiagDense(d2, e2);
        expectDecomposition(T2, tridiagEigen(d2, e2));
        expect(tridiagEigen(d2, e2, { vectors: false }).vectors).toBeUndefined();
      }
    });

    it('n = 0 and a split (reducible) tridiagonal', async () => {
      await init({ backend: be });
      const r0 = tridiagEigen(new Float64Array(0), new Float64Array(0));
      expect(r0.values.length).toBe(0);
      expect(r0.vectors!.data.length).toBe(0);
      const d = Float64Array.of(4, 1, 3, 2, 2);
      const e = Float64Array.of(0.5, 0, 0, 1e-300);
      const res = tridiagEigen(d, e);
      expectDecomposition(tridiagDense(d, e), res);
    });
  });

  describe(`solveSymmetric and pinvSymmetric on ${be}`, () => {
    // A = Q diag(λ) Qᵀ with λ = (3, −2, 4, −1, 0, 0, 1.5, 0): indefinite and singular with known range and null space.
    const n = 8;
    const lambda = [3, -2, 4, -1, 0, 0, 1.5, 0];
    const Q = randOrthogonal(n, 42);
    const A = withSpectrum(Q, lambda);
    const b = new Rng(43).fillNormal(new Float64Array(n));
    // Exact pseudo-inverse solution x* = Σ_{λ_k≠0} q_k (q_kᵀb)/λ_k and projection P b = Σ_{λ_k≠0} q_k (q_kᵀb).
    const xStar = new Float64Array(n);
    const pb = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      if (lambda[k] === 0) continue;
      let qb = 0;
      for (let i = 0; i < n; i++) qb += Q.data[i * n + k]! * b[i]!;
      for (let i = 0; i < n; i++) {
        xStar[i] = xStar[i]! + (Q.data[i * n + k]! * qb) / lambda[k]!;
        pb[i] = pb[i]! + Q.data[i * n + k]! * qb;
      }
    }
    // The backward error E (‖E‖ ≤ C·n·ε·‖A‖) moves the kept eigenvectors by O(‖E‖/gap) and 1/λ by O(‖E‖/λ²);
    // with |λ| ≥ 1 for the kept ones and ‖A‖_F = √(9+4+16+1+2.25) < 6, both terms are ≤ C·n·ε·6·‖b‖ up to factor 4.
    const tol = 4 * C * n * EPS * 6 * frob(b);

    it('gives the minimum-norm solution of a singular indefinite system', async () => {
      await init({ backend: be });
      const { x, rank, rcond, converged } = solveSymmetric(A, b);
      expect(converged).toBe(true);
      expect(rank).toBe(5);
      expect(rcond).toBe(n * EPS);
      let dx = 0;
      for (let i = 0; i < n; i++) dx = Math.max(dx, Math.abs(x[i]! - xStar[i]!));
      expect(dx).toBeLessThanOrEqual(tol);
      // A x equals the projection of b onto range(A).
      let r = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A.data[i * n + k]! * x[k]!;
        r = Math.max(r, Math.abs(s - pb[i]!));
      }
      expect(r).toBeLessThanOrEqual(6 * tol);
    });

    it('solves a nonsingular indefinite system exactly (rank n); rcond discards small eigenvalues', async () => {
      await init({ backend: be });
      const lam = [3, -2, 4, -1, 0.5, -0.25, 1.5, 2];
      const B = withSpectrum(Q, lam);
      const { x, rank } = solveSymmetric(B, b);
      expect(rank).toBe(n);
      let r = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += B.data[i * n + k]! * x[k]!;
        r = Math.max(r, Math.abs(s - b[i]!));
      }
      // ‖Bx − b‖ ≤ ‖E‖‖x‖ + rounding of the two products: ≤ C·n·ε·‖B‖_F·‖x‖ (×4 for the products).
      expect(r).toBeLessThanOrEqual(4 * C * n * EPS * frob(B.data) * frob(x));
      // |λ| ≤ 0.1·4 = 0.4 discards 0.25 only: rank 7.
      expect(solveSymmetric(B, b, { rcond: 0.1 }).rank).toBe(7);
      expect(solveSymmetric(B, b, { rcond: 2 }).rank).toBe(0);
      expect(Array.from(solveSymmetric(B, b, { rcond: 2 }).x)).toEqual(new Array(n).fill(0));
    });

    it('pinvSymmetric satisfies the Penrose conditions', async () => {
      await init({ backend: be });
      const { pinv: P, rank } = pinvSymmetric(A);
      expect(rank).toBe(5);
      const mul = (X: Matrix, Y: Matrix): Matrix => {
        const Z = matrix(n, n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += X.data[i * n + k]! * Y.data[k * n + j]!;
            Z.data[i * n + j] = s;
          }
        return Z;
      };
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(P.data[i * n + j]).toBe(P.data[j * n + i]);
      const diff = (X: Matrix, Y: Matrix): number => frob(X.data.map((v, k) => v - Y.data[k]!));
      // APA = A and PAP = P up to the backward error, amplified by ‖P‖ ≤ 1/min|λ_kept| = 1: C·n·ε·‖A‖_F scale.
      expect(diff(mul(mul(A, P), A), A)).toBeLessThanOrEqual(4 * C * n * EPS * 6 * 6);
      expect(diff(mul(mul(P, A), P), P)).toBeLessThanOrEqual(4 * C * n * EPS * 6 * 6);
      expect(pinvSymmetric(matrix(0, 0)).rank).toBe(0);
    });
  });
}

describe('wasm vs reference parity (eigenvalues, Weyl bound)', () => {
  it('agree within 2·C·n·ε·‖A‖_F over awkward sizes', async () => {
    for (const n of [0, 1, 2, 3, 7, 64, 65, 200]) {
      const A = randSym(n, 1000 + n);
      await init({ backend: 'wasm-simd' });
      const w = symEigen(A).values;
      const wv = symEigen(A, { vectors: false }).values;
      await init({ backend: 'reference' });
      const r = symEigen(A).values;
      // Each backend returns the exact eigenvalues of A + E_backend; Weyl bounds the difference by ‖E_w‖ + ‖E_r‖.
      expectValuesNear(w, r, 2 * frob(A.data));
      expectValuesNear(wv, r, 2 * frob(A.data));
      const d = new Rng(n).fillNormal(new Float64Array(n));
      const e = new Rng(n + 1).fillNormal(new Float64Array(Math.max(n - 1, 0)));
      await init({ backend: 'wasm-simd' });
      const tw = tridiagEigen(d, e).values;
      await init({ backend: 'reference' });
      const tr = tridiagEigen(d, e).values;
      expectValuesNear(tw, tr, 2 * (frob(d) + Math.SQRT2 * frob(e)));
    }
  });
});

describe('bad input', () => {
  it('symEigen: shape, type, non-finite, asymmetry, options', async () => {
    await init({ backend: 'wasm-simd' });
    expectCode(
      () => symEigen(matrix(2, 3)),
      ShapeError,
      'E_SHAPE',
      'symEigen: invalid argument. A must be square. Value: Matrix(2x3).',
    );
    expectCode(
      () => symEigen({ rows: 2, cols: 2, data: [1, 2, 2, 1] as unknown as Float64Array }),
      ArgumentError,
      'E_ARG_TYPE',
      'symEigen: invalid argument. A.data must be a Float64Array. Value: Array(length 4).',
    );
    expectCode(
      () => symEigen(null as unknown as Matrix),
      ArgumentError,
      'E_ARG_TYPE',
      'symEigen: invalid argument. A must be a Matrix { rows, cols, data }. Value: null.',
    );
    expectCode(
      () =>
        symEigen(
          fromRows([
            [1, 2],
            [2, Number.NaN],
          ]),
        ),
      NonFiniteError,
      'E_NONFINITE',
      'symEigen: invalid argument. A.data[3] must be finite. Value: NaN.',
    );
    expectCode(
      () =>
        symEigen(
          fromRows([
            [1, Infinity],
            [2, 1],
          ]),
        ),
      NonFiniteError,
      'E_NONFINITE',
      'symEigen: invalid argument. A.data[1] must be finite. Value: Infinity.',
    );
    const asym = fromRows([
      [1, 2, 3],
      [2, 1, 5],
      [3, 5.5, 1],
    ]);
    expectCode(
      () => symEigen(asym),
      ArgumentError,
      'E_ARG_RANGE',
      'symEigen: invalid argument. A must be symmetric to within 1e-12·max|a_ij| = 5.4999999999999996e-12. Value: |A[2][1] − A[1][2]| = 0.5.',
    );
    expect(symEigen(asym, { check: false }).converged).toBe(true);
    // Within the tolerance (1e-12·max|a|) the matrix counts as symmetric.
    expect(
      symEigen(
        fromRows([
          [1, 2],
          [2 + 1e-15, 1],
        ]),
      ).values.length,
    ).toBe(2);
    expectCode(
      () => symEigen(fromRows([[1]]), { vectors: 1 as unknown as boolean }),
      ArgumentError,
      'E_ARG_TYPE',
      'symEigen: invalid argument. opts.vectors must be a boolean. Value: 1.',
    );
    expectCode(
      () => symEigen(fromRows([[1]]), null as unknown as object),
      ArgumentError,
      'E_ARG_TYPE',
      'symEigen: invalid argument. opts must be an object. Value: null.',
    );
  });

  it('tridiagEigen: types, lengths, non-finite', async () => {
    await init({ backend: 'wasm-simd' });
    expectCode(
      () => tridiagEigen([1, 2] as unknown as Float64Array, Float64Array.of(1)),
      ArgumentError,
      'E_ARG_TYPE',
      'tridiagEigen: invalid argument. d must be a Float64Array. Value: Array(length 2).',
    );
    expectCode(
      () => tridiagEigen(Float64Array.of(1, 2), Float64Array.of(1, 2)),
      ShapeError,
      'E_SHAPE',
      'tridiagEigen: invalid argument. e.length must equal 1. Value: 2.',
    );
    expectCode(
      () => tridiagEigen(Float64Array.of(1), Float64Array.of(1)),
      ShapeError,
      'E_SHAPE',
      'tridiagEigen: invalid argument. e.length must equal 0. Value: 1.',
    );
    expectCode(
      () => tridiagEigen(Float64Array.of(1, 2), Float64Array.of(Number.NaN)),
      NonFiniteError,
      'E_NONFINITE',
      'tridiagEigen: invalid argument. e[0] must be finite. Value: NaN.',
    );
    expectCode(
      () => tridiagEigen(Float64Array.of(1, -Infinity), Float64Array.of(0)),
      NonFiniteError,
      'E_NONFINITE',
      'tridiagEigen: invalid argument. d[1] must be finite. Value: -Infinity.',
    );
  });

  it('solveSymmetric / pinvSymmetric: shapes, rcond, symmetry, non-finite b', async () => {
    await init({ backend: 'wasm-simd' });
    const A = fromRows([
      [2, 1],
      [1, 2],
    ]);
    expectCode(
      () => solveSymmetric(A, Float64Array.of(1)),
      ShapeError,
      'E_SHAPE',
      'solveSymmetric: invalid argument. b.length must equal 2. Value: 1.',
    );
    expectCode(
      () => solveSymmetric(A, Float64Array.of(1, Number.NaN)),
      NonFiniteError,
      'E_NONFINITE',
      'solveSymmetric: invalid argument. b[1] must be finite. Value: NaN.',
    );
    expectCode(
      () => solveSymmetric(A, Float64Array.of(1, 1), { rcond: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'solveSymmetric: invalid argument. opts.rcond must be finite and ≥ 0. Value: -1.',
    );
    expectCode(
      () => solveSymmetric(A, Float64Array.of(1, 1), { rcond: Number.NaN }),
      ArgumentError,
      'E_ARG_RANGE',
      'solveSymmetric: invalid argument. opts.rcond must be finite and ≥ 0. Value: NaN.',
    );
    expectCode(
      () => solveSymmetric(A, Float64Array.of(1, 1), { rcond: '1' as unknown as number }),
      ArgumentError,
      'E_ARG_TYPE',
      'solveSymmetric: invalid argument. opts.rcond must be a number. Value: "1".',
    );
    expectCode(
      () =>
        solveSymmetric(
          fromRows([
            [1, 2],
            [3, 4],
          ]),
          Float64Array.of(1, 1),
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'solveSymmetric: invalid argument. A must be symmetric to within 1e-12·max|a_ij| = 4e-12. Value: |A[1][0] − A[0][1]| = 1.',
    );
    expectCode(
      () => pinvSymmetric(matrix(2, 1)),
      ShapeError,
      'E_SHAPE',
      'pinvSymmetric: invalid argument. A must be square. Value: Matrix(2x1).',
    );
    expectCode(
      () =>
        pinvSymmetric(
          fromRows([
            [1, 2],
            [3, 4],
          ]),
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'pinvSymmetric: invalid argument. A must be symmetric to within 1e-12·max|a_ij| = 4e-12. Value: |A[1][0] − A[0][1]| = 1.',
    );
    expectCode(
      () => pinvSymmetric(A, { rcond: Infinity }),
      ArgumentError,
      'E_ARG_RANGE',
      'pinvSymmetric: invalid argument. opts.rcond must be finite and ≥ 0. Value: Infinity.',
    );
  });
});
