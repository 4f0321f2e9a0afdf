/**
 * Grouping of critical points into families up to the symmetries of neuron-based models: permutation of neurons
 * (blocks of `blockSize` consecutive parameters), and optionally one permutation of coordinates applied to every
 * neuron (the teacher–student model with identity teacher, where permuting input coordinates together with the
 * teacher neurons leaves the loss unchanged — SS18, P4 §4.4).
 *
 * Algorithm. Neuron permutation is handled EXACTLY: the distance between two points is
 * min_π ‖W − P_π W′‖_F, computed by the Hungarian algorithm on the n×n cost ‖w_i − w′_j‖² (O(n³)).
 * Coordinate permutation is handled by canonicalisation: the columns (coordinates) of W are sorted by a key that is
 * invariant under neuron permutation (the column's values sorted in decreasing order, compared lexicographically
 * with tolerance `tol`), then neurons are matched exactly. Columns whose keys agree within `tol` (ties the key
 * cannot order, common at symmetric critical points) are resolved exhaustively: every permutation within the tie
 * groups is tried and the smallest distance kept, as long as their number is at most `maxTiePermutations`
 * (default 5040 = 7!); beyond that the tie groups keep their index order and the point is counted in
 * `unresolvedTies` (a family split caused by it would show as two families with the same loss). Points are grouped
 * greedily in input order: a point joins the first family whose representative is within `tol`; the representative
 * is the family's first member in canonical form (coordinates sorted, neurons sorted lexicographically).
 * Complexity: O(P·F·T·n³) for P points, F families and T tie permutations (T = 1 without ties).
 * @see SS18 and P4 §4.4 (families up to neuron and coordinate permutations; tolerances 5e−9 / 1e−6);
 * Kuhn 1955, Munkres 1957 (assignment problem)
 */
import { checkNumber, checkOptions, NON_NEGATIVE, rangeError } from '@landscape-lab/core-math';
import { checkArray, checkPoint } from './internal/check.js';

/** Options of {@link dedupePoints}. */
export interface DedupeOptions {
  /** Parameters per neuron, d (must divide every point's length). */
  blockSize: number;
  /** Frobenius distance below which two points are the same (default 1e−6, the P4 code's value). */
  tol?: number;
  /** Also identify points up to one permutation of coordinates applied to all neurons (default false). */
  coordinatePermutation?: boolean;
  /** Cap on the permutations tried within tied coordinate groups (default 5040). */
  maxTiePermutations?: number;
}

/** One family of equivalent points. */
export interface PointFamily {
  /** Canonical representative (a copy of the first member, coordinates and neurons reordered). */
  representative: Float64Array;
  /** Indices of the input points in this family, in input order. */
  members: number[];
  multiplicity: number;
  /** Largest symmetry-reduced distance of a member to the representative. */
  maxDistance: number;
}

/** Result of {@link dedupePoints}. */
export interface DedupeResult {
  families: PointFamily[];
  /** Family index of each input point. */
  familyOf: Int32Array;
  tol: number;
  blockSize: number;
  coordinatePermutation: boolean;
  /** Smallest symmetry-reduced distance between two representatives (Infinity with < 2 families). */
  minSeparation: number;
  /** Number of points whose coordinate canonicalisation met ties (resolved exhaustively when few enough). */
  coordinateTies: number;
  /** Number of points whose ties had more than `maxTiePermutations` orderings (not resolved; see the header). */
  unresolvedTies: number;
}

/**
 * Solves the square assignment problem min_π Σ_i C[i, π(i)] (Hungarian algorithm with potentials, O(n³)).
 * @param cost n×n row-major costs
 * @returns assignment[i] = column of row i, and the minimal total
 * @example assignment(Float64Array.of(4, 1, 2, 3), 2) // { assignment: [1, 0], total: 3 }
 */
export function assignment(cost: Float64Array, n: number): { assignment: Int32Array; total: number } {
  const fn = 'assignment';
  checkNumber(fn, 'n', n, NON_NEGATIVE, true);
  checkPoint(fn, 'cost', cost, n * n);
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1); // p[j]: row matched to column j (1-based, 0 = none)
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= n; j++) {
    out[p[j]! - 1] = j - 1;
    total += cost[(p[j]! - 1) * n + (j - 1)]!;
  }
  return { assignment: out, total };
}

/** Lexicographic comparison with tolerance: the first entry differing by more than tol decides. */
function lexCmp(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d > tol) return 1;
    if (d < -tol) return -1;
  }
  return 0;
}

/**
 * Reorders the coordinates (columns) of an n×d point canonically; returns the copy and the tie groups (runs of
 * canonical positions whose keys agree within tol, length ≥ 2).
 */
function canonicalCoordinates(
  x: Float64Array,
  n: number,
  d: number,
  tol: number,
): { y: Float64Array; groups: number[][] } {
  const keys: Float64Array[] = [];
  for (let c = 0; c < d; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = x[i * d + c]!;
    col.sort();
    col.reverse();
    keys.push(col);
  }
  const order = Array.from({ length: d }, (_, c) => c).sort(
    (a, b) => -lexCmp(keys[a]!, keys[b]!, tol) || a - b,
  );
  const groups: number[][] = [];
  let run = [0];
  for (let t = 1; t <= d; t++) {
    if (t < d && lexCmp(keys[order[t - 1]!]!, keys[order[t]!]!, tol) === 0) run.push(t);
    else {
      if (run.length > 1) groups.push(run);
      run = [t];
    }
  }
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) y[i * d + c] = x[i * d + order[c]!]!;
  return { y, groups };
}

