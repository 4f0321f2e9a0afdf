/**
 * Raw dense symmetric eigensolver, tridiagonal eigensolver and Cholesky exports (row-major).
 * Return codes: 0 success; > 0 failure as documented per function.
 */
export interface RawEigen {
  /** Scratch bytes `symEig` needs. */
  symEigWorkSize(n: number, wantVectors: number): number;
  /**
   * Eigen-decomposition of the symmetric n×n matrix at `a` (only the lower triangle is read).
   * Writes ascending eigenvalues to `w` (n). With wantVectors=1, `a` is overwritten by V with the eigenvectors
   * as columns (V[i*n + j] = component i of eigenvector j); otherwise `a` is destroyed.
   * Returns 0, or the 1-based index of an eigenvalue that failed to converge.
   */
  symEig(n: number, a: number, w: number, wantVectors: number, work: number): number;
  /** Scratch bytes `tridiagEig` needs. */
  tridiagEigWorkSize(n: number, wantVectors: number): number;
  /**
   * Eigen-decomposition of the symmetric tridiagonal matrix with diagonal `d` (n) and off-diagonal `e` (n−1).
   * `d` is overwritten by the ascending eigenvalues, `e` is destroyed. With wantVectors=1, `z` (n×n) receives the
   * eigenvectors as columns. Returns 0 or the 1-based index of an eigenvalue that failed to converge.
   */
  tridiagEig(n: number, d: number, e: number, z: number, wantVectors: number, work: number): number;
  /**
   * In-place Cholesky A = LLᵀ of the symmetric n×n matrix at `a` (lower triangle read). On success L is left in the
   * lower triangle and the strict upper triangle is zeroed; returns 0. Returns j+1 when the leading minor of order
   * j+1 is not positive definite.
   */
  cholesky(n: number, a: number): number;
  /** Solves LLᵀX = B in place: `b` is n×nrhs row-major, `l` the factor from `cholesky`. */
  cholSolve(n: number, nrhs: number, l: number, b: number): void;
}

export const EIGEN_NAMES = [
  'symEigWorkSize',
  'symEig',
  'tridiagEigWorkSize',
  'tridiagEig',
  'cholesky',
  'cholSolve',
] as const satisfies readonly (keyof RawEigen)[];
