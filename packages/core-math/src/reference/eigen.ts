import type { RawEigen } from '../abi/eigen.js';
import type { Mem } from './mem.js';

/** TS twins of the eigen kernels. (Placeholder until the eigen family lands.) */
export function eigenTwins(_m: Mem): RawEigen {
  return {} as RawEigen;
}
