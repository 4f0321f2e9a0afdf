/** Activation codes shared by the wasm kernels and the TS twins. */
export const ACTIVATIONS = ['relu', 'softplus', 'tanh', 'sigmoid', 'quadratic', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** Code of an activation as passed to raw kernels. */
export function activationCode(a: Activation): number {
  return ACTIVATIONS.indexOf(a);
}

/** Raw elementwise exports: y_i ← φ(x_i), φ′(x_i) or φ″(x_i) for the activation with code `kind`. */
export interface RawElementwise {
  act(kind: number, n: number, x: number, y: number): void;
  actDeriv(kind: number, n: number, x: number, y: number): void;
  actDeriv2(kind: number, n: number, x: number, y: number): void;
  /**
   * y_i ← f(x_i), f by code (VMATH_FUNCTIONS in src/reference/transcendental.ts): 0 exp, 1 log1p, 2 acos,
   * 3 sin(acos x) = √((1 − x)(1 + x)), 4 softplus, 5 sigmoid; the two-lane kernels of assembly/math.ts.
   */
  vmath(kind: number, n: number, x: number, y: number): void;
}

export const ELEMENTWISE_NAMES = [
  'act',
  'actDeriv',
  'actDeriv2',
  'vmath',
] as const satisfies readonly (keyof RawElementwise)[];
