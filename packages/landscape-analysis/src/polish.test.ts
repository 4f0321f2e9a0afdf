import {
  ArgumentError,
  init,
  NonFiniteError,
  type Objective,
  ShapeError,
  symEigen,
} from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { abSaddle, eye, rosenbrock, teacherStudent } from '../test/fixtures/models.js';
import { classify } from './classify.js';
import { hessian } from './hessian.js';
import { polish } from './polish.js';

beforeAll(async () => {
  await init();
});

describe('polish', () => {
  it('trust region: Rosenbrock from (−1.2, 1) to (1, 1) below the gradient tolerance', () => {
    const p = polish(rosenbrock(), Float64Array.of(-1.2, 1), { gradTol: 1e-12, maxIters: 200 });
    expect(p.converged).toBe(true);
    expect(p.reason).toBe('gradTol');
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

  it('reports non-convergence as a result (maxIters), not an exception', () => {
    const p = polish(rosenbrock(), Float64Array.of(-1.2, 1), { maxIters: 2 });
    expect(p.converged).toBe(false);
    expect(p.reason).toBe('maxIters');
    expect(p.iterations).toBe(2);
  });

  it('throws coded errors', () => {
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1)),
      ShapeError,
      'E_SHAPE',
      'polish: invalid argument. theta0.length must equal 2. Value: 1.',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, Number.NaN)),
      NonFiniteError,
      'E_NONFINITE',
      'polish: invalid argument. theta0[1] must be finite. Value: NaN.',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { gradTol: 0 }),
      ArgumentError,
      'E_ARG_RANGE',
      'polish: invalid argument. options.gradTol must be a positive number. Value: 0.',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { method: 'bfgs' as never }),
      ArgumentError,
      'E_ARG_RANGE',
      'polish: invalid argument. options.method must be one of trust-region, newton. Value: "bfgs".',
    );
    expectCode(
      () => polish(rosenbrock(), Float64Array.of(1, 1), { maxIters: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'polish: invalid argument. options.maxIters must be a non-negative integer. Value: -1.',
    );
  });
});

// Merged from trainers' former optim/polish tests (that polish was folded into this one): quadratic convergence,
// an indefinite start with HVP-built Hessians, escaping and converging to the saddle of ½(ab − 1)², the Newton step
// cap, and the option errors.

/**
 * Quadratic convergence: for consecutive iterates with ‖g_k‖ ≤ region (inside the Newton region) and ‖g_{k+1}‖ above
 * the rounding floor, ‖g_{k+1}‖ ≤ K‖g_k‖². For Newton, g_{k+1} ≈ ½∇³f[s, s] with s = H⁻¹g_k, so K ≈ ½‖∇³f‖‖H⁻¹‖².
 * Returns the number of pairs checked (must be ≥ 1 for the test to mean anything).
 */
function checkQuadratic(gradNorms: number[], K: number, floor: number, region = 1e-3): number {
  let pairs = 0;
  for (let k = 0; k + 1 < gradNorms.length; k++) {
    if (gradNorms[k]! <= region && gradNorms[k + 1]! > floor) {
      expect(gradNorms[k + 1]!).toBeLessThanOrEqual(K * gradNorms[k]! ** 2);
      pairs++;
    }
  }
  return pairs;
}

describe('polish: trust region (merged from trainers)', () => {
  it('converges to the Rosenbrock minimum quadratically, decreasing f at every iteration, one Hessian each', () => {
    const r = polish(rosenbrock(), Float64Array.of(-1.2, 1), { gradTol: 1e-11, maxIters: 200 });
    expect(r.reason).toBe('gradTol');
    expect(r.converged).toBe(true);
    expect(r.hessianMethod).toBe('exact');
    // ‖θ − θ*‖ ≤ ‖H⁻¹‖‖g‖ with ‖H(θ*)⁻¹‖ = 1/λ_min ≈ 2.5.
    expect(Math.abs(r.theta[0]! - 1)).toBeLessThanOrEqual(3 * 1e-11);
    expect(Math.abs(r.theta[1]! - 1)).toBeLessThanOrEqual(3 * 1e-11);
    for (let k = 0; k + 1 < r.history.loss.length; k++)
      expect(r.history.loss[k + 1]!).toBeLessThan(r.history.loss[k]!);
    // At (1, 1): ‖H⁻¹‖ ≈ 2.5, ‖∇³f‖ ≤ 2400 + 3·400: K ≈ ½·3600·6.25 ≈ 1.1e4.
    expect(checkQuadratic(r.history.gradNorm, 2e4, 1e-13)).toBeGreaterThanOrEqual(1);
    expect(r.history.loss.length).toBe(r.iterations + 1);
    for (let k = 1; k <= r.iterations; k++) expect(r.history.stepNorm[k]!).toBeGreaterThan(0);
  });

  it('handles an indefinite Hessian at the start (Rosenbrock at (0, 1): f_xx = −398) with HVP-built Hessians', () => {
    const hvpOnly = rosenbrock({ hessian: false, hvp: true });
    const r = polish(hvpOnly, Float64Array.of(0, 1), { gradTol: 1e-10 });
    expect(r.hessianMethod).toBe('hvp');
    expect(r.history.minEigenvalue[1]).toBeLessThan(0);
    expect(r.converged).toBe(true);
    expect(r.loss).toBeLessThan(1e-20);
    // The HVP assembly reproduces the exact Hessian (both exact in floating point here up to one rounding).
    const t = Float64Array.of(0.3, -0.7);
    const a = hessian(hvpOnly, t).matrix.data;
    const b = rosenbrock().hessian!(t).data;
    for (let i = 0; i < 4; i++)
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(b[i]!));
  });

  it('escapes the saddle of ½(ab − 1)² to a global minimum (ab = 1)', () => {
    const r = polish(abSaddle(), Float64Array.of(0.1, -0.05), { gradTol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.loss).toBeLessThan(1e-20);
    expect(Math.abs(r.theta[0]! * r.theta[1]! - 1)).toBeLessThan(1e-10);
    expect(r.history.minEigenvalue[1]).toBeLessThan(0);
  });
});

