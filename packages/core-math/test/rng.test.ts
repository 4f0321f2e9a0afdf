import { beforeAll, describe, expect, it } from 'vitest';
import { RNG_STATE_BYTES } from '../src/abi/rng.js';
import { ctx, init } from '../src/backend.js';
import { Rng } from '../src/rng.js';
import { exactLn } from '../src/rng-core.js';

/** Draws n normals from the raw wasm kernel for (seed, stream), in chunks of the given sizes. */
function wasmStream(
  seedLo: number,
  seedHi: number,
  stream: number,
  chunks: number[],
  normal: boolean,
): Float64Array {
  const c = ctx();
  const total = chunks.reduce((a, b) => a + b, 0);
  const s = c.heap.scratch();
  try {
    const ps = s.bytes(RNG_STATE_BYTES);
    const po = s.f64(total);
    c.k.rngSeed(ps, seedLo, seedHi, stream);
    let off = 0;
    for (const n of chunks) {
      if (normal) c.k.rngNormal(ps, n, po + off * 8);
      else c.k.rngUniform(ps, n, po + off * 8);
      off += n;
    }
    return s.copyOut(po, total);
  } finally {
    s.dispose();
  }
}

describe('Rng', () => {
  beforeAll(async () => {
    await init({ backend: 'wasm-simd' });
  });

  it('wasm kernel and TS generator give bitwise-identical uniform and normal streams', () => {
    for (const seed of [0, 1, 42, 2 ** 32 + 7, 2 ** 53 - 1]) {
      for (const chunks of [[1], [7, 3, 1001], [2, 2, 64]]) {
        const total = chunks.reduce((a, b) => a + b, 0);
        for (const normal of [false, true]) {
          const w = wasmStream(seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, 0, chunks, normal);
          const r = new Rng(seed);
          const t = new Float64Array(total);
          for (let i = 0; i < total; i++) t[i] = normal ? r.normal() : r.uniform();
          expect(Buffer.from(w.buffer).equals(Buffer.from(t.buffer))).toBe(true);
        }
      }
    }
  });

  it('bulk fills give the same bits on both backends and in the pure TS path', async () => {
    const a = new Rng(7).fillNormal(new Float64Array(3001)); // wasm path (>= 256)
    await init({ backend: 'reference' });
    const b = new Rng(7).fillNormal(new Float64Array(3001));
    await init({ backend: 'wasm-simd' });
    const r = new Rng(7);
    const c = new Float64Array(3001).map(() => r.normal());
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(true);
  });

  it('continues the same stream across mixed scalar and bulk draws (spare normal carried)', () => {
    const r1 = new Rng(99);
    const first = r1.normal(); // leaves a spare
    const bulk = r1.fillNormal(new Float64Array(501));
    const r2 = new Rng(99);
    const all = new Float64Array(502).map(() => r2.normal());
    expect(first).toBe(all[0]);
    expect(Array.from(bulk)).toEqual(Array.from(all.subarray(1)));
  });

  it('uniforms lie in [0, 1) with the right mean and variance (4 standard errors)', () => {
    const n = 200_000;
    const u = new Rng(3).fillUniform(new Float64Array(n));
    let m = 0;
    let v = 0;
    for (const x of u) {
      expect(x >= 0 && x < 1).toBe(true);
      m += x;
    }
    m /= n;
    for (const x of u) v += (x - m) ** 2;
    v /= n - 1;
    // SE of the mean = sqrt(1/12 / n); SE of the variance ≈ sqrt((1/80 − 1/144)/n).
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('normals have mean 0, variance 1, kurtosis 3 within 4 standard errors', () => {
    const n = 200_000;
    const z = new Rng(11).fillNormal(new Float64Array(n));
    let m = 0;
    let m2 = 0;
    let m4 = 0;
    for (const x of z) m += x;
    m /= n;
    for (const x of z) {
      m2 += (x - m) ** 2;
      m4 += (x - m) ** 4;
    }
    m2 /= n;
    m4 /= n;
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n)); // SE 1/√n
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n)); // SE √(2/n)
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(4 * Math.sqrt(24 / n)); // SE √(24/n)
  });

  it('exactLn is accurate to a few ulps on (0, 1]', () => {
    const r = new Rng(5);
    for (let i = 0; i < 10_000; i++) {
      const s = r.uniform() ** 3 + 1e-300;
      const want = Math.log(s);
      expect(Math.abs(exactLn(s) - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want) + 1e-300);
    }
    expect(exactLn(1)).toBe(0);
  });

  it('split children are reproducible, independent of parent consumption, and distinct', () => {
    const p1 = new Rng(1234);
    const p2 = new Rng(1234);
    for (let i = 0; i < 100; i++) p2.uniform();
    const a = p1.split(5).fillUniform(new Float64Array(8));
    const b = p2.split(5).fillUniform(new Float64Array(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = p1.split(6).fillUniform(new Float64Array(8));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const d = new Rng(1235).split(5).fillUniform(new Float64Array(8));
    expect(Array.from(a)).not.toEqual(Array.from(d));
    // Nested splits are distinct from siblings.
    const e = p1.split(5).split(0).fillUniform(new Float64Array(8));
    expect(Array.from(a)).not.toEqual(Array.from(e));
  });

  it('children of one parent are uncorrelated (sample correlation within 4/√n)', () => {
    const n = 50_000;
    const p = new Rng(77);
    const x = p.split(0).fillNormal(new Float64Array(n));
    const y = p.split(1).fillNormal(new Float64Array(n));
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('snapshot/restore resumes the exact stream', () => {
    const r = new Rng(8);
    r.normal();
    const snap = JSON.parse(JSON.stringify(r.snapshot()));
    const next = [r.normal(), r.uniform(), r.normal()];
    const q = Rng.restore(snap);
    expect([q.normal(), q.uniform(), q.normal()]).toEqual(next);
    expect(Array.from(q.split(2).fillUniform(new Float64Array(3)))).toEqual(
      Array.from(new Rng(8).split(2).fillUniform(new Float64Array(3))),
    );
  });

  it('int and permutation stay in range and permute', () => {
    const r = new Rng(2);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    const p = Array.from(r.permutation(50)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects bad seeds and arguments with coded errors', () => {
    expect(() => new Rng(-1)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'Rng: invalid argument. seed must be a non-negative safe integer. Value: -1.',
      }),
    );
    expect(() => new Rng(1.5)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'Rng: invalid argument. seed must be a non-negative safe integer. Value: 1.5.',
      }),
    );
    expect(() => new Rng('1' as unknown as number)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_TYPE',
        message: 'Rng: invalid argument. seed must be a number. Value: "1".',
      }),
    );
    expect(() => new Rng(1).int(0)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'Rng.int: invalid argument. n must be an integer in [1, 2^32]. Value: 0.',
      }),
    );
    expect(() => new Rng(1).split(-1)).toThrow(
      expect.objectContaining({
        code: 'E_ARG_RANGE',
        message: 'Rng.split: invalid argument. i must be an integer in [0, 2^32). Value: -1.',
      }),
    );
  });
});
