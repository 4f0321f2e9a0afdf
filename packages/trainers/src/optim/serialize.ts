/**
 * Conversion of run results to plain JSON-safe data (typed arrays become number arrays). O(size of the result).
 */

/** A run result with every typed array replaced by a plain array (the shape JSON.stringify needs). */
export type Serialized<T> = T extends Float64Array | Int32Array | Uint32Array
  ? number[]
  : T extends (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;

/**
 * Deep-copies a result into plain data: typed arrays become number arrays, functions are dropped. Non-finite numbers
 * are kept as numbers (JSON.stringify writes them as null; a NaN loss of a diverged run therefore appears as null).
 *
 * @param result any result of this package (e.g. {@link RunResult}, {@link FlowResult}).
 * @returns a structurally identical plain object, safe for JSON.stringify and structured clone.
 * @example
 * const json = JSON.stringify(serializeRun(gd(objective, theta0, { step: 0.1, maxIters: 100 })));
 */
export function serializeRun<T>(result: T): Serialized<T> {
  return plain(result) as Serialized<T>;
}

function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'function' || x === undefined) continue;
    out[k] = plain(x);
  }
  return out;
}