describe('polish: pseudo-inverse Newton (merged from trainers)', () => {
  it('converges quadratically to the saddle of ½(ab − 1)² and the limit has Hessian eigenvalues ±1', () => {
    const r = polish(abSaddle(), Float64Array.of(0.3, -0.2), { method: 'newton', gradTol: 1e-14 });
    expect(r.method).toBe('newton');
    expect(r.reason).toBe('gradTol');
    expect(Math.hypot(r.theta[0]!, r.theta[1]!)).toBeLessThan(1e-13);
    expect(r.loss).toBeCloseTo(0.5, 14);
    // f has no cubic terms at the origin (f = ½ − ab + ½a²b²), so the Newton error contracts even faster
    // (g_{k+1} = O(g_k³)); the quadratic test with K = 10 holds from ‖g‖ ≤ 0.1 on.
    expect(checkQuadratic(r.history.gradNorm, 10, 1e-15, 0.1)).toBeGreaterThanOrEqual(2);
    const ev = symEigen(abSaddle().hessian!(r.theta)).values;
    expect(ev[0]).toBeCloseTo(-1, 12);
    expect(ev[1]).toBeCloseTo(1, 12);
  });

  it('caps the step length with maxStep', () => {
    const r = polish(abSaddle(), Float64Array.of(0.5, 0.4), { method: 'newton', maxStep: 0.01, maxIters: 3 });
    const taken = r.history.stepNorm.slice(1);
    expect(taken).toHaveLength(3);
    for (const sn of taken) expect(sn).toBeLessThanOrEqual(0.01 * (1 + 1e-15));
    expect(r.reason).toBe('maxIters');
    expect(r.converged).toBe(false);
  });
});

describe('polish: option errors (merged from trainers)', () => {
  const th = Float64Array.of(1, 1);
  const product = abSaddle();
  const cases: [string, () => unknown, string, string][] = [
    [
      'exact requested, absent',
      () => polish(rosenbrock({ hessian: false }), th, { hessianMethod: 'exact' }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.hessianMethod must name a source the objective provides (objective.hessian is missing). Value: "exact".',
    ],
    [
      'hvp requested, absent',
      () => polish(product, th, { hessianMethod: 'hvp' }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.hessianMethod must name a source the objective provides (objective.hvp is missing). Value: "hvp".',
    ],
    [
      'bad hessian source',
      () => polish(product, th, { hessianMethod: 'x' as never }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.hessianMethod must be one of auto, exact, hvp, finite-difference. Value: "x".',
    ],
    [
      'bad method',
      () => polish(product, th, { method: 'bfgs' as never }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.method must be one of trust-region, newton. Value: "bfgs".',
    ],
    [
      'radius ≤ 0',
      () => polish(product, th, { radius: 0 }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.radius must be a positive number. Value: 0.',
    ],
    [
      'maxRadius < radius',
      () => polish(product, th, { radius: 1, maxRadius: 0.5 }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.maxRadius must be >= options.radius = 1. Value: 0.5.',
    ],
    [
      'eta ≥ ¼',
      () => polish(product, th, { eta: 0.3 }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.eta must be a number in [0, 0.25). Value: 0.3.',
    ],
    [
      'rcond < 0',
      () => polish(product, th, { rcond: -1 }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.rcond must be a positive number. Value: -1.',
    ],
    [
      'maxStep ≤ 0',
      () => polish(product, th, { maxStep: 0 }),
      'E_ARG_RANGE',
      'polish: invalid argument. options.maxStep must be a positive number. Value: 0.',
    ],
    [
      'theta0 wrong length',
      () => polish(product, Float64Array.of(1)),
      'E_SHAPE',
      'polish: invalid argument. theta0.length must equal 2. Value: 1.',
    ],
  ];
  it.each(cases)('%s', (_name, thunk, code, message) => {
    expect(thunk).toThrow(expect.objectContaining({ code, message }));
  });

  it('a model Hessian of the wrong size is a coded error, not a wrong answer', () => {
    const bad: Objective = { ...product, hessian: () => ({ rows: 1, cols: 1, data: Float64Array.of(1) }) };
    // Not at θ = (1, 1): there ∇f = 0 and polish stops before forming a Hessian.
    expectCode(
      () => polish(bad, Float64Array.of(0.5, 0.4)),
      ShapeError,
      'E_SHAPE',
      'hessian: invalid argument. objective.hessian(theta) must be 2×2. Value: Matrix(1x1).',
    );
  });
});
