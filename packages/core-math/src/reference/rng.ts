import type { RawRng } from '../abi/rng.js';
import type { Mem } from './mem.js';

/** TS twins of the rng kernels. (Placeholder until the rng family lands.) */
export function rngTwins(_m: Mem): RawRng {
  return {} as RawRng;
}
