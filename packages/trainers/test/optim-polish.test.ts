// Second-order polishing: trust-region Newton to minima (Rosenbrock, including an indefinite start), the
// pseudo-inverse Newton iteration to the saddle of ½(ab − 1)², quadratic convergence, HVP-built Hessians, errors.
import { ArgumentError, init, type Objective, symEigen } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { hessianOf, type PolishStep, polish } from '../src/optim/index.js';

beforeAll(async () => {
  await init();
});

/** Rosenbrock f = (1 − x)² + 100(y − x²)²; minimum f = 0 at (1, 1). */
function rosenbrock(withHessian: boolean): Objective {
  const o: Objective = {
    dim: 2,
    name: 'rosenbrock',
    loss: (t) => (1 - t[0]!) ** 2 + 100 * (t[1]! - t[0]! ** 2) ** 2,
    grad(t, g) {
      const [x, y] = [t[0]!, t[1]!];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    },
    hvp(t, v, out) {
      const [x, y] = [t[0]!, t[1]!];
      const hxx = 2 - 400 * y + 1200 * x * x;
      const hxy = -400 * x;
      out[0] = hxx * v[0]! + hxy * v[1]!;
      out[1] = hxy * v[0]! + 200 * v[1]!;
    },
  };
  if (withHessian)
    (o as { hessian?: Objective['hessian'] }).hessian = (t) => {
      const [x, y] = [t[0]!, t[1]!];
      return { rows: 2, cols: 2, data: Float64Array.of(2 - 400 * y + 1200 * x * x, -400 * x, -400 * x, 200) };
    };
  return o;
}

/** f(a, b) = ½(ab − 1)²: global minima on ab = 1, a strict saddle at the origin with Hessian [[0, −1], [−1, 0]]. */
const product: Objective = {
  dim: 2,
  name: 'half-(ab-1)^2',
  loss: (t) => 0.5 * (t[0]! * t[1]! - 1) ** 2,
  grad(t, g) {
    const r = t[0]! * t[1]! - 1;
    g[0] = r * t[1]!;
    g[1] = r * t[0]!;
    return 0.5 * r * r;
  },
  hessian(t) {
    const [a, b] = [t[0]!, t[1]!];
    return { rows: 2, cols: 2, data: Float64Array.of(b * b, 2 * a * b - 1, 2 * a * b - 1, a * a) };
  },
};

/**
 * Quadratic convergence: for accepted consecutive iterates with ‖g_k‖ ≤ region (inside the Newton region) and
 * ‖g_{k+1}‖ above the rounding floor, ‖g_{k+1}‖ ≤ K‖g_k‖². For Newton, g_{k+1} ≈ ½∇³f[s, s] with s = H⁻¹g_k, so
 * K ≈ ½‖∇³f‖‖H⁻¹‖². Returns the number of pairs checked (must be ≥ 1 for the test to mean anything).
 */
function checkQuadratic(
  steps: PolishStep[],
  finalGrad: number,
  K: number,
  floor: number,
  region = 1e-3,
): number {
  const gs = steps.filter((s) => s.accepted).map((s) => s.gradNorm);
  gs.push(finalGrad);
  let pairs = 0;
  for (let k = 0; k + 1 < gs.length; k++) {
    if (gs[k]! <= region && gs[k + 1]! > floor) {
      expect(gs[k + 1]!).toBeLessThanOrEqual(K * gs[k]! ** 2);
      pairs++;
    }
  }
  return pairs;
}

describe('polish: trust region', () => {
  it('converges to the Rosenbrock minimum quadratically, decreasing f at every accepted step', () => {
    const r = polish(rosenbrock(true), Float64Array.of(-1.2, 1), { gradTol: 1e-11, maxIter: 200 });
    expect(r.stopReason).toBe('gradTol');
    expect(r.converged).toBe(true);
    expect(r.hessianSource).toBe('exact');
    // ‖θ − θ*‖ ≤ ‖H⁻¹‖‖g‖ with ‖H(θ*)⁻¹‖ = 1/λ_min ≈ 2.5.
    expect(Math.abs(r.theta[0]! - 1)).toBeLessThanOrEqual(3 * 1e-11);
    expect(Math.abs(r.theta[1]! - 1)).toBeLessThanOrEqual(3 * 1e-11);
    const acc = r.steps.filter((s) => s.accepted);
    for (let k = 0; k + 1 < acc.length; k++) expect(acc[k + 1]!.loss).toBeLessThan(acc[k]!.loss);
    // At (1, 1): ‖H⁻¹‖ ≈ 2.5, ‖∇³f‖ ≤ 2400 + 3·400: K ≈ ½·3600·6.25 ≈ 1.1e4.
    expect(checkQuadratic(r.steps, r.gradNorm, 2e4, 1e-13)).toBeGreaterThanOrEqual(1);
    expect(r.evaluations.hessian).toBe(r.steps.length);
  });

  it('handles an indefinite Hessian at the start (Rosenbrock at (0, 1): f_xx = −398) and with HVP-built Hessians', () => {
    const r = polish(rosenbrock(false), Float64Array.of(0, 1), { gradTol: 1e-10 });
    expect(r.hessianSource).toBe('hvp');
    expect(r.steps[0]!.minEigenvalue).toBeLessThan(0);
    expect(r.steps[0]!.hitBoundary).toBe(true);
    expect(r.converged).toBe(true);
    expect(r.loss).toBeLessThan(1e-20);
    // The HVP assembly reproduces the exact Hessian (both exact in floating point here up to one rounding).
    const t = Float64Array.of(0.3, -0.7);
    const a = hessianOf(rosenbrock(false), t);
    const b = hessianOf(rosenbrock(true), t);
    for (let i = 0; i < 4; i++)
      expect(Math.abs(a.data[i]! - b.data[i]!)).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.abs(b.data[i]!),
      );
  });

  it('escapes the saddle of ½(ab − 1)² to a global minimum (ab = 1)', () => {
    const r = polish(product, Float64Array.of(0.1, -0.05), { gradTol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.loss).toBeLessThan(1e-20);
    expect(Math.abs(r.theta[0]! * r.theta[1]! - 1)).toBeLessThan(1e-10);
    expect(r.steps[0]!.minEigenvalue).toBeLessThan(0);
  });
});

