import { ArgumentError, init, NonFiniteError, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle, knownSpectrum, quadratic } from '../test/fixtures/models.js';
import {
  hessianDirections,
  interpolate,
  projectTrajectory,
  randomDirection,
  slice1d,
  slice2d,
} from './slices.js';

const EPS = 2 ** -52;

beforeAll(async () => {
  await init();
});

describe('slices', () => {
  const A = knownSpectrum(Float64Array.of(-2, 1, 3, 5), 2);
  const q = quadratic(A);

  it('interpolation of a quadratic is the parabola f((1−t)a + tb)', () => {
    const a = Float64Array.of(1, 0, 0, 0);
    const b = Float64Array.of(0, 1, 1, 0);
    const s = interpolate(q, a, b, { range: [-0.5, 1.5], points: 9 });
    expect(s.t[0]).toBe(-0.5);
    expect(s.t[8]).toBe(1.5);
    const fa = q.loss(a);
    const fb = q.loss(b);
    // f(t) = (1−t)²f(a) + t²f(b) + t(1−t)aᵀAb for f = ½xᵀAx.
    let ab = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) ab += a[i]! * A.data[i * 4 + j]! * b[j]!;
    s.t.forEach((t, i) => {
      expect(s.loss[i]).toBeCloseTo((1 - t) ** 2 * fa + t * t * fb + t * (1 - t) * ab, 12);
    });
  });

  it('filter-normalised directions match θ block norms; zero blocks stay zero; seeded', () => {
    const theta = Float64Array.of(3, 4, 0, 0, 1, 0);
    const d = randomDirection(theta, { seed: 3, blockSize: 2 });
    expect(Math.hypot(d[0]!, d[1]!)).toBeCloseTo(5, 14);
    expect([d[2], d[3]]).toEqual([0, 0]);
    expect(Math.hypot(d[4]!, d[5]!)).toBeCloseTo(1, 14);
    expect(Array.from(randomDirection(theta, { seed: 3, blockSize: 2 }))).toEqual(Array.from(d));
    const g = randomDirection(theta, { seed: 3, normalization: 'global' });
    expect(Math.hypot(...g)).toBeCloseTo(Math.hypot(...theta), 13);
  });

  it('slices along Hessian eigenvectors of a quadratic are parabolas with curvature λ', () => {
    const { directions, eigenvalues } = hessianDirections(q, new Float64Array(4), {
      count: 2,
      which: 'smallest',
    });
    expect(eigenvalues[0]).toBeCloseTo(-2, 13);
    expect(eigenvalues[1]).toBeCloseTo(1, 13);
    const s = slice1d(q, new Float64Array(4), directions[0]!, { range: [-1, 1], points: 5 });
    s.t.forEach((t, i) => {
      expect(s.loss[i]).toBeCloseTo(0.5 * -2 * t * t, 12);
    });
    const lz = hessianDirections(q, new Float64Array(4), { count: 1, solver: 'lanczos', which: 'largest' });
    expect(Math.abs(lz.eigenvalues[0]! - 5)).toBeLessThanOrEqual(lz.residuals[0]! + 100 * EPS);
    const two = slice2d(q, new Float64Array(4), directions[0]!, directions[1]!, {
      xRange: [-1, 1],
      points: [3, 5],
    });
    expect(two.loss.rows).toBe(5);
    expect(two.loss.cols).toBe(3);
    // loss[j][i] = ½(−2x_i² + y_j²)
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < 3; i++)
        expect(two.loss.data[j * 3 + i]).toBeCloseTo(0.5 * (-2 * two.x[i]! ** 2 + two.y[j]! ** 2), 12);
  });

  it('projection of points on the plane is exact (residual ~ 0); off-plane parts are reported', () => {
    const o = Float64Array.of(1, 1, 1);
    const d1 = Float64Array.of(1, 0, 0);
    const d2 = Float64Array.of(1, 1, 0); // not orthogonal: least squares must still recover (a, b)
    const pts = [Float64Array.of(1 + 2 + 3, 1 + 3, 1), Float64Array.of(1, 1, 4)];
    const r = projectTrajectory(pts, o, d1, d2);
    expect(r.x[0]).toBeCloseTo(2, 14);
    expect(r.y[0]).toBeCloseTo(3, 14);
    expect(r.residual[0]).toBeLessThan(1e-14);
    expect(r.residual[1]).toBeCloseTo(3, 14);
    expect(r.relativeResidual[1]).toBeCloseTo(1, 14);
    expect(r.directionCosine).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('throws coded errors', () => {
    const z = new Float64Array(2);
    expectCode(
      () => interpolate(abSaddle(), z, Float64Array.of(1)),
      ShapeError,
      'E_SHAPE',
      'interpolate: invalid argument. b.length must equal 2. Value: 1.',
    );
    expectCode(
      () => interpolate(abSaddle(), z, z, { range: [1, 0] }),
      ArgumentError,
      'E_ARG_RANGE',
      'interpolate: invalid argument. options.range must satisfy range[0] ≤ range[1]. Value: Array(length 2).',
    );
    expectCode(
      () => slice1d(abSaddle(), z, Float64Array.of(Number.NaN, 0)),
      NonFiniteError,
      'E_NONFINITE',
      'slice1d: invalid argument. direction[0] must be finite. Value: NaN.',
    );
    expectCode(
      () => slice1d(abSaddle(), z, z, { points: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'slice1d: invalid argument. options.points must be an integer in [1, 10000000]. Value: 0.',
    );
    expectCode(
      () => randomDirection(Float64Array.of(1, 2, 3), { blockSize: 2 }),
      ArgumentError,
      'E_ARG_RANGE',
      'randomDirection: invalid argument. options.blockSize must divide theta.length = 3. Value: 2.',
    );
    expectCode(
      () => randomDirection(z, { normalization: 'layer' as never }),
      ArgumentError,
      'E_ARG_RANGE',
      'randomDirection: invalid argument. options.normalization must be one of filter, global, none. Value: "layer".',
    );
    expectCode(
      () => projectTrajectory([z], z, Float64Array.of(1, 0), Float64Array.of(2, 0)),
      ArgumentError,
      'E_ARG_RANGE',
      'projectTrajectory: invalid argument. d2 must be linearly independent of d1. Value: Float64Array(length 2).',
    );
    expectCode(
      () => projectTrajectory([z], z, z, Float64Array.of(1, 0)),
      ArgumentError,
      'E_ARG_RANGE',
      'projectTrajectory: invalid argument. d1 must be nonzero. Value: Float64Array(length 2).',
    );
    expectCode(
      () => hessianDirections(abSaddle(), z, { count: 3 }),
      ArgumentError,
      'E_ARG_RANGE',
      'hessianDirections: invalid argument. options.count must be an integer in [0, 2]. Value: 3.',
    );
    const bad = { ...abSaddle(), loss: () => Number.NaN };
    expectCode(
      () => slice1d(bad, z, z),
      NonFiniteError,
      'E_NONFINITE',
      'slice1d: invalid argument. f(θ + t d) must be finite (computed by the objective). Value: NaN.',
    );
  });
});
