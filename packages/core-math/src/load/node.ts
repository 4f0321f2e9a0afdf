/** Node loader: reads the wasm bytes from the package's build directory (Node 20's fetch cannot read file: URLs). */
import { readFile } from 'node:fs/promises';

export async function loadWasmBytes(): Promise<Uint8Array> {
  return readFile(new URL('../../build/core-math.wasm', import.meta.url));
}
