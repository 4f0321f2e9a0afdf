/**
 * The hand-written interface of the raw wasm exports. `test/abi.test.ts` checks it against the module's real
 * export list, and the reference backend implements exactly this interface in TypeScript.
 */
import { BLAS_NAMES, type RawBlas } from './blas.js';
import { EIGEN_NAMES, type RawEigen } from './eigen.js';
import { ELEMENTWISE_NAMES, type RawElementwise } from './elementwise.js';
import { GEMM_NAMES, type RawGemm } from './gemm.js';
import { MODEL_NAMES, type RawModels } from './models.js';
import { type RawRng, RNG_NAMES } from './rng.js';

export interface RawKernels extends RawBlas, RawGemm, RawEigen, RawElementwise, RawRng, RawModels {}

/** Every raw kernel name, in a fixed order. */
export const RAW_KERNEL_NAMES: readonly (keyof RawKernels)[] = [
  ...BLAS_NAMES,
  ...GEMM_NAMES,
  ...EIGEN_NAMES,
  ...ELEMENTWISE_NAMES,
  ...RNG_NAMES,
  ...MODEL_NAMES,
];

/** Exports the module has besides kernels: its memory and the start of free memory. */
export const RAW_SUPPORT_NAMES = ['memory', 'heapBase'] as const;

export type { RawBlas, RawEigen, RawElementwise, RawGemm, RawModels, RawRng };
