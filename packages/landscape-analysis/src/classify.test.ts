import { ArgumentError, fromRows, init, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle, knownSpectrum, monkeySaddle, quadratic } from '../test/fixtures/models.js';
import { classify } from './classify.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

describe('classify', () => {
  it('½(ab − 1)² at the origin: strict saddle of index 1, eigenvalues ±1 (exact, HVP and FD Hessians)', () => {
    for (const parts of [{}, { hessian: false, hvp: true }, { hessian: false }]) {
      const c = classify(abSaddle(parts), Float64Array.of(0, 0));
      expect(c.label).toBe('strict-saddle');
      expect(c.index).toBe(1);
      expect(c.inertia).toEqual({ negative: 1, zero: 0, positive: 1 });
      expect(c.lambdaMin).toBeCloseTo(-1, 8);
      expect(c.lambdaMax).toBeCloseTo(1, 8);
      expect(c.gradNorm).toBe(0);
      expect(c.zeroTolSource).toBe('default');
    }
  });

  it('the monkey saddle x³ − 3xy² at 0 is degenerate, never a minimum (exact and FD Hessians)', () => {
    for (const parts of [{}, { hessian: false }]) {
      const c = classify(monkeySaddle(parts), Float64Array.of(0, 0));
      expect(c.label).toBe('degenerate');
      expect(c.inertia).toEqual({ negative: 0, zero: 2, positive: 0 });
    }
  });

  it('quadratics with known spectra: minimum, maximum, saddle index, degenerate', () => {
    const mk = (lam: number[]) => knownSpectrum(Float64Array.from(lam), 3);
    expect(classify(mk([1, 2, 3, 4])).label).toBe('local-minimum');
    expect(classify(mk([-1, -2, -3])).label).toBe('local-maximum');
    const s = classify(mk([-1, -2, 3, 4, 5]));
    expect(s.label).toBe('strict-saddle');
    expect(s.index).toBe(2);
    // A zero eigenvalue with only positive ones: degenerate, not a minimum (f = x⁴ + y² has the same Hessian).
    expect(classify(mk([0, 1, 2])).label).toBe('degenerate');
    // Zero with only negative ones: degenerate too (x³ − y² at 0 is not a maximum).
    expect(classify(mk([0, -1, -2])).label).toBe('degenerate');
    // Negative and positive with a zero: still a strict saddle (λ_min < 0 decides).
    expect(classify(mk([0, -1, 2])).label).toBe('strict-saddle');
    // Not a critical point: reported, not hidden. ∇f = Ax with spec(A) = {1, 5}, so λ_min‖x‖ ≤ ‖∇f‖ ≤ λ_max‖x‖
    // (1e-14 relative covers the rounding of A = QΛQᵀ built from two reflections and of the 2×2 product).
    const q = classify(quadratic(mk([1, 5])), Float64Array.of(0.1, 0.2));
    const nx = Math.hypot(0.1, 0.2);
    expect(q.gradNorm).toBeGreaterThanOrEqual(nx * (1 - 1e-14));
    expect(q.gradNorm).toBeLessThanOrEqual(5 * nx * (1 + 1e-14));
    expect(q.label).toBe('local-minimum'); // the Hessian's label; gradNorm says the point is not critical
  });

  it('the default tolerance is 100·n·ε·‖H‖₂; an explicit tolerance overrides it and is reported', () => {
    const H = fromRows([
      [1e-13, 0],
      [0, 1],
    ]);
    const d = classify(H);
    expect(d.zeroTol).toBeCloseTo(100 * 2 * EPS, 25);
    expect(d.label).toBe('local-minimum'); // 1e−13 > 100·2·ε·1 ≈ 4.4e−14
    const o = classify(H, { zeroTol: 1e-12 });
    expect(o.label).toBe('degenerate');
    expect(o.zeroTol).toBe(1e-12);
    expect(o.zeroTolSource).toBe('option');
  });

  it("with vectors: unit eigenvectors, one per eigenvalue (H v_j = λ_j v_j to the solver's backward error)", () => {
    const H = fromRows([
      [2, 1, 0],
      [1, -3, 0.5],
      [0, 0.5, 1],
    ]);
    expect(classify(H).eigenvectors).toBeUndefined();
    const c = classify(H, { vectors: true });
    const V = c.eigenvectors!;
    expect([V.rows, V.cols]).toEqual([3, 3]);
    for (let j = 0; j < 3; j++) {
      const v = [0, 1, 2].map((i) => V.data[i * 3 + j]!);
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(16 * EPS);
      for (let i = 0; i < 3; i++) {
        const hv = H.data[i * 3]! * v[0]! + H.data[i * 3 + 1]! * v[1]! + H.data[i * 3 + 2]! * v[2]!;
        // Backward-stable solver: ‖Hv − λv‖ = O(nε‖H‖₂), ‖H‖₂ < 4 here.
        expect(Math.abs(hv - c.eigenvalues[j]! * v[i]!)).toBeLessThan(100 * 3 * EPS * 4);
      }
    }
    expectCode(
      () => classify(H, { vectors: 1 as never }),
      ArgumentError,
      'E_ARG_TYPE',
      'classify: invalid argument. options.vectors must be a boolean. Value: 1.',
    );
  });

  it('throws coded errors', () => {
    expectCode(
      () => classify(fromRows([[1, 2]])),
      ShapeError,
      'E_SHAPE',
      'denseSpectrum: invalid argument. A must be square. Value: Matrix(1x2).',
    );
    expectCode(
      () => classify(fromRows([[1]]), { zeroTol: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'classify: invalid argument. options.zeroTol must be a non-negative number. Value: -1.',
    );
    expectCode(
      () => classify(abSaddle(), Float64Array.of(0)),
      ShapeError,
      'E_SHAPE',
      'classify: invalid argument. theta.length must equal 2. Value: 1.',
    );
    expectCode(
      () => classify(42 as never),
      ArgumentError,
      'E_ARG_TYPE',
      'classify: invalid argument. input must be a Hessian Matrix or an Objective. Value: 42.',
    );
  });
});
