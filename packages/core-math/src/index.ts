/**
 * @landscape-lab/core-math — the numerical core of Landscape Lab.
 *
 * AssemblyScript kernels compiled to WebAssembly SIMD behind one typed facade, with a pure-TypeScript twin of every
 * kernel (test oracle and fallback). All arithmetic is f64; matrices are row-major {@link Matrix} values.
 *
 * @example
 * import { init, backend, matmul, fromRows } from '@landscape-lab/core-math';
 * await init();
 * const C = matmul(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]]));
 * console.log(backend(), C.data); // 'wasm-simd' Float64Array [17, 39]
 */

export { ACTIVATIONS, type Activation } from './abi/elementwise.js';
export { type BackendName, backend, type InitOptions, init, simdSupported } from './backend.js';
export * from './blas.js';
export * from './check.js';
export * from './eigen.js';
export * from './elementwise.js';
export * from './errors.js';
export * from './gemm.js';
export * from './hessian-from-hvp.js';
export * from './matrix.js';
export * from './models/index.js';
export * from './objective.js';
export { Resident, resident } from './resident.js';
export * from './rng.js';
export * from './trust-region.js';
