import { ArgumentError, fromRows, init, NonFiniteError, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { eye, knownSpectrum, teacherStudent } from '../test/fixtures/models.js';
import { matrixOperator } from './operator.js';
import { denseSpectrum, hessianSpectrum, lanczos } from './spectrum.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

/** Spectrum used for the large tests: separated ends and a dense bulk in [−1, 1]. */
function spectrum(n: number): Float64Array {
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) lam[i] = -1 + (2 * i) / (n - 1);
  const top = [10, 9, 8.5, 8, 7.5];
  const bottom = [-6, -5, -4.5, -4, -3.8];
  top.forEach((v, i) => {
    lam[n - 1 - i] = v;
  });
  bottom.forEach((v, i) => {
    lam[i] = v;
  });
  return lam;
}

describe('denseSpectrum', () => {
  it('½(ab − 1)² at the origin: eigenvalues ±1; residual and error bound reported', () => {
    const r = denseSpectrum(
      fromRows([
        [0, -1],
        [-1, 0],
      ]),
      { vectors: true },
    );
    expect(r.values[0]).toBeCloseTo(-1, 15);
    expect(r.values[1]).toBeCloseTo(1, 15);
    expect(r.norm).toBeCloseTo(1, 15);
    expect(r.maxResidual!).toBeLessThanOrEqual(10 * 2 * EPS);
    expect(r.errorBound).toBeCloseTo(20 * EPS, 20);
  });

  it('recovers a known spectrum (n = 300) within its a-priori bound', () => {
    const lam = spectrum(300);
    const A = knownSpectrum(lam, 5);
    const r = denseSpectrum(A, { vectors: true });
    const sorted = Float64Array.from(lam).sort();
    // Forming A = QΛQᵀ in floating point perturbs it by O(nε‖A‖) as well: allow twice the solver's bound.
    for (let i = 0; i < 300; i++)
      expect(Math.abs(r.values[i]! - sorted[i]!)).toBeLessThanOrEqual(2 * r.errorBound);
    expect(r.maxResidual!).toBeLessThanOrEqual(r.errorBound);
  });

  it('hessianSpectrum: teacher–student at W = V has λ_min = ¼ − 1/(2π) (P4 Theorem 3, k = d = 3)', () => {
    const r = hessianSpectrum(teacherStudent(3, eye(3)), eye(3).data);
    expect(r.hessian.method).toBe('exact');
    expect(Math.abs(r.values[0]! - (0.25 - 1 / (2 * Math.PI)))).toBeLessThanOrEqual(r.errorBound);
    expect(Math.abs(r.values[8]! - 1.22019)).toBeLessThan(5e-6); // spec §4.2: max eigenvalue 1.22019 (k = 3)
  });

  it('n = 0 is fine; bad input throws coded errors', () => {
    const r = denseSpectrum({ rows: 0, cols: 0, data: new Float64Array(0) });
    expect(r.values.length).toBe(0);
    expectCode(
      () => denseSpectrum({ rows: 2, cols: 3, data: new Float64Array(6) }),
      ShapeError,
      'E_SHAPE',
      'denseSpectrum: invalid argument. A must be square. Value: Matrix(2x3).',
    );
    expectCode(
      () =>
        denseSpectrum(
          fromRows([
            [1, 2],
            [0, 1],
          ]),
        ),
      ArgumentError,
      'E_ARG_RANGE',
      'denseSpectrum: invalid argument. A must be symmetric to 1e-12·max|a| (|a[1][0] − a[0][1]| is too large). Value: 2.',
    );
    expectCode(
      () =>
        denseSpectrum(
          fromRows([
            [1, Number.NaN],
            [0, 1],
          ]),
        ),
      NonFiniteError,
      'E_NONFINITE',
      'denseSpectrum: invalid argument. A.data[1] must be finite. Value: NaN.',
    );
    expectCode(
      () => denseSpectrum('x' as never),
      ArgumentError,
      'E_ARG_TYPE',
      'denseSpectrum: invalid argument. A must be a Matrix { rows, cols, data }. Value: "x".',
    );
  });
});

