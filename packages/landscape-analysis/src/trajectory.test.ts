import { ArgumentError, init, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle, knownSpectrum, quadratic } from '../test/fixtures/models.js';
import { sharpnessAlong, trajectoryDiagnostics } from './trajectory.js';

beforeAll(async () => {
  await init();
});

describe('trajectoryDiagnostics', () => {
  it('a quadratic ½xᵀAx: aiming ≡ 2, PL ratio = ‖Ax‖²/(xᵀAx) ≥ λ_min, angle from first principles', () => {
    const lam = Float64Array.of(0.5, 1, 4);
    const A = knownSpectrum(lam, 7);
    const q = quadratic(A);
    const traj = [
      Float64Array.of(1, 2, 3),
      Float64Array.of(-0.5, 0.1, 0.2),
      Float64Array.of(0.01, 0, 0),
      new Float64Array(3),
    ];
    const d = trajectoryDiagnostics(q, traj, { deltas: [2, 1] });
    expect(d.fStarSource).toBe('reference');
    expect(d.fStar).toBe(0);
    // First principles, here: g = Ax, f = ½xᵀAx, x* = 0 (the last iterate is the reference). The quantities are
    // O(1) ratios of a few dot products of length 3: they agree with the diagnostics to 1e-12 relative.
    const Ax = (x: Float64Array) =>
      Float64Array.from(
        [0, 1, 2],
        (i) => A.data[3 * i]! * x[0]! + A.data[3 * i + 1]! * x[1]! + A.data[3 * i + 2]! * x[2]!,
      );
    const dotp = (u: Float64Array, v: Float64Array) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
    const near = (got: number, want: number) =>
      expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    for (let k = 0; k < 3; k++) {
      const x = traj[k]!;
      const g = Ax(x);
      const f = 0.5 * dotp(x, g);
      const gg = dotp(g, g);
      near(d.loss[k]!, f);
      near(d.gradNorm[k]!, Math.sqrt(gg));
      // ⟨Ax, x⟩/(½xᵀAx) = 2 exactly (quasar-convexity constant of a convex quadratic).
      near(d.aiming[k]!, 2);
      // ‖g‖²/(2(f − f*)) = ‖Ax‖²/(xᵀAx) ∈ [λ_min, λ_max] = [0.5, 4].
      near(d.plRatio[k]!, gg / (2 * f));
      expect(d.plRatio[k]!).toBeGreaterThanOrEqual(0.5 - 1e-12);
      expect(d.plRatio[k]!).toBeLessThanOrEqual(4 + 1e-12);
      near(d.cosAngle[k]!, dotp(g, x) / (Math.sqrt(gg) * Math.sqrt(dotp(x, x))));
      expect(d.cosAngle[k]!).toBeGreaterThan(0);
    }
    // At the reference itself every ratio is undefined: NaN, not a fake number.
    expect(Number.isNaN(d.plRatio[3]!)).toBe(true);
    expect(Number.isNaN(d.cosAngle[3]!)).toBe(true);
    expect(d.plMin).toBeGreaterThanOrEqual(0.5 - 1e-12);
    // Empirical PL at x₀ = (1, 2, 3) from g = Ax and f = ½xᵀAx: δ = 2 is 2 log‖g‖ − log(f − f*), δ = 1 is
    // 2 log‖g‖ − 2 log(f − f*) (logs of O(1–100) numbers: absolute error ≤ 1e-12).
    const g0 = Ax(traj[0]!);
    const f0 = 0.5 * dotp(traj[0]!, g0);
    expect(Math.abs(d.empiricalPL[0]!.values[0]! - (Math.log(dotp(g0, g0)) - Math.log(f0)))).toBeLessThan(
      1e-12,
    );
    expect(Math.abs(d.empiricalPL[1]!.values[0]! - (Math.log(dotp(g0, g0)) - 2 * Math.log(f0)))).toBeLessThan(
      1e-12,
    );
  });

  it('near the saddle of ½(ab − 1)² the angle to a far reference minimiser is negative while the loss stays high', () => {
    // x on the side of the other branch (ab = 1 with a, b < 0): the gradient points away from (1, 1).
    const o = abSaddle();
    const ref = Float64Array.of(1, 1);
    const d = trajectoryDiagnostics(o, [Float64Array.of(-0.1, -0.1)], { reference: ref, fStar: 0 });
    expect(d.cosAngle[0]!).toBeLessThan(0);
    expect(d.loss[0]!).toBeGreaterThan(0.45); // ½(0.01 − 1)² ≈ 0.49, near f(saddle) = ½
    expect(d.fStarSource).toBe('option');
  });

  it('sharpness along a trajectory equals λ_max of the Hessian, with a residual', () => {
    const lam = Float64Array.of(-1, 2, 7);
    const q = quadratic(knownSpectrum(lam, 3), undefined, { hvp: true });
    const s = sharpnessAlong(q, [new Float64Array(3), Float64Array.of(1, 1, 1)]);
    expect(s.method).toBe('hvp');
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(s.lambdaMax[k]! - 7)).toBeLessThanOrEqual(s.residual[k]! + 1e-13);
      expect(s.converged[k]).toBe(true);
    }
  });

  it('throws coded errors', () => {
    expectCode(
      () => trajectoryDiagnostics(abSaddle(), []),
      ArgumentError,
      'E_ARG_RANGE',
      'trajectoryDiagnostics: invalid argument. trajectory must be non-empty (or options.reference must be given). Value: Array(length 0).',
    );
    expectCode(
      () => trajectoryDiagnostics(abSaddle(), [Float64Array.of(1)]),
      ShapeError,
      'E_SHAPE',
      'trajectoryDiagnostics: invalid argument. trajectory[0].length must equal 2. Value: 1.',
    );
    expectCode(
      () => trajectoryDiagnostics(abSaddle(), [Float64Array.of(1, 2)], { deltas: [0] }),
      ArgumentError,
      'E_ARG_RANGE',
      'trajectoryDiagnostics: invalid argument. options.deltas[0] must be a positive number. Value: 0.',
    );
    expectCode(
      () => sharpnessAlong(abSaddle(), [Float64Array.of(1)]),
      ShapeError,
      'E_SHAPE',
      'hessianOperator: invalid argument. theta.length must equal 2. Value: 1.',
    );
  });
});
