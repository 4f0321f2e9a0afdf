/**
 * The single owner of linear memory on the JS side.
 *
 * Kernels never allocate: every buffer a kernel touches (inputs, outputs and `work` scratch) is handed out here.
 * Blocks are 16-byte aligned (one v128) and come from a first-fit free list with coalescing above the module's
 * static data (`heapBase`). Memory grows on demand and never shrinks. Typed-array views are created at the moment
 * of use and must never be kept across a call that can allocate (a grow detaches every view).
 *
 * Two lifetimes are offered: {@link Scratch} (a scope: everything it allocated is freed by `dispose()`), and
 * resident blocks (see `resident.ts`) that live until explicitly disposed.
 */
import { StateError } from './errors.js';

const PAGE = 65536;
const ALIGN = 16;

interface FreeBlock {
  off: number;
  size: number;
}

/** First-fit allocator over one `WebAssembly.Memory`. */
export class Heap {
  readonly memory: WebAssembly.Memory;
  private brk: number;
  private readonly base: number;
  private free: FreeBlock[] = [];
  private readonly sizes = new Map<number, number>();

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.base = align(Math.max(heapBase, ALIGN));
    this.brk = this.base;
  }

  /** Allocates `bytes` (rounded up to 16) and returns the byte offset. Contents are unspecified. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, align(bytes));
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      if (b.size >= size) {
        const off = b.off;
        if (b.size === size) this.free.splice(i, 1);
        else {
          b.off += size;
          b.size -= size;
        }
        this.sizes.set(off, size);
        return off;
      }
    }
    const off = this.brk;
    const end = off + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      // Grow geometrically (at least 1/4 of current) so repeated small growth stays amortised O(1).
      const extra = Math.max(pages, Math.ceil(have / PAGE / 4));
      try {
        this.memory.grow(extra);
      } catch {
        try {
          this.memory.grow(pages);
        } catch (e) {
          throw new StateError(
            'E_INTERNAL',
            'heap.alloc',
            `heap.alloc: out of memory allocating ${bytes} bytes (${String(e)}).`,
          );
        }
      }
    }
    this.brk = end;
    this.sizes.set(off, size);
    return off;
  }

  /** Frees a block returned by {@link alloc}. */
  release(off: number): void {
    const size = this.sizes.get(off);
    if (size === undefined)
      throw new StateError('E_INTERNAL', 'heap.release', `heap.release: no block at offset ${off}.`);
    this.sizes.delete(off);
    if (off + size === this.brk) {
      this.brk = off;
      // Pull the break down over any free block that now ends at it.
      const last = this.free[this.free.length - 1];
      if (last && last.off + last.size === this.brk) {
        this.brk = last.off;
        this.free.pop();
      }
      return;
    }
    // Insert sorted by offset, coalescing with neighbours.
    let lo = 0;
    let hi = this.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free[mid]!.off < off) lo = mid + 1;
      else hi = mid;
    }
    const prev = this.free[lo - 1];
    const next = this.free[lo];
    if (prev && prev.off + prev.size === off) {
      prev.size += size;
      if (next && prev.off + prev.size === next.off) {
        prev.size += next.size;
        this.free.splice(lo, 1);
      }
    } else if (next && off + size === next.off) {
      next.off = off;
      next.size += size;
    } else {
      this.free.splice(lo, 0, { off, size });
    }
  }

  /** Bytes currently handed out (for leak tests). */
  get inUse(): number {
    let s = 0;
    for (const v of this.sizes.values()) s += v;
    return s;
  }

  /** A fresh f64 view of `n` elements at byte offset `off`. Do not keep it across allocating calls. */
  f64(off: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, off, n);
  }

  /** A fresh u32 view of `n` elements at byte offset `off`. */
  u32(off: number, n: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, off, n);
  }

  /** Opens a scratch scope. */
  scratch(): Scratch {
    return new Scratch(this);
  }
}

/** A set of temporary allocations released together (`using s = heap.scratch()` or try/finally `dispose()`). */
export class Scratch {
  private readonly blocks: number[] = [];
  constructor(private readonly heap: Heap) {}

  /** Allocates `bytes` bytes (uninitialised). */
  bytes(bytes: number): number {
    const off = this.heap.alloc(bytes);
    this.blocks.push(off);
    return off;
  }

  /** Allocates room for `n` f64 values (uninitialised). */
  f64(n: number): number {
    return this.bytes(n * 8);
  }

  /** Allocates `n` f64 values set to zero. */
  zeros(n: number): number {
    const off = this.bytes(n * 8);
    this.heap.f64(off, n).fill(0);
    return off;
  }

  /** Allocates and copies `src` in. */
  copyIn(src: ArrayLike<number>): number {
    const off = this.bytes(src.length * 8);
    this.heap.f64(off, src.length).set(src);
    return off;
  }

  /** Copies `n` f64 values out of linear memory into a new array. */
  copyOut(off: number, n: number): Float64Array {
    return this.heap.f64(off, n).slice();
  }

  /** Frees everything allocated through this scope. */
  dispose(): void {
    for (let i = this.blocks.length - 1; i >= 0; i--) this.heap.release(this.blocks[i]!);
    this.blocks.length = 0;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function align(n: number): number {
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}
