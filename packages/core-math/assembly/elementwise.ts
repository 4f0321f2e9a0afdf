// elementwise kernels: placeholder.
