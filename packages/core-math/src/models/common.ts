/**
 * @internal Shared plumbing of the model facades: validation helpers and the byte budget of a single call.
 */
import { type Context, ctx } from '../backend.js';
import { rangeError, StateError } from '../errors.js';
import { checkSize } from '../matrix.js';

/**
 * Largest byte count one model call may need. The reference twins index memory with `offset >> 3`, which is only
 * valid below 2^31, and a 2 GiB block is far beyond what these models need (a 1 GiB Hessian is nd ≈ 11585).
 */
export const MAX_CALL_BYTES = 2 ** 30;

/** Throws E_ARG_RANGE when a size product would exceed {@link MAX_CALL_BYTES}. */
export function checkBytes(fn: string, what: string, bytes: number): void {
  if (!(bytes <= MAX_CALL_BYTES)) throw rangeError(fn, what, `need at most 2^30 bytes of wasm memory`, bytes);
}

/** A context-bound set of heap blocks released together (the storage of a session object). */
export class Blocks {
  readonly c: Context;
  private readonly offs: number[] = [];
  private live = true;
  constructor(fn: string) {
    this.c = ctx(fn);
  }
  /** Allocates room for `n` f64 (at least 16 bytes). */
  f64(n: number): number {
    const off = this.c.heap.alloc(Math.max(16, n * 8));
    this.offs.push(off);
    return off;
  }
  /** Allocates `bytes` bytes. */
  bytes(bytes: number): number {
    const off = this.c.heap.alloc(Math.max(16, bytes));
    this.offs.push(off);
    return off;
  }
  get disposed(): boolean {
    return !this.live;
  }
  /** Throws E_DISPOSED after {@link release}. */
  check(fn: string): void {
    if (!this.live)
      throw new StateError(
        'E_DISPOSED',
        fn,
        `${fn}: invalid argument. The session must not be disposed. Value: disposed session.`,
      );
  }
  release(): void {
    if (!this.live) return;
    for (let i = this.offs.length - 1; i >= 0; i--) this.c.heap.release(this.offs[i]!);
    this.offs.length = 0;
    this.live = false;
  }
}

/** Iteration cap of a session's `gdSteps` (docs/adr/0002-one-vocabulary.md). */
export interface GdIterationCap {
  /** Iteration cap: maximum number of updates (integer ≥ 0). */
  maxIters: number;
}

/** @internal The validated cap of a {@link GdIterationCap}. */
export function gdMaxIters(fn: string, opts: { maxIters?: unknown }): number {
  const cap = opts.maxIters;
  checkSize(fn, 'opts.maxIters', cap);
  return cap;
}
