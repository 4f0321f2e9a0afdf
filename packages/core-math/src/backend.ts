/**
 * Backend selection and the active context (one per JS realm / worker thread).
 *
 * `init()` instantiates the wasm SIMD module (or the reference twins) once, caches it, and makes it active.
 * Every facade function runs against the active context. Contexts for both backends can coexist, which is how the
 * parity tests compare them; switching is just another `init({ backend })` call.
 */
import { instantiate } from '@assemblyscript/loader';
import { loadWasmBytes } from '#load-wasm';
import { RAW_KERNEL_NAMES, type RawKernels } from './abi/index.js';
import { rangeError, StateError } from './errors.js';
import { Heap } from './heap.js';
import { referenceKernels } from './reference/index.js';

/** Name of a compute backend. */
export type BackendName = 'wasm-simd' | 'reference';

/** Options of {@link init}. */
export interface InitOptions {
  /** `auto` (default) picks `wasm-simd` when the runtime validates SIMD, else `reference`. */
  backend?: 'auto' | BackendName;
}

/** @internal A live backend: raw kernels plus the heap over their memory. */
export interface Context {
  readonly name: BackendName;
  readonly k: RawKernels;
  readonly heap: Heap;
}

const contexts = new Map<BackendName, Promise<Context>>();
let active: Context | undefined;

// (module (func (result v128) v128.const i64x2 0 0)) — validates only where SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** True when this runtime validates WebAssembly SIMD (v128). */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

async function createWasm(): Promise<Context> {
  const bytes = await loadWasmBytes();
  const { instance } = await instantiate<Record<string, unknown>>(bytes, {});
  const ex = instance.exports as Record<string, unknown>;
  const memory = ex.memory as WebAssembly.Memory;
  // Raw exports are called directly: the loader's demangling wrappers cost ~12 ns a call.
  const k = {} as Record<string, unknown>;
  for (const name of RAW_KERNEL_NAMES) {
    const f = ex[name];
    if (typeof f !== 'function')
      throw new StateError(
        'E_BACKEND',
        'init',
        `init: the wasm module lacks the export ${name}; rebuild core-math.`,
      );
    k[name] = f;
  }
  const heapBase = (ex.heapBase as () => number)();
  return { name: 'wasm-simd', k: k as unknown as RawKernels, heap: new Heap(memory, heapBase) };
}

function createReference(): Context {
  const memory = new WebAssembly.Memory({ initial: 1 });
  return { name: 'reference', k: referenceKernels(memory), heap: new Heap(memory, 16) };
}

function loadContext(name: BackendName): Promise<Context> {
  let p = contexts.get(name);
  if (!p) {
    p = name === 'wasm-simd' ? createWasm() : Promise.resolve(createReference());
    contexts.set(name, p);
    p.catch(() => contexts.delete(name));
  }
  return p;
}

/**
 * Loads a backend and makes it active. Safe to call repeatedly; instances are cached.
 * @returns the name of the active backend.
 * @throws ArgumentError (E_ARG_RANGE) for an unknown backend name; StateError (E_BACKEND) when `wasm-simd`
 * is requested explicitly but cannot be loaded.
 * @example
 * await init();            // 'wasm-simd' on Node 20 and current browsers
 * await init({ backend: 'reference' });
 */
export async function init(options: InitOptions = {}): Promise<BackendName> {
  const want = options.backend ?? 'auto';
  if (want !== 'auto' && want !== 'wasm-simd' && want !== 'reference')
    throw rangeError('init', 'options.backend', "be 'auto', 'wasm-simd' or 'reference'", want);
  const name: BackendName = want === 'auto' ? (simdSupported() ? 'wasm-simd' : 'reference') : want;
  if (name === 'wasm-simd' && !simdSupported())
    throw new StateError(
      'E_BACKEND',
      'init',
      'init: WebAssembly SIMD is not supported by this runtime; use the reference backend.',
    );
  try {
    active = await loadContext(name);
  } catch (e) {
    if (want !== 'auto')
      throw new StateError('E_BACKEND', 'init', `init: could not load the ${name} backend (${String(e)}).`);
    active = await loadContext('reference');
  }
  return active.name;
}

/** The active backend's name. @throws StateError (E_NOT_INITIALIZED) before {@link init}. */
export function backend(): BackendName {
  return ctx('backend').name;
}

/** @internal The active context. */
export function ctx(fn = 'core-math'): Context {
  if (!active)
    throw new StateError('E_NOT_INITIALIZED', fn, `${fn}: core-math is not initialised; await init() first.`);
  return active;
}
