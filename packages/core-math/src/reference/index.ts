/**
 * The reference backend: pure-TypeScript twins of every raw kernel, over a `WebAssembly.Memory` owned by JS.
 * It is the test oracle for the wasm kernels and the fallback where wasm SIMD is unavailable.
 */
import type { RawKernels } from '../abi/index.js';
import { blasTwins } from './blas.js';
import { eigenTwins } from './eigen.js';
import { elementwiseTwins } from './elementwise.js';
import { gemmTwins } from './gemm.js';
import { Mem } from './mem.js';
import { modelTwins } from './models.js';
import { rngTwins } from './rng.js';

/** Builds the TS twin of every raw kernel over `memory`. */
export function referenceKernels(memory: WebAssembly.Memory): RawKernels {
  const m = new Mem(memory);
  return {
    ...blasTwins(m),
    ...gemmTwins(m),
    ...eigenTwins(m),
    ...elementwiseTwins(m),
    ...rngTwins(m),
    ...modelTwins(m),
  };
}
