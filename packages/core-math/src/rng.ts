/**
 * Seeded, splittable random numbers for everything in Landscape Lab.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna) seeded through a splitmix-style 32-bit mixer; `uniform()` has 53 random
 * bits in [0, 1); `normal()` is Marsaglia's polar method with a logarithm built from IEEE-exact operations, so the
 * TypeScript generator here and the wasm kernel (`assembly/rng.ts`) give bitwise-identical streams, and bulk fills may
 * run in either without changing a single bit of any result.
 *
 * Splitting: `split(i)` derives an independent child from the generator's *identity* (seed and stream path), not
 * from its current position, so task i of a sweep gets the same stream whatever ran before it, on any worker.
 */
import { RNG_STATE_BYTES } from './abi/rng.js';
import { ctx } from './backend.js';
import { rangeError, typeError } from './errors.js';
import { mix32, nextNormal, nextU32, nextUniform, type RngState, seedState } from './rng-core.js';

/** Bulk fills at or above this size go through the wasm kernel (below it the call overhead dominates). */
const WASM_FILL_MIN = 256;

/** Serialisable generator state (for checkpoints). */
export interface RngSnapshot {
  key: [number, number, number];
  s: [number, number, number, number];
  spare: number;
  hasSpare: boolean;
}

/**
 * A seeded generator.
 * @example
 * const rng = new Rng(42);
 * const x = rng.normal();
 * const child = rng.split(3); // independent stream for task 3
 */
export class Rng {
  private readonly st: RngState = { s: new Uint32Array(4), spare: 0, hasSpare: false };
  /** (seedLo, seedHi, stream): the identity children are derived from. */
  private readonly key: [number, number, number];

  /**
   * @param seed non-negative integer below 2^53.
   * @param stream stream index (u32), default 0.
   * @throws ArgumentError (E_ARG_TYPE / E_ARG_RANGE) for a non-integer or negative seed.
   */
  constructor(seed: number, stream = 0) {
    if (typeof seed !== 'number') throw typeError('Rng', 'seed', 'be a number', seed);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw rangeError('Rng', 'seed', 'be a non-negative safe integer', seed);
    if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff)
      throw rangeError('Rng', 'stream', 'be an integer in [0, 2^32)', stream);
    this.key = [seed >>> 0, Math.floor(seed / 4294967296) >>> 0, stream >>> 0];
    seedState(this.st, this.key[0], this.key[1], this.key[2]);
  }

  /** A fresh generator for child `i`, independent of this one and of how much of it was consumed. */
  split(i: number): Rng {
    if (!Number.isInteger(i) || i < 0 || i > 0xffffffff)
      throw rangeError('Rng.split', 'i', 'be an integer in [0, 2^32)', i);
    const [lo, hi, stream] = this.key;
    const key: [number, number, number] = [
      mix32((lo ^ mix32((hi ^ mix32((stream + 0x632be5ab) >>> 0)) >>> 0)) >>> 0),
      mix32((hi ^ mix32((lo ^ mix32((stream ^ 0x1b873593) >>> 0)) >>> 0) ^ 0x5bd1e995) >>> 0),
      i >>> 0,
    ];
    const child = new Rng(0);
    child.key.splice(0, 3, ...key);
    seedState(child.st, key[0], key[1], key[2]);
    return child;
  }

  /** A uniform u32. */
  u32(): number {
    return nextU32(this.st);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    return nextUniform(this.st);
  }

  /** A standard normal N(0, 1). */
  normal(): number {
    return nextNormal(this.st);
  }

  /** A uniform integer in [0, n) (n ≤ 2^32; bias below 2^−21 relative). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296)
      throw rangeError('Rng.int', 'n', 'be an integer in [1, 2^32]', n);
    return Math.floor(nextUniform(this.st) * n);
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** Fills `out` with uniforms in [0, 1); returns `out`. Same bits whichever backend runs it. */
  fillUniform(out: Float64Array): Float64Array {
    return this.fill(out, false);
  }

  /** Fills `out` with standard normals; returns `out`. Same bits whichever backend runs it. */
  fillNormal(out: Float64Array): Float64Array {
    return this.fill(out, true);
  }

  /** The generator's full state (JSON-safe). */
  snapshot(): RngSnapshot {
    const s = this.st.s;
    return {
      key: [...this.key],
      s: [s[0]!, s[1]!, s[2]!, s[3]!],
      spare: this.st.spare,
      hasSpare: this.st.hasSpare,
    };
  }

  /** Restores a generator from {@link snapshot}. */
  static restore(snap: RngSnapshot): Rng {
    const r = new Rng(0);
    r.key.splice(0, 3, ...snap.key);
    r.st.s.set(snap.s);
    r.st.spare = snap.spare;
    r.st.hasSpare = snap.hasSpare;
    return r;
  }

  private fill(out: Float64Array, normal: boolean): Float64Array {
    if (!(out instanceof Float64Array))
      throw typeError(normal ? 'Rng.fillNormal' : 'Rng.fillUniform', 'out', 'be a Float64Array', out);
    const n = out.length;
    let c: ReturnType<typeof ctx> | undefined;
    try {
      c = n >= WASM_FILL_MIN ? ctx() : undefined;
    } catch {
      c = undefined; // not initialised: the TS path gives the same bits
    }
    if (c && c.name === 'wasm-simd') {
      const sc = c.heap.scratch();
      try {
        const ps = sc.bytes(RNG_STATE_BYTES);
        const po = sc.f64(n);
        this.store(c.heap.u32(ps, 8), c.heap.f64(ps + 16, 1));
        if (normal) c.k.rngNormal(ps, n, po);
        else c.k.rngUniform(ps, n, po);
        out.set(c.heap.f64(po, n));
        this.load(c.heap.u32(ps, 8), c.heap.f64(ps + 16, 1));
      } finally {
        sc.dispose();
      }
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = normal ? nextNormal(this.st) : nextUniform(this.st);
    return out;
  }

  private store(u: Uint32Array, f: Float64Array): void {
    u.set(this.st.s, 0);
    f[0] = this.st.spare;
    u[6] = this.st.hasSpare ? 1 : 0;
  }

  private load(u: Uint32Array, f: Float64Array): void {
    this.st.s.set(u.subarray(0, 4));
    this.st.spare = f[0]!;
    this.st.hasSpare = u[6] !== 0;
  }
}
