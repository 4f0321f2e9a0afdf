// blas kernels: placeholder until the family lands.
