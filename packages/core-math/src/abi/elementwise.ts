/** Activation names in code order and their codes, generated from codes/codes.json (shared with the wasm kernels). */
export {
  ACTIVATION_NAMES as ACTIVATIONS,
  type ActivationName as Activation,
  activationCode,
} from '../codes.generated.js';

/** Raw elementwise exports: y_i ← φ(x_i), φ′(x_i) or φ″(x_i) for the activation with code `kind`. */
export interface RawElementwise {
  act(kind: number, n: number, x: number, y: number): void;
  actDeriv(kind: number, n: number, x: number, y: number): void;
  actDeriv2(kind: number, n: number, x: number, y: number): void;
  /**
   * y_i ← f(x_i), f by code (`vmathFunctionCode`, table codes/codes.json): exp, log1p, acos,
   * sin(acos x) = √((1 − x)(1 + x)), softplus, sigmoid; the two-lane kernels of assembly/math.ts.
   */
  vmath(kind: number, n: number, x: number, y: number): void;
}

export const ELEMENTWISE_NAMES = [
  'act',
  'actDeriv',
  'actDeriv2',
  'vmath',
] as const satisfies readonly (keyof RawElementwise)[];
