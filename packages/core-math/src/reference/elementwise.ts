import type { RawElementwise } from '../abi/elementwise.js';
import type { Mem } from './mem.js';

/** TS twins of the elementwise kernels. (Placeholder until the elementwise family lands.) */
export function elementwiseTwins(_m: Mem): RawElementwise {
  return {} as RawElementwise;
}
