import type { RawElementwise } from '../abi/elementwise.js';
import { ACTIVATION_CODE } from '../codes.generated.js';
import type { Mem } from './mem.js';
import { expTwin, sigmoidFromE, softplusFromE, tanhTwin, transcendentalTwins } from './transcendental.js';

/** Scalar φ, φ′, φ″ for activation code `kind` (mirrors assembly/elementwise.ts). */
export function activationScalar(kind: number, order: 0 | 1 | 2, v: number): number {
  switch (kind) {
    case ACTIVATION_CODE.relu:
      return order === 0 ? Math.max(v, 0) : order === 1 ? (v > 0 ? 1 : 0) : 0;
    case ACTIVATION_CODE.softplus: {
      if (order === 0) return softplusFromE(v, expTwin(-Math.abs(v)));
      const s = sigmoid(v);
      return order === 1 ? s : s * (1 - s);
    }
    case ACTIVATION_CODE.tanh: {
      const t = tanhTwin(v);
      return order === 0 ? t : order === 1 ? 1 - t * t : -2 * t * (1 - t * t);
    }
    case ACTIVATION_CODE.sigmoid: {
      const s = sigmoid(v);
      return order === 0 ? s : order === 1 ? s * (1 - s) : s * (1 - s) * (1 - 2 * s);
    }
    case ACTIVATION_CODE.quadratic:
      return order === 0 ? v * v : order === 1 ? 2 * v : 2;
    default: // linear
      return order === 0 ? v : order === 1 ? 1 : 0;
  }
}

function sigmoid(x: number): number {
  return sigmoidFromE(x, expTwin(-Math.abs(x)));
}

/** TS twins of the elementwise kernels. */
export function elementwiseTwins(m: Mem): RawElementwise {
  const run = (order: 0 | 1 | 2) => (kind: number, n: number, x: number, y: number) => {
    const f = m.f64();
    const xi = x >> 3;
    const yi = y >> 3;
    for (let i = 0; i < n; i++) f[yi + i] = activationScalar(kind, order, f[xi + i]!);
  };
  return { act: run(0), actDeriv: run(1), actDeriv2: run(2), ...transcendentalTwins(m) };
}
