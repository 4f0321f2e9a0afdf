import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RAW_KERNEL_NAMES, RAW_SUPPORT_NAMES } from '../src/abi/index.js';
import { referenceKernels } from '../src/reference/index.js';

describe('raw ABI', () => {
  it('the wasm module exports exactly the hand-written raw interface', async () => {
    const bytes = await readFile(new URL('../build/core-math.wasm', import.meta.url));
    const mod = new WebAssembly.Module(bytes);
    const exported = WebAssembly.Module.exports(mod)
      .map((e) => e.name)
      .sort();
    const declared = [...RAW_KERNEL_NAMES, ...RAW_SUPPORT_NAMES].sort();
    expect(exported).toEqual(declared);
    // Kernels are functions; memory is the only memory export.
    for (const e of WebAssembly.Module.exports(mod))
      expect(e.kind).toBe(e.name === 'memory' ? 'memory' : 'function');
  });

  it('every raw kernel has a TS twin with the same arity', async () => {
    const bytes = await readFile(new URL('../build/core-math.wasm', import.meta.url));
    const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => {} } });
    const twins = referenceKernels(new WebAssembly.Memory({ initial: 1 })) as unknown as Record<
      string,
      unknown
    >;
    for (const name of RAW_KERNEL_NAMES) {
      const w = instance.exports[name] as (...a: unknown[]) => unknown;
      const t = twins[name] as (...a: unknown[]) => unknown;
      expect(typeof t, name).toBe('function');
      expect(t.length, name).toBe(w.length);
    }
  });

  it('declares no kernel twice', () => {
    expect(new Set(RAW_KERNEL_NAMES).size).toBe(RAW_KERNEL_NAMES.length);
  });
});
