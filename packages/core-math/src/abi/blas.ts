/** Raw BLAS-1 exports. Pointers are byte offsets into linear memory; no argument is checked. */
export interface RawBlas {
  /** Σ x_i y_i over n entries. */
  dot(n: number, x: number, y: number): number;
  /** y ← αx + y. */
  axpy(n: number, alpha: number, x: number, y: number): void;
  /** x ← αx. */
  scal(n: number, alpha: number, x: number): void;
  /** ‖x‖₂ computed with scaling, so huge entries do not overflow and tiny ones do not underflow. */
  nrm2(n: number, x: number): number;
  /** y ← x. */
  copy(n: number, x: number, y: number): void;
  /** x ← α. */
  fill(n: number, alpha: number, x: number): void;
}

export const BLAS_NAMES = [
  'dot',
  'axpy',
  'scal',
  'nrm2',
  'copy',
  'fill',
] as const satisfies readonly (keyof RawBlas)[];
