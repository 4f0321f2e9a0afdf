import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../src/abi/elementwise.js';
import { init } from '../src/backend.js';
import { activate, activateDeriv, activateDeriv2, activationValue } from '../src/elementwise.js';
import { Rng } from '../src/rng.js';

const EPS = Number.EPSILON;
const SIZES = [0, 1, 2, 3, 7, 64, 1001];

function sample(n: number, seed: number): Float64Array {
  const x = new Rng(seed).fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) x[i] = x[i]! * 6; // cover the saturated regions too
  if (n > 2) {
    x[0] = 0;
    x[1] = -0;
  }
  return x;
}

describe('activations', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('wasm and reference agree at every size (libm differences only: ≤ 16ε relative)', async () => {
    // Each side evaluates at most 4 faithfully rounded libm calls plus ≤ 4 arithmetic ops: |Δ| ≤ 16ε·max(1, |y|).
    for (const kind of ACTIVATIONS) {
      for (const n of SIZES) {
        const x = sample(n, n + 1);
        await init({ backend: 'wasm-simd' });
        const w = [activate(kind, x), activateDeriv(kind, x), activateDeriv2(kind, x)];
        await init({ backend: 'reference' });
        const r = [activate(kind, x), activateDeriv(kind, x), activateDeriv2(kind, x)];
        for (let o = 0; o < 3; o++)
          for (let i = 0; i < n; i++)
            expect(Math.abs(w[o]![i]! - r[o]![i]!)).toBeLessThanOrEqual(
              16 * EPS * Math.max(1, Math.abs(r[o]![i]!)),
            );
      }
    }
    await init({ backend: 'wasm-simd' });
  });

  it('derivatives match central differences (h = ε^{1/3}, error ≤ h²M/6 + 2ε|φ|/h)', () => {
    const x = Float64Array.from([-3.1, -0.7, 0.3, 1.9, 4.2]);
    const h = EPS ** (1 / 3);
    for (const kind of ACTIVATIONS) {
      const d1 = activateDeriv(kind, x);
      const d2 = activateDeriv2(kind, x);
      for (let i = 0; i < x.length; i++) {
        const fd1 = (activationValue(kind, x[i]! + h) - activationValue(kind, x[i]! - h)) / (2 * h);
        const fd2 = (activationValue(kind, x[i]! + h, 1) - activationValue(kind, x[i]! - h, 1)) / (2 * h);
        // Truncation: h²·max|φ^(order+2)|/6 with M = 5 bounding |φ‴| and |φ⁗| of all these activations on R
        // (tanh has |φ⁗| ≤ 4.1). Rounding: each evaluation is off by ≤ 2ε|φ| (libm ≤ 1 ulp plus one rounding), so the
        // difference quotient is off by ≤ 2ε|φ|/h, with |φ|, |φ′| ≤ 5 at these points.
        const tol = (h * h * 5) / 6 + (2 * EPS * 5) / h;
        expect(Math.abs(d1[i]! - fd1)).toBeLessThanOrEqual(tol);
        expect(Math.abs(d2[i]! - fd2)).toBeLessThanOrEqual(tol);
      }
    }
  });

  it('softplus and sigmoid do not overflow and hit their limits', () => {
    const x = Float64Array.of(-800, -40, 0, 40, 800);
    const sp = activate('softplus', x);
    expect(sp[0]).toBe(0);
    expect(sp[2]).toBeCloseTo(Math.LN2, 15);
    expect(sp[4]).toBe(800);
    expect(sp.every(Number.isFinite)).toBe(true);
    const sg = activate('sigmoid', x);
    expect(sg[0]).toBe(0);
    expect(sg[2]).toBe(0.5);
    expect(sg[4]).toBe(1);
  });

  it('relu conventions: relu′(0) = 0, relu″ = 0; quadratic φ″ = 2', () => {
    const x = Float64Array.of(-1, 0, 2);
    expect(Array.from(activate('relu', x))).toEqual([0, 0, 2]);
    expect(Array.from(activateDeriv('relu', x))).toEqual([0, 0, 1]);
    expect(Array.from(activateDeriv2('relu', x))).toEqual([0, 0, 0]);
    expect(Array.from(activateDeriv2('quadratic', x))).toEqual([2, 2, 2]);
  });

  it('writes into out (aliasing allowed) and validates its input', () => {
    const x = Float64Array.of(-1, 2);
    activate('relu', x, x);
    expect(Array.from(x)).toEqual([0, 2]);
    expect(() => activate('gelu' as Activation, x)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message:
          'activate: invalid argument. kind must be one of relu, softplus, tanh, sigmoid, quadratic, linear. Value: "gelu".',
      }),
    );
    expect(() => activate('relu', [1, 2] as unknown as Float64Array)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'activate: invalid argument. x must be a Float64Array. Value: Array(length 2).',
      }),
    );
    expect(() => activate('relu', x, new Float64Array(3))).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'activate: invalid argument. out.length must equal 2. Value: 3.',
      }),
    );
  });
});
