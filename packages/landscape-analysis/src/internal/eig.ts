/**
 * The one place landscape-analysis calls core-math's eigensolvers (Householder + implicit QL, LAPACK dsyev /
 * dsteqr family). Everything else imports these adapters, so a change of the facade's shape touches one file.
 */
import { type Matrix, StateError, symEigen, tridiagEigen } from '@landscape-lab/core-math';

/** Eigen-decomposition with ascending values and (optionally) eigenvectors as the columns of `vectors`. */
export interface Eig {
  values: Float64Array;
  vectors?: Matrix;
  converged: boolean;
}

/** Dense symmetric eigen-decomposition (A is not modified; only its lower triangle is read — callers check symmetry). */
export function symEig(A: Matrix, vectors: boolean): Eig {
  const r = symEigen(A, { vectors, check: false });
  const out: Eig = { values: r.values, converged: r.converged };
  if (vectors) {
    if (!r.vectors)
      throw new StateError('E_INTERNAL', 'symEig', 'symEig: core-math symEigen returned no vectors.');
    out.vectors = r.vectors;
  }
  return out;
}

/** Symmetric tridiagonal eigen-decomposition: diagonal d (n), off-diagonal e (n − 1); inputs not modified. */
export function tridiagEig(d: Float64Array, e: Float64Array, vectors: boolean): Eig {
  const r = tridiagEigen(Float64Array.from(d), Float64Array.from(e), { vectors });
  const out: Eig = { values: r.values, converged: r.converged };
  if (vectors) {
    if (!r.vectors)
      throw new StateError(
        'E_INTERNAL',
        'tridiagEig',
        'tridiagEig: core-math tridiagEigen returned no vectors.',
      );
    out.vectors = r.vectors;
  }
  return out;
}
