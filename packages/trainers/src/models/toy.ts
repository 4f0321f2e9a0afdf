/**
 * The two-dimensional toy problems of P2 §2.2 (Ex. 1, 2, 3 with the CORRECTED f_2, and 6), as finite-sum
 * objectives f = ½(f_1 + f_2) on θ = (x, y), with exact gradients and Hessians, their known minimum values f*,
 * component minima f_i*, minimiser sets and the Euclidean projection onto them.
 *
 * Components (s = x + y, r² = ‖p‖², ρ² = ‖p − c‖²):
 *   Ex. 1: f_1 = s²/(s² + 1), f_2 = (s + 1)²/((s + 1)² + 1); S = {x + y = −½}, f* = 1/5, f_1* = f_2* = 0,
 *          Proj((x, y), S) = ½(x − y − ½, −x + y − ½).
 *   Ex. 2: f_1 = 1 − e^{−r²}, f_2 = 1 − e^{−‖p − (2,2)‖²}; two minimisers on the diagonal near t ≈ 0.000674 and
 *          1.999326, f* ≈ 0.499831816, saddle (1, 1); f_i* = 0.
 *   Ex. 3: f_1 = (1 + r²)/(4 + r²), f_2 = ρ²/(1 + ρ²) with c = (2.5, 2.5) (the corrected denominator, spec §2.2);
 *          global minimiser near (2.47172, 2.47172), f* ≈ 0.408313; spurious local minimiser near (0.0804, 0.0804)
 *          with f ≈ 0.586866; f_1* = ¼, f_2* = 0.
 *   Ex. 6: f_1 = r²/(1 + r²), f_2 = ρ²/(1 + ρ²) with c = (1, 1); minimisers near (0.159375, ·) and (0.840625, ·),
 *          f* ≈ 0.316988; f_i* = 0.
 * The minimisers of Ex. 2, 3, 6 lie on the diagonal x = y (the problems are symmetric in x ↔ y); they are computed
 * at construction by Newton's method on t ↦ f(t, t) from the spec's approximate values, to machine precision.
 * Gradients and Hessians follow from f = q(s) (∇ = q′(1,1), ∇² = q″·11ᵀ) and f = h(ρ²) (∇ = 2h′(p − c),
 * ∇² = 2h′I + 4h″(p − c)(p − c)ᵀ).
 * @see P2 §2.2 and Appendix B; spec §2.2 (verified constants, the Ex. 3 typo)
 */
import {
  type ComponentAccess,
  checkVector,
  type Matrix,
  type Objective,
  rangeError,
} from '@landscape-lab/core-math';
import { checkBatch, checkIndex, checkTheta, matVec } from './internal.js';

/** Which toy problem of P2 §2.2 / Appendix B. */
export type ToyExample = 1 | 2 | 3 | 6;

/** One smooth component on R²: value, gradient and Hessian [h11, h12, h22]. */
interface Component2 {
  f(x: number, y: number): number;
  g(x: number, y: number): [number, number];
  h(x: number, y: number): [number, number, number];
}

/** f = q(x + y + c) with q(s) = s²/(s² + 1): q′ = 2s/(s² + 1)², q″ = (2 − 6s²)/(s² + 1)³. */
function ridge(c: number): Component2 {
  return {
    f: (x, y) => {
      const s = x + y + c;
      return (s * s) / (s * s + 1);
    },
    g: (x, y) => {
      const s = x + y + c;
      const q1 = (2 * s) / (s * s + 1) ** 2;
      return [q1, q1];
    },
    h: (x, y) => {
      const s = x + y + c;
      const q2 = (2 - 6 * s * s) / (s * s + 1) ** 3;
      return [q2, q2, q2];
    },
  };
}

/** f = h(‖p − c‖²) for a scalar profile h with derivatives h1, h2. */
function radial(
  cx: number,
  cy: number,
  h: (t: number) => number,
  h1: (t: number) => number,
  h2: (t: number) => number,
): Component2 {
  return {
    f: (x, y) => h((x - cx) ** 2 + (y - cy) ** 2),
    g: (x, y) => {
      const a = x - cx;
      const b = y - cy;
      const d1 = h1(a * a + b * b);
      return [2 * d1 * a, 2 * d1 * b];
    },
    h: (x, y) => {
      const a = x - cx;
      const b = y - cy;
      const t = a * a + b * b;
      const d1 = h1(t);
      const d2 = h2(t);
      return [2 * d1 + 4 * d2 * a * a, 4 * d2 * a * b, 2 * d1 + 4 * d2 * b * b];
    },
  };
}

/** 1 − e^{−t}. */
const gaussWell = (cx: number, cy: number) =>
  radial(
    cx,
    cy,
    (t) => -Math.expm1(-t),
    (t) => Math.exp(-t),
    (t) => -Math.exp(-t),
  );
