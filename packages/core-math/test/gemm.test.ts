// gemv / gemm / gram on both backends against a nearly exact oracle, with tolerances from the standard bounds;
// BLAS β/α conventions, error classes, heap hygiene.
import { describe, expect, it } from 'vitest';
import { type BackendName, ctx, init } from '../src/backend.js';
import { gram, matmul, matvec } from '../src/gemm.js';
import { fromRows, type Matrix, matrix } from '../src/matrix.js';
import { Rng } from '../src/rng.js';
import { expectInvalidArgument } from './helpers.js';

const U = Number.EPSILON / 2; // unit roundoff
const gamma = (j: number): number => (j * U) / (1 - j * U);
const BACKENDS: BackendName[] = ['wasm-simd', 'reference'];

function randMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = new Rng(seed);
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = r.normal();
  return m;
}

// Dekker's TwoProduct and Knuth's TwoSum: the oracle accumulates Σ_p a_p b_p in double-double (Dot2 of Ogita,
// Rump & Oishi, SIAM J. Sci. Comput. 26(6), 2005) and rounds α·s + β·c once at the end. Its error is at most
// u|result| + γ_k²·Σ|a_p b_p| (+ second-order terms from α, β).
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const c1 = 134217729 * a; // 2^27 + 1: Veltkamp split
  const ah = c1 - (c1 - a);
  const al = a - ah;
  const c2 = 134217729 * b;
  const bh = c2 - (c2 - b);
  const bl = b - bh;
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

interface Oracle {
  /** Nearly exact α·op(A)op(B) + β·C, rounded once. */
  ref: Float64Array;
  /** |α||op(A)||op(B)| + |β||C|, the magnitude the error bound scales with. */
  mag: Float64Array;
}

/** Element (i, p) of op(X) for X stored row-major. */
const at = (X: Matrix, trans: boolean, i: number, p: number): number =>
  trans ? X.data[p * X.cols + i]! : X.data[i * X.cols + p]!;

function oracle(
  A: Matrix,
  B: Matrix,
  tA: boolean,
  tB: boolean,
  alpha: number,
  beta: number,
  C: Matrix | undefined,
): Oracle {
  const m = tA ? A.cols : A.rows;
  const k = tA ? A.rows : A.cols;
  const n = tB ? B.rows : B.cols;
  const ref = new Float64Array(m * n);
  const mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let e = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const a = at(A, tA, i, p);
        const b = at(B, tB, p, j);
        const [x, y] = twoProd(a, b);
        const t = s + x;
        const z = t - s;
        e += s - (t - z) + (x - z) + y;
        s = t;
        abs += Math.abs(a * b);
      }
      // α·(s + e) + β·c with the two products split exactly and the pieces summed small-to-large.
      const [p1, q1] = twoProd(alpha, s);
      const cOld = beta === 0 || !C ? 0 : C.data[i * n + j]!;
      const [p2, q2] = twoProd(beta, cOld);
      ref[i * n + j] = p1 + p2 + (q1 + q2 + alpha * e);
      mag[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * cOld);
    }
  return { ref, mag };
}

/**
 * Entrywise check |Ĉ − C| ≤ γ_{k+2}·M + u|C| + 2γ_{k+2}²·M, with M = |α||op(A)||op(B)| + |β||C|.
 * γ_{k+2}M is the standard bound for a length-k dot product plus the α and β products (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.5); u|C| is the oracle's final rounding; the second-order term covers the
 * oracle's γ_k² term and the rounding in computing M itself.
 */
