// BLAS-1 facade on both backends against oracles, error classes, resident buffers and heap hygiene.
import { describe, expect, it } from 'vitest';
import { type BackendName, ctx, init } from '../src/backend.js';
import { axpy, copy, dot, fill, nrm2, scal } from '../src/blas.js';
import { resident } from '../src/resident.js';
import { Rng } from '../src/rng.js';
import { expectInvalidArgument } from './helpers.js';

const U = Number.EPSILON / 2; // unit roundoff
const gamma = (j: number): number => (j * U) / (1 - j * U);
const SIZES = [0, 1, 2, 3, 7, 8, 9, 64, 1001];
const BACKENDS: BackendName[] = ['wasm-simd', 'reference'];

function normals(n: number, seed: number): Float64Array {
  const r = new Rng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = r.normal();
  return x;
}

// Error-free transformations (Knuth TwoSum, Dekker TwoProduct) for a nearly exact oracle: Dot2 of Ogita, Rump
// & Oishi (SIAM J. Sci. Comput. 26(6), 2005) returns s with |s − xᵀy| ≤ u|xᵀy| + γ_n² Σ|x_i y_i|.
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const split = (v: number): [number, number] => {
    const c = 134217729 * v; // 2^27 + 1
    const hi = c - (c - v);
    return [hi, v - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

function dot2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const [p, q] = twoProd(x[i]!, y[i]!);
    const t = s + p;
    const z = t - s;
    c += s - (t - z) + (p - z) + q;
    s = t;
  }
  return s + c;
}

// Runs first: vitest gives each file a fresh module graph, so no backend is active yet.
describe('before init()', () => {
  it('every BLAS-1 entry point throws E_NOT_INITIALIZED, plain arrays included', () => {
    const x = new Float64Array(2);
    for (const f of [
      () => dot(x, x),
      () => axpy(1, x, x),
      () => scal(2, x),
      () => nrm2(x),
      () => copy(x, x),
      () => fill(x, 1),
    ])
      expect(f).toThrow(expect.objectContaining({ code: 'E_NOT_INITIALIZED' }));
  });
});

