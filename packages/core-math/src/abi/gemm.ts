/**
 * Raw level-2/3 exports. Matrices are row-major. `trans*` flags are 0 (as stored) or 1 (transposed).
 * `work` is scratch of at least the size (bytes) returned by the matching `*WorkSize` export, 16-byte aligned.
 */
export interface RawGemm {
  /** A is m×n. trans=0: y ← αAx + βy (x: n, y: m). trans=1: y ← αAᵀx + βy (x: m, y: n). β = 0 ignores y's contents. */
  gemv(
    trans: number,
    m: number,
    n: number,
    alpha: number,
    a: number,
    x: number,
    beta: number,
    y: number,
  ): void;
  /** Scratch bytes `gemm` needs for these sizes. */
  gemmWorkSize(transA: number, transB: number, m: number, n: number, k: number): number;
  /**
   * C ← α op(A) op(B) + βC with op(A) m×k, op(B) k×n, C m×n. A is stored m×k (k×m when transA),
   * B is stored k×n (n×k when transB). β = 0 ignores C's contents (NaN in C does not propagate).
   */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    b: number,
    beta: number,
    c: number,
    work: number,
  ): void;
  /** Scratch bytes `gram` needs. */
  gramWorkSize(trans: number, m: number, n: number): number;
  /** A is m×n. trans=0: C ← AAᵀ (m×m). trans=1: C ← AᵀA (n×n). C is written in full (both triangles). */
  gram(trans: number, m: number, n: number, a: number, c: number, work: number): void;
}

export const GEMM_NAMES = [
  'gemv',
  'gemmWorkSize',
  'gemm',
  'gramWorkSize',
  'gram',
] as const satisfies readonly (keyof RawGemm)[];
