/**
 * P1 §4's sigmoidal two-parameter example (Fig. 3 right) as an `Objective`, with its conserved quantity.
 * Re-exported by `deepLinear.ts`.
 * @see P1 §1.5, spec §1.5
 */
import { checkVector, type Matrix, type Objective } from '@landscape-lab/core-math';
import { checkTheta, matVec } from './internal.js';

/**
 * P1 §4's sigmoidal example on θ = (w_1, w_2): g = (1 − w_2σ(w_1))², σ(z) = z/√(1 + z²), with exact gradient and
 * Hessian. {@link SigmoidalExample.invariant} w_2² − ½(1 + w_1²)² is conserved by its gradient flow (P1 eq. 10;
 * −½ at the origin, the paper's "−1" is a typo).
 * @see P1 §1.5 (Fig. 3 right), spec §1.5
 * @example
 * const s = sigmoidalExample();
 * s.invariant(Float64Array.of(0, 0)); // −0.5
 */
export class SigmoidalExample implements Objective {
  readonly dim = 2;
  readonly name = 'sigmoidal-example';
  readonly minValue = 0;

  private parts(fn: string, theta: Float64Array) {
    checkTheta(fn, theta, 2);
    const w1 = theta[0]!;
    const w2 = theta[1]!;
    const q = 1 + w1 * w1;
    const sq = Math.sqrt(q);
    const s = w1 / sq; // σ
    const s1 = 1 / (q * sq); // σ′ = (1 + z²)^{−3/2}
    const s2 = (-3 * w1) / (q * q * sq); // σ″ = −3z(1 + z²)^{−5/2}
    const e = 1 - w2 * s;
    return { w2, s, s1, s2, e };
  }

  loss(theta: Float64Array): number {
    const { e } = this.parts('SigmoidalExample.loss', theta);
    return e * e;
  }

  grad(theta: Float64Array, grad: Float64Array): number {
    const { w2, s, s1, e } = this.parts('SigmoidalExample.grad', theta);
    checkVector('SigmoidalExample.grad', 'grad', grad, 2);
    grad[0] = -2 * e * w2 * s1;
    grad[1] = -2 * e * s;
    return e * e;
  }

  hessian(theta: Float64Array): Matrix {
    const { w2, s, s1, s2, e } = this.parts('SigmoidalExample.hessian', theta);
    const h11 = 2 * w2 * w2 * s1 * s1 - 2 * e * w2 * s2;
    const h12 = 2 * s * w2 * s1 - 2 * e * s1;
    const h22 = 2 * s * s;
    return { rows: 2, cols: 2, data: Float64Array.of(h11, h12, h12, h22) };
  }

  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkTheta('SigmoidalExample.hvp', v, 2, 'v');
    checkVector('SigmoidalExample.hvp', 'out', out, 2);
    matVec(this.hessian(theta), v, out);
  }

  /** C(w_1, w_2) = w_2² − ½(1 + w_1²)² (P1 Proposition 8, eq. 10). */
  invariant(theta: Float64Array): number {
    checkTheta('SigmoidalExample.invariant', theta, 2);
    return theta[1]! ** 2 - 0.5 * (1 + theta[0]! ** 2) ** 2;
  }
}

/** Builds P1's sigmoidal example. @see {@link SigmoidalExample} @example const s = sigmoidalExample(); */
export function sigmoidalExample(): SigmoidalExample {
  return new SigmoidalExample();
}