describe.each(BACKENDS)('BLAS-1 on %s', (backend) => {
  it('dot matches Dot2 within γ_n Σ|x_i y_i| at every size', async () => {
    await init({ backend });
    for (const n of SIZES) {
      const x = normals(n, 11 + n);
      const y = normals(n, 12 + n);
      const ref = dot2(x, y);
      let absSum = 0;
      for (let i = 0; i < n; i++) absSum += Math.abs(x[i]! * y[i]!);
      // Any summation order: |ŝ − s| ≤ γ_n Σ|x_i y_i|; the oracle adds u|s| + γ_n²Σ|x_i y_i|.
      const tol = gamma(n) * absSum + U * Math.abs(ref) + 2 * gamma(n) ** 2 * absSum;
      expect(Math.abs(dot(x, y) - ref)).toBeLessThanOrEqual(tol);
    }
  });

  it('axpy, scal, copy, fill agree exactly with the per-element formula (same IEEE operations)', async () => {
    await init({ backend });
    for (const n of SIZES) {
      const x = normals(n, 21 + n);
      const y0 = normals(n, 22 + n);
      const alpha = -1.37;
      // fl(y + fl(αx)) is what both backends evaluate, element by element: no rounding slack is needed.
      const y = axpy(alpha, x, y0.slice());
      for (let i = 0; i < n; i++) expect(y[i]).toBe(y0[i]! + alpha * x[i]!);
      const z = scal(alpha, x.slice());
      for (let i = 0; i < n; i++) expect(z[i]).toBe(alpha * x[i]!);
      const r = resident(n);
      try {
        copy(x, r);
        expect(r.read()).toEqual(x);
        const back = copy(r, new Float64Array(n));
        expect(back).toEqual(x);
        fill(r, 2.5);
        expect(Array.from(r.read())).toEqual(new Array(n).fill(2.5));
        expect(Array.from(fill(new Float64Array(n), -3))).toEqual(new Array(n).fill(-3));
        // Resident operands run in place: y ← αx + y with y resident.
        r.write(y0);
        axpy(alpha, x, r);
        expect(r.read()).toEqual(y);
        scal(alpha, r);
        for (let i = 0; i < n; i++) expect(r.read()[i]).toBe(alpha * y[i]!);
      } finally {
        r.dispose();
      }
    }
  });

  it('axpy with α = 0 leaves y untouched even where x is NaN (BLAS convention); NaN flows otherwise', async () => {
    await init({ backend });
    const x = Float64Array.of(Number.NaN, 1, 2);
    const y = Float64Array.of(1, 2, 3);
    expect(Array.from(axpy(0, x, y))).toEqual([1, 2, 3]);
    expect(Number.isNaN(axpy(1, x, y)[0])).toBe(true);
    expect(Number.isNaN(dot(x, y))).toBe(true);
  });

  it('dot and axpy accept the same resident buffer twice (x = y)', async () => {
    await init({ backend });
    const x = normals(9, 5);
    const r = resident(x);
    try {
      expect(Math.abs(dot(r, r) - dot2(x, x))).toBeLessThanOrEqual(2 * gamma(9) * dot2(x, x));
      axpy(1, r, r);
      for (let i = 0; i < 9; i++) expect(r.read()[i]).toBe(2 * x[i]!);
    } finally {
      r.dispose();
    }
  });

  it('nrm2 matches √(Dot2(x, x)) within γ_{n+3} relative at every size', async () => {
    await init({ backend });
    for (const n of SIZES) {
      const x = normals(n, 31 + n);
      const ref = Math.sqrt(dot2(x, x));
      // Sum of n non-negative squares: relative γ_n; √ halves it and adds u; the oracle adds u (Dot2) and u (√).
      expect(Math.abs(nrm2(x) - ref)).toBeLessThanOrEqual(gamma(n + 3) * ref);
    }
  });

  it('nrm2 neither overflows at 1e300 nor underflows at 1e-300 or in the subnormal range', async () => {
    await init({ backend });
    // ‖c·1_n‖ = |c|√n; n a perfect square makes √n exact, so the reference is one rounding of c·√n.
    for (const [c, n] of [
      [1e300, 9],
      [-1e300, 1024],
      [1e-300, 25],
      [1e-300, 1024],
      [1.7976931348623157e308, 1],
      [5e-324, 4],
    ] as const) {
      const ref = Math.abs(c) * Math.sqrt(n);
      const got = nrm2(new Float64Array(n).fill(c));
      expect(Math.abs(got - ref)).toBeLessThanOrEqual(gamma(n + 3) * ref + 5e-324);
    }
    // 3-4-5 triangles, exactly representable, at both ends of the range.
    expect(Math.abs(nrm2(Float64Array.of(3e300, 4e300)) - 5e300)).toBeLessThanOrEqual(gamma(5) * 5e300);
    expect(nrm2(Float64Array.of(3 * 2 ** -1070, 4 * 2 ** -1070))).toBe(5 * 2 ** -1070);
    expect(nrm2(Float64Array.of(3 * 2 ** -600, 0, -4 * 2 ** -600))).toBe(5 * 2 ** -600);
    // Scaling by a power of two commutes with the norm exactly: ‖2^s z‖ = 2^s ‖z‖.
    for (const s of [990, -990, -1040]) {
      const z = normals(1001, 7);
      const w = z.map((v) => v * 2 ** s); // for s = −1040 the entries are subnormal and rounded here
      const back = w.map((v) => v * 2 ** (-s / 2) * 2 ** (-s / 2)); // exact: 2^-s in two halves (2^1040 overflows)
      const ref = Math.sqrt(dot2(back, back)) * 2 ** s;
      // For s = −1040 the result itself is subnormal: ours and the oracle's last rounding each add ≤ 2^-1075.
      const slack = s < -1022 ? 2 ** -1074 : 0;
      expect(Math.abs(nrm2(w) - ref)).toBeLessThanOrEqual(gamma(1001 + 3) * ref + slack);
    }
    // A huge and a tiny entry together: the tiny one is below u relative and must not cause NaN or 0.
    expect(nrm2(Float64Array.of(1e300, 1e-300))).toBe(1e300);
    expect(nrm2(new Float64Array(5))).toBe(0);
    expect(nrm2(new Float64Array(0))).toBe(0);
    expect(nrm2(Float64Array.of(1, Number.NEGATIVE_INFINITY, 2))).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(nrm2(Float64Array.of(1, Number.NaN, Number.POSITIVE_INFINITY)))).toBe(true);
    // The true norm overflows: +Infinity, not NaN.
    expect(nrm2(Float64Array.of(1.7e308, 1.7e308))).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects bad input with the right class and code', async () => {
    await init({ backend });
    const x = new Float64Array(3);
    const bad = expectInvalidArgument;
    const msg = (fn: string, rest: string) => `${fn}: invalid argument. ${rest}`;
    bad(
      () => dot(x, new Float64Array(4)),
      'ShapeError',
      'E_SHAPE',
      msg('dot', 'y.length must equal x.length = 3. Value: 4.'),
    );
    bad(
      () => axpy(1, x, new Float64Array(2)),
      'ShapeError',
      'E_SHAPE',
      msg('axpy', 'y.length must equal x.length = 3. Value: 2.'),
    );
    bad(
      () => copy(x, new Float64Array(2)),
      'ShapeError',
      'E_SHAPE',
      msg('copy', 'y.length must equal x.length = 3. Value: 2.'),
    );
    const vec = 'must be a Float64Array or a Resident buffer.';
    bad(
      () => dot([1, 2, 3] as unknown as Float64Array, x),
      'ArgumentError',
      'E_ARG_TYPE',
      msg('dot', `x ${vec} Value: Array(length 3).`),
    );
    bad(
      () => nrm2(new Float32Array(3) as unknown as Float64Array),
      'ArgumentError',
      'E_ARG_TYPE',
      msg('nrm2', `x ${vec} Value: Float32Array(length 3).`),
    );
    bad(
      () => scal('2' as unknown as number, x),
      'ArgumentError',
      'E_ARG_TYPE',
      msg('scal', 'alpha must be a number. Value: "2".'),
    );
    bad(
      () => axpy(Number.NaN, x, x),
      'NonFiniteError',
      'E_NONFINITE',
      msg('axpy', 'alpha must be finite. Value: NaN.'),
    );
    bad(
      () => scal(Number.POSITIVE_INFINITY, x),
      'NonFiniteError',
      'E_NONFINITE',
      msg('scal', 'alpha must be finite. Value: Infinity.'),
    );
    bad(
      () => fill(x, Number.NEGATIVE_INFINITY),
      'NonFiniteError',
      'E_NONFINITE',
      msg('fill', 'alpha must be finite. Value: -Infinity.'),
    );
    const r = resident(3);
    r.dispose();
    const disposed = 'The resident buffer must not be disposed. Value: disposed Resident(length 3).';
    const uses: [string, () => unknown][] = [
      ['dot', () => dot(r, x)],
      ['axpy', () => axpy(1, x, r)],
      ['nrm2', () => nrm2(r)],
      ['fill', () => fill(r, 1)],
      ['copy', () => copy(x, r)],
    ];
    for (const [fn, f] of uses) bad(f, 'StateError', 'E_DISPOSED', msg(fn, disposed));
  });

  it('leaves no heap block behind, after successes and after rejected calls', async () => {
    await init({ backend });
    const before = ctx().heap.inUse;
    const x = normals(1001, 1);
    const y = normals(1001, 2);
    const r = resident(y);
    dot(x, y);
    dot(x, r);
    axpy(2, x, y);
    axpy(2, x, r);
    scal(3, x);
    nrm2(x);
    nrm2(r);
    copy(x, y);
    copy(r, y);
    copy(x, r);
    fill(r, 1);
    expect(() => dot(x, new Float64Array(2))).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: 'dot: invalid argument. y.length must equal x.length = 1001. Value: 2.',
      }),
    );
    r.dispose();
    expect(ctx().heap.inUse).toBe(before);
  });
});

describe('resident buffers and backends', () => {
  it('a resident buffer of another backend is rejected with E_BACKEND', async () => {
    await init({ backend: 'reference' });
    const r = resident(3);
    await init({ backend: 'wasm-simd' });
    expect(() => dot(r, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_BACKEND' }));
    await init({ backend: 'reference' });
    r.dispose();
    await init({ backend: 'wasm-simd' });
  });
});
