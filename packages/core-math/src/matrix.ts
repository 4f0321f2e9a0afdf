/**
 * Plain-data matrix type and argument validation shared by every facade function.
 * Matrices are dense, row-major, f64: element (i, j) lives at `data[i * cols + j]`.
 */
import {
  invalidMessage,
  NonFiniteError,
  nonFiniteError,
  rangeError,
  shapeError,
  typeError,
} from './errors.js';

/** A dense row-major f64 matrix. `data.length` must equal `rows * cols`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Creates a zero matrix, or wraps `data` (not copied) after checking its length. */
export function matrix(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Matrix {
  checkSize('matrix', 'rows', rows);
  checkSize('matrix', 'cols', cols);
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  const d = data instanceof Float64Array ? data : Float64Array.from(data);
  if (d.length !== rows * cols)
    throw shapeError('matrix', 'data.length', `equal rows*cols = ${rows * cols}`, d.length);
  return { rows, cols, data: d };
}

/** Builds a matrix from nested rows (copies). */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    if (r.length !== n) throw shapeError('fromRows', `rows[${i}].length`, `equal ${n}`, r.length);
    for (let j = 0; j < n; j++) data[i * n + j] = r[j]!;
  }
  return { rows: m, cols: n, data };
}

/** Converts a matrix to nested arrays (for JSON). */
export function toRows(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Transposed copy. */
export function transpose(a: Matrix): Matrix {
  const t = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) t[j * a.rows + i] = a.data[i * a.cols + j]!;
  return { rows: a.cols, cols: a.rows, data: t };
}

/** Throws unless `n` is a non-negative safe integer. */
export function checkSize(fn: string, what: string, n: unknown): asserts n is number {
  if (typeof n !== 'number') throw typeError(fn, what, 'be a number', n);
  if (!Number.isFinite(n) || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw rangeError(fn, what, 'be a non-negative integer below 2^31', n);
}

/** Throws unless `a` is a well-formed Matrix. */
export function checkMatrix(fn: string, what: string, a: unknown): asserts a is Matrix {
  if (a === null || typeof a !== 'object') throw typeError(fn, what, 'be a Matrix { rows, cols, data }', a);
  const m = a as Matrix;
  checkSize(fn, `${what}.rows`, m.rows);
  checkSize(fn, `${what}.cols`, m.cols);
  if (!(m.data instanceof Float64Array)) throw typeError(fn, `${what}.data`, 'be a Float64Array', m.data);
  if (m.data.length !== m.rows * m.cols)
    throw shapeError(fn, `${what}.data.length`, `equal rows*cols = ${m.rows * m.cols}`, m.data.length);
}

/** Throws unless `a` is a square Matrix. */
export function checkSquare(fn: string, what: string, a: unknown): asserts a is Matrix {
  checkMatrix(fn, what, a);
  if (a.rows !== a.cols) throw shapeError(fn, what, 'be square', a);
}

/** Throws unless `x` is a Float64Array (of length `n` when given). */
export function checkVector(fn: string, what: string, x: unknown, n?: number): asserts x is Float64Array {
  if (!(x instanceof Float64Array)) throw typeError(fn, what, 'be a Float64Array', x);
  if (n !== undefined && x.length !== n) throw shapeError(fn, `${what}.length`, `equal ${n}`, x.length);
}

/** Throws a NonFiniteError naming the first NaN/±Infinity entry of `x`. */
export function checkFinite(fn: string, what: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) throw nonFiniteError(fn, what, i, v);
  }
}

/** Throws unless `v` is a finite number. */
export function checkScalar(fn: string, what: string, v: unknown): asserts v is number {
  if (typeof v !== 'number') throw typeError(fn, what, 'be a number', v);
  if (!Number.isFinite(v)) throw new NonFiniteError(fn, invalidMessage(fn, what, 'be finite', v));
}