/** t/(1 + t) = 1 − 1/(1 + t). */
const ratWell = (cx: number, cy: number) =>
  radial(
    cx,
    cy,
    (t) => t / (1 + t),
    (t) => 1 / (1 + t) ** 2,
    (t) => -2 / (1 + t) ** 3,
  );
/** (1 + t)/(4 + t) = 1 − 3/(4 + t). */
const ex3First = radial(
  0,
  0,
  (t) => (1 + t) / (4 + t),
  (t) => 3 / (4 + t) ** 2,
  (t) => -6 / (4 + t) ** 3,
);

interface ToySpec {
  comps: [Component2, Component2];
  compMin: [number, number];
  /** Starting points t of Newton's method on t ↦ f(t, t) for the global minimisers. */
  global: number[];
  /** Same for non-global local minimisers. */
  local: number[];
  saddles: [number, number][];
}

const SPECS: Record<ToyExample, ToySpec> = {
  1: { comps: [ridge(0), ridge(1)], compMin: [0, 0], global: [], local: [], saddles: [] },
  2: {
    comps: [gaussWell(0, 0), gaussWell(2, 2)],
    compMin: [0, 0],
    global: [0.000674, 1.999326],
    local: [],
    saddles: [[1, 1]],
  },
  3: {
    comps: [ex3First, ratWell(2.5, 2.5)],
    compMin: [0.25, 0],
    global: [2.47172],
    local: [0.0804],
    saddles: [],
  },
  6: {
    comps: [ratWell(0, 0), ratWell(1, 1)],
    compMin: [0, 0],
    global: [0.159375, 0.840625],
    local: [],
    saddles: [],
  },
};

/** Newton's method on φ(t) = f(t, t): φ′ = g_x + g_y, φ″ = h11 + 2h12 + h22. */
function diagonalNewton(c: [Component2, Component2], t0: number): number {
  let t = t0;
  for (let it = 0; it < 100; it++) {
    const [a1, b1] = c[0].g(t, t);
    const [a2, b2] = c[1].g(t, t);
    const [p1, q1, r1] = c[0].h(t, t);
    const [p2, q2, r2] = c[1].h(t, t);
    const d1 = 0.5 * (a1 + b1 + a2 + b2);
    const d2 = 0.5 * (p1 + 2 * q1 + r1 + p2 + 2 * q2 + r2);
    const step = d1 / d2;
    t -= step;
    if (Math.abs(step) <= 4 * Number.EPSILON * Math.max(1, Math.abs(t))) break;
  }
  return t;
}

/**
 * A P2 toy problem (f = ½(f_1 + f_2) on R²) implementing `Objective` with components, `minValue` = f*, and the
 * minimiser set.
 * @example
 * const ex1 = toyProblem(1);
 * ex1.minValue;                                 // 0.2
 * ex1.project(Float64Array.of(1, 2));           // the nearest point of S = {x + y = −½}
 * toyProblem(3).localMinimizers[0];             // the spurious local minimum near (0.0804, 0.0804)
 */
export class ToyProblem implements Objective {
  readonly dim = 2;
  readonly name: string;
  readonly example: ToyExample;
  /** f* = min f. */
  readonly minValue: number;
  /** Isolated global minimisers (empty for Ex. 1, whose S is the line x + y = −½; see {@link project}). */
  readonly minimizers: readonly Float64Array[];
  /** Non-global local minimisers (Ex. 3). */
  readonly localMinimizers: readonly Float64Array[];
  /** Known saddle points (Ex. 2: (1, 1)). */
  readonly saddles: readonly Float64Array[];
  readonly components: ComponentAccess;
  private readonly spec: ToySpec;

  /** @internal use {@link toyProblem}. */
  constructor(example: ToyExample) {
    if (!(example === 1 || example === 2 || example === 3 || example === 6))
      throw rangeError('toyProblem', 'example', 'be 1, 2, 3 or 6', example);
    this.example = example;
    this.spec = SPECS[example];
    this.name = `p2-toy-ex${example}`;
    const c = this.spec.comps;
    const pts = (ts: number[]) =>
      ts.map((t0) => {
        const t = diagonalNewton(c, t0);
        return Float64Array.of(t, t);
      });
    this.minimizers = pts(this.spec.global);
    this.localMinimizers = pts(this.spec.local);
    this.saddles = this.spec.saddles.map(([x, y]) => Float64Array.of(x, y));
    this.minValue = example === 1 ? 0.2 : Math.min(...this.minimizers.map((p) => this.value(p)));
    this.components = this.makeComponents();
  }

  private value(p: Float64Array): number {
    const [a, b] = this.spec.comps;
    return 0.5 * (a.f(p[0]!, p[1]!) + b.f(p[0]!, p[1]!));
  }

  loss(theta: Float64Array): number {
    checkTheta('ToyProblem.loss', theta, 2);
    return this.value(theta);
  }