/** All column orders obtained by permuting within each tie group (identity elsewhere); undefined beyond `cap`. */
function tieOrders(d: number, groups: number[][], cap: number): Int32Array[] | undefined {
  let count = 1;
  for (const g of groups) {
    for (let f = 2; f <= g.length; f++) count *= f;
    if (count > cap) return undefined;
  }
  let orders: Int32Array[] = [Int32Array.from({ length: d }, (_, c) => c)];
  for (const g of groups) {
    const next: Int32Array[] = [];
    for (const o of orders)
      for (const p of perms(g.length)) {
        const q = Int32Array.from(o);
        for (let t = 0; t < g.length; t++) q[g[t]!] = o[g[p[t]!]!]!;
        next.push(q);
      }
    orders = next;
  }
  return orders;
}

function perms(m: number): number[][] {
  if (m === 0) return [[]];
  const out: number[][] = [];
  for (const p of perms(m - 1))
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), m - 1, ...p.slice(i)]);
  return out;
}

function reorderColumns(x: Float64Array, n: number, d: number, order: Int32Array): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) y[i * d + c] = x[i * d + order[c]!]!;
  return y;
}

/** Neurons sorted lexicographically (for a readable representative). */
function sortNeurons(x: Float64Array, n: number, d: number): Float64Array {
  const idx = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => -lexCmp(x.subarray(a * d, (a + 1) * d), x.subarray(b * d, (b + 1) * d), 0) || a - b,
  );
  const y = new Float64Array(n * d);
  idx.forEach((src, dst) => {
    y.set(x.subarray(src * d, (src + 1) * d), dst * d);
  });
  return y;
}

/** min over neuron permutations of ‖a − P b‖_F. */
function neuronDistance(a: Float64Array, b: Float64Array, n: number, d: number): number {
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = a[i * d + c]! - b[j * d + c]!;
        s += t * t;
      }
      cost[i * n + j] = s;
    }
  return Math.sqrt(Math.max(0, assignment(cost, n).total));
}

/**
 * Groups points into families equal up to neuron (and optionally coordinate) permutations.
 * @param points parameter vectors, all of the same length n·d (neuron-major blocks of d)
 * @param options block size d, distance tolerance, coordinate permutation, tie-permutation cap
 * @returns families with multiplicities and representatives, the family of each point, and separation diagnostics
 * @throws ArgumentError (E_ARG_RANGE) for a block size that does not divide the length or a negative tol;
 * ShapeError / NonFiniteError for points of different lengths or non-finite entries.
 * @see SS18; P4 §4.4
 * @example
 * const r = dedupePoints(minima, { blockSize: k, tol: 1e-6, coordinatePermutation: true });
 * r.families.map((f) => f.multiplicity);
 */
export function dedupePoints(points: readonly Float64Array[], options: DedupeOptions): DedupeResult {
  const fn = 'dedupePoints';
  checkArray(fn, 'points', points);
  checkOptions(fn, options);
  if (options === undefined) throw rangeError(fn, 'options.blockSize', 'be given', undefined);
  const d = options.blockSize;
  checkNumber(fn, 'options.blockSize', d, { min: 1 }, true);
  const tol = options.tol ?? 1e-6;
  checkNumber(fn, 'options.tol', tol, NON_NEGATIVE);
  const coordPerm = options.coordinatePermutation ?? false;
  const cap = options.maxTiePermutations ?? 5040;
  checkNumber(fn, 'options.maxTiePermutations', cap, { min: 1, max: 1e7 }, true);
  const len = points.length ? points[0]!.length : 0;
  if (len % d !== 0) throw rangeError(fn, 'options.blockSize', `divide the point length ${len}`, d);
  const n = len / d;
  const families: PointFamily[] = [];
  const familyOf = new Int32Array(points.length);
  let ties = 0;
  let unresolved = 0;
  points.forEach((p, idx) => {
    checkPoint(fn, `points[${idx}]`, p, len);
    let q = p;
    let variants: Float64Array[] = [p];
    if (coordPerm) {
      const c = canonicalCoordinates(p, n, d, tol);
      q = c.y;
      variants = [q];
      if (c.groups.length > 0) {
        ties++;
        const orders = tieOrders(d, c.groups, cap);
        if (orders) variants = orders.map((o) => reorderColumns(q, n, d, o));
        else unresolved++;
      }
    }
    for (let f = 0; f < families.length; f++) {
      const fam = families[f]!;
      let dist = Number.POSITIVE_INFINITY;
      for (const v of variants) {
        dist = Math.min(dist, neuronDistance(fam.representative, v, n, d));
        if (dist === 0) break;
      }
      if (dist <= tol) {
        fam.members.push(idx);
        fam.multiplicity++;
        fam.maxDistance = Math.max(fam.maxDistance, dist);
        familyOf[idx] = f;
        return;
      }
    }
    familyOf[idx] = families.length;
    families.push({ representative: sortNeurons(q, n, d), members: [idx], multiplicity: 1, maxDistance: 0 });
  });
  let minSep = Number.POSITIVE_INFINITY;
  for (let a = 0; a < families.length; a++)
    for (let b = a + 1; b < families.length; b++)
      minSep = Math.min(
        minSep,
        neuronDistance(families[a]!.representative, families[b]!.representative, n, d),
      );
  return {
    families,
    familyOf,
    tol,
    blockSize: d,
    coordinatePermutation: coordPerm,
    minSeparation: minSep,
    coordinateTies: ties,
    unresolvedTies: unresolved,
  };
}
