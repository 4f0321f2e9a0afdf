import { ArgumentError, init, NonFiniteError, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle, eye, rosenbrock, teacherStudent } from '../test/fixtures/models.js';
import { classify } from './classify.js';
import { polish } from './polish.js';

beforeAll(async () => {
  await init();
});

describe('polish', () => {
  it('trust region: Rosenbrock from (−1.2, 1) to (1, 1) below the gradient tolerance', () => {
    const p = polish(rosenbrock(), Float64Array.of(-1.2, 1), { gradTol: 1e-12, maxIter: 200 });
    expect(p.converged).toBe(true);
    expect(p.reason).toBe('grad-tol');
    expect(p.gradNorm).toBeLessThanOrEqual(1e-12);
    // ‖θ − θ*‖ ≤ ‖H⁻¹‖·‖∇f‖ near the minimum (λ_min(H*) ≈ 0.4): 1e−12/0.4.
    expect(Math.abs(p.theta[0]! - 1)).toBeLessThan(3e-12);
    expect(Math.abs(p.theta[1]! - 1)).toBeLessThan(6e-12);
    // Monotone in f.
    for (let i = 1; i < p.history.loss.length; i++)
      expect(p.history.loss[i]!).toBeLessThanOrEqual(p.history.loss[i - 1]!);
    expect(classify(rosenbrock(), p.theta).label).toBe('local-minimum');
  });

  it('Newton converges to the strict saddle of ½(ab − 1)² at the origin; the trust region escapes it', () => {
    const x0 = Float64Array.of(0.05, -0.03);
    const n = polish(abSaddle(), x0, { method: 'newton', gradTol: 1e-14 });
    expect(n.converged).toBe(true);
    expect(Math.hypot(n.theta[0]!, n.theta[1]!)).toBeLessThan(1e-13);
    expect(n.iterations).toBeLessThan(10); // quadratic convergence
    expect(classify(abSaddle(), n.theta).label).toBe('strict-saddle');
    const t = polish(abSaddle(), x0, { gradTol: 1e-12 });
    expect(t.converged).toBe(true);
    expect(t.loss).toBeLessThan(1e-20); // on the minimum manifold ab = 1
  });

  it('FD Hessians work too; teacher–student from a perturbed W = V returns to the global minimum', () => {
    const p = polish(abSaddle({ hessian: false }), Float64Array.of(0.9, 1.3), { gradTol: 1e-10 });
    expect(p.converged).toBe(true);
    expect(p.hessianMethod).toBe('finite-difference');
    const V = eye(3);
    const W = Float64Array.from(V.data, (v, i) => v + 0.05 * Math.sin(i + 1));
    const q = polish(teacherStudent(3, V), W, { gradTol: 1e-12 });
    expect(q.converged).toBe(true);
    expect(q.loss).toBeLessThan(1e-20);
  });

  it('reports non-convergence as a result (max-iter), not an exception', () => {
    const p = polish(rosenbrock(), Float64Array.of(-1.2, 1), { maxIter: 2 });
    expect(p.converged).toBe(false);
    expect(p.reason).toBe('max-iter');
    expect(p.iterations).toBe(2);
  });

  it('throws coded errors', () => {
    expectCode(() => polish(rosenbrock(), Float64Array.of(1)), ShapeError, 'E_SHAPE');
    expectCode(() => polish(rosenbrock(), Float64Array.of(1, Number.NaN)), NonFiniteError, 'E_NONFINITE');
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { gradTol: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { method: 'bfgs' as never }),
      ArgumentError,
      'E_ARG_RANGE',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { maxIter: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
    );
  });
});