  grad(theta: Float64Array, grad: Float64Array): number {
    const fn = 'ToyProblem.grad';
    checkTheta(fn, theta, 2);
    checkVector(fn, 'grad', grad, 2);
    const [a, b] = this.spec.comps;
    const [x, y] = [theta[0]!, theta[1]!];
    const ga = a.g(x, y);
    const gb = b.g(x, y);
    grad[0] = 0.5 * (ga[0] + gb[0]);
    grad[1] = 0.5 * (ga[1] + gb[1]);
    return this.value(theta);
  }

  hessian(theta: Float64Array): Matrix {
    checkTheta('ToyProblem.hessian', theta, 2);
    const [a, b] = this.spec.comps;
    const ha = a.h(theta[0]!, theta[1]!);
    const hb = b.h(theta[0]!, theta[1]!);
    const h11 = 0.5 * (ha[0] + hb[0]);
    const h12 = 0.5 * (ha[1] + hb[1]);
    const h22 = 0.5 * (ha[2] + hb[2]);
    return { rows: 2, cols: 2, data: Float64Array.of(h11, h12, h12, h22) };
  }

  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkTheta('ToyProblem.hvp', v, 2, 'v');
    checkVector('ToyProblem.hvp', 'out', out, 2);
    matVec(this.hessian(theta), v, out);
  }

  /** The Hessian of component i (0 or 1). */
  componentHessian(theta: Float64Array, i: number): Matrix {
    checkTheta('ToyProblem.componentHessian', theta, 2);
    checkIndex('ToyProblem.componentHessian', 'i', i, 2);
    const [p, q, r] = this.spec.comps[i as 0 | 1].h(theta[0]!, theta[1]!);
    return { rows: 2, cols: 2, data: Float64Array.of(p, q, q, r) };
  }

  /**
   * A Euclidean-nearest point of the minimiser set S: Ex. 1 by the formula ½(x − y − ½, −x + y − ½); otherwise the
   * nearest of the isolated minimisers (ties go to the first).
   * @see P2 Definition 1 (x_p ∈ Proj(x, S))
   */
  project(theta: Float64Array): Float64Array {
    checkTheta('ToyProblem.project', theta, 2);
    const [x, y] = [theta[0]!, theta[1]!];
    if (this.example === 1) return Float64Array.of(0.5 * (x - y - 0.5), 0.5 * (-x + y - 0.5));
    let best = this.minimizers[0]!;
    let bd = Number.POSITIVE_INFINITY;
    for (const p of this.minimizers) {
      const dd = (p[0]! - x) ** 2 + (p[1]! - y) ** 2;
      if (dd < bd) {
        bd = dd;
        best = p;
      }
    }
    return best.slice();
  }

  private makeComponents(): ComponentAccess {
    const self = this;
    const comp = (theta: Float64Array, i: number, g: Float64Array, w: number): number => {
      const c = self.spec.comps[i as 0 | 1];
      const [gx, gy] = c.g(theta[0]!, theta[1]!);
      g[0] = g[0]! + w * gx;
      g[1] = g[1]! + w * gy;
      return c.f(theta[0]!, theta[1]!);
    };
    return {
      count: 2,
      loss(theta, i) {
        checkTheta('ToyProblem.components.loss', theta, 2);
        checkIndex('ToyProblem.components.loss', 'i', i, 2);
        return self.spec.comps[i as 0 | 1].f(theta[0]!, theta[1]!);
      },
      grad(theta, i, g) {
        const fn = 'ToyProblem.components.grad';
        checkTheta(fn, theta, 2);
        checkIndex(fn, 'i', i, 2);
        checkVector(fn, 'grad', g, 2);
        g.fill(0);
        return comp(theta, i, g, 1);
      },
      batchGrad(theta, batch, g) {
        const fn = 'ToyProblem.components.batchGrad';
        checkTheta(fn, theta, 2);
        checkBatch(fn, batch, 2);
        checkVector(fn, 'grad', g, 2);
        g.fill(0);
        const w = 1 / batch.length;
        let s = 0;
        for (let t = 0; t < batch.length; t++) s += comp(theta, batch[t]!, g, w);
        return s * w;
      },
      minValue(i) {
        checkIndex('ToyProblem.components.minValue', 'i', i, 2);
        return self.spec.compMin[i as 0 | 1];
      },
    };
  }
}

/**
 * Builds P2 toy problem Ex. 1, 2, 3 (corrected f_2) or 6.
 * @throws ArgumentError (E_ARG_RANGE) for another example number.
 * @see P2 §2.2, Appendix B; spec §2.2
 * @example const ex2 = toyProblem(2); ex2.minimizers; // ≈ (0.000674, 0.000674), (1.999326, 1.999326)
 */
export function toyProblem(example: ToyExample): ToyProblem {
  return new ToyProblem(example);
}
