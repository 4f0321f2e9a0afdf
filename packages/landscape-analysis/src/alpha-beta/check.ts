/**
 * @internal Validation of recorded α-β samples, shared by the margin, region and gap-line estimators (not exported
 * from the package).
 */
import { shapeError, typeError } from '@landscape-lab/core-math';
import { checkPoint } from '../internal/check.js';
import type { AlphaBetaSamples } from './samples.js';

/** Checks { g, a, b } (equal-length finite Float64Arrays, optional Int32Array point/candidate) and returns K. */
export function checkSamples(fn: string, s: unknown): number {
  if (s === null || typeof s !== 'object') throw typeError(fn, 'samples', 'be { g, a, b } Float64Arrays', s);
  const t = s as AlphaBetaSamples;
  for (const key of ['g', 'a', 'b'] as const) {
    if (!(t[key] instanceof Float64Array)) throw typeError(fn, `samples.${key}`, 'be a Float64Array', t[key]);
  }
  const K = t.g.length;
  checkPoint(fn, 'samples.g', t.g, K);
  checkPoint(fn, 'samples.a', t.a, K);
  checkPoint(fn, 'samples.b', t.b, K);
  for (const key of ['point', 'candidate'] as const) {
    const v = t[key];
    if (v === undefined) continue;
    if (!(v instanceof Int32Array)) throw typeError(fn, `samples.${key}`, 'be an Int32Array when present', v);
    if (v.length !== K)
      throw shapeError(fn, `samples.${key}.length`, `equal samples.g.length = ${K}`, v.length);
  }
  return K;
}
