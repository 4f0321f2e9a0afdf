import type { RawGemm } from '../abi/gemm.js';
import type { Mem } from './mem.js';

/** TS twins of the gemm kernels. (Placeholder until the gemm family lands.) */
export function gemmTwins(_m: Mem): RawGemm {
  return {} as RawGemm;
}
