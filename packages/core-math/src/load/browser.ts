/** Browser/Vite loader: fetches the wasm bytes next to the bundled module. */
export async function loadWasmBytes(): Promise<Uint8Array> {
  const res = await fetch(new URL('../../build/core-math.wasm', import.meta.url));
  if (!res.ok) throw new Error(`core-math: could not fetch core-math.wasm (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}
