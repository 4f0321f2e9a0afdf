import type { RawBlas } from '../abi/blas.js';
import type { Mem } from './mem.js';

/** TS twins of the blas kernels. (Placeholder until the blas family lands.) */
export function blasTwins(_m: Mem): RawBlas {
  return {} as RawBlas;
}
