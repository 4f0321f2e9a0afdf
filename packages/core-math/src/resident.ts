/**
 * Resident buffers: f64 arrays that stay in linear memory between calls, for hot loops (thousands of GD steps)
 * that would otherwise copy parameters in and out on every call. The pointer never leaves core-math.
 */
import { type Context, ctx } from './backend.js';
import { StateError, shapeError } from './errors.js';
import { checkSize, checkVector } from './matrix.js';

const ptrs = new WeakMap<Resident, { c: Context; off: number }>();

/** A block of `length` f64 values kept in the active backend's linear memory until {@link Resident.dispose}. */
export class Resident {
  readonly length: number;
  private disposedFlag = false;

  /** @internal use {@link resident}. */
  constructor(c: Context, length: number) {
    this.length = length;
    ptrs.set(this, { c, off: c.heap.alloc(Math.max(8, length * 8)) });
  }

  /** True after {@link dispose}. */
  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Copies the contents out (into `out` when given, which must have `length` entries). */
  read(out?: Float64Array): Float64Array {
    const { c, off } = residentPtr(this, 'Resident.read');
    if (out !== undefined) checkVector('Resident.read', 'out', out, this.length);
    const dst = out ?? new Float64Array(this.length);
    dst.set(c.heap.f64(off, this.length));
    return dst;
  }

  /** Copies `src` in, starting at element `offset` (default 0). */
  write(src: ArrayLike<number>, offset = 0): void {
    const { c, off } = residentPtr(this, 'Resident.write');
    checkSize('Resident.write', 'offset', offset);
    if (offset + src.length > this.length)
      throw shapeError(
        'Resident.write',
        'offset + src.length',
        `be at most length = ${this.length}`,
        offset + src.length,
      );
    c.heap.f64(off + offset * 8, src.length).set(src);
  }

  /** Frees the memory. Further use throws `E_DISPOSED`. Idempotent. */
  dispose(): void {
    if (this.disposedFlag) return;
    const p = ptrs.get(this)!;
    p.c.heap.release(p.off);
    this.disposedFlag = true;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Allocates a resident buffer in the active backend: zero-filled of length `n`, or a copy of `data`.
 * @throws ArgumentError for a bad size; StateError (E_NOT_INITIALIZED) before `init()`.
 */
export function resident(data: number | ArrayLike<number>): Resident {
  const c = ctx('resident');
  const n = typeof data === 'number' ? data : data.length;
  checkSize('resident', typeof data === 'number' ? 'length' : 'data.length', n);
  const r = new Resident(c, n);
  const { off } = ptrs.get(r)!;
  if (typeof data === 'number') c.heap.f64(off, n).fill(0);
  else c.heap.f64(off, n).set(data);
  return r;
}

/** @internal The context and byte offset of a live resident buffer, checked against the active backend. */
export function residentPtr(r: Resident, fn: string): { c: Context; off: number } {
  if (!(r instanceof Resident)) throw new StateError('E_INTERNAL', fn, `${fn}: expected a Resident buffer.`);
  if (r.disposed)
    throw new StateError(
      'E_DISPOSED',
      fn,
      `${fn}: invalid argument. The resident buffer must not be disposed. Value: disposed Resident(length ${r.length}).`,
    );
  const p = ptrs.get(r)!;
  const a = ctx(fn);
  if (p.c !== a)
    throw new StateError(
      'E_BACKEND',
      fn,
      `${fn}: invalid argument. The resident buffer must belong to the active backend (${a.name}). Value: Resident on ${p.c.name}.`,
    );
  return p;
}
