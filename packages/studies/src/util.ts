/**
 * Small array and statistics helpers of the studies (parameter validation lives in schema.ts).
 */
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