describe('polish: pseudo-inverse Newton', () => {
  it('converges quadratically to the saddle of ½(ab − 1)² and the limit has Hessian eigenvalues ±1', () => {
    const r = polish(product, Float64Array.of(0.3, -0.2), { method: 'newton', gradTol: 1e-14 });
    expect(r.method).toBe('newton');
    expect(r.stopReason).toBe('gradTol');
    expect(Math.hypot(r.theta[0]!, r.theta[1]!)).toBeLessThan(1e-13);
    expect(r.loss).toBeCloseTo(0.5, 14);
    // f has no cubic terms at the origin (f = ½ − ab + ½a²b²), so the Newton error contracts even faster
    // (g_{k+1} = O(g_k³)); the quadratic test with K = 10 holds from ‖g‖ ≤ 0.1 on.
    expect(checkQuadratic(r.steps, r.gradNorm, 10, 1e-15, 0.1)).toBeGreaterThanOrEqual(2);
    const ev = symEigen(product.hessian!(r.theta)).values;
    expect(ev[0]).toBeCloseTo(-1, 12);
    expect(ev[1]).toBeCloseTo(1, 12);
  });

  it('caps the step length with maxStep and records the rank', () => {
    const r = polish(product, Float64Array.of(0.5, 0.4), { method: 'newton', maxStep: 0.01, maxIter: 3 });
    expect(r.steps.every((s) => s.stepNorm <= 0.01 * (1 + 1e-15))).toBe(true);
    expect(r.steps[0]!.rank).toBe(2);
    expect(r.stopReason).toBe('maxIter');
    expect(r.converged).toBe(false);
  });
});

describe('polish: errors', () => {
  const th = Float64Array.of(1, 1);
  const first: Objective = {
    dim: 2,
    loss: () => 0,
    grad: (_t, g) => {
      g.fill(0);
      return 0;
    },
  };
  const cases: [string, () => unknown, string][] = [
    ['no hessian or hvp', () => polish(first, th), 'E_ARG_TYPE'],
    ['exact requested, absent', () => polish(rosenbrock(false), th, { hessian: 'exact' }), 'E_ARG_TYPE'],
    ['hvp requested, absent', () => polish(product, th, { hessian: 'hvp' }), 'E_ARG_TYPE'],
    ['bad hessian source', () => polish(product, th, { hessian: 'x' as never }), 'E_ARG_RANGE'],
    ['bad method', () => polish(product, th, { method: 'bfgs' as never }), 'E_ARG_RANGE'],
    ['radius ≤ 0', () => polish(product, th, { radius: 0 }), 'E_ARG_RANGE'],
    ['maxRadius < radius', () => polish(product, th, { radius: 1, maxRadius: 0.5 }), 'E_ARG_RANGE'],
    ['eta ≥ ¼', () => polish(product, th, { eta: 0.3 }), 'E_ARG_RANGE'],
    ['rcond < 0', () => polish(product, th, { rcond: -1 }), 'E_ARG_RANGE'],
    ['maxStep ≤ 0', () => polish(product, th, { maxStep: 0 }), 'E_ARG_RANGE'],
    ['theta0 wrong length', () => polish(product, Float64Array.of(1)), 'E_SHAPE'],
  ];
  it.each(cases)('%s', (_name, thunk, code) => {
    expect(thunk).toThrow(
      expect.objectContaining({
        code,
        message: expect.stringMatching(/^polish: invalid argument\. .+ must .+\. Value: .*\.$/),
      }),
    );
  });
  it('hessianOf rejects a wrong-size Hessian', () => {
    const bad: Objective = { ...product, hessian: () => ({ rows: 1, cols: 1, data: Float64Array.of(1) }) };
    expect(() => hessianOf(bad, th)).toThrow(ArgumentError);
  });
});
