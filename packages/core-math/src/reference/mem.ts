/**
 * Views over the reference backend's linear memory. The TS twins take the same byte-offset pointers as the wasm
 * kernels and read/write through these views; a view is refreshed whenever the memory has grown.
 */
export class Mem {
  private f64v = new Float64Array(0);
  private u32v = new Uint32Array(0);
  constructor(readonly memory: WebAssembly.Memory) {}

  /** The whole memory as f64 (index = byte offset >> 3). */
  f64(): Float64Array {
    if (this.f64v.buffer !== this.memory.buffer) this.f64v = new Float64Array(this.memory.buffer);
    return this.f64v;
  }

  /** The whole memory as u32 (index = byte offset >> 2). */
  u32(): Uint32Array {
    if (this.u32v.buffer !== this.memory.buffer) this.u32v = new Uint32Array(this.memory.buffer);
    return this.u32v;
  }
}
