import { describe, expect, it } from 'vitest';
import { Heap } from '../src/heap.js';
import { Rng } from '../src/rng.js';

describe('Heap', () => {
  it('hands out 16-byte-aligned, non-overlapping blocks and reuses freed space', () => {
    const mem = new WebAssembly.Memory({ initial: 1 });
    const h = new Heap(mem, 1000);
    const r = new Rng(1);
    const live = new Map<number, number>();
    for (let step = 0; step < 5000; step++) {
      if (live.size > 0 && r.uniform() < 0.45) {
        const keys = [...live.keys()];
        const off = keys[r.int(keys.length)]!;
        h.release(off);
        live.delete(off);
      } else {
        const bytes = 1 + r.int(3000);
        const off = h.alloc(bytes);
        expect(off % 16).toBe(0);
        expect(off).toBeGreaterThanOrEqual(1008);
        expect(off + bytes).toBeLessThanOrEqual(mem.buffer.byteLength);
        for (const [o, b] of live) expect(off + bytes <= o || o + b <= off).toBe(true);
        live.set(off, bytes);
      }
    }
    for (const off of live.keys()) h.release(off);
    expect(h.inUse).toBe(0);
    // After freeing everything, the whole region coalesces: a large block fits at the base again.
    expect(h.alloc(100_000)).toBe(1008);
  });

  it('grows memory on demand and views survive only until the next grow', () => {
    const mem = new WebAssembly.Memory({ initial: 1 });
    const h = new Heap(mem, 16);
    const a = h.alloc(8 * 10);
    const view = h.f64(a, 10);
    view.fill(3);
    h.alloc(1 << 20); // forces a grow: the old view is detached
    expect(view.length).toBe(0);
    expect(Array.from(h.f64(a, 10))).toEqual(new Array(10).fill(3));
  });

  it('scratch scopes release everything they allocated', () => {
    const h = new Heap(new WebAssembly.Memory({ initial: 1 }), 16);
    const s = h.scratch();
    s.copyIn([1, 2, 3]);
    s.zeros(100);
    s.f64(7);
    expect(h.inUse).toBeGreaterThan(0);
    s.dispose();
    expect(h.inUse).toBe(0);
  });

  it('rejects releasing an unknown block', () => {
    const h = new Heap(new WebAssembly.Memory({ initial: 1 }), 16);
    expect(() => h.release(12345)).toThrow(
      expect.objectContaining({ code: 'E_INTERNAL', message: 'heap.release: no block at offset 12345.' }),
    );
  });
});