describe('lanczos', () => {
  it('n = 2000 explicit matrix: 5 largest and 5 smallest within the residual bound, residuals small', () => {
    const n = 2000;
    const lam = spectrum(n);
    const A = knownSpectrum(lam, 11);
    const op = matrixOperator(A);
    const sorted = Float64Array.from(lam).sort();
    // Forming A perturbs the spectrum by at most ‖E‖₂ ≤ c·nε·‖A‖ (two reflectors, a few roundings per entry).
    const formErr = 8 * n * EPS * 10;
    const top = lanczos(op, { k: 5, which: 'largest', maxIters: 200, seed: 1 });
    expect(top.converged).toBe(true);
    expect(top.iterations).toBeLessThan(200);
    for (let i = 0; i < 5; i++) {
      // Some eigenvalue lies within ‖r‖ of θ (Parlett Thm 11.5.1); the ends are separated, so it is λ_{n−i}.
      expect(Math.abs(top.values[i]! - sorted[n - 1 - i]!)).toBeLessThanOrEqual(top.residuals[i]! + formErr);
      expect(top.residuals[i]!).toBeLessThanOrEqual(1e-10 * top.normEstimate * 10);
      // unit vectors
      let s = 0;
      for (const v of top.vectors[i]!) s += v * v;
      expect(Math.abs(s - 1)).toBeLessThan(1e-13);
    }
    // Ritz vectors of distinct, well-separated Ritz values are orthogonal to O(ε·‖A‖/gap) with full
    // reorthogonalisation (gap ≥ 0.5, ‖A‖ = 10): far below 1e−12.
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < i; j++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += top.vectors[i]![t]! * top.vectors[j]![t]!;
        expect(Math.abs(s)).toBeLessThan(1e-12);
      }
    const bot = lanczos(op, { k: 5, which: 'smallest', maxIters: 200, seed: 2 });
    expect(bot.converged).toBe(true);
    for (let i = 0; i < 5; i++)
      expect(Math.abs(bot.values[i]! - sorted[i]!)).toBeLessThanOrEqual(bot.residuals[i]! + formErr);
    // Estimates and computed residuals agree (full reorthogonalisation keeps the recurrence honest).
    for (let i = 0; i < 5; i++)
      expect(bot.residualEstimates[i]!).toBeLessThanOrEqual(1e-9 * bot.normEstimate);
  });

  it('agrees with the dense solver on a random symmetric matrix (n = 200), both ends and magnitude', () => {
    const n = 200;
    const A = knownSpectrum(
      Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 7 === 0 ? 5 : 0)),
      3,
    );
    const dense = denseSpectrum(A);
    const op = matrixOperator(A);
    const both = lanczos(op, { k: 4, which: 'both-ends', maxIters: n, seed: 4 });
    const want = [dense.values[0]!, dense.values[1]!, dense.values[n - 2]!, dense.values[n - 1]!];
    for (let i = 0; i < 4; i++)
      expect(Math.abs(both.values[i]! - want[i]!)).toBeLessThanOrEqual(both.residuals[i]! + dense.errorBound);
    const mag = lanczos(op, { k: 1, which: 'largest-magnitude', maxIters: n, seed: 5 });
    const big =
      Math.abs(dense.values[0]!) > Math.abs(dense.values[n - 1]!) ? dense.values[0]! : dense.values[n - 1]!;
    expect(Math.abs(mag.values[0]! - big)).toBeLessThanOrEqual(mag.residuals[0]! + dense.errorBound);
  });

  it('an invariant Krylov space restarts and still finds the ends (diagonal, e_0 start)', () => {
    const A = fromRows([
      [3, 0, 0],
      [0, -2, 0],
      [0, 0, 1],
    ]);
    const r = lanczos(matrixOperator(A), { k: 3, which: 'largest', start: Float64Array.of(1, 0, 0) });
    expect(Array.from(r.values)).toEqual([3, 1, -2]);
    expect(r.converged).toBe(true);
  });

  it('is deterministic in the seed and throws coded errors', () => {
    const A = knownSpectrum(spectrum(50), 1);
    const a = lanczos(matrixOperator(A), { k: 2, seed: 9 });
    const b = lanczos(matrixOperator(A), { k: 2, seed: 9 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    const op = matrixOperator(A);
    expectCode(
      () => lanczos(op, { k: 51 }),
      ArgumentError,
      'E_ARG_RANGE',
      'lanczos: invalid argument. options.k must be an integer in [0, 50]. Value: 51.',
    );
    expectCode(
      () => lanczos(op, { k: 5, maxIters: 3 }),
      ArgumentError,
      'E_ARG_RANGE',
      'lanczos: invalid argument. options.maxIters must be at least k = 5. Value: 3.',
    );
    expectCode(
      () => lanczos(op, { tol: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'lanczos: invalid argument. options.tol must be a positive number. Value: 0.',
    );
    expectCode(
      () => lanczos(op, { which: 'middle' as never }),
      ArgumentError,
      'E_ARG_RANGE',
      'lanczos: invalid argument. options.which must be one of largest, smallest, both-ends, largest-magnitude. Value: "middle".',
    );
    expectCode(
      () => lanczos(op, { start: new Float64Array(50) }),
      ArgumentError,
      'E_ARG_RANGE',
      'lanczos: invalid argument. options.start must be nonzero. Value: Float64Array(length 50).',
    );
    expectCode(
      () => lanczos(op, { start: new Float64Array(3) }),
      ShapeError,
      'E_SHAPE',
      'lanczos: invalid argument. options.start.length must equal 50. Value: 3.',
    );
    expectCode(
      () => lanczos({ dim: 2 } as never),
      ArgumentError,
      'E_ARG_TYPE',
      'lanczos: invalid argument. op.apply must be a function. Value: undefined.',
    );
    const nanOp = { dim: 3, apply: (_x: Float64Array, out: Float64Array) => out.fill(Number.NaN) };
    expectCode(
      () => lanczos(nanOp),
      NonFiniteError,
      'E_NONFINITE',
      'lanczos: invalid argument. op.apply(x) must return finite values. Value: NaN.',
    );
    expect(lanczos({ dim: 0, apply: () => {} }).values.length).toBe(0);
  });
});
