// rng kernels: placeholder.