function expectWithin(got: Float64Array, o: Oracle, k: number): void {
  expect(got.length).toBe(o.ref.length);
  const g = gamma(k + 2);
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const tol = g * o.mag[i]! + U * Math.abs(o.ref[i]!) + 2 * g * g * o.mag[i]!;
    const err = Math.abs(got[i]! - o.ref[i]!);
    // Written as a ratio so a failure names how far out of bound it is; NaN fails too.
    const ratio = err === 0 ? 0 : err / tol;
    if (!(ratio <= 1)) expect({ index: i, got: got[i], ref: o.ref[i], tol }).toBeUndefined();
    worst = Math.max(worst, ratio);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

const GEMM_SIZES: [number, number, number][] = [
  [0, 3, 5],
  [3, 0, 5],
  [3, 5, 0],
  [1, 1, 1],
  [2, 3, 2],
  [7, 3, 5],
  [64, 65, 63],
  [130, 129, 131],
  // Depth beyond one KC = 256 block and width beyond one NC = 1024 panel of the wasm kernel.
  [5, 1030, 300],
];
const TRANS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

// Runs first: vitest gives each file a fresh module graph, so no backend is active yet.
describe('before init()', () => {
  it('matvec, matmul and gram throw E_NOT_INITIALIZED', () => {
    const A = matrix(2, 2);
    for (const f of [() => matvec(A, new Float64Array(2)), () => matmul(A, A), () => gram(A)])
      expect(f).toThrow(expect.objectContaining({ code: 'E_NOT_INITIALIZED' }));
  });
});

describe.each(BACKENDS)('gemm family on %s', (backend) => {
  it('matmul matches the oracle within γ_{k+2}(|α||A||B| + |β||C|) for every size and transpose', async () => {
    await init({ backend });
    let seed = 100;
    for (const [m, n, k] of GEMM_SIZES)
      for (const [tA, tB] of TRANS)
        for (const [alpha, beta] of [
          [1, 0],
          [-1.5, 1],
          [0.75, -0.3],
        ] as const) {
          const A = tA ? randMatrix(k, m, seed++) : randMatrix(m, k, seed++);
          const B = tB ? randMatrix(n, k, seed++) : randMatrix(k, n, seed++);
          const C0 = randMatrix(m, n, seed++);
          const o = oracle(A, B, tA, tB, alpha, beta, C0);
          const C = { rows: m, cols: n, data: C0.data.slice() };
          const out = matmul(A, B, { transA: tA, transB: tB, alpha, beta, C });
          expect(out).toBe(C); // updated in place and returned
          expectWithin(out.data, o, k);
          if (beta === 0 && alpha === 1) {
            const fresh = matmul(A, B, { transA: tA, transB: tB });
            expect(fresh.rows).toBe(m);
            expect(fresh.cols).toBe(n);
            expectWithin(fresh.data, o, k);
          }
        }
  });

  it('β = 0 ignores C (NaN in C does not propagate); α = 0 gives βC without reading A or B', async () => {
    await init({ backend });
    for (const [m, n, k] of [
      [7, 3, 5],
      [64, 65, 63],
    ]) {
      const A = randMatrix(m, k, 1);
      const B = randMatrix(k, n, 2);
      const C = matrix(m, n);
      C.data.fill(Number.NaN);
      matmul(A, B, { C });
      expectWithin(C.data, oracle(A, B, false, false, 1, 0, undefined), k);
      const y = new Float64Array(m).fill(Number.NaN);
      matvec(A, new Float64Array(k).fill(1), { y });
      expect(y.every(Number.isFinite)).toBe(true);
      // α = 0: A holds NaN but is not read; C ← 2C exactly.
      const An = { rows: m, cols: k, data: new Float64Array(m * k).fill(Number.NaN) };
      const C2 = randMatrix(m, n, 3);
      const want = C2.data.map((v) => 2 * v);
      matmul(An, B, { alpha: 0, beta: 2, C: C2 });
      expect(C2.data).toEqual(want);
      // k = 0: the product is empty, C ← βC; with β = 0 and no C, zeros.
      const Z = matmul(matrix(m, 0), matrix(0, n));
      expect(Array.from(Z.data)).toEqual(new Array(m * n).fill(0));
    }
    // NaN inside A flows through its row only (IEEE semantics, no validation).
    const A = fromRows([
      [1, Number.NaN],
      [3, 4],
    ]);
    const P = matmul(A, fromRows([[1], [1]]));
    expect(Number.isNaN(P.data[0])).toBe(true);
    expect(P.data[1]).toBe(7);
  });

  it('matvec (A·x and Aᵀ·x) matches the oracle at every size', async () => {
    await init({ backend });
    let seed = 500;
    const sizes: [number, number][] = [
      [0, 5],
      [5, 0],
      [1, 1],
      [3, 2],
      [2, 3],
      [7, 7],
      [64, 64],
      [65, 63],
      [1001, 7],
      [7, 1001],
    ];
    for (const [m, n] of sizes)
      for (const trans of [false, true])
        for (const [alpha, beta] of [
          [1, 0],
          [2.5, 1],
          [-0.5, -1.25],
        ] as const) {
          const A = randMatrix(m, n, seed++);
          const xLen = trans ? m : n;
          const yLen = trans ? n : m;
          const x = randMatrix(xLen, 1, seed++);
          const y0 = randMatrix(yLen, 1, seed++);
          // y = α op(A) x + β y is gemm with B = x (a column) and C = y.
          const o = oracle(A, x, trans, false, alpha, beta, y0);
          const y = y0.data.slice();
          const out = matvec(A, x.data, { trans, alpha, beta, y });
          expect(out).toBe(y);
          expectWithin(out, o, xLen);
          if (beta === 0) expectWithin(matvec(A, x.data, { trans, alpha }), o, xLen);
        }
  });

  it('gram equals AᵀA / AAᵀ within γ_{k+2}|A|ᵀ|A| and is exactly symmetric', async () => {
    await init({ backend });
    let seed = 900;
    const sizes: [number, number][] = [
      [0, 3],
      [3, 0],
      [1, 1],
      [2, 3],
      [7, 3],
      [3, 7],
      [64, 65],
      [130, 129],
      [300, 5],
      // AᵀA 1030×1030 spans two NC panels (the block skip above the diagonal); AAᵀ has depth 1030 > KC.
      [2, 1030],
    ];
    for (const [m, n] of sizes) {
      const A = randMatrix(m, n, seed++);
      const G = gram(A);
      expect([G.rows, G.cols]).toEqual([n, n]);
      expectWithin(G.data, oracle(A, A, true, false, 1, 0, undefined), m);
      const H = gram(A, { side: 'AAt' });
      expect([H.rows, H.cols]).toEqual([m, m]);
      expectWithin(H.data, oracle(A, A, false, true, 1, 0, undefined), n);
      for (const S of [G, H]) {
        let asymmetric = 0;
        for (let i = 0; i < S.rows; i++)
          for (let j = 0; j < i; j++)
            if (!Object.is(S.data[i * S.cols + j], S.data[j * S.cols + i])) asymmetric++;
        expect(asymmetric).toBe(0);
      }
    }
  });

  it('rejects bad input with the right class and code', async () => {
    await init({ backend });
    const A = matrix(2, 3);
    const bad = expectInvalidArgument;
    bad(() => matmul(A, matrix(2, 3)), 'ShapeError', 'E_SHAPE');
    bad(() => matmul(A, matrix(3, 2), { transB: true }), 'ShapeError', 'E_SHAPE');
    bad(() => matmul(A, matrix(3, 4), { C: matrix(2, 3) }), 'ShapeError', 'E_SHAPE');
    bad(() => matmul(A, { rows: 3, cols: 1, data: new Float64Array(2) }), 'ShapeError', 'E_SHAPE');
    bad(
      () => matmul(A, { rows: 3, cols: 1, data: [1, 2, 3] } as unknown as Matrix),
      'ArgumentError',
      'E_ARG_TYPE',
    );
    bad(() => matmul(A, null as unknown as Matrix), 'ArgumentError', 'E_ARG_TYPE');
    bad(() => matmul(A, matrix(3, 1), { transA: 1 as unknown as boolean }), 'ArgumentError', 'E_ARG_TYPE');
    bad(() => matmul(A, matrix(3, 1), { alpha: Number.NaN }), 'NonFiniteError', 'E_NONFINITE');
    bad(() => matmul(A, matrix(3, 1), { beta: Number.POSITIVE_INFINITY }), 'NonFiniteError', 'E_NONFINITE');
    bad(() => matmul(A, matrix(3, 1), { beta: 1 }), 'ArgumentError', 'E_ARG_RANGE');
    bad(() => matvec(A, new Float64Array(2)), 'ShapeError', 'E_SHAPE');
    bad(() => matvec(A, new Float64Array(3), { trans: true }), 'ShapeError', 'E_SHAPE');
    bad(() => matvec(A, new Float64Array(3), { y: new Float64Array(3) }), 'ShapeError', 'E_SHAPE');
    bad(() => matvec(A, [1, 2, 3] as unknown as Float64Array), 'ArgumentError', 'E_ARG_TYPE');
    bad(
      () => matvec(A, new Float64Array(3), { alpha: Number.NEGATIVE_INFINITY }),
      'NonFiniteError',
      'E_NONFINITE',
    );
    bad(() => matvec(A, new Float64Array(3), { beta: 2 }), 'ArgumentError', 'E_ARG_RANGE');
    bad(() => gram(A, { side: 'AB' as 'AtA' }), 'ArgumentError', 'E_ARG_RANGE');
    bad(() => gram({ rows: 2, cols: 2 } as Matrix), 'ArgumentError', 'E_ARG_TYPE');
  });

  it('leaves no heap block behind', async () => {
    await init({ backend });
    const before = ctx().heap.inUse;
    const A = randMatrix(70, 40, 1);
    const B = randMatrix(40, 30, 2);
    matmul(A, B);
    matmul(A, A, { transA: true });
    matmul(A, B, { C: matrix(70, 30), beta: 0.5 });
    matvec(A, new Float64Array(40));
    matvec(A, new Float64Array(70), { trans: true, y: new Float64Array(40), beta: 1 });
    gram(A);
    gram(A, { side: 'AAt' });
    expect(() => matmul(A, A)).toThrow();
    expect(ctx().heap.inUse).toBe(before);
  });
});

describe('TSDoc examples', () => {
  it('hold as written', async () => {
    await init();
    const A = fromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(matvec(A, Float64Array.of(1, 1)))).toEqual([3, 7]);
    expect(Array.from(matvec(A, Float64Array.of(1, 1), { trans: true }))).toEqual([4, 6]);
    expect(Array.from(matmul(A, fromRows([[5], [6]])).data)).toEqual([17, 39]);
    const C = fromRows([[1], [1]]);
    matmul(A, fromRows([[5], [6]]), { beta: 1, C });
    expect(Array.from(C.data)).toEqual([18, 40]);
    expect(Array.from(gram(A).data)).toEqual([10, 14, 14, 20]);
    expect(Array.from(gram(A, { side: 'AAt' }).data)).toEqual([5, 11, 11, 25]);
  });
});
