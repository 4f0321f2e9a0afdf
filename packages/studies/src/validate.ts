/**
 * Parameter validation for the studies, with the house message grammar and error classes of core-math:
 * `<function>: invalid argument. <what> must <expectation>. Value: <actual>.`
 */
import { nonFiniteError, rangeError, shapeError, typeError } from '@landscape-lab/core-math';

/** Reads an optional field, returning `dflt` when absent (undefined or null). */
export function opt<T>(v: T | undefined | null, dflt: T): T {
  return v === undefined || v === null ? dflt : v;
}

/** A positive (or ≥ lo) safe integer ≤ hi. */
export function int(fn: string, what: string, v: unknown, lo = 1, hi = 1e9): number {
  if (typeof v !== 'number') throw typeError(fn, what, 'be a number', v);
  if (!Number.isSafeInteger(v) || v < lo || v > hi)
    throw rangeError(fn, what, `be an integer in [${lo}, ${hi}]`, v);
  return v;
}

/** A boolean. */
export function bool(fn: string, what: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw typeError(fn, what, 'be a boolean', v);
  return v;
}

/** A finite number, optionally > 0 (`positive`) or ≥ 0. */
export function num(
  fn: string,
  what: string,
  v: unknown,
  bound: 'any' | 'positive' | 'nonneg' = 'any',
): number {
  if (typeof v !== 'number') throw typeError(fn, what, 'be a number', v);
  if (!Number.isFinite(v)) throw nonFiniteError(fn, what, 0, v);
  if (bound === 'positive' && !(v > 0)) throw rangeError(fn, what, 'be > 0', v);
  if (bound === 'nonneg' && !(v >= 0)) throw rangeError(fn, what, 'be ≥ 0', v);
  return v;
}

/** A number in the open interval (lo, hi). */
export function openInterval(fn: string, what: string, v: unknown, lo: number, hi: number): number {
  num(fn, what, v);
  if (!((v as number) > lo && (v as number) < hi)) throw rangeError(fn, what, `be in (${lo}, ${hi})`, v);
  return v as number;
}

/** A non-empty list of integers in [lo, hi], sorted and deduplicated. */
export function intList(fn: string, what: string, v: unknown, lo = 1, hi = 1e9): number[] {
  const xs = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(xs) || xs.length === 0) throw typeError(fn, what, 'be a non-empty array of integers', v);
  for (let i = 0; i < xs.length; i++) int(fn, `${what}[${i}]`, xs[i], lo, hi);
  return [...new Set(xs as number[])].sort((a, b) => a - b);
}

/** A non-empty list of finite numbers (order kept). */
export function numList(
  fn: string,
  what: string,
  v: unknown,
  bound: 'any' | 'positive' | 'nonneg' = 'any',
): number[] {
  const xs = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(xs) || xs.length === 0) throw typeError(fn, what, 'be a non-empty array of numbers', v);
  for (let i = 0; i < xs.length; i++) num(fn, `${what}[${i}]`, xs[i], bound);
  return xs as number[];
}

/** One of the allowed strings. */
export function oneOf<T extends string>(fn: string, what: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !choices.includes(v as T))
    throw rangeError(fn, what, `be one of ${choices.join(', ')}`, v);
  return v as T;
}

/** A rectangular matrix of finite numbers given as rows (`number[][]`), with optional column count. */
export function rows(fn: string, what: string, v: unknown, cols?: number): number[][] {
  if (!Array.isArray(v) || v.length === 0)
    throw typeError(fn, what, 'be a non-empty array of rows (number[][])', v);
  const c = cols ?? (Array.isArray(v[0]) ? (v[0] as unknown[]).length : -1);
  if (c <= 0) throw shapeError(fn, `${what}[0]`, 'be a non-empty array of numbers', v[0]);
  v.forEach((r, i) => {
    if (!Array.isArray(r)) throw typeError(fn, `${what}[${i}]`, 'be an array of numbers', r);
    if (r.length !== c) throw shapeError(fn, `${what}[${i}].length`, `equal ${c}`, r.length);
    r.forEach((x, j) => {
      if (typeof x !== 'number') throw typeError(fn, `${what}[${i}][${j}]`, 'be a number', x);
      if (!Number.isFinite(x)) throw nonFiniteError(fn, `${what}[${i}]`, j, x);
    });
  });
  return v as number[][];
}

/** Flattens rows into a row-major Float64Array. */
export function flat(m: readonly (readonly number[])[]): Float64Array {
  const c = m[0]?.length ?? 0;
  const out = new Float64Array(m.length * c);
  m.forEach((r, i) => {
    out.set(r, i * c);
  });
  return out;
}

/** Splits a row-major array into rows (plain arrays, for JSON). */
export function unflat(x: ArrayLike<number>, r: number, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r; i++) out.push(Array.from({ length: c }, (_, j) => x[i * c + j]!));
  return out;
}

/** The identity as rows. */
export function eyeRows(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Median of a list (NaN when empty). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Wilson score interval for a binomial proportion (95% by default, z = 1.959964).
 * @returns [lo, hi] in [0, 1]; [0, 1] when n = 0.
 */
export function wilson(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  // The exact interval has lo = 0 at p = 0 and hi = 1 at p = 1; set them exactly (rounding would leave ±1e−17).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}
