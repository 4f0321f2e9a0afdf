import { ArgumentError, init, NonFiniteError, Rng, ShapeError } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCode } from '../test/fixtures/errors.js';
import { assignment, dedupePoints } from './dedupe.js';

beforeAll(async () => {
  await init();
});

/** Applies a neuron permutation p and a coordinate permutation q to an n×d point. */
function permute(
  x: Float64Array,
  n: number,
  d: number,
  p: ArrayLike<number>,
  q?: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) y[i * d + c] = x[p[i]! * d + (q ? q[c]! : c)]!;
  return y;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1))
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

describe('assignment (Hungarian)', () => {
  it('matches brute force on random 6×6 costs', () => {
    const rng = new Rng(5);
    const perms = permutations(6);
    for (let t = 0; t < 20; t++) {
      const C = rng.fillUniform(new Float64Array(36));
      let best = Infinity;
      for (const p of perms)
        best = Math.min(
          best,
          p.reduce((s, j, i) => s + C[i * 6 + j]!, 0),
        );
      const r = assignment(C, 6);
      // Sums of 6 terms: rounding ≤ 6ε·Σ|c| ≤ 6ε·6.
      expect(Math.abs(r.total - best)).toBeLessThanOrEqual(36 * 2 ** -52);
      expect([...r.assignment].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(assignment(new Float64Array(0), 0).total).toBe(0);
  });
});

describe('dedupePoints', () => {
  const rng = new Rng(11);
  const n = 5;
  const d = 4;
  const A = rng.fillNormal(new Float64Array(n * d));
  const B = rng.fillNormal(new Float64Array(n * d));

  it('groups neuron permutations of two points into two families with multiplicities', () => {
    const pts = [
      A,
      permute(A, n, d, [4, 3, 2, 1, 0]),
      B,
      permute(B, n, d, [1, 0, 2, 4, 3]),
      permute(A, n, d, [2, 0, 1, 3, 4]),
    ];
    // Add noise well below the tolerance.
    pts[4] = pts[4]!.map((v, i) => v + 1e-9 * Math.sin(i));
    const r = dedupePoints(pts, { blockSize: d, tol: 1e-6 });
    expect(r.families.length).toBe(2);
    expect(r.families[0]!.members).toEqual([0, 1, 4]);
    expect(r.families[1]!.members).toEqual([2, 3]);
    expect(r.families[0]!.multiplicity).toBe(3);
    expect(Array.from(r.familyOf)).toEqual([0, 0, 1, 1, 0]);
    expect(r.families[0]!.maxDistance).toBeLessThan(1e-8);
    expect(r.minSeparation).toBeGreaterThan(1);
    expect(r.tol).toBe(1e-6);
  });

  it('coordinate permutations merge only when asked (teacher = identity, SS18)', () => {
    const q = [2, 0, 3, 1];
    const pts = [A, permute(A, n, d, [3, 1, 4, 0, 2], q)];
    expect(dedupePoints(pts, { blockSize: d }).families.length).toBe(2);
    const r = dedupePoints(pts, { blockSize: d, coordinatePermutation: true });
    expect(r.families.length).toBe(1);
    expect(r.coordinateTies).toBe(0);
    expect(r.coordinatePermutation).toBe(true);
  });

  it('tied coordinate keys are resolved exhaustively (or reported as unresolved beyond the cap)', () => {
    // n = 2, d = 2: columns of both points hold {1, 2}; the points differ by swapping coordinates, which sorting by
    // the column key alone cannot see.
    const a = Float64Array.of(1, 2, 2, 1);
    const b = Float64Array.of(2, 1, 1, 2);
    const c = Float64Array.of(1, 2, 3, 1); // different
    const r = dedupePoints([a, b, c], { blockSize: 2, coordinatePermutation: true });
    expect(r.coordinateTies).toBe(2);
    expect(r.unresolvedTies).toBe(0);
    expect(r.families.map((f) => f.members)).toEqual([[0, 1], [2]]);
    // a and b are also one family under neuron permutation alone (swap the two neurons).
    expect(dedupePoints([a, b], { blockSize: 2 }).families.length).toBe(1);
    // A 3×3 "Latin" point with all columns tied: b′ = a with coordinates cycled AND rows not a simple swap.
    const L = Float64Array.of(1, 2, 3, 2, 3, 1, 3, 1, 2);
    const Lc = Float64Array.of(2, 3, 1, 3, 1, 2, 1, 2, 3); // rows cycled: neuron permutation
    const Lq = Float64Array.of(3, 2, 1, 1, 3, 2, 2, 1, 3); // coordinates reversed
    const rl = dedupePoints([L, Lc, Lq], { blockSize: 3, coordinatePermutation: true });
    expect(rl.families.length).toBe(1);
    const capped = dedupePoints([L, Lq], {
      blockSize: 3,
      coordinatePermutation: true,
      maxTiePermutations: 2,
    });
    expect(capped.unresolvedTies).toBe(2);
  });

  it('throws coded errors', () => {
    expectCode(
      () => dedupePoints([A], { blockSize: 3 }),
      ArgumentError,
      'E_ARG_RANGE',
      'dedupePoints: invalid argument. options.blockSize must divide the point length 20. Value: 3.',
    );
    expectCode(
      () => dedupePoints([A, B.subarray(0, 8)], { blockSize: d }),
      ShapeError,
      'E_SHAPE',
      'dedupePoints: invalid argument. points[1].length must equal 20. Value: 8.',
    );
    expectCode(
      () => dedupePoints([A], { blockSize: d, tol: -1 }),
      ArgumentError,
      'E_ARG_RANGE',
      'dedupePoints: invalid argument. options.tol must be a non-negative number. Value: -1.',
    );
    expectCode(
      () => dedupePoints([Float64Array.of(Number.NaN, 0)], { blockSize: 1 }),
      NonFiniteError,
      'E_NONFINITE',
      'dedupePoints: invalid argument. points[0][0] must be finite. Value: NaN.',
    );
    expectCode(
      () => dedupePoints('x' as never, { blockSize: 1 }),
      ArgumentError,
      'E_ARG_TYPE',
      'dedupePoints: invalid argument. points must be an array. Value: "x".',
    );
  });
});
