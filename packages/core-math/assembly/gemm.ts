// gemm kernels: placeholder until the family lands.
