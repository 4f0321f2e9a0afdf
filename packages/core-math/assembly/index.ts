// Landscape Lab core-math: raw wasm exports. Pointers are byte offsets into linear memory; kernels never
// allocate and never validate (the TS facade does). See src/abi/ for the documented contract of each export.
export * from './blas';
export * from './gemm';
export * from './eigen';
export * from './elementwise';
export { vmath } from './math';
export * from './rng';
export * from './models/index';

/** First byte after the module's static data: the JS heap allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}
